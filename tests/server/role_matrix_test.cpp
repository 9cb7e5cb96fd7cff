// Console roles against a real kakunin-server and PostgreSQL: every ConsoleService RPC × every
// role × own/other site gets the exact status code it must (the reads' scopes:
// role_scope_test.cpp; the fixture: role_fixture.h). Two sites, honcho (A) and ekimae (B); the
// branch manager and the staff member are scoped to A; one terminal per site has streamed a
// result carrying a patient name.
//
// The matrix (OK allowed, DENY PERMISSION_DENIED, UNAUTH UNAUTHENTICATED, UNIMPL UNIMPLEMENTED):
//
//   RPC                   target  hq_admin      branch_manager     auditor   staff          none
//   ListSites             -       OK: A, B      OK: A              OK: A, B  OK: A          UNAUTH
//   UpsertSite            A | B   OK            DENY               DENY      DENY           UNAUTH
//   ImportSites (dry run) -       OK            DENY               DENY      DENY           UNAUTH
//   ListOnboarding        -       OK: all       OK: A              OK: all   DENY           UNAUTH
//   UpdateOnboardingStage A       OK            DENY               DENY      DENY           UNAUTH
//                         bad day BAD           DENY               DENY      DENY           UNAUTH
//   ListDevices           A | B   OK: all       OK: A (B: 0 rows)  OK: all   DENY           UNAUTH
//   IssueEnrollmentToken  A | B   OK            DENY               DENY      DENY           UNAUTH
//   ApproveDevice         A | B   OK            DENY               DENY      DENY           UNAUTH
//   RevokeDevice          A | B   OK            DENY               DENY      DENY           UNAUTH
//   SetDeviceRoute        A | B   OK            DENY               DENY      DENY           UNAUTH
//   GrantVisualAllowance  A       OK            OK                 DENY      DENY           UNAUTH
//                         B       OK            DENY               DENY      DENY           UNAUTH
//   ListVisualAllowances  -       OK: all       OK: A              OK: all   DENY           UNAUTH
//   QueryResults          A | B   OK: all       OK: A (B: 0 rows)  DENY      OK: A (B: 0)   UNAUTH
//                                 (no patient fields for anyone: GetResult opens them, audited)
//   Watch                 -       OK: all +     OK: A + A's        DENY      OK: A results, UNAUTH
//                                 devices       devices                      no devices
//   QueryAudit, VerifyAudit,
//   ListSignedHeads       -       OK            DENY               OK        DENY           UNAUTH
//   ListUsers             -       OK            DENY               DENY      DENY           UNAUTH
//   CreateUser / UpdateUser (empty request)
//                         -       BAD/NOTFOUND  DENY               DENY      DENY           UNAUTH
//   ListPrograms, ListClaims, ListDeadlines, ListSiteObligations
//                         -       OK            OK (own sites)     OK        DENY           UNAUTH
//   GetDailySummary (a date with none stored)
//                         -       NOTFOUND      DENY               NOTFOUND  DENY           UNAUTH
//   GetReceipt (an unknown id)
//                         -       NOTFOUND      NOTFOUND           NOTFOUND  DENY           UNAUTH
//   UpsertClaim, UploadReceipt, DeleteReceipt, ChangeClaimState (empty request)
//                         -       BAD           BAD                DENY      DENY           UNAUTH
//   GetResult (no id)     -       BAD           BAD                DENY      BAD            UNAUTH
//   GetDashboard          -       OK: all       OK: A              OK: all   DENY           UNAUTH
//   GetFailureReport      7 days  OK: all       OK: A              OK: all   DENY           UNAUTH
//                         8 days  BAD           BAD                BAD       DENY           UNAUTH
//   GetCertificateCalendar
//                         -       OK: all       OK: A              OK: all   DENY           UNAUTH
//   SetTerminalCertificateExpiry
//                         A       OK            DENY               DENY      DENY           UNAUTH
//                         bad day BAD           DENY               DENY      DENY           UNAUTH
//   (BAD = INVALID_ARGUMENT)
//
// Sites and terminals are HQ actions (branch roles only read); auditors read the trail and the
// fleet but never patients; HQ sees operational fields, branch roles see their own patients
// (docs/decisions.md "Patient fields"). A logged-out or expired session is UNAUTH on every
// implemented RPC, whatever the role; a disabled account's session is DENY (auth.disabled).
// Denied calls must leave no trace (no audit record, no token, no state change).

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <functional>
#include <iomanip>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "tests/server/role_fixture.h"

