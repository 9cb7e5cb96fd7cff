#include "agent/daemon/visual_allowance_slot.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "common/domain/visual_allowance.h"

namespace kakunin::agent {

namespace {
int64_t Seconds(VisualAllowanceSlot::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
}  // namespace

void VisualAllowanceSlot::Offer(const v1::VisualAllowance& allowance, bool named_by_saved_result,
                                Clock::time_point now) {
  std::lock_guard lock(mu_);
  const std::string& id = allowance.allowance_id();
  if (named_by_saved_result) used_.insert(id);
  if (used_.count(id) != 0) return;
  // The same allowance again (HQ sends it on every device event): its countdown keeps running.
  if (held_ && held_->allowance_id() == id) return;
  if (reserved_) return;  // a check is using the one held; the newer one waits for the next offer
  held_ = allowance;
  // HQ's seconds_left counted on this PC's clock: the two clocks need not agree.
  *held_->mutable_expires_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(Seconds(now) + allowance.seconds_left());
  // Not the reason: a manager may have written about the patient, and this log (the Windows
  // Event Log) is read by anyone on the PC.
  spdlog::info("visual allowance {} from {} ({} s)", id, allowance.granted_by(),
               allowance.seconds_left());
  ShowLocked();
}

Status VisualAllowanceSlot::Reserve(const std::string& id, Clock::time_point now) {
  std::lock_guard lock(mu_);
  domain::AllowanceFacts facts;
  facts.found = (held_ && held_->allowance_id() == id) || used_.count(id) != 0;
  facts.used = used_.count(id) != 0;
  facts.expires_at = held_ ? held_->expires_at().seconds() : 0;
  facts.checked_at = Seconds(now);
  facts.skew_seconds = 0;  // one clock here
  const auto use = domain::DecideAllowanceUse(facts);
  if (use != domain::AllowanceUse::kAccepted) {
    const std::string reason = "allowance." + std::string(domain::AllowanceUseName(use));
    return MakeError(ErrorCode::kFailedPrecondition, reason,
                     domain::AllowanceRefusalMessage(reason));
  }
  if (reserved_) {
    return MakeError(ErrorCode::kFailedPrecondition, "allowance.in_use",
                     "この許可を使う確認がすでに進んでいます。");
  }
  reserved_ = true;
  return OkStatus();
}

void VisualAllowanceSlot::Consume(const std::string& id) {
  std::lock_guard lock(mu_);
  used_.insert(id);
  if (held_ && held_->allowance_id() == id) {
    held_.reset();
    reserved_ = false;
  }
  ShowLocked();
}

void VisualAllowanceSlot::Release(const std::string& id) {
  std::lock_guard lock(mu_);
  if (held_ && held_->allowance_id() == id) reserved_ = false;
}

void VisualAllowanceSlot::ShowLocked() {
  board_->Update([&](v1::AgentStatus& s) {
    if (held_) {
      *s.mutable_visual_allowance() = *held_;
    } else {
      s.clear_visual_allowance();
    }
  });
}

}  // namespace kakunin::agent
