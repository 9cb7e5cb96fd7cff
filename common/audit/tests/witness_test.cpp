// The witness keeps heads that outlive a flood of new ones: the newest 32, and one a day for
// 400 days. Before, only the newest 32 were kept, and a rewrite of the chain went unnoticed
// once 32 new heads had been signed (about five minutes).

#include "common/audit/witness.h"

#include <gtest/gtest.h>

namespace kakunin::audit {
namespace {

constexpr int64_t kDay = 86400LL * 1'000'000;
// 2026-12-03 12:00 JST.
constexpr int64_t kNow = (1796266800LL) * 1'000'000;

SignedHead Head(uint64_t size, int64_t at_us) {
  SignedHead h;
  h.size = size;
  h.root_hash = Bytes(32, static_cast<uint8_t>(size));
  h.signed_at_us = at_us;
  return h;
}

TEST(Witness, NewestThirtyTwoAndOnePerDayForFourHundredDays) {
  std::vector<SignedHead> heads;
  uint64_t size = 0;
  // 500 days of history, four heads a day (oldest first), then a burst of 100 heads today.
  for (int d = 500; d >= 1; --d) {
    for (int k = 0; k < 4; ++k) heads.push_back(Head(++size, kNow - d * kDay + k * 3600'000'000LL));
  }
  for (int k = 0; k < 100; ++k) heads.push_back(Head(++size, kNow - 100'000'000LL + k));
  auto kept = WitnessHeadsToKeep(heads, kNow);
  // 32 of today's burst, then the newest of each of the 399 earlier days within the window
  // (today's is among the 32).
  ASSERT_EQ(kept.size(), 32u + 399u);
  EXPECT_EQ(kept.front().size, size);
  for (size_t i = 1; i < kept.size(); ++i) EXPECT_GT(kept[i - 1].size, kept[i].size);
  // The day before yesterday's newest head (its 4th) is kept; its first is not.
  auto has = [&](uint64_t s) {
    return std::any_of(kept.begin(), kept.end(), [&](const auto& h) { return h.size == s; });
  };
  uint64_t two_days_ago_first = (500 - 2) * 4 + 1;
  EXPECT_TRUE(has(two_days_ago_first + 3));
  EXPECT_FALSE(has(two_days_ago_first));
  // Older than 400 days: gone.
  EXPECT_FALSE(has(4));
  // Applying the rule again keeps the same set (the file is rewritten on every new head).
  EXPECT_EQ(WitnessHeadsToKeep(kept, kNow).size(), kept.size());
}

// HQ restored from a backup signs heads smaller than the ones its lost history had: the newest
// by time are kept, so the witness goes on checking the chain HQ keeps now.
TEST(Witness, AfterARestoreTheNewHistorysHeadsAreKept) {
  std::vector<SignedHead> heads;
  for (uint64_t s = 1; s <= 40; ++s) heads.push_back(Head(1000 + s, kNow - 3600'000'000LL + s));
  for (uint64_t s = 1; s <= 40; ++s) heads.push_back(Head(900 + s, kNow - 60'000'000LL + s));
  auto kept = WitnessHeadsToKeep(heads, kNow);
  ASSERT_GE(kept.size(), 32u);
  for (size_t i = 0; i < 32; ++i) EXPECT_LE(kept[i].size, 940u) << i;
  EXPECT_EQ(kept.front().size, 940u);
}

// HQ's clock once ran a year ahead: those heads must not hold the newest places for good.
TEST(Witness, HeadsDatedFarAheadDoNotCrowdOutTheNewest) {
  std::vector<SignedHead> heads;
  for (uint64_t s = 1; s <= 40; ++s) heads.push_back(Head(2000 + s, kNow + 365 * kDay + s));
  for (uint64_t s = 1; s <= 40; ++s) heads.push_back(Head(2100 + s, kNow - 60'000'000LL + s));
  auto kept = WitnessHeadsToKeep(heads, kNow);
  ASSERT_GE(kept.size(), 32u);
  for (size_t i = 0; i < 32; ++i) EXPECT_GT(kept[i].size, 2100u) << i;
  EXPECT_EQ(kept.size(), 32u);  // today's daily slot is among them; the future ones hold none
}

TEST(Witness, DuplicatesAreKeptOnce) {
  std::vector<SignedHead> heads = {Head(5, kNow), Head(5, kNow), Head(4, kNow - 1)};
  EXPECT_EQ(WitnessHeadsToKeep(heads, kNow).size(), 2u);
}

}  // namespace
}  // namespace kakunin::audit
