#include "agent/uplink/uplink_client.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <future>
#include <optional>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/os/files.h"
#include "common/rpc/reject_reasons.h"
#include "common/rpc/result_format.h"
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
  grpc::ChannelArguments args;
  // A connection of its own: a subchannel shared with an earlier channel to this address may
  // still be backing off from a failure and would fail this attempt without trying it.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // gRPC's deadline for TCP + TLS is the larger of this and its (first, ~1 s) backoff.
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS,
              static_cast<int>(std::chrono::milliseconds(kConnectTimeout).count()));
  return grpc::CreateCustomChannel(server, grpc::SslCredentials(tls), args);
}

// One call of gRPC's standard health check, which HQ serves to anyone: true when the server
// answered (whatever it said), false when no connection carried the call.
bool ServerAnswers(const std::shared_ptr<grpc::Channel>& channel,
                   std::chrono::milliseconds timeout) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::Slice empty(std::string{});  // an empty HealthCheckRequest: the whole server
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  const auto code = done.get_future().get().error_code();
  return code != grpc::StatusCode::UNAVAILABLE && code != grpc::StatusCode::DEADLINE_EXCEEDED;
}

// The last address's error, with every address's failure in the message when there were several
// (each message names its address).
Error AllFailed(const std::vector<Error>& errors) {
  if (errors.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition, "agent.no_server",
                     "no HQ address is known; enroll this terminal again");
  }
  if (errors.size() == 1) return errors.front();
  std::string why = "no HQ address answered:";
  for (size_t i = 0; i < errors.size(); ++i) {
    why += (i ? "; " : " ") + errors[i].ToString();
  }
  return Error(errors.back().code(), errors.back().reason(), why);
}

// One enrollment at `server`.
Result<v1::EnrollResponse> EnrollAt(const std::string& server, const std::string& ca_pem,
                                    const v1::EnrollRequest& req) {
  auto stub = v1::AgentService::NewStub(MakeChannel(server, ca_pem, "", ""));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::EnrollResponse resp;
  auto status = stub->Enroll(&ctx, req, &resp);
  if (!status.ok()) {
    return rpc::FromGrpcStatus(status, "uplink.rpc_failed", "enrollment at HQ " + server);
  }
  return resp;
}

}  // namespace

std::shared_ptr<grpc::Channel> DeviceChannel(const TerminalState& state,
                                             const std::string& server) {
  return MakeChannel(server, state.ca_pem, state.key_pem, state.cert_pem);
}

std::string HqRefusal(const Error& e, const TerminalState& state, const std::string& server,
                      std::chrono::milliseconds probe) {
  if (e.reason() == "device.pending") return e.reason();
  if (e.reason() == "device.revoked" || e.message().find("device.revoked") != std::string::npos) {
    return "device.revoked";
  }
  // A newer certificate of this terminal replaced this one at HQ: a PC put back to an older
  // copy, or a copy of the terminal that renewed. Not an outage: waiting never ends it.
  if (e.reason() == "device.stale_certificate" ||
      e.message().find("device.stale_certificate") != std::string::npos) {
    return "device.stale_certificate";
  }
  // HQ has no row of this terminal: its data is older than the terminal's enrollment (restored
  // from a backup), or the row was removed. Waiting never ends it either: enroll again.
  if (e.reason() == "device.unknown" && e.code() == ErrorCode::kNotFound) return e.reason();
  // Only a transport failure (HQ gave no reason of its own: a database outage has one).
  if (e.code() != ErrorCode::kUnavailable || e.reason() != "uplink.rpc_failed") return "";
  auto not_after = CertificateNotAfter(state);
  if (!not_after.ok() || *not_after <= std::chrono::system_clock::now()) return "";  // expired
  // HQ answers without the certificate and not with it, at once: it refuses this certificate.
  // Asked again with it, a failure that has passed (a replica behind HAProxy that went down, a
  // server that was busy) is not taken for a revocation.
  if (!ServerAnswers(MakeChannel(server, state.ca_pem, "", ""), probe)) return "";  // an outage
  if (ServerAnswers(DeviceChannel(state, server), probe)) return "";
  // Still answering without it: the link did not drop just while the certificate was offered.
  if (!ServerAnswers(MakeChannel(server, state.ca_pem, "", ""), probe)) return "";
  return "device.revoked";
}

