#include "sim/vcard/jpki_ca.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::vcard {
namespace {

namespace fs = std::filesystem;
using crypto::CertificateSpec;

constexpr time_t kDay = 86400;
// Modelled on the JPKI user-authentication policy arc of J-LIS (1.2.392.200149.8.5); the exact
// policy OID of the real certificates is not public knowledge we rely on.
constexpr char kTestPolicyOid[] = "1.2.392.200149.8.5.1.3.30";
constexpr char kCpsUri[] = "http://jpki-test.invalid/cps/";
// Real JPKI certificates publish CRLs and CA certificates over LDAP and HTTP; so do ours, at
// addresses that can never resolve.
constexpr char kCrlUri[] = "http://jpki-test.invalid/crl/user-auth.crl";
constexpr char kCrlLdapUri[] =
    "ldap://jpki-test.invalid/cn=CRL1,ou=JPKI%20for%20user%20authentication,o=JPKI%20TEST,c=JP"
    "?certificateRevocationList";
constexpr char kArlLdapUri[] =
    "ldap://jpki-test.invalid/ou=JPKI%20for%20user%20authentication,o=JPKI%20TEST,c=JP"
    "?authorityRevocationList";
constexpr char kOcspUri[] = "http://jpki-test.invalid/ocsp/";
constexpr char kCaIssuerUri[] = "http://jpki-test.invalid/ca/user-auth-ca.cer";

crypto::DistinguishedName CaName() {
  return {{"C", "JP"},
          {"O", "JPKI TEST (not a real CA)"},
          {"OU", "JPKI for user authentication"},
          {"OU", "Japan Agency for Local Authority Information Systems"}};
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "vcard.io",
                     "cannot read " + path + ": " + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return MakeError(ErrorCode::kUnavailable, "vcard.io",
                       "cannot write " + tmp + ": " + std::strerror(errno));
    }
    out << text;
    if (!out.flush()) return MakeError(ErrorCode::kUnavailable, "vcard.io", "write failed");
  }
  ::chmod(tmp.c_str(), mode);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "vcard.io", "rename: " + ec.message());
  return OkStatus();
}

Bytes SeedHash(const std::string& label, const std::string& seed) {
  return crypto::Sha256(ToBytes(label + ":" + seed));
}

time_t TodayUtc() {
  const time_t now = time(nullptr);
  return now - now % kDay;
}

time_t AddYears(time_t t, int years) {
  struct tm tm {};
  gmtime_r(&t, &tm);
  tm.tm_year += years;
  return timegm(&tm);
}

struct LoadedCa {
  crypto::X509Ptr cert;
  crypto::EvpPkeyPtr key;
  std::string cert_pem;
};

Result<LoadedCa> LoadCa(const std::string& dir) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string cert_pem, ReadFile(dir + "/" + kCaCertFile));
  KAKUNIN_ASSIGN_OR_RETURN(std::string key_pem, ReadFile(dir + "/" + kCaKeyFile));
  KAKUNIN_ASSIGN_OR_RETURN(auto cert, crypto::CertificateFromPem(cert_pem));
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::PrivateKeyFromPem(key_pem));
  return LoadedCa{std::move(cert), std::move(key), std::move(cert_pem)};
}

Status WriteCrl(const std::string& dir, LoadedCa& ca, std::vector<crypto::RevokedEntry> revoked,
                long number) {
  crypto::CrlSpec spec;
  spec.last_update = time(nullptr);
  spec.next_update = spec.last_update + 30 * kDay;
  spec.crl_number = number;
  spec.revoked = std::move(revoked);
  KAKUNIN_ASSIGN_OR_RETURN(auto crl, crypto::IssueCrl(spec, ca.cert.get(), ca.key.get()));
  KAKUNIN_ASSIGN_OR_RETURN(std::string pem, crypto::CrlToPem(crl.get()));
  return WriteFile(dir + "/" + kCrlFile, pem, 0644);
}

