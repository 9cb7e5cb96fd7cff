#include "agent/card/probe.h"

#include <array>

#include "agent/card/apdu.h"

namespace kakunin::card {
namespace {

// Why the answer to the extended read is not a complete certificate ("" when it is).
std::string ExtendedReadProblem(const Result<ResponseApdu>& read, Bytes* certificate) {
  if (!read.ok()) return "extended READ BINARY failed: " + read.error().ToString();
  if (!read->ok()) return "extended READ BINARY answered " + StatusWordText(read->sw());
  Result<Bytes> extracted = ExtractCertificate(read->data);
  if (!extracted.ok()) return "extended READ BINARY: " + extracted.error().ToString();
  *certificate = std::move(extracted).value();
  return "";
}

}  // namespace

std::string_view ProbeDiagnosisName(ProbeDiagnosis diagnosis) {
  switch (diagnosis) {
    case ProbeDiagnosis::kCompliant:
      return "compliant";
    case ProbeDiagnosis::kReaderNotCompliant:
      return "reader_not_compliant";
    case ProbeDiagnosis::kCardBroken:
      return "card_broken";
  }
  return "unknown";
}

bool IsConnectionLost(const Error& error) {
  static constexpr std::array<std::string_view, 8> kLost = {
      "card.removed", "card.reader_gone", "card.no_card",       "card.no_service",
      "card.busy",    "card.cancelled",   "card.forbidden_aid", "card.reset"};
  for (std::string_view reason : kLost) {
    if (error.reason() == reason) return true;
  }
  return false;
}

Result<ProbeResult> ProbeReader(JpkiCard& card) {
  KAKUNIN_RETURN_IF_ERROR(card.SelectApplication());
  KAKUNIN_RETURN_IF_ERROR(card.SelectFile(kEfUserAuthCertificate));
  ProbeResult result;
  Result<ResponseApdu> read = card.ReadBinaryExtended();
  if (!read.ok() && IsConnectionLost(read.error())) return read.error();
  result.detail = ExtendedReadProblem(read, &result.certificate);
  if (result.detail.empty()) {
    result.extended_apdu = true;
    result.diagnosis = ProbeDiagnosis::kCompliant;
    return result;
  }
  // Diagnosis only: the file may need selecting again after a reader-level failure.
  Status reselected = card.SelectFile(kEfUserAuthCertificate);
  if (!reselected.ok() && IsConnectionLost(reselected.error())) return reselected.error();
  Result<Bytes> chunked =
      reselected.ok() ? card.ReadCertificateInChunks() : Result<Bytes>(reselected.error());
  if (!chunked.ok() && IsConnectionLost(chunked.error())) return chunked.error();
  if (chunked.ok()) {
    result.diagnosis = ProbeDiagnosis::kReaderNotCompliant;
    result.certificate = std::move(chunked).value();
  } else {
    result.diagnosis = ProbeDiagnosis::kCardBroken;
    result.detail += "; short reads failed too: " + chunked.error().ToString();
  }
  return result;
}

}  // namespace kakunin::card
