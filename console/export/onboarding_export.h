#pragma once
// The onboarding board as a CSV file for HQ's spreadsheet (issue 19): UTF-8 with a BOM so that
// Excel opens it as UTF-8, CRLF line ends, ISO dates. One row per store as on the board (the
// filter applied), then per stage its plan, deadline, done date, state, owner and note. Pure: the
// bytes are built from the server's answer; writing the file is the caller's.

#include <QByteArray>
#include <QCoreApplication>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class OnboardingExport {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::OnboardingExport)

 public:
  static QByteArray Csv(const v1::ListOnboardingResponse& board);
};

}  // namespace kakunin::console
