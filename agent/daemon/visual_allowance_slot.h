#pragma once
// The branch manager's one-time 目視確認 on this terminal (issue 19): HQ sends it on the uplink
// (ServerMessage.visual_allowance); the slot holds it, shows it to the staff window
// (AgentStatus.visual_allowance, expiry on this PC's clock) and lets exactly one card check use
// it. A check that saves a result uses it up; one that ends without a result (no card, cancel)
// leaves it usable. An allowance already named by a saved result is never held again, even
// when HQ (which has not yet received that result) sends it once more.

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "agent/daemon/status_board.h"
#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

class VisualAllowanceSlot {
 public:
  using Clock = std::chrono::system_clock;
  explicit VisualAllowanceSlot(StatusBoard* board) : board_(board) {}

  // From HQ. `named_by_saved_result`: a result in the outbox already names it.
  void Offer(const v1::VisualAllowance& allowance, bool named_by_saved_result,
             Clock::time_point now);
  // For one check: the allowance `id` is held, unused, not expired (this PC's clock) and no
  // other check holds it; else kFailedPrecondition "allowance.<use>" / "allowance.in_use", with
  // a Japanese message.
  Status Reserve(const std::string& id, Clock::time_point now);
  // The check saved a result naming it: used up, and no longer shown.
  void Consume(const std::string& id);
  // The check ended without a result: usable again.
  void Release(const std::string& id);

 private:
  void ShowLocked();

  StatusBoard* board_;
  std::mutex mu_;
  std::optional<v1::VisualAllowance> held_;  // expires_at on this PC's clock
  bool reserved_ = false;
  std::set<std::string> used_;
};

}  // namespace kakunin::agent
