// Proves the 経過措置 end rules (fixed, 6 months after fibre, event dates, statutory latest),
// who may use 資格確認限定型 on a date, and the 大型チェーン薬局 threshold.
#include "common/domain/facility.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TransitionalMeasure Measure(MeasureCategory category, std::optional<Date> event = std::nullopt) {
  return TransitionalMeasure{category, event};
}

TEST(FacilityTest, MeasureLastDayPerCategory) {
  struct Case {
    const char* what;
    TransitionalMeasure measure;
    Date last_day;
  };
  const Case cases[] = {
      {"(1) ready date unknown → statutory latest",
       Measure(MeasureCategory::kSystemNotReady),
       {2023, 9, 30}},
      {"(1) ready earlier",
       Measure(MeasureCategory::kSystemNotReady, Date{2023, 6, 15}),
       {2023, 6, 15}},
      {"(1) ready later is capped",
       Measure(MeasureCategory::kSystemNotReady, Date{2023, 12, 1}),
       {2023, 9, 30}},
      {"(2) fibre + 6 months",
       Measure(MeasureCategory::kNoFibre, Date{2025, 3, 10}),
       {2025, 9, 10}},
      {"(2) fibre at month end clamps",
       Measure(MeasureCategory::kNoFibre, Date{2025, 8, 31}),
       {2026, 2, 28}},
      {"(3) fixed", Measure(MeasureCategory::kHomeVisitOnly), {2024, 12, 1}},
      {"(4) works end",
       Measure(MeasureCategory::kReconstruction, Date{2026, 5, 31}),
       {2026, 5, 31}},
      {"(5) closure unknown → latest", Measure(MeasureCategory::kPlannedClosure), {2024, 12, 1}},
      {"(5) closure earlier",
       Measure(MeasureCategory::kPlannedClosure, Date{2024, 6, 30}),
       {2024, 6, 30}},
      {"(5) closure later is capped",
       Measure(MeasureCategory::kPlannedClosure, Date{2025, 3, 31}),
       {2024, 12, 1}},
      {"(6) resolved",
       Measure(MeasureCategory::kSpecialDifficulty, Date{2026, 1, 15}),
       {2026, 1, 15}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<Date> last = MeasureLastDay(c.measure);
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(*last, c.last_day);
    Result<Date> from = FullCheckRequiredFrom(c.measure);
    ASSERT_TRUE(from.ok());
    EXPECT_EQ(*from, AddDays(c.last_day, 1));
  }
}

TEST(FacilityTest, MeasureEndUnknownWhenItsDateIsMissing) {
  for (MeasureCategory category : {MeasureCategory::kNoFibre, MeasureCategory::kReconstruction,
                                   MeasureCategory::kSpecialDifficulty}) {
    SCOPED_TRACE(static_cast<int>(category));
    const TransitionalMeasure measure = Measure(category);
    Result<Date> last = MeasureLastDay(measure);
    ASSERT_FALSE(last.ok());
    EXPECT_EQ(last.error().reason(), "facility.measure_date_missing");
    EXPECT_EQ(last.error().code(), ErrorCode::kFailedPrecondition);
    EXPECT_FALSE(FullCheckRequiredFrom(measure).ok());
    EXPECT_FALSE(IsMeasureOver(measure, Date{2030, 1, 1}));
  }
}

TEST(FacilityTest, MeasureIsOverTheDayAfterItsLastDay) {
  const TransitionalMeasure home = Measure(MeasureCategory::kHomeVisitOnly);
  EXPECT_FALSE(IsMeasureOver(home, Date{2024, 12, 1}));
  EXPECT_TRUE(IsMeasureOver(home, Date{2024, 12, 2}));
  const TransitionalMeasure fibre = Measure(MeasureCategory::kNoFibre, Date{2025, 3, 10});
  EXPECT_FALSE(IsMeasureOver(fibre, Date{2025, 9, 10}));
  EXPECT_TRUE(IsMeasureOver(fibre, Date{2025, 9, 11}));
}

TEST(FacilityTest, LimitedTypeForExemptHealthCheckAndMidwifeFromTheirStartDates) {
  struct Case {
    FacilityKind kind;
    Date on;
    bool allowed;
    const char* reason;
  };
  const Case cases[] = {
      {FacilityKind::kExempt, {2024, 3, 31}, false, "facility.limited_type_not_yet"},
      {FacilityKind::kExempt, {2024, 4, 1}, true, "facility.limited_type_allowed"},
      {FacilityKind::kHealthCheckInstitution,
       {2024, 3, 31},
       false,
       "facility.limited_type_not_yet"},
      {FacilityKind::kHealthCheckInstitution, {2024, 4, 1}, true, "facility.limited_type_allowed"},
      {FacilityKind::kMidwifeClinic, {2024, 6, 30}, false, "facility.limited_type_not_yet"},
      {FacilityKind::kMidwifeClinic, {2024, 7, 1}, true, "facility.limited_type_allowed"},
      {FacilityKind::kPharmacy, {2026, 11, 23}, false, "facility.full_check_required"},
      {FacilityKind::kLargeChainPharmacy, {2026, 11, 23}, false, "facility.full_check_required"},
      {FacilityKind::kHospital, {2026, 11, 23}, false, "facility.full_check_required"},
      {FacilityKind::kClinic, {2026, 11, 23}, false, "facility.full_check_required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(FacilityKindId(c.kind)) + " " + FormatIso(c.on));
    const Decision d = MayUseLimitedType(Site{c.kind, std::nullopt}, c.on);
    EXPECT_EQ(d.allowed, c.allowed);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(FacilityTest, LimitedTypeUnderMeasuresTwoFourSixOnlyWhileTheyLast) {
  struct Case {
    const char* what;
    TransitionalMeasure measure;
    Date on;
    bool allowed;
    const char* reason;
  };
  const Case cases[] = {
      {"(1)",
       Measure(MeasureCategory::kSystemNotReady),
       {2023, 9, 1},
       false,
       "facility.measure_not_eligible"},
      {"(2) fibre not yet",
       Measure(MeasureCategory::kNoFibre),
       {2026, 11, 23},
       true,
       "facility.limited_type_allowed"},
      {"(2) last day",
       Measure(MeasureCategory::kNoFibre, Date{2026, 5, 23}),
       {2026, 11, 23},
       true,
       "facility.limited_type_allowed"},
      {"(2) day after",
       Measure(MeasureCategory::kNoFibre, Date{2026, 5, 23}),
       {2026, 11, 24},
       false,
       "facility.measure_over"},
      {"(3)",
       Measure(MeasureCategory::kHomeVisitOnly),
       {2024, 11, 1},
       false,
       "facility.measure_not_eligible"},
      {"(4) works ongoing",
       Measure(MeasureCategory::kReconstruction, Date{2026, 12, 31}),
       {2026, 11, 23},
       true,
       "facility.limited_type_allowed"},
      {"(4) works over",
       Measure(MeasureCategory::kReconstruction, Date{2026, 10, 31}),
       {2026, 11, 23},
       false,
       "facility.measure_over"},
      {"(5)",
       Measure(MeasureCategory::kPlannedClosure),
       {2024, 11, 1},
       false,
       "facility.measure_not_eligible"},
      {"(6) unresolved",
       Measure(MeasureCategory::kSpecialDifficulty),
       {2026, 11, 23},
       true,
       "facility.limited_type_allowed"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Decision d = MayUseLimitedType(Site{FacilityKind::kPharmacy, c.measure}, c.on);
    EXPECT_EQ(d.allowed, c.allowed);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(FacilityTest, LargeChainPharmacyThresholdIsFortyThousandPerMonth) {
  EXPECT_FALSE(IsLargeChainPharmacy(39'999));
  EXPECT_TRUE(IsLargeChainPharmacy(40'000));
  EXPECT_TRUE(IsLargeChainPharmacy(1'000'000));
  EXPECT_FALSE(IsLargeChainPharmacy(0));
}

}  // namespace
}  // namespace kakunin::domain
