// JpkiCard against the fake card: exact command bytes of the JPKI protocol, the PIN retry
// query spending nothing, VERIFY outcomes, signing, and the chunked diagnostic read.

#include "agent/card/jpki.h"

#include <gtest/gtest.h>

#include "agent/card/tests/fake_card.h"

namespace kakunin::card {
namespace {

using testing::FakeJpkiCard;

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

struct JpkiFixture : ::testing::Test {
  FakeJpkiCard fake;
  ApduChannel channel{fake};
  JpkiCard card{channel};
};

TEST_F(JpkiFixture, SendsThePublishedCommandBytes) {
  ASSERT_TRUE(card.SelectApplication().ok());
  ASSERT_TRUE(card.SelectFile(kEfUserAuthCertificate).ok());
  auto read = card.ReadBinaryExtended();
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(fake.commands.size(), 3u);
  EXPECT_EQ(fake.commands[0], Hex("00A4040C0AD392F000260100000001"));
  EXPECT_EQ(fake.commands[1], Hex("00A4020C02000A"));
  EXPECT_EQ(fake.commands[2], Hex("00B00000000000"));
  EXPECT_EQ(ExtractCertificate(read->data).value(), testing::Credentials().certificate_der);
}

TEST_F(JpkiFixture, MissingApplicationIsReported) {
  fake.has_jpki = false;
  Status s = card.SelectApplication();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "card.jpki_missing");
}

TEST_F(JpkiFixture, PinQuerySpendsNoTry) {
  ASSERT_TRUE(card.SelectApplication().ok());
  auto status = card.QueryPinStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->tries_left, 3);
  EXPECT_EQ(fake.tries_left, 3);
  EXPECT_EQ(fake.commands.back(), Hex("00200080"));
}

TEST_F(JpkiFixture, VerifyOutcomes) {
  ASSERT_TRUE(card.SelectApplication().ok());
  ASSERT_TRUE(card.QueryPinStatus().ok());
  std::optional<int> tries;
  Status wrong = card.VerifyPin("9999", &tries);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason(), "card.pin_wrong");
  EXPECT_EQ(tries, 2);
  EXPECT_EQ(wrong.error().message().find("9999"), std::string::npos);
  EXPECT_EQ(fake.commands.back(), Hex("002000800439393939"));
  ASSERT_TRUE(card.VerifyPin("1234", &tries).ok());
  EXPECT_EQ(tries, 3);
  fake.tries_left = 1;
  Status last = card.VerifyPin("0000", &tries);
  EXPECT_EQ(last.error().reason(), "card.pin_locked");
  EXPECT_EQ(tries, 0);
}

TEST_F(JpkiFixture, BadPinFormatSendsNothing) {
  std::optional<int> tries;
  for (std::string_view pin : {"", "123", "12345", "12a4", "１２３４", "12 4"}) {
    Status s = card.VerifyPin(pin, &tries);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().reason(), "card.pin_format");
  }
  EXPECT_TRUE(fake.commands.empty());
}

TEST_F(JpkiFixture, SignNeedsVerifiedPin) {
  ASSERT_TRUE(card.SelectApplication().ok());
  auto refused = card.SignDigestInfo(Bytes(51, 1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "card.not_verified");
  const Bytes& sign = fake.commands.back();
  EXPECT_EQ(Bytes(sign.begin(), sign.begin() + 5), Hex("802A008033"));
  EXPECT_EQ(sign.back(), 0x00);
  EXPECT_EQ(sign.size(), 4u + 1u + 51u + 1u);
}

TEST_F(JpkiFixture, ChunkedReadUses256ByteShortCommands) {
  ASSERT_TRUE(card.SelectApplication().ok());
  ASSERT_TRUE(card.SelectFile(kEfUserAuthCertificate).ok());
  auto cert = card.ReadCertificateInChunks();
  ASSERT_TRUE(cert.ok()) << cert.error().ToString();
  EXPECT_EQ(*cert, testing::Credentials().certificate_der);
  EXPECT_EQ(fake.commands[2], Hex("00B0000000"));
  EXPECT_EQ(fake.commands[3], Hex("00B0010000"));
  for (size_t i = 2; i < fake.commands.size(); ++i) EXPECT_EQ(fake.commands[i].size(), 5u);
}

}  // namespace
}  // namespace kakunin::card
