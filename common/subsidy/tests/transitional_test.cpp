// Proves the 経過措置 view HQ gets for a site on a given day: the site record (as stored) maps to
// the domain's measure or is refused with its reason id; each category's end rule — fixed dates
// ((3) 2024-12-01), "at latest" dates ((1) 2023-09-30, (5) 2024-12-01), 6 months after fibre
// ((2)), until the works end ((4)), until resolved ((6)) — decides, on the day before, on and
// after the last day, whether the site is deferred (with or without 資格確認限定型) or must
// already have the full online check; ends depending on an unknown date are reported as
// missing, not guessed; warnings use the claim deadlines' thresholds.
#include "common/subsidy/transitional.h"

#include <gtest/gtest.h>

#include <vector>

namespace kakunin::subsidy {
namespace {

using domain::Date;

struct Case {
  const char* name;
  const char* kind;
  int category;
  const char* event;
  Date today;
  Obligation obligation;
  bool limited;
  std::optional<Date> last_day;
  std::optional<int> days_left;
  std::optional<int> warning;
};

TEST(Transitional, EndRulesOnBoundaryDays) {
  const std::vector<Case> cases = {
      // (1) at latest 2023-09-30, earlier when the system was ready earlier.
      {"(1) day of latest",
       "clinic",
       1,
       "",
       {2023, 9, 30},
       Obligation::kDeferred,
       false,
       Date{2023, 9, 30},
       0,
       1},
      {"(1) day after latest",
       "clinic",
       1,
       "",
       {2023, 10, 1},
       Obligation::kFullCheckRequired,
       false,
       Date{2023, 9, 30},
       std::nullopt,
       std::nullopt},
      {"(1) ready earlier, day after",
       "clinic",
       1,
       "2023-06-15",
       {2023, 6, 16},
       Obligation::kFullCheckRequired,
       false,
       Date{2023, 6, 15},
       std::nullopt,
       std::nullopt},
      // (2) 6 months after fibre: 2026-03-10 → 2026-09-10.
      {"(2) day before end",
       "pharmacy",
       2,
       "2026-03-10",
       {2026, 9, 9},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 9, 10},
       1,
       1},
      {"(2) last day",
       "pharmacy",
       2,
       "2026-03-10",
       {2026, 9, 10},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 9, 10},
       0,
       1},
      {"(2) day after",
       "pharmacy",
       2,
       "2026-03-10",
       {2026, 9, 11},
       Obligation::kFullCheckRequired,
       false,
       Date{2026, 9, 10},
       std::nullopt,
       std::nullopt},
      {"(2) 60 days before",
       "pharmacy",
       2,
       "2026-03-10",
       {2026, 7, 12},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 9, 10},
       60,
       60},
      {"(2) 61 days before",
       "pharmacy",
       2,
       "2026-03-10",
       {2026, 7, 11},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 9, 10},
       61,
       std::nullopt},
      // (2) month-end clamp: 2026-08-31 + 6 months → 2027-02-28.
      {"(2) clamped to Feb",
       "hospital",
       2,
       "2026-08-31",
       {2027, 2, 28},
       Obligation::kDeferredLimitedType,
       true,
       Date{2027, 2, 28},
       0,
       1},
      // (3) fixed 2024-12-01.
      {"(3) last day",
       "clinic",
       3,
       "",
       {2024, 12, 1},
       Obligation::kDeferred,
       false,
       Date{2024, 12, 1},
       0,
       1},
      {"(3) day after",
       "clinic",
       3,
       "",
       {2024, 12, 2},
       Obligation::kFullCheckRequired,
       false,
       Date{2024, 12, 1},
       std::nullopt,
       std::nullopt},
      // (4) until the works end.
      {"(4) works end tomorrow",
       "clinic",
       4,
       "2026-12-31",
       {2026, 12, 30},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 12, 31},
       1,
       1},
      {"(4) works ended",
       "clinic",
       4,
       "2026-12-31",
       {2027, 1, 1},
       Obligation::kFullCheckRequired,
       false,
       Date{2026, 12, 31},
       std::nullopt,
       std::nullopt},
      // (5) closure, at latest 2024-12-01.
      {"(5) planned after latest",
       "chain_pharmacy",
       5,
       "2025-03-31",
       {2024, 12, 2},
       Obligation::kFullCheckRequired,
       false,
       Date{2024, 12, 1},
       std::nullopt,
       std::nullopt},
      // (6) until resolved.
      {"(6) 7 days left",
       "pharmacy",
       6,
       "2026-11-30",
       {2026, 11, 23},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 11, 30},
       7,
       7},
      {"(6) 8 days left",
       "pharmacy",
       6,
       "2026-11-30",
       {2026, 11, 22},
       Obligation::kDeferredLimitedType,
       true,
       Date{2026, 11, 30},
       8,
       30},
      // No measure.
      {"pharmacy without measure",
       "pharmacy",
       0,
       "",
       {2026, 11, 23},
       Obligation::kFullCheckRequired,
       false,
       std::nullopt,
       std::nullopt,
       std::nullopt},
      {"exempt",
       "exempt",
       0,
       "",
       {2026, 11, 23},
       Obligation::kNotObliged,
       true,
       std::nullopt,
       std::nullopt,
       std::nullopt},
      {"midwife before 2024-07",
       "midwife",
       0,
       "",
       {2024, 6, 30},
       Obligation::kNotObliged,
       false,
       std::nullopt,
       std::nullopt,
       std::nullopt},
      {"midwife from 2024-07",
       "midwife",
       0,
       "",
       {2024, 7, 1},
       Obligation::kNotObliged,
       true,
       std::nullopt,
       std::nullopt,
       std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto site = SiteFromRecord(c.kind, c.category, c.event);
    ASSERT_TRUE(site.ok()) << site.error().ToString();
    const SiteObligation o = SiteObligationOn(*site, c.today);
    EXPECT_EQ(ObligationId(o.obligation), ObligationId(c.obligation));
    EXPECT_EQ(o.may_use_limited_type, c.limited);
    EXPECT_EQ(o.measure_last_day, c.last_day);
    EXPECT_EQ(o.days_left, c.days_left);
    EXPECT_EQ(o.warning_threshold_days, c.warning);
    EXPECT_FALSE(o.end_date_missing);
    if (c.last_day) {
      EXPECT_EQ(o.full_check_from, domain::AddDays(*c.last_day, 1));
    }
    if (c.obligation == Obligation::kFullCheckRequired && c.last_day) {
      EXPECT_EQ(o.days_since_full_check, domain::DaysBetween(*o.full_check_from, c.today));
    }
  }
}

