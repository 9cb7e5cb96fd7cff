// The agent's card layer against a REAL pcscd with the vpcd driver and the virtual My Number
// Card (kakunin-vcard): each test starts its own pcscd and card, runs one check flow through
// PcscContext/PcscCard/CardSession, and checks the outcome and the card's own APDU log.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/card/card_info.h"
#include "agent/card/card_info_cli.h"
#include "agent/card/card_session.h"
#include "agent/card/jpki.h"
#include "agent/card/pcsc.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "tests/card/card_test_env.h"

namespace kakunin::card {
namespace {

using itest::CountCommands;
using itest::kPin;

const Bytes kChallenge = ToBytes("nonce from the eligibility service 0001");

#define ASSERT_OK(expr)                                                          \
  do {                                                                           \
    const auto& assert_ok_result_ = (expr);                                      \
    ASSERT_TRUE(assert_ok_result_.ok()) << assert_ok_result_.error().ToString(); \
  } while (0)

// A connected card on the rig's reader, inside a PC/SC transaction.
struct Connection {
  std::unique_ptr<PcscContext> context;
  std::unique_ptr<PcscCard> card;
};

Result<Connection> Connect(const std::string& reader) {
  Connection c;
  KAKUNIN_ASSIGN_OR_RETURN(c.context, PcscContext::Establish());
  KAKUNIN_ASSIGN_OR_RETURN(c.card, c.context->Connect(reader));
  KAKUNIN_RETURN_IF_ERROR(c.card->BeginTransaction());
  return c;
}

// The cost of a check on the wire, for the record (ctest --output-on-failure -V shows it).
void PrintCounters(const char* mode, const ApduCounters& c) {
  std::printf("[ counters ] %s check: %u APDUs, %llu bytes out, %llu bytes in\n", mode, c.apdus,
              static_cast<unsigned long long>(c.bytes_out),
              static_cast<unsigned long long>(c.bytes_in));
}

int ProfileTriesLeft(const std::string& card_json) {
  std::ifstream in(card_json);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str()).value("pin_tries_left", -1);
}

class CardFlowTest : public ::testing::Test {
 protected:
  // Starts pcscd and a card with `tries_left` PIN tries.
  void StartCard(int tries_left = 3, bool extended_apdu = true) {
    auto card = itest::CardCopy(::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                tries_left);
    ASSERT_OK(card);
    card_json_ = *card;
    auto rig = itest::StartRig(card_json_, extended_apdu);
    ASSERT_OK(rig);
    rig_ = std::move(rig).value();
  }
  void TearDown() override {
    // Whatever the test did, the card never saw a forbidden application.
    if (rig_.vcard) {
      EXPECT_FALSE(rig_.vcard->SelectedForbiddenApplication());
    }
  }

  std::string card_json_;
  itest::Rig rig_;
};

TEST_F(CardFlowTest, VisualCheckReadsTheCertificateInOneReadBinary) {
  StartCard();
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  auto check = session.CheckVisual();
  ASSERT_OK(check);
  EXPECT_EQ(check->counters.apdus, 3u);
  PrintCounters("visual", check->counters);
  auto cert = crypto::CertificateFromDer(check->certificate);
  ASSERT_OK(cert);
  EXPECT_EQ(crypto::SerialNumberHex(cert->get()), itest::Files()->serial);
  // The card saw exactly one READ BINARY: the extended whole-file read.
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 B0"), 1);
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 B0 00 00 00 00 00"), 1);
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20"), 0);  // no PIN in visual mode
}

TEST_F(CardFlowTest, PinCheckSignatureVerifiesAgainstTheCertificate) {
  StartCard();
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  auto check = session.CheckWithPin(kPin, kChallenge);
  ASSERT_OK(check);
  EXPECT_EQ(check->counters.apdus, 8u);
  PrintCounters("pin", check->counters);
  EXPECT_EQ(check->pin_tries_left, 3);
  ASSERT_EQ(check->signature.size(), 256u);
  auto cert = crypto::CertificateFromDer(check->certificate);
  ASSERT_OK(cert);
  // OpenSSL: RSA PKCS#1 v1.5 SHA-256 over the challenge with the certificate's public key.
  ASSERT_OK(crypto::VerifyRsaSha256WithCertificate(cert->get(), kChallenge, check->signature));
  Bytes other = kChallenge;
  other.back() ^= 1;
  EXPECT_FALSE(crypto::VerifyRsaSha256WithCertificate(cert->get(), other, check->signature).ok());
  // The certificate chains to the TEST JPKI CA that issued the card.
  std::ifstream ca_in(itest::Files()->ca_dir + "/jpki-ca.pem");
  std::stringstream ca_pem;
  ca_pem << ca_in.rdbuf();
  auto ca = crypto::CertificateFromPem(ca_pem.str());
  ASSERT_OK(ca);
  ASSERT_OK(crypto::VerifyCertificateChain({.leaf = cert->get(), .roots = {ca->get()}}));
  // One extended read, one VERIFY with data, one signature.
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 B0"), 1);
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80 04"), 1);
  EXPECT_EQ(CountCommands(*rig_.vcard, "80 2A 00 80"), 1);
}

TEST_F(CardFlowTest, WrongPinCountsDownAndIsRemembered) {
  StartCard();
  {
    auto c = Connect(rig_.reader);
    ASSERT_OK(c);
    CardSession session(*c->card);
    auto check = session.CheckWithPin("9999", kChallenge);
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(check.error().reason(), "card.pin_wrong");
    EXPECT_EQ(session.pin_tries_left(), 2);
    EXPECT_EQ(check.error().message().find("9999"), std::string::npos);
  }
  // A new connection (the card was reset) still reports 2: the card keeps its counter.
  auto info = ReadCardInfo(rig_.reader);
  ASSERT_OK(info);
  EXPECT_EQ(info->pin_tries_left, 2);
  EXPECT_EQ(ProfileTriesLeft(card_json_), 2);
  // The right PIN restores the counter.
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  auto check = session.CheckWithPin(kPin, kChallenge);
  ASSERT_OK(check);
  EXPECT_EQ(check->pin_tries_left, 3);
}

TEST_F(CardFlowTest, GuardStopsAtOneTryLeft) {
  StartCard();
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  EXPECT_EQ(session.CheckWithPin("1111", kChallenge).error().reason(), "card.pin_wrong");
  EXPECT_EQ(session.CheckWithPin("2222", kChallenge).error().reason(), "card.pin_wrong");
  auto guarded = session.CheckWithPin(kPin, kChallenge);
  ASSERT_FALSE(guarded.ok());
  EXPECT_EQ(guarded.error().reason(), "card.pin_guard");
  EXPECT_EQ(session.pin_tries_left(), 1);
  // Two VERIFYs with data reached the card, the third never did; the card is not locked.
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80 04"), 2);
  EXPECT_EQ(ProfileTriesLeft(card_json_), 1);
  // The visual check remains the way through.
  ASSERT_OK(session.CheckVisual());
}

TEST_F(CardFlowTest, GuardRefusesACardThatArrivesWithOneTry) {
  StartCard(/*tries_left=*/1);
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  auto check = session.CheckWithPin(kPin, kChallenge);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().reason(), "card.pin_guard");
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80 04"), 0);
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80"), 1);  // the free retry query only
}

