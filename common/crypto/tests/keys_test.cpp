// Proves that deterministic keys are reproducible, and that key encodings round-trip.
#include "common/crypto/keys.h"

#include <gtest/gtest.h>

#include <regex>

namespace kakunin::crypto {
namespace {

TEST(DeterministicRsaKey, SameSeedGivesTheSameKey) {
  auto a = DeterministicRsaKey("card-seed-1");
  auto b = DeterministicRsaKey("card-seed-1");
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(KeyBits(a->get()), 2048);
  EXPECT_EQ(GetKeyType(a->get()), KeyType::kRsa);
  EXPECT_EQ(*PrivateKeyToDer(a->get()), *PrivateKeyToDer(b->get()));
}

TEST(DeterministicRsaKey, OtherSeedGivesAnotherKey) {
  auto a = DeterministicRsaKey("card-seed-1");
  auto b = DeterministicRsaKey("card-seed-2");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(SamePublicKey(a->get(), b->get()));
}

TEST(DeterministicRsaKey, KeyIsConsistentForOpenSsl) {
  auto key = DeterministicRsaKey("consistency");
  ASSERT_TRUE(key.ok());
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
  EXPECT_EQ(EVP_PKEY_check(ctx.get()), 1);  // p, q prime, n = pq, d and CRT values agree
}

TEST(DeterministicRsaKey, RejectsOddSizes) {
  auto key = DeterministicRsaKey("x", 1000);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code(), ErrorCode::kInvalidArgument);
}

TEST(Keys, GeneratedKeysHaveTheirTypes) {
  auto ec = GenerateEcP256Key();
  auto ed = GenerateEd25519Key();
  auto rsa = GenerateRsaKey(2048);
  ASSERT_TRUE(ec.ok() && ed.ok() && rsa.ok());
  EXPECT_EQ(GetKeyType(ec->get()), KeyType::kEcP256);
  EXPECT_EQ(GetKeyType(ed->get()), KeyType::kEd25519);
  EXPECT_EQ(GetKeyType(rsa->get()), KeyType::kRsa);
  EXPECT_EQ(KeyBits(rsa->get()), 2048);
}

TEST(Keys, PemAndDerRoundTrip) {
  auto key = GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  auto pem = PrivateKeyToPem(key->get());
  ASSERT_TRUE(pem.ok());
  EXPECT_NE(pem->find("BEGIN PRIVATE KEY"), std::string::npos);
  auto back = PrivateKeyFromPem(*pem);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(SamePublicKey(key->get(), back->get()));

  auto der = PrivateKeyToDer(key->get());
  ASSERT_TRUE(der.ok());
  auto from_der = PrivateKeyFromDer(*der);
  ASSERT_TRUE(from_der.ok());
  EXPECT_TRUE(SamePublicKey(key->get(), from_der->get()));

  auto pub_pem = PublicKeyToPem(key->get());
  ASSERT_TRUE(pub_pem.ok());
  auto pub = PublicKeyFromPem(*pub_pem);
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(SamePublicKey(key->get(), pub->get()));
  auto pub_der = PublicKeyToDer(key->get());
  ASSERT_TRUE(pub_der.ok());
  EXPECT_TRUE(SamePublicKey(key->get(), PublicKeyFromDer(*pub_der)->get()));
}

TEST(Keys, GarbageIsRejected) {
  auto key = PrivateKeyFromPem("not a key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().reason(), "crypto.bad_key");
  EXPECT_FALSE(PublicKeyFromDer(ToBytes("xx")).ok());
}

TEST(ShortVerificationCode, IsSixDigitsWithASpace) {
  auto key = GenerateEd25519Key();
  ASSERT_TRUE(key.ok());
  auto code = ShortVerificationCode(key->get());
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(std::regex_match(*code, std::regex("[0-9]{3} [0-9]{3}"))) << *code;
  // Same key, same code; the public half alone gives the same code.
  EXPECT_EQ(*code, *ShortVerificationCode(PublicKeyOnly(key->get())->get()));
}

TEST(ShortVerificationCode, FollowsTheDocumentedFormula) {
  // SHA-256("") = e3b0c44298fc1c14...; 0xe3b0c44298fc1c14 mod 10^6 = 261 652 (computed
  // with Python: int("e3b0c44298fc1c14", 16) % 10**6).
  EXPECT_EQ(ShortVerificationCode(ByteView()), "261 652");
}

}  // namespace
}  // namespace kakunin::crypto
