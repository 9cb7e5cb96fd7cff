#include "common/domain/cert_calendar.h"

namespace kakunin::domain {

CertStatus CertStatusOn(const Date& last_valid_day, const Date& today) {
  CertStatus s;
  s.days_left = DaysBetween(today, last_valid_day);
  s.renewal_opens = AddDays(last_valid_day, -kCertWarningDays[0]);
  if (s.days_left < 0) {
    s.urgency = CertUrgency::kExpired;
    s.counter_banner = true;  // the counter must know why checks stopped
    return s;
  }
  s.renewal_open = s.days_left <= kCertWarningDays[0];
  s.counter_banner = s.days_left <= kCounterBannerDays;
  if (s.days_left <= 7) {
    s.urgency = CertUrgency::kWarn7;
  } else if (s.days_left <= 30) {
    s.urgency = CertUrgency::kWarn30;
  } else if (s.days_left <= 60) {
    s.urgency = CertUrgency::kWarn60;
  } else if (s.days_left <= 90) {
    s.urgency = CertUrgency::kWarn90;
  }
  return s;
}

Date TerminalCertificateLastDay(const Date& issued_on) {
  return AddDays(AddMonths(issued_on, 3 * 12 + 3), -1);
}

}  // namespace kakunin::domain
