#pragma once
// Kinds of facility, the 経過措置 (transitional measures deferring the online-check obligation)
// and who may use 資格確認限定型 (domain.md "Kinds of facility", seed 000 table).

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/domain/decision.h"

namespace kakunin::domain {

enum class FacilityKind {
  kHospital,                // 病院
  kClinic,                  // 診療所
  kPharmacy,                // 薬局
  kLargeChainPharmacy,      // 大型チェーン薬局 (subsidy tier)
  kHealthCheckInstitution,  // 健診実施機関
  kMidwifeClinic,           // 助産所
  kExempt,                  // 義務化対象外 (paper-receipt billing)
};

std::string_view FacilityKindId(FacilityKind kind);

// 大型チェーン薬局: the group receives 40,000 or more prescriptions a month.
inline constexpr int64_t kLargeChainPrescriptionsPerMonth = 40'000;
bool IsLargeChainPharmacy(int64_t group_prescriptions_per_month);

// 経過措置 (1)–(6). Each ends on a date; some need a date only the site can tell us.
enum class MeasureCategory {
  kSystemNotReady = 1,  // (1) vendor contracted by 2023-02: until ready, at latest 2023-09-30
  kNoFibre = 2,         // (2) no fibre: until 6 months after fibre is available
  kHomeVisitOnly = 3,   // (3) 訪問診療のみ: until 2024-12-01
  kReconstruction = 4,  // (4) 改築工事中・臨時施設: until the works end / the facility closes
  kPlannedClosure = 5,     // (5) 廃止・休止の計画: until then, at latest 2024-12-01
  kSpecialDifficulty = 6,  // (6) その他特に困難な事情: until resolved
};

struct TransitionalMeasure {
  MeasureCategory category = MeasureCategory::kSpecialDifficulty;
  // The category's event: (1) system ready, (2) fibre available, (4) works end or temporary
  // facility closes, (5) closure / suspension, (6) difficulty resolved. Unset = not yet known.
  std::optional<Date> event_date;
};

// The last day the measure defers the obligation ("…まで" includes the day). Fails with
// "facility.measure_date_missing" (kFailedPrecondition) when the end depends on an unknown date.
Result<Date> MeasureLastDay(const TransitionalMeasure& measure);
// The day from which the site must have the full online check: the day after the measure.
Result<Date> FullCheckRequiredFrom(const TransitionalMeasure& measure);
// Over once `on` is past the last day; a measure whose end is not yet known is not over.
bool IsMeasureOver(const TransitionalMeasure& measure, const Date& on);

struct Site {
  FacilityKind kind = FacilityKind::kPharmacy;
  std::optional<TransitionalMeasure> measure;  // only for insurance institutions
};

// May this site use 資格確認限定型 on `on`? Exempt facilities and health-check institutions from
// 2024-04-01, midwife clinics from 2024-07-01, insurance institutions only while under 経過措置
// (2), (4) or (6). Reasons: "facility.limited_type_allowed", "facility.limited_type_not_yet",
// "facility.full_check_required", "facility.measure_not_eligible", "facility.measure_over".
Decision MayUseLimitedType(const Site& site, const Date& on);

}  // namespace kakunin::domain
