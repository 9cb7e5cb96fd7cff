#include "common/domain/next_step.h"

#include <array>

#include "common/core/text_match.h"
#include "common/domain/review_window.h"

namespace kakunin::domain {

namespace {

// PIN locked, or one try left (the guard refused to send the last one): the PIN is no way
// through, so 目視確認 if HQ allows it, else the manager's one-time allowance, else documents.
NextStep PinWayThrough(const CheckFacts& f) {
  if (f.visual_allowed) return {NextStepId::kPinVisual, NextAction::kVisualCheck};
  // An allowance that arrived is usable even if HQ is unreachable now: it is already here.
  if (f.manager_allowance_granted) {
    return {NextStepId::kPinManagerAllowed, NextAction::kManagerAllowance};
  }
  if (f.manager_allowance_available) {
    return {NextStepId::kPinManager, NextAction::kManagerAllowance};
  }
  return {NextStepId::kPinDocuments, NextAction::kDocument};
}

NextStep ForError(const CheckFacts& f) {
  const std::string_view r = f.error_reason;
  if (r == "card.reader_not_compliant" || !f.reader_compliant) {
    return {NextStepId::kReaderNotCompliant, NextAction::kDocument};
  }
  if (r == "card.pin_locked" || r == "card.pin_guard" || r == "card.pin_last_try" ||
      (r == "card.pin_wrong" && (f.pin_tries_left == 1 || f.pin_tries_left == 0))) {
    return PinWayThrough(f);
  }
  if (r == "card.pin_wrong" || r == "card.pin_format" || StartsWith(r, "pin.")) {
    return {NextStepId::kPinRetry, NextAction::kRetry};
  }
  if (IsCardReadFailure(r)) {
    if (f.card_read_failures >= kCardReadFailuresBeforeDocuments) {
      return {NextStepId::kCardDocuments, NextAction::kDocument};
    }
    return {NextStepId::kCardRetry, NextAction::kRetry};
  }
  // Not a My Number Card with a certificate: no retry can help.
  if (r == "card.jpki_missing") return {NextStepId::kCardDocuments, NextAction::kDocument};
  if (In(r, {"card.no_card", "card.timeout", "check.no_card", "card.removed", "card.reset"})) {
    return {NextStepId::kPlaceCard, NextAction::kRetry};
  }
  if (In(r, {"card.no_reader", "card.reader_gone", "card.no_service", "card.pcsc_error"})) {
    return {NextStepId::kReaderMissing, NextAction::kRetry};
  }
  if (StartsWith(r, "eligibility.") || StartsWith(r, "xml.") || StartsWith(r, "oqs.") ||
      r == "check.no_service") {
    return {NextStepId::kServiceDocuments, NextAction::kDocument};
  }
  // What staff typed, not the document, was refused: the same document, typed again.
  if (In(r, {"document.text_too_long", "document.bad_text"})) {
    return {NextStepId::kDocumentRetype, NextAction::kDocument};
  }
  if (StartsWith(r, "document.")) return {NextStepId::kDocumentAnother, NextAction::kDocument};
  return {NextStepId::kTryAgain, NextAction::kRetry};
}

}  // namespace

bool IsCardReadFailure(std::string_view r) {
  return In(r, {"card.unreadable", "card.bad_certificate", "card.certificate_truncated",
                "card.bad_response", "card.unexpected_sw", "card.unexpected_status_word",
                "card.unresponsive", "card.transmit_failed", "card.not_answering", "card.bad_tlv",
                "card.file_missing"});
}

NextStep DecideNextStep(const CheckFacts& f) {
  switch (f.end) {
    case CheckEnd::kEligible:
    case CheckEnd::kMultiple: {
      // The service accepted the card: an expired certificate (in the grace by our dates or by
      // the service's flag) still means proceed, and the patient must renew before it stops.
      bool expired = f.certificate_in_grace;
      if (f.certificate_not_after) {
        expired |= ClassifyCertificateExpiry(*f.certificate_not_after, f.today).state !=
                   CertificateState::kValid;
      }
      if (expired) return {NextStepId::kProceedRenewCertificate, NextAction::kNextPatient};
      if (f.end == CheckEnd::kMultiple) {
        return {NextStepId::kProceedConfirmInsurer, NextAction::kNextPatient};
      }
      return {NextStepId::kProceed, NextAction::kNextPatient};
    }
    case CheckEnd::kDocumentAccepted:
      return {NextStepId::kProceed, NextAction::kNextPatient};
    case CheckEnd::kCertificateExpired:
    case CheckEnd::kCertificateRevoked:
      return {NextStepId::kCertificateBeyondGrace, NextAction::kDocument};
    case CheckEnd::kIneligible:
      if (f.new_qualification_valid) {
        return {NextStepId::kProceedNewQualification, NextAction::kNextPatient};
      }
      return {NextStepId::kNoRecordDocuments, NextAction::kDocument};
    case CheckEnd::kNotFound:
    case CheckEnd::kNotRegistered:
      return {NextStepId::kNoRecordDocuments, NextAction::kDocument};
    case CheckEnd::kDocumentRefused:
      return {NextStepId::kDocumentAnother, NextAction::kDocument};
    case CheckEnd::kError:
      return ForError(f);
  }
  return {NextStepId::kTryAgain, NextAction::kRetry};
}

std::string_view NextStepName(NextStepId id) {
  static constexpr std::array<std::string_view, 20> kNames = {"proceed",
                                                              "proceed_confirm_insurer",
                                                              "proceed_renew_certificate",
                                                              "certificate_beyond_grace",
                                                              "card_retry",
                                                              "card_documents",
                                                              "place_card",
                                                              "pin_retry",
                                                              "pin_visual",
                                                              "pin_manager",
                                                              "pin_manager_allowed",
                                                              "pin_documents",
                                                              "no_record_documents",
                                                              "document_another",
                                                              "reader_not_compliant",
                                                              "reader_missing",
                                                              "service_documents",
                                                              "try_again",
                                                              "document_retype",
                                                              "proceed_new_qualification"};
  const auto i = static_cast<size_t>(id);
  return i < kNames.size() ? kNames[i] : "unknown";
}

}  // namespace kakunin::domain
