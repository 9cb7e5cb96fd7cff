#pragma once
// The bare gRPC reference for kakunin-ingest-bench: an in-process AgentService whose Connect
// sends a Welcome and then acknowledges every ResultBatch at once, with no database, no
// sealing, no audit. Same transport as kakunin-server: callback API, mutual TLS with the
// server's own certificate and the device CA, so the agents connect to it unchanged.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "bench/ingest/agent_load.h"
#include "common/core/result.h"

namespace kakunin::bench {

class ReferenceSink {
 public:
  static Result<std::unique_ptr<ReferenceSink>> Start(const std::string& ca_pem,
                                                      const std::string& key_pem,
                                                      const std::string& cert_pem);
  ~ReferenceSink();

  const StreamTarget& target() const { return target_; }
  uint64_t results_received() const { return received_; }

 private:
  class Service;
  ReferenceSink();

  std::atomic<uint64_t> received_{0};
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  StreamTarget target_;
};

}  // namespace kakunin::bench
