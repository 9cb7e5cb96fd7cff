#pragma once
// Civil (calendar) dates as Japanese staff see them. No time zones: the caller passes the local
// Japanese date, because every rule in domain.md is stated in local calendar days.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::domain {

// A proleptic Gregorian date. A plain value: construct it, then ask IsValid() or parse it.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Field order makes the defaulted comparison chronological.
  auto operator<=>(const Date&) const = default;

  bool IsValid() const;
};

// A local date and time of day, for rules that start at a moment (e.g. an online consent).
struct LocalDateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;

  auto operator<=>(const LocalDateTime&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// "2025-12-01" (the form used in our APIs and documents).
Result<Date> ParseIsoDate(std::string_view text);
// "20251201" (the 資格確認端末 XML form, e.g. QualificationConfirmationDate, Birthdate).
Result<Date> ParseCompactDate(std::string_view text);
std::string FormatIso(const Date& date);
std::string FormatCompact(const Date& date);

// Day arithmetic through a serial day number, so month and year boundaries need no special case.
Date AddDays(const Date& date, int days);
// Days from `from` to `to`: positive when `to` is later.
int DaysBetween(const Date& from, const Date& to);
// Same day-of-month `months` later, clamped to the month's end (2024-01-31 + 1 → 2024-02-29).
Date AddMonths(const Date& date, int months);
Date EndOfMonth(const Date& date);
// 翌月末: the last day of the month after `date`'s month.
Date EndOfFollowingMonth(const Date& date);
// The civil date in Japan (UTC+9 all year, no DST) of an instant given in Unix seconds.
Date JapanDateOf(int64_t unix_seconds);

// Japanese-era display: 令和元年5月1日, 平成31年4月30日, 昭和64年1月7日, 大正15年12月24日.
// Dates before 大正 (1912-07-30) are refused: no patient or document rule needs them.
Result<std::string> FormatJapaneseEra(const Date& date);

}  // namespace kakunin::domain
