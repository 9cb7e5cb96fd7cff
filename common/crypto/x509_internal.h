#pragma once
// Helpers shared by the X.509 sources of kakunin_crypto; not part of its public API.

#include <ctime>
#include <string>
#include <string_view>

#include "common/crypto/x509.h"

namespace kakunin::crypto::internal {

std::string BioToString(BIO* bio);
BioPtr MemBio(std::string_view text);
// EVP_sha256 for RSA/ECDSA; nullptr for Ed25519, which signs without a separate digest.
const EVP_MD* SigningDigest(const EVP_PKEY* key);
// The caller owns the returned name.
Result<X509_NAME*> BuildName(const DistinguishedName& dn);
std::string NameToString(const X509_NAME* name);
time_t AsnTimeToTimeT(const ASN1_TIME* t);
// Empty serial = 16 random bytes. The caller owns the returned integer.
Result<ASN1_INTEGER*> SerialToAsn1(const Bytes& serial);
Bytes Asn1IntegerToBytes(const ASN1_INTEGER* value);

}  // namespace kakunin::crypto::internal
