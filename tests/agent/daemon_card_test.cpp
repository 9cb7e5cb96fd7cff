// The daemon with a real card: the virtual My Number Card (山田太郎) on a real pcscd + vpcd,
// the eligibility emulator over TLS, HQ on PostgreSQL, and `kakunin-agent run` reached over its
// Unix socket as the staff window reaches it. What it proves:
// - RunCheck in visual mode, end to end: the daemon sees the card (reader status), reads it,
//   asks the service, answers with the saved result (sequence assigned), lists it in
//   ListRecent, and HQ stores it;
// - two front-ends at once do not collide on the card: while one RunCheck holds the reader
//   (waiting for the card) a second is refused with "reader.busy", and the first completes;
// - a caller that gives up (deadline, cancel) frees the reader at once, not after the card wait;
// - HQ's policy holds at the counter: PIN mode is refused where HQ sets visual and allows no
//   local override.

#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "tests/agent/daemon_card_fixture.h"

namespace kakunin::testing {
namespace {

TEST_F(DaemonCard, VisualRunCheckEndToEndAndHqModePolicy) {
  InsertCard();
  ASSERT_TRUE(
      agent_->WaitStatus([](const auto& s) { return s.reader_status() == "card_present"; }, kLong)
          .ok());
  v1::CheckResult result;
  auto rpc = agent_->RunCheck(Visual(), &result);
  ASSERT_TRUE(rpc.ok()) << rpc.error_message();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(result.sequence(), 1u);
  EXPECT_EQ(result.mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_EQ(result.eligibility().name(), "山田 太郎");
  EXPECT_EQ(result.eligibility().insurer_number(), "06139992");
  EXPECT_TRUE(result.reader().extended_apdu());
  // The daemon's log, at its most detailed, names nothing of the patient (privacy review: no
  // test read the agent's own log).
  {
    const v1::Eligibility& e = result.eligibility();
    std::string compact_birth = e.birth_date();
    compact_birth.erase(std::remove(compact_birth.begin(), compact_birth.end(), '-'),
                        compact_birth.end());
    const std::string log = agent_->ReadLog();
    ASSERT_FALSE(log.empty());
    for (const std::string& personal : {std::string("山田"), std::string("ヤマダ"), e.birth_date(),
                                        compact_birth, e.insured_number(), e.address()}) {
      if (personal.empty()) continue;
      EXPECT_EQ(log.find(personal), std::string::npos) << "the log names " << personal;
    }
    EXPECT_FALSE(e.birth_date().empty());
    EXPECT_FALSE(e.insured_number().empty());
  }

  grpc::ClientContext ctx;
  v1::ListRecentRequest list_req;
  v1::ListRecentResponse recent;
  ASSERT_TRUE(agent_->stub().ListRecent(&ctx, list_req, &recent).ok());
  ASSERT_EQ(recent.results_size(), 1);
  EXPECT_EQ(recent.results(0).check_id(), result.check_id());

  auto drained = agent_->WaitStatus(
      [](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  EXPECT_TRUE(drained->extended_apdu());
  EXPECT_TRUE(drained->extended_apdu_known());  // the staff window trusts false only when known
  auto rows = rig_->pg().Psql("kakunin", "SELECT check_id || '|' || outcome FROM check_results");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->substr(0, rows->find('\n')),
            result.check_id() + "|" + std::to_string(v1::OUTCOME_ELIGIBLE));

  // HQ sets visual for this site and allows no local override: PIN mode is refused.
  v1::RunCheckRequest pin = Visual();
  pin.set_mode(v1::IDENTITY_MODE_PIN);
  pin.set_pin("1234");
  rpc = agent_->RunCheck(pin, &result);
  EXPECT_EQ(rpc.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(rpc.error_message().find("mode.override_not_allowed"), std::string::npos)
      << rpc.error_message();
}

// The reader monitor sleeps in SCardGetStatusChange between patients: every change still shows,
// in and out and in again, and after a check the status is the card's again, not "busy".
TEST_F(DaemonCard, ReaderStatusFollowsTheCardInAndOutAndComesBackAfterACheck) {
  auto status_is = [&](const std::string& want) {
    auto s = agent_->WaitStatus([&](const auto& st) { return st.reader_status() == want; }, kLong);
    return s.ok() ? ::testing::AssertionSuccess()
                  : ::testing::AssertionFailure() << want << ": " << s.error().ToString();
  };
  ASSERT_TRUE(status_is("ready"));
  InsertCard();
  ASSERT_TRUE(status_is("card_present"));
  vcard_.reset();  // taken off the reader
  ASSERT_TRUE(pcscd_->WaitForCard(0, false).ok());
  ASSERT_TRUE(status_is("ready"));
  InsertCard();
  ASSERT_TRUE(status_is("card_present"));
  v1::CheckResult result;
  auto rpc = agent_->RunCheck(Visual(), &result);
  ASSERT_TRUE(rpc.ok()) << rpc.error_message();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_TRUE(status_is("card_present"));
  EXPECT_EQ(agent_->WaitStatus([](const auto&) { return true; }, kLong)->reader_name(),
            "Virtual PCD 00 00");
}

TEST_F(DaemonCard, SecondCallerIsToldTheReaderIsBusyAndTheFirstCompletes) {
  // The first check holds the reader while it waits for the patient's card.
  v1::CheckResult first;
  grpc::Status first_rpc;
  std::thread first_caller([&] { first_rpc = agent_->RunCheck(Visual(), &first); });
  ASSERT_TRUE(
      agent_->WaitStatus([](const auto& s) { return s.reader_status() == "busy"; }, kLong).ok());
  v1::CheckResult second;
  auto second_rpc = agent_->RunCheck(Visual(), &second);
  EXPECT_EQ(second_rpc.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(second_rpc.error_message().find("reader.busy"), std::string::npos)
      << second_rpc.error_message();

  InsertCard();
  first_caller.join();
  ASSERT_TRUE(first_rpc.ok()) << first_rpc.error_message();
  EXPECT_EQ(first.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(first.sequence(), 1u);
  // Once the reader is free again the next caller gets it.
  auto again = agent_->RunCheck(Visual(), &second);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(second.sequence(), 2u);
}

// The CLI is a front-end too: with the daemon running, `kakunin-agent check` asks the daemon
// (which owns the reader) instead of opening the card itself, so it cannot collide with the
// staff window; while the window's check holds the reader, the CLI is told it is busy.
TEST_F(DaemonCard, CliCheckGoesThroughTheDaemon) {
  const std::vector<std::string> cli = {
      KAKUNIN_AGENT_BIN,    "check", "--mode", "visual", "--json", "--wait", "30", "--state-dir",
      dir_ + "/agent/state"};
  v1::CheckResult window_check;
  grpc::Status window_rpc;
  std::thread window([&] { window_rpc = agent_->RunCheck(Visual(), &window_check); });
  ASSERT_TRUE(
      agent_->WaitStatus([](const auto& s) { return s.reader_status() == "busy"; }, kLong).ok());
  auto busy = os::RunCommand(cli, {}, "", /*merge_stderr=*/true);
  ASSERT_TRUE(busy.ok()) << busy.error().ToString();
  EXPECT_EQ(busy->exit_code, 1);
  EXPECT_NE(busy->output.find("reader.busy"), std::string::npos) << busy->output;

  InsertCard();
  window.join();
  ASSERT_TRUE(window_rpc.ok()) << window_rpc.error_message();
  auto done = os::RunCommand(cli);
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(done->exit_code, 0) << done->output;
  EXPECT_NE(done->output.find("\"via\":\"daemon\""), std::string::npos) << done->output;
  EXPECT_NE(done->output.find("\"outcome\":\"eligible\""), std::string::npos) << done->output;
  EXPECT_NE(done->output.find("\"sequence\":2"), std::string::npos) << done->output;
  auto drained = agent_->WaitStatus(
      [](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  auto stored = rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM check_results");
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_EQ(stored->substr(0, stored->find('\n')), "2");
}

TEST_F(DaemonCard, CallerThatGivesUpFreesTheReader) {
  // No card: the check would wait 30 s; its caller gives up after one second.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  v1::CheckResult result;
  auto rpc = agent_->stub().RunCheck(&ctx, Visual(), &result);
  EXPECT_EQ(rpc.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  auto freed = agent_->WaitStatus([](const auto& s) { return s.reader_status() != "busy"; },
                                  std::chrono::seconds(30));
  ASSERT_TRUE(freed.ok()) << freed.error().ToString();
  InsertCard();
  auto next = agent_->RunCheck(Visual(), &result);
  ASSERT_TRUE(next.ok()) << next.error_message();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
}

// A card that stops answering (the virtual card frozen with SIGSTOP, so PC/SC blocks with no
// timeout of its own) must not freeze the counter: the check ends with "card.not_answering"
// after the daemon's --card-timeout (5 s here), other callers are told the reader is busy while
// the stuck operation holds it, and once the card lets go the reader is reset and free again.
TEST_F(DaemonCard, ACardThatStopsAnsweringEndsTheCheckWithAClearError) {
  InsertCard();
  ASSERT_EQ(::kill(vcard_->pid(), SIGSTOP), 0);
  auto req = Visual();
  req.set_card_wait_seconds(1);
  v1::CheckResult result;
  auto stuck = agent_->RunCheck(req, &result);
  EXPECT_EQ(stuck.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << stuck.error_message();
  EXPECT_NE(stuck.error_message().find("card.not_answering"), std::string::npos)
      << stuck.error_message();
  auto busy = agent_->RunCheck(req, &result);
  EXPECT_NE(busy.error_message().find("reader.busy"), std::string::npos) << busy.error_message();

  ASSERT_EQ(::kill(vcard_->pid(), SIGCONT), 0);
  // The card lets go and the stuck check finishes: the staff had been told to try again, but
  // the check happened (the card read, the service asked), so the daemon saves it.
  ASSERT_TRUE(WaitFor([&] { return Recent().size() == 1; }, kLong)) << agent_->ReadLog();
  const v1::CheckResult late = Recent().front();
  EXPECT_EQ(late.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(late.sequence(), 1u);
  EXPECT_EQ(late.eligibility().name(), "山田 太郎");
  EXPECT_NE(agent_->ReadLog().find("ended after its caller stopped waiting"), std::string::npos)
      << agent_->ReadLog();
  // The stuck operation has released the reader; the next check is an ordinary one.
  grpc::Status next;
  ASSERT_TRUE(WaitFor(
      [&] {
        next = agent_->RunCheck(Visual(), &result);
        return next.error_message().find("reader.busy") == std::string::npos;
      },
      kLong));
  ASSERT_TRUE(next.ok()) << next.error_message();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(result.sequence(), 2u);
  // HQ receives both.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto n = rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM check_results");
        return n.ok() && n->substr(0, n->find('\n')) == "2";
      },
      kLong));
}

// The outbox will not take a check (another program holds its lock): the daemon holds the answer
// in memory, and `kakunin-agent check` says it is not saved yet, in words and in JSON, instead of
// "saved on this terminal".
TEST_F(DaemonCard, CliCheckTheOutboxWouldNotTakeIsToldAsNotSavedYet) {
  InsertCard();
  ASSERT_TRUE(
      agent_->WaitStatus([](const auto& s) { return s.reader_status() == "card_present"; }, kLong)
          .ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/agent/state/outbox.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::vector<std::string> cli = {
      KAKUNIN_AGENT_BIN, "check", "--mode",      "visual",
      "--wait",          "30",    "--state-dir", dir_ + "/agent/state"};
  auto text = os::RunCommand(cli);
  ASSERT_TRUE(text.ok()) << text.error().ToString();
  EXPECT_EQ(text->exit_code, 0) << text->output;
  EXPECT_NE(text->output.find("資格有効（未保存）"), std::string::npos) << text->output;
  EXPECT_NE(text->output.find("結果はまだこの端末に保存できていません"), std::string::npos)
      << text->output;
  EXPECT_EQ(text->output.find("保存されました"), std::string::npos) << text->output;
  std::vector<std::string> json_cli = cli;
  json_cli.push_back("--json");
  auto json = os::RunCommand(json_cli);
  ASSERT_TRUE(json.ok()) << json.error().ToString();
  EXPECT_NE(json->output.find("\"saved\":false"), std::string::npos) << json->output;
  EXPECT_NE(json->output.find("\"sequence\":0"), std::string::npos) << json->output;

  // The lock goes: the daemon saves both by itself, and the next check through the CLI says so.
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_TRUE(
      agent_->WaitStatus([](const auto& s) { return s.unsaved_results() == 0; }, kLong).ok());
  EXPECT_EQ(Recent().size(), 2u);
  auto after = os::RunCommand(json_cli);
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_NE(after->output.find("\"saved\":true"), std::string::npos) << after->output;
  EXPECT_NE(after->output.find("\"sequence\":3"), std::string::npos) << after->output;
}

}  // namespace
}  // namespace kakunin::testing
