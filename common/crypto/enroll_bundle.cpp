#include "common/crypto/enroll_bundle.h"

#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"

namespace kakunin::crypto {
namespace {

constexpr size_t kMaxBundle = 2048;
constexpr size_t kMaxServers = 8;
// HQ refuses a longer token or site (EnrollRequest, server/ingest/result_limits.cpp): refused
// here, at the bundle, instead of after a round trip to HQ. HQ's tokens are 32 characters.
constexpr size_t kMaxToken = 64;
constexpr size_t kMaxSite = 64;

Error Malformed(const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "bundle.malformed",
                   "the enrollment bundle is not valid: " + why);
}

bool All(const std::string& s, bool (*ok)(unsigned char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return ok(c); });
}

// HOST:PORT with a DNS name or IPv4 address, port 1–65535.
bool IsServer(const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || s.size() > 255) return false;
  const std::string host = s.substr(0, colon), port = s.substr(colon + 1);
  if (!All(host, [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; })) {
    return false;
  }
  if (!All(port, [](unsigned char c) { return std::isdigit(c) != 0; }) || port.size() > 5) {
    return false;
  }
  const int n = std::stoi(port);
  return n >= 1 && n <= 65535;
}

bool IsToken(const std::string& s, size_t max) {
  return s.size() <= max && All(s, [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
         });
}

}  // namespace

std::string FormatEnrollBundle(const EnrollBundle& b) {
  std::string out = kBundlePrefix;
  for (const auto& s : b.servers) out += "server=" + s + "&";
  out += "ca=sha256:" + b.ca_sha256_hex + "&site=" + b.site_id + "&token=" + b.token;
  return out;
}

Result<EnrollBundle> ParseEnrollBundle(const std::string& raw) {
  std::string text = raw;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  if (text.size() > kMaxBundle) return Malformed("longer than " + std::to_string(kMaxBundle));
  if (text.rfind(kBundlePrefix, 0) != 0) {
    return Malformed("it does not start with " + std::string(kBundlePrefix));
  }
  EnrollBundle b;
  size_t pos = std::string(kBundlePrefix).size();
  while (pos <= text.size()) {
    size_t end = text.find('&', pos);
    if (end == std::string::npos) end = text.size();
    const std::string part = text.substr(pos, end - pos);
    pos = end + 1;
    const auto eq = part.find('=');
    if (eq == std::string::npos) return Malformed("'" + part.substr(0, 40) + "' has no value");
    const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "server") {
      if (!IsServer(value)) return Malformed("server '" + value.substr(0, 80) + "'");
      b.servers.push_back(value);
    } else if (key == "ca") {
      const std::string hex = value.rfind("sha256:", 0) == 0 ? value.substr(7) : "";
      if (hex.size() != 64 || !All(hex, [](unsigned char c) {
            return std::isdigit(c) != 0 || (c >= 'a' && c <= 'f');
          })) {
        return Malformed("ca must be sha256: and 64 lower-case hex digits");
      }
      b.ca_sha256_hex = hex;
    } else if (key == "site") {
      if (!IsToken(value, kMaxSite)) return Malformed("site '" + value.substr(0, 80) + "'");
      b.site_id = value;
    } else if (key == "token") {
      if (!IsToken(value, kMaxToken)) {
        return Malformed("the token must be 1 to " + std::to_string(kMaxToken) +
                         " letters, digits or -_.~");
      }
      b.token = value;
    } else {
      return Malformed("unknown field '" + key.substr(0, 40) + "'");
    }
  }
  if (b.servers.empty() || b.servers.size() > kMaxServers) {
    return Malformed("it needs 1 to " + std::to_string(kMaxServers) + " server addresses");
  }
  if (b.ca_sha256_hex.empty() || b.site_id.empty() || b.token.empty()) {
    return Malformed("ca, site and token are required");
  }
  return b;
}

std::string CertificateSha256Hex(X509* cert) {
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  if (len <= 0) return "";
  Bytes bytes(der, der + len);
  OPENSSL_free(der);
  std::string hex = ToHex(Sha256(bytes));
  std::transform(hex.begin(), hex.end(), hex.begin(), ::tolower);
  return hex;
}

Result<std::string> CertificateSha256Hex(const std::string& pem) {
  KAKUNIN_ASSIGN_OR_RETURN(auto cert, CertificateFromPem(pem));
  std::string hex = CertificateSha256Hex(cert.get());
  if (hex.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "x509.encode", "cannot encode certificate");
  }
  return hex;
}

}  // namespace kakunin::crypto
