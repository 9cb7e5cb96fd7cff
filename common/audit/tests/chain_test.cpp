// Proves the appender links records and can be resumed from a stored head, that heads sign
// exactly the documented fields with the named key, and that head JSON is strict.
#include "common/audit/chain.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <functional>

#include "common/audit/tests/test_util.h"
#include "common/crypto/signing.h"

namespace kakunin::audit {
namespace {

using testing::BuildChain;
using testing::Fields;
using testing::kT0;
using testing::NewKey;

TEST(ChainAppender, LinksRecordsFromZero) {
  ChainAppender chain;
  EXPECT_EQ(chain.size(), 0u);
  EXPECT_EQ(chain.head_hash(), Bytes(kHashSize, 0));
  Record a = chain.Append(Fields(1));
  Record b = chain.Append(Fields(2));
  EXPECT_EQ(a.seq, 1u);
  EXPECT_EQ(a.prev_hash, Bytes(kHashSize, 0));
  EXPECT_EQ(a.hash, RecordHash(a));
  EXPECT_EQ(b.seq, 2u);
  EXPECT_EQ(b.prev_hash, a.hash);
  EXPECT_EQ(b.hash, RecordHash(b));
  EXPECT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain.head_hash(), b.hash);
}

TEST(ChainAppender, OverwritesChainFieldsOfTheInput) {
  Record fields = Fields(1);
  fields.seq = 99;
  fields.prev_hash = Bytes(3, 1);
  fields.hash = Bytes(5, 2);
  ChainAppender chain;
  Record r = chain.Append(fields);
  EXPECT_EQ(r.seq, 1u);
  EXPECT_EQ(r.prev_hash, Bytes(kHashSize, 0));
  EXPECT_EQ(r.hash, RecordHash(r));
  EXPECT_EQ(r.details, fields.details);
}

TEST(ChainAppender, ResumedFromAStoredHeadGivesTheSameChain) {
  const auto whole = BuildChain(10);
  ChainAppender resumed(6, whole[4].hash);  // as the server seeds it from record 5
  for (uint64_t i = 6; i <= 10; ++i) EXPECT_EQ(resumed.Append(Fields(i)), whole[i - 1]) << i;
  EXPECT_EQ(resumed.size(), 10u);
  EXPECT_EQ(resumed.head_hash(), whole[9].hash);
}

TEST(KeyIdFor, IsTheShortHashOfTheRawPublicKey) {
  auto key = NewKey();
  ASSERT_NE(key, nullptr);
  Bytes raw(32);
  size_t len = raw.size();
  ASSERT_EQ(EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &len), 1);
  const std::string id = KeyIdFor(key.get());
  EXPECT_EQ(id, ToHex(crypto::Sha256(raw)).substr(0, 16));
  auto pub = crypto::PublicKeyOnly(key.get());
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(KeyIdFor(pub->get()), id);  // the private key gives the same id
  EXPECT_NE(KeyIdFor(NewKey().get()), id);
  EXPECT_EQ(KeyIdFor(nullptr), "");
}

class HeadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = NewKey();
    ASSERT_NE(key_, nullptr);
    auto pub = crypto::PublicKeyOnly(key_.get());
    ASSERT_TRUE(pub.ok());
    pub_ = std::move(pub).value();
    chain_ = BuildChain(3);
    auto h = SignHead(3, chain_[2].hash, kT0, KeyIdFor(key_.get()), key_.get());
    ASSERT_TRUE(h.ok()) << h.error().ToString();
    head_ = *h;
  }
  crypto::EvpPkeyPtr key_, pub_;
  std::vector<Record> chain_;
  SignedHead head_;
};

TEST_F(HeadTest, SignsTheDocumentedMessage) {
  EXPECT_EQ(head_.size, 3u);
  EXPECT_EQ(head_.root_hash, chain_[2].hash);
  EXPECT_EQ(head_.signature.size(), 64u);
  EXPECT_TRUE(crypto::Ed25519Verify(pub_.get(), HeadMessage(head_), head_.signature).ok());
  EXPECT_TRUE(VerifyHead(head_, pub_.get()).ok());
}

