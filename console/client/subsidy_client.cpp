#include "console/client/subsidy_client.h"

#include <grpcpp/grpcpp.h>

#include "common/rpc/status.h"

namespace kakunin::console {
namespace {

using Stub = v1::ConsoleService::Stub;

// One unary call with the session's token and deadline.
template <typename Req, typename Resp>
Result<Resp> Call(ConsoleClient& session,
                  grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                  const Req& req) {
  grpc::ClientContext ctx;
  session.AuthorizeContext(&ctx);
  Resp resp;
  auto s = (session.stub()->*method)(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

}  // namespace

Result<v1::ListProgramsResponse> SubsidyClient::ListPrograms() {
  return Call(*session_, &Stub::ListPrograms, v1::ListProgramsRequest());
}

Result<v1::ListClaimsResponse> SubsidyClient::ListClaims(const std::string& site_id) {
  v1::ListClaimsRequest req;
  req.set_site_id(site_id);
  return Call(*session_, &Stub::ListClaims, req);
}

Result<v1::Claim> SubsidyClient::UpsertClaim(const v1::Claim& claim) {
  v1::UpsertClaimRequest req;
  *req.mutable_claim() = claim;
  return Call(*session_, &Stub::UpsertClaim, req);
}

Result<v1::Receipt> SubsidyClient::UploadReceipt(const v1::Receipt& receipt) {
  v1::UploadReceiptRequest req;
  *req.mutable_receipt() = receipt;
  return Call(*session_, &Stub::UploadReceipt, req);
}

Result<v1::Receipt> SubsidyClient::GetReceipt(const std::string& receipt_id) {
  v1::GetReceiptRequest req;
  req.set_receipt_id(receipt_id);
  return Call(*session_, &Stub::GetReceipt, req);
}

Result<v1::Claim> SubsidyClient::DeleteReceipt(const std::string& receipt_id) {
  v1::DeleteReceiptRequest req;
  req.set_receipt_id(receipt_id);
  return Call(*session_, &Stub::DeleteReceipt, req);
}

Result<v1::Claim> SubsidyClient::ChangeClaimState(const v1::ChangeClaimStateRequest& request) {
  return Call(*session_, &Stub::ChangeClaimState, request);
}

Result<v1::ListDeadlinesResponse> SubsidyClient::ListDeadlines(const std::string& site_id) {
  v1::ListDeadlinesRequest req;
  req.set_site_id(site_id);
  return Call(*session_, &Stub::ListDeadlines, req);
}

Result<v1::ListSiteObligationsResponse> SubsidyClient::ListSiteObligations() {
  return Call(*session_, &Stub::ListSiteObligations, v1::ListSiteObligationsRequest());
}

Result<v1::DailySummary> SubsidyClient::GetDailySummary(bool compute_now) {
  v1::GetDailySummaryRequest req;
  req.set_compute_now(compute_now);
  return Call(*session_, &Stub::GetDailySummary, req);
}

Result<v1::ListUsersResponse> SubsidyClient::ListUsers() {
  return Call(*session_, &Stub::ListUsers, v1::ListUsersRequest());
}

Result<v1::User> SubsidyClient::CreateUser(const v1::CreateUserRequest& request) {
  return Call(*session_, &Stub::CreateUser, request);
}

Result<v1::User> SubsidyClient::UpdateUser(const v1::UpdateUserRequest& request) {
  return Call(*session_, &Stub::UpdateUser, request);
}

}  // namespace kakunin::console
