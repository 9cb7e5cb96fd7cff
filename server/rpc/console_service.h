#pragma once
// ConsoleService: what HQ's console calls. Every call but Login needs a session token in the
// "authorization: Bearer …" metadata; the role is checked on each call (the matrix is tested in
// tests/server/role_matrix_test.cpp). Subsidies (tests/server/subsidy_test.cpp): HQ
// administrators do everything; branch managers read and edit their own sites' drafts (and move
// them draft ⇄ ready); auditors read; staff nothing. Users: HQ administrators only.

#include <mutex>

#include "kakunin/v1/console.grpc.pb.h"
#include "server/audit/audit_store.h"
#include "server/auth/users.h"
#include "server/pki/revocation.h"
#include "server/rpc/agent_service.h"
#include "server/rpc/change_budget.h"
#include "server/rpc/event_hub.h"
#include "server/rpc/watch_registry.h"
#include "server/storage/cert_calendar_store.h"
#include "server/storage/dashboard_store.h"
#include "server/storage/fleet_store.h"
#include "server/storage/onboarding_store.h"
#include "server/storage/pool.h"
#include "server/storage/site_import_store.h"
#include "server/subsidy/claim_store.h"
#include "server/subsidy/daily_summary.h"
#include "server/subsidy/programme_store.h"

namespace kakunin::server {

class ConsoleServiceImpl final : public v1::ConsoleService::Service {
 public:
  ConsoleServiceImpl(FleetStore* store, UserStore* users, AgentServiceImpl* agents,
                     std::shared_ptr<RevokedSerials> revoked, AuditStore* audit,
                     const EVP_PKEY* audit_public_key)
      : store_(store),
        users_(users),
        agents_(agents),
        revoked_(std::move(revoked)),
        audit_(audit),
        audit_key_(audit_public_key) {}

