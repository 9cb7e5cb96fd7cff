// Proves the virtual card follows the real JPKI protocol as OpenSC understands it: with pcscd
// and kakunin-vcard running, OpenSC's own JPKI driver (card-jpki.c, pkcs15-jpki.c) recognises
// the card, lists its certificates and PINs, reads the user-auth certificate byte for byte, and
// through PKCS#11 logs in with the PIN and makes a signature that verifies with the
// certificate. Needs CTest RESOURCE_LOCK pcscd.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "sim/vcard/card_profile.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"

namespace kakunin::testing {
namespace {

constexpr const char* kPkcs11Modules[] = {"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
                                          "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
                                          "/usr/lib/opensc-pkcs11.so"};

class OpenScInteropTest : public ::testing::Test {
 protected:
  // One pcscd, one card and one OpenSC configuration for the whole suite: OpenSC's card
  // detection is slow (it probes many drivers), and the card is not modified.
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("kakunin-opensc"));
    ASSERT_TRUE(VcardInstance::InitCa(KAKUNIN_VCARD_BIN, *dir_ + "/ca").ok());
    card_json_ = new std::string(*dir_ + "/card.json");
    auto serial =
        VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, *dir_ + "/ca", "opensc-interop", *card_json_);
    ASSERT_TRUE(serial.ok()) << serial.error().ToString();
    // No file caching: every run must talk to the card.
    std::ofstream(*dir_ + "/opensc.conf") << "app default {\n"
                                             "  framework pkcs15 { use_file_caching = no; }\n"
                                             "}\n";
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = std::move(pcscd).value().release();
    auto vcard = VcardInstance::Start(KAKUNIN_VCARD_BIN, *card_json_, pcscd_->port(0));
    ASSERT_TRUE(vcard.ok()) << vcard.error().ToString();
    vcard_ = std::move(vcard).value().release();
    ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  }

  static void TearDownTestSuite() {
    delete vcard_;  // the card leaves before the reader goes
    delete pcscd_;
    RemoveTree(*dir_);
    delete dir_;
    delete card_json_;
  }

  void SetUp() override {
    if (!pcscd_ || !vcard_) GTEST_SKIP() << "suite set-up failed";
  }

  static CommandOutput Run(std::vector<std::string> argv) {
    auto out = RunCommand(argv, {{"OPENSC_CONF", *dir_ + "/opensc.conf"}, {"HOME", *dir_}}, "",
                          /*merge_stderr=*/true, std::chrono::seconds(60));
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : CommandOutput{};
  }

  static vcard::CardProfile Profile() { return *vcard::LoadCardProfile(*card_json_); }

  static Bytes DerOf(const std::string& pem) {
    auto cert = crypto::CertificateFromPem(pem);
    EXPECT_TRUE(cert.ok()) << pem;
    return cert.ok() ? *crypto::CertificateToDer(cert->get()) : Bytes{};
  }

  static std::string* dir_;
  static std::string* card_json_;
  static PcscdInstance* pcscd_;
  static VcardInstance* vcard_;
};

std::string* OpenScInteropTest::dir_ = nullptr;
std::string* OpenScInteropTest::card_json_ = nullptr;
PcscdInstance* OpenScInteropTest::pcscd_ = nullptr;
VcardInstance* OpenScInteropTest::vcard_ = nullptr;

TEST_F(OpenScInteropTest, ListsTheJpkiCertificates) {
  CommandOutput out =
      Run({"pkcs15-tool", "--reader", pcscd_->reader_name(0), "--list-certificates"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("X.509 Certificate [User Authentication Certificate]"),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("X.509 Certificate [User Authentication Certificate CA]"),
            std::string::npos);
  std::string serial = Profile().serial;
  for (auto& c : serial) c = static_cast<char>(std::toupper(c));
  // OpenSC read the certificate to show its serial (DER INTEGER: 02 08 ...).
  EXPECT_NE(out.output.find("Encoded serial : 02 08 " + serial), std::string::npos) << out.output;
  EXPECT_FALSE(vcard_->SelectedForbiddenApplication());
}

TEST_F(OpenScInteropTest, ReadsTheSameCertificate) {
  const std::string pem_path = *dir_ + "/read-01.pem";
  CommandOutput out = Run({"pkcs15-tool", "--reader", pcscd_->reader_name(0), "--read-certificate",
                           "01", "--output", pem_path});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::ifstream in(pem_path);
  const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(DerOf(pem), DerOf(Profile().auth_cert_pem));

  CommandOutput ca =
      Run({"pkcs15-tool", "--reader", pcscd_->reader_name(0), "--read-certificate", "03"});
  ASSERT_EQ(ca.exit_code, 0) << ca.output;
  const size_t begin = ca.output.find("-----BEGIN CERTIFICATE-----");
  ASSERT_NE(begin, std::string::npos) << ca.output;
  EXPECT_EQ(DerOf(ca.output.substr(begin)), DerOf(Profile().auth_ca_pem));
}

TEST_F(OpenScInteropTest, ListsPinsWithTriesLeft) {
  CommandOutput out = Run({"pkcs15-tool", "--reader", pcscd_->reader_name(0), "--list-pins"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("PIN [User Authentication PIN]"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("Tries left     : 3"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("Tries left     : 5"), std::string::npos) << out.output;
}

TEST_F(OpenScInteropTest, Pkcs11SignatureVerifiesWithTheCertificate) {
  std::string module;
  for (const char* candidate : kPkcs11Modules) {
    if (::access(candidate, R_OK) == 0) module = candidate;
  }
  if (module.empty()) GTEST_SKIP() << "opensc-pkcs11.so not found";
  const std::string data_path = *dir_ + "/to-sign.bin";
  const std::string sig_path = *dir_ + "/signature.bin";
  const std::string message = "eligibility check nonce 0123456789";
  std::ofstream(data_path, std::ios::binary) << message;
  CommandOutput out = Run({"pkcs11-tool", "--module", module, "--slot-index", "0", "--login",
                           "--pin", "1234", "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id",
                           "01", "-i", data_path, "-o", sig_path});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  std::ifstream in(sig_path, std::ios::binary);
  const Bytes signature((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(signature.size(), 256u);
  auto cert = crypto::CertificateFromPem(Profile().auth_cert_pem);
  Status verified =
      crypto::VerifyRsaSha256WithCertificate(cert->get(), ToBytes(message), signature);
  EXPECT_TRUE(verified.ok()) << verified.error().ToString();
  // OpenSC sent VERIFY; its data never reached the log.
  bool masked_verify = false;
  for (const auto& entry : vcard_->ApduLog()) {
    if (entry.hex == "00 20 00 80 04 ** ** ** **") masked_verify = true;
    EXPECT_EQ(entry.hex.find("31 32 33 34"), std::string::npos) << entry.hex;
  }
  EXPECT_TRUE(masked_verify);
  EXPECT_EQ(Profile().pin_tries_left, 3);
}

}  // namespace
}  // namespace kakunin::testing
