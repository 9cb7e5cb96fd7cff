// Proves the certificate builder, CSRs and CRLs round-trip, and that the chain verifier tells
// apart a foreign CA, an expired certificate, a revoked one and a tampered signature.
#include "common/crypto/x509.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"

namespace kakunin::crypto {
namespace {

constexpr time_t kJan2025 = 1735689600;  // 2025-01-01T00:00:00Z
constexpr time_t kDay = 86400;

CertificateSpec CaSpec(const std::string& cn) {
  CertificateSpec spec;
  spec.subject = {{"C", "JP"}, {"O", "Kakunin TEST"}, {"CN", cn}};
  spec.serial = {0x01};
  spec.not_before = kJan2025;
  spec.not_after = kJan2025 + 3650 * kDay;
  spec.is_ca = true;
  spec.path_length = 0;
  spec.key_usage = kKeyCertSign | kCrlSign;
  return spec;
}

class X509Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_key_ = std::move(DeterministicRsaKey("x509-test-ca")).value();
    ca_ = std::move(IssueCertificate(CaSpec("Test Root"), ca_key_.get(), nullptr, ca_key_.get()))
              .value();
    leaf_key_ = std::move(GenerateEcP256Key()).value();
    CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "確認薬局チェーン"}, {"CN", "store-0042.example.jp"}};
    spec.serial = {0x10, 0x20, 0x30};
    spec.not_before = kJan2025;
    spec.not_after = kJan2025 + 365 * kDay;
    spec.key_usage = kDigitalSignature | kKeyEncipherment;
    spec.extended_key_usage = {"serverAuth", "clientAuth"};
    spec.crl_distribution_points = {"http://crl.example.jp/test.crl",
                                    "ldap://crl.example.jp/cn=CRL1,o=Test,c=JP"};
    spec.policy_oids = {"1.2.392.200149.8.5.1.3.30"};
    spec.policy_cps_uri = "http://cps.example.jp/";
    spec.ocsp_urls = {"http://ocsp.example.jp/"};
    spec.ca_issuer_urls = {"http://ca.example.jp/root.cer"};
    spec.dns_names = {"store-0042.example.jp", "localhost"};
    spec.ip_addresses = {"127.0.0.1", "::1"};
    auto leaf = IssueCertificate(spec, leaf_key_.get(), ca_.get(), ca_key_.get());
    ASSERT_TRUE(leaf.ok()) << leaf.error().ToString();
    leaf_ = std::move(leaf).value();
  }

  Status Verify(X509* leaf, time_t at, std::vector<X509_CRL*> crls = {}) {
    VerifyInput input;
    input.leaf = leaf;
    input.roots = {ca_.get()};
    input.crls = std::move(crls);
    input.at = at;
    return VerifyCertificateChain(input);
  }

  EvpPkeyPtr ca_key_;
  X509Ptr ca_;
  EvpPkeyPtr leaf_key_;
  X509Ptr leaf_;
};

