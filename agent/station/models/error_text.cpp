#include "agent/station/models/error_text.h"

namespace kakunin::station {

namespace {
bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

QString ErrorText::SwitchToVisual(bool may_switch) {
  return may_switch ? tr("Switch to the visual check (F3) and compare the patient with the "
                         "card's photo.")
                    : tr("HQ's setting does not let this terminal switch to the visual check: "
                         "ask your administrator, or confirm with a document (F6).");
}

bool ErrorText::ForCard(const std::string& r, int tries, bool may_switch, ErrorAdvice* out) {
  if (r == "card.pin_wrong") {
    out->pin_related = true;
    // One try left is never sent (domain::MaySendVerify): asking for it again would contradict
    // the guard the next try meets (a domain review).
    if (tries == 1) {
      out->text = tr("The PIN is wrong, and only one try is left: it is not used here, as one "
                     "more mistake would lock the card. ") +
                  SwitchToVisual(may_switch);
    } else {
      out->text = tries >= 0 ? tr("The PIN is wrong. %n try(s) left. Ask the patient to enter "
                                  "it again slowly.",
                                  "", tries)
                             : tr("The PIN is wrong. Ask the patient to enter it again slowly.");
    }
    out->suggest_visual = tries == 1;
  } else if (r == "card.pin_guard" || r == "card.pin_last_try") {
    out->pin_related = out->suggest_visual = true;
    out->text = tr("Only one PIN try is left, so the PIN was not sent: one more mistake would "
                   "lock the card. ") +
                SwitchToVisual(may_switch);
  } else if (r == "card.not_answering") {
    out->text =
        tr("The card stopped answering. Take it off the reader, wait a moment, and put it back. If "
           "it happens again, clean the contacts or use another reader.");
  } else if (r == "card.pin_locked") {
    out->pin_related = out->suggest_visual = true;
    out->text = tr("The card's PIN is locked. Only the city office can unlock it; tell the "
                   "patient. ") +
                SwitchToVisual(may_switch);
  } else if (r == "pin.fullwidth") {
    out->pin_related = true;
    out->text =
        tr("The PIN was typed in full-width digits. Switch the input to half-width and "
           "ask the patient to enter it again.");
  } else if (r == "card.pin_format" || StartsWith(r, "pin.")) {
    out->pin_related = true;
    out->text = tr("The PIN has exactly 4 digits. Ask the patient to enter it again.");
  } else if (r == "card.jpki_missing") {
    out->suggest_document = true;
    out->text =
        tr("This card has no electronic certificate (or is not a My Number Card). "
           "Confirm with a document (F6).");
  } else if (r == "card.unreadable" || r == "card.bad_certificate" ||
             r == "card.certificate_truncated" || r == "card.bad_response" ||
             r == "card.unexpected_sw" || r == "card.unexpected_status_word" ||
             r == "card.unresponsive" || r == "card.transmit_failed" || r == "card.file_missing" ||
             r == "card.bad_tlv" || r == "card.bad_signature" || r == "card.not_verified") {
    out->suggest_document = true;
    out->text =
        tr("The card cannot be read. Place it flat on the reader again (away from metal "
           "and without a case). If it fails again, confirm with the Mynaportal screen "
           "or the eligibility notice (F6).");
  } else if (r == "card.unsupported") {
    // PC/SC's "card unsupported": no T=1, so not a My Number Card, or a reader that cannot talk
    // to one.
    out->suggest_document = true;
    out->text =
        tr("This is not a My Number Card, or a card this reader cannot read. Check the card; "
           "if it is a My Number Card, confirm with a document (F6).");
  } else {
    return false;
  }
  return true;
}

bool ErrorText::ForReader(const std::string& r, ErrorAdvice* out) {
  out->reader_fault = true;
  if (r == "card.reader_not_compliant") {
    out->suggest_document = true;
    out->text =
        tr("The reader does not support extended APDUs. Replace it with a compliant "
           "reader. Until then, confirm with a document (F6).");
  } else if (r == "card.no_reader" || r == "card.reader_gone") {
    out->text = tr("No card reader is connected. Check the reader's USB cable, then try again.");
  } else if (r == "card.no_service") {
    out->text =
        tr("The card service of this terminal is not running. Restart the terminal; if "
           "it goes on, call your administrator.");
  } else if (r == "card.no_card" || r == "card.timeout" || r == "check.no_card") {
    out->reader_fault = false;
    out->text = tr("No card was placed. Place the card on the reader and start again (Enter).");
  } else if (r == "card.removed" || r == "card.reset") {
    out->reader_fault = false;
    out->text =
        tr("The card left the reader during the check. Keep it on the reader until the "
           "result appears, and start again (Enter).");
  } else if (r == "card.pcsc_error") {
    out->text =
        tr("The card reader reported an unexpected error. Take the card off, unplug the reader's "
           "USB cable and plug it in again, then try again. If it goes on, call your "
           "administrator.");
  } else if (r == "card.busy" || r == "reader.busy" || r == "agent.busy") {
    out->reader_fault = false;
    out->text =
        tr("The reader is being used by another check. Wait until it ends, then start "
           "again.");
  } else {
    out->reader_fault = false;
    return false;
  }
  return true;
}

// The on-site 資格確認端末's folders (terminal-files route).
bool ErrorText::ForTerminalFiles(const std::string& r, ErrorAdvice* out) {
  if (r == "xml.timeout") {
    out->suggest_document = true;
    out->text =
        tr("The on-site eligibility terminal did not answer in time. Its answer is recorded "
           "when it comes. Check that the terminal is on, or confirm with a document (F6).");
  } else if (r == "xml.terminal_error") {
    out->suggest_document = true;
    out->text =
        tr("The on-site eligibility terminal answered with an error. Check the entries and the "
           "terminal's screen; if it happens again, confirm with a document (F6).");
  } else if (r == "xml.folder_missing") {
    out->text =
        tr("The on-site eligibility terminal's shared folder cannot be reached. Check that the "
           "terminal is on and its folder is connected, then try again.");
  } else if (r == "xml.too_large" || r == "xml.malformed" || r == "xml.bad_value" ||
             r == "xml.wrong_encoding" || r == "xml.missing_field") {
    out->suggest_document = true;
    out->text =
        tr("The on-site terminal's answer could not be used (it was kept for the administrator). "
           "Try again; if it fails again, confirm with a document (F6).");
  } else if (r == "xml.processing") {
    out->text =
        tr("The on-site eligibility terminal is still working on the request. Wait a moment, "
           "then try again.");
  } else if (r == "xml.card_query_unsupported") {
    out->text =
        tr("At this site the face-recognition card reader reads the cards, and its results "
           "appear here by themselves. Use this terminal for re-inquiries and documents.");
  } else {
    return false;
  }
  return true;
}

bool ErrorText::ForService(const std::string& r, ErrorAdvice* out) {
  if (ForTerminalFiles(r, out)) return true;
  if (StartsWith(r, "date.")) {
    // The 再照会's birth date and a document's dates.
    out->text = tr("A date is not valid. Check the dates entered (year, month and day).");
  } else if (r == "institution_code.invalid_format") {
    out->suggest_document = true;
    out->text =
        tr("This terminal's institution code (医療機関等コード) from HQ is not valid, so the "
           "service cannot be asked. Call HQ; until then, confirm with a document (F6).");
  } else if (r == "eligibility.not_configured") {
    // Waiting does not help here: the terminal's settings need HQ.
    out->suggest_document = true;
    out->text =
        tr("This terminal has no eligibility service set up. Call HQ; until then, confirm "
           "with a document (F6).");
  } else if (StartsWith(r, "eligibility.") || StartsWith(r, "xml.") || StartsWith(r, "oqs.") ||
             r == "check.no_service") {
    out->suggest_document = true;
    out->text =
        tr("The eligibility service did not answer. Confirm with the Mynaportal screen "
           "or the eligibility notice and the card (F6), and try again later.");
  } else if (r == "mode.override_not_allowed") {
    out->suggest_document = true;
    out->text =
        tr("HQ's setting does not allow this identity mode at this terminal. Use the mode "
           "HQ set, or confirm with a document (F6).");
  } else if (StartsWith(r, "allowance.")) {
    // Issue 19: the branch manager's one-time 目視確認 could not be used (expired, already used,
    // replaced): a new one, or the documents.
    out->suggest_document = true;
    out->text =
        r == "allowance.expired"
            ? tr("The branch manager's permission has expired unused. Ask the branch manager "
                 "again, or confirm with a document (F6).")
            : tr("The branch manager's permission can no longer be used (it was used once "
                 "already, or replaced). Ask the branch manager again, or confirm with a "
                 "document (F6).");
  } else if (r == "route.not_allowed") {
    out->text =
        tr("HQ does not allow this route at this site. Choose another route (F4) or ask "
           "your administrator.");
  } else if (r == "agent.not_enrolled") {
    out->text = tr("This terminal is not registered with HQ. Call your administrator.");
  } else if (StartsWith(r, "outbox.") || StartsWith(r, "agent.")) {
    out->text =
        tr("The terminal could not save the result. Do not repeat the check; call your "
           "administrator.");
  } else if (StartsWith(r, "document.")) {
    out->suggest_document = true;
    out->text = ForDocument(r);
  } else if (StartsWith(r, "visit.")) {
    out->text = ForVisit(r);
  } else if (StartsWith(r, "insurer_number.")) {
    out->text = tr("The insurer number is not correct. Look at the document and enter it again.");
  } else {
    return false;
  }
  return true;
}

// The home-visit rules (common/domain/visits.cpp) refusing a re-inquiry: why, and the card.
QString ErrorText::ForVisit(const std::string& r) {
  if (r == "visit.no_first_visit_check") {
    return tr(
        "This terminal has no record of the card check at the first visit, so a re-inquiry is "
        "not possible. Confirm with the My Number Card.");
  }
  if (r == "visit.first_visit_without_consent") {
    return tr(
        "At the first visit the card was checked but the patient's consent was not recorded, "
        "so a re-inquiry is not possible. Confirm with the My Number Card and ask for consent.");
  }
  if (r == "visit.recheck_before_first_visit") {
    return tr(
        "The first visit is recorded after today, so a re-inquiry is not possible. Check the "
        "terminal's date, and confirm with the My Number Card.");
  }
  if (r == "visit.relationship_ended") {
    return tr(
        "The regular home visits for this patient are recorded as ended, so a re-inquiry is "
        "not possible. Confirm with the My Number Card.");
  }
  if (r == "visit.house_call_needs_card_check") {
    return tr(
        "A one-off house call (往診) needs the card check every time. Confirm with the My "
        "Number Card.");
  }
  if (r == "visit.before_consent" || r == "visit.consent_window_over") {
    return tr(
        "The patient's consent does not cover this inquiry (it is before the consent, or after "
        "the day following the consultation). Confirm with the My Number Card.");
  }
  return tr(
      "A re-inquiry is possible only for the later visits of a regular home visit. Confirm with "
      "the My Number Card.");
}

ErrorAdvice ErrorText::ForCode(const std::string& r, ErrorCode code) {
  ErrorAdvice a;
  if (code == ErrorCode::kCancelled) {
    a.text = tr("The check was cancelled.");
  } else if (code == ErrorCode::kDeadlineExceeded) {
    a.text = tr("The check took too long and was stopped. Start again (Enter).");
  } else if (r == "local.permission_denied") {
    a.text =
        tr("This computer account may not use the check service. Ask your administrator to add "
           "it to the kakunin-agent group, then log out and in again.");
  } else if (code == ErrorCode::kUnavailable && StartsWith(r, "local.")) {
    a.text =
        tr("The check service of this terminal is not answering. Wait a moment; if this "
           "stays, restart the terminal or call your administrator.");
  } else if (code == ErrorCode::kInvalidArgument) {
    // The reason id stays out of the sentence: the result's support details carry it.
    a.text = tr("Some entries are not valid. Check them and try again.");
  } else {
    a.suggest_document = true;
    a.text =
        tr("The check could not be completed. Try again; if it fails again, confirm with a "
           "document (F6) and call your administrator.");
  }
  return a;
}

ErrorAdvice ErrorText::For(const std::string& reason, ErrorCode code, int tries, bool may_switch) {
  ErrorAdvice a;
  if (ForCard(reason, tries, may_switch, &a) || ForReader(reason, &a) || ForService(reason, &a)) {
    return a;
  }
  return ForCode(reason, code);
}

ErrorAdvice ErrorText::For(const Error& e, int tries, bool may_switch) {
  return For(e.reason(), e.code(), tries, may_switch);
}

ErrorAdvice ErrorText::ForResult(const v1::CheckResult& r, bool may_switch) {
  if (r.outcome() == v1::OUTCOME_DOCUMENT_REFUSED) {
    ErrorAdvice a;
    a.suggest_document = true;
    a.text = ForDocument(r.error_reason());
    return a;
  }
  return For(r.error_reason(), ErrorCode::kUnavailable, -1, may_switch);
}

QString ErrorText::ForDocument(const std::string& r) {
  if (r == "document.expired") {
    return tr(
        "The document has expired. Ask for another document (Mynaportal screen, "
        "eligibility notice with the card).");
  }
  if (r == "document.legacy_card_abolished") {
    return tr(
        "Legacy health insurance cards are no longer valid (last day 2025-12-01). Ask for "
        "the eligibility certificate or the card with the Mynaportal screen.");
  }
  if (r == "document.expiry_missing") return tr("Enter the expiry date printed on the document.");
  if (r == "document.text_too_long") {
    return tr(
        "An entry is too long: the note takes at most about 340 full-width characters, the "
        "symbol and number about 26.");
  }
  if (r == "document.bad_text") {
    return tr("An entry has a line break or a control character. Write each on one line.");
  }
  if (r == "document.beyond_max_validity") {
    return tr(
        "The expiry is more than 5 years after the issue date. Check both dates on the "
        "document.");
  }
  if (r == "document.notice_needs_card") {
    return tr(
        "The eligibility notice is valid only together with the My Number Card. Ask for "
        "the card as well.");
  }
  if (r == "document.concession_ended") {
    return tr(
        "The temporary concession has ended. Ask for the My Number Card with the "
        "notice, or the eligibility certificate.");
  }
  return tr(
      "The document could not be accepted. Ask for another document; never turn the patient "
      "away.");
}

}  // namespace kakunin::station
