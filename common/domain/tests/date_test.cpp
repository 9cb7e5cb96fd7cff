// Proves the civil-date rules the other modules build on: validity incl. leap years, both text
// forms, day/month arithmetic across boundaries, 翌月末, and Japanese-era display at era edges.
#include "common/domain/date.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(DateTest, ValidityFollowsGregorianLeapYears) {
  struct Case {
    Date date;
    bool valid;
  };
  const Case cases[] = {
      {{2024, 2, 29}, true},  {{2023, 2, 29}, false}, {{1900, 2, 29}, false},
      {{2000, 2, 29}, true},  {{2025, 4, 31}, false}, {{2025, 12, 31}, true},
      {{2025, 13, 1}, false}, {{2025, 0, 1}, false},  {{2025, 1, 0}, false},
      {{0, 1, 1}, false},     {{9999, 12, 31}, true}, {{10000, 1, 1}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.date));
    EXPECT_EQ(c.date.IsValid(), c.valid);
  }
}

TEST(DateTest, ComparisonIsChronological) {
  EXPECT_LT((Date{2025, 11, 30}), (Date{2025, 12, 1}));
  EXPECT_LT((Date{2024, 12, 31}), (Date{2025, 1, 1}));
  EXPECT_EQ((Date{2026, 1, 31}), (Date{2026, 1, 31}));
  EXPECT_GT((Date{2026, 2, 1}), (Date{2026, 1, 31}));
}

TEST(DateTest, ParsesIsoAndCompactForms) {
  Result<Date> iso = ParseIsoDate("2025-12-01");
  ASSERT_TRUE(iso.ok());
  EXPECT_EQ(*iso, (Date{2025, 12, 1}));
  Result<Date> compact = ParseCompactDate("20240229");
  ASSERT_TRUE(compact.ok());
  EXPECT_EQ(*compact, (Date{2024, 2, 29}));
}

TEST(DateTest, RefusesMalformedOrImpossibleText) {
  const char* bad_iso[] = {"",           "2025-1-01",  "2025/12/01", "20251201",
                           "2025-12-1 ", "2025-02-29", "2025-13-01", "２０２５-12-01",
                           "2025-12-0a", "-025-12-01"};
  for (const char* text : bad_iso) {
    SCOPED_TRACE(text);
    Result<Date> r = ParseIsoDate(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
  const char* bad_compact[] = {"",         "2025120",  "202512011", "2025-12-",
                               "20230229", "20251200", "2025120x"};
  for (const char* text : bad_compact) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseCompactDate(text).ok());
  }
  EXPECT_EQ(ParseIsoDate("2025-02-29").error().reason(), "date.invalid");
  EXPECT_EQ(ParseIsoDate("2025/02/28").error().reason(), "date.bad_format");
}

TEST(DateTest, FormatsBothWaysWithZeroPadding) {
  EXPECT_EQ(FormatIso(Date{2019, 5, 1}), "2019-05-01");
  EXPECT_EQ(FormatCompact(Date{2019, 5, 1}), "20190501");
  EXPECT_EQ(FormatIso(Date{987, 12, 31}), "0987-12-31");
}

TEST(DateTest, AddDaysCrossesMonthYearAndLeapDay) {
  struct Case {
    Date from;
    int days;
    Date to;
  };
  const Case cases[] = {
      {{2025, 11, 30}, 1, {2025, 12, 1}}, {{2025, 12, 31}, 1, {2026, 1, 1}},
      {{2024, 2, 28}, 1, {2024, 2, 29}},  {{2025, 2, 28}, 1, {2025, 3, 1}},
      {{2026, 1, 1}, -1, {2025, 12, 31}}, {{2024, 3, 1}, -1, {2024, 2, 29}},
      {{2025, 1, 1}, 365, {2026, 1, 1}},  {{2024, 1, 1}, 366, {2025, 1, 1}},
      {{2025, 12, 1}, 0, {2025, 12, 1}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.from) + " + " + std::to_string(c.days));
    EXPECT_EQ(AddDays(c.from, c.days), c.to);
  }
}

TEST(DateTest, DaysBetweenIsSignedAndExact) {
  EXPECT_EQ(DaysBetween(Date{2025, 11, 23}, Date{2026, 1, 31}), 69);
  EXPECT_EQ(DaysBetween(Date{2026, 1, 31}, Date{2025, 11, 23}), -69);
  EXPECT_EQ(DaysBetween(Date{2024, 2, 28}, Date{2024, 3, 1}), 2);
  EXPECT_EQ(DaysBetween(Date{2023, 2, 28}, Date{2023, 3, 1}), 1);
  EXPECT_EQ(DaysBetween(Date{1970, 1, 1}, Date{2000, 1, 1}), 10957);
  EXPECT_EQ(DaysBetween(Date{2026, 1, 31}, Date{2026, 1, 31}), 0);
}

