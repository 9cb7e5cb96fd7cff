// kakunin-ingest-bench: results/s from many simulated terminals into kakunin-server end to end
// (TLS stream → group commit: COPY staging, insert, sealed patient fields, audit chain, durable
// commit → ack), against two references measured in the same run on the same machine: a raw
// COPY of the same rows into a copy of check_results, and a bare in-process gRPC sink that acks
// without a database. Then how many idle terminal streams the server holds, and its RSS.
//
// Every phase checks its result (row counts, audit growth, acks covering every sequence); a
// wrong count or a dead server is exit 1. Missing a target is not: a benchmark reports.

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "bench/ingest/bench_rig.h"
#include "bench/ingest/copy_reference.h"
#include "bench/ingest/query_phase.h"
#include "bench/ingest/reference_sink.h"
#include "common/cli/flags.h"
#include "common/core/result.h"

#ifndef KAKUNIN_SERVER_BIN
#error "KAKUNIN_SERVER_BIN must name the kakunin-server binary"
#endif

namespace kakunin::bench {
namespace {

// The targets, printed beside what was measured.
constexpr double kTargetResultsPerSecond = 30000;
constexpr double kTargetCopyRatio = 0.5;
constexpr int kTargetStreams = 10000;
constexpr double kTargetRssMiB = 1024;

void Progress(const std::string& line) { std::cerr << "[ingest-bench] " << line << std::endl; }

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

struct Measured {
  LoadReport server;
  CpuSeconds server_cpu, copy_cpu, sink_cpu;  // CPU used during each timed phase
  double server_transactions = 0;
  double server_mean_batch = 0;      // results per ingest transaction
  double server_mean_commit_ms = 0;  // one transaction, store to durable commit
  CopyReport copy;
  int copy_batch = 0;
  LoadReport sink;
  size_t streams_held = 0;
  double streams_gauge = 0;  // the server's own count (kakunin_agents_connected)
  std::string streams_stop_reason;
  double streams_open_seconds = 0;
  double rss_before_mib = 0;
  double rss_held_mib = 0;
  int64_t server_fds = 0;
  uint64_t fd_limit = 0;
  QueryReport query;  // the query phase, when asked for
};

double Rate(double n, double seconds) { return seconds > 0 ? n / seconds : 0; }

int64_t CountFds(pid_t pid) {
  std::error_code ec;
  int64_t n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

// Row counts after the end-to-end phase: every result stored once, sealed, and audited.
Status Verify(BenchRig& rig, int64_t total, int64_t audit_before, const LoadReport& load) {
  KAKUNIN_ASSIGN_OR_RETURN(int64_t rows, rig.Count("SELECT count(*) FROM check_results"));
  KAKUNIN_ASSIGN_OR_RETURN(int64_t sealed, rig.Count("SELECT count(*) FROM check_patient_data"));
  KAKUNIN_ASSIGN_OR_RETURN(int64_t audit, rig.Count("SELECT count(*) FROM audit_log"));
  KAKUNIN_ASSIGN_OR_RETURN(
      int64_t audited, rig.Count("SELECT count(*) FROM audit_log WHERE event = 'check.result'"));
  Progress("verify: check_results " + std::to_string(rows) + ", check_patient_data " +
           std::to_string(sealed) + ", audit_log +" + std::to_string(audit - audit_before) +
           " (check.result " + std::to_string(audited) + "), acked " + std::to_string(load.acked) +
           ", rejects " + std::to_string(load.rejects));
  if (rows != total || sealed != total || audit - audit_before != total || audited != total ||
      static_cast<int64_t>(load.acked) != total || load.rejects != 0) {
    return MakeError(ErrorCode::kDataLoss, "bench.verify",
                     "expected " + std::to_string(total) + " everywhere: check_results " +
                         std::to_string(rows) + ", check_patient_data " + std::to_string(sealed) +
                         ", audit_log +" + std::to_string(audit - audit_before) + ", acked " +
                         std::to_string(load.acked) + ", rejects " + std::to_string(load.rejects));
  }
  return OkStatus();
}

void PrintTable(const Measured& m, const LoadOptions& load, int idle_target) {
  const double server_rate = Rate(static_cast<double>(m.server.acked), m.server.seconds);
  const double copy_rate = Rate(static_cast<double>(m.copy.rows), m.copy.seconds);
  const double sink_rate = Rate(static_cast<double>(m.sink.acked), m.sink.seconds);
  const double per_1000 =
      m.streams_held ? (m.rss_held_mib - m.rss_before_mib) / m.streams_held * 1000 : 0;
  const double projected = m.rss_before_mib + per_1000 * kTargetStreams / 1000;

  std::printf(
      "\nkakunin-ingest-bench: %d agents, %lld results in batches of %d (%d in flight "
      "per stream), %d idle streams asked\n\n",
      load.agents, static_cast<long long>(load.results), load.batch, load.window, idle_target);
  std::printf("%-40s %18s %18s\n", "measure", "measured", "target");
  auto row = [](const std::string& what, const std::string& value, const std::string& target) {
    std::printf("%-40s %18s %18s\n", what.c_str(), value.c_str(), target.c_str());
  };
  auto cpu = [](const CpuSeconds& c) {
    return Fmt("%.1f", c.server) + " / " + Fmt("%.1f", c.postgres) + " / " + Fmt("%.1f", c.bench);
  };
  row("end to end (seal, audit, durable)", Fmt("%.0f res/s", server_rate),
      Fmt(">= %.0f res/s", kTargetResultsPerSecond));
  row("  time", Fmt("%.2f s", m.server.seconds), "");
  row("  server transactions / mean size",
      Fmt("%.0f", m.server_transactions) + " / " + Fmt("%.0f", m.server_mean_batch), "");
  row("  server mean commit", Fmt("%.1f ms", m.server_mean_commit_ms), "");
  row("  CPU s server / postgres / bench", cpu(m.server_cpu), "");
  row("raw COPY, same rows (1 conn)", Fmt("%.0f res/s", copy_rate), "");
  row("  transactions x rows",
      std::to_string(m.copy.transactions) + " x " + std::to_string(m.copy_batch), "");
  row("  time", Fmt("%.2f s", m.copy.seconds), "");
  row("  CPU s server / postgres / bench", cpu(m.copy_cpu), "");
  row("  ratio server / COPY", Fmt("%.3f", copy_rate > 0 ? server_rate / copy_rate : 0),
      Fmt(">= %.1f", kTargetCopyRatio));
  row("bare gRPC sink, same agents", Fmt("%.0f res/s", sink_rate), "");
  row("  time", Fmt("%.2f s", m.sink.seconds), "");
  row("  CPU s server / postgres / bench", cpu(m.sink_cpu), "");
  row("  ratio server / sink", Fmt("%.3f", sink_rate > 0 ? server_rate / sink_rate : 0), "");
  row("concurrent streams held", std::to_string(m.streams_held),
      ">= " + std::to_string(kTargetStreams));
  row("  server's own count (gauge)", Fmt("%.0f", m.streams_gauge), "");
  row("  server fds / fd limit", std::to_string(m.server_fds) + " / " + std::to_string(m.fd_limit),
      "");
  row("server RSS before / with streams",
      Fmt("%.0f", m.rss_before_mib) + " / " + Fmt("%.0f MiB", m.rss_held_mib), "");
  row("  RSS per 1000 streams (marginal)", Fmt("%.1f MiB", per_1000), "");
  row("  RSS projected at 10,000 streams", Fmt("%.0f MiB", projected),
      Fmt("< %.0f MiB", kTargetRssMiB));
  if (!m.streams_stop_reason.empty()) {
    std::printf("\nstreams stopped early: %s\n", m.streams_stop_reason.c_str());
  }
  std::printf(
      "\nend to end: first batch sent → last agent's final ack (every stream opened first); "
      "counts verified\nin check_results, check_patient_data and audit_log. COPY: libpq COPY "
      "text into LIKE check_results\nINCLUDING ALL, synchronous_commit=on, text built before "
      "the clock. Sink: in-process callback\nAgentService, same mutual TLS, acks each batch "
      "at once. Projection = RSS before + marginal x 10,000.\n");
}

struct Args {
  LoadOptions load;
  int idle_streams = 2000;
  int copy_batch = 0;
  RigOptions rig;
  QueryOptions query;
};

Result<int> PositiveInt(const cli::Flags& flags, const std::string& name, int min) {
  Result<int> v = flags.GetInt(name);
  if (!v.ok() || *v < min) {
    return MakeError(ErrorCode::kInvalidArgument, "bench.flags",
                     "--" + name + " must be an integer >= " + std::to_string(min));
  }
  return v;
}

Status ServerDied(BenchRig& rig, const std::string& phase) {
  return MakeError(ErrorCode::kInternal, "bench.server_died",
                   "kakunin-server died during " + phase + ":\n" + rig.ServerLogTail());
}

// 2. End to end, then the counts in the database and the server's own ingest metrics.
Status EndToEnd(BenchRig& rig, const std::vector<Device>& devices, const ResultFactory& factory,
                const LoadOptions& load, Measured& m) {
  KAKUNIN_ASSIGN_OR_RETURN(int64_t audit_before, rig.Count("SELECT count(*) FROM audit_log"));
  Progress("end to end: " + std::to_string(load.results) + " results from " +
           std::to_string(load.agents) + " agents");
  const CpuSeconds cpu0 = rig.Cpu();
  Result<LoadReport> e2e =
      RunLoad(rig.target(), devices, factory, load, [&] { return rig.ServerRunning(); });
  m.server_cpu = rig.Cpu() - cpu0;
  if (!rig.ServerRunning()) return ServerDied(rig, "the end-to-end phase");
  if (!e2e.ok()) return e2e.error();
  m.server = *e2e;
  Progress(Fmt("end to end: %.2f s", m.server.seconds));
  KAKUNIN_RETURN_IF_ERROR(Verify(rig, load.results, audit_before, m.server));
  KAKUNIN_ASSIGN_OR_RETURN(auto metrics, rig.Metrics());
  m.server_transactions = metrics["kakunin_ingest_transactions_total"];
  const double batches = metrics["kakunin_ingest_batch_results_count"];
  m.server_mean_batch = batches > 0 ? metrics["kakunin_ingest_batch_results_sum"] / batches : 0;
  const double commits = metrics["kakunin_ingest_commit_seconds_count"];
  m.server_mean_commit_ms =
      commits > 0 ? 1000 * metrics["kakunin_ingest_commit_seconds_sum"] / commits : 0;
  return OkStatus();
}

// 3. Raw COPY; by default in transactions as large as the server's were, so that both pay
// as many durable commits.
Status RawCopy(BenchRig& rig, const std::vector<Device>& devices, const ResultFactory& factory,
               const LoadOptions& load, int copy_batch, Measured& m) {
  m.copy_batch =
      copy_batch > 0 ? copy_batch : std::max(1, static_cast<int>(std::lround(m.server_mean_batch)));
  Progress("raw COPY: " + std::to_string(load.results) + " rows, " + std::to_string(m.copy_batch) +
           " per transaction");
  const CpuSeconds cpu0 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(
      m.copy, RunCopyReference(rig.dsn(), devices, kBenchSiteId, factory, load, m.copy_batch));
  m.copy_cpu = rig.Cpu() - cpu0;
  Progress(Fmt("raw COPY: %.2f s", m.copy.seconds));
  return OkStatus();
}

// 4. The same agents and batches into the bare in-process sink.
Status BareSink(BenchRig& rig, const std::vector<Device>& devices, const ResultFactory& factory,
                const LoadOptions& load, Measured& m) {
  KAKUNIN_ASSIGN_OR_RETURN(
      std::unique_ptr<ReferenceSink> sink,
      ReferenceSink::Start(rig.target().ca_pem, rig.server_key_pem(), rig.server_cert_pem()));
  Progress("bare gRPC sink on " + sink->target().address);
  const CpuSeconds cpu0 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(m.sink,
                           RunLoad(sink->target(), devices, factory, load, [] { return true; }));
  m.sink_cpu = rig.Cpu() - cpu0;
  if (sink->results_received() != static_cast<uint64_t>(load.results)) {
    return MakeError(ErrorCode::kDataLoss, "bench.sink",
                     "the sink received " + std::to_string(sink->results_received()) +
                         " results, not " + std::to_string(load.results));
  }
  Progress(Fmt("bare gRPC sink: %.2f s", m.sink.seconds));
  return OkStatus();
}

// 5. Idle streams held by the server, its RSS and descriptors while it holds them.
Status HoldIdleStreams(BenchRig& rig, const std::vector<Device>& devices, int n, Measured& m) {
  KAKUNIN_ASSIGN_OR_RETURN(m.rss_before_mib, rig.ServerRssMiB());
  Progress("opening " + std::to_string(n) + " idle streams (server RSS " +
           Fmt("%.0f MiB)", m.rss_before_mib));
  IdleStreams idle;
  idle.Open(rig.target(), devices, n, /*threads=*/2);
  m.streams_held = idle.held();
  m.streams_stop_reason = idle.why_stopped();
  m.streams_open_seconds = idle.open_seconds();
  if (!rig.ServerRunning()) return ServerDied(rig, "the idle-stream phase");
  // The server registers a stream before its Welcome; its gauge should already agree.
  testing::WaitFor(
      [&] {
        auto g = rig.Metrics();
        m.streams_gauge = g.ok() ? (*g)["kakunin_agents_connected"] : -1;
        return m.streams_gauge >= static_cast<double>(m.streams_held);
      },
      std::chrono::seconds(30));
  KAKUNIN_ASSIGN_OR_RETURN(m.rss_held_mib, rig.ServerRssMiB());
  m.server_fds = CountFds(rig.server_pid());
  Progress("held " + std::to_string(m.streams_held) + " streams (opened in " +
           Fmt("%.1f s), server RSS ", m.streams_open_seconds) + Fmt("%.0f MiB", m.rss_held_mib));
  return OkStatus();
}

Status RunPhases(const Args& args, Measured& m) {
  m.fd_limit = RaiseFdLimit();  // before any child starts: they inherit it
  Progress("fd limit " + std::to_string(m.fd_limit) + "; starting PostgreSQL and kakunin-server");
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<BenchRig> rig, BenchRig::Start(args.rig));
  if (args.rig.keep) Progress("keeping " + rig->dir());
  Progress("enrolling " + std::to_string(args.load.agents) + " terminals");
  KAKUNIN_ASSIGN_OR_RETURN(std::vector<Device> devices, rig->Enroll(args.load.agents));
  ResultFactory factory;
  KAKUNIN_RETURN_IF_ERROR(EndToEnd(*rig, devices, factory, args.load, m));
  KAKUNIN_RETURN_IF_ERROR(RawCopy(*rig, devices, factory, args.load, args.copy_batch, m));
  KAKUNIN_RETURN_IF_ERROR(BareSink(*rig, devices, factory, args.load, m));
  if (!rig->ServerRunning()) return ServerDied(*rig, "the reference phases");
  KAKUNIN_RETURN_IF_ERROR(HoldIdleStreams(*rig, devices, args.idle_streams, m));
  if (!rig->ServerRunning()) return ServerDied(*rig, "closing the idle streams");
  if (args.query.rows > 0) {
    KAKUNIN_ASSIGN_OR_RETURN(m.query, RunQueryPhase(*rig, args.query));
    if (!rig->ServerRunning()) return ServerDied(*rig, "the query phase");
  }
  Progress("stopping kakunin-server and PostgreSQL");
  return OkStatus();
}

int Run(int argc, char** argv) {
  cli::Flags flags(
      "kakunin-ingest-bench [--agents N] [--results N] [--batch N] [--idle-streams N] …",
      "Streams results from simulated terminals into kakunin-server (PostgreSQL, audit,\n"
      "durable commit) and, in the same run, the same rows by raw COPY and the same streams\n"
      "into a bare gRPC sink; then holds idle streams and reads the server's RSS.");
  flags.Option("agents", "N", "simulated terminals streaming results", "50")
      .Option("results", "N", "results in total, split over the agents", "200000")
      .Option("batch", "N", "results per ResultBatch message", "200")
      .Option("idle-streams", "N", "idle terminal streams to open and hold", "2000")
      .Option("copy-batch", "N", "rows per COPY transaction (0: the server's mean)", "0")
      .Option("query-rows", "N",
              "checks loaded for the query phase (console RPCs at 10 M rows); 0: skipped", "0")
      .Option("pg-user", "USER", "unprivileged user for PostgreSQL when root", "nobody")
      .Option("server-bin", "FILE", "kakunin-server to run", KAKUNIN_SERVER_BIN)
      .Option("server-args", "\"ARGS\"",
              "extra `serve` arguments, e.g. \"--ingest-writers 2 --batch-max 4000\"")
      .Bool("keep", "keep the temporary directory (PostgreSQL data, logs)");
  if (auto s = flags.Parse(argc, argv); !s.ok()) {
    std::cerr << "kakunin-ingest-bench: " << s.error().ToString() << "\n";
    return 2;
  }
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return 0;
  }
  Args args;
  for (auto [name, out, min] : {std::tuple{"agents", &args.load.agents, 1},
                                {"batch", &args.load.batch, 1},
                                {"idle-streams", &args.idle_streams, 0},
                                {"copy-batch", &args.copy_batch, 0}}) {
    Result<int> v = PositiveInt(flags, name, min);
    if (!v.ok()) {
      std::cerr << "kakunin-ingest-bench: " << v.error().message() << "\n";
      return 2;
    }
    *out = *v;
  }
  Result<int> results = PositiveInt(flags, "results", 1);
  if (!results.ok() || *results < args.load.agents) {
    std::cerr << "kakunin-ingest-bench: --results must be at least --agents\n";
    return 2;
  }
  args.load.results = *results;
  Result<int> query_rows = PositiveInt(flags, "query-rows", 0);
  if (!query_rows.ok() || (*query_rows > 0 && *query_rows < 50'000)) {
    std::cerr << "kakunin-ingest-bench: --query-rows must be 0 or at least 50000\n";
    return 2;
  }
  args.query.rows = *query_rows;
  args.rig.server_bin = flags.Get("server-bin");
  args.rig.server_args = SplitWords(flags.Get("server-args"));
  args.rig.pg_user = flags.Get("pg-user");
  args.rig.keep = flags.GetBool("keep");

  Measured m;
  if (Status s = RunPhases(args, m); !s.ok()) {
    std::cerr << "kakunin-ingest-bench: " << s.error().ToString() << "\n";
    return 1;
  }
  PrintTable(m, args.load, args.idle_streams);
  if (args.query.rows > 0) PrintQueryTable(args.query, m.query);
  return 0;
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) { return kakunin::bench::Run(argc, argv); }
