#include "agent/uplink/uplink_client.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/rpc/status.h"
#include "kakunin/v1/agent.grpc.pb.h"

namespace kakunin::agent {
namespace {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& server, const std::string& ca_pem,
                                           const std::string& key_pem,
                                           const std::string& cert_pem) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  tls.pem_private_key = key_pem;
  tls.pem_cert_chain = cert_pem;
  return grpc::CreateChannel(server, grpc::SslCredentials(tls));
}

}  // namespace

Result<v1::EnrollResponse> Enroll(const EnrollOptions& o) {
  std::ifstream in(o.ca_file);
  if (!in)
    return MakeError(ErrorCode::kNotFound, "enroll.no_ca", "cannot read CA file " + o.ca_file);
  std::stringstream ss;
  ss << in.rdbuf();
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEcP256Key());
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", o.facts.hostname()}}));
  v1::EnrollRequest req;
  req.set_token(o.token);
  KAKUNIN_ASSIGN_OR_RETURN(*req.mutable_csr_pem(), crypto::CsrToPem(csr.get()));
  *req.mutable_facts() = o.facts;
  auto stub = v1::AgentService::NewStub(MakeChannel(o.server, ss.str(), "", ""));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::EnrollResponse resp;
  auto status = stub->Enroll(&ctx, req, &resp);
  if (!status.ok()) return rpc::FromGrpcStatus(status, "uplink.rpc_failed", "enrollment refused");
  TerminalState state;
  state.dir = o.state_dir;
  state.device_id = resp.device_id();
  state.site_id = resp.site_id();
  state.server = o.server;
  state.verification_code = resp.verification_code();
  KAKUNIN_ASSIGN_OR_RETURN(state.key_pem, crypto::PrivateKeyToPem(key.get()));
  state.cert_pem = resp.certificate_pem();
  state.ca_pem = resp.ca_chain_pem();
  KAKUNIN_RETURN_IF_ERROR(SaveTerminalState(state));
  return resp;
}

Result<uint64_t> DeliverResults(const TerminalState& state, const v1::TerminalFacts& facts,
                                const std::vector<v1::CheckResult>& results,
                                std::chrono::seconds timeout) {
  auto stub = v1::AgentService::NewStub(
      MakeChannel(state.server, state.ca_pem, state.key_pem, state.cert_pem));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  auto stream = stub->Connect(&ctx);
  v1::ServerMessage msg;
  if (!stream->Read(&msg) || !msg.has_welcome()) {
    return rpc::FromGrpcStatus(stream->Finish(), "uplink.rpc_failed", "server refused the stream");
  }
  uint64_t acked = msg.welcome().acked_sequence();
  // The server sends this terminal's settings right after the welcome.
  if (stream->Read(&msg) && msg.has_config()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(msg.config(), &json);
    KAKUNIN_RETURN_IF_ERROR(SaveTerminalConfig(state.dir, json));
  }
  uint64_t want = 0;
  v1::AgentMessage hello;
  *hello.mutable_hello()->mutable_facts() = facts;
  stream->Write(hello);
  v1::AgentMessage batch;
  for (const auto& r : results) {
    *batch.mutable_results()->add_results() = r;
    want = std::max<uint64_t>(want, r.sequence());
  }
  if (!results.empty()) stream->Write(batch);
  // The server sends its newest signed audit head on connect, before any ack: this terminal
  // keeps it as a witness (see common/audit/FORMAT.md).
  while (acked < want && stream->Read(&msg)) {
    if (msg.has_ack()) acked = std::max(acked, msg.ack().up_to_sequence());
    if (msg.has_audit_head()) (void)KeepWitnessHead(state.dir, msg.audit_head());
  }
  stream->WritesDone();
  auto status = stream->Finish();
  if (acked < want) {
    if (!status.ok())
      return rpc::FromGrpcStatus(status, "uplink.rpc_failed", "results not acknowledged");
    return MakeError(ErrorCode::kUnavailable, "uplink.not_acked",
                     "server closed before acknowledging");
  }
  return acked;
}

}  // namespace kakunin::agent
