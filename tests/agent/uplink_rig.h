#pragma once
// What the uplink's end-to-end tests share (uplink_failover_test, uplink_older_hq_test): HQ on
// its own PostgreSQL (tests/harness/server_rig.h), a daemon (tests/harness/agent_daemon.h) with
// short reconnect delays, and stand-ins for HQ that present HQ's own certificate. The including
// file defines KAKUNIN_AGENT_BIN.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {

inline constexpr auto kLong = std::chrono::seconds(60);

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A gRPC server on a loopback port with HQ's certificate and CA from `pki` (the rig's data
// directory), so the terminal trusts it and it asks for the terminal's: `service` answers.
inline std::unique_ptr<grpc::Server> StartHqLookalike(const std::string& pki,
                                                      grpc::Service* service, int* port) {
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = ReadText(pki + "/ca.pem");
  tls.pem_key_cert_pairs.push_back({ReadText(pki + "/server.key"), ReadText(pki + "/server.pem")});
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(tls), port);
  builder.RegisterService(service);
  return builder.BuildAndStart();
}

class UplinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-uplink");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    state_ = dir_ + "/agent/state";
    std::filesystem::create_directories(dir_ + "/agent");
  }
  void TearDown() override {
    if (HasFailure() && agent_) std::cerr << "agent log:\n" << agent_->ReadLog();
    agent_.reset();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // Enrolls this terminal at HQ's first address (device.json then names it).
  void Enroll() {
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    ASSERT_TRUE(
        AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state_, rig_->address(), *token, rig_->ca_path())
            .ok());
  }
  // `status --json` of this terminal, parsed.
  void ReadStatusJson(nlohmann::json* j) {
    auto json = RunCommand({KAKUNIN_AGENT_BIN, "status", "--json", "--state-dir", state_});
    ASSERT_TRUE(json.ok());
    *j = nlohmann::json::parse(json->output, nullptr, false);
    ASSERT_FALSE(j->is_discarded()) << json->output;
  }
  // Short reconnect delays keep the tests fast; what they test is the production logic.
  void MakeAgent(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--backoff-base-ms", "100", "--backoff-cap-ms", "1000", "--heartbeat-ms", "500"});
    agent_ = std::make_unique<AgentDaemon>(KAKUNIN_AGENT_BIN, state_, std::move(args));
  }
  // Records a result and waits until HQ acknowledged it (the outbox is empty again), then looks
  // for it in HQ's database.
  void RecordAndFindAtHq(const std::string& note) {
    auto result = agent_->RecordDocument(note);
    ASSERT_TRUE(result.ok()) << result.error().ToString();
    ASSERT_TRUE(agent_
                    ->WaitStatus(
                        [](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong)
                    .ok());
    auto rows = rig_->pg().Psql("kakunin", "SELECT count(*) FROM check_results WHERE check_id = '" +
                                               result->check_id() + "'");
    ASSERT_TRUE(rows.ok()) << rows.error().ToString();
    EXPECT_EQ(Trim(*rows), "1") << note;
  }

  std::string dir_, state_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<AgentDaemon> agent_;
};

}  // namespace kakunin::testing
