// Proves the kakunin-vcard command line (init-ca, issue, --help, exit codes) and that issued
// certificates follow the JPKI profile: RSA-2048, SHA-256, no personal data in the user-auth
// certificate, chain verifies against the TEST CA, and --revoke lands in the CRL.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "sim/vcard/card_profile.h"
#include "sim/vcard/jpki_ca.h"
#include "sim/vcard/tests/test_card.h"

namespace kakunin::vcard {
namespace {

struct Output {
  int exit_code;
  std::string text;  // stdout and stderr
};

Output RunVcard(const std::string& args) {
  const std::string command = std::string(KAKUNIN_VCARD_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string text;
  char buf[512];
  while (pipe && fgets(buf, sizeof(buf), pipe)) text += buf;
  const int status = pipe ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(VcardCli, HelpOnEveryCommand) {
  for (const char* command : {"--help", "init-ca --help", "issue --help", "run --help"}) {
    Output out = RunVcard(command);
    EXPECT_EQ(out.exit_code, 0) << command;
    EXPECT_NE(out.text.find("usage: kakunin-vcard"), std::string::npos) << command;
  }
}

TEST(VcardCli, UsageErrorsExitWithTwoOnOneLine) {
  for (const char* command :
       {"", "frobnicate", "issue --seed x", "run --port 1", "init-ca --bad"}) {
    Output out = RunVcard(command);
    EXPECT_EQ(out.exit_code, 2) << command;
    EXPECT_EQ(std::count(out.text.begin(), out.text.end(), '\n'), 1) << out.text;
  }
}

TEST(VcardCli, RunFailsClearlyForAMissingCard) {
  Output out = RunVcard("run --card /nonexistent/card.json --connect-timeout 1");
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.text.find("/nonexistent/card.json"), std::string::npos) << out.text;
}

TEST(VcardCli, InitCaAndIssue) {
  const std::string dir = testing::MakeTempDir();
  Output init = RunVcard("init-ca --dir " + dir + "/ca");
  ASSERT_EQ(init.exit_code, 0) << init.text;
  struct stat st {};
  ASSERT_EQ(stat((dir + "/ca/jpki-ca.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  Output issue = RunVcard("issue --ca-dir " + dir + "/ca --seed card-a --out " + dir +
                          "/a.json --pin 4321 --not-before 2025-01-01 --not-after 2030-01-01");
  ASSERT_EQ(issue.exit_code, 0) << issue.text;
  auto profile = LoadCardProfile(dir + "/a.json");
  ASSERT_TRUE(profile.ok()) << profile.error().ToString();
  EXPECT_EQ(profile->pin, "4321");
  EXPECT_EQ(profile->pin_tries_left, 3);
  EXPECT_NE(issue.text.find("serial " + profile->serial), std::string::npos) << issue.text;
  EXPECT_NE(issue.text.find("subject " + profile->subject), std::string::npos);

  // Same seed and dates: the same certificate, byte for byte.
  ASSERT_EQ(RunVcard("issue --ca-dir " + dir + "/ca --seed card-a --out " + dir +
                     "/a2.json --pin 4321 --not-before 2025-01-01 --not-after 2030-01-01")
                .exit_code,
            0);
  EXPECT_EQ(LoadCardProfile(dir + "/a2.json")->auth_cert_pem, profile->auth_cert_pem);

  Output revoke =
      RunVcard("issue --ca-dir " + dir + "/ca --seed card-b --out " + dir + "/b.json --revoke");
  ASSERT_EQ(revoke.exit_code, 0) << revoke.text;
  auto revoked_profile = LoadCardProfile(dir + "/b.json");
  auto crl = crypto::CrlFromPem(Slurp(dir + "/ca/jpki-crl.pem"));
  ASSERT_TRUE(crl.ok());
  auto entries = crypto::CrlRevoked(crl->get());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(ToHex(entries[0].serial), revoked_profile->serial);
  EXPECT_EQ(crypto::CrlNumber(crl->get()), 2);

  auto cert = crypto::CertificateFromPem(revoked_profile->auth_cert_pem);
  auto ca = crypto::CertificateFromPem(revoked_profile->auth_ca_pem);
  crypto::VerifyInput input{cert->get(), {}, {ca->get()}, {crl->get()}, 0};
  Status status = crypto::VerifyCertificateChain(input);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason(), "cert.revoked");
}

TEST(IssuedCertificates, FollowTheJpkiProfile) {
  const CardProfile& p = testing::TestProfile();
  auto cert = crypto::CertificateFromPem(p.auth_cert_pem);
  auto ca = crypto::CertificateFromPem(p.auth_ca_pem);
  ASSERT_TRUE(cert.ok() && ca.ok());
  const size_t cert_size = crypto::CertificateToDer(cert->get())->size();
  const size_t ca_size = crypto::CertificateToDer(ca->get())->size();
  RecordProperty("auth_cert_bytes", std::to_string(cert_size));
  RecordProperty("ca_cert_bytes", std::to_string(ca_size));
  EXPECT_GT(cert_size, 256u);  // always needs more than one short READ BINARY
  EXPECT_GE(ca_size, 1000u);
  EXPECT_LE(ca_size, 1600u);
  EXPECT_GE(cert_size, 1100u);
  EXPECT_LE(cert_size, 2100u);
  auto key = crypto::CertificatePublicKey(cert->get());
  EXPECT_EQ(crypto::GetKeyType(key->get()), crypto::KeyType::kRsa);
  EXPECT_EQ(crypto::KeyBits(key->get()), 2048);
  EXPECT_EQ(X509_get_signature_nid(cert->get()), NID_sha256WithRSAEncryption);
  // No personal data: only C and a random-looking CN.
  EXPECT_EQ(X509_NAME_entry_count(X509_get_subject_name(cert->get())), 2);
  EXPECT_EQ(crypto::SubjectField(cert->get(), "C"), "JP");
  EXPECT_EQ(crypto::SubjectField(cert->get(), "CN").size(), 24u);
  EXPECT_NE(crypto::IssuerString(cert->get()).find("TEST"), std::string::npos);
  crypto::VerifyInput input{cert->get(), {}, {ca->get()}, {}, 0};
  Status status = crypto::VerifyCertificateChain(input);
  EXPECT_TRUE(status.ok()) << status.error().ToString();
  // The key in the profile is the certificate's.
  auto private_key = crypto::PrivateKeyFromPem(p.auth_key_pem);
  EXPECT_TRUE(crypto::SamePublicKey(private_key->get(), key->get()));
}

TEST(FakeIndividualNumber, HasTwelveDigitsAndAnInvalidCheckDigit) {
  const std::string number = FakeIndividualNumber("some-seed");
  ASSERT_EQ(number.size(), 12u);
  EXPECT_EQ(number.find_first_not_of("0123456789"), std::string::npos);
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += (number[11 - n] - '0') * (n <= 6 ? n + 1 : n - 5);
  const int valid = sum % 11 <= 1 ? 0 : 11 - sum % 11;
  EXPECT_NE(number.back() - '0', valid);
}

TEST(CardProfile, SavesAtomicallyAndLoadsBack) {
  const std::string path = testing::MakeTempDir() + "/card.json";
  CardProfile p = testing::TestProfile();
  p.pin_tries_left = 1;
  ASSERT_TRUE(SaveCardProfile(p, path).ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = LoadCardProfile(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pin_tries_left, 1);
  EXPECT_EQ(back->auth_cert_pem, p.auth_cert_pem);
  EXPECT_FALSE(CardProfileFromJson("{}").ok());
  EXPECT_FALSE(CardProfileFromJson("not json").ok());
}

}  // namespace
}  // namespace kakunin::vcard
