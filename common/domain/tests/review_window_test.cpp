// Proves 翌月末 review deadlines (configurable months) on month/year/leap boundaries and the
// certificate-expiry grace classification on its edge days.
#include "common/domain/review_window.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(ReviewWindowTest, DeadlineIsEndOfFollowingMonthByDefault) {
  struct Case {
    Date check;
    int months;
    Date deadline;
  };
  const Case cases[] = {
      {{2025, 1, 31}, 1, {2025, 2, 28}},   {{2024, 1, 1}, 1, {2024, 2, 29}},
      {{2025, 12, 1}, 1, {2026, 1, 31}},   {{2025, 12, 31}, 1, {2026, 1, 31}},
      {{2026, 11, 23}, 1, {2026, 12, 31}}, {{2025, 3, 31}, 1, {2025, 4, 30}},
      {{2025, 3, 15}, 0, {2025, 3, 31}},   {{2025, 11, 30}, 3, {2026, 2, 28}},
      {{2025, 8, 31}, 2, {2025, 10, 31}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.check) + " months=" + std::to_string(c.months));
    EXPECT_EQ(ReviewDeadline(c.check, c.months), c.deadline);
  }
  EXPECT_EQ(ReviewDeadline(Date{2025, 1, 31}), (Date{2025, 2, 28}));
}

TEST(ReviewWindowTest, ViewableFromCheckDayThroughDeadline) {
  const Date check{2025, 11, 23};
  EXPECT_TRUE(IsViewable(check, Date{2025, 11, 23}));
  EXPECT_TRUE(IsViewable(check, Date{2025, 12, 31}));
  EXPECT_FALSE(IsViewable(check, Date{2026, 1, 1}));
  EXPECT_FALSE(IsViewable(check, Date{2025, 11, 22}));
  EXPECT_TRUE(IsViewable(check, Date{2026, 1, 31}, 2));
  EXPECT_FALSE(IsViewable(check, Date{2026, 2, 1}, 2));
}

TEST(ReviewWindowTest, CertificateExpiryGraceClassification) {
  const Date expiry{2025, 11, 30};
  struct Case {
    Date today;
    CertificateState state;
    int days_left;
  };
  const Case cases[] = {
      {{2025, 11, 1}, CertificateState::kValid, 29},
      {{2025, 11, 30}, CertificateState::kValid, 0},
      {{2025, 12, 1}, CertificateState::kExpiredWithinGrace, 89},
      {{2026, 2, 28}, CertificateState::kExpiredWithinGrace, 0},
      {{2026, 3, 1}, CertificateState::kExpiredBeyondGrace, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.today));
    const CertificateStatus status = ClassifyCertificateExpiry(expiry, c.today);
    EXPECT_EQ(status.state, c.state);
    EXPECT_EQ(status.days_left, c.days_left);
    EXPECT_EQ(status.grace_last_day, (Date{2026, 2, 28}));
  }
}

TEST(ReviewWindowTest, CertificateGraceMonthsAreConfigurable) {
  const Date expiry{2025, 8, 15};
  EXPECT_EQ(ClassifyCertificateExpiry(expiry, Date{2025, 9, 15}, 1).state,
            CertificateState::kExpiredWithinGrace);
  EXPECT_EQ(ClassifyCertificateExpiry(expiry, Date{2025, 9, 16}, 1).state,
            CertificateState::kExpiredBeyondGrace);
  EXPECT_EQ(ClassifyCertificateExpiry(expiry, Date{2025, 8, 16}, 0).state,
            CertificateState::kExpiredBeyondGrace);
  EXPECT_EQ(ClassifyCertificateExpiry(expiry, Date{2025, 11, 15}).state,
            CertificateState::kExpiredWithinGrace);
  EXPECT_EQ(ClassifyCertificateExpiry(expiry, Date{2025, 11, 16}).state,
            CertificateState::kExpiredBeyondGrace);
}

// The window's start in seconds agrees with IsViewable for every check time: a check at or after
// it is viewable today, one before it is not. Checked for every day of three years around month
// ends and leap days, at the first and last second of each Japan day.
TEST(ReviewWindowTest, WindowStartAgreesWithIsViewableToTheSecond) {
  EXPECT_EQ(ReviewWindowStart(Date{2026, 12, 5}), 1793458800);  // 2026-11-01 00:00 JST
  EXPECT_EQ(JapanDateOf(ReviewWindowStart(Date{2026, 12, 5})), (Date{2026, 11, 1}));
  EXPECT_EQ(JapanDateOf(ReviewWindowStart(Date{2026, 12, 5}) - 1), (Date{2026, 10, 31}));
  EXPECT_EQ(JapanDateOf(ReviewWindowStart(Date{2024, 1, 31})), (Date{2023, 12, 1}));
  for (Date today{2023, 1, 1}; today <= Date{2025, 12, 31}; today = AddDays(today, 1)) {
    const int64_t start = ReviewWindowStart(today);
    for (int64_t t : {start - 1, start, start + 86400 - 1}) {
      const Date checked = JapanDateOf(t);
      EXPECT_EQ(t >= start, today <= ReviewDeadline(checked)) << FormatIso(today) << " " << t;
    }
  }
}

}  // namespace
}  // namespace kakunin::domain
