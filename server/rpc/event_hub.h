#pragma once
// Live events for console watchers, across server replicas: every replica writes results and
// device changes with a NOTIFY in the same transaction; each replica LISTENs on its own
// connection and fans what it hears out to its local watchers. So a console connected to
// replica B sees a result that a terminal streamed to replica A, with no broker in between.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kakunin/v1/console.pb.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {

inline constexpr char kResultsChannel[] = "kakunin_results";
inline constexpr char kDevicesChannel[] = "kakunin_devices";

// One watcher's queue (bounded: a watcher that stops reading loses events, not the server's
// memory; it is told via `overflowed`).
class Subscription {
 public:
  // Waits up to `timeout` for the next event.
  bool Next(v1::WatchEvent* out, std::chrono::milliseconds timeout);
  // Waits up to `timeout` for events and takes every one queued (a commit's results arrive
  // together; a watcher writes them in one go instead of one wake-up and flush each).
  bool NextAll(std::vector<v1::WatchEvent>* out, std::chrono::milliseconds timeout);
  bool overflowed() const { return overflowed_; }
  // The hub's listener lost the database and is back: what was committed meanwhile was never
  // heard (PostgreSQL keeps no notifications for a session not yet listening). The watcher ends
  // its feed, and the console catches up from the database.
  bool resync() const { return resync_; }

 private:
  friend class EventHub;
  std::function<bool(const v1::WatchEvent&)> accept;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<v1::WatchEvent> queue;
  std::atomic<bool> overflowed_{false}, resync_{false};
};

class EventHub {
 public:
  EventHub(std::string dsn, FleetStore* store);
  ~EventHub();
  void Start();
  // Called with each device whose status or connection changed (e.g. to cut revoked streams).
  void OnDeviceEvent(std::function<void(const v1::Device&)> fn) { device_hook_ = std::move(fn); }

  std::shared_ptr<Subscription> Subscribe(std::function<bool(const v1::WatchEvent&)> accept);
  void Unsubscribe(const std::shared_ptr<Subscription>& s);
  // The devices with a live stream on this replica: after the listener lost the database, each
  // is read again and goes through OnDeviceEvent's hook, since a revocation, a route change or
  // a 目視 grant made through another replica meanwhile was never heard.
  void SetConnectedDevices(std::function<std::vector<std::string>()> fn) {
    connected_devices_ = std::move(fn);
  }

  // True once LISTEN is active (/metrics).
  bool listening() const { return listening_; }
  // Times the listener came back after losing the database (and caught up, see above).
  uint64_t resyncs() const { return resyncs_; }

 private:
  void Run();
  void Dispatch(std::vector<v1::WatchEvent> events);
  // Loads and dispatches the results named by every notification heard since the last call.
  void FlushResults();
  // False when the device could not be read (the database).
  bool HandleDevice(const std::string& device_id);
  // Reads each again through HandleDevice; those that fail wait in reread_ for the next try.
  void RereadDevices(std::vector<std::string> ids);
  // After a lost listener: every watcher told to catch up, every connected device read again.
  void Resync();

  std::string dsn_;
  FleetStore* store_;
  // Results are loaded on a connection of the hub's own: in the shared pool the fetch waited
  // behind the ingest writers' transactions whenever they held every connection.
  ConnectionPool fetch_pool_;
  FleetStore fetch_store_;
  std::function<void(const v1::Device&)> device_hook_;
  std::function<std::vector<std::string>()> connected_devices_;
  std::atomic<bool> stopping_{false}, listening_{false};
  std::atomic<uint64_t> resyncs_{0};
  std::thread thread_;
  std::vector<std::string> pending_ids_;  // the listener thread's only
  std::vector<std::string> reread_;       // the listener thread's only
  std::mutex mu_;
  std::list<std::shared_ptr<Subscription>> subs_;
};

}  // namespace kakunin::server
