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

// Realistic results (eligibility fields present, so the server seals them) with check ids
// unique per run, agent and sequence.
class ResultFactory {
 public:
  ResultFactory();
  v1::CheckResult Make(int agent, uint64_t sequence) const;

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
// are), held until Close.
class IdleStreams {
 public:
  ~IdleStreams();
  // Opens up to `n` streams over `threads` threads, devices used round robin, and waits for
  // each one's Welcome. Stops at the first refusal; `why_stopped` then says what happened.
  void Open(const StreamTarget& target, const std::vector<Device>& devices, int n, int threads);
  size_t held() const { return held_.size(); }
  const std::string& why_stopped() const { return why_stopped_; }
  double open_seconds() const { return open_seconds_; }
  void Close();

 private:
  struct Held {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::ClientContext> ctx;
    std::unique_ptr<grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>> stream;
  };
  std::vector<Held> held_;
  std::string why_stopped_;
  double open_seconds_ = 0;
};

}  // namespace kakunin::bench
