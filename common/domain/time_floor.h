#pragma once
// What a terminal can prove of the time, for deleting by date. A PC's clock can jump ahead
// (Windows' secure time seeding, a wrong date typed in); the terminal's purge, going by it,
// stripped unsent results of their patient fields and deleted re-view copies weeks early, and
// nothing brought them back. The purge goes instead by the earlier of the PC's clock and a
// floor: HQ's time at the last welcome, moved on by the time the daemon has run since (a
// monotonic clock, which the wall clock's jumps do not move), kept across restarts. Time a PC
// spends switched off does not move the floor, so an offline terminal purges late, never early.
// Every terminal met HQ at enrollment: one without a saved floor (an outbox from an older
// agent) starts from its device certificate's start, a time HQ signed.

#include <cstdint>

namespace kakunin::domain {

class TimeFloor {
 public:
  // `saved`: the floor as last saved (Unix seconds; 0: none); `steady`: the monotonic clock
  // now, in seconds (any origin).
  TimeFloor(int64_t saved, int64_t steady) : base_(saved > 0 ? saved : 0), mark_(steady) {}
  // HQ's time at a welcome: the truth, whatever the floor said.
  void HqSaid(int64_t hq_time, int64_t steady) {
    if (hq_time <= 0) return;  // no time in the welcome (an older HQ): the floor stands
    base_ = hq_time;
    mark_ = steady;
  }
  // The floor now (0: nothing proven yet). The monotonic clock never runs backwards; should it
  // (another origin after a restart), the floor stays.
  int64_t Floor(int64_t steady) const {
    if (base_ == 0) return 0;
    return steady > mark_ ? base_ + (steady - mark_) : base_;
  }
  // The time deletions go by: the PC's clock, or the floor where the clock is ahead of it;
  // 0 when nothing is proven (delete nothing).
  int64_t PurgeTime(int64_t clock, int64_t steady) const {
    const int64_t floor = Floor(steady);
    return floor == 0 ? 0 : (clock < floor ? clock : floor);
  }
  // How far the PC's clock is ahead of what it can prove (0 when it is not, or nothing is).
  int64_t ClockAhead(int64_t clock, int64_t steady) const {
    const int64_t floor = Floor(steady);
    return floor == 0 || clock <= floor ? 0 : clock - floor;
  }

 private:
  int64_t base_;  // Unix seconds at `mark_`
  int64_t mark_;  // the monotonic clock when `base_` was true
};

}  // namespace kakunin::domain
