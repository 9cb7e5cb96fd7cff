#pragma once
// What staff do next after a check ends, in one sentence and one button (issue 19). The order of
// fallbacks comes from the seeds: try the card again → マイナポータル screen or 資格情報のお知らせ
// with the card (何らかの事情でオンライン資格確認を行えなかった場合) → 資格確認書 →
// 被保険者資格申立書 as the last resort. No step ever turns a patient away: refusing a patient who
// brings a 資格確認書 is unlawful, so every dead end leads to a document.
//
// Pure: the station maps the step id to translated words and the action to a button.

#include <optional>
#include <string_view>

#include "common/domain/date.h"

namespace kakunin::domain {

// How the check ended, as the result's outcome says (kakunin.v1.Outcome without the proto).
enum class CheckEnd {
  kEligible,            // 資格有効
  kMultiple,            // 複数資格
  kIneligible,          // 資格喪失 / 資格無効
  kNotFound,            // 該当資格なし
  kNotRegistered,       // マイナ保険証未登録
  kCertificateExpired,  // the service refused an expired certificate
  kCertificateRevoked,  // 電子証明書の失効
  kDocumentAccepted,    // a fallback document was recorded and is valid
  kDocumentRefused,     // a fallback document is not valid on that date
  kError,               // no answer: see error_reason
};

// Everything the rule looks at. The station fills it from the result (or the daemon's error),
// its status and the visit's count of failed reads.
struct CheckFacts {
  CheckEnd end = CheckEnd::kError;
  std::string_view error_reason;              // the daemon's reason id ("card.unreadable", …)
  int card_read_failures = 0;                 // failed reads in this visit, this one included
  std::optional<Date> certificate_not_after;  // the card's user-auth certificate expiry
  bool certificate_in_grace = false;          // the service said: expired, still accepted
  Date today;                                 // Japan's civil date of the check
  int pin_tries_left = -1;                    // -1 unknown
  bool visual_allowed = false;                // HQ's policy lets staff switch to 目視確認 here
  // The branch manager's one-time 目視確認 (common/domain/visual_allowance.h): it can reach
  // this terminal (connected to HQ), and one has arrived and is still usable.
  bool manager_allowance_available = false;
  bool manager_allowance_granted = false;
  bool reader_compliant = true;  // extended APDUs (拡張Lc/Le) supported
  // 資格無効, and the same answer names another qualification valid on the day (validity 3).
  bool new_qualification_valid = false;
};

// The one button under the sentence.
enum class NextAction {
  kNextPatient,       // the check is done: clear it and serve the next patient
  kRetry,             // start the same check again (PIN mode opens the PIN pad)
  kVisualCheck,       // switch to 目視確認 and read the card again
  kManagerAllowance,  // 目視確認 with the branch manager's one-time allowance (usable once it
                      // has arrived; who allowed it and why is recorded)
  kDocument,          // open the documents route (F6)
};

// Stable ids; the station maps each to one translated sentence.
enum class NextStepId {
  kProceed,                  // eligible (or document accepted): proceed
  kProceedConfirmInsurer,    // 複数資格: proceed, asking which insurance applies today
  kProceedRenewCertificate,  // certificate expired, within the grace: proceed, tell to renew
  kCertificateBeyondGrace,   // certificate expired beyond the grace (or revoked): documents
  kCardRetry,                // card not read: clean contacts, take it out of its case, retry
  kCardDocuments,            // card not read 3 times: documents
  kPlaceCard,                // no card on the reader, or it left during the check: retry
  kPinRetry,                 // wrong PIN with tries to spare
  kPinVisual,                // PIN locked or one try left: 目視確認 (HQ allows it)
  kPinManager,               // … HQ does not: wait for the branch manager's one-time allowance
  kPinManagerAllowed,        // … the branch manager allowed it once: 目視確認 now
  kPinDocuments,             // … neither: documents
  kNoRecordDocuments,   // 資格無効 / no record: 資格確認書 or a document; 申立書 last
  kDocumentAnother,     // the document was not valid: another one; 申立書 last
  kReaderNotCompliant,  // tell HQ (reader-compliance report), documents meanwhile
  kReaderMissing,       // connect the reader and try again
  kServiceDocuments,    // the service or terminal did not answer: documents
  kTryAgain,            // busy, cancelled or took too long: try again
  kDocumentRetype,      // what was typed for a document was refused: type it again
  kProceedNewQualification,  // 資格無効, but the answer names a new qualification valid today
                             // (QualificationValidity 3): proceed with it after asking
};

// Read failures that cleaning, uncasing and re-placing the card can fix; they count towards the
// documents route.
inline constexpr int kCardReadFailuresBeforeDocuments = 3;

struct NextStep {
  NextStepId id = NextStepId::kTryAgain;
  NextAction action = NextAction::kRetry;
};

// True for the daemon's reasons that mean "the card was there but could not be read".
bool IsCardReadFailure(std::string_view error_reason);

NextStep DecideNextStep(const CheckFacts& facts);

// "proceed", "card_retry", … for logs and tests.
std::string_view NextStepName(NextStepId id);

}  // namespace kakunin::domain
