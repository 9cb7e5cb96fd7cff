// GetResult and GetDashboard against a real kakunin-server and PostgreSQL, through the console
// API only. Two sites, 本町 (honcho, A) and 駅前 (ekimae, B); a branch manager and a staff member
// scoped to A, an auditor, HQ.
// - GetResult opens patient fields for A's branch roles while the re-view window (翌月末) is
//   open, gives HQ the row without them, and refuses (with a reason id) auditors, other sites'
//   checks and checks whose window has closed.
// - GetDashboard counts checks per Japanese hour and day by site and identity mode, with
//   failures and fallbacks, and the fleet as the terminals' Hello reported it; branch managers
//   see only their sites, staff nothing.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "common/domain/review_window.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

using grpc::StatusCode;
constexpr char kA[] = "honcho";
constexpr char kB[] = "ekimae";
constexpr char kPassword[] = "Kakunin2026";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::CheckResult At(const v1::CheckResult& base, int64_t seconds, v1::IdentityMode mode,
                   v1::Outcome outcome, v1::CheckSource source) {
  v1::CheckResult r = base;
  r.mutable_checked_at()->set_seconds(seconds);
  r.set_mode(mode);
  r.set_outcome(outcome);
  r.set_source(source);
  return r;
}

class ResultsDashboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-dashboard");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ASSERT_TRUE(
        rig_->Cli({"site", "add"}, {"--id", kB, "--name", "駅前薬局", "--auto-approve"}).ok());
    for (auto [login, role] : {std::pair{"manager-a", "branch_manager"},
                               std::pair{"staff-a", "staff"}, std::pair{"auditor", "auditor"}}) {
      auto r = AddUser(*rig_, login, role, std::string(role) != "auditor" ? kA : "", kPassword);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
    }
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    for (const char* login : {"admin", "manager-a", "staff-a", "auditor"}) {
      auto t = ConsoleLogin(*console_, login, kPassword);
      ASSERT_TRUE(t.ok()) << login << ": " << t.error().ToString();
      tokens_[login] = *t;
    }
    for (auto [site, t] : {std::pair{kA, &a1_}, std::pair{kB, &b1_}, std::pair{kA, &a2_}}) {
      auto e = EnrollTerminal(*rig_, site);
      ASSERT_TRUE(e.ok()) << e.error().ToString();
      *t = *e;
    }
    ASSERT_NO_FATAL_FAILURE(SendChecks());
    ASSERT_NO_FATAL_FAILURE(AddOpenProgrammes());
  }

  // The shipped programmes closed in early 2026; HQ enters two later editions of the home-visit
  // programme, closing in 20 and 75 days, so there are open deadlines to show.
  static void AddOpenProgrammes() {
    for (auto [id, days] :
         {std::pair{"kyotaku_home_visit_soon", 20}, std::pair{"kyotaku_home_visit_later", 75}}) {
      auto s = AddProgrammeEdition(
          *console_, tokens_["admin"], "kyotaku_home_visit_2026", id,
          domain::FormatIso(domain::AddDays(domain::JapanDateOf(NowSeconds()), days)));
      ASSERT_TRUE(s.ok()) << s.error().ToString();
    }
  }

  // A morning three hours ago: at A two visual checks (one failed) in the first hour, three
  // PIN checks (one on a document, one 再照会) in the second; at B two visual checks (one
  // failed) in the second. Plus A's check from 100 days ago, whose window has closed.
  static void SendChecks() {
    base_ = (NowSeconds() / 3600 - 3) * 3600;
    auto a = MakeResults(1, 6);
    using M = v1::IdentityMode;
    const M kV = v1::IDENTITY_MODE_VISUAL, kP = v1::IDENTITY_MODE_PIN;
    const auto kOk = v1::OUTCOME_ELIGIBLE, kErr = v1::OUTCOME_ERROR;
    const auto kCard = v1::CHECK_SOURCE_CARD;
    *a.mutable_results(0) = At(a.results(0), base_ + 600, kV, kOk, kCard);
    *a.mutable_results(1) = At(a.results(1), base_ + 900, kV, kErr, kCard);
    *a.mutable_results(2) = At(a.results(2), base_ + 3900, kP, kOk, kCard);
    *a.mutable_results(3) = At(a.results(3), base_ + 4000, kP, v1::OUTCOME_DOCUMENT_ACCEPTED,
                               v1::CHECK_SOURCE_DOCUMENT);
    *a.mutable_results(4) = At(a.results(4), base_ + 4100, kP, kOk, v1::CHECK_SOURCE_RECHECK);
    *a.mutable_results(5) = At(a.results(5), NowSeconds() - 100 * 86400, kV, kOk, kCard);
    auto b = MakeResults(1, 2);
    *b.mutable_results(0) = At(b.results(0), base_ + 4200, kV, kOk, kCard);
    *b.mutable_results(1) = At(b.results(1), base_ + 4300, kV, kErr, kCard);
    // Fields HQ keeps sealed with the patient's (they were acknowledged and stored nowhere).
    a.mutable_results(0)->set_operator_name("薬剤師 山本");
    a.mutable_results(0)->set_contract_insurer_number("06139993");
    a.mutable_results(0)->set_contract_insurer_match(true);
    a.mutable_results(0)->set_certificate_in_grace(true);
    a.mutable_results(0)->set_certificate_not_after("2026-01-31");
    a_now_ = a.results(0).check_id();
    a_old_ = a.results(5).check_id();
    a_old_date_ = a.results(5).checked_at().seconds();
    b_now_ = b.results(0).check_id();
    for (auto [t, s, batch, hello] :
         {std::tuple{&a1_, &a1_stream_, &a, 3}, std::tuple{&b1_, &b1_stream_, &b, 5}}) {
      auto opened = TerminalStream::Open(*rig_, *t);
      ASSERT_TRUE(opened.ok()) << opened.error().ToString();
      *s = opened->release();
      auto ack = (*s)->Send(*batch);
      ASSERT_TRUE(ack.ok()) << ack.error().ToString();
      ASSERT_EQ(*ack, static_cast<uint64_t>(batch->results_size()));
      // A's reader passed the extended-APDU probe, B's did not; outbox depths 3 and 5.
      v1::Hello h;
      h.mutable_facts()->set_reader_name("SONY RC-S300/P");
      h.mutable_facts()->set_extended_apdu(t == &a1_);
      h.set_outbox_depth(static_cast<uint64_t>(hello));
      ASSERT_TRUE((*s)->SendHello(h).ok());
    }
  }

  static void TearDownTestSuite() {
    delete a1_stream_;
    delete b1_stream_;
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static grpc::Status Get(const std::string& who, const std::string& check_id, v1::ResultRow* row) {
    grpc::ClientContext ctx;
    Authorize(&ctx, who.empty() ? "" : tokens_[who]);
    v1::GetResultRequest req;
    req.set_check_id(check_id);
    return console_->GetResult(&ctx, req, row);
  }

  static grpc::Status Dashboard(
      const std::string& who, int64_t from, int64_t to, bool hourly, v1::Dashboard* out,
      v1::DashboardSiteDetail detail = v1::DASHBOARD_SITE_DETAIL_UNSPECIFIED) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::GetDashboardRequest req;
    req.mutable_from()->set_seconds(from);
    req.mutable_to()->set_seconds(to);
    req.set_hourly(hourly);
    req.set_site_detail(detail);
    return console_->GetDashboard(&ctx, req, out);
  }

  // Buckets as (start - base_, site, mode, checks, failures, fallbacks).
  using B = std::tuple<int64_t, std::string, int, uint64_t, uint64_t, uint64_t>;
  static std::vector<B> Rows(const google::protobuf::RepeatedPtrField<v1::Dashboard::Bucket>& in) {
    std::vector<B> out;
    for (const auto& b : in) {
      out.emplace_back(b.start().seconds() - base_, b.site_id(), b.mode(), b.checks(), b.failures(),
                       b.fallbacks());
    }
    return out;
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
  static inline Terminal a1_, b1_, a2_;
  static inline TerminalStream *a1_stream_ = nullptr, *b1_stream_ = nullptr;
  static inline int64_t base_ = 0, a_old_date_ = 0;
  static inline std::string a_now_, a_old_, b_now_;
};

