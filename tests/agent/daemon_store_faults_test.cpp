// What the outbox would not take, and what HQ would not accept, with real processes: HQ on
// PostgreSQL, `kakunin-agent run` on a real outbox, reached over its Unix socket.
// - The outbox is locked by another program (a backup tool, a second agent) while staff record
//   two checks: both answers come back, the status names them and the cause, HQ has neither;
//   once the lock goes, the daemon saves them by itself, in order, and HQ receives both.
// - HQ refuses a result for good (its time is broken): the terminal notes
//   which and why, shows it in its status, and keeps it across a restart; the one-shot `flush`
//   notes it too and says so.
// - The heartbeat tells HQ what the staff see: checks held unsaved while the outbox is locked
//   (cannot_save, with their number), then an outbox the uplink cannot read (cannot_read, also in
//   `status`); HQ's row says "ok" again once the outbox works.
// - outbox.db is damaged while the daemon is stopped (a page of unsent results and the page of
//   their re-view copies): the daemon repairs it at start, says so, and serves; HQ receives what
//   still read, closes the lost numbers, and a later check reaches it numbered after all of them.
// - A local program opens status watchers in a loop: each holds a thread, so beyond 16 they are
//   refused, and a check still gets through.
// Every wait is on a condition (the daemon's status, a row at HQ) with a bound.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "agent/store/local_store.h"
#include "tests/agent/daemon_faults_fixture.h"
#include "tests/agent/outbox_pages.h"

namespace kakunin::testing {
namespace {

// The fault tests' HQ and enrolled terminal (daemon_faults_fixture.h), with `status` read as the
// operator reads it.
class DaemonStoreFaults : public DaemonFaults {
 protected:
  void StartAgent() { ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog(); }
  // A result whose time is no time (negative nanoseconds, as a broken older agent or a damaged
  // copy could hold): HQ refuses it for good. (A clock days ahead is stored at HQ's time now.)
  void SaveRefusedByHq(const std::string& check_id) {
    auto store = agent::LocalStore::Open(state_ + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    v1::CheckResult r;
    r.set_check_id(check_id);
    r.mutable_checked_at()->set_seconds(std::time(nullptr));
    r.mutable_checked_at()->set_nanos(-1);
    r.set_outcome(v1::OUTCOME_DOCUMENT_ACCEPTED);
    ASSERT_TRUE((*store)->Save(r, domain::Date{2026, 12, 6}).ok());
  }
  std::string Status(bool json = false) {
    std::vector<std::string> argv{KAKUNIN_AGENT_BIN, "status", "--state-dir", state_};
    if (json) argv.push_back("--json");
    auto out = RunCommand(argv);
    EXPECT_TRUE(out.ok());
    return out.ok() ? out->output : "";
  }
};

TEST_F(DaemonStoreFaults, AnswersTheOutboxWouldNotTakeAreHeldAndSavedInOrderLater) {
  StartAgent();
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong).ok());

  // Another program takes the outbox's write lock and keeps it.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((state_ + "/outbox.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  // The staff still get both answers (after the store's 5 s wait for the lock).
  auto first = agent_->RecordDocument("locked 1", std::chrono::seconds(20));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  auto second = agent_->RecordDocument("locked 2", std::chrono::seconds(20));
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  auto held = agent_->GetStatus();
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->unsaved_results(), 2u);
  EXPECT_EQ(held->store_problem(), "outbox.busy");
  EXPECT_EQ(held->outbox_depth(), 0u);
  const std::string text = Status();
  EXPECT_NE(text.find("未保存の結果:   2 件（ほかのプログラムが outbox.db を使っています）"),
            std::string::npos)
      << text;
  auto j = nlohmann::json::parse(Status(true), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["unsaved_results"], 2);
  EXPECT_EQ(j["store_problem"], "outbox.busy");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results"), "0");

