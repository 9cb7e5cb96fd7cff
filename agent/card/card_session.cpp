#include "agent/card/card_session.h"

#include <string>

#include "agent/card/probe.h"
#include "common/crypto/signing.h"

namespace kakunin::card {

void CardSession::AddToTotal(const ApduCounters& c) {
  total_.apdus += c.apdus;
  total_.bytes_out += c.bytes_out;
  total_.bytes_in += c.bytes_in;
}

Result<Bytes> CardSession::ReadCertificate() {
  KAKUNIN_ASSIGN_OR_RETURN(ProbeResult probe, ProbeReader(card_));
  switch (probe.diagnosis) {
    case ProbeDiagnosis::kCompliant:
      return std::move(probe.certificate);
    case ProbeDiagnosis::kReaderNotCompliant:
      return MakeError(ErrorCode::kFailedPrecondition, "card.reader_not_compliant",
                       "this reader does not pass extended APDUs (拡張Lc/Le), which 資格確認 "
                       "requires; use a compliant reader (" +
                           probe.detail + ")");
    case ProbeDiagnosis::kCardBroken:
      break;
  }
  return MakeError(ErrorCode::kDataLoss, "card.unreadable",
                   "the card's certificate cannot be read: " + probe.detail);
}

Result<CardCheck> CardSession::CheckVisual() {
  channel_.ResetCounters();
  Result<Bytes> certificate = ReadCertificate();
  AddToTotal(channel_.counters());
  if (!certificate.ok()) return certificate.error();
  CardCheck check;
  check.mode = IdentityMode::kVisual;
  check.certificate = std::move(certificate).value();
  check.counters = channel_.counters();
  return check;
}

Status CardSession::VerifyWithGuard(std::string_view pin) {
  KAKUNIN_ASSIGN_OR_RETURN(PinStatus status, card_.QueryPinStatus());
  // 90 00 means the PIN was already presented in this card session; the counter is full.
  pin_tries_left_ = status.verified ? std::optional<int>(kUserAuthPinMaxTries) : status.tries_left;
  if (status.locked()) {
    return MakeError(ErrorCode::kFailedPrecondition, "card.pin_locked",
                     "the user-authentication PIN is locked; only the city office can reset it; "
                     "use the visual check (目視確認)");
  }
  if (pin_tries_left_.has_value() && *pin_tries_left_ <= 1) {
    return MakeError(ErrorCode::kFailedPrecondition, "card.pin_guard",
                     "only 1 PIN try left: VERIFY was not sent so the card cannot lock; use the "
                     "visual check (目視確認)");
  }
  return card_.VerifyPin(pin, &pin_tries_left_);
}

Result<CardCheck> CardSession::CheckWithPin(std::string_view pin, ByteView challenge) {
  channel_.ResetCounters();
  pin_tries_left_.reset();
  if (!IsValidUserAuthPin(pin)) {
    return MakeError(ErrorCode::kInvalidArgument, "card.pin_format",
                     "the PIN must be exactly 4 digits");
  }
  if (challenge.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "card.bad_challenge", "empty challenge");
  }
  KAKUNIN_ASSIGN_OR_RETURN(Bytes digest_info, crypto::Sha256DigestInfo(crypto::Sha256(challenge)));
  CardCheck check;
  check.mode = IdentityMode::kPin;
  // The certificate first: a non-compliant reader is refused before the patient's PIN is used.
  Result<Bytes> certificate = ReadCertificate();
  Status verified = certificate.ok() ? VerifyWithGuard(pin) : Status(certificate.error());
  Result<Bytes> signature =
      verified.ok() ? card_.SignDigestInfo(digest_info) : Result<Bytes>(verified.error());
  AddToTotal(channel_.counters());
  if (!signature.ok()) return signature.error();
  check.certificate = std::move(certificate).value();
  check.signature = std::move(signature).value();
  check.pin_tries_left = pin_tries_left_;
  check.counters = channel_.counters();
  return check;
}

}  // namespace kakunin::card
