#pragma once
// X.509 for Kakunin: a certificate builder, CSRs, CRLs, encodings and a chain verifier.
// All names are UTF-8 (Japanese organisation names are written as UTF8String).

#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/keys.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::crypto {

// One RDN attribute: a short name ("C", "O", "OU", "CN", "L", "ST", "serialNumber") or an OID in
// dotted form, and its UTF-8 value. Order is kept as given (most significant first).
struct NameEntry {
  std::string field;
  std::string value;
};
using DistinguishedName = std::vector<NameEntry>;

// Key usage bits (RFC 5280 §4.2.1.3).
enum KeyUsage : unsigned {
  kDigitalSignature = 1u << 0,
  kNonRepudiation = 1u << 1,
  kKeyEncipherment = 1u << 2,
  kDataEncipherment = 1u << 3,
  kKeyAgreement = 1u << 4,
  kKeyCertSign = 1u << 5,
  kCrlSign = 1u << 6,
};

struct CertificateSpec {
  DistinguishedName subject;
  Bytes serial;  // big-endian, positive; empty = 16 random bytes (top bit cleared)
  time_t not_before = 0;
  time_t not_after = 0;
  bool is_ca = false;
  std::optional<int> path_length;  // only for CAs
  unsigned key_usage = 0;          // KeyUsage bits; 0 = no extension. Always critical.
  // Short names ("serverAuth", "clientAuth", "codeSigning", ...) or dotted OIDs.
  std::vector<std::string> extended_key_usage;
  bool subject_key_id = true;
  bool authority_key_id = true;                      // ignored for self-signed certificates
  std::vector<std::string> crl_distribution_points;  // URIs
  std::vector<std::string> policy_oids;              // certificatePolicies, dotted OIDs
  std::string policy_cps_uri;                        // CPS qualifier on every policy ("" = none)
  std::vector<std::string> ocsp_urls;                // authorityInfoAccess OCSP URIs
  std::vector<std::string> ca_issuer_urls;           // authorityInfoAccess caIssuers URIs
  std::vector<std::string> dns_names;                // subjectAltName dNSName
  std::vector<std::string> ip_addresses;             // subjectAltName iPAddress (v4 or v6)
};

// Signs with SHA-256 (RSA PKCS#1 v1.5 or ECDSA; Ed25519 uses pure EdDSA). `issuer_cert` null
// means self-signed: the issuer name is the subject and `issuer_key` must match `subject_key`.
Result<X509Ptr> IssueCertificate(const CertificateSpec& spec, const EVP_PKEY* subject_key,
                                 X509* issuer_cert, const EVP_PKEY* issuer_key);

Result<std::string> CertificateToPem(X509* cert);
Result<X509Ptr> CertificateFromPem(std::string_view pem);
// Every certificate of a PEM bundle, in order (fails when there is none).
Result<std::vector<X509Ptr>> CertificatesFromPem(std::string_view pem);
Result<Bytes> CertificateToDer(X509* cert);
Result<X509Ptr> CertificateFromDer(ByteView der);

// RFC 2253 form with UTF-8 kept ("CN=Foo,O=Bar,C=JP").
std::string SubjectString(X509* cert);
std::string IssuerString(X509* cert);
// The value of the first entry of `field` in the subject ("" when absent).
std::string SubjectField(X509* cert, std::string_view field);
Bytes SerialNumber(X509* cert);
std::string SerialNumberHex(X509* cert);  // lower-case hex, no separators
time_t NotBefore(X509* cert);
time_t NotAfter(X509* cert);
Result<EvpPkeyPtr> CertificatePublicKey(X509* cert);
Result<Bytes> CertificateSpkiDer(X509* cert);
Result<Bytes> CertificateSha256Fingerprint(X509* cert);  // over the DER

// Certificate signing requests (signed with SHA-256 by `key`).
Result<X509ReqPtr> MakeCsr(const EVP_PKEY* key, const DistinguishedName& subject,
                           const std::vector<std::string>& dns_names = {});
Result<std::string> CsrToPem(X509_REQ* csr);
Result<X509ReqPtr> CsrFromPem(std::string_view pem);
Result<Bytes> CsrToDer(X509_REQ* csr);
Result<X509ReqPtr> CsrFromDer(ByteView der);
// Checks the self-signature ("crypto.csr_bad_signature") and, when `accepted` is not empty,
// that the key is of one of those types ("crypto.csr_wrong_key_type"); both kInvalidArgument.
Status VerifyCsr(X509_REQ* csr, std::span<const KeyType> accepted = {});
Result<EvpPkeyPtr> CsrPublicKey(X509_REQ* csr);
std::string CsrSubjectString(X509_REQ* csr);

// CRLs (v2, SHA-256, with a CRL number and the authority key id).
struct RevokedEntry {
  Bytes serial;
  time_t revoked_at = 0;
};
struct CrlSpec {
  time_t last_update = 0;
  time_t next_update = 0;
  long crl_number = 1;
  std::vector<RevokedEntry> revoked;
};
Result<X509CrlPtr> IssueCrl(const CrlSpec& spec, X509* issuer_cert, const EVP_PKEY* issuer_key);
Result<std::string> CrlToPem(X509_CRL* crl);
Result<X509CrlPtr> CrlFromPem(std::string_view pem);
Result<Bytes> CrlToDer(X509_CRL* crl);
Result<X509CrlPtr> CrlFromDer(ByteView der);
std::vector<RevokedEntry> CrlRevoked(X509_CRL* crl);
time_t CrlLastUpdate(X509_CRL* crl);
time_t CrlNextUpdate(X509_CRL* crl);
// The crlNumber extension (0 when absent).
long CrlNumber(X509_CRL* crl);

// Chain verification at a given time. When `crls` is non-empty, every certificate of the chain
// below the root must be covered by a CRL of its issuer (missing CRL is an error). Errors are
// kUnauthenticated with distinct reasons:
//   "cert.untrusted"       no path to a trusted root (foreign CA, missing intermediate)
//   "cert.expired"         a certificate is past notAfter at `at`
//   "cert.not_yet_valid"   a certificate is before notBefore at `at`
//   "cert.revoked"         listed in a CRL
//   "cert.bad_signature"   a signature in the chain does not verify
//   "cert.crl_unavailable" CRL checking asked but a CRL is missing, expired or invalid
//   "cert.invalid"         anything else (bad extensions, not a CA, purpose, ...)
struct VerifyInput {
  X509* leaf = nullptr;
  std::vector<X509*> intermediates;
  std::vector<X509*> roots;
  std::vector<X509_CRL*> crls;
  time_t at = 0;  // 0 = now
};
Status VerifyCertificateChain(const VerifyInput& input);

}  // namespace kakunin::crypto
