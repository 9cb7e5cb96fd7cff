// Proves the APDU state machine answers like the card's JPKI application, directly (no pcscd):
// selection, whole-file and chunked reads, the PIN countdown and lock, signing only after
// VERIFY, status words for wrong lengths, unknown files and instructions, the behaviour
// behind a reader without extended APDUs, and the forbidden applications.
#include "sim/vcard/virtual_card.h"

#include <gtest/gtest.h>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "sim/vcard/tests/test_card.h"

namespace kakunin::vcard {
namespace {

constexpr char kSelectJpki[] = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
constexpr char kSelectAuthCert[] = "00 A4 02 0C 02 00 0A";
constexpr char kSelectAuthPin[] = "00 A4 02 0C 02 00 18";
constexpr char kSelectAuthKey[] = "00 A4 02 0C 02 00 17";
constexpr char kVerify1234[] = "00 20 00 80 04 31 32 33 34";
constexpr char kVerify9999[] = "00 20 00 80 04 39 39 39 39";

class VirtualCardTest : public ::testing::Test {
 protected:
  void SetUp() override { card_ = Make({}); }

  std::unique_ptr<VirtualCard> Make(VirtualCardOptions options) {
    auto card = VirtualCard::Create(testing::TestProfile(), options);
    EXPECT_TRUE(card.ok()) << card.error().ToString();
    auto out = std::move(card).value();
    out->PowerOn();
    return out;
  }

  // Sends hex, returns the response; `sw` receives the status word.
  Bytes Send(std::string_view hex, uint16_t* sw = nullptr, VirtualCard* card = nullptr) {
    auto command = FromHex(hex);
    EXPECT_TRUE(command.ok()) << hex;
    Exchange exchange = (card ? card : card_.get())->Transmit(*command);
    if (sw) *sw = ResponseStatus(exchange.response);
    Bytes data = exchange.response;
    data.resize(data.size() - 2);
    return data;
  }

  uint16_t Sw(std::string_view hex, VirtualCard* card = nullptr) {
    uint16_t sw = 0;
    Send(hex, &sw, card);
    return sw;
  }

  Bytes AuthCertDer() {
    auto cert = crypto::CertificateFromPem(testing::TestProfile().auth_cert_pem);
    return *crypto::CertificateToDer(cert->get());
  }

  Bytes DigestInfoFor(std::string_view message) {
    return *crypto::Sha256DigestInfo(crypto::Sha256(ToBytes(message)));
  }

  std::string SignCommand(const Bytes& digest_info) {
    return "80 2A 00 80 " + ToHex(Bytes{static_cast<uint8_t>(digest_info.size())}) +
           ToHex(digest_info) + "00";
  }

  std::unique_ptr<VirtualCard> card_;
};

TEST_F(VirtualCardTest, AtrIsTheOneOpenScRecognises) {
  EXPECT_EQ(ToHex(ByteView(kAtr)), "3be000ff8131fe4514");
}

TEST_F(VirtualCardTest, SelectsTheJpkiApplication) {
  EXPECT_EQ(Sw(kSelectJpki), 0x9000);
  EXPECT_EQ(card_->selected_application(), Application::kJpki);
  EXPECT_EQ(Sw("00 A4 04 0C 05 A0 00 00 00 03"), 0x6A82);  // unknown AID
}

TEST_F(VirtualCardTest, FilesNeedTheApplication) {
  EXPECT_EQ(Sw(kSelectAuthCert), 0x6A82);  // nothing selected yet
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  EXPECT_EQ(Sw(kSelectAuthCert), 0x9000);
  EXPECT_EQ(Sw("00 A4 02 0C 02 12 34"), 0x6A82);
}

TEST_F(VirtualCardTest, ReadsTheCertificateWholeAndInChunks) {
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthCert), 0x9000);
  uint16_t sw = 0;
  // The first four bytes give the DER length, as OpenSC and jpki/myna read it.
  Bytes header = Send("00 B0 00 00 04", &sw);
  ASSERT_EQ(sw, 0x9000);
  ASSERT_EQ(header[0], 0x30);
  ASSERT_EQ(header[1], 0x82);
  const size_t size = ((header[2] << 8) | header[3]) + 4u;

