// Proves the reader of a 資格確認端末's certificate file (issue 19): real PEM and DER files
// generated here give the certificate's notAfter, subject and serial; files with key material
// (a PEM private key alone or beside the certificate, a DER PKCS#8 key, a PKCS#12 bundle) are
// refused without being parsed; oversized files, FIFOs, folders and missing files are refused
// with a reason.
#include "common/crypto/cert_file.h"

#include <gtest/gtest.h>
#include <openssl/pkcs12.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"

namespace kakunin::crypto {
namespace {

constexpr time_t kIssued = 1735689600;    // 2025-01-01T00:00:00Z
constexpr time_t kNotAfter = 1838332799;  // 2028-03-31T23:59:59Z (3 years 3 months)

class CertFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kakunin-cert-file-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    key_ = std::move(GenerateEcP256Key()).value();
    CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "駅前薬局"}, {"CN", "1341234566-01"}};
    spec.serial = {0x0a, 0x1b, 0x2c, 0x3d};
    spec.not_before = kIssued;
    spec.not_after = kNotAfter;
    cert_ = std::move(IssueCertificate(spec, key_.get(), nullptr, key_.get())).value();
    pem_ = std::move(CertificateToPem(cert_.get())).value();
    auto der = std::move(CertificateToDer(cert_.get())).value();
    der_.assign(der.begin(), der.end());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string dir_;
  EvpPkeyPtr key_;
  X509Ptr cert_;
  std::string pem_, der_;
};

TEST_F(CertFileTest, ReadsAPemCertificate) {
  auto facts = ReadCertificateFile(Write("terminal.pem", pem_));
  ASSERT_TRUE(facts.ok()) << facts.error().ToString();
  EXPECT_EQ(facts->not_after, kNotAfter);
  EXPECT_EQ(facts->not_before, kIssued);
  EXPECT_EQ(facts->serial_hex, "0a1b2c3d");
  EXPECT_NE(facts->subject.find("O=駅前薬局"), std::string::npos) << facts->subject;
  EXPECT_NE(facts->subject.find("CN=1341234566-01"), std::string::npos);
  EXPECT_EQ(facts->encoding, "pem");
}

TEST_F(CertFileTest, ReadsADerCertificate) {
  auto facts = ReadCertificateFile(Write("terminal.cer", der_));
  ASSERT_TRUE(facts.ok()) << facts.error().ToString();
  EXPECT_EQ(facts->not_after, kNotAfter);
  EXPECT_EQ(facts->serial_hex, "0a1b2c3d");
  EXPECT_EQ(facts->encoding, "der");
}

TEST_F(CertFileTest, ReadsTheFirstCertificateOfABundleWithWindowsLineEnds) {
  std::string crlf;
  for (char c : pem_) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto facts = ParseCertificateFile("Bag Attributes\r\n" + crlf + crlf);
  ASSERT_TRUE(facts.ok()) << facts.error().ToString();
  EXPECT_EQ(facts->not_after, kNotAfter);
}

TEST_F(CertFileTest, RefusesAPemPrivateKeyAloneOrBesideTheCertificate) {
  const std::string key_pem = std::move(PrivateKeyToPem(key_.get())).value();
  for (const std::string& bytes : {key_pem, pem_ + key_pem, key_pem + pem_}) {
    auto facts = ReadCertificateFile(Write("both.pem", bytes));
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().reason(), "cert_file.private_key");
  }
  // Legacy "BEGIN RSA PRIVATE KEY" and encrypted keys carry the same words.
  auto legacy = ParseCertificateFile("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n");
  ASSERT_FALSE(legacy.ok());
  EXPECT_EQ(legacy.error().reason(), "cert_file.private_key");
}

TEST_F(CertFileTest, RefusesDerKeyMaterialAndPkcs12) {
  auto key_der = std::move(PrivateKeyToDer(key_.get())).value();
  auto facts = ReadCertificateFile(Write("key.der", std::string(key_der.begin(), key_der.end())));
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.error().reason(), "cert_file.private_key");

  // A .p12 as the national terminal certificate is often delivered: certificate and key.
  PKCS12* p12 = PKCS12_create("pass", "terminal", key_.get(), cert_.get(), nullptr, 0, 0, 0, 0, 0);
  ASSERT_NE(p12, nullptr);
  unsigned char* out = nullptr;
  const int len = i2d_PKCS12(p12, &out);
  PKCS12_free(p12);
  ASSERT_GT(len, 0);
  std::string p12_bytes(reinterpret_cast<char*>(out), static_cast<size_t>(len));
  OPENSSL_free(out);
  auto refused = ReadCertificateFile(Write("terminal.p12", p12_bytes));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "cert_file.private_key");
}

TEST_F(CertFileTest, RefusesWhatIsNotACertificate) {
  for (const std::string& bytes :
       {std::string(), std::string("hello"), std::string("-----BEGIN CERTIFICATE-----\n!!\n"),
        der_.substr(0, der_.size() / 2), std::string("\x30\x03\x30\x01\x00", 5)}) {
    auto facts = ParseCertificateFile(bytes);
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().reason(), "cert_file.not_a_certificate");
  }
}

TEST_F(CertFileTest, RefusesLargeFilesFifosFoldersAndMissingFiles) {
  auto big =
      ReadCertificateFile(Write("big.pem", pem_ + std::string(kMaxCertificateFileBytes, ' ')));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().reason(), "cert_file.too_large");

  const std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  auto from_fifo = ReadCertificateFile(fifo);  // must return, not block
  ASSERT_FALSE(from_fifo.ok());
  EXPECT_EQ(from_fifo.error().reason(), "cert_file.unreadable");

  auto folder = ReadCertificateFile(dir_);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().reason(), "cert_file.unreadable");

  auto missing = ReadCertificateFile(dir_ + "/none.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason(), "cert_file.unreadable");
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace kakunin::crypto
