#pragma once
// The national service's answer (its API, here the emulator's contract) as the domain's Answer.
// Pure: no I/O, no gRPC; the answer arrives from outside, so this is fuzzed
// (agent/eligibility/fuzz/oqs_answer_fuzz.cpp).

#include "agent/eligibility/eligibility_service.h"
#include "kakunin/v1/eligibility.pb.h"

namespace kakunin::eligibility {

// The service's answer as the domain type; refuses an answer whose fields contradict each
// other ("eligibility.malformed_answer") instead of passing it on to staff, and reports the
// service's own error answer as "eligibility.service_error".
Result<Answer> ToAnswer(const v1::QualificationResponse& response);

}  // namespace kakunin::eligibility
