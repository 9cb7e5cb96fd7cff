#pragma once
// A token bucket, as pure arithmetic on times the caller passes in (no clocks, no sleeps): the
// agent's catch-up rate after an outage, the server's stream openings and
// results per terminal.

#include <chrono>
#include <cstdint>

namespace kakunin {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;
  // rate 0 = unlimited. The bucket holds at most `burst` tokens and starts full.
  TokenBucket(double rate_per_second, uint32_t burst, Clock::time_point now);
  void SetRate(double rate_per_second, uint32_t burst, Clock::time_point now);
  // How long until `n` tokens are there (zero when they are, or when unlimited).
  Clock::duration TimeUntil(uint32_t n, Clock::time_point now);
  // Takes `n` tokens (call when TimeUntil returned zero).
  void Take(uint32_t n, Clock::time_point now);
  // Takes all `n` tokens however many there are: the bucket may owe, and TimeUntil(1) then says
  // when the debt is paid (HQ has read what a terminal sent, and does not refuse it; it reads
  // that terminal's next message later). The caller bounds `n`.
  void TakeOwing(uint32_t n, Clock::time_point now);
  bool unlimited() const { return rate_ == 0; }
  // The largest batch that can ever be taken at once.
  uint32_t burst() const { return burst_; }

 private:
  void Refill(Clock::time_point now);
  double rate_;
  uint32_t burst_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace kakunin
