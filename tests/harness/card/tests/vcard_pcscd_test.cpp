// Proves the virtual card works over the REAL stack: pcscd + vpcd + kakunin-vcard, driven with
// pcsc-lite directly (SCardConnect T=1, SCardTransmit). Reads the user-auth certificate with one
// extended READ BINARY and compares it with the card profile; removes and re-inserts the card;
// shows that PIN tries survive a restart of the card, that VERIFY data never reaches the APDU
// log, and that --no-extended-apdu refuses extended reads. Needs CTest RESOURCE_LOCK pcscd.
#include <gtest/gtest.h>

#include <memory>

#include "common/crypto/x509.h"
#include "sim/vcard/card_profile.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/tests/pcsc_test_util.h"
#include "tests/harness/card/vcard_instance.h"

namespace kakunin::testing {
namespace {

constexpr char kSelectJpki[] = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
constexpr char kSelectAuthCert[] = "00 A4 02 0C 02 00 0A";
constexpr char kSelectAuthPin[] = "00 A4 02 0C 02 00 18";
constexpr char kReadAll[] = "00 B0 00 00 00 00 00";

class VcardPcscdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_dir_ = new std::string(MakeTempDir("kakunin-vcard-ca"));
    ASSERT_TRUE(VcardInstance::InitCa(KAKUNIN_VCARD_BIN, *ca_dir_).ok());
  }
  static void TearDownTestSuite() {
    RemoveTree(*ca_dir_);
    delete ca_dir_;
  }

  void SetUp() override {
    card_json_ =
        *ca_dir_ + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json";
    auto serial = VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, *ca_dir_, "pcscd-test", card_json_);
    ASSERT_TRUE(serial.ok()) << serial.error().ToString();
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = std::move(pcscd).value();
  }

  void StartCard(VcardOptions options = {}) {
    auto vcard = VcardInstance::Start(KAKUNIN_VCARD_BIN, card_json_, pcscd_->port(0), options);
    ASSERT_TRUE(vcard.ok()) << vcard.error().ToString();
    vcard_ = std::move(vcard).value();
    Status present = pcscd_->WaitForCard(0, true);
    ASSERT_TRUE(present.ok()) << present.error().ToString() << "\n" << pcscd_->ReadLog();
  }

  Bytes ProfileCertDer() {
    auto profile = vcard::LoadCardProfile(card_json_);
    auto cert = crypto::CertificateFromPem(profile->auth_cert_pem);
    return *crypto::CertificateToDer(cert->get());
  }

  Bytes ReadCertificate(PcscCard& card) {
    EXPECT_EQ(Sw(*card.Transmit(kSelectJpki)), 0x9000);
    EXPECT_EQ(Sw(*card.Transmit(kSelectAuthCert)), 0x9000);
    auto response = card.Transmit(kReadAll);
    EXPECT_TRUE(response.ok());
    EXPECT_EQ(Sw(*response), 0x9000);
    Bytes data = *response;
    data.resize(data.size() - 2);
    return data;
  }

  static std::string* ca_dir_;
  std::string card_json_;
  std::unique_ptr<PcscdInstance> pcscd_;  // declared before vcard_: the card stops first
  std::unique_ptr<VcardInstance> vcard_;
};

std::string* VcardPcscdTest::ca_dir_ = nullptr;

TEST_F(VcardPcscdTest, ReadsTheCertificateWithOneExtendedReadBinary) {
  StartCard();
  PcscCard card;
  ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
  EXPECT_EQ(card.protocol(), static_cast<DWORD>(SCARD_PROTOCOL_T1));
  EXPECT_EQ(ToHex(*card.Atr()), "3be000ff8131fe4514");
  const Bytes cert = ReadCertificate(card);
  EXPECT_GT(cert.size(), 1000u);
  EXPECT_EQ(cert, ProfileCertDer());

  // The whole certificate came in one exchange.
  int reads = 0;
  for (const auto& entry : vcard_->ApduLog()) reads += entry.hex == kReadAll ? 1 : 0;
  EXPECT_EQ(reads, 1);
  EXPECT_FALSE(vcard_->SelectedForbiddenApplication());
}

