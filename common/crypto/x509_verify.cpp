// CSRs, CRLs and chain verification.
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "common/crypto/x509_internal.h"

namespace kakunin::crypto {
namespace {

using internal::Asn1IntegerToBytes;
using internal::AsnTimeToTimeT;
using internal::BioToString;
using internal::BuildName;
using internal::MemBio;
using internal::NameToString;
using internal::SerialToAsn1;
using internal::SigningDigest;

Error VerifyError(int code, const std::string& depth_note) {
  std::string reason;
  switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
      reason = "cert.untrusted";
      break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      reason = "cert.expired";
      break;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      reason = "cert.not_yet_valid";
      break;
    case X509_V_ERR_CERT_REVOKED:
      reason = "cert.revoked";
      break;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
      reason = "cert.bad_signature";
      break;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
      reason = "cert.crl_unavailable";
      break;
    default:
      reason = "cert.invalid";
  }
  DrainOpenSslErrors();
  return MakeError(ErrorCode::kUnauthenticated, reason,
                   std::string(X509_verify_cert_error_string(code)) + depth_note);
}

}  // namespace

Result<X509ReqPtr> MakeCsr(const EVP_PKEY* key, const DistinguishedName& subject,
                           const std::vector<std::string>& dns_names) {
  X509ReqPtr csr(X509_REQ_new());
  KAKUNIN_ASSIGN_OR_RETURN(X509_NAME * name, BuildName(subject));
  const int name_ok = X509_REQ_set_subject_name(csr.get(), name);
  X509_NAME_free(name);
  if (!name_ok || !X509_REQ_set_version(csr.get(), X509_REQ_VERSION_1) ||
      !X509_REQ_set_pubkey(csr.get(), const_cast<EVP_PKEY*>(key))) {
    return OpenSslError("crypto.csr", "cannot fill the CSR");
  }
  if (!dns_names.empty()) {
    std::string san;
    for (const auto& dns : dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + dns;
    X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, nullptr, NID_subject_alt_name, san.c_str());
    STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
    const bool ok =
        ext && sk_X509_EXTENSION_push(exts, ext) && X509_REQ_add_extensions(csr.get(), exts);
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    if (!ok) return OpenSslError("crypto.csr", "cannot add subjectAltName to the CSR");
  }
  if (X509_REQ_sign(csr.get(), const_cast<EVP_PKEY*>(key), SigningDigest(key)) <= 0) {
    return OpenSslError("crypto.sign", "cannot sign the CSR");
  }
  return csr;
}

Result<std::string> CsrToPem(X509_REQ* csr) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509_REQ(bio.get(), csr)) {
    return OpenSslError("crypto.encode", "cannot write the CSR as PEM");
  }
  return BioToString(bio.get());
}

Result<X509ReqPtr> CsrFromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  X509_REQ* csr = PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr);
  if (!csr) {
    return OpenSslError("crypto.bad_csr", "cannot parse PEM CSR", ErrorCode::kInvalidArgument);
  }
  return X509ReqPtr(csr);
}

Result<Bytes> CsrToDer(X509_REQ* csr) {
  unsigned char* out = nullptr;
  const int len = i2d_X509_REQ(csr, &out);
  if (len <= 0) return OpenSslError("crypto.encode", "cannot write the CSR as DER");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

Result<X509ReqPtr> CsrFromDer(ByteView der) {
  const unsigned char* p = der.data();
  X509_REQ* csr = d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size()));
  if (!csr) {
    return OpenSslError("crypto.bad_csr", "cannot parse DER CSR", ErrorCode::kInvalidArgument);
  }
  return X509ReqPtr(csr);
}

Status VerifyCsr(X509_REQ* csr, std::span<const KeyType> accepted) {
  EVP_PKEY* key = X509_REQ_get0_pubkey(csr);
  if (!key) {
    DrainOpenSslErrors();
    return MakeError(ErrorCode::kInvalidArgument, "crypto.csr_bad_signature",
                     "the CSR holds no public key");
  }
  // The key's type first: the signature of a key refused anyway is not worth checking (an RSA
  // key with a huge exponent takes milliseconds to verify, and strangers may send it).
  const KeyType type = GetKeyType(key);
  if (!accepted.empty() && std::find(accepted.begin(), accepted.end(), type) == accepted.end()) {
    std::string expected;
    for (KeyType t : accepted) {
      if (!expected.empty()) expected += " or ";
      expected += KeyTypeName(t);
    }
    return MakeError(
        ErrorCode::kInvalidArgument, "crypto.csr_wrong_key_type",
        "the CSR holds a " + std::string(KeyTypeName(type)) + " key, expected " + expected);
  }
  if (X509_REQ_verify(csr, key) != 1) {
    DrainOpenSslErrors();
    return MakeError(ErrorCode::kInvalidArgument, "crypto.csr_bad_signature",
                     "the CSR is not signed by its own key");
  }
  return OkStatus();
}

Result<EvpPkeyPtr> CsrPublicKey(X509_REQ* csr) {
  EVP_PKEY* key = X509_REQ_get_pubkey(csr);
  if (!key) return OpenSslError("crypto.bad_csr", "the CSR has no public key");
  return EvpPkeyPtr(key);
}

std::string CsrSubjectString(X509_REQ* csr) { return NameToString(X509_REQ_get_subject_name(csr)); }

