// The onboarding board (issue 19) against a real HQ (PostgreSQL + kakunin-server): the 50 clean
// stores of tests/data/site_import/stores_55.csv imported, a subsidy programme for pharmacies
// closing 30 days from today, then ListOnboarding and UpdateOnboardingStage through the console
// API. Proves: every store × all seven stages with the rules' deadlines (the claim programme's
// deadline, a 経過措置 that ended, a measure without its date); filters by prefecture, region,
// next stage and overdue; HQ's change is validated at the edge with Japanese refusals (never a
// database error), audited once per change with who, and not audited when nothing changed;
// a branch manager sees only their store and may not change it.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <set>

#include "common/domain/date.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kPassword[] = "Kakunin2026x";
constexpr char kTestProgramme[] = "kyotaku_home_visit_onboarding_test";

domain::Date TodayInJapan() { return domain::JapanDateOf(std::time(nullptr)); }
std::string Iso(int days_from_today) {
  return domain::FormatIso(domain::AddDays(TodayInJapan(), days_from_today));
}

const v1::OnboardingStage& StageOf(const v1::OnboardingSite& site, const std::string& stage) {
  for (const auto& s : site.stages()) {
    if (s.stage() == stage) return s;
  }
  ADD_FAILURE() << "no stage " << stage;
  static const v1::OnboardingStage kNone;
  return kNone;
}

class OnboardingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-onboarding");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    auto token = ConsoleLogin(*console_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    admin_ = *token;

    v1::ImportSitesRequest import;
    import.set_csv(ReadFile(KAKUNIN_SITE_IMPORT_FIXTURE));
    import.set_clean_rows_only(true);
    v1::ImportSitesResponse imported;
    grpc::ClientContext ctx;
    Authorize(&ctx, admin_);
    ASSERT_TRUE(console_->ImportSites(&ctx, import, &imported).ok());
    ASSERT_EQ(imported.saved(), 50);
    // The shipped programmes have all closed: HQ enters this year's edition.
    ASSERT_TRUE(
        AddProgrammeEdition(*console_, admin_, "kyotaku_home_visit_2026", kTestProgramme, Iso(30))
            .ok());

    auto r = AddUser(*rig_, "manager-a", "branch_manager", "honcho", kPassword);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    auto m = ConsoleLogin(*console_, "manager-a", kPassword);
    ASSERT_TRUE(m.ok()) << m.error().ToString();
    manager_ = *m;
  }
  static void TearDownTestSuite() {
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static grpc::Status List(const v1::ListOnboardingRequest& req, v1::ListOnboardingResponse* resp,
                           const std::string& token = admin_) {
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    return console_->ListOnboarding(&ctx, req, resp);
  }
  static v1::OnboardingSite Site(const std::string& name) {
    v1::ListOnboardingResponse board;
    EXPECT_TRUE(List({}, &board).ok());
    for (const auto& s : board.sites()) {
      if (s.name() == name) return s;
    }
    ADD_FAILURE() << "no store " << name;
    return {};
  }
  static grpc::Status Update(const std::string& site_id, const std::string& stage,
                             const std::string& planned, const std::string& done,
                             const std::string& owner, v1::OnboardingSite* out,
                             const std::string& token = admin_) {
    v1::UpdateOnboardingStageRequest req;
    req.set_site_id(site_id);
    req.set_stage(stage);
    req.set_planned(planned);
    req.set_done(done);
    req.set_owner(owner);
    req.set_note("");
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    return console_->UpdateOnboardingStage(&ctx, req, out);
  }
  static std::string Psql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "";
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::string admin_, manager_;
};

