// The text forms the ingest writer hands to COPY and to array parameters. The timestamp is
// formatted by hand (it runs for every result), so it is checked against the C library's own
// calendar over the whole range a result can carry, and beyond.
#include "server/storage/pg_text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kakunin::server
