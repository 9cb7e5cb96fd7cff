#pragma once
// A terminal for server tests, speaking the real protocol: enrolls with a one-time token (EC key
// made here), then opens mutual-TLS streams, sends result batches and reads what the server
// sends back (welcome, config, acks, rejects, signed audit heads).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/agent.grpc.pb.h"

namespace kakunin::testing {

class TerminalStream {
 public:
  TerminalStream(std::shared_ptr<grpc::Channel> channel);
  // Reads the welcome; false when the server refused the stream (see Close()).
  bool Open();
  uint64_t welcome_acked() const { return welcome_acked_; }
  bool Send(const std::vector<v1::CheckResult>& results);
  // Reads until an ack covering `seq` arrives; the last ack seen, or an error when the stream
  // ended first.
  Result<uint64_t> WaitAck(uint64_t seq);
  grpc::Status Close();
  const std::vector<v1::SignedAuditHead>& heads() const { return heads_; }
  const std::vector<v1::Reject>& rejects() const { return rejects_; }
  grpc::ClientContext& context() { return ctx_; }

 private:
  std::unique_ptr<v1::AgentService::Stub> stub_;
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>> stream_;
  uint64_t welcome_acked_ = 0, last_ack_ = 0;
  std::vector<v1::SignedAuditHead> heads_;
  std::vector<v1::Reject> rejects_;
  bool closed_ = false;
};

class TestTerminal {
 public:
  static Result<TestTerminal> Enroll(const std::string& address, const std::string& ca_pem,
                                     const std::string& token);
  const std::string& device_id() const { return device_id_; }
  std::unique_ptr<TerminalStream> Connect(const std::string& address) const;
  // A new mutual-TLS channel (its own connection) as this terminal, for tests that drive the
  // stream themselves (tests/cluster).
  std::shared_ptr<grpc::Channel> Channel(const std::string& address) const;

  // A plausible eligible result (patient fields included, so sealing runs).
  static v1::CheckResult MakeResult(uint64_t sequence, const std::string& check_id);
  // A UUID unique in this process run.
  static std::string NewCheckId();

 private:
  std::string device_id_, key_pem_, cert_pem_, ca_pem_;
};

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const std::string& ca_pem,
                                          const std::string& key_pem = "",
                                          const std::string& cert_pem = "");

}  // namespace kakunin::testing
