#include "agent/station/models/medical_aid.h"

#include "agent/station/models/recent_model.h"

namespace kakunin::station {

AidCoverage AidCoverageOn(const v1::MedicalAid& aid, const domain::Date& check_date) {
  if (aid.ByteSizeLong() == 0) return AidCoverage::kNone;
  if (auto to = domain::ParseIsoDate(aid.valid_to()); to.ok() && *to < check_date) {
    return AidCoverage::kExpired;
  }
  if (auto from = domain::ParseIsoDate(aid.valid_from()); from.ok() && check_date < *from) {
    return AidCoverage::kNotYetValid;
  }
  return AidCoverage::kCovered;
}

domain::Date CheckDateInJapan(const v1::CheckResult& result) {
  return result.has_checked_at() ? RecentModel::CheckDate(result) : RecentModel::TodayInJapan();
}

}  // namespace kakunin::station