TEST_F(OnboardingTest, BoardHasEveryStoreAndStageWithTheRulesDeadlines) {
  v1::ListOnboardingResponse board;
  ASSERT_TRUE(List({}, &board).ok());
  EXPECT_EQ(board.today(), Iso(0));
  EXPECT_EQ(board.sites_size(), 51);  // honcho and the 50 imported stores
  EXPECT_EQ(board.sites_total(), 51u);
  std::string previous_prefecture;
  for (const auto& s : board.sites()) {
    SCOPED_TRACE(s.name());
    ASSERT_EQ(s.stages_size(), 7);
    EXPECT_EQ(s.stages(0).stage(), "application");
    EXPECT_EQ(s.stages(6).stage(), "subsidy_claimed");
    EXPECT_GE(s.prefecture(), previous_prefecture);  // by prefecture
    previous_prefecture = s.prefecture();
  }

  // A pharmacy without a measure: every stage by the claim deadline, 30 days from now.
  const auto sapporo = Site("かくにん薬局 札幌駅前店");
  EXPECT_EQ(sapporo.region(), "hokkaido");
  EXPECT_EQ(sapporo.program_id(), kTestProgramme);
  EXPECT_EQ(sapporo.next_stage(), "application");
  for (const auto& st : sapporo.stages()) {
    SCOPED_TRACE(st.stage());
    EXPECT_EQ(st.deadline(), Iso(30));
    EXPECT_EQ(st.deadline_basis(), "subsidy_claim");
    EXPECT_EQ(st.state(), "pending");
    EXPECT_EQ(st.days_left(), 30);
  }
  // 経過措置 (2), fibre from 2025-09-30: the full check has been required since 2026-03-31, so
  // everything up to 運用開始 is overdue; the claim still has its 30 days.
  const auto mito = Site("かくにん薬局 水戸南口店");
  EXPECT_EQ(mito.region(), "kanto");
  EXPECT_EQ(StageOf(mito, "operation_start").deadline(), "2026-03-31");
  EXPECT_EQ(StageOf(mito, "operation_start").deadline_basis(), "transitional_measure");
  EXPECT_EQ(StageOf(mito, "operation_start").state(), "overdue");
  EXPECT_EQ(StageOf(mito, "subsidy_claimed").state(), "pending");
  EXPECT_EQ(mito.overdue(), 6);
  // 経過措置 (6) without the date it ends: said, not guessed; the claim bounds the rest.
  const auto kokura = Site("かくにん薬局 小倉店");
  EXPECT_TRUE(kokura.measure_end_unknown());
  EXPECT_EQ(kokura.region(), "kyushu_okinawa");
  EXPECT_EQ(StageOf(kokura, "application").deadline_basis(), "subsidy_claim");
}

TEST_F(OnboardingTest, FiltersByPrefectureRegionStageAndOverdue) {
  v1::ListOnboardingRequest req;
  req.set_prefecture("13");
  v1::ListOnboardingResponse tokyo;
  ASSERT_TRUE(List(req, &tokyo).ok());
  ASSERT_GT(tokyo.sites_size(), 0);
  for (const auto& s : tokyo.sites()) EXPECT_EQ(s.prefecture(), "13");
  EXPECT_EQ(tokyo.sites_total(), 51u);

  req.Clear();
  req.set_region("kanto");
  v1::ListOnboardingResponse kanto;
  ASSERT_TRUE(List(req, &kanto).ok());
  std::set<std::string> prefectures;
  for (const auto& s : kanto.sites()) prefectures.insert(s.prefecture());
  EXPECT_TRUE(prefectures.count("13") && prefectures.count("08")) << kanto.DebugString();
  for (const auto& p : prefectures) EXPECT_TRUE(p >= "08" && p <= "14") << p;

  req.Clear();
  req.set_overdue_only(true);
  v1::ListOnboardingResponse overdue;
  ASSERT_TRUE(List(req, &overdue).ok());
  std::set<std::string> names;
  for (const auto& s : overdue.sites()) names.insert(s.name());
  // The measures that ended: both (2) stores whose fibre came on 2025-09-30, and the (4) store
  // whose works ended on 2026-03-31.
  EXPECT_EQ(names, (std::set<std::string>{"かくにん薬局 水戸南口店", "かくにん薬局 長野善光寺店",
                                          "かくにん薬局 梅田店"}));

  // Malformed filters: refused with a Japanese sentence, nothing read.
  for (auto [field, value, reason] : {std::tuple{"prefecture", "48", "onboarding.bad_prefecture"},
                                      std::tuple{"region", "kantou", "onboarding.bad_region"},
                                      std::tuple{"stage", "installed", "onboarding.bad_stage"}}) {
    SCOPED_TRACE(field);
    req.Clear();
    if (std::string(field) == "prefecture") req.set_prefecture(value);
    if (std::string(field) == "region") req.set_region(value);
    if (std::string(field) == "stage") req.set_stage(value);
    v1::ListOnboardingResponse none;
    auto s = List(req, &none);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message().rfind(std::string(reason) + ": ", 0), 0u) << s.error_message();
  }
}