namespace kakunin::testing::hq {
namespace {

class RoleMatrixTest : public RoleFixture {
 protected:
  static std::vector<Row> Matrix() {
    using S = v1::ConsoleService::Stub;
    const std::array<StatusCode, kWhoCount> hq_only = {OK, DENY, DENY, DENY, UNAUTH};
    const std::array<StatusCode, kWhoCount> everyone = {OK, OK, OK, OK, UNAUTH};
    const std::array<StatusCode, kWhoCount> fleet_readers = {OK, OK, OK, DENY, UNAUTH};
    const std::array<StatusCode, kWhoCount> result_readers = {OK, OK, DENY, OK, UNAUTH};
    const std::array<StatusCode, kWhoCount> audit_readers = {OK, DENY, OK, DENY, UNAUTH};

    std::vector<Row> rows;
    rows.push_back({"ListSites", "-", Bind(&S::ListSites, v1::ListSitesRequest()), everyone});
    v1::ImportSitesRequest import;
    import.set_dry_run(true);  // an empty file: reported, nothing saved
    rows.push_back({"ImportSites", "-", Bind(&S::ImportSites, import), hq_only});
    // The onboarding board: who sees the dashboard sees it (scope in onboarding_test); only HQ
    // changes a stage, and the role is checked before the fields.
    rows.push_back({"ListOnboarding", "-", Bind(&S::ListOnboarding, v1::ListOnboardingRequest()),
                    fleet_readers});
    v1::UpdateOnboardingStageRequest stage;
    stage.set_site_id(kSiteA);
    stage.set_stage("application");
    stage.set_planned("2027-03-31");
    rows.push_back({"UpdateOnboardingStage", "A", Bind(&S::UpdateOnboardingStage, stage), hq_only});
    v1::UpdateOnboardingStageRequest bad_stage_day = stage;
    bad_stage_day.set_planned("2027/03/31");
    rows.push_back({"UpdateOnboardingStage",
                    "bad day",
                    Bind(&S::UpdateOnboardingStage, bad_stage_day),
                    {BAD, DENY, DENY, DENY, UNAUTH}});
    for (const auto& [target, site, dev, spare] :
         {std::tuple{"A", kSiteA, &a1_, &a2_}, std::tuple{"B", kSiteB, &b1_, &b2_}}) {
      v1::UpsertSiteRequest upsert;
      *upsert.mutable_site() = SiteAsSaved(site);  // saved unchanged: a harmless write
      rows.push_back({"UpsertSite", target, Bind(&S::UpsertSite, upsert), hq_only});
      v1::ListDevicesRequest devices;
      devices.set_site_id(site);
      rows.push_back({"ListDevices", target, Bind(&S::ListDevices, devices), fleet_readers});
      v1::IssueEnrollmentTokenRequest token;
      token.set_site_id(site);
      rows.push_back(
          {"IssueEnrollmentToken", target, Bind(&S::IssueEnrollmentToken, token), hq_only});
      // The right code, so a refusal can only be the role's.
      v1::ApproveDeviceRequest approve;
      approve.set_device_id(dev->device_id);
      approve.set_verification_code(dev->verification_code);
      rows.push_back({"ApproveDevice", target, Bind(&S::ApproveDevice, approve), hq_only});
      v1::RevokeDeviceRequest revoke;
      revoke.set_device_id(spare->device_id);
      revoke.set_reason("role matrix");
      rows.push_back({"RevokeDevice", target, Bind(&S::RevokeDevice, revoke), hq_only});
      v1::SetDeviceRouteRequest route;  // back to the site's route: a harmless write
      route.set_device_id(dev->device_id);
      rows.push_back({"SetDeviceRoute", target, Bind(&S::SetDeviceRoute, route), hq_only});
      // Issue 19: the one-time 目視確認 — HQ, or a branch manager of the terminal's own store;
      // never staff (the person at the counter is the one who may not decide).
      v1::GrantVisualAllowanceRequest allow;
      allow.set_device_id(dev->device_id);
      allow.set_reason("暗証番号ロック、顔写真で確認");
      rows.push_back({"GrantVisualAllowance",
                      target,
                      Bind(&S::GrantVisualAllowance, allow),
                      {OK, site == std::string(kSiteA) ? OK : DENY, DENY, DENY, UNAUTH}});
      v1::QueryResultsRequest results;
      results.mutable_filter()->set_site_id(site);
      rows.push_back({"QueryResults", target, Bind(&S::QueryResults, results), result_readers});
    }
    rows.push_back({"Watch", "-", &WatchProbe, result_readers});
    rows.push_back({"ListVisualAllowances", "-",
                    Bind(&S::ListVisualAllowances, v1::ListVisualAllowancesRequest()),
                    fleet_readers});
    rows.push_back(
        {"QueryAudit", "-", Bind(&S::QueryAudit, v1::QueryAuditRequest()), audit_readers});
    rows.push_back(
        {"VerifyAudit", "-", Bind(&S::VerifyAudit, v1::VerifyAuditRequest()), audit_readers});
    rows.push_back({"ListSignedHeads", "-", Bind(&S::ListSignedHeads, v1::ListSignedHeadsRequest()),
                    audit_readers});

    // Users: HQ administrators only. An empty request gets past the role gate only for them
    // (and is then refused as malformed), so a refusal for others can only be the role's.
    const std::array<StatusCode, kWhoCount> hq_only_bad = {BAD, DENY, DENY, DENY, UNAUTH};
    rows.push_back({"ListUsers", "-", Bind(&S::ListUsers, v1::ListUsersRequest()), hq_only});
    rows.push_back({"CreateUser", "-", Bind(&S::CreateUser, v1::CreateUserRequest()), hq_only_bad});
    rows.push_back({"UpdateUser",
                    "-",
                    Bind(&S::UpdateUser, v1::UpdateUserRequest()),
                    {NOTFOUND, DENY, DENY, DENY, UNAUTH}});
    // GetResult with no check id: malformed for the roles that may read results (patient
    // details by scope and window are in results_dashboard_test), refused for auditors.
    rows.push_back({"GetResult",
                    "-",
                    Bind(&S::GetResult, v1::GetResultRequest()),
                    {BAD, BAD, DENY, BAD, UNAUTH}});
    rows.push_back(
        {"GetDashboard", "-", Bind(&S::GetDashboard, v1::GetDashboardRequest()), fleet_readers});
    // The card-failure report: who sees the dashboard sees it (branch managers scoped to their
    // sites, in failure_report_test); days must be 7 or 30 before anything is read.
    v1::GetFailureReportRequest failures;
    failures.set_days(7);
    rows.push_back(
        {"GetFailureReport", "7 days", Bind(&S::GetFailureReport, failures), fleet_readers});
    v1::GetFailureReportRequest bad_window;
    bad_window.set_days(8);
    rows.push_back({"GetFailureReport",
                    "8 days",
                    Bind(&S::GetFailureReport, bad_window),
                    {BAD, BAD, BAD, DENY, UNAUTH}});
    // The certificate calendar: who sees the dashboard sees it (scope in
    // certificate_calendar_test); only HQ records a store's 資格確認端末 certificate, and the
    // role is checked before the request.
    rows.push_back({"GetCertificateCalendar", "-",
                    Bind(&S::GetCertificateCalendar, v1::GetCertificateCalendarRequest()),
                    fleet_readers});
    v1::SetTerminalCertificateExpiryRequest cert_day;
    cert_day.set_site_id(kSiteA);
    cert_day.set_last_valid_day("2027-03-31");
    rows.push_back({"SetTerminalCertificateExpiry", "A",
                    Bind(&S::SetTerminalCertificateExpiry, cert_day), hq_only});
    v1::SetTerminalCertificateExpiryRequest bad_day = cert_day;
    bad_day.set_last_valid_day("2027/03/31");
    rows.push_back({"SetTerminalCertificateExpiry",
                    "bad day",
                    Bind(&S::SetTerminalCertificateExpiry, bad_day),
                    {BAD, DENY, DENY, DENY, UNAUTH}});
    // Subsidies: readable by HQ, branch managers (own sites) and auditors; never by staff.
    rows.push_back(
        {"ListPrograms", "-", Bind(&S::ListPrograms, v1::ListProgramsRequest()), fleet_readers});
    rows.push_back(
        {"ListClaims", "-", Bind(&S::ListClaims, v1::ListClaimsRequest()), fleet_readers});
    rows.push_back(
        {"ListDeadlines", "-", Bind(&S::ListDeadlines, v1::ListDeadlinesRequest()), fleet_readers});
    rows.push_back({"ListSiteObligations", "-",
                    Bind(&S::ListSiteObligations, v1::ListSiteObligationsRequest()),
                    fleet_readers});
    v1::GetDailySummaryRequest no_summary;
    no_summary.set_date("2000-01-01");
    rows.push_back({"GetDailySummary",
                    "-",
                    Bind(&S::GetDailySummary, no_summary),
                    {NOTFOUND, DENY, NOTFOUND, DENY, UNAUTH}});
    v1::GetReceiptRequest no_receipt;
    no_receipt.set_receipt_id("no-such-receipt");
    rows.push_back({"GetReceipt",
                    "-",
                    Bind(&S::GetReceipt, no_receipt),
                    {NOTFOUND, NOTFOUND, NOTFOUND, DENY, UNAUTH}});
    rows.push_back({"UpsertProgram",
                    "-",
                    Bind(&S::UpsertProgram, v1::UpsertProgramRequest()),
                    {BAD, DENY, DENY, DENY, UNAUTH}});
    // Writes with empty requests: malformed for those who may write, refused for the others.
    const std::array<StatusCode, kWhoCount> claim_writers_bad = {BAD, BAD, DENY, DENY, UNAUTH};
    rows.push_back(
        {"UpsertClaim", "-", Bind(&S::UpsertClaim, v1::UpsertClaimRequest()), claim_writers_bad});
    rows.push_back({"UploadReceipt", "-", Bind(&S::UploadReceipt, v1::UploadReceiptRequest()),
                    claim_writers_bad});
    rows.push_back({"DeleteReceipt", "-", Bind(&S::DeleteReceipt, v1::DeleteReceiptRequest()),
                    claim_writers_bad});
    rows.push_back({"ChangeClaimState", "-",
                    Bind(&S::ChangeClaimState, v1::ChangeClaimStateRequest()), claim_writers_bad});
    for (auto& r : rows) r.implemented = r.want[kHq] != UNIMPL;
    return rows;
  }
};

TEST_F(RoleMatrixTest, EveryRpcAnswersEachRoleWithTheExpectedCode) {
  auto rows = Matrix();
  std::vector<std::array<StatusCode, kWhoCount>> got(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int w = kNobody; w >= kHq; --w) {
      grpc::Status s = rows[i].call(tokens_[w]);
      got[i][w] = s.error_code();
      EXPECT_EQ(CodeName(s.error_code()), CodeName(rows[i].want[w]))
          << rows[i].rpc << " (" << rows[i].target << ") as " << kWhoNames[w] << ": "
          << s.error_message();
    }
  }

