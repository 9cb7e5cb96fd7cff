#pragma once
// The two identity checks staff choose between (docs/domain.md "The card and the check"):
//  - visual (目視確認): read the user-authentication certificate, no PIN;
//  - PIN (暗証番号): certificate, then the 4-digit PIN, then the card signs a challenge.
// Both read the certificate with ONE extended READ BINARY; a reader that cannot is refused.
//
// PIN-lock guard: a locked PIN needs a trip to the city office, so VERIFY is never sent when
// the card has 1 try (or fewer) left; the caller is told to offer the visual check instead.

#include <optional>
#include <string_view>

#include "agent/card/apdu_channel.h"
#include "agent/card/jpki.h"
#include "agent/card/transport.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

enum class IdentityMode { kVisual, kPin };

struct CardCheck {
  IdentityMode mode = IdentityMode::kVisual;
  Bytes certificate;  // DER of the user-authentication certificate
  // PIN mode: RSA PKCS#1 v1.5 signature over SHA-256(challenge) with the certificate's key.
  Bytes signature;
  std::optional<int> pin_tries_left;  // PIN mode: after VERIFY (the full count on success)
  ApduCounters counters;              // what this check cost on the wire
};

class CardSession {
 public:
  explicit CardSession(CardTransport& transport) : channel_(transport), card_(channel_) {}
  CardSession(const CardSession&) = delete;
  CardSession& operator=(const CardSession&) = delete;

  // 3 APDUs: SELECT AP, SELECT EF 000A, READ BINARY (extended).
  // Errors: "card.reader_not_compliant" (kFailedPrecondition), "card.unreadable", and the
  // transport's ("card.removed", ...).
  Result<CardCheck> CheckVisual();

  // 8 APDUs: the visual check's 3, SELECT EF 0018, retry query, VERIFY, SELECT EF 0017, SIGN.
  // Before any APDU: "card.pin_format" unless `pin` is 4 ASCII digits, "card.bad_challenge"
  // for an empty challenge. Then "card.pin_guard" (VERIFY not sent, 1 try left),
  // "card.pin_locked", "card.pin_wrong" (see pin_tries_left()), "card.not_verified".
  Result<CardCheck> CheckWithPin(std::string_view pin, ByteView challenge);

  // The last PIN retry count the card reported in this session (nullopt before any query):
  // what the UI shows after "card.pin_wrong" or "card.pin_guard".
  std::optional<int> pin_tries_left() const { return pin_tries_left_; }
  // Cumulative over the session's checks.
  const ApduCounters& total_counters() const { return total_; }

 private:
  Result<Bytes> ReadCertificate();
  Status VerifyWithGuard(std::string_view pin);
  void AddToTotal(const ApduCounters& c);

  ApduChannel channel_;
  JpkiCard card_;
  std::optional<int> pin_tries_left_;
  ApduCounters total_;
};

}  // namespace kakunin::card
