// kakunin-face-bench: face-reader answer files picked up by the real daemon (`kakunin-agent run`
// on the terminal-files route of a real HQ, tests/harness/server_rig.h).
//  - paced: one file every --interval-ms; pickup latency p50/p99 = from the file's rename into
//    `res` to its result committed in the outbox (seen by polling the outbox's recent table);
//  - burst: --burst files dropped at once; files picked up per second.
// The reference, measured in the same run on the same files: a bare loop that reads each file,
// parses it and commits it to an outbox of its own (same SQLite settings) — the floor of what a
// pickup costs without watching, deduplication or the daemon around it.
// Every run checks its counts (all files became results exactly once) and exits 1 otherwise.

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "agent/eligibility/xml_codec.h"
#include "agent/store/local_store.h"
#include "common/cli/flags.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::bench {
namespace {
using namespace kakunin::testing;  // NOLINT(google-build-using-namespace)
namespace fs = std::filesystem;
namespace xml = eligibility::xml;
using Clock = std::chrono::steady_clock;

std::string Stamp() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// One face-reader answer; the insured number carries the file's index so that a result can be
// matched to its file.
std::string FaceFile(int index, const std::string& stamp) {
  xml::FileAnswer a;
  a.process_execution_time = stamp;
  a.reference_classification = 1;
  a.file_id = "BENCH" + stamp + std::to_string(index);
  a.qualification_validity = 1;
  v1::Eligibility e;
  e.set_insurer_number("06139992");
  e.set_insured_symbol("BENCH");
  e.set_insured_number(std::to_string(index));
  e.set_insured_branch_number("00");
  e.set_name("山田 太郎");
  e.set_name_kana("ヤマダ タロウ");
  e.set_sex(v1::SEX_MALE);
  e.set_birth_date("1985-04-12");
  e.set_copayment_percent(30);
  a.results.push_back(e);
  return *xml::WriteAnswer(a);
}

void Drop(const std::string& dir, const std::string& name, const std::string& bytes) {
  const std::string temp = dir + "/." + name + ".tmp";
  std::ofstream(temp, std::ios::binary) << bytes;
  fs::rename(temp, dir + "/" + name);
}

// Insured numbers of the face results the outbox's recent table gained since `*after` (its
// sequence): each poll reads only the new rows, so the measuring costs the same at the 1000th
// file as at the first and does not slow the daemon it measures. Read through the store (the
// rows are sealed), on a connection of the bench's own.
std::set<int> Seen(agent::LocalStore& store, int64_t* after) {
  std::set<int> out;
  auto rows = store.RecentAfter(static_cast<uint64_t>(*after), 10000);
  if (!rows.ok()) return out;
  for (const auto& r : *rows) {
    *after = static_cast<int64_t>(r.sequence());
    if (r.source() == v1::CHECK_SOURCE_FACE_READER && r.eligibility().insured_symbol() == "BENCH") {
      out.insert(std::stoi(r.eligibility().insured_number()));
    }
  }
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Drops files [first, first+count), `interval` apart, and waits for each to be seen; the
// latency of each in ms, or an empty vector when one never arrived.
std::vector<double> Run(const std::string& res, agent::LocalStore& db, int first, int count,
                        std::chrono::milliseconds interval) {
  const std::string stamp = Stamp();
  std::map<int, Clock::time_point> dropped;
  std::map<int, double> latency;
  auto next = Clock::now();
  int i = first;
  int64_t after = 0;
  const auto deadline = Clock::now() + interval * count + std::chrono::seconds(120);
  while (static_cast<int>(latency.size()) < count && Clock::now() < deadline) {
    // A burst (no interval) drops every file before the first poll: "at once".
    while (i < first + count && Clock::now() >= next) {
      Drop(res, "OQSsiquc01res_face_" + stamp + "_" + std::to_string(i) + ".xml",
           FaceFile(i, stamp));
      dropped[i++] = Clock::now();
      next += interval;
      if (interval.count() > 0) break;
    }
    auto now = Clock::now();
    for (int n : Seen(db, &after)) {
      if (dropped.count(n) && !latency.count(n)) {
        latency[n] = std::chrono::duration<double, std::milli>(now - dropped[n]).count();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the measuring poll
  }
  if (static_cast<int>(latency.size()) < count) return {};
  std::vector<double> out;
  for (auto& [n, ms] : latency) out.push_back(ms);
  return out;
}

// The reference: read, parse, commit each file to an outbox of our own, one transaction each.
double ReferencePerSecond(const std::string& dir, int count) {
  const std::string stamp = Stamp();
  const std::string files = dir + "/ref-files";
  fs::create_directories(files);
  for (int i = 0; i < count; ++i) Drop(files, "f" + std::to_string(i) + ".xml", FaceFile(i, stamp));
  auto store = agent::LocalStore::Open(dir + "/ref-outbox.db");
  if (!store.ok()) return 0;
  const auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    std::ifstream in(files + "/f" + std::to_string(i) + ".xml", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = xml::ParseAnswer(bytes);
    if (!parsed.ok()) return 0;
    v1::CheckResult r;
    r.set_check_id("00000000-0000-4000-8000-" + std::to_string(100000000000LL + i));
    r.set_source(v1::CHECK_SOURCE_FACE_READER);
    *r.mutable_eligibility() = parsed->results.at(0);
    if (!(*store)->SaveOnce(r, {2026, 12, 3}, "ref|" + std::to_string(i)).ok()) return 0;
  }
  return count / std::chrono::duration<double>(Clock::now() - start).count();
}

int Main(int argc, char** argv) {
  cli::Flags f("kakunin-face-bench [--paced N] [--interval-ms MS] [--burst N]",
               "Face-reader files picked up by the real daemon: latency p50/p99 and files/s,\n"
               "against a bare read+parse+commit loop measured in the same run.");
  f.Option("paced", "N", "files dropped one by one", "200")
      .Option("interval-ms", "MS", "between paced files", "20")
      .Option("burst", "N", "files dropped at once", "1000");
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  const int paced = *f.GetInt("paced"), burst = *f.GetInt("burst");
  const auto interval = std::chrono::milliseconds(*f.GetInt("interval-ms"));
  const std::string dir = MakeTempDir("kakunin-face-bench");
  ::chmod(dir.c_str(), 0755);
  auto rig = ServerRig::Start(dir + "/hq", "honcho", "本町薬局");
  if (!rig.ok()) return std::cerr << rig.error().ToString() << "\n", 1;
  const std::string res = dir + "/terminal/res", state = dir + "/agent/state";
  fs::create_directories(dir + "/terminal/req");
  fs::create_directories(res);
  fs::create_directories(dir + "/agent");
  auto route =
      (*rig)->Cli({"site", "route"}, {"--id", "honcho", "--route", "terminal-files", "--req-dir",
                                      dir + "/terminal/req", "--res-dir", res});
  auto token = (*rig)->IssueToken("honcho");
  if (!route.ok() || !token.ok()) return 1;
  if (!AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state, (*rig)->address(), *token, (*rig)->ca_path())
           .ok()) {
    return 1;
  }
  AgentDaemon agent(KAKUNIN_AGENT_BIN, state, {"--log-level", "warn"});
  if (!agent.Start().ok()) return std::cerr << agent.ReadLog(), 1;
  auto ready = agent.WaitStatus(
      [](const v1::AgentStatus& s) {
        return s.route().route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES &&
               s.route().first_scan_done();
      },
      std::chrono::seconds(60));
  if (!ready.ok()) return std::cerr << "daemon never followed terminal-files\n", 1;
  auto opened = agent::LocalStore::Open(state + "/outbox.db");
  if (!opened.ok()) return std::cerr << opened.error().ToString() << "\n", 1;
  agent::LocalStore& db = **opened;

  std::cerr << "paced: " << paced << " files, one every " << interval.count() << " ms\n";
  auto latencies = Run(res, db, 0, paced, interval);
  std::cerr << "burst: " << burst << " files at once\n";
  const auto burst_start = Clock::now();
  auto burst_done = Run(res, db, paced, burst, std::chrono::milliseconds(0));
  const double burst_s = std::chrono::duration<double>(Clock::now() - burst_start).count();
  opened->reset();
  const double reference = ReferencePerSecond(dir, burst);
  const bool ok = !latencies.empty() && !burst_done.empty() && reference > 0;
  const double rate = burst / burst_s;
  std::cout << "face pickup, paced (" << paced << " files, every " << interval.count()
            << " ms): latency p50 " << Percentile(latencies, 0.5) << " ms, p99 "
            << Percentile(latencies, 0.99) << " ms, max " << Percentile(latencies, 1.0) << " ms\n"
            << "face pickup, burst (" << burst << " files): " << rate << " files/s\n"
            << "reference (read + parse + commit, same run): " << reference << " files/s\n"
            << "ratio pickup/reference: " << (reference > 0 ? rate / reference : 0) << "\n"
            << (ok ? "all files became results" : "FAILED: files missing") << "\n";
  agent.Stop();
  rig->reset();
  RemoveTree(dir);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) { return kakunin::bench::Main(argc, argv); }
