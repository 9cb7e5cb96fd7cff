// A terminal that stays connected for weeks still renews its certificate before it ends. The
// daemon asked for a renewal only when a stream started; a PC on a steady line could run past
// its renewal window and on to the certificate's end, and be refused at its next connection
// with nobody told why. Real processes: HQ on PostgreSQL and `kakunin-agent run`, the agent's
// clock moved on by libfaketime (its spec file re-read every second) while the stream stays up.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "tests/harness/agent_daemon.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(DaemonRenewal, ALongStreamRenewsTheCertificateWithoutReconnectingFirst) {
  const std::string dir = MakeTempDir("kakunin-renewal");
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

  const std::string clock = dir + "/agent/faketime";
  auto set_clock = [&](const char* spec) { std::ofstream(clock, std::ios::trunc) << spec << "\n"; };
  set_clock("+0");
  // A 365-day certificate and the default 30-day window: nothing is due at the start.
  AgentDaemon agent(KAKUNIN_AGENT_BIN, state, {"--heartbeat-ms", "300"});
  agent.SetEnvironment({{"LD_PRELOAD", KAKUNIN_LIBFAKETIME},
                        {"FAKETIME_TIMESTAMP_FILE", clock},
                        {"FAKETIME_CACHE_DURATION", "1"},
                        {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}});
  ASSERT_TRUE(agent.Start().ok()) << agent.ReadLog();
  auto first = agent.WaitStatus(
      [](const v1::AgentStatus& s) {
        return s.connected() && s.certificate_not_after().seconds() > 0;
      },
      std::chrono::seconds(30));
  ASSERT_TRUE(first.ok()) << first.error().ToString() << agent.ReadLog();
  const int64_t first_end = first->certificate_not_after().seconds();
  // Not asked at the stream's start: the certificate has most of a year left.
  EXPECT_EQ(agent.ReadLog().find("renewal asked of HQ"), std::string::npos) << agent.ReadLog();

  // 340 days on, on the same stream: 25 days left, inside the window.
  set_clock("+340d");
  auto renewed = agent.WaitStatus(
      [&](const v1::AgentStatus& s) {
        return s.connected() && s.certificate_not_after().seconds() > first_end;
      },
      std::chrono::seconds(60));
  ASSERT_TRUE(renewed.ok()) << renewed.error().ToString() << agent.ReadLog();
  const std::string log = agent.ReadLog();
  const size_t asked = log.find("renewal asked of HQ");
  ASSERT_NE(asked, std::string::npos) << log;
  // Asked on the stream that was up: one connection before it, the renewed one after.
  EXPECT_EQ(Count(log.substr(0, asked), "uplink: connected to HQ"), 1u) << log;
  EXPECT_NE(log.find("device certificate renewed; reconnecting with it"), std::string::npos) << log;
  // HQ holds the new certificate: its end is a year from HQ's today, not from the agent's.
  const std::time_t now = std::time(nullptr);
  EXPECT_GT(renewed->certificate_not_after().seconds(), now + 360LL * 86400);
  EXPECT_LT(renewed->certificate_not_after().seconds(), now + 370LL * 86400);
  EXPECT_EQ(agent.Stop(), 0) << agent.ReadLog();
  rig->reset();
  if (!::testing::Test::HasFailure()) RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::testing