  grpc::Status Login(grpc::ServerContext*, const v1::LoginRequest*, v1::LoginResponse*) override;
  grpc::Status Logout(grpc::ServerContext*, const v1::LogoutRequest*, v1::LogoutResponse*) override;
  grpc::Status ListSites(grpc::ServerContext*, const v1::ListSitesRequest*,
                         v1::ListSitesResponse*) override;
  grpc::Status UpsertSite(grpc::ServerContext*, const v1::UpsertSiteRequest*, v1::Site*) override;
  // Bulk onboarding (issue 19), HQ administrators only; UNAVAILABLE until SetSiteImporter.
  grpc::Status ImportSites(grpc::ServerContext*, const v1::ImportSitesRequest*,
                           v1::ImportSitesResponse*) override;
  // Onboarding board (issue 19, console_onboarding_service.cpp): read as GetDashboard (branch
  // managers their sites), changed by HQ administrators only; UNAVAILABLE until SetOnboarding.
  grpc::Status ListOnboarding(grpc::ServerContext*, const v1::ListOnboardingRequest*,
                              v1::ListOnboardingResponse*) override;
  grpc::Status UpdateOnboardingStage(grpc::ServerContext*, const v1::UpdateOnboardingStageRequest*,
                                     v1::OnboardingSite*) override;
  grpc::Status ListDevices(grpc::ServerContext*, const v1::ListDevicesRequest*,
                           v1::ListDevicesResponse*) override;
  grpc::Status IssueEnrollmentToken(grpc::ServerContext*, const v1::IssueEnrollmentTokenRequest*,
                                    v1::EnrollmentToken*) override;
  grpc::Status ApproveDevice(grpc::ServerContext*, const v1::ApproveDeviceRequest*,
                             v1::Device*) override;
  // What the enrollment bundle in an issued token names: HQ's addresses and its CA.
  void SetEnrollmentBundle(std::vector<std::string> servers, const std::string& ca_pem);
  grpc::Status SetDeviceRoute(grpc::ServerContext*, const v1::SetDeviceRouteRequest*,
                              v1::Device*) override;
  grpc::Status RevokeDevice(grpc::ServerContext*, const v1::RevokeDeviceRequest*,
                            v1::Device*) override;
  // Issue 19 (console_allowance_service.cpp): the branch manager's one-time 目視確認 for one
  // terminal — granted by HQ administrators and the terminal's branch managers, listed for
  // everyone but staff; UNAVAILABLE until SetVisualAllowances.
  grpc::Status GrantVisualAllowance(grpc::ServerContext*, const v1::GrantVisualAllowanceRequest*,
                                    v1::VisualAllowanceRecord*) override;
  grpc::Status ListVisualAllowances(grpc::ServerContext*, const v1::ListVisualAllowancesRequest*,
                                    v1::ListVisualAllowancesResponse*) override;
  grpc::Status QueryResults(grpc::ServerContext*, const v1::QueryResultsRequest*,
                            v1::QueryResultsResponse*) override;
  grpc::Status Watch(grpc::ServerContext*, const v1::WatchRequest*,
                     grpc::ServerWriter<v1::WatchEvent>*) override;
  // In console_results_service.cpp.
  grpc::Status GetResult(grpc::ServerContext*, const v1::GetResultRequest*,
                         v1::ResultRow*) override;
  grpc::Status GetDashboard(grpc::ServerContext*, const v1::GetDashboardRequest*,
                            v1::Dashboard*) override;
  // Issue 19: card and reader failures per store and reader model; roles as GetDashboard.
  grpc::Status GetFailureReport(grpc::ServerContext*, const v1::GetFailureReportRequest*,
                                v1::FailureReport*) override;
  // Issue 19's certificate calendar (console_results_service.cpp): roles as GetDashboard;
  // setting a store's 資格確認端末 certificate is HQ administrators'.
  grpc::Status GetCertificateCalendar(grpc::ServerContext*,
                                      const v1::GetCertificateCalendarRequest*,
                                      v1::CertificateCalendar*) override;
  grpc::Status SetTerminalCertificateExpiry(grpc::ServerContext*,
                                            const v1::SetTerminalCertificateExpiryRequest*,
                                            v1::CertificateEntry*) override;
  grpc::Status QueryAudit(grpc::ServerContext*, const v1::QueryAuditRequest*,
                          v1::QueryAuditResponse*) override;
  grpc::Status VerifyAudit(grpc::ServerContext*, const v1::VerifyAuditRequest*,
                           v1::VerifyAuditResponse*) override;
  grpc::Status ListSignedHeads(grpc::ServerContext*, const v1::ListSignedHeadsRequest*,
                               v1::ListSignedHeadsResponse*) override;

  grpc::Status ListUsers(grpc::ServerContext*, const v1::ListUsersRequest*,
                         v1::ListUsersResponse*) override;
  grpc::Status CreateUser(grpc::ServerContext*, const v1::CreateUserRequest*, v1::User*) override;
  grpc::Status UpdateUser(grpc::ServerContext*, const v1::UpdateUserRequest*, v1::User*) override;

  grpc::Status ListPrograms(grpc::ServerContext*, const v1::ListProgramsRequest*,
                            v1::ListProgramsResponse*) override;
  grpc::Status UpsertProgram(grpc::ServerContext*, const v1::UpsertProgramRequest*,
                             v1::Program*) override;
  grpc::Status ListClaims(grpc::ServerContext*, const v1::ListClaimsRequest*,
                          v1::ListClaimsResponse*) override;
  grpc::Status UpsertClaim(grpc::ServerContext*, const v1::UpsertClaimRequest*,
                           v1::Claim*) override;
  grpc::Status UploadReceipt(grpc::ServerContext*, const v1::UploadReceiptRequest*,
                             v1::Receipt*) override;
  grpc::Status DeleteReceipt(grpc::ServerContext*, const v1::DeleteReceiptRequest*,
                             v1::Claim*) override;
  grpc::Status ChangeClaimState(grpc::ServerContext*, const v1::ChangeClaimStateRequest*,
                                v1::Claim*) override;
  grpc::Status ListDeadlines(grpc::ServerContext*, const v1::ListDeadlinesRequest*,
                             v1::ListDeadlinesResponse*) override;

