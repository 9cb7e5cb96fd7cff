#include "agent/eligibility/oqs_client.h"

#include <grpcpp/grpcpp.h>

#include "common/rpc/status.h"

namespace kakunin::eligibility {
namespace {

Error FromGrpc(const grpc::Status& s) {
  return rpc::FromGrpcStatus(s,
                             s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
                                 ? "eligibility.timeout"
                                 : "eligibility.unavailable",
                             "eligibility service");
}

}  // namespace

OqsClient::OqsClient(OqsClientOptions options) : options_(std::move(options)) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = options_.ca_pem;
  stub_ = v1::EligibilityService::NewStub(
      grpc::CreateChannel(options_.endpoint, grpc::SslCredentials(tls)));
}

Result<Challenge> OqsClient::IssueChallenge() {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.timeout);
  v1::ChallengeRequest req;
  req.set_institution_code(options_.institution_code);
  v1::Challenge resp;
  auto s = stub_->IssueChallenge(&ctx, req, &resp);
  if (!s.ok()) return FromGrpc(s);
  if (resp.challenge_id().empty() || resp.nonce().size() < 16) {
    return MakeError(ErrorCode::kDataLoss, "eligibility.malformed_answer",
                     "the service sent an unusable challenge");
  }
  return Challenge{resp.challenge_id(), ToBytes(resp.nonce())};
}

Result<Answer> OqsClient::ConfirmByCard(const CardQuery& q) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.timeout);
  v1::QualificationRequest req;
  req.set_institution_code(options_.institution_code);
  req.set_mode(q.mode);
  req.set_certificate_der(ToString(q.certificate_der));
  req.set_challenge_id(q.challenge_id);
  req.set_signature(ToString(q.signature));
  req.set_route(q.route);
  req.set_contract_insurer_number(q.contract_insurer_number);
  req.set_consent_id(q.consent_id);
  v1::QualificationResponse resp;
  auto s = stub_->ConfirmQualification(&ctx, req, &resp);
  if (!s.ok()) return FromGrpc(s);
  return ToAnswer(resp);
}

Result<Answer> OqsClient::Recheck(const InsuredQuery& q) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.timeout);
  v1::RecheckQuery req;
  req.set_institution_code(options_.institution_code);
  req.set_insurer_number(q.insurer_number);
  req.set_insured_symbol(q.insured_symbol);
  req.set_insured_number(q.insured_number);
  req.set_insured_branch_number(q.insured_branch_number);
  req.set_birth_date(q.birth_date);
  req.set_route(q.route);
  req.set_consent_id(q.consent_id);
  v1::QualificationResponse resp;
  auto s = stub_->Recheck(&ctx, req, &resp);
  if (!s.ok()) return FromGrpc(s);
  return ToAnswer(resp);
}

}  // namespace kakunin::eligibility
