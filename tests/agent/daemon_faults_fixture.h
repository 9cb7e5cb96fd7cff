#pragma once
// The fixture of the daemon's fault tests (daemon_faults_test.cpp, daemon_restore_test.cpp): HQ
// on its own PostgreSQL with a low catch-up rate and outbox warning, and an enrolled terminal
// whose daemon (`kakunin-agent run`, not yet started) reconnects and beats fast.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace fs = std::filesystem;

constexpr auto kLong = std::chrono::seconds(60);

inline Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "test.read", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class DaemonFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-daemon");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局",
                                {"--catchup-rate", "400", "--outbox-warn-depth", "25"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    state_ = dir_ + "/agent/state";
    fs::create_directories(dir_ + "/agent");
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    auto enrolled =
        AgentDaemon::Enroll(KAKUNIN_AGENT_BIN, state_, rig_->address(), *token, rig_->ca_path());
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().ToString();
    // Short reconnect delays and heartbeats keep the test fast; the logic is the production one.
    agent_ = std::make_unique<AgentDaemon>(
        KAKUNIN_AGENT_BIN, state_,
        std::vector<std::string>{"--backoff-base-ms", "100", "--backoff-cap-ms", "1000",
                                 "--heartbeat-ms", "500", "--batch", "20"});
  }
  void TearDown() override {
    if (HasFailure() && agent_) std::cerr << "agent log:\n" << agent_->ReadLog();
    agent_.reset();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }
  std::string DeviceId() { return agent_->GetStatus()->device_id(); }
  // "rows|distinct check ids|distinct sequences|max sequence" of this terminal at HQ.
  std::string HqCounts(const std::string& device) {
    return Sql(
        "SELECT count(*) || '|' || count(DISTINCT check_id) || '|' || count(DISTINCT sequence) "
        "|| '|' || coalesce(max(sequence), 0) FROM check_results WHERE device_id = '" +
        device + "'");
  }
  std::set<std::string> HqCheckIds(const std::string& device) {
    std::set<std::string> ids;
    std::stringstream ss(
        Sql("SELECT check_id FROM check_results WHERE device_id = '" + device + "'"));
    for (std::string line; std::getline(ss, line);) ids.insert(Trim(line));
    return ids;
  }
  Result<v1::AgentStatus> WaitDrained() {
    return agent_->WaitStatus([](const auto& s) { return s.connected() && s.outbox_depth() == 0; },
                              kLong);
  }

  std::string dir_, state_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<AgentDaemon> agent_;
};

}  // namespace kakunin::testing