  Bytes whole = Send("00 B0 00 00 00 00 00", &sw);
  ASSERT_EQ(sw, 0x9000);
  EXPECT_EQ(whole.size(), size);
  EXPECT_EQ(whole, AuthCertDer());

  Bytes chunked;
  while (chunked.size() < size) {
    const size_t offset = chunked.size();
    const size_t want = std::min<size_t>(256, size - offset);
    Bytes command = {0x00, 0xB0, static_cast<uint8_t>(offset >> 8),
                     static_cast<uint8_t>(offset & 0xFF), static_cast<uint8_t>(want & 0xFF)};
    Bytes part = Send(ToHex(command), &sw);
    ASSERT_EQ(sw, 0x9000);
    ASSERT_EQ(part.size(), want);
    chunked.insert(chunked.end(), part.begin(), part.end());
  }
  EXPECT_EQ(chunked, whole);
  // Past the end.
  Bytes past = {0x00, 0xB0, static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size & 0xFF),
                0x10};
  EXPECT_EQ(Sw(ToHex(past)), 0x6B00);
}

TEST_F(VirtualCardTest, TokenSaysMyNumberCard) {
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 06"), 0x9000);
  uint16_t sw = 0;
  Bytes token = Send("00 B0 00 00 20", &sw);
  EXPECT_EQ(sw, 0x9000);
  EXPECT_EQ(ToString(token), "JPKIAPICCTOKEN2                 ");
}

TEST_F(VirtualCardTest, PinCountsDownThenLocks) {
  std::vector<int> persisted;
  card_->set_on_counters_changed(
      [&](const CardProfile& p) { persisted.push_back(p.pin_tries_left); });
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthPin), 0x9000);
  EXPECT_EQ(Sw("00 20 00 80"), 0x63C3);
  EXPECT_EQ(Sw(kVerify9999), 0x63C2);
  EXPECT_EQ(Sw(kVerify9999), 0x63C1);
  EXPECT_EQ(Sw(kVerify9999), 0x63C0);
  EXPECT_EQ(Sw(kVerify1234), 0x6984);  // locked: even the right PIN is refused
  EXPECT_EQ(Sw("00 20 00 80"), 0x63C0);
  EXPECT_EQ(persisted, (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(card_->profile().pin_tries_left, 0);
}

TEST_F(VirtualCardTest, RightPinRestoresTheTries) {
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthPin), 0x9000);
  EXPECT_EQ(Sw(kVerify9999), 0x63C2);
  EXPECT_EQ(Sw(kVerify1234), 0x9000);
  EXPECT_EQ(Sw("00 20 00 80"), 0x63C3);
}

TEST_F(VirtualCardTest, SignNeedsVerifyInThisSession) {
  const Bytes info = DigestInfoFor("nonce from the server");
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthKey), 0x9000);
  EXPECT_EQ(Sw(SignCommand(info)), 0x6982);

  ASSERT_EQ(Sw(kSelectAuthPin), 0x9000);
  ASSERT_EQ(Sw(kVerify1234), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthKey), 0x9000);
  uint16_t sw = 0;
  Bytes signature = Send(SignCommand(info), &sw);
  ASSERT_EQ(sw, 0x9000);
  ASSERT_EQ(signature.size(), 256u);
  auto cert = crypto::CertificateFromPem(testing::TestProfile().auth_cert_pem);
  EXPECT_TRUE(crypto::VerifyRsaSha256WithCertificate(cert->get(), ToBytes("nonce from the server"),
                                                     signature)
                  .ok());
}

TEST_F(VirtualCardTest, SecurityStateResetsOnReselectAndPower) {
  const Bytes info = DigestInfoFor("x");
  auto verify = [&] {
    ASSERT_EQ(Sw(kSelectJpki), 0x9000);
    ASSERT_EQ(Sw(kSelectAuthPin), 0x9000);
    ASSERT_EQ(Sw(kVerify1234), 0x9000);
  };
  verify();
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);  // reselect
  ASSERT_EQ(Sw(kSelectAuthKey), 0x9000);
  EXPECT_EQ(Sw(SignCommand(info)), 0x6982);

  verify();
  card_->Reset();
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthKey), 0x9000);
  EXPECT_EQ(Sw(SignCommand(info)), 0x6982);

  verify();
  card_->PowerOff();
  card_->PowerOn();
  EXPECT_EQ(Sw(kSelectAuthKey), 0x6A82);  // no application selected after power-up
}