TEST(Transitional, UnknownEndIsReportedNotGuessed) {
  for (int category : {2, 4, 6}) {
    SCOPED_TRACE(category);
    auto site = SiteFromRecord("clinic", category, "");
    ASSERT_TRUE(site.ok());
    const SiteObligation o = SiteObligationOn(*site, Date{2026, 11, 23});
    EXPECT_TRUE(o.end_date_missing);
    EXPECT_EQ(o.obligation, Obligation::kDeferredLimitedType);
    EXPECT_TRUE(o.may_use_limited_type);
    EXPECT_FALSE(o.measure_last_day.has_value());
    EXPECT_FALSE(o.days_left.has_value());
  }
}

TEST(Transitional, HqThresholds) {
  auto site = SiteFromRecord("pharmacy", 4, "2026-12-31");
  ASSERT_TRUE(site.ok());
  const int hq[] = {90, 14};
  EXPECT_EQ(SiteObligationOn(*site, Date{2026, 10, 2}, hq).warning_threshold_days, 90);
  EXPECT_EQ(SiteObligationOn(*site, Date{2026, 10, 1}, hq).warning_threshold_days, std::nullopt);
  EXPECT_EQ(SiteObligationOn(*site, Date{2026, 12, 17}, hq).warning_threshold_days, 14);
}

TEST(Transitional, BadRecordsRefused) {
  struct Bad {
    const char* kind;
    int category;
    const char* event;
    const char* reason;
  };
  for (const Bad& b : std::vector<Bad>{{"pharmacy", 7, "", "site.measure_bad_category"},
                                       {"pharmacy", -1, "", "site.measure_bad_category"},
                                       {"pharmacy", 2, "2026/03/10", "site.measure_bad_date"},
                                       {"exempt", 2, "2026-03-10", "site.measure_not_applicable"},
                                       {"midwife", 4, "", "site.measure_not_applicable"},
                                       {"drugstore", 0, "", "site.bad_facility_kind"}}) {
    SCOPED_TRACE(std::string(b.kind) + " " + std::to_string(b.category));
    auto site = SiteFromRecord(b.kind, b.category, b.event);
    ASSERT_FALSE(site.ok());
    EXPECT_EQ(site.error().reason(), b.reason);
  }
}

}  // namespace
}  // namespace kakunin::subsidy