TEST_F(HeadTest, EveryFieldIsCovered) {
  const std::vector<std::pair<const char*, std::function<void(SignedHead&)>>> edits = {
      {"size", [](SignedHead& h) { h.size = 2; }},
      {"root_hash", [](SignedHead& h) { h.root_hash[0] ^= 1; }},
      {"signed_at_us", [](SignedHead& h) { h.signed_at_us += 1; }},
      {"signature", [](SignedHead& h) { h.signature[10] ^= 1; }},
      {"short root", [](SignedHead& h) { h.root_hash.pop_back(); }},
      {"no signature", [](SignedHead& h) { h.signature.clear(); }},
  };
  for (const auto& [name, edit] : edits) {
    SignedHead h = head_;
    edit(h);
    Status s = VerifyHead(h, pub_.get());
    ASSERT_FALSE(s.ok()) << name;
    EXPECT_EQ(s.error().reason(), "audit.bad_head_signature") << name;
    EXPECT_EQ(s.error().code(), ErrorCode::kUnauthenticated);
  }
}

TEST_F(HeadTest, AnotherKeyDoesNotVerify) {
  auto other = NewKey();
  Status s = VerifyHead(head_, other.get());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "audit.bad_head_signature");
  // Re-labelled with the other key's id, the signature still fails.
  SignedHead relabelled = head_;
  relabelled.key_id = KeyIdFor(other.get());
  EXPECT_FALSE(VerifyHead(relabelled, other.get()).ok());
}

TEST_F(HeadTest, SigningRefusesBadInput) {
  auto short_root = SignHead(3, Bytes(31, 0), kT0, KeyIdFor(key_.get()), key_.get());
  ASSERT_FALSE(short_root.ok());
  EXPECT_EQ(short_root.error().reason(), "audit.bad_root_hash");
  auto wrong_id = SignHead(3, chain_[2].hash, kT0, "0011223344556677", key_.get());
  ASSERT_FALSE(wrong_id.ok());
  EXPECT_EQ(wrong_id.error().reason(), "audit.key_id_mismatch");
  auto ec = crypto::GenerateEcP256Key();
  ASSERT_TRUE(ec.ok());
  auto wrong_type = SignHead(3, chain_[2].hash, kT0, KeyIdFor(ec->get()), ec->get());
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().reason(), "crypto.wrong_key_type");
}

TEST_F(HeadTest, JsonRoundTrips) {
  const std::string json = HeadToJson(head_);
  auto back = HeadFromJson(json);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, head_);
  EXPECT_TRUE(VerifyHead(*back, pub_.get()).ok());
}

TEST_F(HeadTest, JsonIsStrict) {
  const std::string json = HeadToJson(head_);
  auto mutated = [&](const std::string& from, const std::string& to) {
    std::string s = json;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? s : s.replace(at, from.size(), to);
  };
  const std::string sig = ToHex(head_.signature);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "audit.json_syntax"},
      {"\"head\"", "audit.json_not_object"},
      {mutated("\"size\":3,", ""), "audit.json_missing_key"},
      {mutated("\"size\":3,", "\"size\":3,\"size\":4,"), "audit.json_duplicate_key"},
      {mutated("\"size\":3,", "\"size\":3,\"note\":\"\","), "audit.json_unknown_key"},
      {mutated("\"size\":3,", "\"size\":-3,"), "audit.json_bad_type"},
      {mutated(".000000Z", "Z"), "audit.json_time_mismatch"},
      {mutated(sig, sig.substr(2)), "audit.json_bad_hex"},
      {mutated(head_.key_id, ""), "audit.json_bad_key_id"},
      {mutated(head_.key_id, "KEY"), "audit.json_bad_key_id"},
      {mutated(head_.key_id, std::string(65, 'a')), "audit.json_bad_key_id"},
  };
  for (const auto& [text, reason] : cases) {
    auto r = HeadFromJson(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().reason(), reason) << text << " -> " << r.error().ToString();
  }
}

}  // namespace
}  // namespace kakunin::audit
