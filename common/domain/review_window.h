#pragma once
// How long a check result may be looked at again (翌月末), and the grace after a card's
// user-authentication certificate expires (about 3 months, one source).

#include <cstdint>

#include "common/domain/date.h"

namespace kakunin::domain {

inline constexpr int kDefaultReviewMonths = 1;  // 翌月末
inline constexpr int kDefaultCertificateGraceMonths = 3;

// The last day a result checked on `check_date` may be viewed: the end of the month `months`
// after the check's month (months = 1 → 翌月末; 0 → 当月末).
Date ReviewDeadline(const Date& check_date, int months = kDefaultReviewMonths);
// True from the check date through the deadline, both included.
bool IsViewable(const Date& check_date, const Date& today, int months = kDefaultReviewMonths);
// The first moment (Unix seconds) whose checks are still within their window on `today`: the
// start, in Japan, of the month `months` before today's. A check before it is past its deadline
// today, so its patient fields are not kept (retention would drop them within the hour).
int64_t ReviewWindowStart(const Date& today, int months = kDefaultReviewMonths);

enum class CertificateState {
  kValid,               // on or before the expiry day
  kExpiredWithinGrace,  // still confirmable online; warn staff and the patient
  kExpiredBeyondGrace,  // fall back to documents
};

struct CertificateStatus {
  CertificateState state = CertificateState::kValid;
  Date grace_last_day;  // the last day of the grace, to show beside the expiry
  int days_left = 0;    // days until the expiry (kValid) or the grace's end (within grace)
};

CertificateStatus ClassifyCertificateExpiry(const Date& expiry, const Date& today,
                                            int grace_months = kDefaultCertificateGraceMonths);

}  // namespace kakunin::domain
