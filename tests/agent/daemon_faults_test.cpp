// The daemon under the faults a branch lives with, all with real processes: kakunin-server on
// its own PostgreSQL (tests/harness/server_rig.h) and `kakunin-agent run` reached over its
// Unix socket (tests/harness/agent_daemon.h). Results are recorded with RecordDocument (a
// fallback document needs no card, so volume is cheap). What each test proves:
// - the socket is private (directory 0700, socket 0660 or stricter), `status` answers, and an
//   unreachable daemon makes `status` fail;
// - kill -9 at arbitrary points while results are being written and delivered, many times:
//   every result the daemon reported saved is in PostgreSQL exactly once, sequences 1..N
//   without a gap;
// - a terminal waiting for HQ's approval, then revoked, says so in its status (not "offline");
// - HQ down: checks go on, the queue grows (watchers see it, with its warning), and all arrives
//   once HQ is back, no faster than HQ's catch-up rate (changed live), HQ seeing the depth;
//   HQ's settings, kept on disk, still apply on an offline restart;
// - PostgreSQL behind HQ restarted while results flow: nothing lost;
// - the certificate is renewed before expiry without staff action, and HQ accepts the new one.
// Outboxes from elsewhere (an older version, an older copy): daemon_restore_test.cpp.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "agent/store/local_store.h"
#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "common/domain/date.h"
#include "tests/agent/daemon_faults_fixture.h"

namespace kakunin::testing {
namespace {

// A terminal HQ has not approved yet, then one HQ revoked, is told apart from a network outage:
// the uplink puts HQ's refusal in the status (the staff window and `status` show it), and HQ's
// welcome clears it.
TEST_F(DaemonFaults, WaitingForApprovalAndRevokedAreInTheStatus) {
  ASSERT_TRUE(rig_->Cli({"site", "add"}, {"--id", "ekimae", "--name", "駅前薬局"}).ok());
  auto token = rig_->IssueToken("ekimae");
  ASSERT_TRUE(token.ok());
  const std::string state = dir_ + "/pending/state";
  fs::create_directories(dir_ + "/pending");
  ASSERT_TRUE(
      AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state, rig_->address(), *token, rig_->ca_path()).ok());
  AgentDaemon pending(KAKUNIN_AGENT_BIN, state,
                      {"--backoff-base-ms", "100", "--backoff-cap-ms", "500"});
  ASSERT_TRUE(pending.Start().ok()) << pending.ReadLog();
  auto waiting = pending.WaitStatus(
      [](const v1::AgentStatus& s) { return s.hq_refusal() == "device.pending"; }, kLong);
  ASSERT_TRUE(waiting.ok()) << waiting.error().ToString() << pending.ReadLog();
  EXPECT_FALSE(waiting->connected());
  auto text = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", state});
  ASSERT_TRUE(text.ok());
  // The code HQ compares before approving: the one HQ holds for this terminal.
  const std::string code = Sql("SELECT verification_code FROM devices WHERE site_id = 'ekimae'");
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(waiting->verification_code(), code);
  EXPECT_NE(text->output.find("本部:           承認待ちです。本部に確認コード " + code +
                              " を伝えてください。"),
            std::string::npos)
      << text->output;

  Sql("UPDATE devices SET status = 'revoked' WHERE site_id = 'ekimae'");
  auto revoked = pending.WaitStatus(
      [](const v1::AgentStatus& s) { return s.hq_refusal() == "device.revoked"; }, kLong);
  ASSERT_TRUE(revoked.ok()) << revoked.error().ToString() << pending.ReadLog();
  auto json = RunCommand({KAKUNIN_AGENT_BIN, "status", "--json", "--state-dir", state});
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(nlohmann::json::parse(json->output, nullptr, false).value("hq_refusal", ""),
            "device.revoked")
      << json->output;

