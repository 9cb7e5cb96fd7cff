// libFuzzer target: the national service's answer as the agent turns it into a check result
// (agent/eligibility/oqs_answer.h). The input is the answer's protobuf bytes, as they arrive
// over the wire. Invariants (a violation traps): an answer taken has an outcome, eligible only
// with a record (QualificationValidity 1), every copayment within 0–100 %, the records kept as
// they came, and its record for the result carries at most kMaxOtherRecords others; a refused
// one is the service's own error (segment 9) or eligibility.malformed_answer.

#include <cstddef>
#include <cstdint>

#include "agent/eligibility/oqs_answer.h"

namespace {

namespace eligibility = kakunin::eligibility;
namespace v1 = kakunin::v1;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  v1::QualificationResponse response;
  if (!response.ParseFromArray(data, static_cast<int>(size))) return 0;
  auto answer = eligibility::ToAnswer(response);
  if (!answer.ok()) {
    const std::string& reason = answer.error().reason();
    Check(reason == (response.segment_of_result() == 9 ? "eligibility.service_error"
                                                       : "eligibility.malformed_answer"));
    return 0;
  }
  Check(response.segment_of_result() != 9);
  Check(answer->outcome != v1::OUTCOME_UNSPECIFIED);
  Check(answer->results.size() == static_cast<size_t>(response.results_size()));
  if (answer->outcome == v1::OUTCOME_ELIGIBLE) {
    Check(!answer->results.empty() && response.qualification_validity() == 1);
  }
  for (const auto& e : answer->results) {
    Check(e.copayment_percent() >= 0 && e.copayment_percent() <= 100);
  }
  auto record = answer->Record();
  Check(record.has_value() == !answer->results.empty());
  if (record) {
    Check(static_cast<size_t>(record->other_records_size()) <=
          eligibility::Answer::kMaxOtherRecords);
    for (const auto& other : record->other_records()) Check(other.other_records_size() == 0);
  }
  return 0;
}
