#pragma once
// `card-info`: what support staff need to know about a reader and the card in it, read without
// a PIN and without spending a PIN try: does the reader pass extended APDUs, is there a JPKI
// application, the user-authentication certificate's subject/serial/issuer/expiry, and how
// many PIN tries are left. Never touches the applications holding the individual number.

#include <optional>
#include <string>

#include "agent/card/apdu_channel.h"
#include "agent/card/transport.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

struct CertificateSummary {
  std::string subject;    // RFC 2253
  std::string serial;     // lower-case hex
  std::string issuer;     // RFC 2253
  std::string not_after;  // ISO 8601 UTC, "2030-03-31T14:59:59Z"
};

// "card.bad_certificate" when `der` is not an X.509 certificate.
Result<CertificateSummary> SummarizeCertificate(ByteView der);

struct CardInfo {
  std::string reader;
  std::string atr;  // spaced hex
  bool extended_apdu = false;
  std::string probe_diagnosis;  // ProbeDiagnosisName(); "" when there is no JPKI application
  std::string probe_detail;     // why extended APDUs were not accepted
  bool jpki_present = false;
  std::optional<CertificateSummary> certificate;
  std::optional<int> pin_tries_left;
  ApduCounters counters;
};

// Opens pcscd, picks `reader` (or the first reader holding a card), connects and reads.
// Errors: "card.no_service", "card.no_reader", "card.no_card", "card.busy", "card.removed", ...
Result<CardInfo> ReadCardInfo(const std::optional<std::string>& reader);

// The protocol part over any transport (5 APDUs on a compliant reader): probe (3), then the
// PIN retry query (2). `info` arrives with reader and ATR filled in.
Result<CardInfo> ReadCardInfoFrom(CardTransport& transport, CardInfo info);

// One JSON object; absent values are null.
std::string CardInfoToJson(const CardInfo& info);
// Human-readable lines for the terminal.
std::string CardInfoToText(const CardInfo& info);

}  // namespace kakunin::card
