#include "common/domain/card_failure.h"

#include <initializer_list>

#include "common/core/text_match.h"
#include "common/domain/next_step.h"

namespace kakunin::domain {

std::optional<CardFailureKind> ClassifyCardFailure(std::string_view r) {
  // Same reason ids as the counter's next step (next_step.cpp), so HQ and staff agree on what
  // a reason means.
  if (r == "card.reader_not_compliant") return CardFailureKind::kReaderNotCompliant;
  if (In(r, {"card.pin_locked", "card.pin_guard", "card.pin_last_try"})) {
    return CardFailureKind::kPinLocked;
  }
  if (StartsWith(r, "card.pin") || StartsWith(r, "pin.")) return CardFailureKind::kPin;
  if (IsCardReadFailure(r)) return CardFailureKind::kUnreadable;
  if (r == "card.jpki_missing") return CardFailureKind::kNotMyNumberCard;
  if (In(r, {"card.no_card", "card.timeout", "check.no_card", "card.removed", "card.reset"})) {
    return CardFailureKind::kCardPlacement;
  }
  if (In(r, {"card.no_reader", "card.reader_gone", "card.no_service", "card.pcsc_error"})) {
    return CardFailureKind::kReaderMissing;
  }
  if (StartsWith(r, "card.")) return CardFailureKind::kOther;
  return std::nullopt;
}

}  // namespace kakunin::domain