TEST_F(ResultsDashboardTest, PatientDetailsOnlyForTheSitesRolesWithinTheWindow) {
  for (const char* who : {"staff-a", "manager-a"}) {
    v1::ResultRow row;
    ASSERT_TRUE(Get(who, a_now_, &row).ok()) << who;
    EXPECT_EQ(row.check_id(), a_now_);
    EXPECT_TRUE(row.patient_data_available());
    EXPECT_EQ(row.result().eligibility().name(), kPatientName) << who;
    EXPECT_EQ(row.result().operator_name(), "薬剤師 山本") << who;
    EXPECT_EQ(row.result().contract_insurer_number(), "06139993") << who;
    EXPECT_TRUE(row.result().contract_insurer_match()) << who;
    EXPECT_TRUE(row.result().certificate_in_grace()) << who;
    EXPECT_EQ(row.result().certificate_not_after(), "2026-01-31") << who;
  }
  // HQ: the operational row, never the patient's fields.
  v1::ResultRow hq;
  ASSERT_TRUE(Get("admin", a_now_, &hq).ok());
  EXPECT_EQ(hq.site_id(), kA);
  EXPECT_TRUE(hq.patient_data_available());
  EXPECT_FALSE(hq.result().has_eligibility());
  EXPECT_EQ(hq.result().operator_name(), "");
  EXPECT_EQ(hq.result().mode(), v1::IDENTITY_MODE_VISUAL);
  // Each look at the patient's fields is in the audit chain, by whom and which check; HQ's look
  // at the operational row opened none and is not.
  auto looks = rig_->pg().Psql("kakunin",
                               "SELECT string_agg(actor || ' ' || site_id, ',' ORDER BY seq) "
                               "FROM audit_log WHERE event = 'result.viewed' AND subject = '" +
                                   a_now_ + "'");
  ASSERT_TRUE(looks.ok()) << looks.error().ToString();
  EXPECT_EQ(looks->substr(0, looks->find('\n')),
            "user:staff-a " + std::string(kA) + ",user:manager-a " + std::string(kA));

  v1::ResultRow none;
  auto auditor = Get("auditor", a_now_, &none);
  EXPECT_EQ(auditor.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(auditor.error_message().rfind("results.auditor:", 0), 0u) << auditor.error_message();
  auto other = Get("staff-a", b_now_, &none);
  EXPECT_EQ(other.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(other.error_message().rfind("results.other_site:", 0), 0u) << other.error_message();
  // The window closed: refused, and the message says until when it was open.
  const auto last_day = domain::ReviewDeadline(domain::JapanDateOf(a_old_date_));
  for (const char* who : {"staff-a", "manager-a"}) {
    auto closed = Get(who, a_old_, &none);
    EXPECT_EQ(closed.error_code(), StatusCode::PERMISSION_DENIED) << who;
    EXPECT_EQ(closed.error_message().rfind("results.review_window_closed:", 0), 0u)
        << closed.error_message();
    EXPECT_NE(closed.error_message().find(domain::FormatIso(last_day)), std::string::npos)
        << closed.error_message();
  }
  // Nor does a search carry them once the window has closed.
  grpc::ClientContext ctx;
  Authorize(&ctx, tokens_["staff-a"]);
  v1::QueryResultsRequest search;
  search.mutable_filter()->set_site_id(kA);
  v1::QueryResultsResponse found;
  ASSERT_TRUE(console_->QueryResults(&ctx, search, &found).ok());
  int with_patient = 0, available = 0;
  for (const auto& row : found.rows()) {
    with_patient += row.result().has_eligibility();
    available += row.patient_data_available();
  }
  EXPECT_EQ(with_patient, 0);  // a list never carries them: each is opened by GetResult
  EXPECT_GE(available, 5);     // A's five checks of this morning, at least
  // HQ still sees the old check's operational row.
  ASSERT_TRUE(Get("admin", a_old_, &hq).ok());
  EXPECT_EQ(Get("staff-a", "00000000-0000-4000-8000-000000000000", &none).error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("", a_now_, &none).error_code(), StatusCode::UNAUTHENTICATED);
}

// HQ's detail view and the live watch read a row by its id with their own statement; every
// field must be the one a search shows.
TEST_F(ResultsDashboardTest, ARowByItsIdIsTheRowASearchShows) {
  grpc::ClientContext ctx;
  Authorize(&ctx, tokens_["admin"]);
  v1::QueryResultsRequest search;
  search.set_page_size(50);
  v1::QueryResultsResponse found;
  ASSERT_TRUE(console_->QueryResults(&ctx, search, &found).ok());
  ASSERT_GE(found.rows_size(), 3);
  std::set<std::string> sites;
  for (const auto& listed : found.rows()) {
    v1::ResultRow by_id;
    ASSERT_TRUE(Get("admin", listed.check_id(), &by_id).ok()) << listed.check_id();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(by_id, listed))
        << "by id:\n"
        << by_id.DebugString() << "in the search:\n"
        << listed.DebugString();
    sites.insert(by_id.site_id());
  }
  EXPECT_EQ(sites, (std::set<std::string>{kA, kB}));
}

TEST_F(ResultsDashboardTest, HourlyBucketsBySiteAndModeWithFailuresAndFallbacks) {
  const int kV = v1::IDENTITY_MODE_VISUAL, kP = v1::IDENTITY_MODE_PIN;
  // Buckets per site, when asked (the answer before issue 18), with the totals per site.
  v1::Dashboard d;
  ASSERT_TRUE(
      Dashboard("admin", base_, base_ + 3 * 3600, true, &d, v1::DASHBOARD_SITE_DETAIL_BUCKETS)
          .ok());
  EXPECT_EQ(
      Rows(d.buckets()),
      (std::vector<B>{{0, kA, kV, 2, 1, 0}, {3600, kB, kV, 2, 1, 0}, {3600, kA, kP, 3, 0, 2}}));
  EXPECT_EQ(Rows(d.site_totals()),
            (std::vector<B>{{0, kB, kV, 2, 1, 0}, {0, kA, kV, 2, 1, 0}, {0, kA, kP, 3, 0, 2}}));
  // The branch manager: A only.
  v1::Dashboard mine;
  ASSERT_TRUE(Dashboard("manager-a", base_, base_ + 3 * 3600, true, &mine,
                        v1::DASHBOARD_SITE_DETAIL_BUCKETS)
                  .ok());
  ASSERT_EQ(mine.buckets_size(), 2);
  for (const auto& b : mine.buckets()) EXPECT_EQ(b.site_id(), kA);
  // Auditors read the fleet; staff do not.
  v1::Dashboard ignored;
  EXPECT_TRUE(Dashboard("auditor", base_, base_ + 3600, true, &ignored).ok());
  EXPECT_EQ(Dashboard("staff-a", base_, base_ + 3600, true, &ignored).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Dashboard("admin", base_, base_, true, &ignored).error_code(),
            StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Dashboard("admin", base_, base_ + 3600, true, &ignored,
                      static_cast<v1::DashboardSiteDetail>(42))
                .error_code(),
            StatusCode::INVALID_ARGUMENT);
}

// Issue 18: by default sites are folded by the server (site_id empty), within the caller's
// scope; totals per site come only when asked, one row per site and mode for the whole range.
TEST_F(ResultsDashboardTest, SitesFoldedWithinScopeAndTotalsPerSiteOnRequest) {
  const int kV = v1::IDENTITY_MODE_VISUAL, kP = v1::IDENTITY_MODE_PIN;
  v1::Dashboard d;
  ASSERT_TRUE(Dashboard("admin", base_, base_ + 3 * 3600, true, &d).ok());
  EXPECT_EQ(
      Rows(d.buckets()),
      (std::vector<B>{{0, "", kV, 2, 1, 0}, {3600, "", kV, 2, 1, 0}, {3600, "", kP, 3, 0, 2}}));
  EXPECT_EQ(d.site_totals_size(), 0);
  v1::Dashboard totals;
  ASSERT_TRUE(
      Dashboard("auditor", base_, base_ + 3 * 3600, true, &totals, v1::DASHBOARD_SITE_DETAIL_TOTALS)
          .ok());
  EXPECT_EQ(Rows(totals.buckets()), Rows(d.buckets()));
  EXPECT_EQ(Rows(totals.site_totals()),
            (std::vector<B>{{0, kB, kV, 2, 1, 0}, {0, kA, kV, 2, 1, 0}, {0, kA, kP, 3, 0, 2}}));
  // The branch manager's fold holds A's checks only, by hour and by day.
  v1::Dashboard mine;
  ASSERT_TRUE(
      Dashboard("manager-a", base_, base_ + 3 * 3600, true, &mine, v1::DASHBOARD_SITE_DETAIL_TOTALS)
          .ok());
  EXPECT_EQ(Rows(mine.buckets()), (std::vector<B>{{0, "", kV, 2, 1, 0}, {3600, "", kP, 3, 0, 2}}));
  EXPECT_EQ(Rows(mine.site_totals()), (std::vector<B>{{0, kA, kV, 2, 1, 0}, {0, kA, kP, 3, 0, 2}}));
  ASSERT_TRUE(Dashboard("manager-a", base_ - 86400, base_ + 3 * 3600, false, &mine).ok());
  uint64_t checks = 0;
  for (const auto& b : mine.buckets()) {
    EXPECT_EQ(b.site_id(), "");
    checks += b.checks();
  }
  EXPECT_EQ(checks, 5u);  // of the 7 checks of both sites
}

TEST_F(ResultsDashboardTest, DailyBucketsStartAtJapaneseMidnight) {
  v1::Dashboard d;
  ASSERT_TRUE(Dashboard("admin", base_ - 86400, base_ + 3 * 3600, false, &d).ok());
  uint64_t checks = 0, failures = 0, fallbacks = 0;
  for (const auto& b : d.buckets()) {
    EXPECT_EQ((b.start().seconds() + 9 * 3600) % 86400, 0) << b.DebugString();
    checks += b.checks();
    failures += b.failures();
    fallbacks += b.fallbacks();
  }
  EXPECT_EQ(checks, 7u);
  EXPECT_EQ(failures, 2u);
  EXPECT_EQ(fallbacks, 2u);
}

TEST_F(ResultsDashboardTest, NearestOpenDeadlinesSoonestFirstInScope) {
  v1::Dashboard d;
  ASSERT_TRUE(Dashboard("admin", base_, base_ + 3600, true, &d).ok());
  ASSERT_GE(d.nearest_deadlines_size(), 2);
  EXPECT_LE(d.nearest_deadlines_size(), 5);
  EXPECT_EQ(d.nearest_deadlines(0).program_id(), "kyotaku_home_visit_soon");
  EXPECT_EQ(d.nearest_deadlines(0).days_left(), 20);
  std::set<std::string> sites;
  for (int i = 0; i < d.nearest_deadlines_size(); ++i) {
    const auto& dl = d.nearest_deadlines(i);
    EXPECT_FALSE(dl.closed()) << dl.DebugString();
    if (i > 0) {
      EXPECT_GE(dl.days_left(), d.nearest_deadlines(i - 1).days_left());
    }
    sites.insert(dl.site_id());
  }
  EXPECT_EQ(sites, (std::set<std::string>{kA, kB}));
  v1::Dashboard mine;
  ASSERT_TRUE(Dashboard("manager-a", base_, base_ + 3600, true, &mine).ok());
  ASSERT_GE(mine.nearest_deadlines_size(), 1);
  for (const auto& dl : mine.nearest_deadlines()) EXPECT_EQ(dl.site_id(), kA);
}

TEST_F(ResultsDashboardTest, FleetFiguresFromTheTerminalsReports) {
  // A1 and B1 said Hello (online; B1's reader lacks extended APDUs; outboxes 3 + 5); A2 enrolled
  // but never connected (offline, its reader never probed). Hello is stored asynchronously.
  v1::Dashboard d;
  ASSERT_TRUE(WaitFor(
      [&] {
        d.Clear();
        return Dashboard("admin", base_, base_ + 3600, true, &d).ok() && d.outbox_backlog() == 8 &&
               d.devices_online() == 2;
      },
      std::chrono::seconds(20)))
      << d.DebugString();
  EXPECT_EQ(d.devices_offline(), 1u);
  EXPECT_EQ(d.devices_non_compliant(), 2u);  // B1 and the unprobed A2
  v1::Dashboard mine;
  ASSERT_TRUE(Dashboard("manager-a", base_, base_ + 3600, true, &mine).ok());
  EXPECT_EQ(mine.devices_online(), 1u);
  EXPECT_EQ(mine.devices_offline(), 1u);
  EXPECT_EQ(mine.devices_non_compliant(), 1u);
  EXPECT_EQ(mine.outbox_backlog(), 3u);
  // A revoked terminal no longer counts.
  grpc::ClientContext ctx;
  Authorize(&ctx, tokens_["admin"]);
  v1::RevokeDeviceRequest revoke;
  revoke.set_device_id(a2_.device_id);
  revoke.set_reason("盗難");
  v1::Device dev;
  ASSERT_TRUE(console_->RevokeDevice(&ctx, revoke, &dev).ok());
  ASSERT_TRUE(Dashboard("admin", base_, base_ + 3600, true, &d).ok());
  EXPECT_EQ(d.devices_offline(), 0u);
  EXPECT_EQ(d.devices_non_compliant(), 1u);
}

// Runs last: 200,000 checks spread over the 2–16 days before the morning above (so the other
// tests' ranges stay as they were), inserted in one statement; the daily dashboard over them
// must still count every one. Prints the time a dashboard call takes.
TEST_F(ResultsDashboardTest, ZzDailyDashboardOverManyChecks) {
  constexpr int kRows = 200000;
  auto inserted = rig_->pg().Psql(
      "kakunin",
      "INSERT INTO check_results (device_id, sequence, check_id, site_id, checked_at, mode, "
      "route, source, outcome) SELECT '" +
          a1_.device_id + "', 1000 + g, gen_random_uuid(), 'honcho', to_timestamp(" +
          std::to_string(base_ - 2 * 86400) + ") - (g * 6 % (14 * 86400)) * interval '1 second', " +
          "1 + g % 2, 1, CASE WHEN g % 40 = 0 THEN 3 ELSE 1 END, CASE WHEN g % 25 = 0 THEN 9 "
          "ELSE 1 END FROM generate_series(1, " +
          std::to_string(kRows) + ") g; ANALYZE check_results");
  ASSERT_TRUE(inserted.ok()) << inserted.error().ToString();
  v1::Dashboard d;
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(Dashboard("admin", base_ - 17 * 86400, base_ - 86400, false, &d).ok());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  uint64_t checks = 0, failures = 0, fallbacks = 0;
  for (const auto& b : d.buckets()) {
    checks += b.checks();
    failures += b.failures();
    fallbacks += b.fallbacks();
  }
  EXPECT_EQ(checks, static_cast<uint64_t>(kRows));
  EXPECT_EQ(failures, static_cast<uint64_t>(kRows / 25));
  EXPECT_EQ(fallbacks, static_cast<uint64_t>(kRows / 40));
  std::cout << "GetDashboard, daily over " << kRows << " checks (" << d.buckets_size()
            << " buckets): " << ms << " ms\n";

  // Keyset paging over the same rows: page 50 costs what page 1 costs (no OFFSET), and the
  // pages neither overlap nor skip (strictly older rows each time).
  v1::QueryResultsRequest req;
  req.mutable_filter()->set_site_id(kA);
  req.set_page_size(100);
  std::vector<int64_t> page_ms;
  int64_t last_seen = std::numeric_limits<int64_t>::max();
  for (int page = 0; page < 50; ++page) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_["admin"]);
    v1::QueryResultsResponse found;
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(console_->QueryResults(&ctx, req, &found).ok());
    page_ms.push_back(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count());
    ASSERT_EQ(found.rows_size(), 100);
    for (const auto& row : found.rows()) {
      EXPECT_LE(row.result().checked_at().seconds(), last_seen);
      last_seen = row.result().checked_at().seconds();
    }
    req.set_page_token(found.next_page_token());
  }
  std::cout << "QueryResults, 100 rows per page over " << kRows << " checks: page 1 "
            << page_ms.front() << " ms, page 50 " << page_ms.back() << " ms\n";
}

}  // namespace
}  // namespace kakunin::testing::hq