  // The matrix as observed; "≠" marks a cell that differs from the expectation.
  std::ostringstream table;
  table << std::left << std::setw(22) << "RPC" << std::setw(7) << "site";
  for (const char* name : kWhoNames) table << std::setw(16) << name;
  table << "\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    table << std::setw(22) << rows[i].rpc << std::setw(7) << rows[i].target;
    for (int w = kHq; w < kWhoCount; ++w) {
      std::string cell = CodeName(got[i][w]);
      if (got[i][w] != rows[i].want[w]) cell += " ≠ " + CodeName(rows[i].want[w]);
      table << std::setw(16) << cell;
    }
    table << "\n";
  }
  std::cout << table.str();

  // Denied calls left nothing behind: every console write on record is HQ's.
  EXPECT_EQ(Psql("SELECT string_agg(DISTINCT actor, ',') FROM audit_log WHERE event IN "
                 "('site.saved', 'device.approved', 'device.revoked', 'onboarding.stage_saved') "
                 "AND actor LIKE 'user:%'"),
            "user:admin");
  EXPECT_EQ(Psql("SELECT string_agg(actor, ',') FROM audit_log WHERE event = "
                 "'site.terminal_cert_set'"),
            "user:admin");  // one change, HQ's (the same day again is no change)
  // Tokens: HQ's console user and the command line, each named as itself (an attacker's review:
  // a console user named "cli" was recorded as the command line).
  EXPECT_EQ(Psql("SELECT string_agg(DISTINCT created_by, ',' ORDER BY created_by) FROM "
                 "enrollment_tokens"),
            "cli:token-issue,user:admin");
  EXPECT_EQ(Psql("SELECT string_agg(DISTINCT actor, ',' ORDER BY actor) FROM audit_log WHERE "
                 "event = 'device.token_issued'"),
            "cli:token-issue,user:admin");
  // One-time 目視確認: A's terminal by its manager and HQ, B's by HQ only.
  EXPECT_EQ(Psql("SELECT string_agg(actor, ',' ORDER BY actor) FROM audit_log WHERE event = "
                 "'visual_allowance.granted' AND site_id = '" +
                 std::string(kSiteA) + "'"),
            "user:admin,user:manager-a");
  EXPECT_EQ(Psql("SELECT string_agg(actor, ',') FROM audit_log WHERE event = "
                 "'visual_allowance.granted' AND site_id = '" +
                 std::string(kSiteB) + "'"),
            "user:admin");
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'device.revoked' AND device_id IN "
                 "('" +
                 a2_.device_id + "', '" + b2_.device_id + "')"),
            "2");  // one revocation each, HQ's
}

