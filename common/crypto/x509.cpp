#include "common/crypto/x509.h"

#include <openssl/asn1.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstring>

#include "common/crypto/signing.h"
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

std::string Join(const std::vector<std::string>& items, const std::string& prefix) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ",";
    out += prefix + item;
  }
  return out;
}

// Adds one extension written in OpenSSL's config syntax ("critical,CA:TRUE").
Status AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str());
  if (!ext) {
    return OpenSslError("crypto.bad_extension",
                        std::string("cannot build ") + OBJ_nid2sn(nid) + " = " + value,
                        ErrorCode::kInvalidArgument);
  }
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!ok) return OpenSslError("crypto.bad_extension", "cannot add an extension");
  return OkStatus();
}

// certificatePolicies without qualifiers. Built by hand: OpenSSL's config syntax for it needs a
// config database.
Status AddPolicies(X509* cert, const std::vector<std::string>& oids, const std::string& cps_uri) {
  CERTIFICATEPOLICIES* policies = sk_POLICYINFO_new_null();
  for (const auto& oid : oids) {
    POLICYINFO* info = POLICYINFO_new();
    ASN1_OBJECT_free(info->policyid);
    info->policyid = OBJ_txt2obj(oid.c_str(), 1);
    if (info->policyid && !cps_uri.empty()) {
      POLICYQUALINFO* qualifier = POLICYQUALINFO_new();
      qualifier->pqualid = OBJ_nid2obj(NID_id_qt_cps);
      qualifier->d.cpsuri = ASN1_IA5STRING_new();
      ASN1_STRING_set(qualifier->d.cpsuri, cps_uri.data(), static_cast<int>(cps_uri.size()));
      info->qualifiers = sk_POLICYQUALINFO_new_null();
      sk_POLICYQUALINFO_push(info->qualifiers, qualifier);
    }
    if (!info->policyid || !sk_POLICYINFO_push(policies, info)) {
      POLICYINFO_free(info);
      sk_POLICYINFO_pop_free(policies, POLICYINFO_free);
      return OpenSslError("crypto.bad_extension", "bad policy OID " + oid,
                          ErrorCode::kInvalidArgument);
    }
  }
  const int ok = X509_add1_ext_i2d(cert, NID_certificate_policies, policies, 0, X509V3_ADD_DEFAULT);
  sk_POLICYINFO_pop_free(policies, POLICYINFO_free);
  if (!ok) return OpenSslError("crypto.bad_extension", "cannot add certificatePolicies");
  return OkStatus();
}

// One distribution point per URI. Built by hand: OpenSSL's config syntax splits on commas,
// which LDAP URLs contain.
Status AddCrlDistributionPoints(X509* cert, const std::vector<std::string>& uris) {
  CRL_DIST_POINTS* points = sk_DIST_POINT_new_null();
  for (const auto& uri : uris) {
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    ASN1_STRING_set(text, uri.data(), static_cast<int>(uri.size()));
    GENERAL_NAME_set0_value(name, GEN_URI, text);
    DIST_POINT* point = DIST_POINT_new();
    point->distpoint = DIST_POINT_NAME_new();
    point->distpoint->type = 0;  // fullName
    point->distpoint->name.fullname = sk_GENERAL_NAME_new_null();
    sk_GENERAL_NAME_push(point->distpoint->name.fullname, name);
    sk_DIST_POINT_push(points, point);
  }
  const int ok = X509_add1_ext_i2d(cert, NID_crl_distribution_points, points, 0, 0);
  sk_DIST_POINT_pop_free(points, DIST_POINT_free);
  if (!ok) return OpenSslError("crypto.bad_extension", "cannot add crlDistributionPoints");
  return OkStatus();
}

std::string KeyUsageText(unsigned bits) {
  static const std::pair<unsigned, const char*> kNames[] = {{kDigitalSignature, "digitalSignature"},
                                                            {kNonRepudiation, "nonRepudiation"},
                                                            {kKeyEncipherment, "keyEncipherment"},
                                                            {kDataEncipherment, "dataEncipherment"},
                                                            {kKeyAgreement, "keyAgreement"},
                                                            {kKeyCertSign, "keyCertSign"},
                                                            {kCrlSign, "cRLSign"}};
  std::string out = "critical";
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) out += std::string(",") + name;
  }
  return out;
}

Status AddCertificateExtensions(const CertificateSpec& spec, X509* cert, X509* issuer) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    std::string bc = "critical,CA:TRUE";
    if (spec.path_length) bc += ",pathlen:" + std::to_string(*spec.path_length);
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_basic_constraints, bc));
  }
  if (spec.key_usage != 0) {
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_key_usage, KeyUsageText(spec.key_usage)));
  }
  if (!spec.extended_key_usage.empty()) {
    KAKUNIN_RETURN_IF_ERROR(
        AddExtension(cert, &ctx, NID_ext_key_usage, Join(spec.extended_key_usage, "")));
  }
  if (spec.subject_key_id) {
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_subject_key_identifier, "hash"));
  }
  if (spec.authority_key_id && issuer) {
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_authority_key_identifier, "keyid:always"));
  }
  if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
    std::string san = Join(spec.dns_names, "DNS:");
    const std::string ips = Join(spec.ip_addresses, "IP:");
    san += (!san.empty() && !ips.empty() ? "," : "") + ips;
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_subject_alt_name, san));
  }
  if (!spec.crl_distribution_points.empty()) {
    KAKUNIN_RETURN_IF_ERROR(AddCrlDistributionPoints(cert, spec.crl_distribution_points));
  }
  if (!spec.policy_oids.empty()) {
    KAKUNIN_RETURN_IF_ERROR(AddPolicies(cert, spec.policy_oids, spec.policy_cps_uri));
  }
  if (!spec.ocsp_urls.empty() || !spec.ca_issuer_urls.empty()) {
    std::string aia = Join(spec.ocsp_urls, "OCSP;URI:");
    const std::string issuers = Join(spec.ca_issuer_urls, "caIssuers;URI:");
    aia += (!aia.empty() && !issuers.empty() ? "," : "") + issuers;
    KAKUNIN_RETURN_IF_ERROR(AddExtension(cert, &ctx, NID_info_access, aia));
  }
  return OkStatus();
}

}  // namespace