// The guard the privacy tests lean on can fail: a SELECT by a partial name under the 券面 RID,
// with another class byte, is seen (the harness's own PC/SC, which has no deny list).
TEST_F(VcardPcscdTest, ASelectOfTheFaceApplicationIsSeenEvenByAPartialName) {
  StartCard();
  PcscCard card;
  ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
  ASSERT_EQ(Sw(*card.Transmit(kSelectJpki)), 0x9000);
  EXPECT_FALSE(vcard_->SelectedForbiddenApplication());
  (void)card.Transmit("80 A4 04 0C 05 D3 92 10 00 31");
  EXPECT_TRUE(vcard_->SelectedForbiddenApplication());
}

TEST_F(VcardPcscdTest, RemoveAndInsert) {
  StartCard();
  ASSERT_TRUE(vcard_->Remove().ok());
  ASSERT_TRUE(pcscd_->WaitForCard(0, false).ok());
  EXPECT_NE(vcard_->QueryStatus()->find("inserted=0 connected=0"), std::string::npos);
  PcscCard absent;
  EXPECT_FALSE(absent.Connect(pcscd_->reader_name(0)).ok());

  ASSERT_TRUE(vcard_->Insert().ok());
  ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  PcscCard card;
  ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
  EXPECT_EQ(ReadCertificate(card), ProfileCertDer());
}

TEST_F(VcardPcscdTest, PinTriesSurviveARestartAndThePinIsNeverLogged) {
  StartCard();
  {
    PcscCard card;
    ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
    ASSERT_EQ(Sw(*card.Transmit(kSelectJpki)), 0x9000);
    ASSERT_EQ(Sw(*card.Transmit(kSelectAuthPin)), 0x9000);
    EXPECT_EQ(Sw(*card.Transmit("00 20 00 80")), 0x63C3);
    EXPECT_EQ(Sw(*card.Transmit("00 20 00 80 04 39 38 37 36")), 0x63C2);
  }
  EXPECT_EQ(vcard::LoadCardProfile(card_json_)->pin_tries_left, 2);
  std::string log_text;
  for (const auto& entry : vcard_->ApduLog()) log_text += entry.hex + "\n";
  EXPECT_NE(log_text.find("00 20 00 80 04 ** ** ** **"), std::string::npos) << log_text;
  EXPECT_EQ(log_text.find("39 38 37 36"), std::string::npos);

  EXPECT_EQ(vcard_->Stop(), 0);
  vcard_.reset();
  ASSERT_TRUE(pcscd_->WaitForCard(0, false).ok());
  StartCard();
  PcscCard card;
  ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
  ASSERT_EQ(Sw(*card.Transmit(kSelectJpki)), 0x9000);
  ASSERT_EQ(Sw(*card.Transmit(kSelectAuthPin)), 0x9000);
  EXPECT_EQ(Sw(*card.Transmit("00 20 00 80")), 0x63C2);
}

TEST_F(VcardPcscdTest, ReaderWithoutExtendedApdus) {
  StartCard({.extended_apdu = false});
  PcscCard card;
  ASSERT_TRUE(card.Connect(pcscd_->reader_name(0)).ok());
  ASSERT_EQ(Sw(*card.Transmit(kSelectJpki)), 0x9000);
  ASSERT_EQ(Sw(*card.Transmit(kSelectAuthCert)), 0x9000);
  EXPECT_EQ(Sw(*card.Transmit(kReadAll)), 0x6700);
  EXPECT_EQ(Sw(*card.Transmit("00 B0 00 00 00")), 0x9000);
}

TEST_F(VcardPcscdTest, SecondPcscdIsRefused) {
  // Ours answers on the machine-wide socket: nobody else may start one now.
  Status other = CheckNoOtherPcscd();
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().reason(), "pcscd.already_running");
  // A second instance waits for the machine-wide lock, then gives up.
  PcscdOptions options;
  options.lock_timeout = std::chrono::milliseconds(200);
  auto second = PcscdInstance::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().reason(), "pcscd.lock");
}

}  // namespace
}  // namespace kakunin::testing
