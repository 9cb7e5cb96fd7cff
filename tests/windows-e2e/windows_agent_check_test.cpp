// The Windows agent (kakunin-agent.exe under Wine 8, issue 23) against the real Linux rig: the
// virtual My Number Card (山田太郎) on pcscd + vpcd reached through WinSCard, the eligibility
// emulator over TLS, kakunin-server over mTLS on its own PostgreSQL. The agent is enrolled with
// its own `enroll`, runs as `kakunin-agent.exe run`, and checks are made with its own `check`
// CLI through the daemon's endpoint, as at a Windows counter. What each test proves:
// - a visual check reaches PostgreSQL exactly once (the row's check id is the one the CLI
//   printed), and HQ acknowledges sequence 1;
// - killed between the card read and HQ's acknowledgement, with the row already committed (the
//   server kills itself after the commit, before the ack: KAKUNIN_FAULT_KILL_AFTER_COMMITS), the
//   restarted agent sends the result again and HQ still holds one row, sequence acknowledged;
// - killed between the card read and the send (HQ down): the result waits in the agent's outbox
//   on disk and arrives once after both are back.
// Skipped (with the reason) when KAKUNIN_WIN_AGENT, Wine or the WinSCard pair is missing.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "tests/agent/oqs_sim.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/server_rig.h"
#include "tests/windows-e2e/wine_agent.h"

namespace kakunin::testing {
namespace {

constexpr auto kLong = std::chrono::seconds(90);

class WindowsAgentCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    auto setup = FindWineSetup();
    if (!setup.ok()) GTEST_SKIP() << setup.error().message();
    dir_ = MakeTempDir("kakunin-wincheck");
    ::chmod(dir_.c_str(), 0755);
    auto pcscd = PcscdInstance::Start();
    ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
    pcscd_ = std::move(*pcscd);
    // Under the pcscd lock, so another card test does not take the pair out under us.
    auto winscard = WinscardPair::Install(setup->winscard_kit);
    ASSERT_TRUE(winscard.ok()) << winscard.error().ToString();
    winscard_ = std::move(*winscard);
    auto prefix = WinePrefix::Create(dir_ + "/prefix");
    ASSERT_TRUE(prefix.ok()) << prefix.error().ToString();
    prefix_ = std::move(*prefix);

    auto issued = IssueYamadaCard(KAKUNIN_VCARD_BIN, dir_);
    ASSERT_TRUE(issued.ok()) << issued.error().ToString();
    auto oqs = StartOqsSim(KAKUNIN_OQS_BIN, dir_, *issued, dir_ + "/cards");
    ASSERT_TRUE(oqs.ok()) << oqs.error().ToString();
    oqs_.emplace(std::move(*oqs));
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());

