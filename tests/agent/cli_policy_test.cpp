// The command line without a daemon follows HQ's policy as the daemon does (issue 15): with the
// terminal's last settings from HQ saying "visual only, counter only, no local switch", a
// `kakunin-agent check --mode pin` or `--route home-visit` and a home-visit `recheck` are refused
// before any card or service is touched. Before, the direct path ignored the policy.

#include <gtest/gtest.h>

#include <fstream>

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

}  // namespace
}  // namespace kakunin::testing
