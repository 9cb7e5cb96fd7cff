#include "common/crypto/openssl_types.h"

#include <openssl/err.h>

namespace kakunin::crypto {

EvpPkeyPtr ShareKey(EVP_PKEY* key) {
  if (key) EVP_PKEY_up_ref(key);
  return EvpPkeyPtr(key);
}

X509Ptr ShareCertificate(X509* cert) {
  if (cert) X509_up_ref(cert);
  return X509Ptr(cert);
}

X509CrlPtr ShareCrl(X509_CRL* crl) {
  if (crl) X509_CRL_up_ref(crl);
  return X509CrlPtr(crl);
}

std::string DrainOpenSslErrors() {
  std::string out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

Error OpenSslError(std::string reason, const std::string& what, ErrorCode code) {
  std::string details = DrainOpenSslErrors();
  return MakeError(code, std::move(reason), details.empty() ? what : what + ": " + details);
}

}  // namespace kakunin::crypto
