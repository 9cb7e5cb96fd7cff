// A console user's audited changes per sliding minute: the limit holds for that user only, and
// frees up as the minute slides on.
#include "server/rpc/change_budget.h"

#include <gtest/gtest.h>

namespace kakunin::server {
namespace {

TEST(ChangeBudget, HoldsOneUserAMinuteAndNobodyElse) {
  ChangeBudget budget(3);
  const auto t0 = ChangeBudget::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(budget.Take("u-manager", t0));
  EXPECT_FALSE(budget.Take("u-manager", t0 + std::chrono::seconds(30)));
  EXPECT_TRUE(budget.Take("u-other", t0 + std::chrono::seconds(30)));
  // A refused change is not counted: a minute after the first three, three more go.
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(budget.Take("u-manager", t0 + std::chrono::seconds(61)));
  }
  EXPECT_FALSE(budget.Take("u-manager", t0 + std::chrono::seconds(61)));
}

TEST(ChangeBudget, RemembersAtMostItsBoundOfUsers) {
  ChangeBudget budget(1, /*max_tracked=*/4);
  const auto t0 = ChangeBudget::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(budget.Take("u-" + std::to_string(i), t0));
}

// One user's calls at once are bounded; another user's are not touched, and a slot comes back
// when the call's last holder lets go.
TEST(CallsInFlight, AUsersCallsAtOnceAreBoundedAndSlotsComeBack) {
  CallsInFlight calls(2);
  auto a = calls.Enter("u-script");
  auto b = calls.Enter("u-script");
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(calls.Enter("u-script"));
  auto other = calls.Enter("u-clerk");
  EXPECT_TRUE(other);
  EXPECT_EQ(calls.running("u-script"), 2);
  {
    auto copy = a;  // the handler's frame and a copy: the slot goes with the last one
    a.reset();
    EXPECT_FALSE(calls.Enter("u-script"));
  }
  auto c = calls.Enter("u-script");
  EXPECT_TRUE(c);
  b.reset();
  c.reset();
  EXPECT_EQ(calls.running("u-script"), 0);
  EXPECT_EQ(calls.running("u-clerk"), 1);
}

}  // namespace
}  // namespace kakunin::server