  // Once the revocation reached the server's handshake check (refreshed from the database every
  // second), HQ no longer names it: the socket just closes. A daemon started now hears only that,
  // and still tells revoked from offline (a handshake without the certificate succeeds).
  auto refused_at_handshake = pending.WaitStatus(
      [&](const v1::AgentStatus&) {
        return rig_->ServerLog().find("handshake refused: certificate") != std::string::npos;
      },
      kLong);
  ASSERT_TRUE(refused_at_handshake.ok()) << rig_->ServerLog();
  EXPECT_EQ(pending.Stop(), 0);
  ASSERT_TRUE(pending.Start().ok()) << pending.ReadLog();
  auto still_revoked = pending.WaitStatus(
      [](const v1::AgentStatus& s) { return s.hq_refusal() == "device.revoked"; }, kLong);
  ASSERT_TRUE(still_revoked.ok()) << still_revoked.error().ToString() << pending.ReadLog();
  EXPECT_FALSE(still_revoked->connected());
  EXPECT_NE(pending.ReadLog().find("it refuses this certificate, device.revoked"),
            std::string::npos)
      << pending.ReadLog();
  // The inference itself against the real server, for the same transport failure: the revoked
  // certificate is refused; the fixture's terminal (not revoked) is not, so its failure was
  // passing; an address where nothing answers is an outage.
  const Error transport =
      MakeError(ErrorCode::kUnavailable, "uplink.rpc_failed",
                "HQ stream: failed to connect to all addresses; last error: Socket closed");
  auto revoked_state = agent::LoadTerminalState(state);
  ASSERT_TRUE(revoked_state.ok());
  EXPECT_EQ(agent::HqRefusal(transport, *revoked_state, rig_->address()), "device.revoked");
  EXPECT_EQ(agent::HqRefusal(transport, *revoked_state, "127.0.0.1:1"), "");
  auto other_state = agent::LoadTerminalState(state_);
  ASSERT_TRUE(other_state.ok());
  EXPECT_EQ(agent::HqRefusal(transport, *other_state, rig_->address()), "");

  // The one-shot `flush` (the daemon stopped) says the same, and keeps the result for later.
  auto kept = pending.RecordDocument("while revoked");
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  EXPECT_EQ(pending.Stop(), 0);
  auto flush = RunCommand({KAKUNIN_AGENT_BIN, "flush", "--state-dir", state});
  ASSERT_TRUE(flush.ok());
  EXPECT_EQ(flush->exit_code, 1) << flush->output;
  EXPECT_NE(flush->output.find("この端末は本部で失効されたため送れませんでした。結果はこの"
                               "端末に保存されています。"),
            std::string::npos)
      << flush->output;
  EXPECT_NE(flush->output.find("未送信の結果: 1 件"), std::string::npos) << flush->output;
  ASSERT_TRUE(pending.Start().ok()) << pending.ReadLog();

  Sql("UPDATE devices SET status = 'active' WHERE site_id = 'ekimae'");
  auto welcomed = pending.WaitStatus(
      [](const v1::AgentStatus& s) {
        return s.connected() && s.hq_refusal().empty() && s.outbox_depth() == 0;
      },
      kLong);
  ASSERT_TRUE(welcomed.ok()) << welcomed.error().ToString() << pending.ReadLog();
}

TEST_F(DaemonFaults, SocketIsPrivateAndStatusCommandTellsWhetherTheDaemonRuns) {
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  struct stat dir {
  }, sock{};
  ASSERT_EQ(::stat(state_.c_str(), &dir), 0);
  ASSERT_EQ(::stat(agent_->socket_path().c_str(), &sock), 0);
  EXPECT_EQ(dir.st_mode & 0777, 0700u);
  EXPECT_TRUE(S_ISSOCK(sock.st_mode));
  EXPECT_EQ(sock.st_mode & 0117, 0u) << std::oct << (sock.st_mode & 0777);
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong).ok());

  auto out = RunCommand({KAKUNIN_AGENT_BIN, "status", "--json", "--state-dir", state_});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 0) << out->output;
  auto j = nlohmann::json::parse(out->output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out->output;
  EXPECT_TRUE(j["connected"].get<bool>());
  EXPECT_EQ(j["site_name"], "本町薬局");
  EXPECT_FALSE(j["certificate_not_after"].get<std::string>().empty());

  EXPECT_EQ(agent_->Stop(), 0);  // SIGTERM: a clean stop
  out = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", state_});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 1) << out->output;
}

