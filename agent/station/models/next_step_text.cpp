#include "agent/station/models/next_step_text.h"

#include "agent/station/models/labels.h"
#include "agent/station/models/medical_aid.h"
#include "common/domain/coverage.h"
#include "common/domain/date.h"
#include "common/domain/review_window.h"

namespace kakunin::station {

namespace {

domain::CheckEnd EndOf(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_ELIGIBLE:
      return domain::CheckEnd::kEligible;
    case v1::OUTCOME_MULTIPLE:
      return domain::CheckEnd::kMultiple;
    case v1::OUTCOME_INELIGIBLE:
      return domain::CheckEnd::kIneligible;
    case v1::OUTCOME_NOT_FOUND:
      return domain::CheckEnd::kNotFound;
    case v1::OUTCOME_NOT_REGISTERED:
      return domain::CheckEnd::kNotRegistered;
    case v1::OUTCOME_CERTIFICATE_EXPIRED:
      return domain::CheckEnd::kCertificateExpired;
    case v1::OUTCOME_CERTIFICATE_REVOKED:
      return domain::CheckEnd::kCertificateRevoked;
    case v1::OUTCOME_DOCUMENT_ACCEPTED:
      return domain::CheckEnd::kDocumentAccepted;
    case v1::OUTCOME_DOCUMENT_REFUSED:
      return domain::CheckEnd::kDocumentRefused;
    default:
      return domain::CheckEnd::kError;
  }
}

domain::CheckFacts FromState(const CounterState& s) {
  domain::CheckFacts f;
  f.card_read_failures = s.card_read_failures;
  f.pin_tries_left = s.pin_tries_left;
  f.visual_allowed = s.visual_allowed;
  f.reader_compliant = s.reader_compliant;
  // Offline, no allowance can arrive: the rule then leads to the documents, not to a wait.
  f.manager_allowance_available = s.hq_reachable;
  f.manager_allowance_granted = s.allowance.has_value();
  return f;
}

}  // namespace

domain::CheckFacts FactsForResult(const v1::CheckResult& r, const CounterState& state) {
  domain::CheckFacts f = FromState(state);
  f.end = EndOf(r.outcome());
  f.error_reason = r.error_reason();
  f.today = CheckDateInJapan(r);
  if (r.outcome() == v1::OUTCOME_INELIGIBLE) {
    const std::string today = domain::FormatIso(f.today);
    for (const auto& other : r.eligibility().other_records()) {
      f.new_qualification_valid |= domain::CoversDay(other.valid_from(), other.valid_to(),
                                                     other.disqualification_date(), today);
    }
  }
  f.certificate_in_grace = r.certificate_in_grace();
  if (auto d = domain::ParseIsoDate(r.certificate_not_after()); d.ok()) {
    f.certificate_not_after = *d;
  }
  // A card answer on a reader that passed extended APDUs proves the reader, whatever the
  // window remembered.
  if (r.source() == v1::CHECK_SOURCE_CARD && r.reader().extended_apdu()) {
    f.reader_compliant = true;
  }
  return f;
}

domain::CheckFacts FactsForError(const std::string& reason, const CounterState& state) {
  domain::CheckFacts f = FromState(state);
  f.end = domain::CheckEnd::kError;
  f.error_reason = reason;
  return f;
}

