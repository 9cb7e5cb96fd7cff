#include "server/rpc/event_hub.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <sstream>

namespace kakunin::server {
namespace {
constexpr size_t kMaxQueued = 10000;

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, const std::string& channel,
           std::function<void(const std::string&)> fn)
      : pqxx::notification_receiver(c, channel), fn_(std::move(fn)) {}
  void operator()(const std::string& payload, int) override { fn_(payload); }

 private:
  std::function<void(const std::string&)> fn_;
};
}  // namespace

bool Subscription::Next(v1::WatchEvent* out, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu);
  if (!cv.wait_for(lock, timeout, [&] { return !queue.empty(); })) return false;
  *out = std::move(queue.front());
  queue.pop_front();
  return true;
}

EventHub::EventHub(std::string dsn, FleetStore* store) : dsn_(std::move(dsn)), store_(store) {}

EventHub::~EventHub() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void EventHub::Start() {
  thread_ = std::thread([this] { Run(); });
}

std::shared_ptr<Subscription> EventHub::Subscribe(
    std::function<bool(const v1::WatchEvent&)> accept) {
  auto s = std::make_shared<Subscription>();
  s->accept = std::move(accept);
  std::lock_guard lock(mu_);
  subs_.push_back(s);
  return s;
}

void EventHub::Unsubscribe(const std::shared_ptr<Subscription>& s) {
  std::lock_guard lock(mu_);
  subs_.remove(s);
}

void EventHub::Dispatch(const v1::WatchEvent& e) {
  std::lock_guard lock(mu_);
  for (auto& s : subs_) {
    if (!s->accept(e)) continue;
    {
      std::lock_guard sl(s->mu);
      if (s->queue.size() >= kMaxQueued) {
        s->overflowed_ = true;
        continue;
      }
      s->queue.push_back(e);
    }
    s->cv.notify_one();
  }
}

void EventHub::HandleResults(const std::string& payload) {
  {
    std::lock_guard lock(mu_);
    if (subs_.empty()) return;  // nobody watching: no query
  }
  std::vector<std::string> ids;
  std::stringstream ss(payload);
  std::string id;
  while (std::getline(ss, id, ',')) {
    if (!id.empty()) ids.push_back(id);
  }
  auto rows = store_->ResultRowsByIds(ids);
  if (!rows.ok()) {
    spdlog::warn("watch: cannot load results: {}", rows.error().ToString());
    return;
  }
  for (auto& row : *rows) {
    v1::WatchEvent e;
    *e.mutable_result() = std::move(row);
    Dispatch(e);
  }
}

void EventHub::HandleDevice(const std::string& device_id) {
  auto devices = store_->ListDevices("");
  if (!devices.ok()) return;
  for (auto& d : *devices) {
    if (d.device_id() != device_id) continue;
    if (device_hook_) device_hook_(d);
    v1::WatchEvent e;
    *e.mutable_device() = d;
    Dispatch(e);
  }
}

void EventHub::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_) {
    try {
      pqxx::connection conn(dsn_);
      Receiver results(conn, kResultsChannel, [this](const std::string& p) { HandleResults(p); });
      Receiver devices(conn, kDevicesChannel, [this](const std::string& p) { HandleDevice(p); });
      // LISTEN is issued lazily by libpqxx; a trivial query makes sure it is active now.
      conn.get_notifs();
      {
        pqxx::nontransaction tx(conn);
        tx.exec("SELECT 1");
      }
      listening_ = true;
      backoff = std::chrono::milliseconds(200);
      while (!stopping_) conn.await_notification(0, 250000);
    } catch (const std::exception& e) {
      listening_ = false;
      if (stopping_) break;
      spdlog::warn("watch: listener lost the database ({}); retrying", e.what());
      std::this_thread::sleep_for(backoff);  // reconnect backoff, not synchronisation
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
  listening_ = false;
}

void NotifyDeviceChanged(ConnectionPool* pool, const std::string& device_id) {
  auto conn = pool->Acquire();
  if (!conn.ok()) return;
  try {
    pqxx::nontransaction tx(**conn);
    tx.exec_params("SELECT pg_notify($1, $2)", std::string(kDevicesChannel), device_id);
  } catch (const std::exception& e) {
    conn->Discard();
    spdlog::warn("device notification failed: {}", e.what());
  }
}

}  // namespace kakunin::server