Result<std::chrono::system_clock::time_point> CertificateNotAfter(const TerminalState& state) {
  KAKUNIN_ASSIGN_OR_RETURN(auto cert, crypto::CertificateFromPem(state.cert_pem));
  return std::chrono::system_clock::from_time_t(crypto::NotAfter(cert.get()));
}

Result<std::optional<Renewal>> PrepareRenewal(const TerminalState& state,
                                              std::chrono::hours renew_before) {
  KAKUNIN_ASSIGN_OR_RETURN(auto not_after, CertificateNotAfter(state));
  if (not_after - std::chrono::system_clock::now() >= renew_before) {
    return std::optional<Renewal>();
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateTerminalKey());
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", state.device_id}}));
  Renewal r;
  KAKUNIN_ASSIGN_OR_RETURN(r.csr_pem, crypto::CsrToPem(csr.get()));
  KAKUNIN_ASSIGN_OR_RETURN(r.key_pem, crypto::PrivateKeyToPem(key.get()));
  return std::optional<Renewal>(std::move(r));
}

Result<v1::EnrollResponse> Enroll(const EnrollOptions& o) {
  KAKUNIN_ASSIGN_OR_RETURN(auto servers, CheckServers(o.servers));
  std::stringstream ss;
  if (!o.ca_pem.empty()) {
    ss << o.ca_pem;
  } else {
    std::ifstream in(os::PathFromUtf8(o.ca_file));
    if (!in)
      return MakeError(ErrorCode::kNotFound, "enroll.ca_file", "cannot read CA file " + o.ca_file);
    ss << in.rdbuf();
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateTerminalKey());
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", o.facts.hostname()}}));
  v1::EnrollRequest req;
  req.set_token(o.token);
  KAKUNIN_ASSIGN_OR_RETURN(*req.mutable_csr_pem(), crypto::CsrToPem(csr.get()));
  *req.mutable_facts() = o.facts;
  std::vector<Error> errors;
  std::optional<v1::EnrollResponse> answer;
  for (const auto& server : servers) {
    auto r = EnrollAt(server, ss.str(), req);
    if (r.ok()) {
      answer = std::move(*r);
      break;
    }
    errors.push_back(r.error());
    // Only an address that could not be reached is passed over: HQ's refusal (a used token)
    // would be the same at every replica.
    if (r.error().code() != ErrorCode::kUnavailable) return r.error();
  }
  if (!answer) return AllFailed(errors);
  const v1::EnrollResponse& resp = *answer;
  TerminalState state;
  state.dir = o.state_dir;
  state.device_id = resp.device_id();
  state.site_id = resp.site_id();
  state.servers = servers;
  state.verification_code = resp.verification_code();
  KAKUNIN_ASSIGN_OR_RETURN(state.key_pem, crypto::PrivateKeyToPem(key.get()));
  state.cert_pem = resp.certificate_pem();
  state.ca_pem = resp.ca_chain_pem();
  KAKUNIN_RETURN_IF_ERROR(SaveTerminalState(state));
  return resp;
}

