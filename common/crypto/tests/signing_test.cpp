// Proves that the card-style raw signature over a DigestInfo is a standard RSA-SHA256 signature,
// and that Ed25519 and ECDSA sign/verify round-trip.
#include "common/crypto/signing.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <utility>
#include <vector>

#include "common/crypto/keys.h"

namespace kakunin::crypto {
namespace {

TEST(Sha256, KnownVector) {
  EXPECT_EQ(ToHex(Sha256(ToBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Each thread reuses one digest context: a digest must not carry anything of the one before,
// whatever the order of inputs and however many threads hash at once.
TEST(Sha256, ReusedContextsGiveEachInputItsOwnDigest) {
  const std::string million_a(1000000, 'a');
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {million_a, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  auto hash_all = [&](int rounds) {
    int wrong = 0;
    for (int r = 0; r < rounds; ++r) {
      for (size_t i = 0; i < vectors.size(); ++i) {
        const auto& [input, want] = vectors[(i + static_cast<size_t>(r)) % vectors.size()];
        if (ToHex(Sha256(ToBytes(input))) != want) ++wrong;
      }
    }
    return wrong;
  };
  EXPECT_EQ(hash_all(3), 0);
  std::vector<std::future<int>> threads;
  for (int t = 0; t < 4; ++t) threads.push_back(std::async(std::launch::async, hash_all, 5));
  for (auto& t : threads) EXPECT_EQ(t.get(), 0);
}

TEST(Sha256DigestInfo, HasTheDerPrefix) {
  auto info = Sha256DigestInfo(Sha256(ToBytes("abc")));
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->size(), 51u);
  EXPECT_EQ(ToHex(ByteView(*info).first(19)), "3031300d060960864801650304020105000420");
  EXPECT_FALSE(Sha256DigestInfo(ToBytes("short")).ok());
}

TEST(RsaSignDigestInfo, VerifiesAsStandardSha256Signature) {
  auto key = DeterministicRsaKey("signing-test");
  ASSERT_TRUE(key.ok());
  const Bytes message = ToBytes("challenge from the eligibility server");
  auto info = Sha256DigestInfo(Sha256(message));
  ASSERT_TRUE(info.ok());
  auto sig = RsaSignDigestInfo(key->get(), *info);
  ASSERT_TRUE(sig.ok()) << sig.error().ToString();
  EXPECT_EQ(sig->size(), 256u);
  auto pub = PublicKeyOnly(key->get());
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(VerifyRsaSha256(pub->get(), message, *sig).ok());
  // PKCS#1 v1.5 is deterministic: the normal signing path gives the same bytes.
  EXPECT_EQ(*sig, *SignSha256(key->get(), message));

  Status other = VerifyRsaSha256(pub->get(), ToBytes("another message"), *sig);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().reason(), "crypto.bad_signature");
}

TEST(RsaSignDigestInfo, NeedsAnRsaKey) {
  auto key = GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  auto sig = RsaSignDigestInfo(key->get(), Bytes(51, 0));
  ASSERT_FALSE(sig.ok());
  EXPECT_EQ(sig.error().reason(), "crypto.wrong_key_type");
}

TEST(Ed25519, RoundTrip) {
  auto key = GenerateEd25519Key();
  ASSERT_TRUE(key.ok());
  const Bytes message = ToBytes("audit record 42");
  auto sig = Ed25519Sign(key->get(), message);
  ASSERT_TRUE(sig.ok()) << sig.error().ToString();
  EXPECT_EQ(sig->size(), 64u);
  auto pub = PublicKeyOnly(key->get());
  EXPECT_TRUE(Ed25519Verify(pub->get(), message, *sig).ok());
  Bytes tampered = *sig;
  tampered[10] ^= 0x01;
  Status bad = Ed25519Verify(pub->get(), message, tampered);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason(), "crypto.bad_signature");
}

TEST(EcdsaP256, RoundTrip) {
  auto key = GenerateEcP256Key();
  ASSERT_TRUE(key.ok());
  const Bytes message = ToBytes("terminal enrolment");
  auto sig = SignSha256(key->get(), message);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifySha256(key->get(), message, *sig).ok());
  EXPECT_FALSE(VerifySha256(key->get(), ToBytes("other"), *sig).ok());
}

TEST(RandomBytes, HasTheLengthAskedFor) {
  auto a = RandomBytes(32);
  auto b = RandomBytes(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(RandomBytes(0)->empty());
}

}  // namespace
}  // namespace kakunin::crypto
