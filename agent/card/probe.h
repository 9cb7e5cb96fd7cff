#pragma once
// Reader compliance probe. 資格確認限定型 terminals must pass extended APDUs (拡張Lc/Le); a reader
// that cannot is not allowed. The probe reads the user-authentication certificate the way a
// check does (one extended READ BINARY) and, only when that fails, tries 256-byte short reads
// to tell "the reader is not compliant" apart from "the card is broken".

#include <string>
#include <string_view>

#include "agent/card/jpki.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

enum class ProbeDiagnosis {
  kCompliant,           // the extended READ BINARY returned the whole certificate
  kReaderNotCompliant,  // extended read failed, short reads work: reader/driver at fault
  kCardBroken,          // neither way yields a well-formed certificate
};

// "compliant", "reader_not_compliant", "card_broken".
std::string_view ProbeDiagnosisName(ProbeDiagnosis diagnosis);

struct ProbeResult {
  bool extended_apdu = false;
  ProbeDiagnosis diagnosis = ProbeDiagnosis::kCardBroken;
  std::string detail;  // why the extended read was not accepted (for support; no personal data)
  // The certificate as read: by the extended read when compliant (the check uses it, no second
  // read), by short reads when only those worked (for diagnosis, never for a check).
  Bytes certificate;
};

// SELECT JPKI AP, SELECT EF 000A, one extended READ BINARY: 3 APDUs on a compliant reader.
// Errors (rather than a diagnosis) for what is not about extended APDUs: no JPKI application,
// card removed, reader gone, service down, refused command.
Result<ProbeResult> ProbeReader(JpkiCard& card);

// The errors after which talking to the card further is pointless (gone, busy, cancelled).
bool IsConnectionLost(const Error& error);

}  // namespace kakunin::card
