#pragma once
// What staff read when a server call fails: the reason id the server sent, in words, with what
// to do next. One place, so every page says the same thing for the same failure.

#include <QCoreApplication>
#include <QLabel>
#include <QString>

#include "common/core/result.h"

namespace kakunin::console {

class ErrorText {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::ErrorText)

 public:
  static QString For(const Error& error);
  // True when the session is gone and the user must log in again.
  static bool NeedsLogin(const Error& error);
  // The server's certificate did not verify (no or the wrong CA), not an unreachable server.
  static bool IsCertificateFailure(const Error& error);
  // A page's message line: `text` in `colour` (empty: the default colour; kAlarm for failures).
  static void Show(QLabel* line, const QString& text, const QString& colour = QString());
  static constexpr const char* kAlarm = "#b00020";

 private:
  static QString ForRoute(const Error& error);
  static QString ForInput(const Error& error);
};

}  // namespace kakunin::console