namespace {

// One delivery at `server`; `welcomed` when HQ answered there.
Result<uint64_t> DeliverAt(const std::string& server, const TerminalState& state,
                           const v1::TerminalFacts& facts,
                           const std::vector<v1::CheckResult>& results,
                           std::chrono::seconds timeout, std::chrono::hours renew_before,
                           bool* welcomed, DeliveryNotes* notes) {
  auto stub = v1::AgentService::NewStub(DeviceChannel(state, server));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  auto stream = stub->Connect(&ctx);
  v1::ServerMessage msg;
  if (!stream->Read(&msg) || !msg.has_welcome()) {
    return rpc::FromGrpcStatus(stream->Finish(), "uplink.rpc_failed", "stream to HQ at " + server);
  }
  *welcomed = true;
  uint64_t acked = msg.welcome().acked_sequence();
  // An older HQ would drop what it does not know of our results and acknowledge them (see
  // common/rpc/result_format.h): they stay in the outbox, as the daemon keeps them.
  const bool hq_older = msg.welcome().result_format() < rpc::kResultFormat;
  if (notes) notes->welcome_acked = acked;
  // The server sends this terminal's settings right after the welcome.
  if (stream->Read(&msg) && msg.has_config()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(msg.config(), &json);
    KAKUNIN_RETURN_IF_ERROR(SaveTerminalConfig(state.dir, json));
  }
  uint64_t want = 0;
  v1::AgentMessage hello;
  *hello.mutable_hello()->mutable_facts() = facts;
  // The outbox's oldest result goes first: nothing below it is left here to send (HQ closes a
  // gap it has there).
  if (!results.empty()) {
    uint64_t lowest = results.front().sequence();
    for (const auto& r : results) lowest = std::min<uint64_t>(lowest, r.sequence());
    hello.mutable_hello()->set_lowest_held_sequence(lowest);
  }
  hello.mutable_hello()->set_result_format(rpc::kResultFormat);
  stream->Write(hello);
  if (hq_older && !results.empty()) {
    ctx.TryCancel();
    (void)stream->Finish();
    return MakeError(ErrorCode::kFailedPrecondition, "uplink.hq_older",
                     "HQ's server at " + server +
                         " is older than this terminal; the results stay here until it is "
                         "upgraded");
  }
  v1::AgentMessage batch;
  for (const auto& r : results) {
    *batch.mutable_results()->add_results() = r;
    want = std::max<uint64_t>(want, r.sequence());
  }
  if (!results.empty()) stream->Write(batch);
  // Renew before expiry, without staff action: a fresh key pair, the CSR over this stream.
  std::optional<std::string> new_key_pem;
  bool renewed = false;
  if (auto renewal = PrepareRenewal(state, renew_before); renewal.ok() && *renewal) {
    v1::AgentMessage renew;
    renew.mutable_renew()->set_csr_pem((*renewal)->csr_pem);
    if (stream->Write(renew)) new_key_pem = (*renewal)->key_pem;
  }
  // The server sends its newest signed audit head on connect, before any ack: this terminal
  // keeps it as a witness (see common/audit/FORMAT.md).
  // HQ answers the batch with one ack (after any refusals), even when every result was at or
  // below its welcome's acknowledgement: numbers it may hold for other results (DeliveryNotes).
  bool answered = results.empty();
  while ((!answered || acked < want || (new_key_pem && !renewed)) && stream->Read(&msg)) {
    if (msg.has_ack()) {
      acked = std::max(acked, msg.ack().up_to_sequence());
      answered = true;
    }
    if (msg.has_reject() && notes) {
      if (msg.reject().reason() == rpc::kSequenceTaken) {
        notes->taken.push_back(msg.reject().sequence());
      } else {
        notes->refused.emplace_back(msg.reject().sequence(), msg.reject().reason());
      }
    }
    if (msg.has_audit_head()) (void)KeepWitnessHead(state.dir, msg.audit_head());
    if (msg.has_renewed() && new_key_pem) {
      renewed =
          !msg.renewed().certificate_pem().empty() &&
          SaveRenewedCertificate(state.dir, *new_key_pem, msg.renewed().certificate_pem()).ok();
      if (!renewed) new_key_pem.reset();  // keep the old pair; try again next time
    }
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

}  // namespace

Result<uint64_t> DeliverResults(const TerminalState& state, const v1::TerminalFacts& facts,
                                const std::vector<v1::CheckResult>& results,
                                std::chrono::seconds timeout, std::chrono::hours renew_before,
                                DeliveryNotes* notes) {
  std::vector<Error> errors;
  for (const auto& server : state.servers) {
    bool welcomed = false;
    auto acked = DeliverAt(server, state, facts, results, timeout, renew_before, &welcomed, notes);
    if (acked.ok() || welcomed) return acked;
    errors.push_back(acked.error());
  }
  return AllFailed(errors);
}

}  // namespace kakunin::agent
