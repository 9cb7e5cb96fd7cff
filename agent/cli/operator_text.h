#pragma once
// What kakunin-agent's commands say to the person at the terminal when they fail: plain
// Japanese with the next step, for the refusals an operator meets while enrolling and running a
// terminal, and for the card reader's and the eligibility service's failures. The reason id and the
// English detail follow on a line of their own, for support.

#include <optional>
#include <string>

#include "common/core/result.h"

namespace kakunin::agent {

// The Japanese sentence for `e`, or nullopt when there is none more helpful than the detail
// (then the caller prints the detail alone).
std::optional<std::string> OperatorText(const Error& e);

// The lines Fail() writes to standard error: the Japanese sentence (when there is one), then
// "（詳細: reason: message）".
std::string OperatorLines(const Error& e);

}  // namespace kakunin::agent
