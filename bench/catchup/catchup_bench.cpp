// kakunin-catchup-bench: a terminal comes back after an outage with N results queued. Measures
// how long the real daemon (`kakunin-agent run`) takes to deliver them all to a real HQ
// (kakunin-server + PostgreSQL, tests/harness/server_rig.h), and what that costs HQ in CPU
// seconds (server process, and PostgreSQL with its backends, from /proc/<pid>/stat), once per
// catch-up rate (HQ's TerminalConfig.catchup_rate_per_second; 0 = unlimited).
// Every run checks its count at HQ: N rows, N distinct check ids.

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/store/local_store.h"
#include "bench/common/proc_stat.h"
#include "common/cli/flags.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::bench {
namespace {
using namespace kakunin::testing;  // NOLINT(google-build-using-namespace)
namespace fs = std::filesystem;

// utime + stime of one process, in seconds; 0 when it is gone.
double CpuSeconds(pid_t pid) {
  auto st = ReadProcStat(pid);
  return st ? st->own : 0;
}

// PostgreSQL: the postmaster and every backend it forked (alive at the time of reading).
double TreeCpuSeconds(pid_t root) {
  double total = CpuSeconds(root);
  DIR* d = opendir("/proc");
  while (dirent* e = d ? readdir(d) : nullptr) {
    pid_t pid = static_cast<pid_t>(std::atol(e->d_name));
    if (pid <= 0) continue;
    auto st = ReadProcStat(pid);
    if (st && st->ppid == root) total += st->own;
  }
  if (d) closedir(d);
  return total;
}

Status Fill(const std::string& state_dir, int count) {
  KAKUNIN_ASSIGN_OR_RETURN(auto store, agent::LocalStore::Open(state_dir + "/outbox.db"));
  domain::Date today{2026, 11, 23};
  for (int done = 0; done < count;) {
    std::vector<v1::CheckResult> chunk;
    for (int i = 0; i < 5000 && done < count; ++i, ++done) {
      v1::CheckResult r;
      char id[40];
      std::snprintf(id, sizeof id, "b3c1e0a2-0000-4000-8000-%012d", done);
      r.set_check_id(id);
      r.mutable_checked_at()->set_seconds(1763856000 + done);
      r.set_source(v1::CHECK_SOURCE_DOCUMENT);
      r.set_route(v1::CHECK_ROUTE_COUNTER);
      r.set_outcome(v1::OUTCOME_DOCUMENT_ACCEPTED);
      r.mutable_document()->set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
      r.mutable_document()->set_expires_on("2030-09-30");
      chunk.push_back(std::move(r));
    }
    KAKUNIN_RETURN_IF_ERROR(store->SaveAll(chunk, today));
  }
  return OkStatus();
}

Result<nlohmann::json> RunOnce(const std::string& agent_bin, int count, int rate) {
  std::string dir = MakeTempDir("kakunin-catchup");
  ::chmod(dir.c_str(), 0755);
  KAKUNIN_ASSIGN_OR_RETURN(
      auto rig, ServerRig::Start(dir + "/hq", "honcho", "本町薬局",
                                 {"--catchup-rate", std::to_string(rate), "--log-level", "warn"}));
  KAKUNIN_ASSIGN_OR_RETURN(auto token, rig->IssueToken("honcho"));
  fs::create_directories(dir + "/agent");
  std::string state = dir + "/agent/state";
  KAKUNIN_RETURN_IF_ERROR(
      AgentDaemon::Enroll(agent_bin, state, rig->address(), token, rig->ca_path()));
  KAKUNIN_RETURN_IF_ERROR(Fill(state, count));
  AgentDaemon agent(agent_bin, state, {"--log-level", "warn"});
  double server0 = CpuSeconds(rig->server_pid()), pg0 = TreeCpuSeconds(rig->pg().pid());
  auto start = std::chrono::steady_clock::now();
  KAKUNIN_RETURN_IF_ERROR(agent.Start());
  KAKUNIN_ASSIGN_OR_RETURN(
      auto drained,
      agent.WaitStatus([](const auto& s) { return s.connected() && s.outbox_depth() == 0; },
                       std::chrono::hours(1)));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double server_cpu = CpuSeconds(rig->server_pid()) - server0;
  double pg_cpu = TreeCpuSeconds(rig->pg().pid()) - pg0;
  KAKUNIN_ASSIGN_OR_RETURN(auto counts,
                           rig->pg().Psql("kakunin",
                                          "SELECT count(*) || '|' || count(DISTINCT check_id) "
                                          "FROM check_results WHERE device_id = '" +
                                              drained.device_id() + "'"));
  std::string want = std::to_string(count) + "|" + std::to_string(count);
  if (counts.substr(0, counts.find('\n')) != want) {
    return MakeError(ErrorCode::kDataLoss, "bench.count", "HQ holds " + counts + ", want " + want);
  }
  agent.Stop();
  rig.reset();
  RemoveTree(dir);
  return nlohmann::json{{"rate_limit_per_s", rate},
                        {"results", count},
                        {"seconds", seconds},
                        {"results_per_s", count / seconds},
                        {"server_cpu_s", server_cpu},
                        {"postgres_cpu_s", pg_cpu},
                        {"server_cpu_per_wall_s", server_cpu / seconds},
                        {"postgres_cpu_per_wall_s", pg_cpu / seconds}};
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) {
  using namespace kakunin;  // NOLINT(google-build-using-namespace)
  cli::Flags f("kakunin-catchup-bench [--results N] [--rates R1,R2,...]",
               "Delivers N queued results from a real daemon to a real HQ after reconnect, once\n"
               "per catch-up rate (0 = unlimited); prints one JSON line per run.\n"
               "Exit codes: 0 all runs delivered every result exactly once, 1 otherwise.");
  f.Option("results", "N", "queued results", "100000")
      .Option("rates", "LIST", "catch-up rates per second (0 = rate limit off)", "2000,0")
      .Option("agent", "FILE", "kakunin-agent binary", KAKUNIN_AGENT_BIN);
  if (auto s = f.Parse(argc, argv, 1); !s.ok()) {
    std::cerr << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  auto count = f.GetInt("results");
  if (!count.ok() || *count <= 0) return 2;
  std::stringstream rates(f.Get("rates"));
  for (std::string rate; std::getline(rates, rate, ',');) {
    auto r = bench::RunOnce(f.Get("agent"), *count, std::stoi(rate));
    if (!r.ok()) {
      std::cerr << "kakunin-catchup-bench: " << r.error().ToString() << "\n";
      return 1;
    }
    std::cout << r->dump() << std::endl;
  }
  return 0;
}
