#pragma once
// Simulated terminals for kakunin-ingest-bench. Each agent is what a terminal's uplink does on
// its one stream (mutual TLS, its own connection): read the Welcome, send a Hello, then stream
// ResultBatches, several in flight, until the server's Ack covers its last sequence. The same
// load runs against kakunin-server and against the bare reference sink.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/agent.grpc.pb.h"

namespace kakunin::bench {

struct Device {
  std::string device_id;
  std::string key_pem;
  std::string cert_pem;
};

struct StreamTarget {
  std::string address;  // host:port
  std::string ca_pem;   // the device CA, which also signed the server's certificate
};

// A terminal's own channel: its own TCP + TLS connection with its device certificate.
std::shared_ptr<grpc::Channel> DeviceChannel(const StreamTarget& target, const Device& device);
// The Hello a terminal sends first on its stream.
v1::AgentMessage Hello(const std::string& hostname, uint64_t last_sequence);

// Realistic results (eligibility fields present, so the server seals them) with check ids
// unique per run, agent and sequence.
class ResultFactory {
 public:
  ResultFactory();
  v1::CheckResult Make(int agent, uint64_t sequence) const;
  // Make's fields written into `r`, reusing its strings: a batch message refilled in place
  // allocates nothing, so the load generator's cost stays far below any sink's.
  void Fill(int agent, uint64_t sequence, v1::CheckResult* r) const;

 private:
  uint32_t run_nonce_;
  int64_t base_seconds_;
};

struct LoadOptions {
  int agents = 50;
  int64_t results = 200000;  // in total, split evenly over the agents
  int batch = 200;           // results per ResultBatch message
  int window = 4;            // batches in flight per stream (the server reads no more)
  std::chrono::seconds stall_timeout{60};  // no ack progress this long: the run failed
  // Continue after each device's acknowledged sequence (a server that remembers earlier
  // phases) instead of requiring fresh devices.
  bool resume = false;
};

struct LoadReport {
  double seconds = 0;    // first batch sent → last agent's final ack
  uint64_t acked = 0;    // results covered by final acks
  uint64_t rejects = 0;  // Reject messages (malformed results): must be 0
  uint64_t ack_messages = 0;
};

// Results agent `a` sends: sequences 1..ResultsFor(a).
int64_t ResultsFor(const LoadOptions& o, int agent);

// Runs the load against `target`, agent i as devices[i % devices.size()]. `alive` is polled
// once a second (e.g. "the server process still runs"); false aborts the run.
Result<LoadReport> RunLoad(const StreamTarget& target, const std::vector<Device>& devices,
                           const ResultFactory& factory, const LoadOptions& options,
                           const std::function<bool()>& alive);

// Long-lived idle terminal streams, each on its own TCP + TLS connection (as real terminals
// are), held until Close. Each stream reads whatever the server sends (as the agent does), so a
// stream the server ends while it is held (a GOAWAY, a cancel) is seen and counted as dropped.
class IdleStream;
class IdleStreams {
 public:
  // Heartbeats sent on a sample of the held streams, and what the server made of them.
  struct HeartbeatReport {
    size_t sampled = 0;  // streams that sent heartbeats
    size_t devices = 0;  // distinct devices among them
    int rounds = 0;
    int64_t sent = 0;     // heartbeats written
    int64_t written = 0;  // of which the client's transport took (the rest: stream ended)
    // Heartbeat handed to gRPC → written to the connection (client and flow control).
    double write_p50_ms = 0, write_p99_ms = 0, write_max_ms = 0;
    // First heartbeat of a round written → the server's view shows the round's outbox depth
    // (a heartbeat has no answer on the stream: the server records it, see agent_service.cpp).
    int rounds_seen = 0;
    double view_p50_ms = 0, view_p99_ms = 0, view_max_ms = 0;
    double last_view = -1;  // the server's last reading (sum of outbox depths of live devices)
  };

  IdleStreams();
  ~IdleStreams();
  // Opens up to `n` streams over `threads` threads, devices used round robin, and waits for
  // each one's Welcome. Stops at the first refusal; `why_stopped` then says what happened.
  void Open(const StreamTarget& target, const std::vector<Device>& devices, int n, int threads);
  size_t held() const { return held_.size(); }
  const std::string& why_stopped() const { return why_stopped_; }
  double open_seconds() const { return open_seconds_; }
  // Heartbeats as the agent sends them (agent/daemon/uplink_loop.cpp: every 30 s per terminal)
  // on every `every`-th held stream, in `rounds` rounds at least `pace` apart: one stream in 30
  // each second is the fleet's own heartbeat rate. Round r carries outbox depth 1000 + r on
  // every sampled stream; `outbox_view` reads the server's view of it (the
  // kakunin_agent_outbox_depth gauge: the sum over devices heard from lately; < 0 = unreadable)
  // until it shows the round or `view_timeout` passes. Nothing else may send heartbeats meanwhile.
  HeartbeatReport Heartbeats(int every, int rounds, std::chrono::milliseconds pace,
                             const std::function<double()>& outbox_view,
                             std::chrono::milliseconds view_timeout);
  // Streams the server ended while they were held (should be none), and why the first ended.
  size_t dropped() const;
  std::string first_drop() const;
  void Close();

 private:
  std::vector<std::unique_ptr<IdleStream>> held_;
  std::string why_stopped_;
  double open_seconds_ = 0;
};

}  // namespace kakunin::bench
