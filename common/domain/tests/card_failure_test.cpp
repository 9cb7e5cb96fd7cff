// Proves which reason ids HQ's failure report counts, and as what: card and reader trouble
// only, never the service's answer or a network fault.
#include "common/domain/card_failure.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(CardFailureTest, CardAndReaderReasonsByKind) {
  using K = CardFailureKind;
  const std::pair<const char*, K> cases[] = {
      {"card.unreadable", K::kUnreadable},
      {"card.transmit_failed", K::kUnreadable},
      {"card.pin_locked", K::kPinLocked},
      {"card.pin_guard", K::kPinLocked},
      {"card.pin_wrong", K::kPin},
      {"pin.cancelled", K::kPin},
      {"card.reader_not_compliant", K::kReaderNotCompliant},
      {"card.no_reader", K::kReaderMissing},
      {"card.pcsc_error", K::kReaderMissing},
      {"card.no_card", K::kCardPlacement},
      {"card.removed", K::kCardPlacement},
      {"check.no_card", K::kCardPlacement},
      {"card.jpki_missing", K::kNotMyNumberCard},
      {"card.something_new", K::kOther},
  };
  for (const auto& [reason, kind] : cases) {
    SCOPED_TRACE(reason);
    ASSERT_TRUE(ClassifyCardFailure(reason).has_value());
    EXPECT_EQ(*ClassifyCardFailure(reason), kind);
  }
}

TEST(CardFailureTest, ServiceAndOtherReasonsAreNotCardFailures) {
  for (const char* reason : {"", "eligibility.timeout", "oqs.unavailable", "xml.bad_response",
                             "check.no_service", "document.expired", "ingest.too_large"}) {
    EXPECT_FALSE(ClassifyCardFailure(reason).has_value()) << reason;
  }
}

}  // namespace
}  // namespace kakunin::domain
