// Proves the claim-window rule on a programme HQ adds with an announced opening day (the shipped
// programmes state none; their deadlines are tested in shipped_programmes_test): not yet open up
// to the day before opening, open from the opening day through the deadline day ("…まで"),
// closed after it with the days since, not eligible for kinds without terms, and warning levels
// for the default and for HQ's own thresholds.
#include "common/subsidy/deadline.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/subsidy/programme_data.h"

namespace kakunin::subsidy {
namespace {

using domain::Date;
using domain::FacilityKind;

// Hypothetical next-year programme as HQ would enter it from a new leaflet.
const char kFuture[] = R"json({
  "format": "kakunin.subsidy_programmes",
  "format_version": 1,
  "categories": [{"id": "mobile_device", "name_ja": "モバイル端末等", "name_en": "mobile device"}],
  "programmes": [{
    "id": "future_devices_2028",
    "name_ja": "機器導入支援（仮）",
    "name_en": "device support (hypothetical)",
    "legal_basis": "地域診療情報連携推進費補助金",
    "source": "test fixture",
    "opens": "2027-04-01",
    "deadline": "2028-01-31",
    "required_documents": ["領収書（写）", "領収書内訳書"],
    "exclusion_group": "",
    "exclusive_categories": [],
    "terms": [{"facility_kind": "pharmacy", "rate": "3/4", "project_cap_yen": 41000,
               "categories": [{"id": "mobile_device", "cap_yen": null}],
               "official_max_wording": "3.1万円"}]
  }]
})json";

domain::Programme Future() {
  Result<std::vector<domain::Programme>> r = ParseProgrammes(kFuture);
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r->at(0);
}

TEST(DeadlineTest, OpeningDayDeadlineDayAndAfter) {
  const domain::Programme p = Future();
  struct Case {
    Date today;
    ClaimWindow window;
    int days_until_open;
    int days_left;
    bool closes_today;
    int days_since_close;
  };
  const Case cases[] = {
      // 2027-03-01 → 2027-04-01: 31 days of March.
      {{2027, 3, 1}, ClaimWindow::kNotYetOpen, 31, 0, false, 0},
      {{2027, 3, 31}, ClaimWindow::kNotYetOpen, 1, 0, false, 0},
      // Opening day, 2027-04-01 → 2028-01-31: Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 +
      // Sep 30 + Oct 31 + Nov 30 + Dec 31 = 275 to 2028-01-01, + 30 = 305.
      {{2027, 4, 1}, ClaimWindow::kOpen, 0, 305, false, 0},
      {{2028, 1, 30}, ClaimWindow::kOpen, 0, 1, false, 0},
      {{2028, 1, 31}, ClaimWindow::kOpen, 0, 0, true, 0},  // "…まで" includes the day
      {{2028, 2, 1}, ClaimWindow::kClosed, 0, 0, false, 1},
      // 2028 is a leap year: Feb 29 days + 1 → 2028-03-01 is 30 days after 01-31.
      {{2028, 3, 1}, ClaimWindow::kClosed, 0, 0, false, 30},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(domain::FormatIso(c.today));
    const ClaimDeadline d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, c.today);
    EXPECT_EQ(d.window, c.window);
    EXPECT_EQ(d.days_until_open, c.days_until_open);
    EXPECT_EQ(d.days_left, c.days_left);
    EXPECT_EQ(d.closes_today, c.closes_today);
    EXPECT_EQ(d.days_since_close, c.days_since_close);
    if (d.window != ClaimWindow::kOpen) {
      EXPECT_EQ(d.warning_level, 0);
      EXPECT_EQ(d.warning_threshold_days, std::nullopt);
    }
  }
}

TEST(DeadlineTest, KindWithoutTermsIsNotEligibleWhateverTheDate) {
  const domain::Programme p = Future();
  for (Date today : {Date{2027, 3, 31}, Date{2027, 6, 1}, Date{2028, 2, 1}}) {
    const ClaimDeadline d = ClaimDeadlineOn(p, FacilityKind::kHospital, today);
    EXPECT_EQ(d.window, ClaimWindow::kNotEligible);
    EXPECT_EQ(d.days_left, 0);
    EXPECT_EQ(d.warning_level, 0);
  }
}

TEST(DeadlineTest, DefaultWarningLevels) {
  const domain::Programme p = Future();
  struct Case {
    Date today;
    int days_left;
    std::optional<int> threshold;
    int level;
  };
  // Days to 2028-01-31 counted back: 12-02 is 60 (29 left in December + 31), 01-01 is 30.
  const Case cases[] = {
      {{2027, 11, 30}, 62, std::nullopt, 0},
      {{2027, 12, 1}, 61, std::nullopt, 0},
      {{2027, 12, 2}, 60, 60, 1},
      {{2027, 12, 31}, 31, 60, 1},
      {{2028, 1, 1}, 30, 30, 2},
      {{2028, 1, 23}, 8, 30, 2},
      {{2028, 1, 24}, 7, 7, 3},
      {{2028, 1, 29}, 2, 7, 3},
      {{2028, 1, 30}, 1, 1, 4},
      {{2028, 1, 31}, 0, 1, 4},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(domain::FormatIso(c.today));
    const ClaimDeadline d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, c.today);
    ASSERT_EQ(d.window, ClaimWindow::kOpen);
    EXPECT_EQ(d.days_left, c.days_left);
    EXPECT_EQ(d.warning_threshold_days, c.threshold);
    EXPECT_EQ(d.warning_level, c.level);
  }
}

TEST(DeadlineTest, HqThresholds) {
  const domain::Programme p = Future();
  const std::vector<int> hq = {90, 14};  // HQ's own policy, any order
  // 2027-11-02 → 2028-01-31: 28 left in November + 31 + 31 = 90.
  ClaimDeadline d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, {2027, 11, 2}, hq);
  EXPECT_EQ(d.days_left, 90);
  EXPECT_EQ(d.warning_threshold_days, 90);
  EXPECT_EQ(d.warning_level, 1);
  d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, {2027, 11, 1}, hq);
  EXPECT_EQ(d.days_left, 91);
  EXPECT_EQ(d.warning_level, 0);
  // 2028-01-17 → 01-31: 14.
  d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, {2028, 1, 17}, hq);
  EXPECT_EQ(d.warning_threshold_days, 14);
  EXPECT_EQ(d.warning_level, 2);
  // No thresholds: never a warning, even on the last day.
  d = ClaimDeadlineOn(p, FacilityKind::kPharmacy, {2028, 1, 31}, std::vector<int>{});
  EXPECT_TRUE(d.closes_today);
  EXPECT_EQ(d.warning_threshold_days, std::nullopt);
  EXPECT_EQ(d.warning_level, 0);
}

}  // namespace
}  // namespace kakunin::subsidy
