// Outboxes that come from elsewhere, with real processes (daemon_faults_fixture.h): what each
// test proves:
// - an outbox written by the first agent version (schema of commit 8685360) opens and drains;
// - a terminal restored from an older copy loses no new result, nor do the one-shot commands
//   on a lost outbox; HQ restored from an older backup acknowledges the terminal's new results
//   again (the gap it has is closed);
// - two PCs from one copied disk, both speaking as the same terminal, lose no check.

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "tests/agent/daemon_faults_fixture.h"

namespace kakunin::testing {
namespace {

// The outbox of the first agent version, with its schema exactly as committed in 8685360
// (tests/agent/fixtures/outbox_v1_8685360.sql), holding three undelivered results.
TEST_F(DaemonFaults, OutboxFromTheFirstVersionOpensAndDrains) {
  std::stringstream schema;
  schema << std::ifstream(KAKUNIN_OLD_OUTBOX_SQL).rdbuf();
  ASSERT_FALSE(schema.str().empty());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((state_ + "/outbox.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, schema.str().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::vector<std::string> ids = {"5f0c6a54-8a2e-4d6b-9a43-2f1d6c0b7e01",
                                  "5f0c6a54-8a2e-4d6b-9a43-2f1d6c0b7e02",
                                  "5f0c6a54-8a2e-4d6b-9a43-2f1d6c0b7e03"};
  for (size_t i = 0; i < ids.size(); ++i) {
    v1::CheckResult r;
    r.set_check_id(ids[i]);
    r.set_sequence(i + 1);
    r.mutable_checked_at()->set_seconds(1763000000 + static_cast<int64_t>(i));
    r.set_source(v1::CHECK_SOURCE_DOCUMENT);
    r.set_route(v1::CHECK_ROUTE_COUNTER);
    r.set_outcome(v1::OUTCOME_DOCUMENT_ACCEPTED);
    r.mutable_document()->set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
    std::string payload = r.SerializeAsString();
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO outbox VALUES (?1, ?2)", -1, &st, nullptr);
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(i + 1));
    sqlite3_bind_blob(st, 2, payload.data(), static_cast<int>(payload.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  ASSERT_EQ(sqlite3_exec(db, "UPDATE meta SET value = 3 WHERE key = 'last_sequence'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  // A new result continues the old numbering.
  auto next = agent_->RecordDocument("after upgrade");
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->sequence(), 4u);
  ASSERT_TRUE(WaitDrained().ok());
  auto hq = HqCheckIds(drained->device_id());
  for (const auto& id : ids) EXPECT_EQ(hq.count(id), 1u) << id;
  EXPECT_EQ(HqCounts(drained->device_id()), "4|4|4|4");
}

// A counter PC put back to an older copy (a VM snapshot, a restored backup) hands out numbers HQ
// already holds for other results. Before, the welcome's acknowledgement dropped the new results
// at those numbers unsent; now HQ refuses the numbers, the terminal moves the results to new
// ones, and everything made after the restore arrives, once.
TEST_F(DaemonFaults, ATerminalRestoredFromAnOlderCopyLosesNoNewResult) {
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  const std::string device = DeviceId();
  EXPECT_EQ(agent_->Stop(), 0);
  const std::string copy = dir_ + "/outbox-copy";
  fs::create_directories(copy);
  for (const auto& e : fs::directory_iterator(state_)) {
    if (e.path().filename().string().rfind("outbox.db", 0) == 0) fs::copy(e.path(), copy);
  }
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  std::set<std::string> before;
  for (int i = 0; i < 3; ++i) {
    auto r = agent_->RecordDocument("before the restore");
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    before.insert(r->check_id());
  }
  ASSERT_TRUE(WaitDrained().ok());
  ASSERT_EQ(HqCounts(device), "3|3|3|3");
  EXPECT_EQ(agent_->Stop(), 0);

  // The older copy comes back; five checks are made before HQ is reached again (sequences 1-5,
  // three of them HQ's).
  for (const auto& e : fs::directory_iterator(state_)) {
    if (e.path().filename().string().rfind("outbox.db", 0) == 0) fs::remove(e.path());
  }
  for (const auto& e : fs::directory_iterator(copy)) fs::copy(e.path(), state_);
  std::set<std::string> after;
  {
    AgentDaemon offline(KAKUNIN_AGENT_BIN, state_, {"--server", "127.0.0.1:1"});
    ASSERT_TRUE(offline.Start().ok()) << offline.ReadLog();
    for (int i = 0; i < 5; ++i) {
      auto r = offline.RecordDocument("after the restore");
      ASSERT_TRUE(r.ok()) << r.error().ToString();
      after.insert(r->check_id());
      EXPECT_EQ(r->sequence(), static_cast<uint64_t>(i + 1));
    }
    EXPECT_EQ(offline.Stop(), 0);
  }
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString() << agent_->ReadLog();
  const auto hq = HqCheckIds(device);
  for (const auto& id : before) EXPECT_EQ(hq.count(id), 1u) << id;
  for (const auto& id : after) EXPECT_EQ(hq.count(id), 1u) << "lost after the restore: " << id;
  // Eight results on eight contiguous sequences, acknowledged to the end.
  EXPECT_EQ(HqCounts(device), "8|8|8|8");
  EXPECT_EQ(Sql("SELECT acked_sequence FROM devices WHERE device_id = '" + device + "'"), "8");
  EXPECT_NE(agent_->ReadLog().find("restored from an older copy"), std::string::npos);
  // The next check is numbered after everything HQ holds.
  auto next = agent_->RecordDocument("next");
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->sequence(), 9u);
}

// A terminal's disk copied to a second PC: both speak as one device, each with its own count.
// HQ acknowledges for the device, so one PC's acknowledgement covered numbers the other had
// given its own unsent checks, and dropping them lost those checks without a word (an outside
// review). Now each PC drops only what it sent, a number HQ holds is moved past HQ's
// acknowledgement, and every check of both arrives once; the copy's log says what is wrong.
TEST_F(DaemonFaults, TwoPcsFromOneCopiedDiskLoseNoCheck) {
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  const std::string device = DeviceId();
  EXPECT_EQ(agent_->Stop(), 0);
  const std::string copy = dir_ + "/copied-pc/state";
  fs::create_directories(dir_ + "/copied-pc");
  fs::copy(state_, copy, fs::copy_options::recursive);
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  AgentDaemon second(KAKUNIN_AGENT_BIN, copy,
                     {"--backoff-base-ms", "100", "--backoff-cap-ms", "1000", "--heartbeat-ms",
                      "500", "--batch", "20"});
  ASSERT_TRUE(second.Start().ok()) << second.ReadLog();
  std::set<std::string> ids;
  auto record = [&](AgentDaemon& pc, const std::string& who) {
    auto r = pc.RecordDocument(who);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    ids.insert(r->check_id());
  };
  // The first PC checks five patients, and HQ holds them at 1-5...
  for (int i = 0; i < 5; ++i) ASSERT_NO_FATAL_FAILURE(record(*agent_, "first PC"));
  ASSERT_TRUE(WaitDrained().ok());
  // ...then the copy, whose count is still at 0, checks one: its number 1 is HQ's already, and
  // HQ's acknowledgement of it says 5. Then both go on.
  ASSERT_NO_FATAL_FAILURE(record(second, "the copy"));
  for (int i = 0; i < 3; ++i) {
    ASSERT_NO_FATAL_FAILURE(record(*agent_, "first PC"));
    ASSERT_NO_FATAL_FAILURE(record(second, "the copy"));
  }
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString() << agent_->ReadLog();
  auto second_drained = second.WaitStatus(
      [](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(second_drained.ok()) << second_drained.error().ToString() << second.ReadLog();
  const auto hq = HqCheckIds(device);
  for (const auto& id : ids) EXPECT_EQ(hq.count(id), 1u) << "lost: " << id;
  EXPECT_EQ(HqCounts(device), "12|12|12|12");
  EXPECT_NE(second.ReadLog().find("another PC may be using this terminal's identity"),
            std::string::npos)
      << second.ReadLog();
  EXPECT_EQ(second.Stop(), 0);
}

// HQ put back to an older backup: its database has this terminal's first result only, and
// acknowledges up to it, while the terminal deleted the next two after HQ acknowledged them.
// Before, HQ waited for ever for those two numbers: no later result was acknowledged again, the
// terminal's queue only grew. Now its hello says it holds nothing below its next number; HQ
// closes the gap (audited, the two it lacks counted) and the new results drain as usual.
TEST_F(DaemonFaults, HqRestoredFromAnOlderBackupStillAcknowledgesNewResults) {
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitDrained().ok());
  const std::string device = DeviceId();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(agent_->RecordDocument("before the backup").ok());
  ASSERT_TRUE(WaitDrained().ok());
  ASSERT_EQ(HqCounts(device), "3|3|3|3");
  // What a restore of a backup taken after the first result leaves (HQ stopped meanwhile).
  rig_->StopServer();
  Sql("DELETE FROM check_patient_data p USING check_results c WHERE c.check_id = p.check_id "
      "AND c.device_id = '" +
      device + "' AND c.sequence > 1");
  Sql("DELETE FROM check_results WHERE device_id = '" + device + "' AND sequence > 1");
  Sql("UPDATE devices SET acked_sequence = 1 WHERE device_id = '" + device + "'");
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();

  std::set<std::string> after;
  for (int i = 0; i < 2; ++i) {
    auto r = agent_->RecordDocument("after the restore");
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->sequence(), static_cast<uint64_t>(4 + i));
    after.insert(r->check_id());
  }
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString() << agent_->ReadLog();
  const auto hq = HqCheckIds(device);
  for (const auto& id : after) EXPECT_EQ(hq.count(id), 1u) << id;
  EXPECT_EQ(HqCounts(device), "3|3|3|5");
  EXPECT_EQ(Sql("SELECT acked_sequence FROM devices WHERE device_id = '" + device + "'"), "5");
  EXPECT_EQ(Sql("SELECT details FROM audit_log WHERE event = 'device.sequence_gap' AND "
                "device_id = '" +
                device + "'"),
            R"({"from":"2","to":"3","missing":2})");
}

// The one-shot commands (no daemon) likewise: with the outbox lost, `check --document` numbers
// from 1 again; HQ refuses the number, the command moves the result and delivers it.
TEST_F(DaemonFaults, TheOneShotCommandsOnALostOutboxLoseNothing) {
  auto document = [&] {
    auto out = RunCommand({KAKUNIN_AGENT_BIN, "check", "--document", "card-with-portal", "--json",
                           "--state-dir", state_});
    EXPECT_TRUE(out.ok());
    auto j = nlohmann::json::parse(out.ok() ? out->output : "", nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << (out.ok() ? out->output : "");
    return j;
  };
  std::set<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    auto j = document();
    ASSERT_TRUE(j.value("delivered", false)) << j.dump();
    ids.insert(j.value("check_id", ""));
  }
  for (const auto& e : fs::directory_iterator(state_)) {
    if (e.path().filename().string().rfind("outbox.db", 0) == 0) fs::remove(e.path());
  }
  auto again = document();
  EXPECT_TRUE(again.value("delivered", false)) << again.dump();
  EXPECT_EQ(again.value("queued", 99), 0) << again.dump();
  ids.insert(again.value("check_id", ""));
  const std::string device = Sql("SELECT device_id FROM devices WHERE site_id = 'honcho'");
  const auto hq = HqCheckIds(device);
  for (const auto& id : ids) EXPECT_EQ(hq.count(id), 1u) << id;
  EXPECT_EQ(HqCounts(device), "3|3|3|3");
}

}  // namespace
}  // namespace kakunin::testing