  // The lock goes: the daemon saves both by itself, oldest first, and HQ receives them.
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  auto saved = agent_->WaitStatus(
      [](const auto& s) {
        return s.unsaved_results() == 0 && s.store_problem().empty() && s.outbox_depth() == 0;
      },
      kLong);
  ASSERT_TRUE(saved.ok()) << saved.error().ToString();
  ASSERT_TRUE(WaitFor([&] { return Sql("SELECT count(*) FROM check_results") == "2"; }, kLong));
  EXPECT_EQ(Sql("SELECT string_agg(check_id::text, ',' ORDER BY sequence) FROM check_results"),
            first->check_id() + "," + second->check_id());
  EXPECT_EQ(Status().find("未保存の結果"), std::string::npos);
  EXPECT_NE(agent_->ReadLog().find("2 held checks saved; none is waiting"), std::string::npos)
      << agent_->ReadLog();
}

TEST_F(DaemonStoreFaults, AResultHqRefusesIsNotedShownAndKeptAcrossARestart) {
  std::string check_id = "6f1c2a4e-0d5b-4c1e-9a7f-3b2d1e0c9a88";
  SaveRefusedByHq(check_id);
  StartAgent();
  auto refused = agent_->WaitStatus(
      [](const auto& s) { return s.refused_results() == 1 && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(refused.ok()) << refused.error().ToString();
  EXPECT_NE(refused->last_refusal().find("checked_at"), std::string::npos)
      << refused->last_refusal();
  const std::string text = Status();
  EXPECT_NE(
      text.find("本部の不受理:   1 件（過去30日。最新の理由: 確認日時が本部の時計と合いません"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("checked_at"), std::string::npos) << text;

  // Kept across a restart: read from the outbox at start.
  EXPECT_EQ(agent_->Stop(), 0);
  {
    auto store = agent::LocalStore::Open(state_ + "/outbox.db");
    ASSERT_TRUE(store.ok());
    auto noted = (*store)->Refusals(0);
    ASSERT_TRUE(noted.ok());
    ASSERT_EQ(noted->size(), 1u);
    EXPECT_EQ(noted->front().check_id, check_id);
    EXPECT_EQ(noted->front().sequence, 1u);
  }
  StartAgent();
  auto again = agent_->GetStatus();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->refused_results(), 1u);
}

// The one-shot `flush` (no daemon) hears the same refusal: it was acknowledged and dropped
// with nothing noted, and the command said 本部に送りました.
TEST_F(DaemonStoreFaults, AResultHqRefusesIsNotedByTheOneShotFlushToo) {
  const std::string check_id = "7a2d3b5f-1e6c-4d2f-8b8a-4c3e2f1d0b99";
  SaveRefusedByHq(check_id);
  auto flush = RunCommand({KAKUNIN_AGENT_BIN, "flush", "--state-dir", state_});
  ASSERT_TRUE(flush.ok());
  EXPECT_EQ(flush->exit_code, 0) << flush->output << flush->error_output;
  EXPECT_NE(flush->output.find("本部が受け付けなかった結果があります（1 件。理由: "
                               "確認日時が本部の時計と合いません"),
            std::string::npos)
      << flush->output;
  auto store = agent::LocalStore::Open(state_ + "/outbox.db");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->Depth(), 0u);
  auto noted = (*store)->Refusals(0);
  ASSERT_TRUE(noted.ok());
  ASSERT_EQ(noted->size(), 1u);
  EXPECT_EQ(noted->front().check_id, check_id);
  EXPECT_NE(noted->front().reason.find("checked_at"), std::string::npos);
}

TEST_F(DaemonStoreFaults, HqHearsFromTheHeartbeatWhenTheOutboxCannotSaveOrBeRead) {
  StartAgent();
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong).ok());
  const std::string device = DeviceId();
  auto at_hq = [&] {
    return Sql("SELECT store_status || '|' || unsaved_results FROM devices WHERE device_id = '" +
               device + "'");
  };
  ASSERT_TRUE(WaitFor([&] { return at_hq() == "ok|0"; }, kLong)) << at_hq();

  // Another program holds the outbox's write lock while staff record a check.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((state_ + "/outbox.db").c_str(), &other), SQLITE_OK);
  sqlite3_busy_timeout(other, 10000);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto held = agent_->RecordDocument("locked", std::chrono::seconds(20));
  ASSERT_TRUE(held.ok()) << held.error().ToString();
  EXPECT_TRUE(WaitFor([&] { return at_hq() == "cannot_save|1"; }, kLong)) << at_hq();
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_TRUE(WaitFor([&] { return at_hq() == "ok|0"; }, kLong)) << at_hq();

  // The outbox's table goes from under the uplink (as in a damaged file): nothing can be read.
  ASSERT_EQ(
      sqlite3_exec(other, "ALTER TABLE outbox RENAME TO outbox_aside", nullptr, nullptr, nullptr),
      SQLITE_OK);
  auto unreadable =
      agent_->WaitStatus([](const auto& s) { return !s.outbox_read_problem().empty(); }, kLong);
  ASSERT_TRUE(unreadable.ok()) << unreadable.error().ToString();
  EXPECT_TRUE(WaitFor([&] { return at_hq() == "cannot_read|0"; }, kLong)) << at_hq();
  const std::string text = Status();
  EXPECT_NE(text.find("送信の停止:     結果を読み出せません（"), std::string::npos) << text;
  auto j = nlohmann::json::parse(Status(true), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["outbox_read_problem"], unreadable->outbox_read_problem());

  // It is back: the next read clears it, on the board and at HQ.
  ASSERT_EQ(
      sqlite3_exec(other, "ALTER TABLE outbox_aside RENAME TO outbox", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(other);
  auto readable =
      agent_->WaitStatus([](const auto& s) { return s.outbox_read_problem().empty(); }, kLong);
  ASSERT_TRUE(readable.ok()) << readable.error().ToString();
  EXPECT_TRUE(WaitFor([&] { return at_hq() == "ok|0"; }, kLong)) << at_hq();
  EXPECT_EQ(Status().find("送信の停止"), std::string::npos);
  ASSERT_TRUE(WaitFor([&] { return Sql("SELECT count(*) FROM check_results") == "1"; }, kLong));
}

TEST_F(DaemonStoreFaults, ADamagedOutboxIsRepairedAtStartAndChecksReachHqAfter) {
  const std::string path = state_ + "/outbox.db";
  constexpr int kWaiting = 400;  // made while the daemon was stopped; HQ has none
  {
    auto store = agent::LocalStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    std::vector<v1::CheckResult> results(kWaiting);
    for (int i = 0; i < kWaiting; ++i) {
      char id[40];
      std::snprintf(id, sizeof id, "5e0c2d1a-0000-4000-8000-%012d", i + 1);
      results[i].set_check_id(id);
      results[i].mutable_checked_at()->set_seconds(std::time(nullptr));
      results[i].set_mode(v1::IDENTITY_MODE_VISUAL);
      results[i].set_outcome(v1::OUTCOME_ELIGIBLE);
      results[i].mutable_eligibility()->set_name("山田太郎");
    }
    ASSERT_TRUE((*store)->SaveAll(results, domain::JapanDateOf(std::time(nullptr))).ok());
  }
  const int page_size = outbox_pages::Checkpoint(path);
  const std::set<uint64_t> lost = outbox_pages::WreckBothCopiesOfSome(path, page_size);
  ASSERT_FALSE(lost.empty());

  StartAgent();
  auto repaired = agent_->WaitStatus(
      [](const auto& s) { return s.store_problem() == "outbox.repaired"; }, kLong);
  ASSERT_TRUE(repaired.ok()) << repaired.error().ToString();
  EXPECT_EQ(repaired->damaged_results(), lost.size());
  const std::string log = agent_->ReadLog();
  const std::string said = "本部に未送信の結果 " + std::to_string(kWaiting - lost.size()) +
                           " 件を移しました（読めなかった結果 " + std::to_string(lost.size()) +
                           " 件）";
  EXPECT_NE(log.find(said), std::string::npos) << log;
  EXPECT_EQ(log.find(said), log.rfind(said)) << "said once";
  std::vector<std::string> kept;
  for (const auto& e : fs::directory_iterator(state_)) {
    const std::string name = e.path().filename().string();
    // The file, with its -wal and -shm beside it.
    if (name.rfind("outbox.db.damaged-", 0) == 0 && name.find("-wal") == std::string::npos &&
        name.find("-shm") == std::string::npos) {
      kept.push_back(name);
    }
  }
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_NE(log.find(kept.front()), std::string::npos) << log;
  EXPECT_NE(Status().find("結果の保存:"), std::string::npos) << Status();

  // HQ receives what still read, closes the numbers lost, and acknowledges everything.
  const std::string device = DeviceId();
  ASSERT_TRUE(WaitFor(
      [&] {
        return HqCounts(device) == std::to_string(kWaiting - lost.size()) + "|" +
                                       std::to_string(kWaiting - lost.size()) + "|" +
                                       std::to_string(kWaiting - lost.size()) + "|" +
                                       std::to_string(kWaiting);
      },
      kLong))
      << HqCounts(device);
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.outbox_depth() == 0; }, kLong).ok());

  // A check made now reaches HQ, numbered after every number given before.
  auto after = agent_->RecordDocument("after the repair");
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  ASSERT_TRUE(WaitFor(
      [&] {
        return Sql("SELECT sequence FROM check_results WHERE check_id = '" + after->check_id() +
                   "'") == std::to_string(kWaiting + 1);
      },
      kLong));
  EXPECT_TRUE(agent_->WaitStatus([](const auto& s) { return s.outbox_depth() == 0; }, kLong).ok());
}

