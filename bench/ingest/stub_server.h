#pragma once
// The stubbed-store reference of kakunin-ingest-bench (issue 18): the server's own stream path
// in the bench process — AgentServiceImpl with real device authentication (the rig's device CA,
// the same TLS options and revocation check as `kakunin-server serve`, each device looked up in
// the rig's PostgreSQL when its stream opens) and an IngestWriter with `store = false`, which
// validates, seals, hashes the audit chain in memory and acknowledges, with no database.
// Measured against the bare sink with the same agents, it says what the server costs apart
// from storing.

#include <memory>

#include "bench/ingest/agent_load.h"
#include "bench/ingest/bench_rig.h"
#include "common/core/result.h"

namespace kakunin::bench {

class StubbedServer {
 public:
  static Result<std::unique_ptr<StubbedServer>> Start(BenchRig& rig);
  ~StubbedServer();
  const StreamTarget& target() const;
  uint64_t results_received() const;  // results the writer "stored"

 private:
  struct Parts;
  StubbedServer();
  std::unique_ptr<Parts> parts_;
};

}  // namespace kakunin::bench
