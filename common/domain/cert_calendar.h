#pragma once
// The certificate calendar's rule (issue 19): for any certificate that can stop a store from
// checking — Kakunin's device certificate, the on-site 資格確認端末's terminal certificate — how
// urgent it is on a given Japanese date. Pure: the caller passes the certificate's last valid day
// and today's date in Japan.
//
// 資格確認端末 certificates (domain.md, "Terminal certificates"): valid 3 years 3 months,
// renewable from 90 days before expiry, and online checks stop when they expire. HQ is warned at
// 90, 60, 30 and 7 days; the counter shows a banner from 30 days; the store is red from the day
// after the last valid day.

#include <optional>

#include "common/domain/date.h"

namespace kakunin::domain {

enum class CertUrgency {
  kFine,     // more than 90 days left
  kWarn90,   // 90 … 61 days left: renewal is open
  kWarn60,   // 60 … 31
  kWarn30,   // 30 … 8: the counter shows the banner too
  kWarn7,    // 7 … 0 (0 = its last valid day)
  kExpired,  // from the day after the last valid day: checks stop
};

struct CertStatus {
  CertUrgency urgency = CertUrgency::kFine;
  int days_left = 0;          // to the last valid day; negative once expired
  bool renewal_open = false;  // within 90 days of expiry (and not yet expired)
  bool counter_banner = false;  // "証明書の有効期限まであと N 日 — 本部に連絡してください"
  Date renewal_opens;  // the first day renewal is possible
};

// `last_valid_day`: the certificate's notAfter as a Japanese date.
CertStatus CertStatusOn(const Date& last_valid_day, const Date& today);

// A 資格確認端末 certificate issued on `issued_on`: its last valid day (3 years 3 months later,
// the day before the same day-of-month; month ends clamp as AddMonths does). An estimate for when
// HQ knows only the issue date: the certificate's own notAfter, when read, wins.
Date TerminalCertificateLastDay(const Date& issued_on);

// HQ's warning days, largest first; the counter's banner starts at kCounterBannerDays.
inline constexpr int kCertWarningDays[] = {90, 60, 30, 7};
inline constexpr int kCounterBannerDays = 30;

// The HQ threshold an urgency stands for: 90, 60, 30 or 7; 0 when fine or expired.
int WarningThresholdOf(CertUrgency urgency);

// Kakunin's device certificate renews itself from 30 days before expiry (agent kRenewBefore):
// the counter hears about it only when that has failed for weeks (7 days left, or expired).
inline constexpr int kDeviceCounterBannerDays = 7;

enum class CounterCert { kTerminal, kDevice };
struct CounterCertNotice {
  CounterCert which = CounterCert::kTerminal;
  CertStatus status;
  Date last_valid_day;
};

// The counter's banner: the 資格確認端末 certificate from kCounterBannerDays, the device
// certificate from kDeviceCounterBannerDays; when both are due, the one with fewer days left
// (the terminal's on a tie: staff can do nothing about the device's). nullopt = no banner.
std::optional<CounterCertNotice> CounterNoticeOn(const std::optional<Date>& terminal_last_day,
                                                 const std::optional<Date>& device_last_day,
                                                 const Date& today);

}  // namespace kakunin::domain
