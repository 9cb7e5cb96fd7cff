#include "common/subsidy/transitional.h"

#include <string>

#include "common/subsidy/facility_kind.h"

namespace kakunin::subsidy {
namespace {

using domain::FacilityKind;
using domain::MeasureCategory;

bool IsInsuranceInstitution(FacilityKind kind) {
  return kind == FacilityKind::kHospital || kind == FacilityKind::kClinic ||
         kind == FacilityKind::kPharmacy || kind == FacilityKind::kLargeChainPharmacy;
}

bool AllowsLimitedType(MeasureCategory category) {
  return category == MeasureCategory::kNoFibre || category == MeasureCategory::kReconstruction ||
         category == MeasureCategory::kSpecialDifficulty;
}

// Fills the measure's end, days left and warning, or how long the full check has been due.
void FillMeasureEnd(const domain::TransitionalMeasure& measure, const domain::Date& today,
                    std::span<const int> warning_days, SiteObligation& out) {
  const Result<domain::Date> last = domain::MeasureLastDay(measure);
  if (!last.ok()) {
    out.end_date_missing = true;
    return;
  }
  out.measure_last_day = *last;
  out.full_check_from = domain::AddDays(*last, 1);
  if (*last < today) {
    out.days_since_full_check = domain::DaysBetween(*out.full_check_from, today);
    return;
  }
  out.days_left = domain::DaysBetween(today, *last);
  out.warning_threshold_days = domain::ApplicableWarningThreshold(*out.days_left, warning_days);
}

}  // namespace

Result<domain::Site> SiteFromRecord(std::string_view facility_kind, int category,
                                    std::string_view event_date) {
  KAKUNIN_ASSIGN_OR_RETURN(const FacilityKind kind, FacilityKindFromSiteKind(facility_kind));
  domain::Site site{kind, std::nullopt};
  if (category == 0) return site;
  if (category < 1 || category > 6) {
    return MakeError(ErrorCode::kInvalidArgument, "site.measure_bad_category",
                     "transitional category " + std::to_string(category) + " is not 1-6");
  }
  if (!IsInsuranceInstitution(kind)) {
    return MakeError(ErrorCode::kInvalidArgument, "site.measure_not_applicable",
                     "transitional measures apply only to insurance institutions, not '" +
                         std::string(facility_kind) + "'");
  }
  domain::TransitionalMeasure measure{static_cast<MeasureCategory>(category), std::nullopt};
  if (!event_date.empty()) {
    auto date = domain::ParseIsoDate(event_date);
    if (!date.ok()) {
      return MakeError(ErrorCode::kInvalidArgument, "site.measure_bad_date",
                       "transitional event date '" + std::string(event_date) + "' is not ISO");
    }
    measure.event_date = *date;
  }
  site.measure = measure;
  return site;
}

std::string_view ObligationId(Obligation obligation) {
  switch (obligation) {
    case Obligation::kFullCheckRequired:
      return "full_check_required";
    case Obligation::kDeferredLimitedType:
      return "deferred_limited_type";
    case Obligation::kDeferred:
      return "deferred";
    case Obligation::kNotObliged:
      return "not_obliged";
  }
  return "unknown";
}

SiteObligation SiteObligationOn(const domain::Site& site, const domain::Date& today,
                                std::span<const int> warning_days) {
  SiteObligation out;
  const domain::Decision limited = domain::MayUseLimitedType(site, today);
  out.may_use_limited_type = limited.allowed;
  out.reason = limited.reason;
  if (!IsInsuranceInstitution(site.kind)) {
    out.obligation = Obligation::kNotObliged;
    return out;
  }
  if (!site.measure) {
    out.obligation = Obligation::kFullCheckRequired;
    return out;
  }
  FillMeasureEnd(*site.measure, today, warning_days, out);
  if (domain::IsMeasureOver(*site.measure, today)) {
    out.obligation = Obligation::kFullCheckRequired;
  } else {
    out.obligation = AllowsLimitedType(site.measure->category) ? Obligation::kDeferredLimitedType
                                                               : Obligation::kDeferred;
  }
  return out;
}

}  // namespace kakunin::subsidy
