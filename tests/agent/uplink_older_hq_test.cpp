// A terminal upgraded before HQ (common/rpc/result_format.h), with real processes:
// kakunin-server on its own PostgreSQL (tests/harness/server_rig.h), `kakunin-agent run` over
// its Unix socket (tests/harness/agent_daemon.h), and in front of them a replica that speaks
// as HQ before 0.2.0 did: a welcome without result_format, its settings, then it only listens.
// Every wait is on a condition (the daemon's status, a count of heartbeats) with a bound.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kakunin/v1/agent.grpc.pb.h"
#include "tests/agent/uplink_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

// HQ before 0.2.0, with HQ's own certificate and CA (so the terminal trusts it): it welcomes
// the terminal, sends its settings, and counts what it hears until the call ends.
class OlderHq : public v1::AgentService::Service {
 public:
  static std::unique_ptr<OlderHq> Start(const std::string& pki) {
    auto self = std::make_unique<OlderHq>();
    self->server_ = StartHqLookalike(pki, self.get(), &self->port_);
    return self;
  }
  ~OlderHq() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }
  grpc::Status Connect(
      grpc::ServerContext*,
      grpc::ServerReaderWriter<v1::ServerMessage, v1::AgentMessage>* stream) override {
    v1::ServerMessage welcome;
    welcome.mutable_welcome()->set_device_id("older-hq");
    stream->Write(welcome);
    v1::ServerMessage settings;  // HQ's settings follow every welcome
    settings.mutable_config()->set_version(1);
    stream->Write(settings);
    // Read returns false once the terminal or the destructor's Shutdown ends the call.
    for (v1::AgentMessage in; stream->Read(&in);) {
      if (in.has_heartbeat()) ++heartbeats_;
      if (in.has_results()) results_ += in.results().results_size();
    }
    return grpc::Status::CANCELLED;
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int heartbeats() const { return heartbeats_; }
  int results() const { return results_; }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::atomic<int> heartbeats_{0}, results_{0};
};

class OlderHqTest : public UplinkTest {};

// A terminal upgraded before HQ: HQ before 0.2.0 says no result_format in its welcome, and would
// drop what it does not know of a result (validity 3's new qualification) and acknowledge it. The
// terminal stays connected (heartbeats, settings) and sends no result; `status` and its JSON say
// why and what to do. Once that HQ is gone (upgraded: its restart ends the stream), the current
// HQ gets every kept result.
TEST_F(OlderHqTest, AnOlderHqIsSentNoResultsAndTheUpgradedOneGetsThemAll) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  auto older = OlderHq::Start(rig_->data_dir() + "/pki");
  MakeAgent({"--server", older->address() + "," + rig_->address()});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(agent_
                  ->WaitStatus(
                      [&](const v1::AgentStatus& s) {
                        return s.connected() && s.hq_older() &&
                               s.server_in_use() == older->address();
                      },
                      kLong)
                  .ok())
      << agent_->ReadLog();
  auto kept = agent_->RecordDocument("kept from an older HQ");
  ASSERT_TRUE(kept.ok()) << kept.error().ToString();
  // Long enough for a batch to have gone: past the settings' wait (2 s after the welcome) and
  // six heartbeats (500 ms each) after the result was made.
  const int beats = older->heartbeats();
  ASSERT_TRUE(WaitFor([&] { return older->heartbeats() >= beats + 6; }, kLong));
  EXPECT_EQ(older->results(), 0);
  auto status = agent_->GetStatus();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->outbox_depth(), 1u);

  auto text = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", state_});
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->output.find("本部のサーバーがこの端末より古い版のため、結果は送らずにこの端末に保"
                              "管しています。本部にサーバーの更新を依頼してください。"),
            std::string::npos)
      << text->output;
  nlohmann::json j;
  ASSERT_NO_FATAL_FAILURE(ReadStatusJson(&j));
  EXPECT_EQ(j["hq_older"], true);
  EXPECT_NE(agent_->ReadLog().find("is older than this terminal (result format 0 < "),
            std::string::npos)
      << agent_->ReadLog();

  // `flush` (and a check made on the command line) keeps them too: enrolled at the older HQ's
  // address, it says why nothing was sent and exits 1.
  const std::string device_json = state_ + "/device.json";
  std::string enrolled;
  {
    std::ifstream in(device_json);
    enrolled.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto at_older = nlohmann::json::parse(enrolled);
  at_older["servers"] = {older->address()};
  std::ofstream(device_json, std::ios::trunc) << at_older.dump(2) << "\n";
  auto flush = RunCommand({KAKUNIN_AGENT_BIN, "flush", "--state-dir", state_});
  std::ofstream(device_json, std::ios::trunc) << enrolled;
  ASSERT_TRUE(flush.ok());
  EXPECT_EQ(flush->exit_code, 1) << flush->output << flush->error_output;
  EXPECT_NE(flush->output.find("本部のサーバーがこの端末より古い版のため送りませんでした"),
            std::string::npos)
      << flush->output;
  EXPECT_EQ(older->results(), 0);
  auto still = agent_->GetStatus();
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->outbox_depth(), 1u);

  older.reset();
  ASSERT_NO_FATAL_FAILURE(RecordAndFindAtHq("after HQ's upgrade"));
  auto rows = rig_->pg().Psql(
      "kakunin", "SELECT count(*) FROM check_results WHERE check_id = '" + kept->check_id() + "'");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(Trim(*rows), "1");
  auto after = agent_->GetStatus();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->hq_older());
}

}  // namespace
}  // namespace kakunin::testing
