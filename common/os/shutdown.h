#pragma once
// The daemon's life cycle: waiting for the request to stop. Linux: SIGTERM or SIGINT, taken by
// sigwait on the waiting thread (never by a worker). Windows: Ctrl+C, Ctrl+Break or closing the
// console window; a service's stop control calls Request() (service life cycle, issue 23).

#include <chrono>
#include <memory>
#include <string>

namespace kakunin::os {

class ShutdownSignal {
 public:
  // Call before any thread starts: on Linux the signals are blocked in every thread created
  // afterwards, so only Wait() sees them.
  static std::unique_ptr<ShutdownSignal> Install();
  virtual ~ShutdownSignal() = default;
  // Blocks until a stop is requested; says what asked ("signal 15", "Ctrl+C", ...).
  virtual std::string Wait() = 0;
  // Asks the waiter to stop, from any thread.
  virtual void Request() = 0;
};

#ifdef _WIN32
// For the Windows service (agent/daemon/windows_service.h), whose stop control arrives on the
// SCM's thread: asks the daemon's waiter to stop, also one that has not started waiting yet.
void RequestStop();
// Waits up to `timeout` for RequestStop (or a console stop); true when it came.
bool StopRequested(std::chrono::milliseconds timeout);
// A service gets the console's logoff event whenever a user logs off: not a reason to stop.
void IgnoreLogoff();
#endif

}  // namespace kakunin::os
