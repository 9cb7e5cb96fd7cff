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

TEST(CertCalendar, WarningThresholdOfEachUrgency) {
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kFine), 0);
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kWarn90), 90);
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kWarn60), 60);
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kWarn30), 30);
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kWarn7), 7);
  EXPECT_EQ(WarningThresholdOf(CertUrgency::kExpired), 0);
}

TEST(CertCalendar, CounterNoticeTerminalFrom30DaysDeviceFrom7) {
  const Date today{2027, 3, 1};
  // 資格確認端末: 31 days left is no banner, 30 is.
  EXPECT_FALSE(CounterNoticeOn(Date{2027, 4, 1}, std::nullopt, today));
  auto t = CounterNoticeOn(Date{2027, 3, 31}, std::nullopt, today);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->which, CounterCert::kTerminal);
  EXPECT_EQ(t->status.days_left, 30);
  // Device certificate: renewing itself at 29 days is no banner; 7 days is.
  EXPECT_FALSE(CounterNoticeOn(std::nullopt, Date{2027, 3, 30}, today));
  auto d = CounterNoticeOn(std::nullopt, Date{2027, 3, 8}, today);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->which, CounterCert::kDevice);
  EXPECT_EQ(d->status.days_left, 7);
  // Both due: fewer days left wins; a tie goes to the terminal's.
  EXPECT_EQ(CounterNoticeOn(Date{2027, 3, 20}, Date{2027, 3, 5}, today)->which,
            CounterCert::kDevice);
  EXPECT_EQ(CounterNoticeOn(Date{2027, 3, 5}, Date{2027, 3, 5}, today)->which,
            CounterCert::kTerminal);
  // The day after the last valid day: expired.
  auto expired = CounterNoticeOn(Date{2027, 2, 28}, std::nullopt, today);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status.urgency, CertUrgency::kExpired);
  EXPECT_EQ(expired->status.days_left, -1);
  EXPECT_FALSE(CounterNoticeOn(std::nullopt, std::nullopt, today));
}

}  // namespace
}  // namespace kakunin::domain