TEST_F(VirtualCardTest, WrongLengthsGive6700) {
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  EXPECT_EQ(Sw("00 A4 02 0C 03 00 0A 00"), 0x6700);  // EF id of three bytes
  EXPECT_EQ(Sw("00 A4 02 0C 02 00"), 0x6700);        // Lc says 2, one byte follows
  ASSERT_EQ(Sw(kSelectAuthCert), 0x9000);
  EXPECT_EQ(Sw("00 B0 00 00"), 0x6700);  // READ BINARY without Le
  ASSERT_EQ(Sw(kSelectAuthPin), 0x9000);
  EXPECT_EQ(Sw("00 20 00 80 05 31 32 33 34 35"), 0x6700);  // 5-digit PIN: not counted
  EXPECT_EQ(Sw("00 20 00 80"), 0x63C3);
  ASSERT_EQ(Sw(kVerify1234), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthKey), 0x9000);
  const Bytes info = DigestInfoFor("x");
  std::string no_le = SignCommand(info);
  no_le.resize(no_le.size() - 2);
  EXPECT_EQ(Sw(no_le), 0x6700);
}

TEST_F(VirtualCardTest, UnknownInstructionAndClass) {
  EXPECT_EQ(Sw("00 CA 00 00 00"), 0x6D00);
  EXPECT_EQ(Sw("90 A4 04 0C 02 3F 00"), 0x6E00);
  EXPECT_EQ(Sw("80 B0 00 00 04"), 0x6E00);  // READ BINARY exists, but not with CLA 80
}

TEST_F(VirtualCardTest, ReaderWithoutExtendedApdus) {
  auto card = Make({.extended_apdu = false});
  ASSERT_EQ(Sw(kSelectJpki, card.get()), 0x9000);
  ASSERT_EQ(Sw(kSelectAuthCert, card.get()), 0x9000);
  EXPECT_EQ(Sw("00 B0 00 00 00 00 00", card.get()), 0x6700);
  EXPECT_EQ(Sw("00 B0 00 00 00", card.get()), 0x9000);  // short reads still work
}

TEST_F(VirtualCardTest, SignatureCertificateNeedsThePassword) {
  ASSERT_EQ(Sw(kSelectJpki), 0x9000);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 01"), 0x9000);
  EXPECT_EQ(Sw("00 B0 00 00 04"), 0x6982);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 1B"), 0x9000);
  EXPECT_EQ(Sw("00 20 00 80"), 0x63C5);
  ASSERT_EQ(Sw("00 20 00 80 06 " + ToHex(ToBytes("ABC123"))), 0x9000);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 01"), 0x9000);
  EXPECT_EQ(Sw("00 B0 00 00 04"), 0x9000);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 02"), 0x9000);  // its CA certificate is public
}

TEST_F(VirtualCardTest, ForbiddenApplicationsAreSelectableAndCounted) {
  auto command = FromHex("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08");
  Exchange exchange = card_->Transmit(*command);
  EXPECT_EQ(ResponseStatus(exchange.response), 0x9000);
  EXPECT_TRUE(exchange.forbidden);
  EXPECT_NE(exchange.note.find("FORBIDDEN"), std::string::npos);
  EXPECT_EQ(card_->selected_application(), Application::kTextInput);
  // Its individual number needs its own PIN.
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 01"), 0x9000);
  EXPECT_EQ(Sw("00 B0 00 00 00"), 0x6982);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 11"), 0x9000);
  ASSERT_EQ(Sw(kVerify1234), 0x9000);
  ASSERT_EQ(Sw("00 A4 02 0C 02 00 01"), 0x9000);
  uint16_t sw = 0;
  Bytes number = Send("00 B0 00 00 00", &sw);
  EXPECT_EQ(sw, 0x9000);
  EXPECT_EQ(ToString(ByteView(number).subspan(3)), testing::TestProfile().fake_individual_number);

  EXPECT_EQ(Sw("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02"), 0x9000);
  EXPECT_EQ(card_->selected_application(), Application::kCardFace);
  EXPECT_EQ(card_->forbidden_selects(), 2);
  EXPECT_EQ(Sw(kSelectJpki), 0x9000);
  EXPECT_EQ(card_->forbidden_selects(), 2);
}

}  // namespace
}  // namespace kakunin::vcard
