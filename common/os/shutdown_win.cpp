#include <windows.h>

#include <atomic>

#include "common/os/shutdown.h"

namespace kakunin::os {
namespace {

HANDLE g_stopped = nullptr;       // set when the waiter has finished (see ConsoleEvent)
std::atomic<DWORD> g_event{~0u};  // the console event that asked
std::atomic<bool> g_ignore_logoff{false};

// Manual-reset: set once, seen by every waiter. Made on first use, so a service's stop control
// that comes before the daemon waits is not lost.
HANDLE StopEvent() {
  static HANDLE event = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return event;
}

// Runs on a thread the system creates. For a closed window, logoff or shutdown the process ends
// when this returns, so it waits (bounded by the system's own limit) for the daemon to stop.
BOOL WINAPI ConsoleEvent(DWORD type) {
  if (type == CTRL_LOGOFF_EVENT && g_ignore_logoff) return TRUE;
  DWORD none = ~0u;
  g_event.compare_exchange_strong(none, type);
  ::SetEvent(StopEvent());
  if (type == CTRL_CLOSE_EVENT || type == CTRL_LOGOFF_EVENT || type == CTRL_SHUTDOWN_EVENT) {
    ::WaitForSingleObject(g_stopped, 4500);
  }
  return TRUE;
}

class ConsoleShutdown final : public ShutdownSignal {
 public:
  ConsoleShutdown() {
    if (!g_stopped) g_stopped = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ::SetConsoleCtrlHandler(ConsoleEvent, TRUE);
  }
  ~ConsoleShutdown() override {
    ::SetEvent(g_stopped);
    ::SetConsoleCtrlHandler(ConsoleEvent, FALSE);
  }
  std::string Wait() override {
    ::WaitForSingleObject(StopEvent(), INFINITE);
    switch (g_event.load()) {
      case CTRL_C_EVENT:
        return "Ctrl+C";
      case CTRL_BREAK_EVENT:
        return "Ctrl+Break";
      case CTRL_CLOSE_EVENT:
        return "console closed";
      case CTRL_LOGOFF_EVENT:
        return "logoff";
      case CTRL_SHUTDOWN_EVENT:
        return "system shutdown";
      default:
        return "stop request";
    }
  }
  void Request() override { ::SetEvent(StopEvent()); }
};

}  // namespace

std::unique_ptr<ShutdownSignal> ShutdownSignal::Install() {
  return std::make_unique<ConsoleShutdown>();
}

void RequestStop() { ::SetEvent(StopEvent()); }

bool StopRequested(std::chrono::milliseconds timeout) {
  return ::WaitForSingleObject(StopEvent(), static_cast<DWORD>(timeout.count())) == WAIT_OBJECT_0;
}

void IgnoreLogoff() { g_ignore_logoff = true; }

}  // namespace kakunin::os
