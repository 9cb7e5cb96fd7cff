#include "common/crypto/keys.h"

#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdio>
#include <cstring>

#include "common/crypto/signing.h"

namespace kakunin::crypto {
namespace {

// HMAC-DRBG with SHA-256 (NIST SP 800-90A §10.1.2), no reseeding: only for deterministic test
// keys, where the seed is public anyway.
class HmacDrbg {
 public:
  HmacDrbg(ByteView entropy, ByteView nonce) : key_(32, 0x00), v_(32, 0x01) {
    Bytes seed(entropy.begin(), entropy.end());
    seed.insert(seed.end(), nonce.begin(), nonce.end());
    Update(seed);
  }

  Bytes Generate(size_t count) {
    Bytes out;
    while (out.size() < count) {
      v_ = Hmac(key_, v_);
      out.insert(out.end(), v_.begin(), v_.end());
    }
    out.resize(count);
    Update({});
    return out;
  }

 private:
  static Bytes Hmac(const Bytes& key, ByteView data) {
    Bytes out(32);
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
         out.data(), &len);
    return out;
  }

  void Update(ByteView provided) {
    for (uint8_t round : {0x00, 0x01}) {
      Bytes data = v_;
      data.push_back(round);
      data.insert(data.end(), provided.begin(), provided.end());
      key_ = Hmac(key_, data);
      v_ = Hmac(key_, v_);
      if (provided.empty()) break;
    }
  }

  Bytes key_;
  Bytes v_;
};

BignumPtr NewBn() { return BignumPtr(BN_new()); }

// A probable prime of `bits` bits with the two top bits set (so that p*q has exactly 2*bits
// bits) and gcd(p-1, e) = 1.
Result<BignumPtr> NextPrime(HmacDrbg& drbg, int bits, const BIGNUM* e, BN_CTX* ctx) {
  const size_t bytes = static_cast<size_t>(bits + 7) / 8;
  BignumPtr candidate = NewBn(), p_minus_1 = NewBn(), gcd = NewBn();
  for (int attempt = 0; attempt < 100000; ++attempt) {
    Bytes raw = drbg.Generate(bytes);
    const int extra = static_cast<int>(bytes * 8) - bits;
    raw[0] &= static_cast<uint8_t>(0xFF >> extra);
    raw[0] |= static_cast<uint8_t>(0xC0 >> extra);
    raw.back() |= 0x01;
    if (!BN_bin2bn(raw.data(), static_cast<int>(raw.size()), candidate.get())) break;
    if (BN_check_prime(candidate.get(), ctx, nullptr) != 1) continue;
    if (!BN_sub(p_minus_1.get(), candidate.get(), BN_value_one()) ||
        !BN_gcd(gcd.get(), p_minus_1.get(), e, ctx)) {
      break;
    }
    if (BN_is_one(gcd.get())) return candidate;
  }
  return OpenSslError("crypto.keygen", "no prime found for the deterministic key");
}

Result<EvpPkeyPtr> ReadPem(std::string_view pem, bool is_private) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (!key) {
    return OpenSslError("crypto.bad_key",
                        is_private ? "cannot parse PEM private key" : "cannot parse PEM public key",
                        ErrorCode::kInvalidArgument);
  }
  return EvpPkeyPtr(key);
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<EvpPkeyPtr> GenerateWith(EVP_PKEY_CTX* ctx_raw, const char* what) {
  EvpPkeyCtxPtr ctx(ctx_raw);
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen(ctx.get(), &key) <= 0) {
    return OpenSslError("crypto.keygen", std::string("cannot generate ") + what);
  }
  return EvpPkeyPtr(key);
}

}  // namespace

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kRsa:
      return "RSA";
    case KeyType::kEcP256:
      return "EC P-256";
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kOther:
      break;
  }
  return "other";
}

Result<EvpPkeyPtr> GenerateEcP256Key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) return OpenSslError("crypto.keygen", "cannot generate an EC P-256 key");
  return EvpPkeyPtr(key);
}

Result<EvpPkeyPtr> GenerateRsaKey(int bits) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0) {
    EVP_PKEY_CTX_free(ctx);
    return OpenSslError("crypto.keygen", "cannot set up RSA key generation");
  }
  return GenerateWith(ctx, "an RSA key");
}

Result<EvpPkeyPtr> GenerateEd25519Key() {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "ED25519", nullptr);
  if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0) {
    EVP_PKEY_CTX_free(ctx);
    return OpenSslError("crypto.keygen", "cannot set up Ed25519 key generation");
  }
  return GenerateWith(ctx, "an Ed25519 key");
}

Result<EvpPkeyPtr> GenerateTerminalKey() { return GenerateEd25519Key(); }

