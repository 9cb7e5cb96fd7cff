// Proves the 居宅同意取得型 rules: 再照会 only after a first-visit card check with consent at the
// same institution while the relationship lasts, a card check at every 往診, and the online
// consent window from the consent moment to the end of the day after the consultation.
#include "common/domain/visits.h"

#include <gtest/gtest.h>

#include <vector>

namespace kakunin::domain {
namespace {

constexpr const char* kBranch = "1340110049";
constexpr const char* kOtherBranch = "1340110057";

FirstVisitRecord FirstVisit(std::optional<Date> over_from = std::nullopt) {
  return FirstVisitRecord{kBranch, "patient-1", Date{2025, 10, 1}, true, true, over_from};
}

RecheckRequest Recheck(Date date, Route route = Route::kHomeVisit) {
  return RecheckRequest{route, kBranch, "patient-1", date};
}

TEST(VisitsTest, HomeVisitRecheckAllowedAfterFirstVisitWithConsent) {
  const std::vector<FirstVisitRecord> records = {FirstVisit()};
  const Decision on_first_day = DecideRecheck(Recheck(Date{2025, 10, 1}), records);
  EXPECT_TRUE(on_first_day.allowed);
  EXPECT_EQ(on_first_day.reason, "visit.recheck_allowed");
  EXPECT_TRUE(DecideRecheck(Recheck(Date{2026, 11, 23}), records).allowed);
  const Decision before = DecideRecheck(Recheck(Date{2025, 9, 30}), records);
  EXPECT_FALSE(before.allowed);
  EXPECT_EQ(before.reason, "visit.recheck_before_first_visit");
}

TEST(VisitsTest, HomeVisitRecheckRefusedWithoutMatchingFirstVisit) {
  struct Case {
    const char* what;
    std::vector<FirstVisitRecord> records;
    const char* reason;
  };
  FirstVisitRecord no_consent = FirstVisit();
  no_consent.consent_recorded = false;
  FirstVisitRecord no_card = FirstVisit();
  no_card.card_checked = false;
  FirstVisitRecord other_branch = FirstVisit();
  other_branch.institution_code = kOtherBranch;
  FirstVisitRecord other_patient = FirstVisit();
  other_patient.patient_id = "patient-2";
  const Case cases[] = {
      {"no records", {}, "visit.no_first_visit_check"},
      {"card checked but no consent", {no_consent}, "visit.first_visit_without_consent"},
      {"consent without card check", {no_card}, "visit.no_first_visit_check"},
      {"first visit at another branch", {other_branch}, "visit.no_first_visit_check"},
      {"first visit of another patient", {other_patient}, "visit.no_first_visit_check"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Decision d = DecideRecheck(Recheck(Date{2025, 11, 1}), c.records);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(VisitsTest, HomeVisitRecheckEndsWhenRelationshipEnds) {
  const std::vector<FirstVisitRecord> records = {FirstVisit(Date{2026, 1, 1})};
  EXPECT_TRUE(DecideRecheck(Recheck(Date{2025, 12, 31}), records).allowed);
  const Decision on_end = DecideRecheck(Recheck(Date{2026, 1, 1}), records);
  EXPECT_FALSE(on_end.allowed);
  EXPECT_EQ(on_end.reason, "visit.relationship_ended");

  // A new first visit after the old relationship ended starts a new one.
  FirstVisitRecord renewed = FirstVisit();
  renewed.visit_date = Date{2026, 2, 1};
  const std::vector<FirstVisitRecord> both = {records[0], renewed};
  EXPECT_TRUE(DecideRecheck(Recheck(Date{2026, 2, 1}), both).allowed);
  EXPECT_EQ(DecideRecheck(Recheck(Date{2026, 1, 15}), both).reason,
            "visit.recheck_before_first_visit");
}

TEST(VisitsTest, OtherRoutesAlwaysNeedACardCheck) {
  const std::vector<FirstVisitRecord> records = {FirstVisit()};
  struct Case {
    Route route;
    const char* reason;
  };
  const Case cases[] = {
      {Route::kHouseCall, "visit.house_call_needs_card_check"},
      {Route::kCounter, "visit.card_check_required"},
      {Route::kOnlineConsultation, "visit.card_check_required"},
      {Route::kWard, "visit.card_check_required"},
      {Route::kFeverRoute, "visit.card_check_required"},
      {Route::kDriveThrough, "visit.card_check_required"},
      {Route::kReaderBroken, "visit.card_check_required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(RouteId(c.route)));
    const Decision d = DecideRecheck(Recheck(Date{2025, 11, 1}, c.route), records);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(VisitsTest, UnusualRoutesAreClassified) {
  EXPECT_TRUE(IsUnusualRoute(Route::kWard));
  EXPECT_TRUE(IsUnusualRoute(Route::kFeverRoute));
  EXPECT_TRUE(IsUnusualRoute(Route::kDriveThrough));
  EXPECT_TRUE(IsUnusualRoute(Route::kReaderBroken));
  EXPECT_FALSE(IsUnusualRoute(Route::kCounter));
  EXPECT_FALSE(IsUnusualRoute(Route::kHomeVisit));
  EXPECT_FALSE(IsUnusualRoute(Route::kHouseCall));
  EXPECT_FALSE(IsUnusualRoute(Route::kOnlineConsultation));
  EXPECT_EQ(RouteId(Route::kHouseCall), "house_call");
}

TEST(VisitsTest, OnlineConsentWindowRunsToEndOfNextDay) {
  const LocalDateTime consent{{2025, 11, 30}, 10, 15, 0};
  const Date consultation{2025, 11, 30};
  struct Case {
    LocalDateTime fetch;
    bool allowed;
    const char* reason;
  };
  const Case cases[] = {
      {{{2025, 11, 30}, 10, 14, 59}, false, "visit.before_consent"},
      {{{2025, 11, 30}, 10, 15, 0}, true, "visit.fetch_allowed"},
      {{{2025, 12, 1}, 23, 59, 59}, true, "visit.fetch_allowed"},
      {{{2025, 12, 2}, 0, 0, 0}, false, "visit.consent_window_over"},
      {{{2025, 11, 29}, 12, 0, 0}, false, "visit.before_consent"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.fetch.date) + " " + std::to_string(c.fetch.hour) + ":" +
                 std::to_string(c.fetch.minute));
    const Decision d = DecideConsentFetch(consent, consultation, c.fetch);
    EXPECT_EQ(d.allowed, c.allowed);
    EXPECT_EQ(d.reason, c.reason);
  }
  EXPECT_EQ(ConsentFetchLastDay(Date{2025, 12, 31}), (Date{2026, 1, 1}));
}

TEST(VisitsTest, ConsentGivenDaysBeforeConsultationCoversTheWholeSpan) {
  const LocalDateTime consent{{2026, 2, 26}, 9, 0, 0};
  const Date consultation{2026, 2, 28};
  EXPECT_TRUE(DecideConsentFetch(consent, consultation, {{2026, 2, 27}, 18, 0, 0}).allowed);
  EXPECT_TRUE(DecideConsentFetch(consent, consultation, {{2026, 3, 1}, 23, 0, 0}).allowed);
  EXPECT_FALSE(DecideConsentFetch(consent, consultation, {{2026, 3, 2}, 0, 0, 1}).allowed);
}

}  // namespace
}  // namespace kakunin::domain
