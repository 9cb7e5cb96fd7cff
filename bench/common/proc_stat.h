#pragma once
// A process's CPU time and parent from /proc/<pid>/stat, for the benchmarks that weigh what a
// process costs next to a reference (Linux only, like the benchmarks).

#include <sys/types.h>

#include <optional>

namespace kakunin::bench {

struct ProcStat {
  pid_t ppid = 0;
  double own = 0;       // utime + stime of every thread, dead ones included, in seconds
  double children = 0;  // cutime + cstime: its reaped children
};

// nullopt when the process is gone (or the file cannot be read).
std::optional<ProcStat> ReadProcStat(pid_t pid);

}  // namespace kakunin::bench