TEST_F(DaemonFaults, TheLocalApiRefusesCompressedMessagesAtTheirHeaders) {
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  // A 64 MiB insurer number, gzip on the socket: refused before it is inflated; the daemon still
  // answers.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
  v1::RecordDocumentRequest req;
  req.mutable_document()->set_insurer_number(std::string(64 << 20, '1'));
  v1::CheckResult result;
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(128 << 20);
  auto stub = v1::AgentLocal::NewStub(grpc::CreateCustomChannel(
      "unix:" + agent_->socket_path(), grpc::InsecureChannelCredentials(), args));
  auto status = stub->RecordDocument(&ctx, req, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
  EXPECT_TRUE(agent_->GetStatus().ok());
  EXPECT_EQ(agent_->Stop(), 0);
}

TEST_F(DaemonFaults, KillNineDuringWritesNeitherLosesNorDuplicates) {
  std::mt19937 rng(20261123);
  std::vector<std::string> saved;  // every check id the daemon answered "saved" for
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
    std::atomic<bool> stop{false};
    std::atomic<int> ok_count{0};
    std::vector<std::string> round_saved;
    std::thread writer([&] {
      for (int i = 0; !stop; ++i) {
        auto r =
            agent_->RecordDocument("round " + std::to_string(round) + " #" + std::to_string(i));
        if (!r.ok()) break;  // the daemon is gone: what it answered before counts
        round_saved.push_back(r->check_id());
        ++ok_count;
      }
    });
    // Kill at a random point: after 1..12 answered writes, with the next write in flight and
    // the uplink delivering concurrently.
    int target = std::uniform_int_distribution<int>(1, 12)(rng);
    bool reached = WaitFor([&] { return ok_count >= target; }, kLong);
    agent_->Kill();
    stop = true;
    writer.join();
    ASSERT_TRUE(reached) << "round " << round;
    saved.insert(saved.end(), round_saved.begin(), round_saved.end());
  }
  ASSERT_TRUE(agent_->Start().ok());
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  std::string device = drained->device_id();
  auto hq = HqCheckIds(device);
  for (const auto& id : saved) EXPECT_EQ(hq.count(id), 1u) << id << " was reported saved";
  // Exactly once, and no gap: HQ holds sequences 1..N, one row each, N ≥ what was reported.
  auto counts = HqCounts(device);
  std::stringstream ss(counts);
  std::string rows, ids, seqs, max_seq;
  std::getline(ss, rows, '|');
  std::getline(ss, ids, '|');
  std::getline(ss, seqs, '|');
  std::getline(ss, max_seq, '|');
  EXPECT_EQ(rows, ids) << counts;
  EXPECT_EQ(rows, seqs) << counts;
  EXPECT_EQ(rows, max_seq) << counts;
  EXPECT_GE(std::stoul(rows), saved.size()) << counts;
  EXPECT_GE(saved.size(), static_cast<size_t>(kRounds));
}

