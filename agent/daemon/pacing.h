#pragma once
// Pacing of the uplink, as pure arithmetic on times the caller passes in (no clocks, no sleeps):
//   Backoff      reconnect delays: exponential from `base`, capped, with jitter so that a whole
//                chain does not reconnect in the same instant after HQ comes back.
//   TokenBucket  catch-up rate limit (results per second) after an outage (common/core).
//   RefusalConfirmation  a revocation inferred from HQ's health checks is told only when two
//                rounds in a row infer it.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

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

// HQ refuses a revoked certificate by name in Connect, or only by closing the TLS handshake; the
// latter is inferred from two health checks (see HqRefusal). A link that drops between them
// looks the same, and "this terminal was revoked" at the counter is alarming and wrong: such an
// inferred refusal is shown only when the next round infers it again (a few seconds later).
// A refusal HQ named is shown at once.
class RefusalConfirmation {
 public:
  // One address's refusal this round ("" none); what to show now ("" nothing new).
  std::string Heard(const std::string& refusal, bool inferred);
  // The round is over: `welcomed` when an address welcomed the terminal.
  void EndRound(bool welcomed);
  int rounds() const { return rounds_; }

 private:
  int rounds_ = 0;  // rounds in a row that inferred a refusal
  bool inferred_this_round_ = false;
};

// The catch-up rate's bucket is the project's one (common/core/token_bucket.h).
using kakunin::TokenBucket;

}  // namespace kakunin::agent