    std::filesystem::create_directories(dir_ + "/agent");
    agent_ = std::make_unique<WineAgent>(
        *setup, *prefix_, dir_ + "/agent/state",
        std::vector<std::string>{
            "--oqs", oqs_->address, "--oqs-ca", WinPath(oqs_->ca_path), "--institution-code",
            "1341234567", "--reader", pcscd_->reader_name(0), "--backoff-base-ms", "100",
            "--backoff-cap-ms", "1000", "--heartbeat-ms", "500", "--card-timeout", "10"});
    auto enrolled = agent_->Enroll(rig_->address(), *token, rig_->ca_path());
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().ToString();
    auto started = agent_->Start();
    ASSERT_TRUE(started.ok()) << started.error().ToString();
    auto connected = agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong);
    ASSERT_TRUE(connected.ok()) << connected.error().ToString();
    device_ = connected->device_id();

    auto card =
        VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/cards/yamada-taro.json", pcscd_->port(0));
    ASSERT_TRUE(card.ok()) << card.error().ToString();
    vcard_ = std::move(*card);
    ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  }

  void TearDown() override {
    if (HasFailure() && agent_) std::cerr << "Windows agent logs:\n" << agent_->ReadAllLogs();
    if (HasFailure() && rig_) std::cerr << "server log:\n" << rig_->ServerLog();
    agent_.reset();
    prefix_.reset();  // wineserver -k: nothing of the prefix outlives the test
    vcard_.reset();
    rig_.reset();
    if (oqs_) oqs_->process.Stop();
    winscard_.reset();  // still under the pcscd lock
    pcscd_.reset();
    if (!dir_.empty() && !HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // `kakunin-agent.exe check --mode visual --json` through the running daemon.
  nlohmann::json Check() {
    auto out = agent_->Cli({"check", "--mode", "visual", "--json", "--wait", "30", "--state-dir",
                            WinPath(agent_->state_dir())});
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    if (!out.ok()) return {};
    EXPECT_EQ(out->exit_code, 0) << out->output << out->error_output;
    auto j = nlohmann::json::parse(out->output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out->output;
    if (j.is_discarded()) return {};
    EXPECT_EQ(j.value("via", ""), "daemon") << out->output;
    EXPECT_EQ(j.value("outcome", ""), "eligible") << out->output;
    return j;
  }

  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }
  std::string RowsOf(const std::string& check_id) {
    return Sql("SELECT count(*) FROM check_results WHERE check_id = '" + check_id + "'");
  }
  // "rows|distinct sequences|max sequence|HQ's acknowledged sequence" of this terminal.
  std::string HqCounts() {
    return Sql(
        "SELECT count(*) || '|' || count(DISTINCT sequence) || '|' || coalesce(max(sequence), 0) "
        "|| '|' || (SELECT acked_sequence FROM devices WHERE device_id = '" +
        device_ + "') FROM check_results WHERE device_id = '" + device_ + "'");
  }
  Result<v1::AgentStatus> WaitDrained() {
    return agent_->WaitStatus([](const auto& s) { return s.connected() && s.outbox_depth() == 0; },
                              kLong);
  }

  std::string dir_, device_;
  std::unique_ptr<PcscdInstance> pcscd_;
  std::unique_ptr<WinscardPair> winscard_;
  std::unique_ptr<WinePrefix> prefix_;
  std::unique_ptr<VcardInstance> vcard_;
  std::optional<OqsSim> oqs_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<WineAgent> agent_;
};

TEST_F(WindowsAgentCheck, CheckReachesPostgresOnceAlsoWhenKilledAfterHqCommittedBeforeTheAck) {
  auto first = Check();
  ASSERT_EQ(first.value("sequence", 0), 1) << first.dump();
  const std::string first_id = first.value("check_id", "");
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  EXPECT_EQ(RowsOf(first_id), "1");
  // What HQ stored came from this card through WinSCard: the outcome, visual mode, the reader.
  EXPECT_EQ(Sql("SELECT outcome || '|' || mode || '|' || reader_name || '|' || extended_apdu "
                "FROM check_results WHERE check_id = '" +
                first_id + "'"),
            std::to_string(v1::OUTCOME_ELIGIBLE) + "|" + std::to_string(v1::IDENTITY_MODE_VISUAL) +
                "|" + pcscd_->reader_name(0) + "|true");
  EXPECT_EQ(HqCounts(), "1|1|1|1");

  // HQ now dies right after committing the next result, before it answers: the agent has read
  // the card and saved the result, and never hears that HQ has it.
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer({{"KAKUNIN_FAULT_KILL_AFTER_COMMITS", "1"}}).ok());
  auto second = Check();
  ASSERT_EQ(second.value("sequence", 0), 2) << second.dump();
  const std::string second_id = second.value("check_id", "");
  ASSERT_TRUE(WaitFor([&] { return !rig_->server_running(); }, kLong))
      << "the server did not commit";
  EXPECT_EQ(RowsOf(second_id), "1");
  auto pending = agent_->GetStatus();
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  EXPECT_EQ(pending->outbox_depth(), 1u) << "the agent was not to hear of the commit";
  agent_->Kill();  // the Windows process dies in the window

  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer().ok());
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  EXPECT_EQ(RowsOf(second_id), "1");
  EXPECT_EQ(HqCounts(), "2|2|2|2");
  // The witnessed audit heads are kept on Windows too (a file still open cannot be replaced).
  EXPECT_EQ(agent_->ReadAllLogs().find("cannot keep audit head"), std::string::npos);
}

TEST_F(WindowsAgentCheck, KilledWithTheResultUnsentItArrivesOnceAfterTheRestart) {
  // HQ down: the card is read and the result saved on disk, nothing sent yet.
  rig_->StopServer();
  auto check = Check();
  ASSERT_EQ(check.value("sequence", 0), 1) << check.dump();
  const std::string id = check.value("check_id", "");
  auto queued = agent_->WaitStatus([](const auto& s) { return !s.connected(); }, kLong);
  ASSERT_TRUE(queued.ok()) << queued.error().ToString();
  EXPECT_EQ(queued->outbox_depth(), 1u);
  agent_->Kill();

  ASSERT_TRUE(rig_->StartServer().ok());
  EXPECT_EQ(RowsOf(id), "0");
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  EXPECT_EQ(RowsOf(id), "1");
  EXPECT_EQ(HqCounts(), "1|1|1|1");
}

}  // namespace
}  // namespace kakunin::testing
