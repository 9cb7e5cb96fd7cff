#pragma once
// Pacing of the uplink, as pure arithmetic on times the caller passes in (no clocks, no sleeps):
//   Backoff      reconnect delays: exponential from `base`, capped, with jitter so that a whole
//                chain does not reconnect in the same instant after HQ comes back.
//   TokenBucket  catch-up rate limit (results per second) after an outage.

#include <chrono>
#include <cstdint>
#include <random>

namespace kakunin::agent {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, uint64_t seed);
  // The delay before the next attempt: min(cap, base·2^failures), of which a random part in
  // [50 %, 100 %] is taken ("equal jitter": never zero, never above the cap).
  std::chrono::milliseconds Next();
  void Reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds base_, cap_;
  int failures_ = 0;
  std::mt19937_64 rng_;
};

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  // rate 0 = unlimited. The bucket holds at most `burst` tokens and starts full.
  TokenBucket(uint32_t rate_per_second, uint32_t burst, Clock::time_point now);
  void SetRate(uint32_t rate_per_second, uint32_t burst, Clock::time_point now);
  // How long until `n` tokens are there (zero when they are, or when unlimited).
  Clock::duration TimeUntil(uint32_t n, Clock::time_point now);
  // Takes `n` tokens (call when TimeUntil returned zero).
  void Take(uint32_t n, Clock::time_point now);
  bool unlimited() const { return rate_ == 0; }
  // The largest batch that can ever be taken at once.
  uint32_t burst() const { return burst_; }

 private:
  void Refill(Clock::time_point now);
  uint32_t rate_, burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace kakunin::agent
