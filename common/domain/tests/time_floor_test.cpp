// The time a terminal's purge goes by (common/domain/time_floor.h), on clocks the test sets:
// never later than HQ's last time plus the monotonic time since, whatever the PC's clock says.

#include "common/domain/time_floor.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

constexpr int64_t kHq = 1796000000;  // HQ's time at the welcome
constexpr int64_t kDay = 86400;

TEST(TimeFloor, NothingIsDeletedBeforeAnythingIsProven) {
  TimeFloor f(0, 500);
  EXPECT_EQ(f.Floor(600), 0);
  EXPECT_EQ(f.PurgeTime(kHq, 600), 0);
  EXPECT_EQ(f.ClockAhead(kHq, 600), 0);
}

TEST(TimeFloor, AClockThatJumpedAheadDeletesByHqsTimeAndTheTimeRunSince) {
  TimeFloor f(0, 100);
  f.HqSaid(kHq, 100);
  // An hour later by the monotonic clock; the PC's clock says 40 days later.
  const int64_t clock = kHq + 40 * kDay;
  EXPECT_EQ(f.PurgeTime(clock, 100 + 3600), kHq + 3600);
  EXPECT_EQ(f.ClockAhead(clock, 100 + 3600), 40 * kDay - 3600);
}

TEST(TimeFloor, AnHonestClockIsUsedAsItIs) {
  TimeFloor f(0, 0);
  f.HqSaid(kHq, 0);
  // A second slower than the monotonic clock: the PC's own clock, the earlier one.
  EXPECT_EQ(f.PurgeTime(kHq + 99, 100), kHq + 99);
  EXPECT_EQ(f.ClockAhead(kHq + 99, 100), 0);
  // A clock behind deletes late, never early: it is used.
  EXPECT_EQ(f.PurgeTime(kHq - 30 * kDay, 100), kHq - 30 * kDay);
}

TEST(TimeFloor, ASavedFloorCarriesOverARestartWithoutTheTimeSwitchedOff) {
  TimeFloor before(0, 1000);
  before.HqSaid(kHq, 1000);
  const int64_t saved = before.Floor(1000 + 7200);
  EXPECT_EQ(saved, kHq + 7200);
  // The PC was off for a week; the monotonic clock starts again near zero.
  TimeFloor after(saved, 5);
  EXPECT_EQ(after.Floor(5), kHq + 7200);
  EXPECT_EQ(after.PurgeTime(kHq + 7 * kDay, 65), kHq + 7200 + 60);
  // HQ's next welcome brings it up to the truth.
  after.HqSaid(kHq + 7 * kDay, 70);
  EXPECT_EQ(after.PurgeTime(kHq + 7 * kDay + 10, 80), kHq + 7 * kDay + 10);
}

TEST(TimeFloor, AMonotonicClockFromAnotherOriginDoesNotMoveTheFloorBack) {
  TimeFloor f(kHq, 10000);
  EXPECT_EQ(f.Floor(50), kHq);
  f.HqSaid(0, 60);  // no time in the welcome (an older HQ): the floor stands
  EXPECT_EQ(f.Floor(60), kHq);
  EXPECT_EQ(f.Floor(10100), kHq + 100);  // and moves on from where it was
}

}  // namespace
}  // namespace kakunin::domain
