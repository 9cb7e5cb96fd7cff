#pragma once
// What an idle process costs the machine, read from /proc: resident memory (VmRSS, and Pss from
// smaps_rollup, which splits shared pages among their users — Wine's processes share most of
// their libraries), context switches per thread (each one is the process waking up, or being
// preempted), CPU time and threads. A Subject is one or more processes measured as one (the
// Wine helpers of a prefix, summed).

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::bench {

// One process at one moment.
struct ProcSample {
  double rss_kib = 0;
  std::optional<double> pss_kib;  // no smaps_rollup (kernel < 4.14): unknown
  double cpu_seconds = 0;         // utime + stime of every thread, dead ones included
  int threads = 0;
  // voluntary + nonvoluntary context switches, per thread id.
  std::map<pid_t, uint64_t> switches;
};

// kNotFound when the process is gone.
Result<ProcSample> SampleProcess(pid_t pid);

// Context switches from `before` to `after`: threads in both count their difference, threads
// born in between count all of theirs. Threads that ended in between are lost (an idle agent
// keeps its threads).
uint64_t SwitchesBetween(const ProcSample& before, const ProcSample& after);

// Processes whose environment says WINEPREFIX=`prefix_dir` (every process Wine starts for the
// prefix inherits it, the wineserver included).
std::vector<pid_t> PrefixProcesses(const std::string& prefix_dir);
// The command name (/proc/PID/comm), "" when gone.
std::string CommandName(pid_t pid);

// One or more processes measured over a window.
struct SubjectStats {
  double rss_mib = 0;             // mean over the window's samples, summed over processes
  std::optional<double> pss_mib;  // likewise
  double wakeups_per_second = 0;  // context switches in the window / window seconds
  double cpu_seconds = 0;         // in the window
  int threads = 0;                // at the end of the window
  int processes = 0;
};

// Follows a fixed set of processes through a window: Begin(), Tick() every second or so,
// End(). A process that vanishes is reported by End() (kDataLoss) when it was `required`.
class Subject {
 public:
  Subject(std::string name, std::vector<pid_t> pids, bool required);
  const std::string& name() const { return name_; }
  Status Begin();
  void Tick();  // memory sample
  Result<SubjectStats> End(std::chrono::duration<double> window);

 private:
  std::string name_;
  std::vector<pid_t> pids_;
  bool required_;
  std::map<pid_t, ProcSample> first_;
  std::vector<double> rss_kib_, pss_kib_;  // per tick, summed over processes
  bool pss_known_ = true;
  bool vanished_ = false;
};

}  // namespace kakunin::bench
