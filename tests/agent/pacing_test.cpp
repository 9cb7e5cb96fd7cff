// The uplink's pacing arithmetic (agent/daemon/pacing.h), on times the test chooses: reconnect
// delays double from the base up to the cap and always carry jitter within [50 %, 100 %] of
// the ceiling; the catch-up bucket grants exactly `rate` results per second after its burst.

#include "agent/daemon/pacing.h"

#include <gtest/gtest.h>

#include <set>

namespace kakunin::agent {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesUpToTheCapWithJitterInsideTheBounds) {
  Backoff b(milliseconds(1000), milliseconds(60000), 42);
  const int64_t ceilings[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
  for (int64_t ceiling : ceilings) {
    auto d = b.Next().count();
    EXPECT_GE(d, ceiling / 2) << ceiling;
    EXPECT_LE(d, ceiling) << ceiling;
  }
  b.Reset();
  EXPECT_LE(b.Next().count(), 1000);
}

TEST(Backoff, TerminalsWithDifferentSeedsDoNotReconnectTogether) {
  std::set<int64_t> delays;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Backoff b(milliseconds(1000), milliseconds(60000), seed);
    for (int i = 0; i < 6; ++i) b.Next();
    delays.insert(b.Next().count());
  }
  EXPECT_GT(delays.size(), 15u);
}

TEST(TokenBucket, GrantsTheRateAfterTheBurst) {
  auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(100, 100, t0);
  EXPECT_EQ(bucket.TimeUntil(100, t0), TokenBucket::Clock::duration::zero());
  bucket.Take(100, t0);
  // Empty now: 50 results need half a second.
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(bucket.TimeUntil(50, t0)).count(), 500);
  auto t1 = t0 + milliseconds(500);
  EXPECT_EQ(bucket.TimeUntil(50, t1), TokenBucket::Clock::duration::zero());
  bucket.Take(50, t1);
  // Idle time never accumulates beyond the burst.
  auto t2 = t1 + std::chrono::seconds(60);
  EXPECT_EQ(bucket.TimeUntil(100, t2), TokenBucket::Clock::duration::zero());
  bucket.Take(100, t2);
  EXPECT_GT(bucket.TimeUntil(1, t2), TokenBucket::Clock::duration::zero());
}

// HQ's bucket of a terminal's results: a batch already read is taken whole, and the terminal's
// next message waits until the debt is paid, all of it: a message larger than the burst too.
TEST(TokenBucket, ATakeBeyondTheTokensIsOwedAndPaidAtTheRate) {
  auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(40, 400, t0);
  bucket.TakeOwing(300, t0);
  EXPECT_EQ(bucket.TimeUntil(1, t0), TokenBucket::Clock::duration::zero());
  bucket.TakeOwing(300, t0);  // 200 owed: 201 tokens to the next one, at 40 a second
  auto ms = [&](TokenBucket::Clock::time_point now) {
    return std::chrono::duration<double, std::milli>(bucket.TimeUntil(1, now)).count();
  };
  EXPECT_NEAR(ms(t0), 5025, 1);
  auto t1 = t0 + std::chrono::seconds(5);
  EXPECT_GT(bucket.TimeUntil(1, t1), TokenBucket::Clock::duration::zero());
  auto t2 = t0 + milliseconds(5030);  // 1.2 tokens
  EXPECT_EQ(bucket.TimeUntil(1, t2), TokenBucket::Clock::duration::zero());
  bucket.TakeOwing(1000, t2);  // 998.8 owed
  EXPECT_NEAR(ms(t2), 24995, 1);
}

TEST(TokenBucket, ZeroRateMeansUnlimited) {
  auto t0 = TokenBucket::Clock::time_point{};
  TokenBucket bucket(0, 500, t0);
  for (int i = 0; i < 1000; ++i) bucket.Take(500, t0);
  bucket.TakeOwing(100000, t0);
  EXPECT_EQ(bucket.TimeUntil(500, t0), TokenBucket::Clock::duration::zero());
  EXPECT_TRUE(bucket.unlimited());
}

// A revocation inferred from health checks (a closed handshake) is shown only when the next
// round infers it again; a flapping link that produced one inference in between is not
// shown as revoked. A refusal HQ named is shown at once.
TEST(RefusalConfirmation, AnInferredRevocationNeedsTwoRoundsInARow) {
  RefusalConfirmation c;
  EXPECT_EQ(c.Heard("device.revoked", /*inferred=*/true), "");
  c.EndRound(/*welcomed=*/false);
  EXPECT_EQ(c.Heard("device.revoked", true), "device.revoked");
  c.EndRound(false);
  EXPECT_EQ(c.Heard("device.revoked", true), "device.revoked");  // still so
  c.EndRound(false);
  EXPECT_EQ(c.rounds(), 3);
}

TEST(RefusalConfirmation, AnOutageOrAWelcomeBetweenStartsAgain) {
  RefusalConfirmation c;
  EXPECT_EQ(c.Heard("device.revoked", true), "");
  c.EndRound(false);
  EXPECT_EQ(c.Heard("", false), "");  // the next round: an outage, nothing inferred
  c.EndRound(false);
  EXPECT_EQ(c.Heard("device.revoked", true), "");  // so the next inference is the first again
  c.EndRound(false);
  EXPECT_EQ(c.rounds(), 1);
  // Two addresses: the first inferred, the second welcomed the terminal.
  EXPECT_EQ(c.Heard("device.revoked", true), "device.revoked");
  c.EndRound(/*welcomed=*/true);
  EXPECT_EQ(c.rounds(), 0);
  EXPECT_EQ(c.Heard("device.revoked", true), "");
}

TEST(RefusalConfirmation, ARefusalHqNamedIsShownAtOnce) {
  RefusalConfirmation c;
  EXPECT_EQ(c.Heard("device.revoked", /*inferred=*/false), "device.revoked");
  EXPECT_EQ(c.Heard("device.pending", false), "device.pending");
  EXPECT_EQ(c.Heard("device.stale_certificate", false), "device.stale_certificate");
  c.EndRound(false);
  EXPECT_EQ(c.rounds(), 0);  // nothing was inferred
}

}  // namespace
}  // namespace kakunin::agent
