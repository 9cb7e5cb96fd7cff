// The 経過措置 view and HQ's daily subsidy summary through a real kakunin-server on a real
// PostgreSQL (ServerRig), judged by today's date in Japan:
// - sites with transitional measures whose ends are near, unknown, or past are reported with
//   the obligation, the last day, the first day of the full check and the warning reached;
//   branch managers see their own site only, staff nothing; a measure on a facility kind that
//   cannot have one is refused when the site is saved (the same mapping);
// - the summary job (--summary-time 00:00, --warning-days 90,30,7,1 from the environment) makes
//   the day's summary once at start, logs its lines and stores it: the shipped programmes are
//   reported closed, an HQ programme closing in 5 days warns at 7 days for every pharmacy that
//   may claim it, near measures and unknown ends are listed; a restart does not make a second
//   one; `kakunin-server subsidy summary` prints the stored lines and `--now --today` computes
//   one for another day (the shipped programmes open, 6 days before their deadline).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/domain/date.h"
#include "tests/harness/test_programme.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

using Stub = v1::ConsoleService::Stub;
constexpr char kSite[] = "honcho";  // the rig's pharmacy

domain::Date TodayInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string Iso(int days_from_today) {
  return domain::FormatIso(domain::AddDays(TodayInJapan(), days_from_today));
}

class SubsidySummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-summary");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    Connect();
  }
  void TearDown() override {
    stub_.reset();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  void Connect() {
    stub_ = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
    auto token = hq::ConsoleLogin(*stub_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    admin_ = *token;
  }

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const std::string& token, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, token);
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  grpc::Status SaveSite(const std::string& id, const std::string& name, const std::string& kind,
                        v1::TransitionalCategory measure, const std::string& event) {
    v1::UpsertSiteRequest req;
    req.mutable_site()->set_site_id(id);
    req.mutable_site()->set_name(name);
    req.mutable_site()->set_facility_kind(kind);
    req.mutable_site()->set_transitional(measure);
    req.mutable_site()->set_transitional_event_date(event);
    v1::Site saved;
    return Call(&Stub::UpsertSite, admin_, req, &saved);
  }

  // The fleet of the tests below: measures ending in 5 days, with no end date, and over.
  void AddSites() {
    ASSERT_TRUE(
        SaveSite("kasetsu", "仮設店舗", "pharmacy", v1::TRANSITIONAL_RECONSTRUCTION, Iso(5)).ok());
    ASSERT_TRUE(SaveSite("yamanobe", "山辺店", "clinic", v1::TRANSITIONAL_NO_FIBRE, "").ok());
    ASSERT_TRUE(
        SaveSite("kaiketsu", "解決済み店", "pharmacy", v1::TRANSITIONAL_OTHER, Iso(-3)).ok());
    ASSERT_TRUE(SaveSite("kenshin", "健診センター", "health_check",
                         v1::TRANSITIONAL_CATEGORY_UNSPECIFIED, "")
                    .ok());
  }

  // An HQ programme for pharmacies closing in 5 days (the shipped ones are all closed).
  void AddProgrammeClosingSoon() {
    nlohmann::ordered_json p =
        TestProgramme("summary_test_devices", "機器導入支援（要約試験）", Iso(5),
                      {{"pharmacy", "3/4", 41000, "card_reader", "3.1万円"}});
    v1::UpsertProgramRequest req;
    req.mutable_program()->set_program_id("summary_test_devices");
    req.mutable_program()->set_data_json(p.dump());
    v1::Program saved;
    auto s = Call(&Stub::UpsertProgram, admin_, req, &saved);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Polls until the server has stored today's summary (the job runs in its housekeeping loop).
  std::optional<v1::DailySummary> WaitForSummary() {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
      v1::GetDailySummaryRequest req;
      v1::DailySummary out;
      auto s = Call(&Stub::GetDailySummary, admin_, req, &out);
      if (s.ok()) return out;
      EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<Stub> stub_;
  std::string admin_;
};

const v1::SiteObligation* Find(const v1::ListSiteObligationsResponse& r, const std::string& id) {
  for (const auto& s : r.sites()) {
    if (s.site_id() == id) return &s;
  }
  return nullptr;
}

TEST_F(SubsidySummaryTest, TransitionalMeasuresPerSite) {
  AddSites();
  // The mapping the view uses also guards what is saved.
  auto refused = SaveSite("kenshin2", "健診2", "health_check", v1::TRANSITIONAL_NO_FIBRE, "");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_message().substr(0, refused.error_message().find(':')),
            "site.measure_not_applicable");
  refused = SaveSite("bad", "日付誤り", "pharmacy", v1::TRANSITIONAL_RECONSTRUCTION, "2026/12/31");
  EXPECT_EQ(refused.error_message().substr(0, refused.error_message().find(':')),
            "site.measure_bad_date");

  v1::ListSiteObligationsResponse all;
  ASSERT_TRUE(
      Call(&Stub::ListSiteObligations, admin_, v1::ListSiteObligationsRequest(), &all).ok());
  EXPECT_EQ(all.today(), Iso(0));
  ASSERT_EQ(all.sites_size(), 5);  // the rig's site and the four above

  const auto* honcho = Find(all, kSite);
  ASSERT_NE(honcho, nullptr);
  EXPECT_EQ(honcho->obligation(), "full_check_required");
  EXPECT_FALSE(honcho->may_use_limited_type());

  const auto* kasetsu = Find(all, "kasetsu");
  ASSERT_NE(kasetsu, nullptr);
  EXPECT_EQ(kasetsu->obligation(), "deferred_limited_type");
  EXPECT_TRUE(kasetsu->may_use_limited_type());
  EXPECT_TRUE(kasetsu->measure_running());
  EXPECT_EQ(kasetsu->measure_last_day(), Iso(5));
  EXPECT_EQ(kasetsu->full_check_from(), Iso(6));
  EXPECT_EQ(kasetsu->days_left(), 5);
  EXPECT_EQ(kasetsu->warning_threshold(), 7);

  const auto* yamanobe = Find(all, "yamanobe");
  ASSERT_NE(yamanobe, nullptr);
  EXPECT_EQ(yamanobe->obligation(), "deferred_limited_type");
  EXPECT_TRUE(yamanobe->end_date_missing());
  EXPECT_EQ(yamanobe->measure_last_day(), "");

  const auto* kaiketsu = Find(all, "kaiketsu");
  ASSERT_NE(kaiketsu, nullptr);
  EXPECT_EQ(kaiketsu->obligation(), "full_check_required");
  EXPECT_EQ(kaiketsu->reason(), "facility.measure_over");
  EXPECT_EQ(kaiketsu->full_check_from(), Iso(-2));
  EXPECT_EQ(kaiketsu->days_since_full_check(), 2);

  const auto* kenshin = Find(all, "kenshin");
  ASSERT_NE(kenshin, nullptr);
  EXPECT_EQ(kenshin->obligation(), "not_obliged");
  EXPECT_TRUE(kenshin->may_use_limited_type());

  // Branch managers see their own site; staff are refused.
  v1::CreateUserRequest user;
  user.set_login("kasetsu_manager");
  user.set_display_name("仮設 店長");
  user.set_password("Kasetsu2026");
  user.set_role(v1::ROLE_BRANCH_MANAGER);
  user.add_site_ids("kasetsu");
  v1::User created;
  ASSERT_TRUE(Call(&Stub::CreateUser, admin_, user, &created).ok());
  auto manager = hq::ConsoleLogin(*stub_, "kasetsu_manager", "Kasetsu2026");
  ASSERT_TRUE(manager.ok());
  v1::ListSiteObligationsResponse own;
  ASSERT_TRUE(
      Call(&Stub::ListSiteObligations, *manager, v1::ListSiteObligationsRequest(), &own).ok());
  ASSERT_EQ(own.sites_size(), 1);
  EXPECT_EQ(own.sites(0).site_id(), "kasetsu");
  v1::ListSiteObligationsRequest other;
  other.set_site_id(kSite);
  EXPECT_EQ(Call(&Stub::ListSiteObligations, *manager, other, &own).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetDailySummaryRequest summary_req;
  v1::DailySummary summary;
  EXPECT_EQ(Call(&Stub::GetDailySummary, *manager, summary_req, &summary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  user.set_login("kasetsu_staff");
  user.set_role(v1::ROLE_STAFF);
  ASSERT_TRUE(Call(&Stub::CreateUser, admin_, user, &created).ok());
  auto staff = hq::ConsoleLogin(*stub_, "kasetsu_staff", "Kasetsu2026");
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(
      Call(&Stub::ListSiteObligations, *staff, v1::ListSiteObligationsRequest(), &own).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

bool HasLine(const v1::DailySummary& s, const std::string& part) {
  for (const auto& line : s.lines()) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST_F(SubsidySummaryTest, DailySummaryJobStoresLogsAndPrints) {
  AddSites();
  AddProgrammeClosingSoon();
  // A new day for this database: the server started before the data existed may already
  // have made today's summary (depending on the hour), so forget it, then start the server
  // with the job due at once and HQ's thresholds, both from the environment.
  rig_->StopServer();
  ASSERT_TRUE(rig_->pg().Psql("kakunin", "DELETE FROM subsidy_daily_summaries").ok());
  ASSERT_TRUE(
      rig_->StartServer({{"KAKUNIN_SUMMARY_TIME", "00:00"}, {"KAKUNIN_WARNING_DAYS", "90,30,7,1"}})
          .ok());
  Connect();
  auto summary = WaitForSummary();
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->date(), Iso(0));
  EXPECT_EQ(std::vector<int>(summary->warning_days().begin(), summary->warning_days().end()),
            (std::vector<int>{90, 30, 7, 1}));
  // The five shipped programmes are past their deadlines and say so; HQ's is open.
  EXPECT_EQ(summary->closed_programs(), 5u);
  EXPECT_EQ(summary->open_programs(), 1u);
  EXPECT_TRUE(HasLine(*summary, "CLOSED since 2026-01-31"));
  EXPECT_TRUE(HasLine(*summary, "OPEN, 5 days left (deadline " + Iso(5) + ")"));
  // Pharmacies may claim HQ's programme: warned at 7 days, with what is still claimable.
  std::set<std::string> warned;
  for (const auto& d : summary->deadline_warnings()) {
    EXPECT_EQ(d.program_id(), "summary_test_devices");
    EXPECT_EQ(d.warning_threshold(), 7);
    EXPECT_EQ(d.claimable_yen(), 30750);
    warned.insert(d.site_id());
  }
  EXPECT_EQ(warned, (std::set<std::string>{"honcho", "kaiketsu", "kasetsu"}));
  EXPECT_TRUE(HasLine(*summary, "WARNING 7 days: kasetsu may still claim 30,750 yen"));
  // Measures: the one ending in 5 days and the one without an end date.
  std::set<std::string> measures;
  for (const auto& m : summary->measure_warnings()) measures.insert(m.site_id());
  EXPECT_EQ(measures, (std::set<std::string>{"kasetsu", "yamanobe"}));
  EXPECT_TRUE(HasLine(*summary, "MEASURE kasetsu (仮設店舗): 経過措置 (4) ends " + Iso(5)));
  EXPECT_TRUE(HasLine(*summary, "MEASURE yamanobe (山辺店): 経過措置 (2) has no end date yet"));
  EXPECT_TRUE(HasLine(*summary, "Sites: 2 must have the full online check, 2 may use"));

  // Written to the log, line by line.
  const std::string log = rig_->ServerLog();
  EXPECT_NE(log.find("subsidy summary: WARNING 7 days: kasetsu"), std::string::npos) << log;
  // Stored once: a restart on the same day does not make another.
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer({{"KAKUNIN_SUMMARY_TIME", "00:00"}}).ok());
  Connect();
  auto again = WaitForSummary();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->generated_at().seconds(), summary->generated_at().seconds());
  auto count = rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM subsidy_daily_summaries");
  ASSERT_TRUE(count.ok()) << count.error().ToString();
  EXPECT_EQ(hq::Trim(*count), "1");

  // The CLI prints the stored lines.
  auto printed = rig_->Cli({"subsidy", "summary"}, {});
  ASSERT_TRUE(printed.ok()) << printed.error().ToString();
  std::string expected;
  for (const auto& line : summary->lines()) expected += line + "\n";
  EXPECT_EQ(*printed, expected);
  // --now for a day before the shipped deadline: those programmes are open, 6 days left.
  auto before = rig_->Cli({"subsidy", "summary"}, {"--now", "--today", "2026-01-25", "--json"});
  ASSERT_TRUE(before.ok()) << before.error().ToString();
  auto json = nlohmann::json::parse(*before);
  EXPECT_EQ(json["date"], "2026-01-25");
  // Open: the four 2026 programmes and HQ's (no opening date); closed: the 2025 one.
  EXPECT_EQ(json["open_programs"], 5);
  EXPECT_EQ(json["closed_programs"], 1);
  bool home_visit_warned = false;
  for (const auto& d : json["deadline_warnings"]) {
    if (d["site_id"] == kSite && d["program_id"] == "kyotaku_home_visit_2026") {
      home_visit_warned = d["days_left"] == 6 && d["warning_threshold"] == 7;
    }
  }
  EXPECT_TRUE(home_visit_warned) << *before;
  // An unknown date and a bad threshold list are refused (exit code 2 for bad input).
  EXPECT_FALSE(rig_->Cli({"subsidy", "summary"}, {"--date", "2026-02-30"}).ok());
  EXPECT_FALSE(rig_->Cli({"subsidy", "summary"}, {"--now", "--warning-days", "7,30"}).ok());
}

}  // namespace
}  // namespace kakunin::testing