// While the daemon is stopped, a command meets an outbox that is no database any more (its first
// page lost): it repairs it (it can take agent.lock) and says so; the daemon started afterwards
// shows the repair.
TEST_F(DaemonStoreFaults, ACommandRepairsTheOutboxWhileTheDaemonIsStopped) {
  const std::string path = state_ + "/outbox.db";
  {
    auto store = agent::LocalStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
  }
  const int page_size = outbox_pages::Checkpoint(path);
  outbox_pages::Wreck(path, 1, page_size);
  auto recent = RunCommand({KAKUNIN_AGENT_BIN, "recent", "--state-dir", state_});
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->exit_code, 0) << recent->output << recent->error_output;
  EXPECT_NE(recent->error_output.find("壊れたファイルは読み出せず、結果を移せませんでした"),
            std::string::npos)
      << recent->error_output;
  EXPECT_NE(recent->error_output.find(path + ".damaged-"), std::string::npos)
      << recent->error_output;
  StartAgent();
  auto shown = agent_->WaitStatus(
      [](const auto& s) { return s.store_problem() == "outbox.repaired"; }, kLong);
  ASSERT_TRUE(shown.ok()) << shown.error().ToString();
  auto check = agent_->RecordDocument("after a repair by a command");
  ASSERT_TRUE(check.ok()) << check.error().ToString();
  EXPECT_TRUE(agent_->WaitStatus([](const auto& s) { return s.outbox_depth() == 0; }, kLong).ok());
}

