// A terminal that no staff window ever asks for its re-view list (a Windows terminal, a
// headless one) still deletes the patient data past its re-view window: the daemon purges at
// start, after HQ first gives it its time, and hourly; never by a clock that jumped ahead. Real
// processes: HQ on PostgreSQL, `kakunin-agent run` on a real outbox.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "agent/store/local_store.h"
#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {

domain::Date JapanDate(std::time_t t) {
  t += 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

TEST(DaemonPurge, ReViewCopiesPastTheirWindowGoWithoutAnyoneListingThem) {
  const std::string dir = MakeTempDir("kakunin-purge");
  ::chmod(dir.c_str(), 0755);
  auto rig = ServerRig::Start(dir + "/hq", "honcho", "本町薬局");
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  const std::string state = dir + "/agent/state";
  std::filesystem::create_directories(dir + "/agent");
  auto token = (*rig)->IssueToken("honcho");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(
      AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state, (*rig)->address(), *token, (*rig)->ca_path())
          .ok());

  // Two checks in the outbox's re-view copies: one of three months ago, one of today.
  const std::time_t now = std::time(nullptr);
  const domain::Date today = JapanDate(now);
  const domain::Date long_ago = JapanDate(now - 92 * 86400);
  {
    auto store = agent::LocalStore::Open(state + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    for (const auto& [id, date] : {std::pair{"long-ago", long_ago}, std::pair{"today", today}}) {
      v1::CheckResult r;
      r.set_check_id(id);
      r.mutable_checked_at()->set_seconds(now);
      ASSERT_TRUE((*store)->Save(r, date).ok());
    }
  }

  // The daemon starts and stops; nobody calls ListRecent. This outbox has no saved floor yet:
  // it goes by the device certificate's start (enrolled just now).
  {
    AgentDaemon agent(KAKUNIN_AGENT_BIN, state);
    ASSERT_TRUE(agent.Start().ok()) << agent.ReadLog();
    EXPECT_TRUE(WaitFor(
        [&] {
          return agent.ReadLog().find("1 results past their re-view window deleted") !=
                 std::string::npos;
        },
        std::chrono::seconds(30)))
        << agent.ReadLog();
    EXPECT_EQ(agent.Stop(), 0) << agent.ReadLog();
  }
  auto store = agent::LocalStore::Open(state + "/outbox.db");
  ASSERT_TRUE(store.ok());
  // Listed with a window long enough to show both, without purging: only today's is left.
  auto left = (*store)->Recent(today, /*months=*/12, /*purge=*/false);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().check_id(), "today");
  store->reset();
  rig->reset();
  if (!::testing::Test::HasFailure()) RemoveTree(dir);
}

// A PC whose clock jumped 75 days ahead (Windows' secure time seeding, a date typed wrong)
// deletes nothing early: the purge goes by HQ's time at the last connection plus the time run
// since, kept in the outbox. The daemon runs under libfaketime, away from HQ; today's re-view
// copy stays and the unsent result keeps its patient fields. The log says why.
TEST(DaemonPurge, AClockThatJumpedAheadDeletesNothingEarly) {
  const std::string dir = MakeTempDir("kakunin-purge-clock");
  ::chmod(dir.c_str(), 0755);
  auto rig = ServerRig::Start(dir + "/hq", "honcho", "本町薬局");
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  const std::string state = dir + "/agent/state";
  std::filesystem::create_directories(dir + "/agent");
  auto token = (*rig)->IssueToken("honcho");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(
      AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state, (*rig)->address(), *token, (*rig)->ca_path())
          .ok());
  // Once connected: HQ's time is the floor, saved in the outbox.
  {
    AgentDaemon agent(KAKUNIN_AGENT_BIN, state);
    ASSERT_TRUE(agent.Start().ok()) << agent.ReadLog();
    ASSERT_TRUE(agent
                    .WaitStatus([](const v1::AgentStatus& s) { return s.connected(); },
                                std::chrono::seconds(30))
                    .ok())
        << agent.ReadLog();
    EXPECT_EQ(agent.Stop(), 0) << agent.ReadLog();
  }
  const std::time_t now = std::time(nullptr);
  const domain::Date today = JapanDate(now);
  {
    auto store = agent::LocalStore::Open(state + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto floor = (*store)->TimeFloor();
    ASSERT_TRUE(floor.ok());
    EXPECT_GT(*floor, now - 600);  // HQ's time (the rig runs here), saved
    EXPECT_LE(*floor, now + 600);
    v1::CheckResult r;
    r.set_check_id("today-unsent");
    r.mutable_checked_at()->set_seconds(now);
    r.mutable_document()->set_insurer_number("06130012");
    ASSERT_TRUE((*store)->Save(r, today).ok());
  }

  // 75 days ahead (past any re-view window, 翌月末, whatever today is), HQ out of reach (the
  // result waits in the outbox).
  AgentDaemon ahead(KAKUNIN_AGENT_BIN, state, {"--server", "127.0.0.1:1"});
  ahead.SetEnvironment({{"LD_PRELOAD", KAKUNIN_LIBFAKETIME},
                        {"FAKETIME", "+75d"},
                        {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}});
  ASSERT_TRUE(ahead.Start().ok()) << ahead.ReadLog();
  EXPECT_TRUE(WaitFor(
      [&] {
        return ahead.ReadLog().find("day(s) ahead of the time this terminal can prove") !=
               std::string::npos;
      },
      std::chrono::seconds(30)))
      << ahead.ReadLog();
  EXPECT_NE(ahead.ReadLog().find("this PC's clock is 75 day(s) ahead"), std::string::npos)
      << ahead.ReadLog();
  EXPECT_EQ(ahead.ReadLog().find("past their re-view window"), std::string::npos)
      << ahead.ReadLog();
  EXPECT_EQ(ahead.Stop(), 0) << ahead.ReadLog();

  auto store = agent::LocalStore::Open(state + "/outbox.db");
  ASSERT_TRUE(store.ok());
  auto left = (*store)->Recent(today, /*months=*/12, /*purge=*/false);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().check_id(), "today-unsent");
  auto pending = (*store)->Pending(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().document().insurer_number(), "06130012");
  store->reset();
  rig->reset();
  if (!::testing::Test::HasFailure()) RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::testing
