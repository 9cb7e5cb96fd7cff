#pragma once
// Checks that do not read a card, shared by the CLI and the daemon:
//   a fallback document staff saw (資格確認書, お知らせ, マイナポータル, 保険証), judged by date;
//   再照会 by insured number + birth date for continuing home visits (居宅同意取得型).
// Both build the CheckResult to save; saving is the caller's.

#include <string>

#include "agent/eligibility/eligibility_service.h"
#include "agent/store/local_store.h"
#include "common/core/result.h"
#include "common/domain/documents.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::agent {

struct DocumentCheck {
  v1::CheckResult result;
  domain::DocumentDecision decision;
};
// Validates the insurer number (check digit) and the dates, judges the document on `today`.
Result<DocumentCheck> BuildDocumentCheck(const v1::FallbackDocument& document, v1::CheckRoute route,
                                         bool confirmed_online, const domain::Date& today);

struct RecheckInput {
  std::string insurer, symbol, number, branch, birth;  // birth: YYYY-MM-DD
  v1::CheckRoute route = v1::CHECK_ROUTE_HOME_VISIT;
  std::string institution_code;
  std::string consent_id;  // "" = the first visit's
};
// Allowed only after a first visit on this terminal checked the card with consent (home
// visits); fills in that visit's consent id when none was given.
Status AllowHomeVisitRecheck(LocalStore& store, RecheckInput& input);
// Asks the service; an unreachable service is a saved OUTCOME_ERROR result, not an error.
v1::CheckResult PerformRecheck(eligibility::EligibilityService& service, const RecheckInput& in,
                               v1::CheckRoute recorded_route);

}  // namespace kakunin::agent