  // Subsidy follow-up: 経過措置 per site and the daily summary (tests/server/
  // subsidy_summary_test.cpp). Same roles as ListDeadlines; compute_now is HQ's.
  grpc::Status ListSiteObligations(grpc::ServerContext*, const v1::ListSiteObligationsRequest*,
                                   v1::ListSiteObligationsResponse*) override;
  grpc::Status GetReceipt(grpc::ServerContext*, const v1::GetReceiptRequest*,
                          v1::Receipt*) override;
  grpc::Status GetDailySummary(grpc::ServerContext*, const v1::GetDailySummaryRequest*,
                               v1::DailySummary*) override;

 private:
  // The session's user, holding one of the user's call slots (`counted`) until the call's
  // handler returns; RESOURCE_EXHAUSTED "console.too_many_calls" when all are taken. A counted
  // call's database connections are taken as the user's (ConnectionPool::SetOwnerLimit).
  struct CallerInfo : UserInfo {
    std::shared_ptr<void> slot;
    std::shared_ptr<ConnectionPool::OwnerScope> owner;
  };
  // `request` (null for a call made from another handler) passes CheckConsoleRequest first.
  Result<CallerInfo> Caller(grpc::ServerContext* ctx, const google::protobuf::Message* request,
                            bool counted = true);
  grpc::Status FindDevice(const std::string& device_id, v1::Device* out);
  // Roles and sites a user may be given: known sites, and at least one for branch roles.
  grpc::Status CheckUserScope(Role role, const std::vector<std::string>& site_ids);

  FleetStore* store_;
  UserStore* users_;
  AgentServiceImpl* agents_;
  std::shared_ptr<RevokedSerials> revoked_;
  AuditStore* audit_;
  const EVP_PKEY* audit_key_;
  std::mutex verify_mu_;  // held by the one VerifyAudit walking the chain
  // Audited changes a branch can make (grants, receipts, claims): per user and minute.
  ChangeBudget changes_;
  CallsInFlight in_flight_;
  grpc::Status TakeChange(const UserInfo& who);
  EventHub* hub_ = nullptr;
  // Open watches: ended by a logout or a change of their user (see watch_registry.h).
  WatchRegistry watches_;
  ProgrammeStore* programmes_ = nullptr;
  ClaimStore* claims_ = nullptr;
  SubsidySummaries* summaries_ = nullptr;
  std::function<domain::Date()> today_;
  DashboardStore* dashboard_ = nullptr;

 public:
  void SetEventHub(EventHub* hub) { hub_ = hub; }
  // GetDashboard answers UNAVAILABLE until this is set.
  void SetDashboard(DashboardStore* dashboard) { dashboard_ = dashboard; }
  // Subsidy calls answer UNAVAILABLE until these are set; `today` is Japan's civil date.
  void SetSubsidies(ProgrammeStore* programmes, ClaimStore* claims,
                    std::function<domain::Date()> today) {
    programmes_ = programmes;
    claims_ = claims;
    today_ = std::move(today);
  }
  void SetSubsidySummaries(SubsidySummaries* summaries) { summaries_ = summaries; }
  void SetSiteImporter(SiteImporter* importer) { site_importer_ = importer; }
  void SetOnboarding(OnboardingStore* onboarding) { onboarding_ = onboarding; }
  void SetVisualAllowances(VisualAllowanceStore* allowances) { allowances_ = allowances; }
  VisualAllowanceStore* allowances_ = nullptr;
  OnboardingStore* onboarding_ = nullptr;
  // The certificate calendar's calls answer UNAVAILABLE until this is set; the dashboard
  // carries certificate warnings once it is.
  void SetCertificates(CertCalendarStore* certificates) { certificates_ = certificates; }
  CertCalendarStore* certificates_ = nullptr;
  // Proxies in front (ClientSource): a login through one is limited per connection.
  void SetTrustedProxies(std::vector<std::string> proxies) {
    trusted_proxies_ = std::move(proxies);
  }
  std::vector<std::string> trusted_proxies_;
  SiteImporter* site_importer_ = nullptr;
  std::vector<std::string> bundle_servers_;
  std::string ca_fingerprint_;
};

// Refusals shared by the console service's files: a role that may not call, and subsidy
// calls on a server without subsidy tracking.
grpc::Status Denied();
grpc::Status SubsidiesOff();

}  // namespace kakunin::server
