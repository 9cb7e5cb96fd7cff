// The command line without a daemon follows HQ's policy as the daemon does (issue 15): with the
// terminal's last settings from HQ saying "visual only, counter only, no local switch", a
// `kakunin-agent check --mode pin` or `--route home-visit` and a home-visit `recheck` are refused
// before any card or service is touched. Before, the direct path ignored the policy.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "agent/cli/operator_text.h"
#include "agent/uplink/terminal_state.h"
#include "tests/harness/process.h"

namespace kakunin::testing {
namespace {

class CliPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-cli-policy");
    // HQ's settings as the daemon keeps them (protobuf JSON of TerminalConfig).
    ASSERT_TRUE(agent::SaveTerminalConfig(dir_, R"({"defaultMode":"IDENTITY_MODE_VISUAL",
        "allowedRoutes":["CHECK_ROUTE_COUNTER"],"localModeOverrideAllowed":false})")
                    .ok());
  }
  void TearDown() override { RemoveTree(dir_); }

  CommandOutput Agent(std::vector<std::string> args) {
    args.insert(args.begin(), KAKUNIN_AGENT_BIN);
    args.insert(args.end(), {"--state-dir", dir_, "--json"});
    auto r = RunCommand(args, {}, "1234\n", /*merge_stderr=*/true);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandOutput{};
  }

  std::string dir_;
};

TEST_F(CliPolicy, ModeAndRouteAreHqsOnTheDirectPath) {
  auto pin = Agent({"check", "--mode", "pin", "--pin-stdin", "--wait", "1"});
  EXPECT_NE(pin.exit_code, 0);
  EXPECT_NE(pin.output.find("mode.override_not_allowed"), std::string::npos) << pin.output;

  auto route = Agent({"check", "--route", "home-visit", "--wait", "1"});
  EXPECT_NE(route.exit_code, 0);
  EXPECT_NE(route.output.find("route.not_allowed"), std::string::npos) << route.output;
}

// What an operator reads when enrolling or running a terminal goes wrong: Japanese with the next
// step, the reason id and the English detail on a line of their own for support.
TEST(OperatorText, EnrollmentAndRunningRefusalsReadAsJapanese) {
  for (const char* reason :
       {"enroll.bad_token",    "enroll.token_used",  "enroll.token_expired",
        "enroll.rate_limited", "enroll.busy",        "enroll.bad_request",
        "enroll.unreachable",  "enroll.ca_mismatch", "enroll.no_ca",
        "bundle.malformed",    "agent.not_enrolled", "agent.state_corrupt",
        "agent.no_server",     "agent.bad_server",   "agent.unreachable",
        "device.pending",      "device.revoked",     "device.stale_certificate",
        "cli.usage",           "cli.bad_value"}) {
    const Error e = MakeError(ErrorCode::kInvalidArgument, reason, "the detail");
    auto text = agent::OperatorText(e);
    ASSERT_TRUE(text) << reason;
    EXPECT_TRUE(std::any_of(text->begin(), text->end(), [](char c) { return c & 0x80; }))
        << reason << ": " << *text;
    EXPECT_EQ(agent::OperatorLines(e),
              "kakunin-agent: " + *text + "\n  （詳細: " + reason + ": the detail）\n");
  }
  // Not reachable at all, whatever the reason: the network first.
  EXPECT_NE(agent::OperatorText(MakeError(ErrorCode::kUnavailable, "rpc.unknown", "x"))
                .value_or("")
                .find("接続できません"),
            std::string::npos);
  // Nothing more helpful than the detail: the detail alone, as before.
  const Error card = MakeError(ErrorCode::kInternal, "card.bad_tlv", "length beyond the data");
  EXPECT_FALSE(agent::OperatorText(card));
  EXPECT_EQ(agent::OperatorLines(card), "kakunin-agent: card.bad_tlv: length beyond the data\n");
}

}  // namespace
}  // namespace kakunin::testing
