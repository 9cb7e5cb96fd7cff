#pragma once
// The counter's next step in staff's words: the facts the rule needs, taken from a check's
// result (or the daemon's error) and the window's state, and the translated sentence and button
// for the step common/domain/next_step.h decides.

#include <QCoreApplication>
#include <QString>
#include <optional>

#include "common/core/result.h"
#include "common/domain/next_step.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::station {

// What the window knows besides the check itself.
struct CounterState {
  int card_read_failures = 0;  // in this visit, the check being judged included
  int pin_tries_left = -1;
  bool visual_allowed = false;
  bool reader_compliant = true;
  // Issue 19: the branch manager's one-time 目視確認 — HQ can be reached to send one, and the one
  // that arrived (unset: none usable).
  bool hq_reachable = false;
  std::optional<v1::VisualAllowance> allowance;
};

// `reason` must outlive the facts (they keep a view of it).
domain::CheckFacts FactsForResult(const v1::CheckResult& result, const CounterState& state);
domain::CheckFacts FactsForError(const std::string& reason, const CounterState& state);

class NextStepText {
  Q_DECLARE_TR_FUNCTIONS(kakunin::station::NextStepText)

 public:
  // One sentence; `facts` fills in dates (the last day of the certificate's grace), `allowance`
  // the branch manager's reason and name.
  static QString Sentence(const domain::NextStep& step, const domain::CheckFacts& facts,
                          const v1::VisualAllowance* allowance = nullptr);
  static QString Button(domain::NextAction action);
};

}  // namespace kakunin::station
