#pragma once
// The enrollment bundle: everything a terminal needs to join HQ, as one short string (and the
// same as a QR code) — HQ's addresses, the SHA-256 fingerprint of HQ's CA certificate, the site
// and the one-time token:
//
//   kakunin-enroll:v1?server=hq1.example.jp:7443&server=hq2.example.jp:7443
//     &ca=sha256:<64 hex>&site=honcho&token=<token>
//
// The terminal fetches the CA over TLS and trusts it only when its fingerprint matches, so no
// file has to be carried to the store. Pure: no I/O.
//
// The site and the token are 1 to 64 of A–Z a–z 0–9 - _ . ~ (HQ's limits on EnrollRequest).
// Errors (kInvalidArgument): bundle.malformed.

#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::crypto {

inline constexpr char kBundlePrefix[] = "kakunin-enroll:v1?";

struct EnrollBundle {
  std::vector<std::string> servers;  // HOST:PORT, tried in order
  std::string ca_sha256_hex;         // lower-case, 64 hex digits, of the CA certificate's DER
  std::string site_id;
  std::string token;
};

std::string FormatEnrollBundle(const EnrollBundle& bundle);
Result<EnrollBundle> ParseEnrollBundle(const std::string& text);
// SHA-256 of a certificate's DER, lower-case hex ("" when it cannot be encoded).
std::string CertificateSha256Hex(X509* cert);
Result<std::string> CertificateSha256Hex(const std::string& pem);

}  // namespace kakunin::crypto
