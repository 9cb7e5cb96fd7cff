#include "common/crypto/cert_file.h"

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/crypto/x509.h"
#include "common/os/files.h"

namespace kakunin::crypto {
namespace {

constexpr size_t kMaxSubjectBytes = 256;
constexpr size_t kMaxSerialHex = 64;

Error Refused(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// DER key material starts SEQUENCE { INTEGER version, … } (PKCS#8, PKCS#1, SEC1, PKCS#12);
// a certificate starts SEQUENCE { SEQUENCE tbsCertificate, … }. Decided from the first bytes
// so that key material is never handed to a parser.
bool LooksLikeDerKeyMaterial(std::string_view b) {
  if (b.size() < 2 || static_cast<unsigned char>(b[0]) != 0x30) return false;
  const auto first_len = static_cast<unsigned char>(b[1]);
  size_t header = 2;
  if (first_len & 0x80) header += first_len & 0x7f;
  return b.size() > header && static_cast<unsigned char>(b[header]) == 0x02;
}

Result<CertificateFacts> Facts(X509* cert, std::string encoding) {
  CertificateFacts f;
  f.not_before = NotBefore(cert);
  f.not_after = NotAfter(cert);
  if (f.not_after == 0) {
    return Refused("cert_file.not_a_certificate", "the certificate has no readable notAfter");
  }
  f.subject = SubjectString(cert);
  if (f.subject.size() > kMaxSubjectBytes) {
    // Cut on a UTF-8 boundary: the text is shown on HQ's screens.
    size_t cut = kMaxSubjectBytes;
    while (cut > 0 && (static_cast<unsigned char>(f.subject[cut]) & 0xc0) == 0x80) --cut;
    f.subject.resize(cut);
  }
  f.serial_hex = SerialNumberHex(cert);
  if (f.serial_hex.size() > kMaxSerialHex) f.serial_hex.resize(kMaxSerialHex);
  f.encoding = std::move(encoding);
  return f;
}

}  // namespace

Result<CertificateFacts> ParseCertificateFile(std::string_view bytes) {
  if (bytes.size() > kMaxCertificateFileBytes) {
    return Refused("cert_file.too_large", "a certificate file is at most 64 KiB");
  }
  if (bytes.find("PRIVATE KEY") != std::string_view::npos || LooksLikeDerKeyMaterial(bytes)) {
    return Refused("cert_file.private_key",
                   "the file holds a private key; give the path of the certificate alone "
                   "(.cer/.crt/.pem)");
  }
  if (bytes.find("-----BEGIN") != std::string_view::npos) {
    // The first CERTIFICATE block; other PEM blocks (parameters, CRLs) are skipped by OpenSSL.
    auto cert = CertificateFromPem(bytes);
    if (!cert.ok()) {
      return Refused("cert_file.not_a_certificate", "no PEM certificate could be read");
    }
    return Facts(cert->get(), "pem");
  }
  auto cert = CertificateFromDer(
      ByteView(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
  if (!cert.ok()) {
    return Refused("cert_file.not_a_certificate", "neither a PEM nor a DER certificate");
  }
  return Facts(cert->get(), "der");
}

Result<CertificateFacts> ReadCertificateFile(const std::string& path) {
  // Never blocks on a FIFO; one byte more than allowed comes back when the file is too large.
  auto bytes = os::ReadRegularFile(path, kMaxCertificateFileBytes);
  if (!bytes.ok()) {
    return MakeError(bytes.error().code(), "cert_file.unreadable", bytes.error().message());
  }
  std::string& buf = *bytes;
  Result<CertificateFacts> facts =
      buf.size() > kMaxCertificateFileBytes
          ? Result<CertificateFacts>(
                Refused("cert_file.too_large", path + ": a certificate file is at most 64 KiB"))
          : ParseCertificateFile(buf);
  // The bytes may have been a private key: nothing of them stays in memory.
  OPENSSL_cleanse(buf.data(), buf.size());
  return facts;
}

}  // namespace kakunin::crypto
