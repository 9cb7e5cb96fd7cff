#include "common/core/token_bucket.h"

#include <algorithm>

namespace kakunin {

TokenBucket::TokenBucket(double rate, uint32_t burst, Clock::time_point now)
    : rate_(std::max(rate, 0.0)),
      burst_(std::max<uint32_t>(burst, 1)),
      tokens_(burst_),
      last_(now) {}

void TokenBucket::SetRate(double rate, uint32_t burst, Clock::time_point now) {
  Refill(now);
  rate_ = std::max(rate, 0.0);
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

void TokenBucket::TakeOwing(uint32_t n, Clock::time_point now) {
  if (rate_ == 0) return;
  Refill(now);
  tokens_ -= n;
}

}  // namespace kakunin
