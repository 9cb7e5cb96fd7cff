// kakunin-agent-idle-bench: what a terminal costs its PC while it waits at the counter between
// patients — the Windows agent (kakunin-agent.exe under Wine 8) next to the Linux agent, both
// enrolled and connected to the same HQ, each with a card in its reader (bench/agent_idle/
// idle_rig.h). After a settle period nothing is asked of either agent; over a window of
// --seconds the bench reads /proc (proc_stats.h): resident memory (VmRSS, Pss), wake-ups per
// second (context switches of every thread), CPU seconds and threads. Wine's own processes (the
// prefix's wineserver and its helpers such as services.exe) are reported beside the agent and
// summed with it: a Windows PC would not run them, the kernel does their work there. pcscd is
// shared by both agents and belongs to neither; it is printed for context only.
// Not a test: the numbers are printed, and the only checks are that both agents were idle and
// connected throughout (exit 1 otherwise).

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "bench/agent_idle/idle_rig.h"
#include "bench/agent_idle/proc_stats.h"
#include "common/cli/flags.h"

namespace kakunin::bench {
namespace {

using Seconds = std::chrono::duration<double>;

struct BenchOptions {
  int seconds = 60;
  int settle = 15;
  bool without_card = false;
  bool json = false;
};

void Progress(const std::string& line) {
  std::cerr << "kakunin-agent-idle-bench: " << line << std::endl;
}

// The measured subjects, in table order; the Windows total is the sum of the three Wine ones.
constexpr const char* kLinux = "linux_agent";
constexpr const char* kExe = "windows_agent";
constexpr const char* kWineserver = "wineserver";
constexpr const char* kHelpers = "wine_helpers";
constexpr const char* kWindowsTotal = "windows_total";
constexpr const char* kPcscd = "pcscd";

struct Phase {
  bool card = true;
  double window_seconds = 0;
  std::map<std::string, SubjectStats> stats;
  // Each Wine helper on its own ("services.exe 1234"), summed into kHelpers.
  std::vector<std::pair<std::string, SubjectStats>> helpers;
};

SubjectStats Sum(const std::vector<SubjectStats>& parts) {
  SubjectStats total;
  total.pss_mib = 0.0;
  for (const auto& p : parts) {
    total.rss_mib += p.rss_mib;
    if (p.pss_mib && total.pss_mib) {
      *total.pss_mib += *p.pss_mib;
    } else {
      total.pss_mib.reset();
    }
    total.wakeups_per_second += p.wakeups_per_second;
    total.cpu_seconds += p.cpu_seconds;
    total.threads += p.threads;
    total.processes += p.processes;
  }
  return total;
}

// The prefix's processes besides the .exe, as they are now.
struct WineProcesses {
  pid_t wineserver = -1;
  std::vector<std::pair<std::string, pid_t>> helpers;  // "services.exe 1234", pid
};

Result<WineProcesses> FindWineProcesses(const IdleRig& rig) {
  WineProcesses wine;
  int wineservers = 0;
  for (pid_t pid : PrefixProcesses(rig.prefix_dir())) {
    if (pid == rig.windows_agent_pid()) continue;
    const std::string name = CommandName(pid);
    // Debian's wineserver is wineserver64 (or 32) behind a wrapper script.
    if (name.starts_with("wineserver")) {
      wine.wineserver = pid;
      ++wineservers;
    } else {
      wine.helpers.emplace_back(name + " " + std::to_string(pid), pid);
    }
  }
  if (wineservers != 1) {
    return MakeError(
        ErrorCode::kFailedPrecondition, "bench.wineserver",
        "found " + std::to_string(wineservers) + " wineservers for " + rig.prefix_dir());
  }
  return wine;
}

// Leaves the agents alone for the settle period, then measures one window. Nothing talks to
// either agent from the start of the settle period to the end of the window.
Result<Phase> MeasureIdle(IdleRig& rig, const BenchOptions& o, bool card) {
  Progress("settling for " + std::to_string(o.settle) + " s");
  std::this_thread::sleep_for(std::chrono::seconds(o.settle));  // a measurement interval

  KAKUNIN_ASSIGN_OR_RETURN(auto wine, FindWineProcesses(rig));
  std::vector<Subject> subjects, helper_subjects;
  subjects.emplace_back(kLinux, std::vector<pid_t>{rig.linux_agent_pid()}, true);
  subjects.emplace_back(kExe, std::vector<pid_t>{rig.windows_agent_pid()}, true);
  subjects.emplace_back(kWineserver, std::vector{wine.wineserver}, true);
  subjects.emplace_back(kPcscd, std::vector<pid_t>{rig.pcscd_pid()}, true);
  // A helper that ends during the window is no failure: Wine starts and ends them.
  for (const auto& [name, pid] : wine.helpers) {
    helper_subjects.emplace_back(name, std::vector{pid}, false);
  }
  auto each = [&](const std::function<void(Subject&)>& fn) {
    for (auto& s : subjects) fn(s);
    for (auto& s : helper_subjects) fn(s);
  };

  Progress("measuring for " + std::to_string(o.seconds) + " s (" +
           (card ? "card in each reader" : "no card") + ")");
  Status begun;
  each([&](Subject& s) {
    if (begun.ok()) begun = s.Begin();
  });
  KAKUNIN_RETURN_IF_ERROR(begun);
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds(o.seconds);
  // Memory once a second; reading /proc does not wake the processes read.
  for (auto tick = start + std::chrono::seconds(1); tick < end; tick += std::chrono::seconds(1)) {
    std::this_thread::sleep_until(tick);
    each([](Subject& s) { s.Tick(); });
  }
  std::this_thread::sleep_until(end);
  const Seconds window = std::chrono::steady_clock::now() - start;
  Phase phase;
  phase.card = card;
  phase.window_seconds = window.count();
  for (auto& s : subjects) {
    KAKUNIN_ASSIGN_OR_RETURN(phase.stats[s.name()], s.End(window));
  }
  std::vector<SubjectStats> helper_stats;
  for (auto& s : helper_subjects) {
    KAKUNIN_ASSIGN_OR_RETURN(auto stats, s.End(window));
    phase.helpers.emplace_back(s.name(), stats);
    helper_stats.push_back(stats);
  }
  phase.stats[kHelpers] = Sum(helper_stats);
  phase.stats[kWindowsTotal] =
      Sum({phase.stats[kExe], phase.stats[kWineserver], phase.stats[kHelpers]});
  // Only now may the agents be asked: were they idle, connected, with the expected reader?
  KAKUNIN_RETURN_IF_ERROR(rig.CheckBoth(card ? "card_present" : "ready"));
  return phase;
}

// With a card in each reader; then, with --without-card, with both taken out.
Result<std::vector<Phase>> MeasurePhases(IdleRig& rig, const BenchOptions& o) {
  std::vector<Phase> phases;
  KAKUNIN_ASSIGN_OR_RETURN(auto with_card, MeasureIdle(rig, o, true));
  phases.push_back(std::move(with_card));
  if (!o.without_card) return phases;
  Progress("taking both cards out");
  KAKUNIN_RETURN_IF_ERROR(rig.RemoveCards());
  KAKUNIN_RETURN_IF_ERROR(rig.WaitBothReaders("ready"));
  KAKUNIN_ASSIGN_OR_RETURN(auto without, MeasureIdle(rig, o, false));
  phases.push_back(std::move(without));
  return phases;
}

// --- Output --------------------------------------------------------------------------------------

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string Ratio(double windows, double linux) {
  return linux > 0 ? Fixed(windows / linux, 1) + "×" : "—";
}

struct Measure {
  const char* label;
  int decimals;
  std::function<std::optional<double>(const SubjectStats&)> get;
};

const std::vector<Measure>& Measures() {
  static const std::vector<Measure> measures = {
      {"RSS MiB (VmRSS, mean)", 1, [](const auto& s) { return s.rss_mib; }},
      {"Pss MiB (smaps_rollup, mean)", 1, [](const auto& s) { return s.pss_mib; }},
      {"wake-ups/s (context switches)", 1, [](const auto& s) { return s.wakeups_per_second; }},
      {"CPU s in the window (utime+stime)", 3, [](const auto& s) { return s.cpu_seconds; }},
      {"threads", 0, [](const auto& s) { return static_cast<double>(s.threads); }},
  };
  return measures;
}

void PrintTable(const Phase& p, const BenchOptions& o) {
  std::cout << "\nIdle, " << (p.card ? "a card in each reader" : "no card in either reader")
            << ", window " << Fixed(p.window_seconds, 1) << " s after " << o.settle
            << " s settle.\n\n"
            << "| measure | Linux agent | Windows agent (.exe) | wineserver | Wine helpers | "
               "Windows total | .exe / Linux | total / Linux |\n"
            << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& m : Measures()) {
    auto cell = [&](const char* who) {
      auto v = m.get(p.stats.at(who));
      return v ? Fixed(*v, m.decimals) : "n/a";
    };
    auto ratio = [&](const char* who) {
      auto w = m.get(p.stats.at(who));
      auto l = m.get(p.stats.at(kLinux));
      return w && l ? Ratio(*w, *l) : "n/a";
    };
    std::cout << "| " << m.label << " | " << cell(kLinux) << " | " << cell(kExe) << " | "
              << cell(kWineserver) << " | " << cell(kHelpers) << " | " << cell(kWindowsTotal)
              << " | " << ratio(kExe) << " | " << ratio(kWindowsTotal) << " |\n";
  }
  std::cout << "\nWine helpers one by one (wake-ups/s, Pss MiB):";
  for (const auto& [name, stats] : p.helpers) {
    std::cout << "\n  " << name << ": " << Fixed(stats.wakeups_per_second, 1) << "/s, "
              << (stats.pss_mib ? Fixed(*stats.pss_mib, 1) : "n/a") << " MiB";
  }
  const auto& pcscd = p.stats.at(kPcscd);
  std::cout << "\n\npcscd (shared by both agents, counted in neither): "
            << Fixed(pcscd.wakeups_per_second, 1) << " wake-ups/s, " << Fixed(pcscd.cpu_seconds, 3)
            << " CPU s.\n"
            << "Wineserver and helpers are Wine's overhead: a Windows PC runs no such processes "
               "(its kernel does that work), so the .exe column is the closer estimate of the\n"
               "agent itself on Windows, the total what the agent costs under Wine.\n";
}

nlohmann::json StatsJson(const SubjectStats& s) {
  nlohmann::json j = {{"rss_mib", s.rss_mib},
                      {"wakeups_per_second", s.wakeups_per_second},
                      {"cpu_seconds", s.cpu_seconds},
                      {"threads", s.threads},
                      {"processes", s.processes}};
  j["pss_mib"] = s.pss_mib ? nlohmann::json(*s.pss_mib) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json PhaseJson(const Phase& p) {
  nlohmann::json subjects, exe_ratio, total_ratio;
  for (const auto& [name, stats] : p.stats) subjects[name] = StatsJson(stats);
  nlohmann::json helpers = nlohmann::json::object();
  for (const auto& [name, stats] : p.helpers) helpers[name] = StatsJson(stats);
  for (const auto& m : Measures()) {
    const auto l = m.get(p.stats.at(kLinux));
    const auto w = m.get(p.stats.at(kExe));
    const auto t = m.get(p.stats.at(kWindowsTotal));
    exe_ratio[m.label] = l && w && *l > 0 ? nlohmann::json(*w / *l) : nlohmann::json(nullptr);
    total_ratio[m.label] = l && t && *l > 0 ? nlohmann::json(*t / *l) : nlohmann::json(nullptr);
  }
  return {{"card_present", p.card},
          {"window_seconds", p.window_seconds},
          {"subjects", subjects},
          {"wine_helpers", helpers},
          {"ratio_windows_agent_over_linux", exe_ratio},
          {"ratio_windows_total_over_linux", total_ratio}};
}

// --- main ----------------------------------------------------------------------------------------

int Run(const BenchOptions& o, const std::string& linux_agent) {
  auto wine = testing::FindWineSetup();
  if (!wine.ok()) {
    // The marker CTest's SKIP_REGULAR_EXPRESSION looks for, as the Wine tests print it.
    const std::string skip = "[  SKIPPED ] " + wine.error().message();
    if (o.json) {
      std::cout << nlohmann::json{{"skipped", wine.error().message()}}.dump() << "\n";
      std::cerr << skip << "\n";
    } else {
      std::cout << skip << "\n";
    }
    return 0;
  }
  IdleRig rig;
  Status started = rig.Start({linux_agent, KAKUNIN_VCARD_BIN, KAKUNIN_OQS_BIN, *wine, Progress});
  auto phases = started.ok() ? MeasurePhases(rig, o) : Result<std::vector<Phase>>(started.error());
  if (!phases.ok()) {
    rig.KeepDir();
    std::cerr << "kakunin-agent-idle-bench: " << phases.error().ToString() << "\n"
              << rig.Logs() << "(files kept in " << rig.dir() << ")\n";
    return 1;
  }
  if (o.json) {
    nlohmann::json out = {{"seconds", o.seconds}, {"settle_seconds", o.settle}};
    for (const auto& p : *phases) out["phases"].push_back(PhaseJson(p));
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& p : *phases) PrintTable(p, o);
  }
  Progress("stopping every process the bench started");
  return 0;
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) {
  using namespace kakunin;  // NOLINT(google-build-using-namespace)
  cli::Flags f(
      "kakunin-agent-idle-bench [--seconds N] [--settle N] [--without-card] [--json]",
      "The Windows agent (kakunin-agent.exe under Wine; KAKUNIN_WIN_AGENT names it) and the\n"
      "Linux agent idle side by side, connected to one HQ with a card in each reader: memory\n"
      "(VmRSS, Pss), wake-ups per second, CPU seconds and threads of each, Wine's wineserver\n"
      "and helpers beside the .exe and summed, the ratios Windows/Linux. Progress on stderr.\n"
      "Needs root or the rights the tests need (PostgreSQL, pcscd, the WinSCard pair).\n"
      "Prints \"[  SKIPPED ] reason\" and exits 0 when the Windows agent cannot run here.\n"
      "Exit codes: 0 measured (or skipped), 1 a check failed (an agent not connected, not\n"
      "idle, or gone during the window; the rig did not start), 2 usage.");
  f.Option("seconds", "N", "length of each measurement window", "60")
      .Int()
      .Option("settle", "N", "seconds both agents are left alone before each window", "15")
      .Int()
      .Bool("without-card", "then take both cards out and measure a second window")
      .Bool("json", "one JSON document on stdout instead of the tables")
      .Option("agent", "FILE", "the Linux kakunin-agent", KAKUNIN_AGENT_BIN);
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << s.error().ToString() << "\n" << f.Help();
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  bench::BenchOptions o;
  auto seconds = f.GetInt("seconds");
  auto settle = f.GetInt("settle");
  if (!seconds.ok() || !settle.ok() || *seconds < 1 || *settle < 0 || !f.positional().empty()) {
    std::cerr << "kakunin-agent-idle-bench: --seconds takes a whole number from 1, --settle "
                 "one from 0, and there are no positional arguments\n";
    return 2;
  }
  o.seconds = *seconds;
  o.settle = *settle;
  o.without_card = f.GetBool("without-card");
  o.json = f.GetBool("json");
  return bench::Run(o, f.Get("agent"));
}
