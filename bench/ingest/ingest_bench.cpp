// kakunin-ingest-bench: results/s from many simulated terminals into kakunin-server end to end
// (TLS stream → group commit: COPY staging, insert, sealed patient fields, audit chain, durable
// commit → ack), against two references measured in the same run on the same machine: a raw
// COPY of the same rows into a copy of check_results, and a bare in-process gRPC sink that acks
// without a database. Then how many idle terminal streams the server holds, and its RSS.
//
// Every phase checks its result (row counts, audit growth, acks covering every sequence); a
// wrong count or a dead server is exit 1. Missing a target is not: a benchmark reports.

#include <spdlog/spdlog.h>
#include <time.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "bench/ingest/bench_rig.h"
#include "bench/ingest/copy_reference.h"
#include "bench/ingest/ingest_report.h"
#include "bench/ingest/minimal_sink.h"
#include "bench/ingest/query_phase.h"
#include "bench/ingest/reference_sink.h"
#include "bench/ingest/stub_server.h"
#include "bench/ingest/watch_latency.h"
#include "common/cli/flags.h"
#include "common/core/result.h"
#include "server/rpc/agent_service.h"

#ifndef KAKUNIN_SERVER_BIN
#error "KAKUNIN_SERVER_BIN must name the kakunin-server binary"
#endif

