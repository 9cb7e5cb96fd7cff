#pragma once
// What kakunin-server's commands say to HQ's administrator when they fail: plain Japanese with
// the next step, then the reason id and the English detail on a line of their own, for support.
// (The console has its own words; the server's log stays English for the journal.)

#include <optional>
#include <string>

#include "common/core/result.h"

namespace kakunin::server {

// The Japanese sentence for `e`, or nullopt when there is none more helpful than the detail.
std::optional<std::string> OperatorText(const Error& e);

// What a failed command writes to standard error: "kakunin-server: <sentence>" and
// "  （詳細: reason: message）", or the detail alone when there is no sentence.
std::string OperatorLines(const Error& e);

}  // namespace kakunin::server
