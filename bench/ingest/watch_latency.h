#pragma once
// The latency phase of kakunin-ingest-bench (issue 18): how long a result takes from the moment
// its terminal hands it to the stream to the moment HQ's console watcher receives its event, at
// a steady fleet-wide rate. Simulated terminals send one result per message, paced; a console
// logged in as HQ holds ConsoleService.Watch through the server's TLS port. Every result sent
// must reach the watcher exactly once (a wrong count fails the phase).
//
// The path is broken down with what each result carries back: the row's received_at is the
// server's transaction start (the writer took the result), the agent's Ack comes after the
// durable commit, and the watch event after NOTIFY → LISTEN → fetch → push.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "bench/ingest/bench_rig.h"
#include "common/core/result.h"

namespace kakunin::bench {

struct LatencyOptions {
  int agents = 50;
  int rate = 1000;                 // results/s over all agents; 0: the phase is skipped
  double seconds = 12;             // of paced sending
  std::chrono::seconds drain{30};  // for the last acks and events after sending stops
};

// Percentiles of one leg, in milliseconds.
struct Percentiles {
  size_t n = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};
Percentiles PercentilesOf(std::vector<double> ms);

struct LatencyReport {
  int64_t sent = 0;
  int64_t seen = 0;  // distinct results the watcher received
  double send_seconds = 0;
  Percentiles total;         // hand to stream → watch event
  Percentiles to_tx;         // hand to stream → the server's transaction start (transit + queue)
  Percentiles tx_to_ack;     // transaction start → the agent holds its Ack (commit + ack path)
  Percentiles ack_to_watch;  // the Ack → the watch event (NOTIFY, fetch, push; may be < 0)
  double commits = 0, mean_batch = 0, mean_commit_ms = 0;  // server metrics, this phase
  double commits_over_50ms = 0;                            // from the server's commit histogram
  // Mean ms per commit in each step of the writer's transaction (kakunin_ingest_step_seconds).
  std::vector<std::pair<std::string, double>> step_ms;
  CpuSeconds cpu;
};

Result<LatencyReport> RunWatchLatency(BenchRig& rig, const std::vector<Device>& devices,
                                      const ResultFactory& factory, const LatencyOptions& options);

}  // namespace kakunin::bench
