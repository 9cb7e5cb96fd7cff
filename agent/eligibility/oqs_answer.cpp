#include "agent/eligibility/oqs_answer.h"

#include <google/protobuf/util/time_util.h>

namespace kakunin::eligibility {

Result<Answer> ToAnswer(const v1::QualificationResponse& r) {
  if (r.segment_of_result() == 9) {
    return MakeError(ErrorCode::kUnavailable, "eligibility.service_error",
                     "service error " + r.error_code() + ": " + r.error_message());
  }
  bool eligible = r.outcome() == v1::OUTCOME_ELIGIBLE;
  bool consistent = r.outcome() != v1::OUTCOME_UNSPECIFIED &&
                    (!eligible || (!r.results().empty() && r.qualification_validity() == 1));
  for (const auto& e : r.results()) {
    consistent &= e.copayment_percent() >= 0 && e.copayment_percent() <= 100;
  }
  if (!consistent) {
    return MakeError(ErrorCode::kDataLoss, "eligibility.malformed_answer",
                     "the service's answer contradicts itself; check by document instead");
  }
  Answer a;
  a.outcome = r.outcome();
  a.results.assign(r.results().begin(), r.results().end());
  a.visually_verified = r.visually_verified();
  a.certificate_in_grace = r.certificate_in_grace();
  a.certificate_not_after = r.certificate_not_after();
  a.contract_insurer_match = r.contract_insurer_match();
  a.consent_id = r.consent_id();
  if (r.has_processed_at()) {
    a.processed_at = google::protobuf::util::TimeUtil::ToString(r.processed_at());
  }
  return a;
}

}  // namespace kakunin::eligibility
