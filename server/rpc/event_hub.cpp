#include "server/rpc/event_hub.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace kakunin::server {
namespace {
constexpr size_t kMaxQueued = 10000;
// Ids per fetch: what ResultRowsByIds takes at once.
constexpr size_t kMaxIdsPerFetch = FleetStore::kMaxRowsByIds;

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

bool Subscription::NextAll(std::vector<v1::WatchEvent>* out, std::chrono::milliseconds timeout) {
  out->clear();
  std::unique_lock lock(mu);
  if (!cv.wait_for(lock, timeout, [&] { return !queue.empty(); })) return false;
  out->reserve(queue.size());
  for (auto& e : queue) out->push_back(std::move(e));
  queue.clear();
  return true;
}

EventHub::EventHub(std::string dsn, FleetStore* store)
    : dsn_(std::move(dsn)),
      store_(store),
      // Its one statement takes an array of ids: not seeing the array, the planner rates a
      // generic plan above a custom one for three ids and so planned every fetch again
      // (≈ 0.25 ms of 0.33). The plan is the same for any number of ids.
      fetch_pool_(dsn_, 1, {{"plan_cache_mode", "force_generic_plan"}}),
      fetch_store_(&fetch_pool_, /*sealer=*/nullptr) {}  // rows without patient fields

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

// Under one lock per watcher for the whole set, and one wake-up each.
void EventHub::Dispatch(std::vector<v1::WatchEvent> events) {
  std::lock_guard lock(mu_);
  for (auto& s : subs_) {
    bool added = false;
    {
      std::lock_guard sl(s->mu);
      for (const auto& e : events) {
        if (!s->accept(e)) continue;
        if (s->queue.size() >= kMaxQueued) {
          s->overflowed_ = true;
          break;
        }
        s->queue.push_back(e);
        added = true;
      }
    }
    if (added) s->cv.notify_one();
  }
}

// Notifications heard together (several commits while the last fetch ran) are loaded by one
// query: under load the listener does one round trip per wake-up, not one per commit, and so
// does not fall behind the writers.
void EventHub::FlushResults() {
  if (pending_ids_.empty()) return;
  std::vector<std::string> ids;
  ids.swap(pending_ids_);
  {
    std::lock_guard lock(mu_);
    if (subs_.empty()) return;  // nobody watching: no query
  }
  for (size_t begin = 0; begin < ids.size(); begin += kMaxIdsPerFetch) {
    const size_t end = std::min(ids.size(), begin + kMaxIdsPerFetch);
    auto rows = fetch_store_.ResultRowsByIds(std::vector<std::string>(
        ids.begin() + static_cast<ptrdiff_t>(begin), ids.begin() + static_cast<ptrdiff_t>(end)));
    if (!rows.ok()) {
      spdlog::warn("watch: cannot load results: {}", rows.error().ToString());
      continue;
    }
    // The query answers newest first; watchers get results in the order they were committed,
    // which is the order their notifications arrived in.
    std::unordered_map<std::string, v1::ResultRow*> by_id;
    by_id.reserve(rows->size());
    for (auto& row : *rows) by_id.emplace(row.check_id(), &row);
    std::vector<v1::WatchEvent> events;
    events.reserve(rows->size());
    for (size_t i = begin; i < end; ++i) {
      auto it = by_id.find(ids[i]);
      if (it == by_id.end() || it->second == nullptr) continue;
      *events.emplace_back().mutable_result() = std::move(*it->second);
      it->second = nullptr;  // an id notified twice is delivered once
    }
    Dispatch(std::move(events));
  }
}

bool EventHub::HandleDevice(const std::string& device_id) {
  // One device, not the fleet: every grant and approval on any replica lands here.
  auto device = store_->DeviceView(device_id);
  if (!device.ok()) return false;
  if (!*device) return true;  // gone: nothing to do
  if (device_hook_) device_hook_(**device);
  std::vector<v1::WatchEvent> e(1);
  *e[0].mutable_device() = std::move(**device);
  Dispatch(std::move(e));
  return true;
}

void EventHub::RereadDevices(std::vector<std::string> ids) {
  std::vector<std::string> failed;
  for (auto& id : ids) {
    if (!HandleDevice(id)) failed.push_back(std::move(id));
  }
  if (!failed.empty() && failed.size() != reread_.size()) {
    spdlog::warn("watch: {} connected terminal(s) could not be read again yet; retrying",
                 failed.size());
  }
  reread_ = std::move(failed);
}

void EventHub::Resync() {
  size_t watchers = 0;
  {
    std::lock_guard lock(mu_);
    for (auto& s : subs_) {
      {
        std::lock_guard sl(s->mu);
        s->resync_ = true;
      }
      s->cv.notify_all();
      ++watchers;
    }
  }
  std::vector<std::string> devices =
      connected_devices_ ? connected_devices_() : std::vector<std::string>{};
  const size_t connected = devices.size();
  // Those not read now (the database just back and busy) are read again at the next wake-up,
  // until each is: a revocation must not be skipped.
  RereadDevices(std::move(devices));
  ++resyncs_;
  spdlog::warn(
      "watch: the listener is back after losing the database; what other replicas committed "
      "meanwhile was not heard: {} live feed(s) told to catch up, {} connected terminal(s) read "
      "again",
      watchers, connected);
}

void EventHub::Run() {
  auto backoff = std::chrono::milliseconds(200);
  bool lost = false;
  while (!stopping_) {
    try {
      pqxx::connection conn(dsn_);
      // Ids are collected while libpqxx hands over every notification that has arrived, and
      // loaded once it has.
      Receiver results(conn, kResultsChannel, [this](const std::string& payload) {
        std::stringstream ss(payload);
        for (std::string id; std::getline(ss, id, ',');) {
          if (!id.empty()) pending_ids_.push_back(std::move(id));
        }
      });
      Receiver devices(conn, kDevicesChannel, [this](const std::string& p) { HandleDevice(p); });
      // LISTEN is issued lazily by libpqxx; a trivial query makes sure it is active now.
      conn.get_notifs();
      {
        pqxx::nontransaction tx(conn);
        // Named, so that an operator (and the test) can tell it in pg_stat_activity.
        tx.exec("SET application_name = 'kakunin-live-listener'");
      }
      listening_ = true;
      backoff = std::chrono::milliseconds(200);
      pending_ids_.clear();  // loaded by nobody now: the watchers catch up instead
      if (std::exchange(lost, false)) Resync();
      while (!stopping_) {
        conn.await_notification(0, 250000);
        FlushResults();
        if (!reread_.empty()) RereadDevices(std::move(reread_));
      }
    } catch (const std::exception& e) {
      // Only a listener that was listening missed anything (not a first connection refused).
      lost = listening_.exchange(false) || lost;
      if (stopping_) break;
      spdlog::warn("watch: listener lost the database ({}); retrying", e.what());
      std::this_thread::sleep_for(backoff);  // reconnect backoff, not synchronisation
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
  listening_ = false;
}

}  // namespace kakunin::server
