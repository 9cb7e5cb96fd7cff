#include "common/domain/pin.h"

#include <string>

namespace kakunin::domain {

namespace {
// Characters, not bytes: "１２３４" is four characters (twelve bytes of UTF-8).
size_t CountCharacters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

Status ValidatePinFormat(std::string_view pin) {
  // Full-width digits (U+FF10..FF19, EF BC 90..99 in UTF-8) are what a Japanese IME types by
  // default: refused by name, so staff know to switch to half-width, never silently converted
  // (the card compares bytes).
  for (size_t i = 0; i + 2 < pin.size(); ++i) {
    auto b0 = static_cast<unsigned char>(pin[i]), b1 = static_cast<unsigned char>(pin[i + 1]),
         b2 = static_cast<unsigned char>(pin[i + 2]);
    if (b0 == 0xEF && b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {
      return MakeError(ErrorCode::kInvalidArgument, "pin.fullwidth",
                       "PIN digits must be half-width (0-9); full-width digits were typed");
    }
  }
  if (pin.size() != 4) {
    // The length is safe to report; the digits are not.
    return MakeError(ErrorCode::kInvalidArgument, "pin.wrong_length",
                     "PIN must be exactly 4 digits, got " + std::to_string(CountCharacters(pin)) +
                         " characters");
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