TEST_F(DaemonFaults, HqDownChecksContinueQueueWarnsAndEverythingArrivesAfter) {
  ASSERT_TRUE(agent_->Start().ok());
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong).ok());
  std::string device = DeviceId();
  rig_->StopServer();
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return !s.connected(); }, kLong).ok());
  // A front-end watching the status sees the queue grow.
  grpc::ClientContext watch_ctx;
  watch_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto watch = agent_->stub().WatchStatus(&watch_ctx, v1::GetStatusRequest());
  v1::AgentStatus seen;
  ASSERT_TRUE(watch->Read(&seen));
  EXPECT_EQ(seen.outbox_depth(), 0u);
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    if (i == 1) {
      bool grew = false;
      while (!grew && watch->Read(&seen)) grew = seen.outbox_depth() == 1;
      EXPECT_TRUE(grew);
      watch_ctx.TryCancel();
      (void)watch->Finish();
    }
    auto r = agent_->RecordDocument("offline " + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    ids.push_back(r->check_id());
  }
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_FALSE(status->connected());
  EXPECT_EQ(status->outbox_depth(), 40u);
  EXPECT_TRUE(status->outbox_warning());  // HQ's warn depth is 25
  // Another process saves into the same outbox (as a CLI 再照会 does while the daemon runs):
  // the offline daemon counts it too, before HQ is back.
  {
    auto store = agent::LocalStore::Open(state_ + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto waiting = (*store)->Pending(1);
    ASSERT_TRUE(waiting.ok() && waiting->size() == 1u);
    v1::CheckResult other = waiting->front();
    other.set_check_id("3f2504e0-4f89-41d3-9a0c-0305e82c3301");  // a UUID, as HQ requires
    other.clear_sequence();
    ASSERT_TRUE((*store)->Save(other, domain::JapanDateOf(std::time(nullptr))).ok());
    ids.push_back(other.check_id());
  }
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.outbox_depth() == 41u; }, kLong).ok())
      << "the daemon's count missed a result another process saved";
  // HQ's settings were kept on disk: an offline restart still follows them.
  ASSERT_EQ(agent_->Stop(), 0);
  ASSERT_TRUE(agent_->Start().ok());
  status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->site_name(), "本町薬局");
  EXPECT_EQ(status->config().catchup_rate_per_second(), 400u);
  EXPECT_EQ(status->outbox_depth(), 41u);
  EXPECT_TRUE(status->outbox_warning());

  // HQ comes back with a slower catch-up rate: applied live, and the resend keeps to it.
  rig_->SetServerArgs({"--catchup-rate", "10", "--outbox-warn-depth", "25"});
  ASSERT_TRUE(rig_->StartServer().ok());
  auto back = std::chrono::steady_clock::now();
  // HQ learns the queue depth from the hello and the heartbeats while the queue drains.
  const std::string depth_sql =
      "SELECT outbox_depth FROM devices WHERE device_id = '" + device + "'";
  EXPECT_TRUE(WaitFor(
      [&] {
        auto d = Sql(depth_sql);
        return !d.empty() && d != "0";
      },
      kLong));
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - back).count();
  EXPECT_GE(seconds, 2.5) << "41 results at 10/s after a burst of 10 take 3 s";
  EXPECT_EQ(drained->config().catchup_rate_per_second(), 10u);
  EXPECT_FALSE(drained->outbox_warning());
  EXPECT_TRUE(WaitFor([&] { return Sql(depth_sql) == "0"; }, kLong));
  auto hq = HqCheckIds(device);
  for (const auto& id : ids) EXPECT_EQ(hq.count(id), 1u) << id;
  EXPECT_EQ(HqCounts(device), "41|41|41|41");
}

TEST_F(DaemonFaults, DatabaseRestartBehindHqLosesNothing) {
  ASSERT_TRUE(agent_->Start().ok());
  ASSERT_TRUE(agent_->WaitStatus([](const auto& s) { return s.connected(); }, kLong).ok());
  std::string device = DeviceId();
  std::vector<std::string> ids;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 60; ++i) {
      auto r = agent_->RecordDocument("db restart " + std::to_string(i));
      if (r.ok()) ids.push_back(r->check_id());
    }
    done = true;
  });
  // Restart PostgreSQL once results are flowing.
  ASSERT_TRUE(WaitFor([&] { return Sql("SELECT count(*) FROM check_results") != "0"; }, kLong));
  ASSERT_TRUE(rig_->pg().Restart().ok());
  writer.join();
  ASSERT_EQ(ids.size(), 60u);  // the agent never depends on HQ to save
  auto drained = WaitDrained();
  ASSERT_TRUE(drained.ok()) << drained.error().ToString() << rig_->ServerLog();
  auto hq = HqCheckIds(device);
  for (const auto& id : ids) EXPECT_EQ(hq.count(id), 1u) << id;
  EXPECT_EQ(HqCounts(device), "60|60|60|60");
}