namespace kakunin::bench {
namespace {

void Progress(const std::string& line) { std::cerr << "[ingest-bench] " << line << std::endl; }

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

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

struct Args {
  LoadOptions load;
  int sink_rounds = 2;
  // Results per round of the no-database references: --sink-results, else load.results.
  int sink_results = 0;
  LatencyOptions latency;
  int idle_streams = 2000;
  int copy_batch = 0;
  bool designs = true;  // the COPY references of designs the server does not implement
  bool copy_binary = false;
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
               const LoadOptions& load, int copy_batch, bool designs, Measured& m) {
  const CopyFormat format = m.copy_binary ? CopyFormat::kBinary : CopyFormat::kText;
  m.copy_batch =
      copy_batch > 0 ? copy_batch : std::max(1, static_cast<int>(std::lround(m.server_mean_batch)));
  Progress("raw COPY: " + std::to_string(load.results) + " rows, " + std::to_string(m.copy_batch) +
           " per transaction");
  const CpuSeconds cpu0 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(m.copy, RunCopyReference(rig.dsn(), devices, kBenchSiteId, factory, load,
                                                    m.copy_batch, CopyShape::kResultRows, format));
  m.copy_cpu = rig.Cpu() - cpu0;
  Progress(Fmt("raw COPY: %.2f s", m.copy.seconds));
  const CpuSeconds cpu1 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(
      m.copy_all, RunCopyReference(rig.dsn(), devices, kBenchSiteId, factory, load, m.copy_batch,
                                   CopyShape::kAllThree, format));
  m.copy_all_cpu = rig.Cpu() - cpu1;
  Progress(Fmt("raw COPY of all three rows per result: %.2f s", m.copy_all.seconds));
  if (!designs) return OkStatus();
  const CpuSeconds cpu2 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(
      m.copy_merkle, RunCopyReference(rig.dsn(), devices, kBenchSiteId, factory, load, m.copy_batch,
                                      CopyShape::kAuditPerTransaction, format));
  m.copy_merkle_cpu = rig.Cpu() - cpu2;
  Progress(Fmt("raw COPY, audit record per transaction: %.2f s", m.copy_merkle.seconds));
  const CpuSeconds cpu3 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(m.copy_one_row,
                           RunCopyReference(rig.dsn(), devices, kBenchSiteId, factory, load,
                                            m.copy_batch, CopyShape::kOneRowPerResult, format));
  m.copy_one_row_cpu = rig.Cpu() - cpu3;
  Progress(Fmt("raw COPY, one row per result: %.2f s", m.copy_one_row.seconds));
  return OkStatus();
}

// 4. The same agents and batches into in-process references without a database: the bench's
// ReferenceSink, the independent minimal sink it is measured against, and the server's own
// stream path with its store stubbed. Sinks ack from sequence 1; the stubbed server knows the
// devices' acknowledged sequences from the database, so its agents resume after them.
template <typename Sink>
Status SinkPhase(BenchRig& rig, const std::vector<Device>& devices, const ResultFactory& factory,
                 LoadOptions load, const std::string& name, Measured::Best& best) {
  std::unique_ptr<Sink> sink;
  if constexpr (std::is_same_v<Sink, StubbedServer>) {
    KAKUNIN_ASSIGN_OR_RETURN(sink, StubbedServer::Start(rig));
    load.resume = true;
  } else {
    KAKUNIN_ASSIGN_OR_RETURN(
        sink, Sink::Start(rig.target().ca_pem, rig.server_key_pem(), rig.server_cert_pem()));
  }
  Progress(name + " on " + sink->target().address);
  const CpuSeconds cpu0 = rig.Cpu();
  KAKUNIN_ASSIGN_OR_RETURN(LoadReport run,
                           RunLoad(sink->target(), devices, factory, load, [] { return true; }));
  const CpuSeconds cpu = rig.Cpu() - cpu0;
  if (sink->results_received() != static_cast<uint64_t>(load.results) ||
      run.acked != static_cast<uint64_t>(load.results) || run.rejects != 0) {
    return MakeError(ErrorCode::kDataLoss, "bench.sink",
                     name + " received " + std::to_string(sink->results_received()) +
                         " results and acked " + std::to_string(run.acked) + ", not " +
                         std::to_string(load.results));
  }
  Progress(name + Fmt(": %.2f s", run.seconds));
  // The fastest round: the least disturbed by whatever else the machine runs.
  if (best.load.seconds == 0 || run.seconds < best.load.seconds) best = {run, cpu};
  return OkStatus();
}

// What the load generator spends building and serialising every batch of the load, on one
// thread: the part of a sink phase's bench CPU that is not the sink (TLS and HTTP/2 aside).
double GeneratorCpuSeconds(const ResultFactory& factory, const LoadOptions& load) {
  auto thread_cpu = [] {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  const double t0 = thread_cpu();
  v1::AgentMessage msg;
  std::string bytes;
  for (int a = 0; a < load.agents; ++a) {
    const uint64_t last = static_cast<uint64_t>(ResultsFor(load, a));
    for (uint64_t sent = 0; sent < last; sent += static_cast<uint64_t>(load.batch)) {
      msg.mutable_results()->mutable_results()->Clear();
      for (uint64_t s = sent + 1; s <= std::min(last, sent + load.batch); ++s) {
        factory.Fill(a, s, msg.mutable_results()->add_results());
      }
      msg.SerializeToString(&bytes);
    }
  }
  return thread_cpu() - t0;
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
  // Heartbeats on a sample while every stream is held: one stream in 30 each second is the
  // fleet's own rate at the agent's 30 s pacing. The server's view is its outbox-depth gauge.
  auto outbox_view = [&] {
    auto g = rig.Metrics();
    if (!g.ok()) return -1.0;
    auto it = g->find("kakunin_agent_outbox_depth");
    return it == g->end() ? -1.0 : it->second;
  };
  m.heartbeats =
      idle.Heartbeats(30, 10, std::chrono::seconds(1), outbox_view, std::chrono::seconds(10));
  Progress("heartbeats: " + std::to_string(m.heartbeats.rounds_seen) + " of " +
           std::to_string(m.heartbeats.rounds) + " rounds seen by the server, view p50 " +
           Fmt("%.0f ms", m.heartbeats.view_p50_ms));
  if (auto g = rig.Metrics(); g.ok()) m.streams_gauge_after = (*g)["kakunin_agents_connected"];
  if (auto r = rig.ServerRssMiB(); r.ok()) m.rss_after_heartbeats_mib = *r;
  if (!rig.ServerRunning()) return ServerDied(rig, "the heartbeats");
  // A live terminal's stream must never be ended by the server (a GOAWAY under memory
  // pressure, a keepalive policy): any such end fails the run.
  if (size_t dropped = idle.dropped(); dropped > 0) {
    return MakeError(ErrorCode::kUnavailable, "bench.streams_dropped",
                     std::to_string(dropped) + " held streams were ended by the server (first: " +
                         idle.first_drop() + ")");
  }
  return OkStatus();
}

Status RunPhases(const Args& args, Measured& m) {
  m.fd_limit = RaiseFdLimit();  // before any child starts: they inherit it
  Progress("fd limit " + std::to_string(m.fd_limit) + "; starting PostgreSQL and kakunin-server");
  KAKUNIN_ASSIGN_OR_RETURN(std::unique_ptr<BenchRig> rig, BenchRig::Start(args.rig));
  if (args.rig.keep) Progress("keeping " + rig->dir());
  Progress("enrolling " + std::to_string(args.load.agents) + " terminals");
  KAKUNIN_ASSIGN_OR_RETURN(std::vector<Device> devices,
                           rig->Enroll(std::max(args.load.agents, args.latency.agents)));
  ResultFactory factory;
  KAKUNIN_RETURN_IF_ERROR(EndToEnd(*rig, devices, factory, args.load, m));
  if (args.latency.rate > 0) {
    KAKUNIN_ASSIGN_OR_RETURN(m.latency, RunWatchLatency(*rig, devices, factory, args.latency));
    if (!rig->ServerRunning()) return ServerDied(*rig, "the latency phase");
  }
  KAKUNIN_RETURN_IF_ERROR(
      RawCopy(*rig, devices, factory, args.load, args.copy_batch, args.designs, m));
  // Rounds interleaved, so that a burst of other work on the machine hits one round of each,
  // not every round of one. More results per round than end to end make these phases, each
  // under a second at 100,000, less at the mercy of a moment's disturbance.
  LoadOptions sink_load = args.load;
  sink_load.results = args.sink_results;
  for (int round = 0; round < args.sink_rounds; ++round) {
    KAKUNIN_RETURN_IF_ERROR(
        SinkPhase<ReferenceSink>(*rig, devices, factory, sink_load, "bare gRPC sink", m.sink));
    KAKUNIN_RETURN_IF_ERROR(
        SinkPhase<MinimalSink>(*rig, devices, factory, sink_load, "minimal gRPC sink", m.minimal));
    KAKUNIN_RETURN_IF_ERROR(
        SinkPhase<StubbedServer>(*rig, devices, factory, sink_load, "stubbed store", m.stub));
  }
  m.generator_cpu = GeneratorCpuSeconds(factory, sink_load);
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
  // The stubbed-store phase runs the server's own classes in this process: their per-stream
  // info lines would bury the table.
  spdlog::set_level(spdlog::level::warn);
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
      .Option("sink-rounds", "N",
              "rounds of the no-database references (bare, minimal sink, stubbed store), "
              "interleaved; the fastest of each is reported",
              "2")
      .Option("sink-results", "N",
              "results per round of those references (0: as --results); more gives steadier "
              "ratios",
              "0")
      .Option("latency-rate", "N",
              "results/s from paced agents while HQ watches (agent write → watcher); 0: skipped",
              "1000")
      .Option("latency-agents", "N", "paced agents of the latency phase", "50")
      .Option("latency-seconds", "S", "seconds of paced sending in the latency phase", "12")
      .Option("pg-user", "USER", "unprivileged user for PostgreSQL when root", "nobody")
      .Option("server-bin", "FILE", "kakunin-server to run", KAKUNIN_SERVER_BIN)
      .Option("server-args", "\"ARGS\"",
              "extra `serve` arguments, e.g. \"--ingest-writers 2 --batch-max 4000\"")
      .Bool("no-designs",
            "skip the COPY of two designs the server does not implement (audit record per "
            "transaction; patient fields in the result row)")
      .Bool("copy-binary",
            "the COPY references in binary format, as the server sends a backlog (default: text, "
            "which PostgreSQL took no slower)")
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
  int latency_seconds = 0;
  for (auto [name, out, min] : {std::tuple{"agents", &args.load.agents, 1},
                                {"batch", &args.load.batch, 1},
                                {"idle-streams", &args.idle_streams, 0},
                                {"copy-batch", &args.copy_batch, 0},
                                {"sink-rounds", &args.sink_rounds, 1},
                                {"latency-rate", &args.latency.rate, 0},
                                {"latency-agents", &args.latency.agents, 1},
                                {"latency-seconds", &latency_seconds, 1}}) {
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
  Result<int> sink_results = PositiveInt(flags, "sink-results", 0);
  if (!sink_results.ok() || (*sink_results > 0 && *sink_results < args.load.agents)) {
    std::cerr << "kakunin-ingest-bench: --sink-results must be 0 or at least --agents\n";
    return 2;
  }
  args.sink_results = *sink_results > 0 ? *sink_results : args.load.results;
  args.latency.seconds = latency_seconds;
  Result<int> query_rows = PositiveInt(flags, "query-rows", 0);
  if (!query_rows.ok() || (*query_rows > 0 && *query_rows < 50'000)) {
    std::cerr << "kakunin-ingest-bench: --query-rows must be 0 or at least 50000\n";
    return 2;
  }
  args.query.rows = *query_rows;
  args.rig.server_bin = flags.Get("server-bin");
  // Each simulated terminal sends as fast as HQ answers (the server's capacity is what is
  // measured), far above the 400 a second HQ allows one terminal at the default catch-up rate:
  // that limit is lifted, first, so --server-args can set it again.
  args.rig.server_args = {"--catchup-rate", "0"};
  for (auto& word : SplitWords(flags.Get("server-args"))) args.rig.server_args.push_back(word);
  // The idle streams share the load's terminals (enrolling 10,000 would take longer than the
  // bench's measurements): the server's limits of streams per terminal, and of how fast one
  // terminal opens them, are lifted for them.
  if (args.idle_streams > static_cast<int>(server::AgentServiceImpl::kStreamsPerTerminal) *
                              std::max(args.load.agents, args.latency.agents)) {
    args.rig.server_args.insert(args.rig.server_args.end(),
                                {"--streams-per-terminal", "0", "--stream-opens-per-minute", "0"});
  }
  args.rig.pg_user = flags.Get("pg-user");
  args.rig.keep = flags.GetBool("keep");
  args.designs = !flags.GetBool("no-designs");
  args.copy_binary = flags.GetBool("copy-binary");

  Measured m;
  m.copy_binary = args.copy_binary;
  if (Status s = RunPhases(args, m); !s.ok()) {
    std::cerr << "kakunin-ingest-bench: " << s.error().ToString() << "\n";
    return 1;
  }
  PrintTable(m, args.load, args.sink_results, args.idle_streams);
  if (args.query.rows > 0) PrintQueryTable(args.query, m.query);
  return 0;
}

}  // namespace
}  // namespace kakunin::bench

int main(int argc, char** argv) { return kakunin::bench::Run(argc, argv); }
