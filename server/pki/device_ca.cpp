#include "server/pki/device_ca.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/x509v3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::server {
namespace fs = std::filesystem;

namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "pki.read", "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::string& path, const std::string& data, mode_t mode) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << data;
    if (!out) return MakeError(ErrorCode::kInternal, "pki.write", "cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), mode);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "pki.write", "cannot rename to " + path);
  return OkStatus();
}

Status CheckPrivate(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO))) {
    return MakeError(ErrorCode::kPermissionDenied, "pki.key_mode",
                     path + " must be readable by its owner only (chmod 600)");
  }
  return OkStatus();
}

bool IsIpAddress(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// An address as inet_ntop writes it, so that "::1" and "0:0::1" compare equal.
std::string IpText(const unsigned char* bytes, int length) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(length == 4 ? AF_INET : AF_INET6, bytes, text, sizeof text);
  return text;
}

std::string CanonicalName(const std::string& name) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, name.c_str(), buf) == 1) return IpText(buf, 4);
  if (inet_pton(AF_INET6, name.c_str(), buf) == 1) return IpText(buf, 16);
  return name;
}

// The DNS names and IP addresses a certificate names.
std::set<std::string> AltNames(X509* cert) {
  std::set<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      out.emplace(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                  static_cast<size_t>(ASN1_STRING_length(n->d.dNSName)));
    } else if (n->type == GEN_IPADD) {
      const int length = ASN1_STRING_length(n->d.iPAddress);
      if (length == 4 || length == 16) {
        out.insert(IpText(ASN1_STRING_get0_data(n->d.iPAddress), length));
      }
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

// Holds an exclusive lock on a file while alive (replicas sharing one data directory).
class DirLock {
 public:
  explicit DirLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT, 0600)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_;
};

constexpr time_t kRenewBefore = 60LL * 86400;

}  // namespace

