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

TokenBucket::TokenBucket(uint32_t rate, uint32_t burst, Clock::time_point now)
    : rate_(rate), burst_(std::max<uint32_t>(burst, 1)), tokens_(burst_), last_(now) {}

void TokenBucket::SetRate(uint32_t rate, uint32_t burst, Clock::time_point now) {
  Refill(now);
  rate_ = rate;
  burst_ = std::max<uint32_t>(burst, 1);
  tokens_ = std::min<double>(tokens_, burst_);
}

void TokenBucket::Refill(Clock::time_point now) {
  if (now <= last_) return;
  double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min<double>(burst_, tokens_ + seconds * rate_);
  last_ = now;
}

TokenBucket::Clock::duration TokenBucket::TimeUntil(uint32_t n, Clock::time_point now) {
  if (rate_ == 0) return Clock::duration::zero();
  Refill(now);
  double need = std::min<double>(n, burst_) - tokens_;
  if (need <= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(need / rate_));
}

void TokenBucket::Take(uint32_t n, Clock::time_point now) {
  if (rate_ == 0) return;
  Refill(now);
  tokens_ -= std::min<double>(n, burst_);
}

}  // namespace kakunin::agent