TEST_F(DaemonStoreFaults, StatusWatchersAreBoundedAndChecksStillGetThrough) {
  StartAgent();
  struct Watcher {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::AgentStatus>> reader;
  };
  std::vector<std::unique_ptr<Watcher>> open;
  auto watch = [&] {
    auto w = std::make_unique<Watcher>();
    w->reader = agent_->stub().WatchStatus(&w->ctx, v1::GetStatusRequest());
    return w;
  };
  for (int i = 0; i < 16; ++i) {
    open.push_back(watch());
    v1::AgentStatus first;
    ASSERT_TRUE(open.back()->reader->Read(&first)) << i;
  }
  auto refused = watch();
  v1::AgentStatus none;
  EXPECT_FALSE(refused->reader->Read(&none));
  grpc::Status why = refused->reader->Finish();
  EXPECT_EQ(why.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(why.error_message().find("agent.too_many_watchers"), std::string::npos)
      << why.error_message();
  auto check = agent_->RecordDocument("with 16 watchers open");
  ASSERT_TRUE(check.ok()) << check.error().ToString();

  // One closes: a new one is served again.
  open.front()->ctx.TryCancel();
  (void)open.front()->reader->Finish();
  open.erase(open.begin());
  std::unique_ptr<Watcher> again;
  EXPECT_TRUE(WaitFor(
      [&] {
        again = watch();
        v1::AgentStatus first;
        if (again->reader->Read(&first)) return true;
        (void)again->reader->Finish();
        return false;
      },
      kLong));
  for (auto& w : open) w->ctx.TryCancel();
  if (again) again->ctx.TryCancel();
  for (auto& w : open) (void)w->reader->Finish();
  if (again) (void)again->reader->Finish();
}

}  // namespace
}  // namespace kakunin::testing
