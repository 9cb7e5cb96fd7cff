#pragma once
// The branch manager's one-time 目視確認 (issue 19). Where HQ's policy does not let staff switch
// a terminal to the visual check, a patient whose PIN is locked (or has one try left) is not
// sent away: the branch manager of that store (or HQ) allows ONE card check in 目視確認 on ONE
// terminal, with a reason, for a short time. The check that uses it names it; a second use, a
// use after it expired or was replaced, or a use on another terminal is refused. Who allowed it
// and why is in the audit trail.
//
// Pure: the same rules for the server (granting, and the check result that consumes it) and the
// terminal (holding it until one check uses it).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kakunin::domain {

// Unused allowances lapse after this long: the patient in front of the counter, not the day.
inline constexpr int64_t kVisualAllowanceTtlSeconds = 15 * 60;
// A terminal's clock may differ from HQ's; a check this much after the expiry still counts.
inline constexpr int64_t kVisualAllowanceClockSkewSeconds = 120;

// The reason a manager gives: readable text on one line, long enough to mean something.
inline constexpr size_t kAllowanceReasonMinChars = 2;
inline constexpr size_t kAllowanceReasonMaxChars = 200;

// "" when the reason may be recorded, else a reason id: allowance.reason_empty,
// allowance.reason_too_short, allowance.reason_too_long, allowance.reason_encoding (not UTF-8,
// U+FFFD or 外字), allowance.reason_control (control characters, line breaks included).
std::string_view CheckAllowanceReason(std::string_view reason);

// The plain Japanese sentence for an allowance.* reason id (the server's refusal text).
std::string AllowanceRefusalMessage(std::string_view reason_id);

// What is known about the allowance a check names, where it is judged.
struct AllowanceFacts {
  bool found = false;               // an allowance with that id exists (is held, on the terminal)
  bool same_terminal = true;        // it was granted for the terminal that made the check
  bool used = false;                // a check already used it
  bool used_by_this_check = false;  // … and that check is this one (a resend)
  bool replaced = false;            // a newer allowance for the terminal replaced it
  int64_t expires_at = 0;           // seconds since the epoch
  int64_t checked_at = 0;           // when the check was made (seconds since the epoch)
  int64_t skew_seconds = kVisualAllowanceClockSkewSeconds;  // 0 on the terminal's own clock
};

enum class AllowanceUse {
  kAccepted,       // the one use: the check may be (was) made in 目視確認
  kUnknown,        // no such allowance
  kOtherTerminal,  // granted for another terminal
  kAlreadyUsed,    // a second use
  kReplaced,       // a newer allowance took its place
  kExpired,        // unused for too long
};

AllowanceUse DecideAllowanceUse(const AllowanceFacts& facts);

// "accepted", "unknown", "other_terminal", "already_used", "replaced", "expired" (audit details
// and reason ids "allowance.<name>").
std::string_view AllowanceUseName(AllowanceUse use);

}  // namespace kakunin::domain
