#pragma once
// Keeps a WatchStatus subscription to the daemon open: every status is re-emitted on the UI
// thread; when the stream fails (daemon restarting, socket missing) it says so and subscribes
// again with a growing pause (0.5 s doubling to 5 s), until Stop().

#include <QObject>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "agent/station/client/station_backend.h"

Q_DECLARE_METATYPE(kakunin::v1::AgentStatus)

namespace kakunin::station {

class StatusWatcher : public QObject {
  Q_OBJECT
 public:
  explicit StatusWatcher(StationBackend* backend, QObject* parent = nullptr);
  ~StatusWatcher() override;

  void Start();
  // Ends the subscription and joins the thread; the backend's calls must be cancelled first
  // (StationBackend::CancelAll) or this waits for the stream to end.
  void Stop();

 signals:
  void statusChanged(const kakunin::v1::AgentStatus& status);
  // The daemon cannot be reached; `reason` is the error's reason id.
  void agentLost(const QString& reason);

 private:
  void Loop();

  StationBackend* backend_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace kakunin::station
