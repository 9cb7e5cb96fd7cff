#include "common/crypto/signing.h"

#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "common/crypto/keys.h"

namespace kakunin::crypto {
namespace {

// DER prefix of DigestInfo{ AlgorithmIdentifier{ sha256, NULL }, OCTET STRING(32) }.
constexpr uint8_t kSha256DigestInfoPrefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                               0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                               0x01, 0x05, 0x00, 0x04, 0x20};

// The digest to use with EVP_DigestSign for this key: none for EdDSA (it hashes itself).
const EVP_MD* DigestFor(const EVP_PKEY* key) {
  return GetKeyType(key) == KeyType::kEd25519 ? nullptr : EVP_sha256();
}

Error BadSignature() {
  DrainOpenSslErrors();
  return MakeError(ErrorCode::kUnauthenticated, "crypto.bad_signature",
                   "signature does not verify");
}

}  // namespace

void Sha256Into(ByteView data, std::span<uint8_t, kSha256Size> out) {
  // OpenSSL 3's one-shot SHA256() looks the algorithm up on every call (a shared lock and a
  // table): ≈ 40 % of its time for a 400-byte result, and the server hashes each result twice
  // (its digest, its audit record). Fetched once, never freed. No context kept per thread: a
  // thread_local with a destructor crashed the Windows agent under Wine (bench/README).
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 ||
      len != out.size()) {
    DrainOpenSslErrors();
    SHA256(data.data(), data.size(), out.data());
  }
}

Bytes Sha256(ByteView data) {
  Bytes out(kSha256Size);
  Sha256Into(data, std::span<uint8_t, kSha256Size>(out.data(), kSha256Size));
  return out;
}

Result<Bytes> Sha256DigestInfo(ByteView digest) {
  if (digest.size() != SHA256_DIGEST_LENGTH) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.bad_digest",
                     "a SHA-256 digest has 32 bytes, got " + std::to_string(digest.size()));
  }
  Bytes out(std::begin(kSha256DigestInfoPrefix), std::end(kSha256DigestInfoPrefix));
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

Result<Bytes> RsaSignDigestInfo(const EVP_PKEY* private_key, ByteView digest_info) {
  if (GetKeyType(private_key) != KeyType::kRsa) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.wrong_key_type",
                     "raw PKCS#1 v1.5 signing needs an RSA key");
  }
  // No signature digest set: OpenSSL pads the input as given (EMSA-PKCS1-v1_5 block type 1).
  EvpPkeyCtxPtr ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, const_cast<EVP_PKEY*>(private_key), nullptr));
  size_t len = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &len, digest_info.data(), digest_info.size()) <= 0) {
    return OpenSslError("crypto.sign", "cannot set up raw RSA signing");
  }
  Bytes sig(len);
  if (EVP_PKEY_sign(ctx.get(), sig.data(), &len, digest_info.data(), digest_info.size()) <= 0) {
    return OpenSslError("crypto.sign", "raw RSA signing failed", ErrorCode::kInvalidArgument);
  }
  sig.resize(len);
  return sig;
}

Result<Bytes> SignSha256(const EVP_PKEY* private_key, ByteView message) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, DigestFor(private_key) ? "SHA256" : nullptr,
                            nullptr, nullptr, const_cast<EVP_PKEY*>(private_key), nullptr) <= 0 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) <= 0) {
    return OpenSslError("crypto.sign", "cannot set up signing");
  }
  Bytes sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) <= 0) {
    return OpenSslError("crypto.sign", "signing failed");
  }
  sig.resize(len);
  return sig;
}

Status VerifySha256(const EVP_PKEY* public_key, ByteView message, ByteView signature) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx ||
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, DigestFor(public_key) ? "SHA256" : nullptr,
                              nullptr, nullptr, const_cast<EVP_PKEY*>(public_key), nullptr) <= 0) {
    return OpenSslError("crypto.verify", "cannot set up verification");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                       message.size()) != 1) {
    return BadSignature();
  }
  return OkStatus();
}

Status VerifyRsaSha256(const EVP_PKEY* public_key, ByteView message, ByteView signature) {
  if (GetKeyType(public_key) != KeyType::kRsa) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.wrong_key_type",
                     "expected an RSA public key");
  }
  return VerifySha256(public_key, message, signature);
}

Status VerifyRsaSha256WithCertificate(X509* cert, ByteView message, ByteView signature) {
  EVP_PKEY* key = cert ? X509_get0_pubkey(cert) : nullptr;
  if (!key) return OpenSslError("crypto.bad_certificate", "certificate has no usable public key");
  return VerifyRsaSha256(key, message, signature);
}

Result<Bytes> Ed25519Sign(const EVP_PKEY* private_key, ByteView message) {
  if (GetKeyType(private_key) != KeyType::kEd25519) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.wrong_key_type",
                     "expected an Ed25519 key");
  }
  return SignSha256(private_key, message);
}

Status Ed25519Verify(const EVP_PKEY* public_key, ByteView message, ByteView signature) {
  if (GetKeyType(public_key) != KeyType::kEd25519) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.wrong_key_type",
                     "expected an Ed25519 key");
  }
  return VerifySha256(public_key, message, signature);
}

Result<std::string> RandomHex(size_t count) {
  KAKUNIN_ASSIGN_OR_RETURN(Bytes b, RandomBytes(count));
  return ToHex(b);
}

Result<Bytes> RandomBytes(size_t count) {
  Bytes out(count);
  if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1) {
    return OpenSslError("crypto.random", "RAND_bytes failed", ErrorCode::kUnavailable);
  }
  return out;
}

}  // namespace kakunin::crypto