// A new RPC cannot ship without its row: every method of the service is in the matrix (Login
// and Logout have tests of their own).
TEST_F(RoleMatrixTest, EveryConsoleRpcHasARow) {
  std::set<std::string> in_matrix = {"Login", "Logout"};
  for (const auto& r : Matrix()) in_matrix.insert(r.rpc);
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::ConsoleService::service_full_name());
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    EXPECT_EQ(in_matrix.count(service->method(i)->name()), 1u)
        << service->method(i)->name() << " has no row in the role matrix";
  }
}

TEST_F(RoleMatrixTest, LoggedOutAndExpiredSessionsAreRefusedEverywhere) {
  auto logged_out = ConsoleLogin(*console_, "admin", kPassword);
  ASSERT_TRUE(logged_out.ok());
  ASSERT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, *logged_out, {}).ok());
  const std::string logouts_before =
      Psql("SELECT count(*) FROM audit_log WHERE event = 'user.logout' AND actor = 'user:admin'");
  ASSERT_TRUE(Call(&v1::ConsoleService::Stub::Logout, *logged_out, {}).ok());
  // The session's end is audited with its user, as its start is (an attacker's review).
  EXPECT_EQ(
      Psql("SELECT count(*) FROM audit_log WHERE event = 'user.logout' AND actor = 'user:admin'"),
      std::to_string(std::stoi(logouts_before) + 1));

  auto expired = ConsoleLogin(*console_, "admin", kPassword);
  ASSERT_TRUE(expired.ok());
  ASSERT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, *expired, {}).ok());
  // The session's end moved into the past, as if its eight hours had gone by.
  EXPECT_EQ(Psql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash "
                 "= sha256(convert_to('" +
                 *expired + "', 'UTF8')) RETURNING 1"),
            "1");

  for (const auto& [label, token] :
       {std::pair{"logged out", *logged_out}, std::pair{"expired", *expired},
        std::pair{"made up", std::string(64, 'a')}}) {
    for (const auto& row : Matrix()) {
      if (!row.implemented) continue;
      auto s = row.call(token);
      EXPECT_EQ(CodeName(s.error_code()), "UNAUTH")
          << row.rpc << " (" << row.target << ") with a " << label << " session";
    }
  }
  auto s = Call(&v1::ConsoleService::Stub::ListSites, *expired, {});
  EXPECT_NE(s.error_message().find("auth.session_expired"), std::string::npos) << s.error_message();
  // The other sessions of the same user are untouched.
  EXPECT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, tokens_[kHq], {}).ok());
}

