#include "server/pki/device_ca.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
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
    spec.not_before = now - 3600;
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
  if (!fs::exists(srv_pem_path)) {
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateEcP256Key());
    crypto::CertificateSpec spec;
    spec.subject = {{"C", "JP"}, {"O", "Kakunin"}, {"CN", "kakunin-server"}};
    spec.not_before = now - 3600;
    spec.not_after = now + 2LL * 365 * 86400;
    spec.key_usage = crypto::kDigitalSignature | crypto::kKeyEncipherment;
    spec.extended_key_usage = {"serverAuth"};
    for (const auto& n : server_names) {
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
  spec.not_before = now - 300;
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
