#include "common/domain/facility.h"

#include <algorithm>
#include <string>

namespace kakunin::domain {
namespace {

constexpr Date kSystemNotReadyLatest{2023, 9, 30};
constexpr Date kHomeVisitOnlyEnd{2024, 12, 1};
constexpr Date kPlannedClosureLatest{2024, 12, 1};
constexpr int kFibreGraceMonths = 6;
constexpr Date kLimitedTypeOpensExempt{2024, 4, 1};
constexpr Date kLimitedTypeOpensMidwife{2024, 7, 1};

Error MissingDate(std::string_view what) {
  return MakeError(ErrorCode::kFailedPrecondition, "facility.measure_date_missing",
                   "the measure's end depends on " + std::string(what) + ", which is not known");
}

bool IsInsuranceInstitution(FacilityKind kind) {
  return kind == FacilityKind::kHospital || kind == FacilityKind::kClinic ||
         kind == FacilityKind::kPharmacy || kind == FacilityKind::kLargeChainPharmacy;
}

}  // namespace

std::string_view FacilityKindId(FacilityKind kind) {
  switch (kind) {
    case FacilityKind::kHospital:
      return "hospital";
    case FacilityKind::kClinic:
      return "clinic";
    case FacilityKind::kPharmacy:
      return "pharmacy";
    case FacilityKind::kLargeChainPharmacy:
      return "large_chain_pharmacy";
    case FacilityKind::kHealthCheckInstitution:
      return "health_check_institution";
    case FacilityKind::kMidwifeClinic:
      return "midwife_clinic";
    case FacilityKind::kExempt:
      return "exempt";
  }
  return "unknown";
}

bool IsLargeChainPharmacy(int64_t group_prescriptions_per_month) {
  return group_prescriptions_per_month >= kLargeChainPrescriptionsPerMonth;
}

Result<Date> MeasureLastDay(const TransitionalMeasure& measure) {
  const std::optional<Date>& event = measure.event_date;
  switch (measure.category) {
    case MeasureCategory::kSystemNotReady:
      // The statutory latest bounds it even when the ready date is unknown.
      return event ? std::min(*event, kSystemNotReadyLatest) : kSystemNotReadyLatest;
    case MeasureCategory::kNoFibre:
      if (!event) return MissingDate("the date fibre became available");
      return AddMonths(*event, kFibreGraceMonths);
    case MeasureCategory::kHomeVisitOnly:
      return kHomeVisitOnlyEnd;
    case MeasureCategory::kReconstruction:
      if (!event) return MissingDate("the end of the works or of the temporary facility");
      return *event;
    case MeasureCategory::kPlannedClosure:
      return event ? std::min(*event, kPlannedClosureLatest) : kPlannedClosureLatest;
    case MeasureCategory::kSpecialDifficulty:
      if (!event) return MissingDate("the date the difficulty is resolved");
      return *event;
  }
  return MakeError(ErrorCode::kInvalidArgument, "facility.unknown_measure", "unknown category");
}

Result<Date> FullCheckRequiredFrom(const TransitionalMeasure& measure) {
  KAKUNIN_ASSIGN_OR_RETURN(const Date last, MeasureLastDay(measure));
  return AddDays(last, 1);
}

bool IsMeasureOver(const TransitionalMeasure& measure, const Date& on) {
  const Result<Date> last = MeasureLastDay(measure);
  return last.ok() && *last < on;
}

Decision MayUseLimitedType(const Site& site, const Date& on) {
  switch (site.kind) {
    case FacilityKind::kExempt:
    case FacilityKind::kHealthCheckInstitution:
      if (on < kLimitedTypeOpensExempt) return Decision::Refuse("facility.limited_type_not_yet");
      return Decision::Allow("facility.limited_type_allowed");
    case FacilityKind::kMidwifeClinic:
      if (on < kLimitedTypeOpensMidwife) return Decision::Refuse("facility.limited_type_not_yet");
      return Decision::Allow("facility.limited_type_allowed");
    default:
      break;
  }
  if (!IsInsuranceInstitution(site.kind) || !site.measure) {
    return Decision::Refuse("facility.full_check_required");
  }
  const MeasureCategory category = site.measure->category;
  // Only sites that may still be unable to connect after 2024-12-02 get the simple type.
  if (category != MeasureCategory::kNoFibre && category != MeasureCategory::kReconstruction &&
      category != MeasureCategory::kSpecialDifficulty) {
    return Decision::Refuse("facility.measure_not_eligible");
  }
  if (IsMeasureOver(*site.measure, on)) return Decision::Refuse("facility.measure_over");
  return Decision::Allow("facility.limited_type_allowed");
}

}  // namespace kakunin::domain