TEST_F(CardFlowTest, LockedCardIsReported) {
  StartCard(/*tries_left=*/0);
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  CardSession session(*c->card);
  auto check = session.CheckWithPin(kPin, kChallenge);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().reason(), "card.pin_locked");
  EXPECT_EQ(session.pin_tries_left(), 0);
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80 04"), 0);
}

TEST_F(CardFlowTest, NonCompliantReaderIsDetected) {
  StartCard(3, /*extended_apdu=*/false);
  {
    auto c = Connect(rig_.reader);
    ASSERT_OK(c);
    CardSession session(*c->card);
    auto visual = session.CheckVisual();
    ASSERT_FALSE(visual.ok());
    EXPECT_EQ(visual.error().reason(), "card.reader_not_compliant");
    auto pin = session.CheckWithPin(kPin, kChallenge);
    ASSERT_FALSE(pin.ok());
    EXPECT_EQ(pin.error().reason(), "card.reader_not_compliant");
  }
  EXPECT_EQ(CountCommands(*rig_.vcard, "00 20 00 80 04"), 0);  // the PIN was never used
  // card-info tells it apart from a broken card: short reads do work.
  auto info = ReadCardInfo(rig_.reader);
  ASSERT_OK(info);
  EXPECT_FALSE(info->extended_apdu);
  EXPECT_EQ(info->probe_diagnosis, "reader_not_compliant");
  ASSERT_TRUE(info->certificate.has_value());
  EXPECT_EQ(info->certificate->serial, itest::Files()->serial);
}

TEST_F(CardFlowTest, ForbiddenApplicationsNeverReachTheCard) {
  StartCard();
  auto c = Connect(rig_.reader);
  ASSERT_OK(c);
  const size_t before = itest::CommandsSent(*rig_.vcard).size();
  for (const char* hex : {"00A4040C0AD3921000310001010408", "00A4040C0AD3921000310001010402",
                          "00A4040005D392100031"}) {
    auto sent = c->card->Transmit(FromHex(hex).value());
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().reason(), "card.forbidden_aid");
  }
  // And the normal flows still work on the same connection.
  CardSession session(*c->card);
  ASSERT_OK(session.CheckWithPin(kPin, kChallenge));
  const auto commands = itest::CommandsSent(*rig_.vcard);
  EXPECT_EQ(commands.size(), before + 8);
  for (const std::string& hex : commands) {
    EXPECT_EQ(hex.find("D3 92 10 00 31"), std::string::npos) << hex;
  }
}

TEST_F(CardFlowTest, CardInfoJson) {
  StartCard(/*tries_left=*/2);
  std::ostringstream out, err;
  ASSERT_EQ(RunCardInfoCommand({"--json", "--reader", rig_.reader}, out, err), 0) << err.str();
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["reader"], rig_.reader);
  EXPECT_EQ(j["extended_apdu"], true);
  EXPECT_EQ(j["probe_diagnosis"], "compliant");
  EXPECT_EQ(j["jpki_present"], true);
  EXPECT_EQ(j["serial"], itest::Files()->serial);
  EXPECT_TRUE(j["subject"].is_string());
  EXPECT_TRUE(j["issuer"].is_string());
  EXPECT_EQ(j["not_after"].get<std::string>().size(), 20u);  // 2030-01-01T00:00:00Z
  EXPECT_EQ(j["pin_tries_left"], 2);
  EXPECT_EQ(j["apdus"], 5);
  EXPECT_EQ(j["atr"], "3B E0 00 FF 81 31 FE 45 14");
  EXPECT_EQ(ProfileTriesLeft(card_json_), 2);  // reading the counter spent nothing
  // The text form, on the first reader holding a card.
  std::ostringstream text, err2;
  ASSERT_EQ(RunCardInfoCommand({}, text, err2), 0) << err2.str();
  EXPECT_NE(text.str().find("マイナンバーカード対応（拡張APDU）: 対応（compliant）"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("暗証番号の残り回数: 2回"), std::string::npos) << text.str();
}

}  // namespace
}  // namespace kakunin::card