// Renewal without staff: the certificate expires within the daemon's renewal window, so it sends
// a CSR for a new key over the stream, keeps the new pair, reconnects with it, and HQ accepts it.
TEST_F(DaemonFaults, CertificateIsRenewedBeforeExpiryWithoutStaff) {
  auto old_key = ReadFile(state_ + "/device.key");
  ASSERT_TRUE(old_key.ok());
  // A copy of the terminal's state as it was, for the PC put back to it below.
  const std::string copy = dir_ + "/state-before-renewal";
  fs::copy(state_, copy, fs::copy_options::recursive);
  // HQ now issues 800-day certificates; the enrolled one (365 days) is inside a 375-day window.
  rig_->StopServer();
  rig_->SetServerArgs({"--cert-days", "800"});
  ASSERT_TRUE(rig_->StartServer().ok());
  agent_ = std::make_unique<AgentDaemon>(
      KAKUNIN_AGENT_BIN, state_,
      std::vector<std::string>{"--backoff-base-ms", "100", "--renew-before-hours", "9000"});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  auto in_700_days = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                          std::chrono::hours(24 * 700));
  auto renewed = agent_->WaitStatus(
      [&](const auto& s) {
        return s.connected() && s.certificate_not_after().seconds() > in_700_days;
      },
      kLong);
  ASSERT_TRUE(renewed.ok()) << renewed.error().ToString();
  auto new_key = ReadFile(state_ + "/device.key");
  ASSERT_TRUE(new_key.ok());
  EXPECT_NE(*new_key, *old_key);
  // HQ takes results over the renewed certificate.
  auto r = agent_->RecordDocument("after renewal");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_TRUE(WaitDrained().ok());
  EXPECT_EQ(HqCheckIds(renewed->device_id()).count(r->check_id()), 1u);
  EXPECT_EQ(agent_->Stop(), 0);

  // The PC put back to the copy from before the renewal: HQ refuses its superseded certificate.
  // Before, the counter said "offline, sent when the connection returns", which never comes,
  // and HQ logged nothing above debug. Now both say what happened; the result stays here.
  AgentDaemon restored(KAKUNIN_AGENT_BIN, copy,
                       {"--backoff-base-ms", "100", "--backoff-cap-ms", "500"});
  ASSERT_TRUE(restored.Start().ok()) << restored.ReadLog();
  auto kept = restored.RecordDocument("on the restored PC");
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  auto stale = restored.WaitStatus(
      [](const v1::AgentStatus& s) { return s.hq_refusal() == "device.stale_certificate"; }, kLong);
  ASSERT_TRUE(stale.ok()) << stale.error().ToString() << restored.ReadLog();
  EXPECT_FALSE(stale->connected());
  EXPECT_EQ(stale->outbox_depth(), 1u);
  auto text = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", copy});
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->output.find("本部で新しいものに置き換えられています"), std::string::npos)
      << text->output;
  EXPECT_EQ(text->output.find("つながると自動で送られます"), std::string::npos) << text->output;
  EXPECT_NE(rig_->ServerLog().find("device " + renewed->device_id() +
                                   ": refused a superseded certificate"),
            std::string::npos);
  EXPECT_EQ(HqCheckIds(renewed->device_id()).count(kept->check_id()), 0u);
  EXPECT_EQ(restored.Stop(), 0);
}

}  // namespace
}  // namespace kakunin::testing
