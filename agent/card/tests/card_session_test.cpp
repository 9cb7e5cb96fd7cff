// The two check flows over the fake card: APDU counts, the PIN format check before any APDU,
// the PIN-lock guard at 1 try left, wrong/locked PIN reporting, and a signature that verifies
// against the card's certificate.

#include "agent/card/card_session.h"

#include <gtest/gtest.h>

#include "agent/card/tests/fake_card.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::card {
namespace {

using testing::FakeJpkiCard;

const Bytes kChallenge = ToBytes("challenge from the eligibility service");

TEST(CardSessionTest, VisualCheckIsThreeApdusAndNoPin) {
  FakeJpkiCard fake;
  CardSession session(fake);
  auto check = session.CheckVisual();
  ASSERT_TRUE(check.ok()) << check.error().ToString();
  EXPECT_EQ(check->mode, IdentityMode::kVisual);
  EXPECT_EQ(check->certificate, testing::Credentials().certificate_der);
  EXPECT_TRUE(check->signature.empty());
  EXPECT_EQ(check->counters.apdus, 3u);
  EXPECT_EQ(fake.CountIns(0x20), 0);
}

TEST(CardSessionTest, PinCheckSignsTheChallengeInEightApdus) {
  FakeJpkiCard fake;
  CardSession session(fake);
  auto check = session.CheckWithPin("1234", kChallenge);
  ASSERT_TRUE(check.ok()) << check.error().ToString();
  EXPECT_EQ(check->counters.apdus, 8u);
  EXPECT_EQ(check->pin_tries_left, 3);
  auto cert = crypto::CertificateFromDer(check->certificate);
  ASSERT_TRUE(cert.ok());
  Status verified =
      crypto::VerifyRsaSha256WithCertificate(cert->get(), kChallenge, check->signature);
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_EQ(session.total_counters().apdus, 8u);
}

TEST(CardSessionTest, BadPinFormatOrChallengeSendsNoApdu) {
  FakeJpkiCard fake;
  CardSession session(fake);
  for (std::string_view pin : {"", "123", "12345", "abcd", "12.4"}) {
    auto check = session.CheckWithPin(pin, kChallenge);
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(check.error().reason(), "card.pin_format");
  }
  EXPECT_EQ(session.CheckWithPin("1234", {}).error().reason(), "card.bad_challenge");
  EXPECT_TRUE(fake.commands.empty());
}

TEST(CardSessionTest, WrongPinReportsTriesLeftAndCountsDown) {
  FakeJpkiCard fake;
  CardSession session(fake);
  auto first = session.CheckWithPin("0000", kChallenge);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().reason(), "card.pin_wrong");
  EXPECT_EQ(first.error().message().find("0000"), std::string::npos);
  EXPECT_EQ(session.pin_tries_left(), 2);
  EXPECT_EQ(fake.tries_left, 2);
}

TEST(CardSessionTest, GuardRefusesVerifyAtOneTryLeft) {
  FakeJpkiCard fake;
  fake.tries_left = 1;
  CardSession session(fake);
  auto check = session.CheckWithPin("1234", kChallenge);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().reason(), "card.pin_guard");
  EXPECT_EQ(check.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(session.pin_tries_left(), 1);
  EXPECT_EQ(fake.VerifyCommandsWithData(), 0);  // the PIN never went to the card
  EXPECT_EQ(fake.tries_left, 1);
  // The visual check still works on the same card.
  EXPECT_TRUE(session.CheckVisual().ok());
}

TEST(CardSessionTest, GuardStopsTheCountdownAtOne) {
  FakeJpkiCard fake;
  CardSession session(fake);
  EXPECT_EQ(session.CheckWithPin("1111", kChallenge).error().reason(), "card.pin_wrong");
  EXPECT_EQ(session.CheckWithPin("2222", kChallenge).error().reason(), "card.pin_wrong");
  EXPECT_EQ(session.pin_tries_left(), 1);
  EXPECT_EQ(session.CheckWithPin("3333", kChallenge).error().reason(), "card.pin_guard");
  EXPECT_EQ(fake.tries_left, 1);
  EXPECT_EQ(fake.VerifyCommandsWithData(), 2);
}

TEST(CardSessionTest, LockedCardIsReportedWithoutVerify) {
  FakeJpkiCard fake;
  fake.tries_left = 0;
  CardSession session(fake);
  auto check = session.CheckWithPin("1234", kChallenge);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().reason(), "card.pin_locked");
  EXPECT_EQ(session.pin_tries_left(), 0);
  EXPECT_EQ(fake.VerifyCommandsWithData(), 0);
}

TEST(CardSessionTest, NonCompliantReaderIsRefusedBeforeThePinIsUsed) {
  FakeJpkiCard fake;
  fake.extended_supported = false;
  CardSession session(fake);
  auto visual = session.CheckVisual();
  ASSERT_FALSE(visual.ok());
  EXPECT_EQ(visual.error().reason(), "card.reader_not_compliant");
  auto pin = session.CheckWithPin("1234", kChallenge);
  ASSERT_FALSE(pin.ok());
  EXPECT_EQ(pin.error().reason(), "card.reader_not_compliant");
  EXPECT_EQ(fake.CountIns(0x20), 0);
}

TEST(CardSessionTest, BrokenCardIsUnreadable) {
  FakeJpkiCard fake;
  fake.certificate_file = {0x30, 0x82};
  CardSession session(fake);
  EXPECT_EQ(session.CheckVisual().error().reason(), "card.unreadable");
}

TEST(CardSessionTest, ForeignCardIsNotAMyNumberCard) {
  FakeJpkiCard fake;
  fake.has_jpki = false;
  CardSession session(fake);
  EXPECT_EQ(session.CheckVisual().error().reason(), "card.jpki_missing");
}

}  // namespace
}  // namespace kakunin::card
