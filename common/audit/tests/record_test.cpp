// Proves the canonical encoding is unambiguous and strictly decoded, that the hash covers every
// field except itself, and that the JSON line and CSV exports round-trip or quote correctly.
#include "common/audit/record.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>

#include "common/audit/tests/test_util.h"

namespace kakunin::audit {
namespace {

using testing::BuildChain;
using testing::Fields;

Record Sample() { return BuildChain(2)[1]; }

TEST(CanonicalBytes, RoundTripsThroughDecode) {
  Record r = Sample();
  r.details = "{\"note\":\"処方箋 受付\"}";
  r.hash = RecordHash(r);
  auto decoded = DecodeCanonical(CanonicalBytes(r));
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(*decoded, r);
}

TEST(CanonicalBytes, DecodeRecomputesTheHash) {
  Record r = Sample();
  r.hash = Bytes(kHashSize, 0xAB);  // not part of the canonical bytes
  auto decoded = DecodeCanonical(CanonicalBytes(r));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->hash, RecordHash(r));
}

TEST(CanonicalBytes, FieldBoundariesCannotShift) {
  // Without length prefixes these two would encode identically.
  Record a = Sample(), b = Sample();
  a.event = "ab";
  a.actor = "c";
  b.event = "a";
  b.actor = "bc";
  EXPECT_NE(CanonicalBytes(a), CanonicalBytes(b));
  EXPECT_NE(RecordHash(a), RecordHash(b));
}

TEST(RecordHash, CoversEveryFieldButItself) {
  const Record base = Sample();
  const std::vector<std::pair<const char*, std::function<void(Record&)>>> edits = {
      {"seq", [](Record& r) { r.seq += 1; }},
      {"at_us", [](Record& r) { r.at_us += 1; }},
      {"event", [](Record& r) { r.event += "x"; }},
      {"actor", [](Record& r) { r.actor = "user:mallory"; }},
      {"site_id", [](Record& r) { r.site_id = "site-002"; }},
      {"device_id", [](Record& r) { r.device_id = ""; }},
      {"subject", [](Record& r) { r.subject = "chk-other"; }},
      {"details", [](Record& r) { r.details = "{}"; }},
      {"prev_hash", [](Record& r) { r.prev_hash[31] ^= 1; }},
  };
  for (const auto& [name, edit] : edits) {
    Record r = base;
    edit(r);
    EXPECT_NE(RecordHash(r), base.hash) << name;
  }
  Record r = base;
  r.hash = Bytes(kHashSize, 0);
  EXPECT_EQ(RecordHash(r), base.hash);
}

void ExpectDecodeError(const Bytes& bytes, ErrorCode code, const std::string& reason) {
  auto r = DecodeCanonical(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), code) << r.error().ToString();
  EXPECT_EQ(r.error().reason(), reason) << r.error().ToString();
}

TEST(DecodeCanonical, RefusesEveryTruncation) {
  const Bytes full = CanonicalBytes(Sample());
  for (size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE(n);
    Bytes prefix(full.begin(), full.begin() + static_cast<ptrdiff_t>(n));
    auto r = DecodeCanonical(prefix);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "audit.canonical_truncated");
    EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
  }
}

TEST(DecodeCanonical, RefusesTrailingBytes) {
  Bytes bytes = CanonicalBytes(Sample());
  bytes.push_back(0);
  ExpectDecodeError(bytes, ErrorCode::kDataLoss, "audit.canonical_trailing_bytes");
}

TEST(DecodeCanonical, RefusesAnotherTagOrVersion) {
  Bytes bytes = CanonicalBytes(Sample());
  bytes[4 + 22] = '2';  // "...-v1" -> "...-v2"
  ExpectDecodeError(bytes, ErrorCode::kInvalidArgument, "audit.canonical_bad_tag");
  ExpectDecodeError(ToBytes(std::string("\0\0\0\0", 4)), ErrorCode::kInvalidArgument,
                    "audit.canonical_bad_tag");
}

TEST(DecodeCanonical, RefusesAHugeLength) {
  Bytes bytes = CanonicalBytes(Sample());
  // The event length sits after the tag (4 + 23) and seq, at_us (16).
  const size_t at = 4 + 23 + 16;
  bytes[at] = bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0xFF;
  ExpectDecodeError(bytes, ErrorCode::kDataLoss, "audit.canonical_truncated");
}

TEST(DecodeCanonical, RefusesAPrevHashOfTheWrongLength) {
  Record r = Sample();
  r.prev_hash.pop_back();
  ExpectDecodeError(CanonicalBytes(r), ErrorCode::kDataLoss, "audit.canonical_bad_hash_length");
  r.prev_hash.clear();
  ExpectDecodeError(CanonicalBytes(r), ErrorCode::kDataLoss, "audit.canonical_bad_hash_length");
}

TEST(DecodeCanonical, RefusesInvalidUtf8) {
  for (const char* bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe3\x81", "\xf4\x90\x80\x80"}) {
    Record r = Sample();
    r.subject = bad;
    ExpectDecodeError(CanonicalBytes(r), ErrorCode::kDataLoss, "audit.canonical_bad_utf8");
  }
  Record ok = Sample();
  ok.subject = std::string("nul\0ok \xf0\x9f\x92\x8a", 11);  // NUL and U+1F48A are valid
  EXPECT_TRUE(DecodeCanonical(CanonicalBytes(ok)).ok());
}