Result<crypto::X509Ptr> IssueEndEntity(const crypto::DistinguishedName& subject, Bytes serial,
                                       time_t not_before, time_t not_after, unsigned key_usage,
                                       const EVP_PKEY* key, LoadedCa& ca) {
  CertificateSpec spec;
  spec.subject = subject;
  spec.serial = std::move(serial);
  spec.not_before = not_before;
  spec.not_after = not_after;
  spec.key_usage = key_usage;
  spec.policy_oids = {kTestPolicyOid};
  spec.policy_cps_uri = kCpsUri;
  spec.crl_distribution_points = {kCrlLdapUri, kCrlUri};
  spec.ocsp_urls = {kOcspUri};
  spec.ca_issuer_urls = {kCaIssuerUri};
  return crypto::IssueCertificate(spec, key, ca.cert.get(), ca.key.get());
}

}  // namespace

Result<time_t> ParseDate(const std::string& date) {
  struct tm tm {};
  const char* end = strptime(date.c_str(), "%Y-%m-%d", &tm);
  if (!end || *end != '\0' || date.size() != 10) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_date",
                     "expected YYYY-MM-DD, got '" + date + "'");
  }
  return timegm(&tm);
}

std::string FakeIndividualNumber(const std::string& seed) {
  const Bytes h = SeedHash("individual-number", seed);
  std::string digits;
  for (size_t i = 0; digits.size() < 11; ++i) digits += static_cast<char>('0' + h[i] % 10);
  // The official check digit over P1..P11 (P1 = rightmost) with weights Q = n+1 (n ≤ 6), n-5.
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    const int p = digits[static_cast<size_t>(11 - n)] - '0';
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const int remainder = sum % 11;
  const int valid = remainder <= 1 ? 0 : 11 - remainder;
  return digits + static_cast<char>('0' + (valid + 1) % 10);
}

Status InitCa(const std::string& dir, const std::string& seed) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "vcard.io", dir + ": " + ec.message());
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::DeterministicRsaKey("jpki-ca:" + seed));
  CertificateSpec spec;
  spec.subject = CaName();
  spec.serial = {0x01};
  KAKUNIN_ASSIGN_OR_RETURN(spec.not_before, ParseDate("2024-01-01"));
  KAKUNIN_ASSIGN_OR_RETURN(spec.not_after, ParseDate("2044-01-01"));
  spec.is_ca = true;
  spec.key_usage = crypto::kKeyCertSign | crypto::kCrlSign;
  spec.policy_oids = {kTestPolicyOid};
  spec.policy_cps_uri = kCpsUri;
  spec.crl_distribution_points = {kArlLdapUri};
  KAKUNIN_ASSIGN_OR_RETURN(auto cert,
                           crypto::IssueCertificate(spec, key.get(), nullptr, key.get()));
  KAKUNIN_ASSIGN_OR_RETURN(std::string cert_pem, crypto::CertificateToPem(cert.get()));
  KAKUNIN_ASSIGN_OR_RETURN(std::string key_pem, crypto::PrivateKeyToPem(key.get()));
  KAKUNIN_RETURN_IF_ERROR(WriteFile(dir + "/" + kCaKeyFile, key_pem, 0600));
  KAKUNIN_RETURN_IF_ERROR(WriteFile(dir + "/" + kCaCertFile, cert_pem, 0644));
  LoadedCa ca{std::move(cert), std::move(key), cert_pem};
  return WriteCrl(dir, ca, {}, 1);
}

