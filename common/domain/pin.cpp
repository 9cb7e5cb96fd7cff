#include "common/domain/pin.h"

#include <string>

namespace kakunin::domain {

Status ValidatePinFormat(std::string_view pin) {
  if (pin.size() != 4) {
    // The length is safe to report; the digits are not.
    return MakeError(
        ErrorCode::kInvalidArgument, "pin.wrong_length",
        "PIN must be exactly 4 digits, got " + std::to_string(pin.size()) + " characters");
  }
  for (char c : pin) {
    if (c < '0' || c > '9') {
      return MakeError(ErrorCode::kInvalidArgument, "pin.not_digits",
                       "PIN must contain only the digits 0-9");
    }
  }
  return OkStatus();
}

Result<int> TriesLeftFromStatusWord(uint16_t status_word) {
  if ((status_word & 0xFFF0) == 0x63C0) return static_cast<int>(status_word & 0x000F);
  if (status_word == 0x6984) return 0;
  return MakeError(ErrorCode::kInvalidArgument, "card.unexpected_status_word",
                   "status word is not a PIN retry counter");
}

Status MaySendVerify(int tries_left) {
  if (tries_left < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "card.pin_tries_invalid",
                     "tries left cannot be negative: " + std::to_string(tries_left));
  }
  if (tries_left == 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "card.pin_locked",
                     "the card's PIN is locked; use visual identity check (目視確認)");
  }
  if (tries_left == 1) {
    return MakeError(ErrorCode::kFailedPrecondition, "card.pin_last_try",
                     "only one PIN try left; a mistake would lock the card, so use visual "
                     "identity check (目視確認)");
  }
  return OkStatus();
}

}  // namespace kakunin::domain
