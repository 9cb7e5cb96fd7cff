#include "common/domain/review_window.h"

namespace kakunin::domain {

Date ReviewDeadline(const Date& check_date, int months) {
  return EndOfMonth(AddMonths(Date{check_date.year, check_date.month, 1}, months));
}

bool IsViewable(const Date& check_date, const Date& today, int months) {
  // A result dated after "today" means a wrong clock, not an early view: refuse it.
  return check_date <= today && today <= ReviewDeadline(check_date, months);
}

int64_t ReviewWindowStart(const Date& today, int months) {
  const Date first = AddMonths(Date{today.year, today.month, 1}, -months);
  constexpr int64_t kJapanOffsetSeconds = 9 * 3600;  // JST has no daylight saving
  return static_cast<int64_t>(DaysBetween(Date{1970, 1, 1}, first)) * 86400 - kJapanOffsetSeconds;
}

CertificateStatus ClassifyCertificateExpiry(const Date& expiry, const Date& today,
                                            int grace_months) {
  // Grace is counted in calendar months from the expiry day, clamped to month ends.
  const Date grace_last_day = AddMonths(expiry, grace_months);
  if (today <= expiry) {
    return CertificateStatus{CertificateState::kValid, grace_last_day, DaysBetween(today, expiry)};
  }
  if (today <= grace_last_day) {
    return CertificateStatus{CertificateState::kExpiredWithinGrace, grace_last_day,
                             DaysBetween(today, grace_last_day)};
  }
  return CertificateStatus{CertificateState::kExpiredBeyondGrace, grace_last_day, 0};
}

}  // namespace kakunin::domain
