// The console's reads by role, for their scope, against a real kakunin-server and PostgreSQL
// (role_fixture.h): a login reports each user's role and sites; branch roles see only their
// sites, devices and results, and their own patients' names while HQ sees operational fields
// only; the live feed delivers each role only what it may see; the audit trail is found by
// actor. Which calls each role may make at all: role_matrix_test.cpp.

#include <optional>
#include <set>

#include "tests/server/role_fixture.h"

namespace kakunin::testing::hq {
namespace {

using RoleScopeTest = RoleFixture;

TEST_F(RoleScopeTest, LoginReportsEachUsersRoleAndSites) {
  const std::array<v1::Role, kNobody> roles = {v1::ROLE_HQ_ADMIN, v1::ROLE_BRANCH_MANAGER,
                                               v1::ROLE_AUDITOR, v1::ROLE_STAFF};
  for (int w = kHq; w < kNobody; ++w) {
    v1::LoginRequest req;
    req.set_login(logins_[w]);
    req.set_password(kPassword);
    v1::LoginResponse resp;
    grpc::ClientContext ctx;
    Authorize(&ctx, "");
    ASSERT_TRUE(console_->Login(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.user().role(), roles[w]) << kWhoNames[w];
    std::vector<std::string> sites(resp.user().site_ids().begin(), resp.user().site_ids().end());
    bool scoped = w == kManager || w == kStaff;
    EXPECT_EQ(sites, scoped ? std::vector<std::string>{kSiteA} : std::vector<std::string>{})
        << kWhoNames[w];
  }
  // Stored as plain ids, which SQL can compare (they were inside SQL quotes before 0017).
  EXPECT_EQ(Psql("SELECT site_ids::text FROM users WHERE login = '" + logins_[kManager] + "'"),
            "{" + std::string(kSiteA) + "}");
}

TEST_F(RoleScopeTest, ListSitesShowsBranchRolesOnlyTheirOwn) {
  const std::array<std::set<std::string>, kNobody> want = {
      std::set<std::string>{kSiteA, kSiteB}, {kSiteA}, {kSiteA, kSiteB}, {kSiteA}};
  for (int w = kHq; w < kNobody; ++w) {
    v1::ListSitesResponse resp;
    ASSERT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, tokens_[w], {}, &resp).ok());
    std::set<std::string> seen;
    for (const auto& s : resp.sites()) seen.insert(s.site_id());
    EXPECT_EQ(seen, want[w]) << kWhoNames[w];
  }
}

TEST_F(RoleScopeTest, ListDevicesShowsABranchManagerOnlyTheirSites) {
  auto list = [](Who w, const std::string& site) {
    v1::ListDevicesRequest req;
    req.set_site_id(site);
    v1::ListDevicesResponse resp;
    EXPECT_TRUE(Call(&v1::ConsoleService::Stub::ListDevices, tokens_[w], req, &resp).ok());
    std::set<std::string> ids, sites;
    for (const auto& d : resp.devices()) {
      ids.insert(d.device_id());
      sites.insert(d.site_id());
    }
    return std::pair{ids, sites};
  };
  for (Who w : {kHq, kAuditor}) {
    auto [ids, sites] = list(w, "");
    EXPECT_EQ(sites, (std::set<std::string>{kSiteA, kSiteB})) << kWhoNames[w];
    EXPECT_TRUE(ids.count(a1_.device_id) && ids.count(b1_.device_id)) << kWhoNames[w];
  }
  auto [ids, sites] = list(kManager, "");
  EXPECT_EQ(sites, std::set<std::string>{kSiteA});
  EXPECT_TRUE(ids.count(a1_.device_id) && ids.count(a2_.device_id));
  // Asking for the other site by name does not widen the scope.
  EXPECT_TRUE(list(kManager, kSiteB).first.empty());
}

TEST_F(RoleScopeTest, QueryResultsScopesRowsAndShowsPatientsOnlyToBranchRoles) {
  auto query = [](Who w, const std::string& site) {
    v1::QueryResultsRequest req;
    req.mutable_filter()->set_site_id(site);
    req.set_page_size(1000);
    v1::QueryResultsResponse resp;
    auto s = Call(&v1::ConsoleService::Stub::QueryResults, tokens_[w], req, &resp);
    EXPECT_TRUE(s.ok()) << kWhoNames[w] << ": " << s.error_message();
    return resp;
  };
  auto sites_of = [](const v1::QueryResultsResponse& r) {
    std::set<std::string> sites;
    for (const auto& row : r.rows()) sites.insert(row.site_id());
    return sites;
  };

  // HQ: every site, operational fields only (the patient data exists but is not shown).
  auto hq = query(kHq, "");
  EXPECT_EQ(sites_of(hq), (std::set<std::string>{kSiteA, kSiteB}));
  for (const auto& row : hq.rows()) {
    EXPECT_TRUE(row.patient_data_available()) << row.check_id();
    EXPECT_EQ(row.result().eligibility().name(), "") << "HQ saw a patient name";
  }
  // Branch roles: their own site. A list carries no patient fields for them either (an
  // attacker's review: a staff login paged a store's patients out, unrecorded); each one is
  // opened by GetResult, which records the look.
  for (Who w : {kManager, kStaff}) {
    auto own = query(w, "");
    ASSERT_GT(own.rows_size(), 0) << kWhoNames[w];
    EXPECT_EQ(sites_of(own), std::set<std::string>{kSiteA}) << kWhoNames[w];
    for (const auto& row : own.rows()) {
      EXPECT_TRUE(row.patient_data_available()) << row.check_id();
      EXPECT_FALSE(row.result().has_eligibility()) << kWhoNames[w];
    }
    EXPECT_EQ(query(w, kSiteB).rows_size(), 0) << kWhoNames[w] << " read the other site";
  }
  EXPECT_GT(query(kHq, kSiteB).rows_size(), 0);  // the other site does have rows
}

TEST_F(RoleScopeTest, WatchDeliversOnlyWhatEachRoleMaySee) {
  struct Watcher {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::WatchEvent>> reader;
    // A watch ends only when cancelled; end it even when an assertion returns early.
    ~Watcher() {
      if (!reader) return;
      ctx.TryCancel();
      (void)reader->Finish();
    }
  };
  std::array<Watcher, kNobody> watchers;
  v1::WatchRequest req;
  req.set_devices(true);
  for (Who w : {kHq, kManager, kStaff}) {
    Authorize(&watchers[w].ctx, tokens_[w]);
    watchers[w].reader = console_->Watch(&watchers[w].ctx, req);
    watchers[w].reader->WaitForInitialMetadata();  // subscribed
  }
  // In commit order: device B, device A, result B, result A.
  for (const Terminal* t : {&b1_, &a1_}) {
    v1::ApproveDeviceRequest approve;
    approve.set_device_id(t->device_id);
    approve.set_verification_code(t->verification_code);
    ASSERT_TRUE(Call(&v1::ConsoleService::Stub::ApproveDevice, tokens_[kHq], approve).ok());
  }
  const std::string result_b = SendOne(b1_stream_, &next_seq_b_);
  const std::string result_a = SendOne(a1_stream_, &next_seq_a_);
  ASSERT_NE(result_b, "");
  ASSERT_NE(result_a, "");

  // Only the events caused here count: a notification from an earlier test may still be in flight.
  auto describe = [&](const v1::WatchEvent& e) -> std::optional<std::string> {
    if (e.has_device() &&
        (e.device().device_id() == a1_.device_id || e.device().device_id() == b1_.device_id)) {
      return "device " + e.device().site_id();
    }
    if (e.has_result() &&
        (e.result().check_id() == result_a || e.result().check_id() == result_b)) {
      return "result " + e.result().site_id();
    }
    return std::nullopt;
  };
  // What each role must see, in order; anything filtered out would show up in its place.
  const std::array<std::vector<std::string>, kNobody> want = {
      std::vector<std::string>{"device ekimae", "device honcho", "result ekimae", "result honcho"},
      {"device honcho", "result honcho"},
      {},
      {"result honcho"}};
  for (Who w : {kHq, kManager, kStaff}) {
    std::vector<std::string> seen;
    v1::WatchEvent e;
    while (seen.size() < want[w].size() && watchers[w].reader->Read(&e)) {
      if (auto d = describe(e)) seen.push_back(*d);
      // The live feed never carries patient fields, whoever watches.
      EXPECT_EQ(e.result().result().eligibility().name(), "") << kWhoNames[w];
    }
    EXPECT_EQ(seen, want[w]) << kWhoNames[w];
  }
}

TEST_F(RoleScopeTest, QueryAuditByActorFindsTerminalsAndPeople) {
  ASSERT_NE(SendOne(a1_stream_, &next_seq_a_), "");  // a record of the terminal's, at least
  for (const std::string& actor : {"device:" + a1_.device_id, std::string("user:admin")}) {
    std::vector<uint64_t> got;
    v1::QueryAuditRequest req;
    req.set_actor(actor);
    req.set_page_size(2);  // several pages: the keyset walk goes through the same filter
    for (int page = 0; page < 1000; ++page) {
      v1::QueryAuditResponse resp;
      ASSERT_TRUE(Call(&v1::ConsoleService::Stub::QueryAudit, tokens_[kHq], req, &resp).ok());
      for (const auto& r : resp.records()) {
        EXPECT_EQ(r.actor(), actor);
        got.push_back(r.seq());
      }
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    std::string seqs;
    for (auto it = got.rbegin(); it != got.rend(); ++it) {
      seqs += (seqs.empty() ? "" : ",") + std::to_string(*it);
    }
    EXPECT_FALSE(got.empty()) << actor;
    EXPECT_EQ(seqs, Psql("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM audit_log WHERE "
                         "actor = '" +
                         actor + "'"))
        << actor;
  }
}

}  // namespace
}  // namespace kakunin::testing::hq
