#pragma once
// Subsidy and user-administration calls of the console (blocking; worker threads only), over the
// session of a ConsoleClient: programmes, claims, receipts, deadlines, 経過措置, the daily
// summary, and HQ's user list.

#include <memory>
#include <string>

#include "common/core/result.h"
#include "console/client/console_client.h"
#include "kakunin/v1/console.grpc.pb.h"

namespace kakunin::console {

class SubsidyClient {
 public:
  explicit SubsidyClient(std::shared_ptr<ConsoleClient> session) : session_(std::move(session)) {}

  Result<v1::ListProgramsResponse> ListPrograms();
  Result<v1::ListClaimsResponse> ListClaims(const std::string& site_id = "");
  Result<v1::Claim> UpsertClaim(const v1::Claim& claim);
  Result<v1::Receipt> UploadReceipt(const v1::Receipt& receipt);
  Result<v1::Receipt> GetReceipt(const std::string& receipt_id);   // with its content
  Result<v1::Claim> DeleteReceipt(const std::string& receipt_id);  // the claim after
  Result<v1::Claim> ChangeClaimState(const v1::ChangeClaimStateRequest& request);
  Result<v1::ListDeadlinesResponse> ListDeadlines(const std::string& site_id = "");
  Result<v1::ListSiteObligationsResponse> ListSiteObligations();
  // The newest stored summary; compute_now asks the server to make one for today.
  Result<v1::DailySummary> GetDailySummary(bool compute_now = false);

  Result<v1::ListUsersResponse> ListUsers();
  Result<v1::User> CreateUser(const v1::CreateUserRequest& request);
  Result<v1::User> UpdateUser(const v1::UpdateUserRequest& request);

  ConsoleClient& session() { return *session_; }

 private:
  std::shared_ptr<ConsoleClient> session_;
};

}  // namespace kakunin::console
