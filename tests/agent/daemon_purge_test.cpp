// A terminal that no staff window ever asks for its re-view list (a Windows terminal, a
// headless one) still deletes the patient data past its re-view window: the daemon purges at
// start and hourly. Real processes: HQ on PostgreSQL, `kakunin-agent run` on a real outbox.

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

  // The daemon starts and stops; nobody calls ListRecent.
  {
    AgentDaemon agent(KAKUNIN_AGENT_BIN, state);
    ASSERT_TRUE(agent.Start().ok()) << agent.ReadLog();
    EXPECT_EQ(agent.Stop(), 0) << agent.ReadLog();
    EXPECT_NE(agent.ReadLog().find("1 results past their re-view window deleted"),
              std::string::npos)
        << agent.ReadLog();
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

}  // namespace
}  // namespace kakunin::testing
