#pragma once
// Which CheckResult an HQ server stores whole. HQ parses a terminal's results with its own
// schema: fields a newer terminal adds are unknown to an older HQ, which drops them and
// acknowledges the result, so they are lost for good (validity 3's new qualification travels in
// such a field). HQ names its format in Welcome.result_format; a terminal with a newer one keeps
// its results until HQ is upgraded (agent/daemon/uplink_loop.cpp).

#include <cstdint>

namespace kakunin::rpc {

// Raise by one in the release that changes the fields of CheckResult or of any message or enum
// inside it. common/rpc/tests/result_format_test.cpp pins the shape of each format and fails
// when the shape changes and this number does not.
//   1 — 0.2.0: Eligibility.other_records (validity 3 and 5 with all their records).
inline constexpr uint32_t kResultFormat = 1;

}  // namespace kakunin::rpc