Result<X509Ptr> IssueCertificate(const CertificateSpec& spec, const EVP_PKEY* subject_key,
                                 X509* issuer_cert, const EVP_PKEY* issuer_key) {
  if (!subject_key || !issuer_key) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.no_key", "missing key");
  }
  if (spec.not_after <= spec.not_before) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.bad_validity",
                     "notAfter must be after notBefore");
  }
  X509Ptr cert(X509_new());
  KAKUNIN_ASSIGN_OR_RETURN(ASN1_INTEGER * serial, SerialToAsn1(spec.serial));
  const int serial_ok = X509_set_serialNumber(cert.get(), serial);
  ASN1_INTEGER_free(serial);
  KAKUNIN_ASSIGN_OR_RETURN(X509_NAME * subject, BuildName(spec.subject));
  const int subject_ok = X509_set_subject_name(cert.get(), subject);
  X509_NAME_free(subject);
  const X509_NAME* issuer_name =
      issuer_cert ? X509_get_subject_name(issuer_cert) : X509_get_subject_name(cert.get());
  if (!serial_ok || !subject_ok || !X509_set_version(cert.get(), X509_VERSION_3) ||
      !X509_set_issuer_name(cert.get(), issuer_name) ||
      !ASN1_TIME_set(X509_getm_notBefore(cert.get()), spec.not_before) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert.get()), spec.not_after) ||
      !X509_set_pubkey(cert.get(), const_cast<EVP_PKEY*>(subject_key))) {
    return OpenSslError("crypto.issue", "cannot fill the certificate");
  }
  KAKUNIN_RETURN_IF_ERROR(AddCertificateExtensions(spec, cert.get(), issuer_cert));
  if (X509_sign(cert.get(), const_cast<EVP_PKEY*>(issuer_key), SigningDigest(issuer_key)) <= 0) {
    return OpenSslError("crypto.sign", "cannot sign the certificate");
  }
  return cert;
}

Result<std::string> CertificateToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(bio.get(), cert)) {
    return OpenSslError("crypto.encode", "cannot write the certificate as PEM");
  }
  return BioToString(bio.get());
}

Result<X509Ptr> CertificateFromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (!cert) {
    return OpenSslError("crypto.bad_certificate", "cannot parse PEM certificate",
                        ErrorCode::kInvalidArgument);
  }
  return X509Ptr(cert);
}

Result<std::vector<X509Ptr>> CertificatesFromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  std::vector<X509Ptr> out;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    out.emplace_back(cert);
  }
  DrainOpenSslErrors();  // the end of the bundle leaves a "no start line" error
  if (out.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.bad_certificate",
                     "no PEM certificate found");
  }
  return out;
}

Result<Bytes> CertificateToDer(X509* cert) {
  unsigned char* out = nullptr;
  const int len = i2d_X509(cert, &out);
  if (len <= 0) return OpenSslError("crypto.encode", "cannot write the certificate as DER");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

Result<X509Ptr> CertificateFromDer(ByteView der) {
  const unsigned char* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!cert) {
    return OpenSslError("crypto.bad_certificate", "cannot parse DER certificate",
                        ErrorCode::kInvalidArgument);
  }
  return X509Ptr(cert);
}

std::string SubjectString(X509* cert) { return NameToString(X509_get_subject_name(cert)); }
std::string IssuerString(X509* cert) { return NameToString(X509_get_issuer_name(cert)); }

std::string SubjectField(X509* cert, std::string_view field) {
  const int nid = OBJ_txt2nid(std::string(field).c_str());
  const X509_NAME* name = X509_get_subject_name(cert);
  const int index = nid == NID_undef ? -1 : X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "";
  unsigned char* utf8 = nullptr;
  const int len =
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

Bytes SerialNumber(X509* cert) { return Asn1IntegerToBytes(X509_get0_serialNumber(cert)); }
std::string SerialNumberHex(X509* cert) { return ToHex(SerialNumber(cert)); }
time_t NotBefore(X509* cert) { return AsnTimeToTimeT(X509_get0_notBefore(cert)); }
time_t NotAfter(X509* cert) { return AsnTimeToTimeT(X509_get0_notAfter(cert)); }

Result<EvpPkeyPtr> CertificatePublicKey(X509* cert) {
  EVP_PKEY* key = X509_get_pubkey(cert);
  if (!key) return OpenSslError("crypto.bad_certificate", "certificate has no public key");
  return EvpPkeyPtr(key);
}

Result<Bytes> CertificateSpkiDer(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (!key) return OpenSslError("crypto.bad_certificate", "certificate has no public key");
  return PublicKeyToDer(key);
}

Result<Bytes> CertificateSha256Fingerprint(X509* cert) {
  KAKUNIN_ASSIGN_OR_RETURN(Bytes der, CertificateToDer(cert));
  return Sha256(der);
}

}  // namespace kakunin::crypto
