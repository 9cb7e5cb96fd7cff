#pragma once
// Digests, signatures and randomness.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::crypto {

inline constexpr size_t kSha256Size = 32;

Bytes Sha256(ByteView data);
// The same into `out`, with no allocation: the server hashes every result it stores.
void Sha256Into(ByteView data, std::span<uint8_t, kSha256Size> out);
// The DER DigestInfo for SHA-256 (RFC 8017 §9.2): 30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01
// 05 00 04 20 || digest. This is what a JPKI card signs. Fails unless digest has 32 bytes.
Result<Bytes> Sha256DigestInfo(ByteView digest);

// Raw RSA PKCS#1 v1.5 signature (block type 1) over `digest_info` as given, no hashing: what the
// card's COMPUTE DIGITAL SIGNATURE does. The result verifies as a normal RSA-SHA256 signature
// when digest_info = Sha256DigestInfo(Sha256(message)).
Result<Bytes> RsaSignDigestInfo(const EVP_PKEY* private_key, ByteView digest_info);

// SHA-256 signatures with the key's natural scheme: RSA PKCS#1 v1.5, ECDSA (DER), and for
// Ed25519 pure EdDSA (no pre-hash).
Result<Bytes> SignSha256(const EVP_PKEY* private_key, ByteView message);
// kUnauthenticated "crypto.bad_signature" when the signature does not match.
Status VerifySha256(const EVP_PKEY* public_key, ByteView message, ByteView signature);
// RSA PKCS#1 v1.5 SHA-256 only; fails with "crypto.wrong_key_type" for other keys.
Status VerifyRsaSha256(const EVP_PKEY* public_key, ByteView message, ByteView signature);
// Same, with the public key of a certificate.
Status VerifyRsaSha256WithCertificate(X509* cert, ByteView message, ByteView signature);

Result<Bytes> Ed25519Sign(const EVP_PKEY* private_key, ByteView message);
Status Ed25519Verify(const EVP_PKEY* public_key, ByteView message, ByteView signature);

// Cryptographically strong random bytes (RAND_bytes); an error, never predictable bytes, when
// the generator fails.
Result<Bytes> RandomBytes(size_t count);
// The same as lower-case hex (2 × `count` characters): tokens and ids.
Result<std::string> RandomHex(size_t count);

}  // namespace kakunin::crypto