TEST(DateTest, AddMonthsClampsToMonthEnd) {
  struct Case {
    Date from;
    int months;
    Date to;
  };
  const Case cases[] = {
      {{2024, 1, 31}, 1, {2024, 2, 29}},    {{2025, 1, 31}, 1, {2025, 2, 28}},
      {{2025, 8, 31}, 3, {2025, 11, 30}},   {{2025, 11, 15}, 3, {2026, 2, 15}},
      {{2025, 12, 1}, 1, {2026, 1, 1}},     {{2026, 3, 31}, -1, {2026, 2, 28}},
      {{2026, 1, 15}, -13, {2024, 12, 15}}, {{2024, 2, 29}, 12, {2025, 2, 28}},
      {{2024, 12, 2}, 60, {2029, 12, 2}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.from) + " + " + std::to_string(c.months) + " months");
    EXPECT_EQ(AddMonths(c.from, c.months), c.to);
  }
}

TEST(DateTest, EndOfMonthAndFollowingMonth) {
  EXPECT_EQ(EndOfMonth(Date{2024, 2, 10}), (Date{2024, 2, 29}));
  EXPECT_EQ(EndOfMonth(Date{2025, 2, 10}), (Date{2025, 2, 28}));
  EXPECT_EQ(EndOfMonth(Date{2025, 12, 31}), (Date{2025, 12, 31}));
  EXPECT_EQ(EndOfFollowingMonth(Date{2025, 1, 31}), (Date{2025, 2, 28}));
  EXPECT_EQ(EndOfFollowingMonth(Date{2024, 1, 1}), (Date{2024, 2, 29}));
  EXPECT_EQ(EndOfFollowingMonth(Date{2025, 12, 1}), (Date{2026, 1, 31}));
  EXPECT_EQ(EndOfFollowingMonth(Date{2025, 11, 30}), (Date{2025, 12, 31}));
}

TEST(DateTest, JapaneseEraDisplayAtEraBoundaries) {
  struct Case {
    Date date;
    const char* text;
  };
  const Case cases[] = {
      {{2019, 5, 1}, "令和元年5月1日"},     {{2026, 11, 23}, "令和8年11月23日"},
      {{2019, 12, 31}, "令和元年12月31日"}, {{2020, 1, 1}, "令和2年1月1日"},
      {{2019, 4, 30}, "平成31年4月30日"},   {{1989, 1, 8}, "平成元年1月8日"},
      {{1989, 1, 7}, "昭和64年1月7日"},     {{1926, 12, 25}, "昭和元年12月25日"},
      {{1926, 12, 24}, "大正15年12月24日"}, {{1912, 7, 30}, "大正元年7月30日"},
      {{1990, 1, 1}, "平成2年1月1日"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.date));
    Result<std::string> text = FormatJapaneseEra(c.date);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, c.text);
  }
}

TEST(DateTest, JapaneseEraRefusesDatesBeforeTaishoAndInvalidDates) {
  Result<std::string> early = FormatJapaneseEra(Date{1912, 7, 29});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().reason(), "date.before_supported_eras");
  Result<std::string> invalid = FormatJapaneseEra(Date{2025, 2, 29});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().reason(), "date.invalid");
}

TEST(DateTest, LocalDateTimeOrdersByDateThenTime) {
  const LocalDateTime a{{2025, 12, 1}, 23, 59, 59};
  const LocalDateTime b{{2025, 12, 2}, 0, 0, 0};
  const LocalDateTime c{{2025, 12, 2}, 0, 0, 1};
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(b, (LocalDateTime{{2025, 12, 2}, 0, 0, 0}));
}

// Japan's date of an instant: 15:00 UTC is already the next day in Japan.
TEST(DateTest, JapanDateOfAnInstant) {
  EXPECT_EQ(JapanDateOf(1795359599), (Date{2026, 11, 22}));  // 2026-11-22 23:59:59 JST
  EXPECT_EQ(JapanDateOf(1795359600), (Date{2026, 11, 23}));  // 2026-11-23 00:00:00 JST
  EXPECT_EQ(JapanDateOf(0), (Date{1970, 1, 1}));
  EXPECT_EQ(JapanDateOf(-9 * 3600 - 1), (Date{1969, 12, 31}));
}

}  // namespace
}  // namespace kakunin::domain