Result<X509CrlPtr> IssueCrl(const CrlSpec& spec, X509* issuer_cert, const EVP_PKEY* issuer_key) {
  X509CrlPtr crl(X509_CRL_new());
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> last(
      ASN1_TIME_set(nullptr, spec.last_update), ASN1_TIME_free);
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> next(
      ASN1_TIME_set(nullptr, spec.next_update), ASN1_TIME_free);
  if (!X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) ||
      !X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer_cert)) || !last || !next ||
      !X509_CRL_set1_lastUpdate(crl.get(), last.get()) ||
      !X509_CRL_set1_nextUpdate(crl.get(), next.get())) {
    return OpenSslError("crypto.crl", "cannot fill the CRL");
  }
  for (const auto& entry : spec.revoked) {
    X509_REVOKED* revoked = X509_REVOKED_new();
    KAKUNIN_ASSIGN_OR_RETURN(ASN1_INTEGER * serial, SerialToAsn1(entry.serial));
    ASN1_TIME* when = ASN1_TIME_set(nullptr, entry.revoked_at);
    const bool ok = X509_REVOKED_set_serialNumber(revoked, serial) && when &&
                    X509_REVOKED_set_revocationDate(revoked, when) &&
                    X509_CRL_add0_revoked(crl.get(), revoked);
    ASN1_INTEGER_free(serial);
    ASN1_TIME_free(when);
    if (!ok) {
      X509_REVOKED_free(revoked);
      return OpenSslError("crypto.crl", "cannot add a revoked entry");
    }
  }
  X509_CRL_sort(crl.get());
  std::unique_ptr<ASN1_INTEGER, decltype(&ASN1_INTEGER_free)> number(ASN1_INTEGER_new(),
                                                                     ASN1_INTEGER_free);
  ASN1_INTEGER_set(number.get(), spec.crl_number);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert, nullptr, nullptr, crl.get(), 0);
  X509_EXTENSION* akid =
      X509V3_EXT_nconf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always");
  const bool ext_ok = akid && X509_CRL_add_ext(crl.get(), akid, -1) &&
                      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0);
  X509_EXTENSION_free(akid);
  if (!ext_ok) return OpenSslError("crypto.crl", "cannot add CRL extensions");
  if (X509_CRL_sign(crl.get(), const_cast<EVP_PKEY*>(issuer_key), SigningDigest(issuer_key)) <= 0) {
    return OpenSslError("crypto.sign", "cannot sign the CRL");
  }
  return crl;
}

Result<std::string> CrlToPem(X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509_CRL(bio.get(), crl)) {
    return OpenSslError("crypto.encode", "cannot write the CRL as PEM");
  }
  return BioToString(bio.get());
}

Result<X509CrlPtr> CrlFromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr);
  if (!crl) {
    return OpenSslError("crypto.bad_crl", "cannot parse PEM CRL", ErrorCode::kInvalidArgument);
  }
  return X509CrlPtr(crl);
}

Result<Bytes> CrlToDer(X509_CRL* crl) {
  unsigned char* out = nullptr;
  const int len = i2d_X509_CRL(crl, &out);
  if (len <= 0) return OpenSslError("crypto.encode", "cannot write the CRL as DER");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

Result<X509CrlPtr> CrlFromDer(ByteView der) {
  const unsigned char* p = der.data();
  X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size()));
  if (!crl) {
    return OpenSslError("crypto.bad_crl", "cannot parse DER CRL", ErrorCode::kInvalidArgument);
  }
  return X509CrlPtr(crl);
}

std::vector<RevokedEntry> CrlRevoked(X509_CRL* crl) {
  std::vector<RevokedEntry> out;
  STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(crl);
  for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
    const X509_REVOKED* r = sk_X509_REVOKED_value(list, i);
    out.push_back({Asn1IntegerToBytes(X509_REVOKED_get0_serialNumber(r)),
                   AsnTimeToTimeT(X509_REVOKED_get0_revocationDate(r))});
  }
  return out;
}

time_t CrlLastUpdate(X509_CRL* crl) { return AsnTimeToTimeT(X509_CRL_get0_lastUpdate(crl)); }
time_t CrlNextUpdate(X509_CRL* crl) { return AsnTimeToTimeT(X509_CRL_get0_nextUpdate(crl)); }

long CrlNumber(X509_CRL* crl) {
  auto* number =
      static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr));
  if (!number) return 0;
  const long out = ASN1_INTEGER_get(number);
  ASN1_INTEGER_free(number);
  return out;
}

Status VerifyCertificateChain(const VerifyInput& input) {
  if (!input.leaf || input.roots.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "cert.no_input",
                     "a leaf certificate and at least one trusted root are needed");
  }
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  for (X509* root : input.roots) X509_STORE_add_cert(store.get(), root);
  for (X509_CRL* crl : input.crls) X509_STORE_add_crl(store.get(), crl);
  // The stack does not own the certificates: the caller does.
  auto free_stack = [](STACK_OF(X509) * stack) { sk_X509_free(stack); };
  std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(), free_stack);
  for (X509* cert : input.intermediates) sk_X509_push(untrusted.get(), cert);

  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  if (!X509_STORE_CTX_init(ctx.get(), store.get(), input.leaf, untrusted.get())) {
    return OpenSslError("cert.internal", "cannot set up verification");
  }
  X509_STORE_CTX_set_time(ctx.get(), 0, input.at != 0 ? input.at : time(nullptr));
  if (!input.crls.empty()) {
    X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  }
  if (X509_verify_cert(ctx.get()) == 1) return OkStatus();
  const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
  return VerifyError(X509_STORE_CTX_get_error(ctx.get()),
                     " (at depth " + std::to_string(depth) + ")");
}

}  // namespace kakunin::crypto
