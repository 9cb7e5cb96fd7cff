// Proves the counter's next step for every way a check can end: one table, one row per
// outcome (with the grace period's edge days and the third failed read), and that no step
// leaves staff without a way to serve the patient.
#include "common/domain/next_step.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::domain {
namespace {

constexpr Date kExpiry{2025, 11, 30};  // the grace runs through 2026-02-28

struct Case {
  const char* name;
  CheckFacts facts;
  NextStepId id;
  NextAction action;
};

CheckFacts Ended(CheckEnd end, Date today = {2025, 6, 1}) {
  CheckFacts f;
  f.end = end;
  f.today = today;
  f.certificate_not_after = kExpiry;
  return f;
}

CheckFacts Failed(std::string_view reason, int read_failures = 1) {
  CheckFacts f = Ended(CheckEnd::kError);
  f.error_reason = reason;
  f.card_read_failures = read_failures;
  return f;
}

CheckFacts Pin(std::string_view reason, int tries, bool visual, bool manager = false) {
  CheckFacts f = Failed(reason, 0);
  f.pin_tries_left = tries;
  f.visual_allowed = visual;
  f.manager_allowance_available = manager;
  return f;
}

// Where HQ forbids switching: the branch manager's one-time allowance has arrived.
CheckFacts PinAllowed(std::string_view reason, int tries, bool reachable = true) {
  CheckFacts f = Pin(reason, tries, false, reachable);
  f.manager_allowance_granted = true;
  return f;
}

CheckFacts NewQualification() {
  CheckFacts f = Ended(CheckEnd::kIneligible);
  f.new_qualification_valid = true;
  return f;
}

CheckFacts NotCompliant() {
  CheckFacts f = Failed("card.reader_not_compliant", 0);
  f.reader_compliant = false;
  return f;
}

TEST(NextStepTest, EveryOutcomeHasOneStep) {
  using A = NextAction;
  using S = NextStepId;
  const Case cases[] = {
      {"eligible", Ended(CheckEnd::kEligible), S::kProceed, A::kNextPatient},
      {"multiple", Ended(CheckEnd::kMultiple), S::kProceedConfirmInsurer, A::kNextPatient},
      {"ineligible, a new qualification named", NewQualification(), S::kProceedNewQualification,
       A::kNextPatient},
      {"document accepted", Ended(CheckEnd::kDocumentAccepted), S::kProceed, A::kNextPatient},
      // The certificate's grace, on its edge days.
      {"certificate last valid day", Ended(CheckEnd::kEligible, {2025, 11, 30}), S::kProceed,
       A::kNextPatient},
      {"grace first day", Ended(CheckEnd::kEligible, {2025, 12, 1}), S::kProceedRenewCertificate,
       A::kNextPatient},
      {"grace last day", Ended(CheckEnd::kEligible, {2026, 2, 28}), S::kProceedRenewCertificate,
       A::kNextPatient},
      {"day after grace, service refused", Ended(CheckEnd::kCertificateExpired, {2026, 3, 1}),
       S::kCertificateBeyondGrace, A::kDocument},
      {"certificate revoked", Ended(CheckEnd::kCertificateRevoked), S::kCertificateBeyondGrace,
       A::kDocument},
      // Card not read: retry twice, the third failure offers the documents.
      {"card not read once", Failed("card.unreadable", 1), S::kCardRetry, A::kRetry},
      {"card not read twice", Failed("card.bad_certificate", 2), S::kCardRetry, A::kRetry},
      {"card not read 3 times", Failed("card.transmit_failed", 3), S::kCardDocuments, A::kDocument},
      {"card stopped answering 4 times", Failed("card.not_answering", 4), S::kCardDocuments,
       A::kDocument},
      {"no certificate on the card", Failed("card.jpki_missing"), S::kCardDocuments, A::kDocument},
      {"no card placed", Failed("card.no_card", 0), S::kPlaceCard, A::kRetry},
      {"card removed", Failed("card.removed", 0), S::kPlaceCard, A::kRetry},
      // PIN: locked or one try left → 目視 if HQ allows, else the manager, else documents.
      {"pin wrong, 2 left", Pin("card.pin_wrong", 2, true), S::kPinRetry, A::kRetry},
      {"pin wrong, 1 left, visual allowed", Pin("card.pin_wrong", 1, true), S::kPinVisual,
       A::kVisualCheck},
      {"pin guard, visual allowed", Pin("card.pin_guard", 1, true), S::kPinVisual, A::kVisualCheck},
      {"pin locked, visual allowed", Pin("card.pin_locked", 0, true), S::kPinVisual,
       A::kVisualCheck},
      {"pin locked, manager", Pin("card.pin_locked", 0, false, true), S::kPinManager,
       A::kManagerAllowance},
      {"pin guard, manager", Pin("card.pin_guard", 1, false, true), S::kPinManager,
       A::kManagerAllowance},
      {"pin locked, no way but documents", Pin("card.pin_locked", 0, false), S::kPinDocuments,
       A::kDocument},
      // The branch manager's one-time 目視確認 arrived: proceed with it (even if HQ is out of
      // reach now); HQ's own permission to switch still comes first.
      {"pin locked, manager allowed", PinAllowed("card.pin_locked", 0), S::kPinManagerAllowed,
       A::kManagerAllowance},
      {"pin wrong, 1 left, manager allowed", PinAllowed("card.pin_wrong", 1), S::kPinManagerAllowed,
       A::kManagerAllowance},
      {"pin guard, manager allowed, HQ unreachable", PinAllowed("card.pin_guard", 1, false),
       S::kPinManagerAllowed, A::kManagerAllowance},
      {"pin wrong, 2 left, manager allowed", PinAllowed("card.pin_wrong", 2), S::kPinRetry,
       A::kRetry},
      // 資格無効 / no record: documents (資格確認書 first, 申立書 last).
      {"ineligible", Ended(CheckEnd::kIneligible), S::kNoRecordDocuments, A::kDocument},
      {"not found", Ended(CheckEnd::kNotFound), S::kNoRecordDocuments, A::kDocument},
      {"not registered", Ended(CheckEnd::kNotRegistered), S::kNoRecordDocuments, A::kDocument},
      {"document refused", Ended(CheckEnd::kDocumentRefused), S::kDocumentAnother, A::kDocument},
      {"document typed wrong", Failed("document.bad_text"), S::kDocumentRetype, A::kDocument},
      {"document too long", Failed("document.text_too_long"), S::kDocumentRetype, A::kDocument},
      // The reader and the service.
      {"reader not compliant", NotCompliant(), S::kReaderNotCompliant, A::kDocument},
      {"no reader", Failed("card.no_reader", 0), S::kReaderMissing, A::kRetry},
      {"service down", Failed("eligibility.unavailable", 0), S::kServiceDocuments, A::kDocument},
      {"terminal timeout", Failed("xml.timeout", 0), S::kServiceDocuments, A::kDocument},
      {"busy", Failed("reader.busy", 0), S::kTryAgain, A::kRetry},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const NextStep step = DecideNextStep(c.facts);
    EXPECT_EQ(NextStepName(step.id), NextStepName(c.id));
    EXPECT_EQ(static_cast<int>(step.action), static_cast<int>(c.action));
  }
}

// The service's flag decides when the answer carries no readable certificate date.
TEST(NextStepTest, GraceFlagWithoutDate) {
  CheckFacts f = Ended(CheckEnd::kEligible);
  f.certificate_not_after.reset();
  EXPECT_EQ(DecideNextStep(f).id, NextStepId::kProceed);
  f.certificate_in_grace = true;
  EXPECT_EQ(DecideNextStep(f).id, NextStepId::kProceedRenewCertificate);
}

// A reader the probe found non-compliant explains any failure on it before anything else.
TEST(NextStepTest, NonCompliantReaderComesFirst) {
  CheckFacts f = Failed("card.unreadable", 3);
  f.reader_compliant = false;
  EXPECT_EQ(DecideNextStep(f).id, NextStepId::kReaderNotCompliant);
}

TEST(NextStepTest, EveryStepHasAName) {
  for (int i = 0; i <= static_cast<int>(NextStepId::kProceedNewQualification); ++i) {  // the last
    EXPECT_NE(NextStepName(static_cast<NextStepId>(i)), "unknown") << i;
  }
}

TEST(NextStepTest, ReadFailuresAreCardFaultsOnly) {
  EXPECT_TRUE(IsCardReadFailure("card.unreadable"));
  EXPECT_TRUE(IsCardReadFailure("card.not_answering"));
  EXPECT_FALSE(IsCardReadFailure("card.no_card"));
  EXPECT_FALSE(IsCardReadFailure("card.pin_wrong"));
  EXPECT_FALSE(IsCardReadFailure("card.reader_not_compliant"));
  EXPECT_FALSE(IsCardReadFailure(""));
}

}  // namespace
}  // namespace kakunin::domain
