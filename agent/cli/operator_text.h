#pragma once
// What kakunin-agent's commands say to the person at the terminal when they fail: plain
// Japanese with the next step, for the refusals an operator meets while enrolling and running a
// terminal, and for the card reader's and the eligibility service's failures. The reason id and the
// English detail follow on a line of their own, for support.

#include <optional>
#include <string>

#include "agent/store/local_store.h"
#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::agent {

// The Japanese sentence for `e`, or nullopt when there is none more helpful than the detail
// (then the caller prints the detail alone).
std::optional<std::string> OperatorText(const Error& e);

// The lines Fail() writes to standard error: the Japanese sentence (when there is one), then
// "（詳細: reason: message）".
std::string OperatorLines(const Error& e);

// For a result that failed (its error_reason set): the Japanese sentence and the reason on a line
// of its own, each line ending in a newline; empty when it did not fail.
std::string ResultErrorLine(const v1::CheckResult& result);

// Why a document was not accepted (common/domain's document decision), and what to ask for.
std::string DocumentText(const std::string& reason);

// A repair of a damaged outbox (LocalStore::Repair), for the daemon's log and the command that
// made it: what came across, what could not be read, where the damaged file is kept, and that
// checks go on.
std::string OutboxRepairText(const LocalStore::Repair& r);

// HQ's reason for refusing a result, as `status` shows it: HQ's text is English (for its log).
std::string RefusedByHqText(const std::string& hq_reason);

}  // namespace kakunin::agent