Result<CardProfile> IssueCard(const IssueOptions& options) {
  if (options.seed.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.no_seed", "a card seed is required");
  }
  if (options.pin.size() != 4 || options.pin.find_first_not_of("0123456789") != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_pin", "the PIN has exactly 4 digits");
  }
  if (options.pin_tries < 0 || options.pin_tries > kAuthPinMaxTries) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_pin_tries", "pin tries are 0..3");
  }
  KAKUNIN_ASSIGN_OR_RETURN(LoadedCa ca, LoadCa(options.ca_dir));
  const time_t not_before = options.not_before.value_or(TodayUtc());
  const time_t not_after = options.not_after.value_or(AddYears(not_before, 5));
  if (not_after <= not_before) {
    return MakeError(ErrorCode::kInvalidArgument, "vcard.bad_validity",
                     "--not-after must be after --not-before");
  }

  // No personal data in the user-auth certificate: C=JP and a random-looking CN from the seed.
  const Bytes cn_hash = SeedHash("cn", options.seed);
  std::string cn;
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  for (size_t i = 0; i < 24; ++i) cn += kAlphabet[cn_hash[i] % (sizeof(kAlphabet) - 1)];
  Bytes serial = SeedHash("serial", options.seed);
  serial.resize(8);
  serial[0] = static_cast<uint8_t>((serial[0] & 0x3F) | 0x10);

  KAKUNIN_ASSIGN_OR_RETURN(auto auth_key, crypto::DeterministicRsaKey("jpki-auth:" + options.seed));
  KAKUNIN_ASSIGN_OR_RETURN(auto sign_key, crypto::DeterministicRsaKey("jpki-sign:" + options.seed));
  KAKUNIN_ASSIGN_OR_RETURN(auto auth_cert,
                           IssueEndEntity({{"C", "JP"}, {"CN", cn}}, serial, not_before, not_after,
                                          crypto::kDigitalSignature, auth_key.get(), ca));
  // The real signature certificate carries name, address, birth date and sex; ours says FAKE.
  Bytes sign_serial = serial;
  sign_serial.back() ^= 0x01;
  KAKUNIN_ASSIGN_OR_RETURN(
      auto sign_cert,
      IssueEndEntity({{"C", "JP"}, {"L", "FAKE"}, {"CN", "FAKE signature certificate " + cn}},
                     sign_serial, not_before, not_after,
                     crypto::kDigitalSignature | crypto::kNonRepudiation, sign_key.get(), ca));

  CardProfile p;
  p.seed = options.seed;
  p.serial = crypto::SerialNumberHex(auth_cert.get());
  p.subject = crypto::SubjectString(auth_cert.get());
  KAKUNIN_ASSIGN_OR_RETURN(p.auth_cert_pem, crypto::CertificateToPem(auth_cert.get()));
  KAKUNIN_ASSIGN_OR_RETURN(p.auth_key_pem, crypto::PrivateKeyToPem(auth_key.get()));
  p.auth_ca_pem = ca.cert_pem;
  KAKUNIN_ASSIGN_OR_RETURN(p.sign_cert_pem, crypto::CertificateToPem(sign_cert.get()));
  KAKUNIN_ASSIGN_OR_RETURN(p.sign_key_pem, crypto::PrivateKeyToPem(sign_key.get()));
  p.sign_ca_pem = ca.cert_pem;  // one test CA for both (the real ones are two CAs)
  p.pin = options.pin;
  p.pin_tries_left = options.pin_tries;
  p.text_pin = options.pin;
  p.fake_individual_number = FakeIndividualNumber(options.seed);
  if (options.revoke) KAKUNIN_RETURN_IF_ERROR(RevokeSerial(options.ca_dir, p.serial));
  return p;
}

Status RevokeSerial(const std::string& ca_dir, const std::string& serial_hex) {
  KAKUNIN_ASSIGN_OR_RETURN(LoadedCa ca, LoadCa(ca_dir));
  KAKUNIN_ASSIGN_OR_RETURN(Bytes serial, FromHex(serial_hex));
  std::vector<crypto::RevokedEntry> revoked;
  long number = 1;
  if (auto pem = ReadFile(ca_dir + "/" + kCrlFile); pem.ok()) {
    KAKUNIN_ASSIGN_OR_RETURN(auto crl, crypto::CrlFromPem(*pem));
    revoked = crypto::CrlRevoked(crl.get());
    number = crypto::CrlNumber(crl.get()) + 1;
  }
  for (const auto& entry : revoked) {
    if (entry.serial == serial) return WriteCrl(ca_dir, ca, revoked, number);
  }
  revoked.push_back({serial, time(nullptr)});
  return WriteCrl(ca_dir, ca, std::move(revoked), number);
}

}  // namespace kakunin::vcard
