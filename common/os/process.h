#pragma once
// A child process owned by a test, a tool or the server (embedded PostgreSQL): started with an
// argv, output captured to a file, stopped by PID (SIGTERM, then SIGKILL after a grace period) when
// the object goes away. Waiting is always on a condition (a port accepting, a file appearing, a
// line in the log), polled with a deadline — never a bare sleep.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::os {

#ifdef _WIN32
// Windows has no users by number; the fields stay so callers compile, and Start refuses them.
using uid_t = unsigned;
using gid_t = unsigned;
#endif

struct ProcessOptions {
  std::vector<std::string> argv;           // argv[0] is the program (PATH is searched)
  std::map<std::string, std::string> env;  // added to / overriding the parent's environment
  std::string log_path;                    // stdout+stderr go here ("" = inherit)
  std::string working_dir;                 // "" = inherit
  std::optional<uid_t> uid;                // drop to this user (and gid) before exec
  std::optional<gid_t> gid;
  int stop_signal = 15;         // SIGTERM; PostgreSQL wants SIGINT (fast shutdown)
  int parent_death_signal = 0;  // sent to the child if we die first (0 = none)
};

class Process {
 public:
  Process() = default;
  ~Process();
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  static Result<Process> Start(ProcessOptions options);

  pid_t pid() const { return pid_; }
  bool running();
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status as waitpid gives it.
  int Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // SIGKILL at once (crash tests).
  int Kill();
  // Sends a signal without waiting.
  void Signal(int sig);
  // Waits for exit up to `timeout`; returns the exit code (or 128+signal), nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  const std::string& log_path() const { return options_.log_path; }
  std::string ReadLog() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  ProcessOptions options_;
};

// Polls `condition` every few milliseconds until it is true or `timeout` passes.
bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout);
// True when something accepts a TCP connection on 127.0.0.1:port.
bool TcpPortOpen(int port);
// Asks the kernel for a free TCP port on 127.0.0.1 (bind to 0, read, close).
int FreeTcpPort();
// Like FreeTcpPort, but also port+1 is free (vpcd listens on two consecutive ports).
int FreeTcpPortPair();
// A fresh directory under $TMPDIR (or /tmp), removed by RemoveTree.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);
// Exit status decoded: exit code, or 128+signal.
int DecodeStatus(int wait_status);

// Runs a command to completion, capturing stdout and stderr (stderr goes to `output` too when
// merge_stderr, else to `error_output`). Returns the exit code and output; a failure to read the
// child's output or to learn its exit status is an error, never an empty success.
struct CommandOutput {
  int exit_code = -1;
  std::string output;
  std::string error_output;  // empty when merge_stderr
};
Result<CommandOutput> RunCommand(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env = {},
                                 const std::string& stdin_data = "", bool merge_stderr = false,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace kakunin::os
