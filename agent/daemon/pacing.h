#pragma once
// Pacing of the uplink, as pure arithmetic on times the caller passes in (no clocks, no sleeps):
//   Backoff      reconnect delays: exponential from `base`, capped, with jitter so that a whole
//                chain does not reconnect in the same instant after HQ comes back.
//   TokenBucket  catch-up rate limit (results per second) after an outage (common/core).

#include <chrono>
#include <cstdint>
#include <random>

#include "common/core/token_bucket.h"

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

// The catch-up rate's bucket is the project's one (common/core/token_bucket.h).
using kakunin::TokenBucket;

}  // namespace kakunin::agent