TEST(FormatUtcMicros, SpellsEveryInt64Once) {
  EXPECT_EQ(FormatUtcMicros(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatUtcMicros(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatUtcMicros(1709164800123456), "2024-02-29T00:00:00.123456Z");
  EXPECT_EQ(FormatUtcMicros(253402300799999999), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatUtcMicros(253402300800000000), "+10000-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatUtcMicros(-62167219200000001), "-0001-12-31T23:59:59.999999Z");
  EXPECT_EQ(FormatUtcMicros(std::numeric_limits<int64_t>::max()), "+294247-01-10T04:00:54.775807Z");
  EXPECT_EQ(FormatUtcMicros(std::numeric_limits<int64_t>::min()), "-290308-12-21T19:59:05.224192Z");
}

TEST(JsonLine, RoundTrips) {
  Record r = Sample();
  r.details = "{\"note\":\"line\\nbreak \\\"q\\\" 調剤\"}\t\x01";
  r.subject = std::string("a\0b", 3);
  r.at_us = -5;
  r.hash = RecordHash(r);
  const std::string line = ToJsonLine(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto back = FromJsonLine(line);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, r);
}

TEST(JsonLine, KeepsTheStoredHash) {
  // An export line is read as stored, so the verifier can still see that it was edited.
  Record r = Sample();
  r.hash = Bytes(kHashSize, 0x11);
  auto back = FromJsonLine(ToJsonLine(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->hash, Bytes(kHashSize, 0x11));
}

// ToJsonLine(Sample()) with one substring replaced.
std::string Mutated(const std::string& from, const std::string& to) {
  std::string line = ToJsonLine(Sample());
  size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return line;
  return line.replace(at, from.size(), to);
}

TEST(JsonLine, IsStrict) {
  const Record s = Sample();
  const std::string seq = "\"seq\":2,";
  const std::string hash = "\"hash\":\"" + ToHex(s.hash) + "\"";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "audit.json_syntax"},
      {"[1,2]", "audit.json_not_object"},
      {ToJsonLine(s) + " {}", "audit.json_syntax"},
      {Mutated(seq, ""), "audit.json_missing_key"},
      {Mutated(seq, seq + "\"extra\":1,"), "audit.json_unknown_key"},
      {Mutated(seq, seq + "\"seq\":3,"), "audit.json_duplicate_key"},
      {Mutated(seq, "\"seq\":\"2\","), "audit.json_bad_type"},
      {Mutated(seq, "\"seq\":-2,"), "audit.json_bad_type"},
      {Mutated(seq, "\"seq\":2.0,"), "audit.json_bad_type"},
      {Mutated(seq, "\"seq\":18446744073709551616,"), "audit.json_bad_type"},
      {Mutated("\"event\":\"check.result\"", "\"event\":null"), "audit.json_bad_type"},
      {Mutated("00:02:00.000000Z", "00:02:00Z"), "audit.json_time_mismatch"},
      {Mutated(hash, "\"hash\":\"" + ToHex(s.hash).substr(2) + "\""), "audit.json_bad_hex"},
      {Mutated(hash, "\"hash\":\"" + ToHex(s.hash) + "00\""), "audit.json_bad_hex"},
      {Mutated(ToHex(s.hash), "A" + ToHex(s.hash).substr(1)), "audit.json_bad_hex"},
      {Mutated("\"prev_hash\":\"", "\"prev_hash\":\" "), "audit.json_bad_hex"},
  };
  ASSERT_TRUE(FromJsonLine(ToJsonLine(s)).ok());
  for (const auto& [line, reason] : cases) {
    auto r = FromJsonLine(line);
    ASSERT_FALSE(r.ok()) << line;
    EXPECT_EQ(r.error().reason(), reason) << line << " -> " << r.error().ToString();
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(JsonLine, AtUsOutOfRangeIsRefused) {
  std::string line = ToJsonLine(Sample());
  const std::string at_us = "\"at_us\":" + std::to_string(Sample().at_us);
  line.replace(line.find(at_us), at_us.size(), "\"at_us\":9223372036854775808");
  auto r = FromJsonLine(line);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "audit.json_bad_type");
}

TEST(Csv, QuotesOnlyWhatRfc4180Requires) {
  Record r = Fields(7);
  r.seq = 7;
  r.prev_hash = Bytes(kHashSize, 0);
  r.hash = Bytes(kHashSize, 0xff);
  r.event = "plain";
  r.actor = "a,b";
  r.site_id = "say \"hi\"";
  r.device_id = "two\r\nlines";
  r.subject = "日本語";
  r.details = "";
  EXPECT_EQ(ToCsvRow(r), "7," + FormatUtcMicros(r.at_us) + "," + std::to_string(r.at_us) +
                             ",plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",日本語,," +
                             ToHex(r.prev_hash) + "," + ToHex(r.hash));
  EXPECT_STREQ(kCsvHeader,
               "seq,at,at_us,event,actor,site_id,device_id,subject,details,prev_hash,hash");
}

// Values others typed (a refused login's subject) never reach a spreadsheet as a formula.
TEST(Csv, AValueAWorksheetWouldRunIsWrittenAsText) {
  Record r = Fields(8);
  r.seq = 8;
  r.prev_hash = Bytes(kHashSize, 0);
  r.hash = Bytes(kHashSize, 0xff);
  r.event = "auth.login_failed";
  r.actor = "@SUM(A1)";
  r.site_id = "+81";
  r.device_id = "-1";
  r.subject = "=HYPERLINK(\"http://x\",\"y\")";
  r.details = "\tx";
  EXPECT_EQ(ToCsvRow(r), "8," + FormatUtcMicros(r.at_us) + "," + std::to_string(r.at_us) +
                             ",auth.login_failed,'@SUM(A1),'+81,'-1,\"'=HYPERLINK(\"\"http://"
                             "x\"\",\"\"y\"\")\",'\tx," +
                             ToHex(r.prev_hash) + "," + ToHex(r.hash));
}

}  // namespace
}  // namespace kakunin::audit
