// Results whose outbox rows stop opening while the terminal is connected (a damaged disk), with
// real processes: kakunin-server on its own PostgreSQL and `kakunin-agent run`. The row is set
// aside and never sent; HQ acknowledges only up to the gap it leaves and closes a gap when a
// hello names the lowest result the terminal still holds. Before, only a reconnect brought a
// hello, and a stream kept alive by heartbeats lasted for days: every later result of the
// terminal waited (an outside review). Now the agent reconnects when it sets a row aside.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/agent/uplink_rig.h"

namespace kakunin::testing {
namespace {

class DamagedRowTest : public UplinkTest {};

TEST_F(DamagedRowTest, RowsSetAsideMidSessionDoNotHoldTheLaterResults) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  rig_->StopServer();  // the results wait in the outbox
  MakeAgent({});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  std::vector<std::string> ids;
  for (const char* note : {"first", "damaged", "third", "damaged too", "fifth"}) {
    auto r = agent_->RecordDocument(note);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    ids.push_back(r->check_id());
  }
  // The second and fourth rows' sealed bytes lose one (a bad disk page takes more than one): they
  // no longer open, the others do.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((state_ + "/outbox.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE outbox SET payload = substr(payload, 1, length(payload) - 1) "
                         "WHERE sequence IN (2, 4)",
                         nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  EXPECT_EQ(sqlite3_changes(db), 2);
  sqlite3_close(db);

  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto drained = agent_->WaitStatus(
      [](const v1::AgentStatus& s) { return s.connected() && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(drained.ok()) << "the result after the damaged one waited:\n" << agent_->ReadLog();
  auto stored = rig_->pg().Psql("kakunin",
                                "SELECT string_agg(sequence::text, ',' ORDER BY sequence) FROM "
                                "check_results");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(Trim(*stored), "1,3,5");
  auto gap = rig_->pg().Psql("kakunin",
                             "SELECT count(*) FROM audit_log WHERE event = 'device.sequence_gap'");
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(Trim(*gap), "2");
  EXPECT_NE(agent_->ReadLog().find("reconnecting so that HQ closes its number"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::testing
