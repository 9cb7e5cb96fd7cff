// The text forms the ingest writer hands to COPY and to array parameters. The timestamp is
// formatted by hand (it runs for every result), so it is checked against the C library's own
// calendar over the whole range a result can carry, and beyond.
#include "server/storage/pg_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

namespace kakunin::server {
namespace {

std::string LibcTimestamp(int64_t unix_micros) {
  int64_t secs = unix_micros / 1000000;
  int64_t micros = unix_micros % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

TEST(PgText, TimestampsAgreeWithTheCLibraryCalendar) {
  EXPECT_EQ(PgTimestamp(0), "1970-01-01 00:00:00.000000+00");
  EXPECT_EQ(PgTimestamp(-1), "1969-12-31 23:59:59.999999+00");
  EXPECT_EQ(PgTimestamp(951782400000000), "2000-02-29 00:00:00.000000+00");  // leap day
  EXPECT_EQ(PgTimestamp(1795046645123456), "2026-11-19 00:04:05.123456+00");
  EXPECT_EQ(PgTimestamp(253402300799999999), "9999-12-31 23:59:59.999999+00");
  std::mt19937_64 rng(20261204);
  // Year 1 to 9999 (protobuf's Timestamp range), and a denser pass over this century.
  std::uniform_int_distribution<int64_t> any(-62135596800000000, 253402300799999999);
  std::uniform_int_distribution<int64_t> recent(946684800000000, 4102444800000000);
  std::string reused;
  for (int i = 0; i < 200000; ++i) {
    const int64_t t = (i % 2 ? any : recent)(rng);
    PgTimestamp(t, &reused);
    ASSERT_EQ(reused, LibcTimestamp(t)) << t;
  }
}

TEST(PgText, ByteaHexIsLowerCaseWithItsPrefix) {
  const Bytes b = {0x00, 0x0a, 0xff, 0x7f};
  EXPECT_EQ(PgByteaHex(b), "\\x000aff7f");
  std::string reused = "left over from a longer value";
  PgByteaHex(b, &reused);
  EXPECT_EQ(reused, "\\x000aff7f");
  PgByteaHex(Bytes{}, &reused);
  EXPECT_EQ(reused, "\\x");
}

// COPY text: the four characters COPY gives a meaning escaped, everything else (UTF-8, other
// control bytes) as it is, so PostgreSQL reads back exactly the fields that were written.
TEST(PgText, CopyRowsEscapeWhatCopyReadsAndSplitBackExactly) {
  std::string out = "row before\n";
  AppendCopyRow({"a\tb", "c\\d", "e\nf\rg", "", "山田\x01", "\\x0aff"}, &out);
  EXPECT_EQ(out, "row before\na\\tb\tc\\\\d\te\\nf\\rg\t\t山田\x01\t\\\\x0aff\n");
  // Random fields: exactly one newline per row and one tab between fields.
  std::mt19937 rng(18);
  const std::string alphabet = "ab\t\n\r\\x\x01 ";
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> fields(1 + rng() % 6);
    for (auto& f : fields) {
      for (size_t n = rng() % 8; n > 0; --n) f += alphabet[rng() % alphabet.size()];
    }
    std::string row;
    AppendCopyRow(fields, &row);
    ASSERT_EQ(row.back(), '\n');
    ASSERT_EQ(std::count(row.begin(), row.end(), '\n'), 1);
    ASSERT_EQ(static_cast<size_t>(std::count(row.begin(), row.end(), '\t')), fields.size() - 1);
    // Unescaped, each piece is the field again.
    size_t start = 0;
    for (const auto& f : fields) {
      size_t end = row.find_first_of("\t\n", start);
      std::string back;
      for (size_t k = start; k < end; ++k) {
        if (row[k] != '\\') {
          back += row[k];
          continue;
        }
        const char e = row[++k];
        back += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
      }
      ASSERT_EQ(back, f);
      start = end + 1;
    }
  }
}

}  // namespace
}  // namespace kakunin::server
