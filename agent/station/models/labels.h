#pragma once
// Staff wording for the enums and codes of a check result (translated; Japanese by default).

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QString>

#include "kakunin/v1/common.pb.h"

namespace kakunin::station {

class Labels {
  Q_DECLARE_TR_FUNCTIONS(kakunin::station::Labels)

 public:
  static QString Mode(v1::IdentityMode mode);
  static QString Route(v1::CheckRoute route);
  static QString Source(v1::CheckSource source);
  static QString Outcome(v1::Outcome outcome);
  static QString Sex(v1::Sex sex);
  static QString Document(v1::DocumentKind kind);
  // 喪失事由 code ("01" …) in words; unknown codes are shown with the code itself.
  static QString LossReason(const std::string& code);
  static QString PersonalFamily(int code);
  // 30 → 3割 (via the domain's formatter); 0 or out of range → "".
  static QString Copayment(int percent);
  // "2025-04-01" → 2025年4月1日; anything else is shown as it came.
  static QString Date(const std::string& iso);
  // A date of birth as staff compare it with papers that use the era: "1985-04-12" →
  // 1985年4月12日（昭和60年4月12日）; the date alone before 大正 or when not a date.
  static QString BirthDate(const std::string& iso);
  // The Japanese-era form of a date (昭和60年4月12日), the same in both languages; empty before
  // 大正 (1912-07-30) or for an invalid date.
  static QString EraDate(const QDate& date);
  // The check time in Japan's time zone, "2026年11月23日 14:05".
  static QString CheckedAt(const v1::CheckResult& result);
  // "—" for an empty value, so that every field has a visible cell.
  static QString OrDash(const std::string& value);
  // Date fields: their display format (yyyy年MM月dd日 in Japanese) and their calendar's locale
  // (Japanese whatever the PC's own locale is).
  static QString DateEditFormat();
  static QLocale DateEditLocale();
};

}  // namespace kakunin::station