// Disabling an account (there is no RPC for it yet, hence SQL) ends its live sessions at once.
TEST_F(RoleMatrixTest, ADisabledAccountsSessionIsRefusedEverywhere) {
  auto created =
      rig_->Cli({"admin", "create"},
                {"--login", "staff-gone", "--role", "staff", "--sites", kSiteA, "--password-stdin"},
                std::string(kPassword) + "\n");
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  auto token = ConsoleLogin(*console_, "staff-gone", kPassword);
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  ASSERT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, *token, {}).ok());
  EXPECT_EQ(Psql("UPDATE users SET disabled = true WHERE login = 'staff-gone' RETURNING 1"), "1");

  for (const auto& row : Matrix()) {
    if (!row.implemented) continue;
    auto s = row.call(*token);
    EXPECT_EQ(CodeName(s.error_code()), "DENY") << row.rpc << " (" << row.target << ")";
    EXPECT_NE(s.error_message().find("auth.disabled"), std::string::npos) << s.error_message();
  }
  EXPECT_FALSE(ConsoleLogin(*console_, "staff-gone", kPassword).ok());
}

// Migration 0014 keeps terminals' records out of the actor index (the device index finds them):
// the console's actor filter still returns every record of a terminal and of a person, page by
// page, and nobody else's.

}  // namespace
}  // namespace kakunin::testing::hq