TEST_F(X509Test, FieldsAreWrittenAsAsked) {
  EXPECT_EQ(SubjectField(leaf_.get(), "O"), "確認薬局チェーン");
  EXPECT_EQ(SubjectField(leaf_.get(), "CN"), "store-0042.example.jp");
  EXPECT_EQ(SerialNumberHex(leaf_.get()), "102030");
  EXPECT_EQ(NotBefore(leaf_.get()), kJan2025);
  EXPECT_EQ(NotAfter(leaf_.get()), kJan2025 + 365 * kDay);
  EXPECT_NE(SubjectString(leaf_.get()).find("O=確認薬局チェーン"), std::string::npos)
      << SubjectString(leaf_.get());
  EXPECT_EQ(IssuerString(leaf_.get()), SubjectString(ca_.get()));
  EXPECT_EQ(X509_check_host(leaf_.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(leaf_.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ca(ca_.get()), 1);
  EXPECT_EQ(X509_check_ca(leaf_.get()), 0);
  EXPECT_TRUE(X509_get_key_usage(leaf_.get()) & KU_DIGITAL_SIGNATURE);
  EXPECT_TRUE(X509_get_extended_key_usage(leaf_.get()) & XKU_SSL_SERVER);
  EXPECT_NE(X509_get0_subject_key_id(leaf_.get()), nullptr);
  EXPECT_NE(X509_get0_authority_key_id(leaf_.get()), nullptr);
  EXPECT_GE(X509_get_ext_by_NID(leaf_.get(), NID_crl_distribution_points, -1), 0);
  EXPECT_GE(X509_get_ext_by_NID(leaf_.get(), NID_certificate_policies, -1), 0);
  EXPECT_GE(X509_get_ext_by_NID(leaf_.get(), NID_info_access, -1), 0);
  auto pub = CertificatePublicKey(leaf_.get());
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(SamePublicKey(pub->get(), leaf_key_.get()));
}

TEST_F(X509Test, PemAndDerRoundTrip) {
  auto pem = CertificateToPem(leaf_.get());
  ASSERT_TRUE(pem.ok());
  auto der = CertificateToDer(leaf_.get());
  ASSERT_TRUE(der.ok());
  EXPECT_EQ(*CertificateToDer(CertificateFromPem(*pem)->get()), *der);
  EXPECT_EQ(*CertificateToDer(CertificateFromDer(*der)->get()), *der);
  auto bundle = CertificatesFromPem(*pem + *CertificateToPem(ca_.get()));
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->size(), 2u);
  EXPECT_FALSE(CertificatesFromPem("nothing here").ok());
}

TEST_F(X509Test, ChainVerifies) {
  Status status = Verify(leaf_.get(), kJan2025 + 10 * kDay);
  EXPECT_TRUE(status.ok()) << status.error().ToString();
}

TEST_F(X509Test, ForeignCaIsUntrusted) {
  auto other_key = DeterministicRsaKey("x509-test-other-ca");
  auto other_ca = IssueCertificate(CaSpec("Test Root"), other_key->get(), nullptr,
                                   other_key->get());  // same name, other key
  CertificateSpec spec;
  spec.subject = {{"CN", "foreign"}};
  spec.not_before = kJan2025;
  spec.not_after = kJan2025 + 100 * kDay;
  auto foreign = IssueCertificate(spec, leaf_key_.get(), other_ca->get(), other_key->get());
  ASSERT_TRUE(foreign.ok());
  Status status = Verify(foreign->get(), kJan2025 + kDay);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kUnauthenticated);
  // Same issuer name: OpenSSL finds our root and the signature fails, or finds no issuer.
  EXPECT_TRUE(status.error().reason() == "cert.untrusted" ||
              status.error().reason() == "cert.bad_signature")
      << status.error().ToString();

  spec.subject = {{"CN", "foreign2"}};
  auto other_named =
      IssueCertificate(CaSpec("Elsewhere Root"), other_key->get(), nullptr, other_key->get());
  auto foreign2 = IssueCertificate(spec, leaf_key_.get(), other_named->get(), other_key->get());
  Status status2 = Verify(foreign2->get(), kJan2025 + kDay);
  ASSERT_FALSE(status2.ok());
  EXPECT_EQ(status2.error().reason(), "cert.untrusted") << status2.error().ToString();
}

TEST_F(X509Test, ExpiredAndNotYetValid) {
  Status expired = Verify(leaf_.get(), kJan2025 + 400 * kDay);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().reason(), "cert.expired");
  Status early = Verify(leaf_.get(), kJan2025 - kDay);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().reason(), "cert.not_yet_valid");
}

TEST_F(X509Test, RevokedByCrl) {
  CrlSpec crl_spec;
  crl_spec.last_update = kJan2025;
  crl_spec.next_update = kJan2025 + 30 * kDay;
  crl_spec.revoked = {{{0x10, 0x20, 0x30}, kJan2025 + kDay}};
  auto crl = IssueCrl(crl_spec, ca_.get(), ca_key_.get());
  ASSERT_TRUE(crl.ok()) << crl.error().ToString();
  Status revoked = Verify(leaf_.get(), kJan2025 + 2 * kDay, {crl->get()});
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().reason(), "cert.revoked");

  crl_spec.revoked = {{{0x77}, kJan2025}};
  auto other = IssueCrl(crl_spec, ca_.get(), ca_key_.get());
  EXPECT_TRUE(Verify(leaf_.get(), kJan2025 + 2 * kDay, {other->get()}).ok());
  // A CRL past its nextUpdate is not trusted to say "not revoked".
  Status stale = Verify(leaf_.get(), kJan2025 + 60 * kDay, {other->get()});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().reason(), "cert.crl_unavailable");
}