QString NextStepText::Sentence(const domain::NextStep& step, const domain::CheckFacts& facts,
                               const v1::VisualAllowance* allowance) {
  using S = domain::NextStepId;
  switch (step.id) {
    case S::kProceed:
      return tr("The check is done. Continue with the patient's reception.");
    case S::kProceedConfirmInsurer:
      return tr(
          "Several insurances were found. Ask the patient which one applies today, then "
          "continue with the reception.");
    case S::kProceedRenewCertificate: {
      if (facts.certificate_not_after) {
        const domain::Date last =
            domain::ClassifyCertificateExpiry(*facts.certificate_not_after, facts.today)
                .grace_last_day;
        return tr("Continue with the reception, and tell the patient that the card's certificate "
                  "has expired: it works only until %1, so they should renew it at the city "
                  "office.")
            .arg(Labels::Date(domain::FormatIso(last)));
      }
      return tr(
          "Continue with the reception, and tell the patient that the card's certificate "
          "has expired and should be renewed at the city office soon.");
    }
    case S::kCertificateBeyondGrace:
      return tr(
          "The card's certificate can no longer be used. Confirm with the eligibility "
          "certificate, or the card with the Mynaportal screen or the eligibility notice, "
          "and tell the patient to renew the certificate at the city office.");
    case S::kCardRetry:
      return tr(
          "Wipe the card's gold contacts, take it out of its case or holder, place it flat "
          "on the reader and read it again.");
    case S::kCardDocuments:
      return tr(
          "The card cannot be read. Confirm with the Mynaportal screen (or its PDF) or the "
          "eligibility notice, together with the card.");
    case S::kPlaceCard:
      return tr("Place the card on the reader and leave it there until the result appears.");
    case S::kPinRetry:
      return tr("Ask the patient to enter the PIN again, slowly.");
    case S::kPinVisual:
      return tr(
          "The PIN cannot be used. Switch to the visual check and compare the patient with "
          "the card's photo.");
    case S::kPinManager:
      return tr(
          "Waiting for the branch manager's permission. The PIN cannot be used and HQ does not "
          "allow the visual check here: ask the branch manager to allow one visual check for "
          "this terminal in the console (who allowed it and why is recorded). Meanwhile a "
          "document can be used (F6).");
    case S::kPinManagerAllowed:
      return tr("The branch manager allowed the visual check once (reason: %1; allowed by %2). "
                "Compare the patient with the card's photo, then read the card.")
          .arg(allowance ? QString::fromStdString(allowance->reason()) : QString(),
               allowance ? QString::fromStdString(allowance->granted_by()) : QString());
    case S::kPinDocuments:
      return tr(
          "The PIN cannot be used and HQ does not allow the visual check here. Confirm "
          "with the Mynaportal screen or the eligibility notice, together with the card.");
    case S::kNoRecordDocuments:
      // Not registered as a health insurance card is not "no insurance": the patient is most
      // likely insured and was sent an eligibility certificate (a domain review).
      if (facts.end == domain::CheckEnd::kNotRegistered) {
        return tr(
            "This card is not registered for use as a health insurance card. Ask for the "
            "eligibility certificate the patient was sent, or another document; the patient can "
            "register the card later, for example on Mynaportal.");
      }
      return tr(
          "No valid insurance was found online. Ask for the eligibility certificate or "
          "another document; if the patient has none, the declaration of insured status "
          "is the last resort.");
    case S::kProceedNewQualification:
      return tr(
          "The insurance asked about has ended, and the answer names the patient's new one "
          "(under \"Other records\"). Confirm it with the patient and continue the reception "
          "with it.");
    case S::kDocumentRetype:
      return tr(
          "What was typed could not be recorded (see above). Open the document form "
          "again and correct it; the document itself was not judged.");
    case S::kDocumentAnother:
      return tr(
          "Ask for another document (eligibility certificate, or the card with the "
          "Mynaportal screen or the eligibility notice); the declaration of insured status "
          "is the last resort.");
    case S::kReaderNotCompliant:
      return tr(
          "This reader cannot read My Number Cards (no extended APDU). Tell HQ, who also "
          "see it on the reader report; until it is replaced, confirm with a document.");
    case S::kReaderMissing:
      return tr("Check the reader's USB cable, then read the card again.");
    case S::kServiceDocuments:
      return tr(
          "The online check could not be done. Confirm with the Mynaportal screen (or its "
          "PDF) or the eligibility notice, together with the card.");
    case S::kTryAgain:
      break;
  }
  return tr("Start the check again.");
}

QString NextStepText::Button(domain::NextAction action) {
  using A = domain::NextAction;
  switch (action) {
    case A::kNextPatient:
      return tr("Next patient");
    case A::kRetry:
      return tr("Read the card again");
    case A::kVisualCheck:
      return tr("Read with the visual check");
    case A::kManagerAllowance:
      return tr("Read with the visual check (once)");
    case A::kDocument:
      return tr("Confirm with a document (F6)");
  }
  return QString();
}

}  // namespace kakunin::station
