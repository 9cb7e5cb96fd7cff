#pragma once
// What staff read for the server's ids and enums, and dates in Japanese style. Every text goes
// through tr() (context kakunin::console::Labels); Japanese comes from the .ts files.

#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <string>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class Labels {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::Labels)

 public:
  static QString FacilityKind(const std::string& id);
  static QString DeviceStatus(v1::DeviceStatus status);
  static QString Transitional(v1::TransitionalCategory category);
  static QString IdentityMode(v1::IdentityMode mode);
  // "API" or "Terminal folders (req → res)"; a site's unset route is the API.
  static QString EligibilityRoute(const v1::RouteSettings& route);
  // A terminal's own route, else "Follows the site (<the site's route>)".
  static QString DeviceRoute(const v1::RouteSettings& own, const v1::RouteSettings& site);
  // "13 東京都": the prefecture's code and name (names are data, the same in every language).
  static QString Prefecture(const std::string& two_digits);
  // What people call a terminal: its 端末名 (facts.terminal_name), else its hostname, else its id.
  static QString TerminalName(const v1::Device& device);
  // Text for a tooltip, shown as written: Qt renders a tooltip that looks like markup as HTML,
  // and logins, names and reasons are typed by people HQ does not control.
  static QString PlainTip(const QString& text);

  // Audit events ("device.enrolled") and verification problems ("audit.hash_mismatch") in
  // words; unknown ids are shown as they are.
  static QString AuditEvent(const std::string& id);
  static QString AuditProblem(const std::string& id);
  // Why a check did not complete ("card.read_failed"), in words for HQ staff; the id itself
  // belongs in a detail section for support.
  static QString CheckError(const std::string& reason);
  // A kind of card or reader failure in HQ's failure report (issue 19); the kinds that
  // CheckError already words are worded by it.
  static QString CardFailure(v1::CardFailureKind kind);

  // UI dates: Japanese style, in Japan time (no DST, so a fixed +09:00 is exact).
  static QString DateTime(int64_t unix_seconds);
  // With seconds, for lists of events that come seconds apart.
  static QString DateTimeSeconds(int64_t unix_seconds);
  static QString Date(const QDate& date);
  // A date of birth with its Japanese-era form, as staff compare it with papers:
  // 1985年4月12日（昭和60年4月12日）; the date alone before 大正 (1912-07-30).
  static QString BirthDate(const QDate& date);
  // Who did something, from the audit log's actor ("user:admin" → "admin"): the login is what
  // people know; any other actor as stored.
  static QString Person(const std::string& actor);
  // The QDate::toString format Date() uses, for date fields.
  static QString DateFormat();
  // Today's date in Japan, whatever the machine's time zone (date pickers start from it).
  static QDate JapanToday();
  // Midnight at the start of `date` in Japan time, as Unix seconds (for date-range filters).
  static int64_t JapanMidnight(const QDate& date);
  // Exports: ISO 8601 with the +09:00 offset, so a spreadsheet and a person agree.
  static QString IsoDateTime(int64_t unix_seconds);
};

}  // namespace kakunin::console
