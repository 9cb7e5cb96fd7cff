#include "agent/daemon/pacing.h"

#include <algorithm>

namespace kakunin::agent {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, uint64_t seed)
    : base_(std::max(base, std::chrono::milliseconds(1))), cap_(std::max(cap, base_)), rng_(seed) {}

std::chrono::milliseconds Backoff::Next() {
  // Doubling stops at the cap; the shift is bounded so it never overflows.
  int64_t ceiling = base_.count();
  for (int i = 0; i < failures_ && ceiling < cap_.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, cap_.count());
  ++failures_;
  std::uniform_int_distribution<int64_t> jitter(ceiling / 2, ceiling);
  return std::chrono::milliseconds(std::max<int64_t>(1, jitter(rng_)));
}

std::string RefusalConfirmation::Heard(const std::string& refusal, bool inferred) {
  if (refusal.empty()) return "";
  if (!inferred) return refusal;
  inferred_this_round_ = true;
  return rounds_ >= 1 ? refusal : "";
}

void RefusalConfirmation::EndRound(bool welcomed) {
  rounds_ = inferred_this_round_ && !welcomed ? rounds_ + 1 : 0;
  inferred_this_round_ = false;
}

}  // namespace kakunin::agent
