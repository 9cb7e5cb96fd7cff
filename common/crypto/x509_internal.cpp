#include "common/crypto/x509_internal.h"

#include <openssl/asn1.h>
#include <openssl/x509v3.h>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"

#ifdef _WIN32
// The Windows C runtime's name for timegm.
#define timegm _mkgmtime
#endif

namespace kakunin::crypto::internal {

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

BioPtr MemBio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// EVP_sha256 for RSA/ECDSA; Ed25519 signs without a separate digest.
const EVP_MD* SigningDigest(const EVP_PKEY* key) {
  return GetKeyType(key) == KeyType::kEd25519 ? nullptr : EVP_sha256();
}

Result<X509_NAME*> BuildName(const DistinguishedName& dn) {
  X509_NAME* name = X509_NAME_new();
  for (const auto& entry : dn) {
    if (!X509_NAME_add_entry_by_txt(name, entry.field.c_str(), MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(entry.value.data()),
                                    static_cast<int>(entry.value.size()), -1, 0)) {
      X509_NAME_free(name);
      return OpenSslError("crypto.bad_name", "bad name entry " + entry.field,
                          ErrorCode::kInvalidArgument);
    }
  }
  return name;
}

std::string NameToString(const X509_NAME* name) {
  if (!name) return "";
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return BioToString(bio.get());
}

time_t AsnTimeToTimeT(const ASN1_TIME* t) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return timegm(&tm);
}

Result<ASN1_INTEGER*> SerialToAsn1(const Bytes& serial) {
  Bytes raw = serial;
  if (raw.empty()) {
    KAKUNIN_ASSIGN_OR_RETURN(raw, RandomBytes(16));
    raw[0] &= 0x7F;
    raw[0] |= 0x40;  // keeps the length fixed at 16 bytes
  }
  BignumPtr bn(BN_bin2bn(raw.data(), static_cast<int>(raw.size()), nullptr));
  ASN1_INTEGER* out = bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr;
  if (!out) return OpenSslError("crypto.bad_serial", "cannot encode the serial number");
  return out;
}

Bytes Asn1IntegerToBytes(const ASN1_INTEGER* value) {
  BignumPtr bn(ASN1_INTEGER_to_BN(value, nullptr));
  if (!bn) return {};
  Bytes out(static_cast<size_t>(BN_num_bytes(bn.get())));
  BN_bn2bin(bn.get(), out.data());
  return out;
}

}  // namespace kakunin::crypto::internal
