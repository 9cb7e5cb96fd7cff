#include "tests/harness/test_terminal.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/rpc/status.h"

namespace kakunin::testing {

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const std::string& ca_pem,
                                          const std::string& key_pem, const std::string& cert_pem) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  tls.pem_private_key = key_pem;
  tls.pem_cert_chain = cert_pem;
  grpc::ChannelArguments args;
  // Each terminal its own connection, as on real terminals.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(tls), args);
}

TerminalStream::TerminalStream(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::AgentService::NewStub(channel)) {
  ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  stream_ = stub_->Connect(&ctx_);
}

bool TerminalStream::Open() {
  v1::ServerMessage m;
  if (!stream_->Read(&m) || !m.has_welcome()) return false;
  welcome_acked_ = last_ack_ = m.welcome().acked_sequence();
  return true;
}

bool TerminalStream::Send(const std::vector<v1::CheckResult>& results) {
  v1::AgentMessage batch;
  for (const auto& r : results) *batch.mutable_results()->add_results() = r;
  return stream_->Write(batch);
}

Result<uint64_t> TerminalStream::WaitAck(uint64_t seq) {
  v1::ServerMessage m;
  while (last_ack_ < seq) {
    if (!stream_->Read(&m)) {
      closed_ = true;
      auto status = stream_->Finish();
      return rpc::FromGrpcStatus(status, "test.stream_ended", "stream ended before the ack");
    }
    if (m.has_ack()) last_ack_ = std::max(last_ack_, m.ack().up_to_sequence());
    if (m.has_audit_head()) heads_.push_back(m.audit_head());
    if (m.has_reject()) rejects_.push_back(m.reject());
  }
  return last_ack_;
}

grpc::Status TerminalStream::Close() {
  if (closed_) return grpc::Status::OK;
  closed_ = true;
  stream_->WritesDone();
  v1::ServerMessage m;
  while (stream_->Read(&m)) {
    if (m.has_audit_head()) heads_.push_back(m.audit_head());
  }
  return stream_->Finish();
}

Result<TestTerminal> TestTerminal::Enroll(const std::string& address, const std::string& ca_pem,
                                          const std::string& token) {
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateTerminalKey());
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", "terminal"}}));
  KAKUNIN_ASSIGN_OR_RETURN(auto csr_pem, crypto::CsrToPem(csr.get()));
  v1::EnrollRequest req;
  req.set_token(token);
  req.set_csr_pem(csr_pem);
  req.mutable_facts()->set_hostname("test-terminal");
  req.mutable_facts()->set_extended_apdu(true);
  v1::EnrollResponse resp;
  grpc::ClientContext ctx;
  auto status = v1::AgentService::NewStub(TlsChannel(address, ca_pem))->Enroll(&ctx, req, &resp);
  if (!status.ok()) return rpc::FromGrpcStatus(status, "test.enroll", "enrollment failed");
  TestTerminal t;
  t.device_id_ = resp.device_id();
  KAKUNIN_ASSIGN_OR_RETURN(t.key_pem_, crypto::PrivateKeyToPem(key.get()));
  t.cert_pem_ = resp.certificate_pem();
  t.ca_pem_ = ca_pem;
  return t;
}

std::unique_ptr<TerminalStream> TestTerminal::Connect(const std::string& address) const {
  return std::make_unique<TerminalStream>(TlsChannel(address, ca_pem_, key_pem_, cert_pem_));
}

std::shared_ptr<grpc::Channel> TestTerminal::Channel(const std::string& address) const {
  return TlsChannel(address, ca_pem_, key_pem_, cert_pem_);
}

v1::CheckResult TestTerminal::MakeResult(uint64_t sequence, const std::string& check_id) {
  v1::CheckResult r;
  r.set_sequence(sequence);
  r.set_check_id(check_id);
  r.mutable_checked_at()->set_seconds(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  r.set_mode(v1::IDENTITY_MODE_VISUAL);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  r.mutable_eligibility()->set_name("山田太郎");
  r.mutable_reader()->set_name("Virtual PCD 00 00");
  r.mutable_reader()->set_extended_apdu(true);
  return r;
}

std::string TestTerminal::NewCheckId() {
  static std::atomic<uint64_t> counter{0};
  char id[40];
  std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012llx", static_cast<unsigned>(getpid()),
                static_cast<unsigned long long>(++counter));
  return id;
}

}  // namespace kakunin::testing
