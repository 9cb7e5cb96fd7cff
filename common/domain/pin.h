#pragma once
// The JPKI user-authentication PIN (利用者証明用電子証明書の暗証番号): its format, and the guard
// that keeps Kakunin from locking a patient's card (unlocking needs a visit to the city office).
// No message here ever contains the PIN itself.

#include <cstdint>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::domain {

// The card allows 3 wrong tries before it locks.
inline constexpr int kUserAuthPinTries = 3;

// Exactly 4 ASCII digits. Reasons: "pin.wrong_length", "pin.not_digits".
Status ValidatePinFormat(std::string_view pin);

// Tries left from the card's answer to a VERIFY without data: 63Cx → x; 6984 → 0 (locked,
// one source). Any other status word is not a retry count.
Result<int> TriesLeftFromStatusWord(uint16_t status_word);

// May we send VERIFY now? Never when one try is left: a typo would lock the card.
// Reasons: "card.pin_locked" (0 left), "card.pin_last_try" (1 left), "card.pin_tries_invalid".
Status MaySendVerify(int tries_left);

}  // namespace kakunin::domain
