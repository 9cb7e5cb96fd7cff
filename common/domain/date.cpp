#include "common/domain/date.h"

#include <array>
#include <cstdio>

#include "common/core/text_match.h"

namespace kakunin::domain {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

// Parses exactly `count` ASCII digits; -1 on anything else.
int ParseDigits(std::string_view text) {
  if (text.empty()) return -1;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<Date> Checked(Date date, std::string_view text) {
  if (!date.IsValid()) {
    return MakeError(ErrorCode::kInvalidArgument, "date.invalid",
                     "no such calendar date: '" + Excerpt(text) + "'");
  }
  return date;
}

struct Era {
  const char* name;
  Date first_day;
};

// Newest first. Era start days are fixed by law; 元年 is the first (partial) year of an era.
constexpr std::array<Era, 4> kEras = {{
    {"令和", {2019, 5, 1}},
    {"平成", {1989, 1, 8}},
    {"昭和", {1926, 12, 25}},
    {"大正", {1912, 7, 30}},
}};

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool Date::IsValid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

Result<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return MakeError(ErrorCode::kInvalidArgument, "date.bad_format",
                     "expected YYYY-MM-DD, got '" + Excerpt(text) + "'");
  }
  const int y = ParseDigits(text.substr(0, 4));
  const int m = ParseDigits(text.substr(5, 2));
  const int d = ParseDigits(text.substr(8, 2));
  if (y < 0 || m < 0 || d < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "date.bad_format",
                     "expected YYYY-MM-DD digits, got '" + Excerpt(text) + "'");
  }
  return Checked(Date{y, m, d}, text);
}

Result<Date> ParseCompactDate(std::string_view text) {
  const int y = text.size() == 8 ? ParseDigits(text.substr(0, 4)) : -1;
  const int m = text.size() == 8 ? ParseDigits(text.substr(4, 2)) : -1;
  const int d = text.size() == 8 ? ParseDigits(text.substr(6, 2)) : -1;
  if (y < 0 || m < 0 || d < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "date.bad_format",
                     "expected YYYYMMDD, got '" + Excerpt(text) + "'");
  }
  return Checked(Date{y, m, d}, text);
}

std::string FormatIso(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", date.year % 10000, date.month % 100,
                date.day % 100);
  return buf;
}

std::string FormatCompact(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d", date.year % 10000, date.month % 100,
                date.day % 100);
  return buf;
}

Date JapanDateOf(int64_t unix_seconds) {
  const int64_t shifted = unix_seconds + 9 * 3600;
  const int64_t days = shifted >= 0 ? shifted / 86400 : (shifted - 86399) / 86400;
  return AddDays(Date{1970, 1, 1}, static_cast<int>(days));
}

Date AddDays(const Date& date, int days) {
  return CivilFromDays(DaysFromCivil(date.year, date.month, date.day) + days);
}

int DaysBetween(const Date& from, const Date& to) {
  return static_cast<int>(DaysFromCivil(to.year, to.month, to.day) -
                          DaysFromCivil(from.year, from.month, from.day));
}

Date AddMonths(const Date& date, int months) {
  // Count months from year 0 so negative offsets floor correctly.
  const long index = static_cast<long>(date.year) * 12 + (date.month - 1) + months;
  const int year = static_cast<int>(index >= 0 ? index / 12 : (index - 11) / 12);
  const int month = static_cast<int>(index - static_cast<long>(year) * 12) + 1;
  const int last = DaysInMonth(year, month);
  return Date{year, month, date.day > last ? last : date.day};
}

Date EndOfMonth(const Date& date) {
  return Date{date.year, date.month, DaysInMonth(date.year, date.month)};
}

Date EndOfFollowingMonth(const Date& date) { return EndOfMonth(AddMonths(date, 1)); }

Result<std::string> FormatJapaneseEra(const Date& date) {
  if (!date.IsValid()) {
    return MakeError(ErrorCode::kInvalidArgument, "date.invalid",
                     "no such calendar date: " + FormatIso(date));
  }
  for (const Era& era : kEras) {
    if (date < era.first_day) continue;
    const int era_year = date.year - era.first_day.year + 1;
    std::string text = era.name;
    text += era_year == 1 ? "元" : std::to_string(era_year);
    text += "年" + std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
    return text;
  }
  return MakeError(ErrorCode::kInvalidArgument, "date.before_supported_eras",
                   "dates before 大正 (1912-07-30) have no era display: " + FormatIso(date));
}

}  // namespace kakunin::domain