TEST_F(X509Test, CrlRoundTrip) {
  CrlSpec spec;
  spec.last_update = kJan2025;
  spec.next_update = kJan2025 + kDay;
  spec.crl_number = 7;
  spec.revoked = {{{0x01, 0x02}, kJan2025}, {{0x03}, kJan2025 + 60}};
  auto crl = IssueCrl(spec, ca_.get(), ca_key_.get());
  ASSERT_TRUE(crl.ok());
  auto pem = CrlToPem(crl->get());
  ASSERT_TRUE(pem.ok());
  auto back = CrlFromPem(*pem);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*CrlToDer(back->get()), *CrlToDer(crl->get()));
  EXPECT_EQ(*CrlToDer(CrlFromDer(*CrlToDer(crl->get()))->get()), *CrlToDer(crl->get()));
  auto revoked = CrlRevoked(back->get());
  ASSERT_EQ(revoked.size(), 2u);
  EXPECT_EQ(CrlLastUpdate(back->get()), kJan2025);
  EXPECT_EQ(CrlNextUpdate(back->get()), kJan2025 + kDay);
  EXPECT_EQ(CrlNumber(back->get()), 7);
  EXPECT_EQ(X509_CRL_verify(back->get(), ca_key_.get()), 1);
}

TEST_F(X509Test, TamperedSignatureIsDetected) {
  Bytes der = *CertificateToDer(leaf_.get());
  der[der.size() - 5] ^= 0x01;  // inside the signature BIT STRING
  auto tampered = CertificateFromDer(der);
  ASSERT_TRUE(tampered.ok());
  Status status = Verify(tampered->get(), kJan2025 + kDay);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().reason(), "cert.bad_signature") << status.error().ToString();
}

TEST_F(X509Test, VerifyRsaSignatureWithCertificate) {
  const Bytes message = ToBytes("signed by the CA key");
  auto sig = RsaSignDigestInfo(ca_key_.get(), *Sha256DigestInfo(Sha256(message)));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyRsaSha256WithCertificate(ca_.get(), message, *sig).ok());
  EXPECT_FALSE(VerifyRsaSha256WithCertificate(ca_.get(), ToBytes("x"), *sig).ok());
}

TEST(Csr, TerminalKeysAreEd25519AndHqStillTakesP256ButNoOther) {
  auto terminal = GenerateTerminalKey();
  ASSERT_TRUE(terminal.ok());
  EXPECT_EQ(GetKeyType(terminal->get()), KeyType::kEd25519);
  auto p256 = GenerateEcP256Key();
  auto rsa = GenerateRsaKey(2048);
  ASSERT_TRUE(p256.ok() && rsa.ok());
  for (const EVP_PKEY* key : {terminal->get(), p256->get()}) {
    auto csr = MakeCsr(key, {{"CN", "terminal"}});
    ASSERT_TRUE(csr.ok()) << csr.error().ToString();
    EXPECT_TRUE(VerifyCsr(CsrFromPem(*CsrToPem(csr->get()))->get(), kTerminalKeyTypes).ok());
  }
  auto csr = MakeCsr(rsa->get(), {{"CN", "terminal"}});
  ASSERT_TRUE(csr.ok());
  Status refused = VerifyCsr(csr->get(), kTerminalKeyTypes);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "crypto.csr_wrong_key_type");
  EXPECT_NE(refused.error().message().find("RSA key, expected Ed25519 or EC P-256"),
            std::string::npos)
      << refused.error().message();
}

TEST(Csr, RoundTripAndKeyTypeCheck) {
  auto key = GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  auto csr = MakeCsr(key->get(), {{"C", "JP"}, {"CN", "terminal-7"}}, {"terminal-7.local"});
  ASSERT_TRUE(csr.ok()) << csr.error().ToString();
  auto pem = CsrToPem(csr->get());
  ASSERT_TRUE(pem.ok());
  auto back = CsrFromPem(*pem);
  ASSERT_TRUE(back.ok());
  const KeyType p256[] = {KeyType::kEcP256};
  EXPECT_TRUE(VerifyCsr(back->get(), p256).ok());
  EXPECT_EQ(CsrSubjectString(back->get()), "CN=terminal-7,C=JP");
  EXPECT_TRUE(SamePublicKey(CsrPublicKey(back->get())->get(), key->get()));
  const KeyType rsa[] = {KeyType::kRsa};
  Status wrong = VerifyCsr(back->get(), rsa);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().reason(), "crypto.csr_wrong_key_type");

  Bytes der = *CsrToDer(csr->get());
  EXPECT_EQ(*CsrToDer(CsrFromDer(der)->get()), der);
  der[der.size() - 3] ^= 0x01;  // break the self-signature
  auto broken = CsrFromDer(der);
  ASSERT_TRUE(broken.ok());
  Status bad = VerifyCsr(broken->get());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason(), "crypto.csr_bad_signature");
}

}  // namespace
}  // namespace kakunin::crypto
