// The server's TLS certificate renews itself at start before it can cut every terminal off:
// under 60 days left, or other server names asked for, never dropping a name it had. One HQ
// brought from another issuer is never replaced. On real files, with real certificates.

#include "server/pki/device_ca.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/os/process.h"

namespace kakunin::server {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class DeviceCaTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = os::MakeTempDir("kakunin-pki") + "/pki"; }
  void TearDown() override {
    std::filesystem::remove_all(std::filesystem::path(dir_).parent_path());
  }

  // A server certificate with `days` left, signed by `issuer_key` (the CA's, or a stranger's).
  void PlantServerCert(int days, const EVP_PKEY* issuer_key, X509* issuer_cert) {
    auto key = crypto::GenerateEcP256Key();
    ASSERT_TRUE(key.ok());
    crypto::CertificateSpec spec;
    spec.subject = {{"CN", "kakunin-server"}};
    spec.not_before = std::time(nullptr) - 3600;
    spec.not_after = std::time(nullptr) + days * 86400LL;
    spec.extended_key_usage = {"serverAuth"};
    spec.dns_names = {"hq.example.jp"};
    auto cert = crypto::IssueCertificate(spec, key->get(), issuer_cert, issuer_key);
    ASSERT_TRUE(cert.ok()) << cert.error().ToString();
    Write(dir_ + "/server.pem", *crypto::CertificateToPem(cert->get()));
    Write(dir_ + "/server.key", *crypto::PrivateKeyToPem(key->get()));
    std::filesystem::permissions(dir_ + "/server.key", std::filesystem::perms::owner_read |
                                                           std::filesystem::perms::owner_write);
  }

  std::string dir_;
};

