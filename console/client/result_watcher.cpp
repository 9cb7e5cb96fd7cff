#include "console/client/result_watcher.h"

#include <grpcpp/grpcpp.h>

#include <QMetaObject>
#include <algorithm>
#include <atomic>
#include <functional>

#include "common/rpc/status.h"

namespace kakunin::console {

// One Watch call driven by gRPC's callback API: its threads call the On* methods; the worker
// waits in Wait() until gRPC is done with the call, so the object outlives every callback.
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
  // Initial metadata arrives once the server's subscription is in place (the server sends it
  // before the first event); ok is false when the call failed first.
  void OnReadInitialMetadataDone(bool ok) override {
    if (!ok) return;
    opened_ = true;
    on_open();
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
  bool done_ = false;
  grpc::Status status_;
};

namespace {

// Retrying cannot help: the user must log in again, or the role may not watch at all.
bool IsFinal(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
         s.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
         s.error_code() == grpc::StatusCode::UNIMPLEMENTED;
}

}  // namespace

ResultWatcher::ResultWatcher(std::shared_ptr<ConsoleClient> client, Backoff backoff,
                             QObject* parent)
    : QObject(parent), client_(std::move(client)), backoff_(backoff) {}

ResultWatcher::~ResultWatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (current_) current_->ctx.TryCancel();
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
}

template <typename Fn>
void ResultWatcher::Post(Fn fn) {
  // `this` as the context object: Qt discards the call if the watcher is destroyed first.
  QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void ResultWatcher::Watch(const v1::WatchRequest& request) {
  std::lock_guard lock(mu_);
  request_ = request;
  if (!worker_.joinable()) {
    worker_ = std::thread([this] { Run(); });
    return;
  }
  restart_ = true;
  if (current_) current_->ctx.TryCancel();
  cv_.notify_all();
}

void ResultWatcher::Run() {
  auto wait = backoff_.first;
  bool lost = false;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    restart_ = false;
    auto call = std::make_unique<WatchCall>();
    call->request = request_;
    const bool after_loss = lost;
    call->on_open = [this, after_loss] {
      Post([this, after_loss] {
        open_ = true;
        if (after_loss) ++reconnects_;
        emit streamOpened(after_loss);
      });
    };
    call->on_event = [this](const v1::WatchEvent& e) {
      if (e.has_result()) {
        Post([this, row = e.result()] { emit resultReceived(row); });
      } else if (e.has_device()) {
        Post([this, device = e.device()] { emit deviceReceived(device); });
      }
    };
    current_ = call.get();
    lock.unlock();
    client_->StartWatch(&call->ctx, &call->request, call.get());
    call->Begin();
    grpc::Status status = call->Wait();
    lock.lock();
    current_ = nullptr;
    if (stopping_) break;
    if (call->opened()) wait = backoff_.first;
    if (restart_) {  // the owner changed the filter (and reloads): reopen at once
      lost = false;
      continue;
    }
    // A clean end is the server shutting down; it is a loss like any other.
    Error error = status.ok() ? MakeError(ErrorCode::kUnavailable, "watch.ended",
                                          "the server ended the live feed")
                              : rpc::FromGrpcStatus(status, "watch.failed");
    if (IsFinal(status)) {
      Post([this, error] {
        open_ = false;
        last_error_ = error;
        emit stopped();
      });
      break;
    }
    lost = true;
    const int retry_ms = static_cast<int>(wait.count());
    Post([this, error, retry_ms] {
      open_ = false;
      last_error_ = error;
      emit streamLost(retry_ms);
    });
    cv_.wait_for(lock, wait, [this] { return stopping_ || restart_; });
    wait = std::min(wait * 2, backoff_.longest);
  }
}

}  // namespace kakunin::console
