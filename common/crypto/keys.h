#pragma once
// Key generation, deterministic test keys, and key encodings (PEM/DER).

#include <cstddef>
#include <string>
#include <string_view>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::crypto {

enum class KeyType { kRsa, kEcP256, kEd25519, kOther };

std::string_view KeyTypeName(KeyType type);

Result<EvpPkeyPtr> GenerateEcP256Key();
Result<EvpPkeyPtr> GenerateRsaKey(int bits = 2048);
Result<EvpPkeyPtr> GenerateEd25519Key();

// The key a terminal makes for its mutual-TLS certificate, at enrollment and at each renewal.
// Ed25519: HQ keeps every connection's parsed peer key for as long as the terminal stays
// connected (days), and an Ed25519 key costs ≈ 1.6 KiB less per connection than a P-256 one
// (issue 18: 10,000 terminals per replica in under 1 GiB; bench/README.md).
Result<EvpPkeyPtr> GenerateTerminalKey();
// What HQ accepts in a terminal's CSR: Ed25519, and P-256 from terminals enrolled before they
// made Ed25519 keys (they change at their next renewal).
inline constexpr KeyType kTerminalKeyTypes[] = {KeyType::kEd25519, KeyType::kEcP256};

// An RSA key derived only from `seed`: the same seed gives the same key on every machine, so
// test cards and test CAs are reproducible. Never use it for real keys: whoever knows the seed
// knows the key.
// Formula: HMAC-DRBG (SP 800-90A, SHA-256) instantiated with entropy = seed, nonce =
// "kakunin-rsa-v1", no personalisation. Candidates of bits/2 bits are drawn from it with the
// two top bits and the low bit set, until BN_check_prime accepts one with gcd(c-1, e) = 1;
// first p, then q (q != p). e = 65537, d = e^-1 mod lcm(p-1, q-1), plus the CRT values.
Result<EvpPkeyPtr> DeterministicRsaKey(std::string_view seed, int bits = 2048);

KeyType GetKeyType(const EVP_PKEY* key);
int KeyBits(const EVP_PKEY* key);
// True when both keys hold the same public key.
bool SamePublicKey(const EVP_PKEY* a, const EVP_PKEY* b);

// Private keys: unencrypted PKCS#8 ("-----BEGIN PRIVATE KEY-----" / DER).
Result<std::string> PrivateKeyToPem(const EVP_PKEY* key);
Result<EvpPkeyPtr> PrivateKeyFromPem(std::string_view pem);
Result<Bytes> PrivateKeyToDer(const EVP_PKEY* key);
Result<EvpPkeyPtr> PrivateKeyFromDer(ByteView der);

// Public keys: SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----" / DER).
Result<std::string> PublicKeyToPem(const EVP_PKEY* key);
Result<EvpPkeyPtr> PublicKeyFromPem(std::string_view pem);
Result<Bytes> PublicKeyToDer(const EVP_PKEY* key);
Result<EvpPkeyPtr> PublicKeyFromDer(ByteView der);
// A copy holding only the public half.
Result<EvpPkeyPtr> PublicKeyOnly(const EVP_PKEY* key);

// A code people compare by eye to confirm they hold the same public key (e.g. when pairing a
// terminal): six decimal digits shown as "123 456".
// Formula: h = SHA-256(SubjectPublicKeyInfo DER); n = first 8 bytes of h as a big-endian
// unsigned 64-bit integer; code = n mod 1,000,000, zero-padded to 6 digits, with a space after
// the third digit. About 20 bits: enough against mistakes and casual attacks, not a secure hash.
std::string ShortVerificationCode(ByteView spki_der);
Result<std::string> ShortVerificationCode(const EVP_PKEY* key);

}  // namespace kakunin::crypto
