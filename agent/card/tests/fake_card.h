#pragma once
// Test doubles behind the CardTransport seam:
//  - ScriptedTransport answers from a fixed queue and records every command;
//  - FakeJpkiCard is a small stateful JPKI card (SELECT, READ BINARY short/extended, VERIFY,
//    SIGN, GET RESPONSE) with knobs for the failure modes the card layer must handle.

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/card/transport.h"
#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::card::testing {

// A real RSA-2048 key and a certificate for it (DER larger than 256 bytes), made once.
struct TestCredentials {
  crypto::EvpPkeyPtr key;
  crypto::X509Ptr certificate;
  Bytes certificate_der;
};
const TestCredentials& Credentials();

class ScriptedTransport : public CardTransport {
 public:
  // Each entry is the answer to one command, in order; running out is "card.removed".
  std::deque<Result<Bytes>> answers;
  std::vector<Bytes> commands;

  Result<Bytes> Transmit(ByteView command) override;
};

class FakeJpkiCard : public CardTransport {
 public:
  FakeJpkiCard();

  Result<Bytes> Transmit(ByteView command) override;

  // Knobs.
  bool has_jpki = true;
  bool extended_supported = true;        // false: extended Lc/Le answer 67 00
  std::optional<size_t> extended_limit;  // the reader cuts extended answers to this size
  bool short_reads_work = true;          // false: short READ BINARY answers 6F 00
  bool get_response_mode = false;        // answer data through 61xx / GET RESPONSE
  std::string pin = "1234";
  int tries_left = 3;
  Bytes certificate_file;  // EF 000A: the certificate, then FF padding
  // Consulted first for every command; an answer replaces the card's.
  std::function<std::optional<Result<Bytes>>(ByteView)> intercept;

  // Observations.
  std::vector<Bytes> commands;
  int VerifyCommandsWithData() const;
  int CountIns(uint8_t ins) const;
  bool verified() const { return verified_; }

 private:
  Bytes Respond(ByteView c);
  Bytes ReadBinary(ByteView c);
  Bytes Verify(ByteView c);
  Bytes Sign(ByteView c);
  Bytes GetResponse(ByteView c);

  bool app_selected_ = false;
  uint16_t ef_ = 0;
  bool verified_ = false;
  Bytes pending_;  // GET RESPONSE data still to hand out, then pending_sw_
  Bytes pending_sw_;
};

Bytes Sw(uint16_t sw);
Bytes WithSw(Bytes data, uint16_t sw);

}  // namespace kakunin::card::testing
