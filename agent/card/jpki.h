#pragma once
// The My Number Card's JPKI application (公的個人認証 AP), user-authentication side only:
// select it, read the user-authentication certificate, query and verify the 4-digit PIN, and
// sign a DigestInfo with the user-authentication key. Command bytes follow the public
// implementations listed in docs/domain.md ("The card's JPKI application").
//
// The PIN never appears in logs, error messages or any buffer that outlives a call.

#include <cstdint>
#include <optional>
#include <string_view>

#include "agent/card/apdu_channel.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

inline constexpr uint8_t kJpkiAid[] = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

// Elementary files of the JPKI application used here.
inline constexpr uint16_t kEfUserAuthCertificate = 0x000A;
inline constexpr uint16_t kEfUserAuthCaCertificate = 0x000B;
inline constexpr uint16_t kEfUserAuthKey = 0x0017;
inline constexpr uint16_t kEfUserAuthPin = 0x0018;

inline constexpr int kUserAuthPinMaxTries = 3;
// Short READ BINARY chunk size used by readers without extended-APDU support.
inline constexpr size_t kShortReadChunk = 256;

// What the PIN retry query said. `verified` when the card answered 90 00 (the PIN was already
// presented in this card session), in which case the counter is full but not reported.
struct PinStatus {
  std::optional<int> tries_left;
  bool verified = false;
  bool locked() const { return tries_left.has_value() && *tries_left == 0; }
};

// True for exactly four ASCII digits.
bool IsValidUserAuthPin(std::string_view pin);

class JpkiCard {
 public:
  explicit JpkiCard(ApduChannel& channel) : channel_(channel) {}

  // SELECT by DF name. "card.jpki_missing" (kNotFound) when the card has no JPKI application
  // (not a My Number Card), "card.unexpected_sw" for other refusals.
  Status SelectApplication();
  // SELECT EF under the JPKI application.
  Status SelectFile(uint16_t file_id);

  // One extended READ BINARY (00 B0 00 00 00 00 00) of the selected EF: the whole file, or
  // whatever the reader let through. The caller checks completeness.
  Result<ResponseApdu> ReadBinaryExtended();
  // The selected EF's certificate in 256-byte short READ BINARY chunks: the diagnostic
  // fallback for readers without extended APDUs, never the normal path.
  Result<Bytes> ReadCertificateInChunks();

  // Selects EF 0018 and asks for the retry counter without spending a try (VERIFY, no data).
  Result<PinStatus> QueryPinStatus();
  // VERIFY the user-authentication PIN (EF 0018 must be selected). Errors: "card.pin_format"
  // (nothing sent), "card.pin_wrong" with tries left in *tries_left, "card.pin_locked".
  Status VerifyPin(std::string_view pin, std::optional<int>* tries_left);
  // Selects EF 0017 and has the card sign `digest_info` (a DER DigestInfo) with the
  // user-authentication key: COMPUTE DIGITAL SIGNATURE 80 2A 00 80. Needs a verified PIN
  // ("card.not_verified" otherwise).
  Result<Bytes> SignDigestInfo(ByteView digest_info);

  ApduChannel& channel() { return channel_; }

 private:
  ApduChannel& channel_;
};

// An Error for an unexpected status word of `what` (e.g. "SELECT EF 000A").
Error UnexpectedStatus(std::string_view what, uint16_t sw);

}  // namespace kakunin::card
