#pragma once
// The independent yardstick for the bench's own sink (issue 18): the least code that accepts
// the terminals' mutual-TLS stream and acknowledges each batch — a typed callback reactor with
// one outstanding write and the newest sequence to acknowledge, nothing else. If ReferenceSink
// is slower than this, the difference is ReferenceSink's, not gRPC's.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "bench/ingest/agent_load.h"
#include "common/core/result.h"

namespace kakunin::bench {

class MinimalSink {
 public:
  static Result<std::unique_ptr<MinimalSink>> Start(const std::string& ca_pem,
                                                    const std::string& key_pem,
                                                    const std::string& cert_pem);
  ~MinimalSink();
  const StreamTarget& target() const { return target_; }
  uint64_t results_received() const { return received_; }

 private:
  class Service;
  MinimalSink();
  std::atomic<uint64_t> received_{0};
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  StreamTarget target_;
};

}  // namespace kakunin::bench
