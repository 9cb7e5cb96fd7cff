#pragma once
// kakunin-ingest-bench's report: what one run measured, and the table that prints it beside the
// issue's targets.

#include <cstdint>
#include <string>

#include "bench/ingest/agent_load.h"
#include "bench/ingest/copy_reference.h"
#include "bench/ingest/query_phase.h"
#include "bench/ingest/watch_latency.h"

namespace kakunin::bench {

// printf of one number, as a string.
std::string Fmt(const char* format, double v);

struct Measured {
  LoadReport server;
  // CPU used during each timed phase
  CpuSeconds server_cpu, copy_cpu, copy_all_cpu, copy_merkle_cpu, copy_one_row_cpu;
  double server_transactions = 0;
  double server_mean_batch = 0;      // results per ingest transaction
  double server_mean_commit_ms = 0;  // one transaction, store to durable commit
  CopyReport copy;
  CopyReport copy_all;  // the three rows the server stores per result
  // Designs not implemented, for the data-model question (CopyShape in copy_reference.h).
  CopyReport copy_merkle, copy_one_row;
  int copy_batch = 0;
  bool copy_binary = false;  // the references in COPY's binary format, not text
  struct Best {
    LoadReport load;
    CpuSeconds cpu;
  };
  Best sink;                 // the bench's ReferenceSink, same agents
  Best minimal;              // the independent minimal sink, same agents
  Best stub;                 // the server's stream path, store stubbed
  double generator_cpu = 0;  // building and serialising the load alone
  size_t streams_held = 0;
  double streams_gauge = 0;  // the server's own count (kakunin_agents_connected)
  std::string streams_stop_reason;
  double streams_open_seconds = 0;
  double rss_before_mib = 0;
  double rss_held_mib = 0;
  int64_t server_fds = 0;
  uint64_t fd_limit = 0;
  IdleStreams::HeartbeatReport heartbeats;  // on a sample of the held streams
  double streams_gauge_after = 0;           // the server's count after the heartbeats
  double rss_after_heartbeats_mib = 0;
  QueryReport query;      // the query phase, when asked for
  LatencyReport latency;  // agent write → console watcher, when asked for
};

// The table of every row, each with its reference and target, then how each was measured.
void PrintTable(const Measured& m, const LoadOptions& load, int sink_results, int idle_target);

}  // namespace kakunin::bench
