// Onboarding stages (issue 19): which deadline each stage gets from the 経過措置 and subsidy rules,
// and a stage's state on the days around its due date (the due day itself is still in time).

#include "common/domain/onboarding.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/domain/region.h"

namespace kakunin::domain {
namespace {

Programme MakeProgramme(std::string id, Date deadline, std::vector<FacilityKind> kinds) {
  Programme p;
  p.id = std::move(id);
  p.deadline = deadline;
  for (auto k : kinds) {
    FacilityTerms t;
    t.kind = k;
    p.terms.push_back(t);
  }
  return p;
}

const std::vector<Programme>& Programmes() {
  static const std::vector<Programme> kAll = {
      MakeProgramme("devices_2025", {2025, 2, 1}, {FacilityKind::kPharmacy, FacilityKind::kExempt}),
      MakeProgramme("devices_2026", {2026, 1, 31}, {FacilityKind::kExempt}),
      MakeProgramme("home_visit_2026", {2026, 1, 31}, {FacilityKind::kPharmacy}),
      MakeProgramme("home_visit_2027", {2027, 1, 31}, {FacilityKind::kPharmacy}),
  };
  return kAll;
}

std::string IdOf(const Programme* p) { return p ? p->id : "(none)"; }

TEST(Onboarding, StageIdsRoundTripInOrder) {
  EXPECT_EQ(OnboardingStageId(OnboardingStage::kApplication), "application");
  EXPECT_EQ(OnboardingStageId(OnboardingStage::kSubsidyClaimed), "subsidy_claimed");
  for (auto s : kOnboardingStages) EXPECT_EQ(OnboardingStageFromId(OnboardingStageId(s)), s);
  EXPECT_FALSE(OnboardingStageFromId("Application").has_value());
  EXPECT_FALSE(OnboardingStageFromId("").has_value());
}

TEST(Onboarding, ClaimProgrammeIsTheSoonestStillOpenElseTheLastClosed) {
  const auto& all = Programmes();
  struct Case {
    Date today;
    FacilityKind kind;
    std::string claimed;
    std::string want;
  } cases[] = {
      {{2025, 2, 1}, FacilityKind::kPharmacy, "", "devices_2025"},  // its deadline day: open
      {{2025, 2, 2}, FacilityKind::kPharmacy, "", "home_visit_2026"},
      {{2026, 1, 31}, FacilityKind::kPharmacy, "", "home_visit_2026"},
      {{2026, 2, 1}, FacilityKind::kPharmacy, "", "home_visit_2027"},
      {{2027, 2, 1}, FacilityKind::kPharmacy, "", "home_visit_2027"},  // all closed: the last
      {{2026, 2, 1}, FacilityKind::kExempt, "", "devices_2026"},       // closed, the latest
      {{2025, 1, 1}, FacilityKind::kPharmacy, "home_visit_2027", "home_visit_2027"},  // its own
      {{2025, 1, 1}, FacilityKind::kPharmacy, "no_such", "devices_2025"},
      {{2025, 1, 1}, FacilityKind::kHospital, "", "(none)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(FormatIso(c.today) + " " + std::string(FacilityKindId(c.kind)));
    EXPECT_EQ(IdOf(ClaimProgrammeFor(all, c.kind, c.today, c.claimed)), c.want);
  }
}

TEST(Onboarding, DeadlinesComeFromTheMeasureAndTheClaimProgramme) {
  const auto& all = Programmes();
  const Programme* claim_2027 = &all[3];
  struct Case {
    const char* name;
    Site site;
    const Programme* programme;
    std::optional<Date> running;  // 申請 … 運用開始
    DeadlineBasis running_basis;
    std::optional<Date> claim;
    bool end_unknown;
  } cases[] = {
      {"no measure, no programme",
       {FacilityKind::kHospital, {}},
       nullptr,
       {},
       DeadlineBasis::kNone,
       {},
       false},
      {"no measure: the claim bounds 運用開始",
       {FacilityKind::kPharmacy, {}},
       claim_2027,
       Date{2027, 1, 31},
       DeadlineBasis::kSubsidyClaim,
       Date{2027, 1, 31},
       false},
      // (2) fibre from 2026-03-15: deferred until 2026-09-15, running from 2026-09-16.
      {"measure ends before the claim",
       {FacilityKind::kPharmacy, TransitionalMeasure{MeasureCategory::kNoFibre, Date{2026, 3, 15}}},
       claim_2027,
       Date{2026, 9, 16},
       DeadlineBasis::kTransitionalMeasure,
       Date{2027, 1, 31},
       false},
      // (4) works until 2027-06-30: the claim closes first.
      {"claim closes before the measure ends",
       {FacilityKind::kPharmacy,
        TransitionalMeasure{MeasureCategory::kReconstruction, Date{2027, 6, 30}}},
       claim_2027,
       Date{2027, 1, 31},
       DeadlineBasis::kSubsidyClaim,
       Date{2027, 1, 31},
       false},
      // A tie: the obligation names it. (6) resolved 2027-01-30 → full check from 01-31.
      {"tie",
       {FacilityKind::kPharmacy,
        TransitionalMeasure{MeasureCategory::kSpecialDifficulty, Date{2027, 1, 30}}},
       claim_2027,
       Date{2027, 1, 31},
       DeadlineBasis::kTransitionalMeasure,
       Date{2027, 1, 31},
       false},
      // (6) with no date: nothing guessed for 運用開始, the claim keeps its own.
      {"measure end unknown, no programme",
       {FacilityKind::kClinic, TransitionalMeasure{MeasureCategory::kSpecialDifficulty, {}}},
       nullptr,
       {},
       DeadlineBasis::kMeasureEndUnknown,
       {},
       true},
      {"measure end unknown, programme",
       {FacilityKind::kPharmacy, TransitionalMeasure{MeasureCategory::kNoFibre, {}}},
       claim_2027,
       Date{2027, 1, 31},
       DeadlineBasis::kSubsidyClaim,
       Date{2027, 1, 31},
       true},
      // (3) home-visit only: until 2024-12-01, so running on 2024-12-02.
      {"home visits only",
       {FacilityKind::kClinic, TransitionalMeasure{MeasureCategory::kHomeVisitOnly, {}}},
       nullptr,
       Date{2024, 12, 2},
       DeadlineBasis::kTransitionalMeasure,
       {},
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    OnboardingRules r = OnboardingRulesFor(c.site, c.programme);
    for (auto stage : kOnboardingStages) {
      SCOPED_TRACE(std::string(OnboardingStageId(stage)));
      const RuleDeadline& d = r.deadlines[StageIndex(stage)];
      if (stage == OnboardingStage::kSubsidyClaimed) {
        EXPECT_EQ(d.date, c.claim);
        EXPECT_EQ(d.basis, c.claim ? DeadlineBasis::kSubsidyClaim : DeadlineBasis::kNone);
      } else {
        EXPECT_EQ(d.date, c.running);
        EXPECT_EQ(d.basis, c.running_basis);
      }
    }
    EXPECT_EQ(r.measure_end_unknown, c.end_unknown);
    EXPECT_EQ(r.programme_id, c.programme ? c.programme->id : "");
  }
}

OnboardingRules RulesWithRunningDeadline(Date running, Date claim) {
  OnboardingRules r;
  for (auto stage : kOnboardingStages) {
    r.deadlines[StageIndex(stage)] =
        stage == OnboardingStage::kSubsidyClaimed
            ? RuleDeadline{claim, DeadlineBasis::kSubsidyClaim}
            : RuleDeadline{running, DeadlineBasis::kTransitionalMeasure};
  }
  return r;
}

TEST(Onboarding, StateOnTheBoundaryDaysOfItsDueDate) {
  // 運用開始 due 2026-09-16 by the measure; HQ planned the application for 2026-04-30.
  const OnboardingRules rules = RulesWithRunningDeadline({2026, 9, 16}, {2027, 1, 31});
  std::array<StageRecord, kOnboardingStageCount> recs{};
  recs[StageIndex(OnboardingStage::kApplication)].planned = Date{2026, 4, 30};
  struct Case {
    Date today;
    OnboardingStage stage;
    StageState state;
    int days_left;
  } cases[] = {
      {{2026, 4, 29}, OnboardingStage::kApplication, StageState::kPending, 1},
      {{2026, 4, 30}, OnboardingStage::kApplication, StageState::kPending, 0},  // the day itself
      {{2026, 5, 1}, OnboardingStage::kApplication, StageState::kOverdue, -1},
      {{2026, 9, 16}, OnboardingStage::kOperationStart, StageState::kPending, 0},
      {{2026, 9, 17}, OnboardingStage::kOperationStart, StageState::kOverdue, -1},
      {{2027, 1, 31}, OnboardingStage::kSubsidyClaimed, StageState::kPending, 0},
      {{2027, 2, 1}, OnboardingStage::kSubsidyClaimed, StageState::kOverdue, -1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(FormatIso(c.today) + " " + std::string(OnboardingStageId(c.stage)));
    OnboardingStatus st = OnboardingStatusOn(recs, rules, c.today);
    const StageStatus& s = st.stages[StageIndex(c.stage)];
    EXPECT_EQ(s.state, c.state);
    EXPECT_EQ(s.days_left, c.days_left);
    EXPECT_EQ(st.next, OnboardingStage::kApplication);
  }
  const OnboardingRules leap = RulesWithRunningDeadline({2028, 3, 1}, {2028, 3, 1});
  std::array<StageRecord, kOnboardingStageCount> none{};
  EXPECT_EQ(OnboardingStatusOn(none, leap, {2028, 2, 28}).stages[0].days_left, 2);
  EXPECT_EQ(OnboardingStatusOn(none, leap, {2028, 2, 29}).stages[0].days_left, 1);
}

TEST(Onboarding, PlannedDateHoldsOnlyWhenEarlierThanTheRule) {
  const OnboardingRules rules = RulesWithRunningDeadline({2026, 9, 16}, {2027, 1, 31});
  std::array<StageRecord, kOnboardingStageCount> recs{};
  recs[0].planned = Date{2026, 10, 31};  // later than the rule allows
  recs[1].planned = Date{2026, 6, 1};
  OnboardingStatus st = OnboardingStatusOn(recs, rules, {2026, 6, 2});
  EXPECT_EQ(st.stages[0].due, (Date{2026, 9, 16}));
  EXPECT_TRUE(st.stages[0].planned_after_deadline);
  EXPECT_EQ(st.stages[0].state, StageState::kPending);
  EXPECT_EQ(st.stages[1].due, (Date{2026, 6, 1}));
  EXPECT_FALSE(st.stages[1].planned_after_deadline);
  EXPECT_EQ(st.stages[1].state, StageState::kOverdue);
  EXPECT_EQ(st.overdue, 1);
}

TEST(Onboarding, DoneStagesCountAndTheNextIsTheFirstNotDone) {
  const OnboardingRules rules = RulesWithRunningDeadline({2026, 9, 16}, {2027, 1, 31});
  std::array<StageRecord, kOnboardingStageCount> recs{};
  recs[0].done = Date{2026, 4, 1};
  recs[1].done = Date{2026, 9, 17};  // a day late
  recs[3].done = Date{2026, 5, 1};   // installed before 設定情報 arrived: still counted
  OnboardingStatus st = OnboardingStatusOn(recs, rules, {2026, 10, 1});
  EXPECT_EQ(st.done, 3);
  EXPECT_EQ(st.next, OnboardingStage::kUserSettingsReceived);
  EXPECT_FALSE(st.stages[0].done_late);
  EXPECT_TRUE(st.stages[1].done_late);
  EXPECT_EQ(st.stages[1].state, StageState::kDone);
  EXPECT_FALSE(st.stages[1].days_left.has_value());
  // 設定情報, アクティベーション and 運用開始 are past 09-16; the claim is not.
  EXPECT_EQ(st.overdue, 3);
  EXPECT_EQ(st.stages[6].state, StageState::kPending);

  for (auto& r : recs) r.done = Date{2026, 9, 1};
  st = OnboardingStatusOn(recs, rules, {2026, 10, 1});
  EXPECT_FALSE(st.next.has_value());
  EXPECT_EQ(st.done, kOnboardingStageCount);
  EXPECT_EQ(st.overdue, 0);
}

TEST(Onboarding, NoDeadlineNoPlanIsUnscheduledNeverOverdue) {
  OnboardingRules none;
  std::array<StageRecord, kOnboardingStageCount> recs{};
  OnboardingStatus st = OnboardingStatusOn(recs, none, {2030, 1, 1});
  for (const auto& s : st.stages) {
    EXPECT_EQ(s.state, StageState::kUnscheduled);
    EXPECT_FALSE(s.due.has_value());
  }
  EXPECT_EQ(st.overdue, 0);
}

TEST(Region, PrefecturesFallIntoTheEightRegions) {
  struct Case {
    std::string_view code;
    std::optional<Region> region;
  } cases[] = {
      {"01", Region::kHokkaido},
      {"02", Region::kTohoku},
      {"07", Region::kTohoku},
      {"08", Region::kKanto},
      {"13", Region::kKanto},
      {"14", Region::kKanto},
      {"15", Region::kChubu},
      {"23", Region::kChubu},
      {"24", Region::kKinki},
      {"30", Region::kKinki},
      {"31", Region::kChugoku},
      {"35", Region::kChugoku},
      {"36", Region::kShikoku},
      {"39", Region::kShikoku},
      {"40", Region::kKyushuOkinawa},
      {"47", Region::kKyushuOkinawa},
      {"00", std::nullopt},
      {"48", std::nullopt},
      {"1", std::nullopt},
      {"", std::nullopt},
      {"1a", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.code));
    EXPECT_EQ(RegionOfPrefecture(c.code), c.region);
  }
  for (int i = 0; i < kRegionCount; ++i) {
    auto r = static_cast<Region>(i);
    EXPECT_EQ(RegionFromId(RegionId(r)), r);
  }
}

}  // namespace
}  // namespace kakunin::domain
