#include "console/client/result_watcher.h"

#include <grpcpp/grpcpp.h>

#include <QMetaObject>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "common/rpc/status.h"

namespace kakunin::console {

// One Watch call driven by gRPC's callback API: its threads call the On* methods; the worker
// waits in Wait() until gRPC is done with the call, so the object outlives every callback.
//
// A cancel is held back until the server has answered the call (its initial metadata). gRPC 1.51
// loses the end of a call cancelled from another thread while its first pick is still being
// made (seen in the responsiveness test: neither the failure nor the cancel reached OnDone, and
// the worker waited for ever). Before that point the call ends by itself (fail-fast: refused,
// unreachable) or opens, and the held-back cancel is sent then.
class WatchCall : public grpc::ClientReadReactor<v1::WatchEvent> {
 public:
  std::function<void()> on_open;
  std::function<void(const v1::WatchEvent&)> on_event;
  grpc::ClientContext ctx;
  v1::WatchRequest request;

  void Begin() {
    StartRead(&event_);
    StartCall();
  }
  // From any thread: ends the call now if the server has answered it, else once it does.
  void Cancel() {
    {
      std::lock_guard lock(mu_);
      cancel_wanted_ = true;
      if (!answered_) return;
    }
    ctx.TryCancel();
  }
  // Initial metadata arrives once the server's subscription is in place (the server sends it
  // before the first event); ok is false when the call failed first.
  void OnReadInitialMetadataDone(bool ok) override {
    if (!ok) return;
    {
      std::lock_guard lock(mu_);
      answered_ = true;
      if (!cancel_wanted_) {
        opened_ = true;
      }
    }
    if (opened_) {
      on_open();
    } else {
      ctx.TryCancel();
    }
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended; OnDone follows with the status
    on_event(event_);
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }
  grpc::Status Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return done_; });
    return status_;
  }
  bool opened() const { return opened_; }

 private:
  v1::WatchEvent event_;
  std::atomic<bool> opened_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool answered_ = false;
  bool cancel_wanted_ = false;
  bool done_ = false;
  grpc::Status status_;
};

struct ResultWatcher::Shared {
  std::mutex mu;
  std::condition_variable cv;
  // Cleared by the watcher's destructor; posts go nowhere after that.
  ResultWatcher* owner = nullptr;
  v1::WatchRequest request;
  bool stopping = false;
  bool restart = false;
  bool finished = false;
  std::shared_ptr<WatchCall> current;

  // Runs fn(owner) on the owner's thread; dropped if the watcher is gone by then (Qt discards
  // events posted to a deleted object; `owner` is cleared before that under mu).
  template <typename Fn>
  void Post(Fn fn) {
    std::lock_guard lock(mu);
    if (owner == nullptr) return;
    QMetaObject::invokeMethod(
        owner, [w = owner, fn = std::move(fn)] { fn(w); }, Qt::QueuedConnection);
  }
};

namespace {

// Long enough for any call the server or the network ends normally; the stuck case never ends.
constexpr auto kStopWait = std::chrono::seconds(2);
std::atomic<int> g_abandoned{0};

// Retrying cannot help: the user must log in again, or the role may not watch at all.
bool IsFinal(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
         s.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
         s.error_code() == grpc::StatusCode::UNIMPLEMENTED;
}

}  // namespace

ResultWatcher::ResultWatcher(std::shared_ptr<ConsoleClient> client, Backoff backoff,
                             QObject* parent)
    : QObject(parent),
      client_(std::move(client)),
      backoff_(backoff),
      shared_(std::make_shared<Shared>()) {
  shared_->owner = this;
}

ResultWatcher::~ResultWatcher() {
  std::shared_ptr<WatchCall> call;
  std::unique_lock lock(shared_->mu);
  shared_->stopping = true;
  shared_->owner = nullptr;
  call = shared_->current;
  shared_->cv.notify_all();
  lock.unlock();
  if (call) call->Cancel();
  if (!worker_.joinable()) return;
  lock.lock();
  if (shared_->cv.wait_for(lock, kStopWait, [this] { return shared_->finished; })) {
    lock.unlock();
    worker_.join();
    return;
  }
  // The call's end was lost (see WatchCall): its worker keeps what it needs and waits on.
  ++g_abandoned;
  worker_.detach();
}

int ResultWatcher::abandoned_workers() { return g_abandoned.load(); }

void ResultWatcher::Watch(const v1::WatchRequest& request) {
  std::shared_ptr<WatchCall> call;
  {
    std::lock_guard lock(shared_->mu);
    shared_->request = request;
    if (!worker_.joinable()) {
      worker_ = std::thread(&ResultWatcher::Run, shared_, client_, backoff_);
      return;
    }
    shared_->restart = true;
    call = shared_->current;
    shared_->cv.notify_all();
  }
  if (call) call->Cancel();
}

void ResultWatcher::Run(std::shared_ptr<Shared> shared, std::shared_ptr<ConsoleClient> client,
                        Backoff backoff) {
  auto wait = backoff.first;
  bool lost = false;
  std::unique_lock lock(shared->mu);
  while (!shared->stopping) {
    shared->restart = false;
    auto call = std::make_shared<WatchCall>();
    call->request = shared->request;
    const bool after_loss = lost;
    call->on_open = [shared, after_loss] {
      shared->Post([after_loss](ResultWatcher* w) {
        w->open_ = true;
        if (after_loss) ++w->reconnects_;
        emit w->streamOpened(after_loss);
      });
    };
    call->on_event = [shared](const v1::WatchEvent& e) {
      if (e.has_result()) {
        shared->Post([row = e.result()](ResultWatcher* w) { emit w->resultReceived(row); });
      } else if (e.has_device()) {
        shared->Post([device = e.device()](ResultWatcher* w) { emit w->deviceReceived(device); });
      }
    };
    shared->current = call;
    lock.unlock();
    client->StartWatch(&call->ctx, &call->request, call.get());
    call->Begin();
    grpc::Status status = call->Wait();
    lock.lock();
    shared->current = nullptr;
    if (shared->stopping) break;
    if (call->opened()) wait = backoff.first;
    if (shared->restart) {  // the owner changed the filter (and reloads): reopen at once
      lost = false;
      continue;
    }
    // A clean end is the server shutting down; it is a loss like any other.
    Error error = status.ok() ? MakeError(ErrorCode::kUnavailable, "watch.ended",
                                          "the server ended the live feed")
                              : rpc::FromGrpcStatus(status, "watch.failed");
    lock.unlock();
    if (IsFinal(status)) {
      shared->Post([error](ResultWatcher* w) {
        w->open_ = false;
        w->last_error_ = error;
        emit w->stopped();
      });
      lock.lock();
      break;
    }
    lost = true;
    const int retry_ms = static_cast<int>(wait.count());
    shared->Post([error, retry_ms](ResultWatcher* w) {
      w->open_ = false;
      w->last_error_ = error;
      emit w->streamLost(retry_ms);
    });
    lock.lock();
    shared->cv.wait_for(lock, wait, [&] { return shared->stopping || shared->restart; });
    wait = std::min(wait * 2, backoff.longest);
  }
  shared->finished = true;
  shared->cv.notify_all();
}

}  // namespace kakunin::console
