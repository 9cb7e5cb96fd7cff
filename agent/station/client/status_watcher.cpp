#include "agent/station/client/status_watcher.h"

#include <algorithm>

namespace kakunin::station {

namespace {
constexpr std::chrono::milliseconds kFirstPause{500};
constexpr std::chrono::milliseconds kLongestPause{5000};
}  // namespace

StatusWatcher::StatusWatcher(StationBackend* backend, QObject* parent)
    : QObject(parent), backend_(backend) {
  qRegisterMetaType<v1::AgentStatus>();
}

StatusWatcher::~StatusWatcher() { Stop(); }

void StatusWatcher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void StatusWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StatusWatcher::Loop() {
  auto pause = kFirstPause;
  for (;;) {
    bool got_any = false;
    Status ended = backend_->WatchStatus([&](const v1::AgentStatus& status) {
      got_any = true;
      emit statusChanged(status);
    });
    std::unique_lock lock(mu_);
    if (stop_) return;
    emit agentLost(
        QString::fromStdString(ended.ok() ? "local.stream_ended" : ended.error().reason()));
    // A stream that delivered something was healthy: start the backoff afresh.
    if (got_any) pause = kFirstPause;
    // Reconnect pause; Stop() wakes it at once.
    wake_.wait_for(lock, pause, [this] { return stop_; });
    if (stop_) return;
    pause = std::min(pause * 2, kLongestPause);
  }
}

}  // namespace kakunin::station
