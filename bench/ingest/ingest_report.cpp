#include "bench/ingest/ingest_report.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace kakunin::bench {
namespace {

// The targets, printed beside what was measured.
constexpr double kTargetResultsPerSecond = 25000;
constexpr double kTargetCopyRatio = 0.5;
constexpr int kTargetStreams = 10000;
constexpr double kTargetRssMiB = 1024;
constexpr double kTargetWatchP99Ms = 50;
constexpr double kTargetSinkRatio = 0.8;  // the bench's sink within 20 % of a minimal one
constexpr double kTargetStubRatio = 0.7;  // the server's path without its store vs the sink

double Rate(double n, double seconds) { return seconds > 0 ? n / seconds : 0; }

}  // namespace

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void PrintTable(const Measured& m, const LoadOptions& load, int sink_results, int idle_target) {
  const double server_rate = Rate(static_cast<double>(m.server.acked), m.server.seconds);
  const double copy_rate = Rate(static_cast<double>(m.copy.rows), m.copy.seconds);
  const double sink_rate = Rate(static_cast<double>(m.sink.load.acked), m.sink.load.seconds);
  const double per_1000 =
      m.streams_held ? (m.rss_held_mib - m.rss_before_mib) / m.streams_held * 1000 : 0;
  const double projected = m.rss_before_mib + per_1000 * kTargetStreams / 1000;

  std::printf(
      "\nkakunin-ingest-bench: %d agents, %lld results in batches of %d (%d in flight "
      "per stream), %d idle streams asked\n\n",
      load.agents, static_cast<long long>(load.results), load.batch, load.window, idle_target);
  if (sink_results != load.results) {
    std::printf("the no-database references (sinks, stubbed store): %d results per round\n\n",
                sink_results);
  }
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
  if (m.latency.sent > 0) {
    const LatencyReport& l = m.latency;
    auto pct = [](const Percentiles& p) {
      return Fmt("%.0f", p.p50) + " / " + Fmt("%.0f", p.p99) + " ms";
    };
    row(Fmt("agent write -> watcher @ %.0f res/s",
            l.send_seconds > 0 ? l.sent / l.send_seconds : 0),
        Fmt("p99 %.1f ms", l.total.p99), Fmt("p99 < %.0f ms", kTargetWatchP99Ms));
    row("  p50 / p95 / max",
        Fmt("%.1f", l.total.p50) + " / " + Fmt("%.1f", l.total.p95) + " / " +
            Fmt("%.0f ms", l.total.max),
        "");
    row("  results sent / seen once", std::to_string(l.sent) + " / " + std::to_string(l.seen),
        "all, once");
    row("  write -> tx start p50 / p99", pct(l.to_tx), "");
    row("  tx start -> ack p50 / p99", pct(l.tx_to_ack), "");
    row("  ack -> watcher p50 / p99", pct(l.ack_to_watch), "");
    row("  commits / mean size / mean commit",
        Fmt("%.0f", l.commits) + " / " + Fmt("%.1f", l.mean_batch) + " / " +
            Fmt("%.1f ms", l.mean_commit_ms),
        "");
    row("  commits over 50 ms", Fmt("%.0f", l.commits_over_50ms), "");
    std::string steps;
    for (const auto& [step, ms] : l.step_ms) steps += " " + step + Fmt(" %.1f", ms);
    if (!steps.empty()) std::printf("  commit steps, ms per commit:%s\n", steps.c_str());
    row("  CPU s server / postgres / bench", cpu(l.cpu), "");
  }
  row(m.copy_binary ? "raw COPY, same rows (1 conn, binary)" : "raw COPY, same rows (1 conn, text)",
      Fmt("%.0f res/s", copy_rate), "");
  row("  transactions x rows",
      std::to_string(m.copy.transactions) + " x " + std::to_string(m.copy_batch), "");
  row("  time", Fmt("%.2f s", m.copy.seconds), "");
  row("  CPU s server / postgres / bench", cpu(m.copy_cpu), "");
  row("  ratio server / COPY", Fmt("%.3f", copy_rate > 0 ? server_rate / copy_rate : 0),
      Fmt(">= %.1f", kTargetCopyRatio));
  // The data model's own cost: what PostgreSQL needs for all that the server stores.
  const double copy_all_rate = Rate(static_cast<double>(m.copy_all.rows), m.copy_all.seconds);
  row("raw COPY, result + patient + audit rows", Fmt("%.0f res/s", copy_all_rate), "");
  row("  time", Fmt("%.2f s", m.copy_all.seconds), "");
  row("  CPU s server / postgres / bench", cpu(m.copy_all_cpu), "");
  row("  ratio server / COPY of all three",
      Fmt("%.3f", copy_all_rate > 0 ? server_rate / copy_all_rate : 0), "");
  row("  ratio COPY of all three / of result rows",
      Fmt("%.3f", copy_rate > 0 ? copy_all_rate / copy_rate : 0), "");
  // What the same COPY costs on two designs the server does not implement (audit record per
  // transaction with a Merkle root; the sealed fields in the result row): the ceiling each
  // would put on the ratio above, against which the server's own share could be weighed.
  auto design = [&](const std::string& what, const CopyReport& c, const CpuSeconds& c_cpu) {
    if (c.rows == 0) return;
    const double rate = Rate(static_cast<double>(c.rows), c.seconds);
    row(what, Fmt("%.0f res/s", rate), "");
    row("  CPU s server / postgres / bench", cpu(c_cpu), "");
    row("  ratio to COPY of result rows (the ceiling)",
        Fmt("%.3f", copy_rate > 0 ? rate / copy_rate : 0), "");
  };
  design("design: audit per transaction, COPY", m.copy_merkle, m.copy_merkle_cpu);
  design("design: + patient fields in the row", m.copy_one_row, m.copy_one_row_cpu);
  // Messages each reference received: every agent's share of `sink_results` in batches (not
  // the end-to-end count, which the references do not send).
  LoadOptions sink_load = load;
  sink_load.results = sink_results;
  double batches = 0;
  for (int a = 0; a < load.agents; ++a) {
    batches += std::ceil(static_cast<double>(ResultsFor(sink_load, a)) / load.batch);
  }
  auto reference = [&](const std::string& what, const Measured::Best& b) {
    row(what, Fmt("%.0f res/s", Rate(static_cast<double>(b.load.acked), b.load.seconds)), "");
    row("  messages/s / time",
        Fmt("%.0f msg/s", Rate(batches, b.load.seconds)) + " / " + Fmt("%.2f s", b.load.seconds),
        "");
    row("  CPU s server / postgres / bench", cpu(b.cpu), "");
  };
  reference("bare gRPC sink, same agents", m.sink);
  row("  ratio server / sink", Fmt("%.3f", sink_rate > 0 ? server_rate / sink_rate : 0), "");
  const double minimal_rate =
      Rate(static_cast<double>(m.minimal.load.acked), m.minimal.load.seconds);
  reference("minimal gRPC sink, same agents", m.minimal);
  row("  ratio bench sink / minimal sink",
      Fmt("%.3f", minimal_rate > 0 ? sink_rate / minimal_rate : 0),
      Fmt(">= %.1f", kTargetSinkRatio));
  const double stub_rate = Rate(static_cast<double>(m.stub.load.acked), m.stub.load.seconds);
  reference("server path, store stubbed", m.stub);
  row("  ratio stubbed / bare sink", Fmt("%.3f", sink_rate > 0 ? stub_rate / sink_rate : 0),
      Fmt(">= %.1f", kTargetStubRatio));
  row("load generator alone (build+serialize)", Fmt("%.2f CPU s", m.generator_cpu), "");
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
  if (m.heartbeats.sampled > 0) {
    const auto& h = m.heartbeats;
    row("heartbeats: streams x rounds (1/s)",
        std::to_string(h.sampled) + " x " + std::to_string(h.rounds), "");
    row("  written p50 / p99 / max (client)",
        Fmt("%.1f", h.write_p50_ms) + " / " + Fmt("%.1f", h.write_p99_ms) + " / " +
            Fmt("%.0f ms", h.write_max_ms),
        "");
    row("  server's view p50 / p99 / max",
        Fmt("%.0f", h.view_p50_ms) + " / " + Fmt("%.0f", h.view_p99_ms) + " / " +
            Fmt("%.0f ms", h.view_max_ms),
        "< 30000 ms");
    row("  rounds seen by the server",
        std::to_string(h.rounds_seen) + " of " + std::to_string(h.rounds), "all");
    row("  server's count after heartbeats", Fmt("%.0f", m.streams_gauge_after), "");
    row("  server RSS after heartbeats", Fmt("%.0f MiB", m.rss_after_heartbeats_mib), "");
  }
  if (!m.streams_stop_reason.empty()) {
    std::printf("\nstreams stopped early: %s\n", m.streams_stop_reason.c_str());
  }
  std::printf(
      "\nend to end: first batch sent → last agent's final ack (every stream opened first); "
      "counts verified\nin check_results, check_patient_data and audit_log. COPY: libpq COPY "
      "(text; --copy-binary: binary, as the server's backlogs) into LIKE check_results\nINCLUDING "
      "ALL, synchronous_commit=on, data built before the clock. Sink: in-process callback\n"
      "AgentService, same mutual TLS, acks each batch at once. Projection = RSS before + "
      "marginal x 10,000.\n");
}

}  // namespace kakunin::bench
