#pragma once
// Where a check happens and what 居宅同意取得型 allows there (domain.md "Home visits, online
// consultations and unusual routes"): 再照会 by insured-person number on later home visits,
// a card check at every house call, and the consent window of online consultations.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/domain/date.h"
#include "common/domain/decision.h"

namespace kakunin::domain {

enum class Route {
  kCounter,             // 窓口
  kHomeVisit,           // 訪問診療・訪問服薬指導 (regular, continuing)
  kHouseCall,           // 往診 (one-off)
  kOnlineConsultation,  // オンライン診療・服薬指導
  kWard,                // 通常と異なる動線: emergency admission checked in the ward
  kFeverRoute,          // 通常と異なる動線: fever / cold symptoms
  kDriveThrough,        // 通常と異なる動線: patient stays in the car
  kReaderBroken,        // 機器故障時 (or a patient who cannot use the face-auth reader)
};

std::string_view RouteId(Route route);
// 通常と異なる動線・機器故障時: a mobile terminal checks the card away from the counter.
bool IsUnusualRoute(Route route);

// The first home visit: card checked on a mobile terminal and consent recorded.
struct FirstVisitRecord {
  std::string institution_code;  // 10-digit 医療機関等コード
  std::string patient_id;        // our key for the patient (never the 個人番号)
  Date visit_date;
  bool card_checked = false;
  bool consent_recorded = false;
  // First day on which the continuing relationship no longer exists (unset while it lasts).
  std::optional<Date> relationship_over_from;
};

// A later lookup by insured-person number + birth date (再照会), without the card.
struct RecheckRequest {
  Route route = Route::kHomeVisit;
  std::string institution_code;
  std::string patient_id;
  Date date;
};

// Reasons: "visit.recheck_allowed", "visit.house_call_needs_card_check",
// "visit.card_check_required" (routes without 再照会), "visit.no_first_visit_check",
// "visit.first_visit_without_consent", "visit.recheck_before_first_visit",
// "visit.relationship_ended".
Decision DecideRecheck(const RecheckRequest& request,
                       std::span<const FirstVisitRecord> first_visits);

// Online consultation (and the unusual routes, which work the same way): information may be
// fetched from the consent until the end of the day after the consultation date.
// Reasons: "visit.fetch_allowed", "visit.before_consent", "visit.consent_window_over".
Decision DecideConsentFetch(const LocalDateTime& consent_at, const Date& consultation_date,
                            const LocalDateTime& fetch_at);
// The last day of that window (翌日末).
Date ConsentFetchLastDay(const Date& consultation_date);

}  // namespace kakunin::domain
