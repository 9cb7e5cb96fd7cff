// The certificate calendar's thresholds on their boundary days (issue 19).

#include "common/domain/cert_calendar.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

constexpr Date kLast{2027, 3, 31};

struct Case {
  Date today;
  CertUrgency urgency;
  int days_left;
  bool renewal_open;
  bool banner;
};

TEST(CertCalendar, ThresholdsOnTheirBoundaryDays) {
  const Case cases[] = {
      {{2026, 12, 30}, CertUrgency::kFine, 91, false, false},
      {{2026, 12, 31}, CertUrgency::kWarn90, 90, true, false},  // renewal opens
      {{2027, 1, 29}, CertUrgency::kWarn90, 61, true, false},
      {{2027, 1, 30}, CertUrgency::kWarn60, 60, true, false},
      {{2027, 2, 28}, CertUrgency::kWarn60, 31, true, false},
      {{2027, 3, 1}, CertUrgency::kWarn30, 30, true, true},  // the counter's banner starts
      {{2027, 3, 23}, CertUrgency::kWarn30, 8, true, true},
      {{2027, 3, 24}, CertUrgency::kWarn7, 7, true, true},
      {{2027, 3, 31}, CertUrgency::kWarn7, 0, true, true},     // its last valid day still checks
      {{2027, 4, 1}, CertUrgency::kExpired, -1, false, true},  // red from the day after
      {{2028, 4, 1}, CertUrgency::kExpired, -367, false, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(FormatIso(c.today));
    CertStatus s = CertStatusOn(kLast, c.today);
    EXPECT_EQ(s.urgency, c.urgency);
    EXPECT_EQ(s.days_left, c.days_left);
    EXPECT_EQ(s.renewal_open, c.renewal_open);
    EXPECT_EQ(s.counter_banner, c.banner);
    EXPECT_EQ(s.renewal_opens, (Date{2026, 12, 31}));
  }
}

TEST(CertCalendar, LeapDaysCountAsDays) {
  // 2028 is a leap year: 90 days before 2028-03-31 is 2028-01-01.
  EXPECT_EQ(CertStatusOn({2028, 3, 31}, {2028, 1, 1}).urgency, CertUrgency::kWarn90);
  EXPECT_EQ(CertStatusOn({2028, 3, 31}, {2027, 12, 31}).urgency, CertUrgency::kFine);
}

TEST(CertCalendar, TerminalCertificateRunsThreeYearsThreeMonths) {
  EXPECT_EQ(TerminalCertificateLastDay({2024, 1, 15}), (Date{2027, 4, 14}));
  EXPECT_EQ(TerminalCertificateLastDay({2024, 4, 1}), (Date{2027, 6, 30}));
  // A month end clamps first (2024-11-30 + 39 months = 2028-02-29), then the day before.
  EXPECT_EQ(TerminalCertificateLastDay({2024, 11, 30}), (Date{2028, 2, 28}));
}

}  // namespace
}  // namespace kakunin::domain
