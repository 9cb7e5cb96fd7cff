#include "common/domain/visits.h"

namespace kakunin::domain {

std::string_view RouteId(Route route) {
  switch (route) {
    case Route::kCounter:
      return "counter";
    case Route::kHomeVisit:
      return "home_visit";
    case Route::kHouseCall:
      return "house_call";
    case Route::kOnlineConsultation:
      return "online_consultation";
    case Route::kWard:
      return "ward";
    case Route::kFeverRoute:
      return "fever_route";
    case Route::kDriveThrough:
      return "drive_through";
    case Route::kReaderBroken:
      return "reader_broken";
  }
  return "unknown";
}

bool IsUnusualRoute(Route route) {
  return route == Route::kWard || route == Route::kFeverRoute || route == Route::kDriveThrough ||
         route == Route::kReaderBroken;
}

Decision DecideRecheck(const RecheckRequest& request,
                       std::span<const FirstVisitRecord> first_visits) {
  // 往診 is one-off: there is no continuing relationship to lean on, so every visit checks the
  // card and asks for consent again.
  if (request.route == Route::kHouseCall) {
    return Decision::Refuse("visit.house_call_needs_card_check");
  }
  if (request.route != Route::kHomeVisit) return Decision::Refuse("visit.card_check_required");

  // Consent is per institution and patient: another branch's first visit does not count.
  const FirstVisitRecord* best = nullptr;
  bool card_checked_without_consent = false;
  for (const FirstVisitRecord& record : first_visits) {
    if (record.institution_code != request.institution_code ||
        record.patient_id != request.patient_id || !record.card_checked) {
      continue;
    }
    if (!record.consent_recorded) {
      card_checked_without_consent = true;
      continue;
    }
    // The latest first visit wins: a relationship may have ended and been started again.
    if (best == nullptr || best->visit_date < record.visit_date) best = &record;
  }
  if (best == nullptr) {
    return Decision::Refuse(card_checked_without_consent ? "visit.first_visit_without_consent"
                                                         : "visit.no_first_visit_check");
  }
  if (request.date < best->visit_date) return Decision::Refuse("visit.recheck_before_first_visit");
  if (best->relationship_over_from && *best->relationship_over_from <= request.date) {
    return Decision::Refuse("visit.relationship_ended");
  }
  return Decision::Allow("visit.recheck_allowed");
}

Date ConsentFetchLastDay(const Date& consultation_date) { return AddDays(consultation_date, 1); }

Decision DecideConsentFetch(const LocalDateTime& consent_at, const Date& consultation_date,
                            const LocalDateTime& fetch_at) {
  if (fetch_at < consent_at) return Decision::Refuse("visit.before_consent");
  if (ConsentFetchLastDay(consultation_date) < fetch_at.date) {
    return Decision::Refuse("visit.consent_window_over");
  }
  return Decision::Allow("visit.fetch_allowed");
}

}  // namespace kakunin::domain
