// Proves that the worked example in FORMAT.md is what the code produces: every checked block of
// the document is recomputed here, so the document cannot drift from the implementation.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/crypto/keys.h"

namespace kakunin::audit {
namespace {

std::string ReadDoc() {
  std::ifstream in(KAKUNIN_AUDIT_FORMAT_MD);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fenced block after "<!-- check:NAME -->", without its fences.
std::string Block(const std::string& doc, const std::string& name) {
  size_t marker = doc.find("<!-- check:" + name + " -->");
  if (marker == std::string::npos) return "(no block " + name + ")";
  size_t open = doc.find("```", marker);
  size_t body = doc.find('\n', open) + 1;
  size_t close = doc.find("\n```", body);
  return doc.substr(body, close - body);
}

// Hex blocks may carry "# comments" and spaces for reading.
std::string HexOf(const std::string& block) {
  std::string out, line;
  std::istringstream in(block);
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    for (char c : line) {
      if (c != ' ') out += c;
    }
  }
  return out;
}

Record ExampleRecord() {
  Record r;
  r.seq = 1;
  r.at_us = 1743467400000000;
  r.event = "check.result";
  r.actor = "device:dev-12ab";
  r.site_id = "site-001";
  r.device_id = "dev-12ab";
  r.subject = "chk-000042";
  r.details = "{\"outcome\":\"eligible\"}";
  r.prev_hash = Bytes(kHashSize, 0);
  r.hash = RecordHash(r);
  return r;
}

class FormatDoc : public ::testing::Test {
 protected:
  void SetUp() override {
    doc_ = ReadDoc();
    ASSERT_FALSE(doc_.empty()) << "cannot read " << KAKUNIN_AUDIT_FORMAT_MD;
  }
  std::string doc_;
};

TEST_F(FormatDoc, RecordExampleMatchesTheCode) {
  const Record r = ExampleRecord();
  EXPECT_EQ(HexOf(Block(doc_, "record-canonical")), ToHex(CanonicalBytes(r)));
  EXPECT_EQ(HexOf(Block(doc_, "record-hash")), ToHex(r.hash));
  EXPECT_EQ(Block(doc_, "record-json"), ToJsonLine(r));
  EXPECT_EQ(Block(doc_, "record-csv"), std::string(kCsvHeader) + "\n" + ToCsvRow(r));
  // And the documented bytes decode to the documented record.
  auto bytes = FromHex(HexOf(Block(doc_, "record-canonical")));
  ASSERT_TRUE(bytes.ok());
  auto decoded = DecodeCanonical(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, r);
}

TEST_F(FormatDoc, HeadExampleMatchesTheCode) {
  auto seed = FromHex(HexOf(Block(doc_, "head-private-key")));
  ASSERT_TRUE(seed.ok());
  crypto::EvpPkeyPtr key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed->data(), seed->size()));
  ASSERT_NE(key, nullptr);
  Bytes pub(32);
  size_t len = pub.size();
  ASSERT_EQ(EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len), 1);
  EXPECT_EQ(HexOf(Block(doc_, "head-public-key")), ToHex(pub));
  EXPECT_EQ(HexOf(Block(doc_, "head-key-id")), KeyIdFor(key.get()));

  auto head = SignHead(1, ExampleRecord().hash, 1743467410000000, KeyIdFor(key.get()), key.get());
  ASSERT_TRUE(head.ok()) << head.error().ToString();
  EXPECT_EQ(HexOf(Block(doc_, "head-message")), ToHex(HeadMessage(*head)));
  EXPECT_EQ(HexOf(Block(doc_, "head-signature")), ToHex(head->signature));
  EXPECT_EQ(Block(doc_, "head-json"), HeadToJson(*head));
  auto parsed = HeadFromJson(Block(doc_, "head-json"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_TRUE(VerifyHead(*parsed, key.get()).ok());
}

}  // namespace
}  // namespace kakunin::audit
