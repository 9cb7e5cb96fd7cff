#pragma once
// Whether a 医療扶助 医療券 covers the day of the check. A 医療券 is issued per month (or per
// period), so one that ended before the check must not be shown as if it still applied.

#include "common/domain/date.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::station {

enum class AidCoverage {
  kNone,         // no 医療券 in the answer
  kCovered,      // the check's date lies within valid_from..valid_to (open ends allowed)
  kExpired,      // valid_to is before the check's date
  kNotYetValid,  // valid_from is after the check's date
};

// `check_date` is Japan's civil date of the check; unreadable dates are treated as open ends.
AidCoverage AidCoverageOn(const v1::MedicalAid& aid, const domain::Date& check_date);

// The Japan date a result was checked on (today in Japan when the result has no time).
domain::Date CheckDateInJapan(const v1::CheckResult& result);

}  // namespace kakunin::station
