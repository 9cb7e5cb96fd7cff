// The binary COPY's field encoding, without a database: each type's bytes as PostgreSQL's
// binary format defines them, the timestamp parsed back from PgTimestamp's text over the whole
// range a result can carry, and every text that is not a value of its type refused (the COPY
// then fails the transaction with data_exception, as a text COPY would).
#include "server/storage/pg_binary_copy.h"

#include <gtest/gtest.h>

#include <random>

#include "server/storage/pg_text.h"

namespace kakunin::server {
namespace {

std::string Field(PgType type, std::string_view text) {
  std::string out = "unchanged";
  if (!AppendBinaryField(type, text, &out)) {
    return out == "unchanged" ? "refused" : "refused, yet wrote " + out;
  }
  return out.substr(9);
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

TEST(PgBinaryCopy, TimestampsParseBackFromTheirTextOverTheWholeRange) {
  std::mt19937_64 rng(20261205);
  // Year 1 to 9999 at random, and each edge PgTimestamp writes in four digits.
  std::uniform_int_distribution<int64_t> any(-62135596800000000, 253402300799999999);
  for (int i = 0; i < 20000; ++i) {
    const int64_t t = any(rng);
    ASSERT_EQ(ParsePgTimestamp(PgTimestamp(t)), t) << PgTimestamp(t);
  }
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{951782400000000}, int64_t{946684800000000},
                    int64_t{253402300799999999}}) {
    EXPECT_EQ(ParsePgTimestamp(PgTimestamp(t)), t) << PgTimestamp(t);
  }
}

TEST(PgBinaryCopy, TimestampTextOtherThanPgTimestampsIsRefused) {
  for (const char* bad :
       {"", "2026-11-19", "2026-11-19 00:04:05+00", "2026-11-19T00:04:05.123456+00",
        "2026-11-19 00:04:05.123456+09", "2026-02-30 00:00:00.000000+00",
        "2026-11-19 24:00:00.000000+00", "2026-13-01 00:00:00.000000+00",
        "2026-1a-19 00:04:05.123456+00", "2026-11-19 00:04:05.123456+000"}) {
    EXPECT_EQ(ParsePgTimestamp(bad), std::nullopt) << bad;
  }
}

TEST(PgBinaryCopy, EachTypeIsItsLengthThenItsBigEndianBytes) {
  EXPECT_EQ(Field(PgType::kInt2, "-2"), Bytes({0, 0, 0, 2, 0xff, 0xfe}));
  EXPECT_EQ(Field(PgType::kInt4, "258"), Bytes({0, 0, 0, 4, 0, 0, 1, 2}));
  EXPECT_EQ(Field(PgType::kInt8, "1"), Bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Field(PgType::kBool, "t"), Bytes({0, 0, 0, 1, 1}));
  EXPECT_EQ(Field(PgType::kBool, "f"), Bytes({0, 0, 0, 1, 0}));
  EXPECT_EQ(Field(PgType::kText, "薬局"), Bytes({0, 0, 0, 6}) + "薬局");
  EXPECT_EQ(Field(PgType::kText, ""), Bytes({0, 0, 0, 0}));
  EXPECT_EQ(Field(PgType::kBytea, std::string("\0\xff", 2)), Bytes({0, 0, 0, 2, 0, 0xff}));
  EXPECT_EQ(
      Field(PgType::kUuid, "0123ABcd-0000-4000-8000-00000000ff01"),
      Bytes({0, 0, 0, 16, 0x01, 0x23, 0xab, 0xcd, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0x01}));
  // PostgreSQL's epoch is 2000-01-01: one microsecond after it is 1, one before it is -1.
  EXPECT_EQ(Field(PgType::kTimestampTz, "2000-01-01 00:00:00.000001+00"),
            Bytes({0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Field(PgType::kTimestampTz, "1999-12-31 23:59:59.999999+00"),
            Bytes({0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(PgBinaryCopy, TextThatIsNotAValueOfItsTypeIsRefusedAndWritesNothing) {
  const std::pair<PgType, const char*> bad[] = {
      {PgType::kInt2, "40000"},
      {PgType::kInt2, ""},
      {PgType::kInt4, "1.5"},
      {PgType::kInt4, " 1"},
      {PgType::kInt8, "1e3"},
      {PgType::kInt8, "99999999999999999999"},
      {PgType::kBool, "true"},
      {PgType::kBool, ""},
      {PgType::kUuid, ""},
      {PgType::kUuid, "0123abcd00004000800000000000ff01"},
      {PgType::kUuid, "0123abcd-0000-4000-8000-00000000ff0g"},
      {PgType::kUuid, "{0123abcd-0000-4000-8000-00000000ff}"},
      {PgType::kTimestampTz, "now"}};
  for (const auto& [type, text] : bad) {
    EXPECT_EQ(Field(type, text), "refused") << static_cast<int>(type) << " " << text;
  }
}

}  // namespace
}  // namespace kakunin::server