Result<EvpPkeyPtr> DeterministicRsaKey(std::string_view seed, int bits) {
  if (bits < 1024 || bits % 16 != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "crypto.bad_key_size",
                     "deterministic RSA needs a multiple of 16 bits, at least 1024");
  }
  static constexpr std::string_view kNonce = "kakunin-rsa-v1";
  HmacDrbg drbg(ToBytes(seed), ToBytes(kNonce));
  std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
  BignumPtr e = NewBn();
  BN_set_word(e.get(), RSA_F4);

  KAKUNIN_ASSIGN_OR_RETURN(BignumPtr p, NextPrime(drbg, bits / 2, e.get(), ctx.get()));
  BignumPtr q;
  do {
    KAKUNIN_ASSIGN_OR_RETURN(q, NextPrime(drbg, bits / 2, e.get(), ctx.get()));
  } while (BN_cmp(p.get(), q.get()) == 0);
  // Convention (PKCS#1): p > q, so that qInv = q^-1 mod p.
  if (BN_cmp(p.get(), q.get()) < 0) std::swap(p, q);

  BignumPtr n = NewBn(), d = NewBn(), p1 = NewBn(), q1 = NewBn(), phi = NewBn(), gcd = NewBn(),
            lcm = NewBn(), dmp1 = NewBn(), dmq1 = NewBn(), iqmp = NewBn();
  bool ok = BN_mul(n.get(), p.get(), q.get(), ctx.get()) &&
            BN_sub(p1.get(), p.get(), BN_value_one()) &&
            BN_sub(q1.get(), q.get(), BN_value_one()) &&
            BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) &&
            BN_gcd(gcd.get(), p1.get(), q1.get(), ctx.get()) &&
            BN_div(lcm.get(), nullptr, phi.get(), gcd.get(), ctx.get()) &&
            BN_mod_inverse(d.get(), e.get(), lcm.get(), ctx.get()) &&
            BN_mod(dmp1.get(), d.get(), p1.get(), ctx.get()) &&
            BN_mod(dmq1.get(), d.get(), q1.get(), ctx.get()) &&
            BN_mod_inverse(iqmp.get(), q.get(), p.get(), ctx.get());
  if (!ok) return OpenSslError("crypto.keygen", "RSA arithmetic failed");

  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(),
                                                                      OSSL_PARAM_BLD_free);
  ok = OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dmp1.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dmq1.get()) &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp.get());
  if (!ok) return OpenSslError("crypto.keygen", "cannot build RSA parameters");
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(bld.get()),
                                                                 OSSL_PARAM_free);
  EvpPkeyCtxPtr pctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !pctx || EVP_PKEY_fromdata_init(pctx.get()) <= 0 ||
      EVP_PKEY_fromdata(pctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) <= 0) {
    return OpenSslError("crypto.keygen", "cannot assemble the RSA key");
  }
  return EvpPkeyPtr(key);
}

KeyType GetKeyType(const EVP_PKEY* key) {
  if (!key) return KeyType::kOther;
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &len) == 1 &&
        std::strcmp(group, "prime256v1") == 0) {
      return KeyType::kEcP256;
    }
  }
  return KeyType::kOther;
}

int KeyBits(const EVP_PKEY* key) { return key ? EVP_PKEY_get_bits(key) : 0; }

bool SamePublicKey(const EVP_PKEY* a, const EVP_PKEY* b) {
  return a && b && EVP_PKEY_eq(a, b) == 1;
}

Result<std::string> PrivateKeyToPem(const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    return OpenSslError("crypto.encode", "cannot write the private key as PEM");
  }
  return BioToString(bio.get());
}

Result<EvpPkeyPtr> PrivateKeyFromPem(std::string_view pem) { return ReadPem(pem, true); }

Result<Bytes> PrivateKeyToDer(const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!i2d_PKCS8PrivateKey_bio(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
    return OpenSslError("crypto.encode", "cannot write the private key as DER");
  }
  return ToBytes(BioToString(bio.get()));
}

Result<EvpPkeyPtr> PrivateKeyFromDer(ByteView der) {
  const unsigned char* p = der.data();
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
  if (!key) {
    return OpenSslError("crypto.bad_key", "cannot parse DER private key",
                        ErrorCode::kInvalidArgument);
  }
  return EvpPkeyPtr(key);
}

Result<std::string> PublicKeyToPem(const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PUBKEY(bio.get(), key)) {
    return OpenSslError("crypto.encode", "cannot write the public key as PEM");
  }
  return BioToString(bio.get());
}

Result<EvpPkeyPtr> PublicKeyFromPem(std::string_view pem) { return ReadPem(pem, false); }

Result<Bytes> PublicKeyToDer(const EVP_PKEY* key) {
  unsigned char* out = nullptr;
  int len = i2d_PUBKEY(key, &out);
  if (len <= 0) return OpenSslError("crypto.encode", "cannot write the public key as DER");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

Result<EvpPkeyPtr> PublicKeyFromDer(ByteView der) {
  const unsigned char* p = der.data();
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (!key) {
    return OpenSslError("crypto.bad_key", "cannot parse DER public key",
                        ErrorCode::kInvalidArgument);
  }
  return EvpPkeyPtr(key);
}

Result<EvpPkeyPtr> PublicKeyOnly(const EVP_PKEY* key) {
  KAKUNIN_ASSIGN_OR_RETURN(Bytes der, PublicKeyToDer(key));
  return PublicKeyFromDer(der);
}

std::string ShortVerificationCode(ByteView spki_der) {
  Bytes h = Sha256(spki_der);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n = (n << 8) | h[static_cast<size_t>(i)];
  const unsigned code = static_cast<unsigned>(n % 1000000);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%03u %03u", code / 1000, code % 1000);
  return buf;
}

Result<std::string> ShortVerificationCode(const EVP_PKEY* key) {
  KAKUNIN_ASSIGN_OR_RETURN(Bytes der, PublicKeyToDer(key));
  return ShortVerificationCode(der);
}

}  // namespace kakunin::crypto