TEST_F(DeviceCaTest, KeptWhileValidReissuedForNewNamesAndBeforeItEnds) {
  auto first = DeviceCa::LoadOrCreate(dir_, {"hq.example.jp"});
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ((*first)->server_cert_issued_because(), "none yet");
  const std::string issued = Read(dir_ + "/server.pem");
  EXPECT_GT((*first)->server_cert_not_after(), std::time(nullptr) + 700LL * 86400);
  EXPECT_GT((*first)->ca_not_after(), std::time(nullptr) + 19LL * 365 * 86400);

  // The same names again: kept as it is.
  auto again = DeviceCa::LoadOrCreate(dir_, {"hq.example.jp"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->server_cert_issued_because(), "");
  EXPECT_EQ(Read(dir_ + "/server.pem"), issued);

  // HAProxy's name added: issued again, naming both (an address in any spelling).
  auto names = DeviceCa::LoadOrCreate(dir_, {"hq.example.jp", "0:0::1"});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ((*names)->server_cert_issued_because(), "other server names asked for");
  auto cert = crypto::CertificateFromPem(Read(dir_ + "/server.pem"));
  ASSERT_TRUE(cert.ok());
  EXPECT_NE(Read(dir_ + "/server.pem"), issued);
  auto same = DeviceCa::LoadOrCreate(dir_, {"::1", "hq.example.jp"});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ((*same)->server_cert_issued_because(), "");

  // 30 days left on one this CA issued: issued again at start, for two more years.
  auto ca_cert = crypto::CertificateFromPem(Read(dir_ + "/ca.pem"));
  auto ca_key = crypto::PrivateKeyFromPem(Read(dir_ + "/ca.key"));
  ASSERT_TRUE(ca_cert.ok() && ca_key.ok());
  PlantServerCert(30, ca_key->get(), ca_cert->get());
  auto late = DeviceCa::LoadOrCreate(dir_, {"hq.example.jp"});
  ASSERT_TRUE(late.ok()) << late.error().ToString();
  EXPECT_EQ((*late)->server_cert_issued_because(), "under 60 days left");
  EXPECT_GT((*late)->server_cert_not_after(), std::time(nullptr) + 700LL * 86400);
  // The key served is the new certificate's.
  auto served = crypto::CertificateFromPem((*late)->server_cert_pem());
  auto served_key = crypto::PrivateKeyFromPem((*late)->server_key_pem());
  ASSERT_TRUE(served.ok() && served_key.ok());
  EXPECT_EQ(X509_check_private_key(served->get(), served_key->get()), 1);
}

// Restored onto a new machine with the package's settings (localhost only), or a name left out
// of server_names by mistake: the certificate keeps the names terminals dial, also when it is
// issued again before it ends, and says which it kept.
TEST_F(DeviceCaTest, NamesTheSettingsLeaveOutAreKept) {
  ASSERT_TRUE(DeviceCa::LoadOrCreate(dir_, {"hq.example.jp", "localhost"}).ok());
  const std::string issued = Read(dir_ + "/server.pem");
  auto restored = DeviceCa::LoadOrCreate(dir_, {"localhost", "127.0.0.1"});
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
  EXPECT_EQ((*restored)->server_names_kept(), std::vector<std::string>{"hq.example.jp"});
  // Issued again for the address asked for, still naming HQ's host.
  EXPECT_EQ((*restored)->server_cert_issued_because(), "other server names asked for");
  auto cert = crypto::CertificateFromPem(Read(dir_ + "/server.pem"));
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(X509_check_host(cert->get(), "hq.example.jp", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert->get(), "127.0.0.1", 0), 1);
  // The same settings again: nothing more to issue; the name is still reported as kept.
  auto again = DeviceCa::LoadOrCreate(dir_, {"localhost", "127.0.0.1"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->server_cert_issued_because(), "");
  EXPECT_EQ((*again)->server_names_kept(), std::vector<std::string>{"hq.example.jp"});
  EXPECT_NE(Read(dir_ + "/server.pem"), issued);

  // Before it ends, issued again with every name it had.
  auto ca_cert = crypto::CertificateFromPem(Read(dir_ + "/ca.pem"));
  auto ca_key = crypto::PrivateKeyFromPem(Read(dir_ + "/ca.key"));
  ASSERT_TRUE(ca_cert.ok() && ca_key.ok());
  PlantServerCert(30, ca_key->get(), ca_cert->get());  // names hq.example.jp
  auto late = DeviceCa::LoadOrCreate(dir_, {"localhost"});
  ASSERT_TRUE(late.ok()) << late.error().ToString();
  EXPECT_EQ((*late)->server_cert_issued_because(), "under 60 days left");
  auto renewed = crypto::CertificateFromPem(Read(dir_ + "/server.pem"));
  ASSERT_TRUE(renewed.ok());
  EXPECT_EQ(X509_check_host(renewed->get(), "hq.example.jp", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(renewed->get(), "localhost", 0, 0, nullptr), 1);
}

TEST_F(DeviceCaTest, ACertificateFromAnotherIssuerIsNeverReplaced) {
  ASSERT_TRUE(DeviceCa::LoadOrCreate(dir_, {"hq.example.jp"}).ok());
  // HQ's own certificate from its own CA, 10 days left, other names.
  auto other_key = crypto::GenerateEcP256Key();
  ASSERT_TRUE(other_key.ok());
  crypto::CertificateSpec ca_spec;
  ca_spec.subject = {{"CN", "HQ's own CA"}};
  ca_spec.not_before = std::time(nullptr) - 3600;
  ca_spec.not_after = std::time(nullptr) + 3650LL * 86400;
  ca_spec.is_ca = true;
  ca_spec.key_usage = crypto::kKeyCertSign;
  auto other_ca = crypto::IssueCertificate(ca_spec, other_key->get(), nullptr, other_key->get());
  ASSERT_TRUE(other_ca.ok());
  PlantServerCert(10, other_key->get(), other_ca->get());
  const std::string theirs = Read(dir_ + "/server.pem");
  auto kept = DeviceCa::LoadOrCreate(dir_, {"other.example.jp"});
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  EXPECT_EQ((*kept)->server_cert_issued_because(), "");
  EXPECT_EQ(Read(dir_ + "/server.pem"), theirs);
  EXPECT_LT((*kept)->server_cert_not_after(), std::time(nullptr) + 11LL * 86400);
}

}  // namespace
}  // namespace kakunin::server
