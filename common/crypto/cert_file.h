#pragma once
// Reading a certificate file that is not ours (issue 19's certificate calendar): the on-site
// 資格確認端末's certificate, at a path HQ names on the counter PC. Only the certificate is
// read — never a private key: a file holding key material (a PEM "PRIVATE KEY" block, a DER
// private key or a PKCS#12 bundle) is refused before anything in it is parsed, and its bytes are
// wiped. The file is bounded (kMaxCertificateFileBytes) and never written.

#include <ctime>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::crypto {

inline constexpr size_t kMaxCertificateFileBytes = 64 * 1024;

struct CertificateFacts {
  time_t not_before = 0;
  time_t not_after = 0;
  std::string subject;     // RFC 2253, UTF-8, at most 256 bytes
  std::string serial_hex;  // lower-case hex, at most 64 characters
  std::string encoding;    // "pem" or "der"
};

// The first certificate of PEM or DER bytes. Refusals (kInvalidArgument):
// "cert_file.private_key" (key material, nothing parsed), "cert_file.too_large",
// "cert_file.not_a_certificate". Pure; safe on any bytes (fuzzed).
Result<CertificateFacts> ParseCertificateFile(std::string_view bytes);

// Reads `path` (a regular file, at most kMaxCertificateFileBytes; FIFOs and devices refused)
// and parses it. Also "cert_file.unreadable" (kNotFound / kUnavailable with the OS's reason).
Result<CertificateFacts> ReadCertificateFile(const std::string& path);

}  // namespace kakunin::crypto
