#pragma once
// A terminal's clock against HQ's. Every check is dated by the PC's clock (the re-view window,
// HQ's ingest; HQ stores a result dated more than ten minutes ahead at its own time); a clock
// this far off is shown at the counter and logged. Five minutes leaves room for an ordinary
// drifting RTC.

#include <cstdint>
#include <cstdlib>

namespace kakunin::domain {

inline constexpr int64_t kClockSkewWarnSeconds = 5 * 60;

inline bool ClockSkewMatters(int64_t skew_seconds) {
  return std::llabs(skew_seconds) > kClockSkewWarnSeconds;
}

}  // namespace kakunin::domain
