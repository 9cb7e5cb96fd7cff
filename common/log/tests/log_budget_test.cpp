#include "common/log/log_budget.h"

#include <gtest/gtest.h>

namespace kakunin {
namespace {

using namespace std::chrono_literals;

TEST(LogBudget, WritesItsLinesPerWindowAndNamesTheOnesHeldBack) {
  LogBudget budget(3, 60s);
  const auto t0 = LogBudget::Clock::time_point{} + 1h;
  uint64_t held = 99;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(budget.Take(&held, t0 + std::chrono::seconds(i)));
    EXPECT_EQ(held, 0u);
  }
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(budget.Take(&held, t0 + 30s));
  // A new window: the first line says how many were held back, the next ones start again.
  ASSERT_TRUE(budget.Take(&held, t0 + 61s));
  EXPECT_EQ(held, 1000u);
  ASSERT_TRUE(budget.Take(&held, t0 + 62s));
  EXPECT_EQ(held, 0u);
}

}  // namespace
}  // namespace kakunin
