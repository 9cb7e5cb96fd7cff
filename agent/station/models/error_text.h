#pragma once
// The one place that turns the daemon's reason ids (from a gRPC status or from a result's
// error_reason) into what staff read: what happened, in their words, and what to do next.

#include <QCoreApplication>
#include <QString>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::station {

// What the window needs to know besides the words.
struct ErrorAdvice {
  QString text;
  bool pin_related = false;       // show the PIN tries / offer the visual check
  bool suggest_visual = false;    // the visual check (目視確認) is the way through
  bool suggest_document = false;  // confirm with a document instead (F6)
  bool reader_fault = false;      // the reader itself needs attention
};

class ErrorText {
  Q_DECLARE_TR_FUNCTIONS(kakunin::station::ErrorText)

 public:
  // `pin_tries_left` (-1 unknown) completes the wrong-PIN message; `may_switch_mode` tells
  // whether staff can switch to the visual check themselves (HQ's policy).
  static ErrorAdvice For(const std::string& reason, ErrorCode code, int pin_tries_left = -1,
                         bool may_switch_mode = true);
  static ErrorAdvice For(const Error& error, int pin_tries_left = -1, bool may_switch_mode = true);
  // A result the daemon recorded as OUTCOME_ERROR or OUTCOME_DOCUMENT_REFUSED.
  static ErrorAdvice ForResult(const v1::CheckResult& result, bool may_switch_mode = true);
  // Why a document was not accepted ("document.expired", ...).
  static QString ForDocument(const std::string& reason);

 private:
  static bool ForCard(const std::string& reason, int tries, bool may_switch, ErrorAdvice* out);
  static bool ForReader(const std::string& reason, ErrorAdvice* out);
  static bool ForTerminalFiles(const std::string& reason, ErrorAdvice* out);
  static bool ForService(const std::string& reason, ErrorAdvice* out);
  static QString ForVisit(const std::string& reason);
  static ErrorAdvice ForCode(const std::string& reason, ErrorCode code);
  static QString SwitchToVisual(bool may_switch);
};

}  // namespace kakunin::station