Result<std::unique_ptr<DeviceCa>> DeviceCa::LoadOrCreate(
    const std::string& dir, const std::vector<std::string>& server_names) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  auto ca = std::unique_ptr<DeviceCa>(new DeviceCa());
  const std::string ca_pem_path = dir + "/ca.pem", ca_key_path = dir + "/ca.key";
  time_t now = std::time(nullptr);
  if (!fs::exists(ca_pem_path)) {
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEcP256Key());
    crypto::CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "Kakunin"}, {"CN", "Kakunin Device CA"}};
    spec.not_before = now - 2 * 86400;  // as the server's certificate (below)
    spec.not_after = now + 20LL * 365 * 86400;
    spec.is_ca = true;
    spec.path_length = 0;
    spec.key_usage = crypto::kKeyCertSign | crypto::kCrlSign | crypto::kDigitalSignature;
    KAKUNIN_ASSIGN_OR_RETURN(auto cert,
                             crypto::IssueCertificate(spec, key.get(), nullptr, key.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto key_pem, crypto::PrivateKeyToPem(key.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto cert_pem, crypto::CertificateToPem(cert.get()));
    KAKUNIN_RETURN_IF_ERROR(WriteFile(ca_key_path, key_pem, 0600));
    KAKUNIN_RETURN_IF_ERROR(WriteFile(ca_pem_path, cert_pem, 0644));
  }
  KAKUNIN_RETURN_IF_ERROR(CheckPrivate(ca_key_path));
  KAKUNIN_ASSIGN_OR_RETURN(ca->ca_pem_, ReadFile(ca_pem_path));
  KAKUNIN_ASSIGN_OR_RETURN(auto ca_key_pem, ReadFile(ca_key_path));
  KAKUNIN_ASSIGN_OR_RETURN(ca->ca_cert_, crypto::CertificateFromPem(ca->ca_pem_));
  KAKUNIN_ASSIGN_OR_RETURN(ca->ca_key_, crypto::PrivateKeyFromPem(ca_key_pem));

  const std::string srv_pem_path = dir + "/server.pem", srv_key_path = dir + "/server.key";
  DirLock lock(dir + "/.server-cert.lock");
  std::string because = fs::exists(srv_pem_path) ? "" : "none yet";
  // The names a new certificate carries: those asked for, in their order.
  std::vector<std::string> names = server_names;
  if (because.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(auto pem, ReadFile(srv_pem_path));
    KAKUNIN_ASSIGN_OR_RETURN(auto current, crypto::CertificateFromPem(pem));
    // Only ours: a certificate HQ brought from elsewhere is theirs to renew.
    const bool ours = X509_check_issued(ca->ca_cert_.get(), current.get()) == X509_V_OK &&
                      X509_verify(current.get(), ca->ca_key_.get()) == 1;
    std::set<std::string> wanted;
    for (const auto& n : server_names) wanted.insert(CanonicalName(n));
    // A name the certificate has and the settings leave out is kept: terminals and consoles dial
    // it. A server restored onto a new machine with the package's settings (localhost only)
    // re-issued its certificate without HQ's name, and the whole chain failed TLS. Dropping a
    // name is done by moving pki/server.pem away.
    const std::set<std::string> held = AltNames(current.get());
    for (const auto& n : held) {
      if (ours && !wanted.empty() && wanted.insert(n).second) {
        names.push_back(n);
        ca->server_names_kept_.push_back(n);
      }
    }
    if (ours && crypto::NotAfter(current.get()) - now < kRenewBefore) {
      because = "under 60 days left";
    } else if (ours && !wanted.empty() && held != wanted) {
      because = "other server names asked for";
    }
  }
  if (!because.empty()) {
    ca->server_issued_because_ = because;
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEcP256Key());
    crypto::CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "Kakunin"}, {"CN", "kakunin-server"}};
    // Two days back: a terminal whose clock is a day slow still accepts a certificate issued
    // today (a replica added, a renewal before expiry); an hour refused it as not yet valid.
    spec.not_before = now - 2 * 86400;
    spec.not_after = now + 2LL * 365 * 86400;
    spec.key_usage = crypto::kDigitalSignature | crypto::kKeyEncipherment;
    spec.extended_key_usage = {"serverAuth"};
    for (const auto& n : names) {
      (IsIpAddress(n) ? spec.ip_addresses : spec.dns_names).push_back(n);
    }
    KAKUNIN_ASSIGN_OR_RETURN(
        auto cert,
        crypto::IssueCertificate(spec, key.get(), ca->ca_cert_.get(), ca->ca_key_.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto key_pem, crypto::PrivateKeyToPem(key.get()));
    KAKUNIN_ASSIGN_OR_RETURN(auto cert_pem, crypto::CertificateToPem(cert.get()));
    KAKUNIN_RETURN_IF_ERROR(WriteFile(srv_key_path, key_pem, 0600));
    KAKUNIN_RETURN_IF_ERROR(WriteFile(srv_pem_path, cert_pem, 0644));
  }
  KAKUNIN_RETURN_IF_ERROR(CheckPrivate(srv_key_path));
  KAKUNIN_ASSIGN_OR_RETURN(ca->server_cert_pem_, ReadFile(srv_pem_path));
  KAKUNIN_ASSIGN_OR_RETURN(ca->server_key_pem_, ReadFile(srv_key_path));
  KAKUNIN_ASSIGN_OR_RETURN(auto served, crypto::CertificateFromPem(ca->server_cert_pem_));
  ca->server_not_after_ = crypto::NotAfter(served.get());
  return ca;
}

Result<IssuedDevice> DeviceCa::IssueDeviceCertificate(const std::string& csr_pem,
                                                      const std::string& device_id,
                                                      const std::string& site_id,
                                                      int lifetime_days) const {
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::CsrFromPem(csr_pem));
  KAKUNIN_RETURN_IF_ERROR(crypto::VerifyCsr(csr.get(), crypto::kTerminalKeyTypes));
  KAKUNIN_ASSIGN_OR_RETURN(auto pub, crypto::CsrPublicKey(csr.get()));
  time_t now = std::time(nullptr);
  crypto::CertificateSpec spec;
  spec.subject = {{"C", "JP"}, {"O", "Kakunin"}, {"OU", site_id}, {"CN", device_id}};
  spec.not_before = now - kDeviceCertBackdate;
  spec.not_after = now + static_cast<time_t>(lifetime_days) * 86400;
  spec.key_usage = crypto::kDigitalSignature;
  spec.extended_key_usage = {"clientAuth"};
  KAKUNIN_ASSIGN_OR_RETURN(
      auto cert, crypto::IssueCertificate(spec, pub.get(), ca_cert_.get(), ca_key_.get()));
  IssuedDevice out;
  KAKUNIN_ASSIGN_OR_RETURN(out.certificate_pem, crypto::CertificateToPem(cert.get()));
  out.serial_hex = crypto::SerialNumberHex(cert.get());
  out.not_after = spec.not_after;
  KAKUNIN_ASSIGN_OR_RETURN(auto spki, crypto::PublicKeyToDer(pub.get()));
  out.public_key_sha256 = crypto::Sha256(spki);
  out.verification_code = crypto::ShortVerificationCode(spki);
  return out;
}

}  // namespace kakunin::server
