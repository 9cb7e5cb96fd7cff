#include "bench/agent_idle/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <numeric>
#include <sstream>

#include "bench/common/proc_stat.h"

namespace kakunin::bench {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The number after "key:" in a /proc "key: value" file, if the key is there.
std::optional<double> Field(const std::string& text, const std::string& key) {
  const std::string wanted = "\n" + key + ":";
  const std::string padded = "\n" + text;
  const auto at = padded.find(wanted);
  if (at == std::string::npos) return std::nullopt;
  return std::strtod(padded.c_str() + at + wanted.size(), nullptr);
}

std::vector<pid_t> NumericEntries(const std::string& dir) {
  std::vector<pid_t> out;
  DIR* d = ::opendir(dir.c_str());
  while (dirent* e = d ? ::readdir(d) : nullptr) {
    const pid_t id = static_cast<pid_t>(std::atol(e->d_name));
    if (id > 0) out.push_back(id);
  }
  if (d) ::closedir(d);
  return out;
}

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

Result<ProcSample> SampleProcess(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  const std::string status = Slurp(base + "/status");
  const auto cpu = ReadProcStat(pid);
  const auto rss = Field(status, "VmRSS");
  // A zombie has a status but no memory: gone as far as an idle measurement goes.
  if (!cpu || !rss) return MakeError(ErrorCode::kNotFound, "bench.gone", base + " is gone");
  ProcSample s;
  s.rss_kib = *rss;
  s.cpu_seconds = cpu->own;
  s.threads = static_cast<int>(Field(status, "Threads").value_or(0));
  const std::string rollup = Slurp(base + "/smaps_rollup");
  if (auto pss = Field(rollup, "Pss")) s.pss_kib = *pss;
  for (pid_t tid : NumericEntries(base + "/task")) {
    const std::string task = Slurp(base + "/task/" + std::to_string(tid) + "/status");
    const auto voluntary = Field(task, "voluntary_ctxt_switches");
    const auto preempted = Field(task, "nonvoluntary_ctxt_switches");
    if (voluntary && preempted) s.switches[tid] = static_cast<uint64_t>(*voluntary + *preempted);
  }
  return s;
}

uint64_t SwitchesBetween(const ProcSample& before, const ProcSample& after) {
  uint64_t total = 0;
  for (const auto& [tid, count] : after.switches) {
    const auto was = before.switches.find(tid);
    const uint64_t start = was == before.switches.end() ? 0 : was->second;
    if (count >= start) total += count - start;  // a reused thread id: start again from zero
  }
  return total;
}

std::vector<pid_t> PrefixProcesses(const std::string& prefix_dir) {
  const std::string wanted = "WINEPREFIX=" + prefix_dir;
  std::vector<pid_t> out;
  for (pid_t pid : NumericEntries("/proc")) {
    const std::string env = Slurp("/proc/" + std::to_string(pid) + "/environ");
    std::istringstream vars(env);
    for (std::string var; std::getline(vars, var, '\0');) {
      if (var == wanted) {
        out.push_back(pid);
        break;
      }
    }
  }
  return out;
}

std::string CommandName(pid_t pid) {
  std::string comm = Slurp("/proc/" + std::to_string(pid) + "/comm");
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return comm;
}

// --- Subject -------------------------------------------------------------------------------------

Subject::Subject(std::string name, std::vector<pid_t> pids, bool required)
    : name_(std::move(name)), pids_(std::move(pids)), required_(required) {}

Status Subject::Begin() {
  first_.clear();
  rss_kib_.clear();
  pss_kib_.clear();
  vanished_ = false;
  for (pid_t pid : pids_) {
    auto s = SampleProcess(pid);
    if (!s.ok()) {
      if (required_) return s.error();
      continue;  // a Wine helper that ended before the window: not part of it
    }
    first_[pid] = std::move(*s);
  }
  return OkStatus();
}

void Subject::Tick() {
  double rss = 0, pss = 0;
  for (const auto& [pid, first] : first_) {
    auto s = SampleProcess(pid);
    if (!s.ok()) {
      vanished_ = true;
      continue;
    }
    rss += s->rss_kib;
    if (s->pss_kib) {
      pss += *s->pss_kib;
    } else {
      pss_known_ = false;
    }
  }
  rss_kib_.push_back(rss);
  pss_kib_.push_back(pss);
}

Result<SubjectStats> Subject::End(std::chrono::duration<double> window) {
  Tick();  // the window's last memory sample
  SubjectStats stats;
  uint64_t switches = 0;
  for (const auto& [pid, first] : first_) {
    auto last = SampleProcess(pid);
    if (!last.ok()) {
      vanished_ = true;
      continue;
    }
    switches += SwitchesBetween(first, *last);
    stats.cpu_seconds += last->cpu_seconds - first.cpu_seconds;
    stats.threads += last->threads;
    ++stats.processes;
  }
  if (vanished_ && required_) {
    return MakeError(ErrorCode::kDataLoss, "bench.died", name_ + " ended during the window");
  }
  stats.rss_mib = Mean(rss_kib_) / 1024;
  if (pss_known_) stats.pss_mib = Mean(pss_kib_) / 1024;
  stats.wakeups_per_second = static_cast<double>(switches) / window.count();
  return stats;
}

}  // namespace kakunin::bench
