// The reader probe: one extended READ BINARY on a compliant reader; a reader that refuses or
// cuts extended APDUs is told apart from a broken card by the short-read fallback.

#include "agent/card/probe.h"

#include <gtest/gtest.h>

#include "agent/card/tests/fake_card.h"

namespace kakunin::card {
namespace {

using testing::FakeJpkiCard;

Result<ProbeResult> Probe(FakeJpkiCard& fake) {
  ApduChannel channel(fake);
  JpkiCard card(channel);
  return ProbeReader(card);
}

TEST(ProbeTest, CompliantReaderReadsTheCertificateInOneCommand) {
  FakeJpkiCard fake;
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok()) << probe.error().ToString();
  EXPECT_TRUE(probe->extended_apdu);
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kCompliant);
  EXPECT_EQ(probe->certificate, testing::Credentials().certificate_der);
  EXPECT_EQ(fake.commands.size(), 3u);
  EXPECT_EQ(fake.CountIns(0xB0), 1);
}

TEST(ProbeTest, ReaderRefusingExtendedApdusIsNotCompliant) {
  FakeJpkiCard fake;
  fake.extended_supported = false;
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->extended_apdu);
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kReaderNotCompliant);
  EXPECT_NE(probe->detail.find("67 00"), std::string::npos) << probe->detail;
  EXPECT_EQ(probe->certificate, testing::Credentials().certificate_der);
}

TEST(ProbeTest, ReaderCuttingExtendedAnswersIsNotCompliant) {
  FakeJpkiCard fake;
  fake.extended_limit = 256;
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kReaderNotCompliant);
  EXPECT_NE(probe->detail.find("card.certificate_truncated"), std::string::npos);
}

TEST(ProbeTest, ReaderFailingTheTransmitIsNotCompliant) {
  FakeJpkiCard fake;
  fake.intercept = [](ByteView c) -> std::optional<Result<Bytes>> {
    if (c.size() == 7 && c[1] == 0xB0) {
      return MakeError(ErrorCode::kUnavailable, "card.transmit_failed", "too long");
    }
    return std::nullopt;
  };
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kReaderNotCompliant);
}

TEST(ProbeTest, GarbageInBothWaysIsABrokenCard) {
  FakeJpkiCard fake;
  fake.certificate_file = Bytes(600, 0xFF);
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_FALSE(probe->extended_apdu);
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kCardBroken);
  EXPECT_NE(probe->detail.find("card.bad_certificate"), std::string::npos);
}

TEST(ProbeTest, TruncatedDerEverywhereIsABrokenCard) {
  FakeJpkiCard fake;
  // Header announces 0x0800 bytes; the file holds 300.
  fake.certificate_file = Bytes{0x30, 0x82, 0x08, 0x00};
  fake.certificate_file.resize(300, 0x01);
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->diagnosis, ProbeDiagnosis::kCardBroken);
}

TEST(ProbeTest, RemovalIsAnErrorNotADiagnosis) {
  FakeJpkiCard fake;
  fake.intercept = [](ByteView c) -> std::optional<Result<Bytes>> {
    if (c[1] == 0xB0) return MakeError(ErrorCode::kUnavailable, "card.removed", "pulled");
    return std::nullopt;
  };
  auto probe = Probe(fake);
  ASSERT_FALSE(probe.ok());
  EXPECT_EQ(probe.error().reason(), "card.removed");
  EXPECT_EQ(fake.commands.size(), 3u);  // no fallback reads after the card is gone
}

TEST(ProbeTest, GetResponseChainingStillCountsAsTheWholeCertificate) {
  FakeJpkiCard fake;
  fake.get_response_mode = true;
  auto probe = Probe(fake);
  ASSERT_TRUE(probe.ok());
  EXPECT_TRUE(probe->extended_apdu);
  EXPECT_EQ(probe->certificate, testing::Credentials().certificate_der);
}

}  // namespace
}  // namespace kakunin::card
