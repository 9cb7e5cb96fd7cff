#pragma once
// Which checks count as a card or reader failure in HQ's failure report (issue 19), and of what
// kind. An answer from the eligibility service (資格無効, 該当資格なし, …) is never a failure here,
// nor is a service or network fault: neither says anything about the store's card readers.
//
// Pure: the server counts per kind, the console maps each kind to words.

#include <optional>
#include <string_view>

namespace kakunin::domain {

enum class CardFailureKind {
  kUnreadable,          // the card was there but could not be read (IsCardReadFailure)
  kPinLocked,           // PIN locked, or the guard kept the last try
  kPin,                 // wrong PIN or other PIN trouble
  kReaderNotCompliant,  // the reader lacks extended APDUs (拡張Lc/Le)
  kReaderMissing,       // no reader, reader gone, PC/SC service down
  kCardPlacement,       // no card, or the card left the reader during the check
  kNotMyNumberCard,     // no JPKI application: not a My Number Card
  kOther,               // any other card.* / pin.* reason
};
inline constexpr int kCardFailureKindCount = 8;

// The kind of a failed check's reason id (error_reason of an OUTCOME_ERROR result); nullopt when
// the reason is not about the card or the reader.
std::optional<CardFailureKind> ClassifyCardFailure(std::string_view error_reason);

}  // namespace kakunin::domain