TEST_F(OnboardingTest, HqChangesAStageAuditedOncePerChange) {
  const std::string site = Site("かくにん薬局 旭川店").site_id();
  const std::string audits =
      "SELECT count(*) FROM audit_log WHERE event = 'onboarding.stage_saved' AND site_id = '" +
      site + "'";
  // Planned yesterday, not done: overdue by one day.
  v1::OnboardingSite row;
  ASSERT_TRUE(Update(site, "application", Iso(-1), "", "山田 花子（本部）", &row).ok());
  const auto& app = StageOf(row, "application");
  EXPECT_EQ(app.state(), "overdue");
  EXPECT_EQ(app.days_left(), -1);
  EXPECT_EQ(app.due(), Iso(-1));
  EXPECT_EQ(app.owner(), "山田 花子（本部）");
  EXPECT_EQ(app.updated_by(), "user:admin");
  EXPECT_EQ(row.overdue(), 1);
  EXPECT_EQ(Psql(audits), "1");
  EXPECT_EQ(Psql("SELECT actor || ' ' || subject FROM audit_log WHERE event = "
                 "'onboarding.stage_saved' AND site_id = '" +
                 site + "'"),
            "user:admin " + site + "/application");

  // The same record again: nothing changes, nothing audited.
  ASSERT_TRUE(Update(site, "application", Iso(-1), "", "山田 花子（本部）", &row).ok());
  EXPECT_EQ(Psql(audits), "1");

  // Done today: the next stage is 審査, and the stage filter finds the store there.
  ASSERT_TRUE(Update(site, "application", Iso(-1), Iso(0), "山田 花子（本部）", &row).ok());
  EXPECT_EQ(StageOf(row, "application").state(), "done");
  EXPECT_TRUE(StageOf(row, "application").done_late());
  EXPECT_EQ(row.next_stage(), "review");
  EXPECT_EQ(row.overdue(), 0);
  EXPECT_EQ(Psql(audits), "2");
  EXPECT_EQ(Psql("SELECT details::json->'previous'->>'done' || '→' || "
                 "(details::json->>'done') FROM audit_log WHERE event = 'onboarding.stage_saved' "
                 "AND site_id = '" +
                 site + "' ORDER BY seq DESC LIMIT 1"),
            "→" + Iso(0));
  v1::ListOnboardingRequest at_review;
  at_review.set_stage("review");
  v1::ListOnboardingResponse reviewing;
  ASSERT_TRUE(List(at_review, &reviewing).ok());
  ASSERT_EQ(reviewing.sites_size(), 1);
  EXPECT_EQ(reviewing.sites(0).site_id(), site);
}

TEST_F(OnboardingTest, BadFieldsAreRefusedInJapaneseAndNothingIsSaved) {
  const std::string site = Site("かくにん薬局 青森中央店").site_id();
  const std::string before = Psql("SELECT count(*) FROM audit_log");
  std::string long_owner;
  for (int i = 0; i < 65; ++i) long_owner += "担";
  struct Case {
    std::string site, stage, planned, done, owner;
    grpc::StatusCode code;
    std::string reason, japanese;
  } cases[] = {
      {site, "application", "", Iso(1), "", grpc::StatusCode::INVALID_ARGUMENT,
       "onboarding.done_in_future", "完了日に未来の日付は入れられません。"},
      {site, "application", "2026/04/30", "", "", grpc::StatusCode::INVALID_ARGUMENT,
       "onboarding.bad_date", "日付が読めません"},
      {site, "application", "2206-04-30", "", "", grpc::StatusCode::INVALID_ARGUMENT,
       "onboarding.date_out_of_range", "2021 年から 2099 年まで"},
      {site, "application", "", "", long_owner, grpc::StatusCode::INVALID_ARGUMENT,
       "onboarding.owner_too_long", "担当者は 64 文字以内にしてください。"},
      {site, "application", "", "", "山田\t花子", grpc::StatusCode::INVALID_ARGUMENT,
       "onboarding.control_character", "制御文字"},
      {site, "installed", "", "", "", grpc::StatusCode::INVALID_ARGUMENT, "onboarding.bad_stage",
       "工程が分かりません。"},
      {"no-such-store", "review", "", "", "", grpc::StatusCode::NOT_FOUND,
       "onboarding.site_not_found", "その店舗は登録されていません。"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    v1::OnboardingSite row;
    auto s = Update(c.site, c.stage, c.planned, c.done, c.owner, &row);
    EXPECT_EQ(s.error_code(), c.code);
    EXPECT_EQ(s.error_message().rfind(c.reason + ": ", 0), 0u) << s.error_message();
    EXPECT_NE(s.error_message().find(c.japanese), std::string::npos) << s.error_message();
    EXPECT_EQ(s.error_message().find("db."), std::string::npos) << s.error_message();
  }
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log"), before);
  EXPECT_EQ(Psql("SELECT count(*) FROM onboarding_stages WHERE site_id = '" + site + "'"), "0");
}

TEST_F(OnboardingTest, BranchManagerSeesOwnStoreOnlyAndMayNotChangeIt) {
  v1::ListOnboardingResponse board;
  ASSERT_TRUE(List({}, &board, manager_).ok());
  ASSERT_EQ(board.sites_size(), 1);
  EXPECT_EQ(board.sites(0).site_id(), "honcho");
  EXPECT_EQ(board.sites_total(), 1u);
  v1::OnboardingSite row;
  auto s = Update("honcho", "review", "", Iso(0), "", &row, manager_);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Psql("SELECT count(*) FROM onboarding_stages WHERE site_id = 'honcho'"), "0");
}

}  // namespace
}  // namespace kakunin::testing::hq
