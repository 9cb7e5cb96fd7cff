#pragma once
// Owning smart pointers for the OpenSSL objects Kakunin passes around, and the one place that
// turns OpenSSL's error queue into a kakunin::Error.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "common/core/result.h"

namespace kakunin::crypto {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct X509ReqFree {
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
};
struct X509CrlFree {
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
struct BignumFree {
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
};
struct EvpPkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct EvpMdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using X509ReqPtr = std::unique_ptr<X509_REQ, X509ReqFree>;
using X509CrlPtr = std::unique_ptr<X509_CRL, X509CrlFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumFree>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxFree>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree>;

// Second owners of shared objects (the reference count goes up).
EvpPkeyPtr ShareKey(EVP_PKEY* key);
X509Ptr ShareCertificate(X509* cert);
X509CrlPtr ShareCrl(X509_CRL* crl);

// Drains OpenSSL's thread-local error queue into one line ("" when empty).
std::string DrainOpenSslErrors();
// An Error whose message is `what` followed by the drained OpenSSL errors.
Error OpenSslError(std::string reason, const std::string& what,
                   ErrorCode code = ErrorCode::kInternal);

}  // namespace kakunin::crypto
