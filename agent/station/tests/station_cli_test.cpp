// The kakunin-station binary itself: `--screenshot` against a scripted daemon on a temp socket
// (passed with --socket, and through KAKUNIN_AGENT_SOCKET) saves a PNG of the connected window
// and exits 0, in Japanese and in English; without a daemon it still saves the picture (which
// says why) and exits 1.
#include <gtest/gtest.h>

#include <QImage>
#include <filesystem>

#include "agent/station/tests/fake_agent.h"
#include "agent/station/tests/fixtures.h"
#include "common/os/process.h"

namespace kakunin::station::testing {
namespace {

struct Shot {
  int exit_code = -1;
  QImage image;
};

Shot Screenshot(const std::vector<std::string>& extra,
                std::map<std::string, std::string> env = {}) {
  const std::string dir = os::MakeTempDir("station-cli");
  const std::string png = dir + "/shot.png";
  std::vector<std::string> argv = {KAKUNIN_STATION_BIN, "--screenshot", png};
  argv.insert(argv.end(), extra.begin(), extra.end());
  env["QT_QPA_PLATFORM"] = "offscreen";
  auto p = os::Process::Start({.argv = argv, .env = env, .log_path = dir + "/log"});
  EXPECT_TRUE(p.ok());
  Shot run;
  if (!p.ok()) return run;
  auto code = p->Wait(std::chrono::seconds(30));
  EXPECT_TRUE(code.has_value()) << p->ReadLog();
  run.exit_code = code.value_or(-1);
  run.image = QImage(QString::fromStdString(png));
  os::RemoveTree(dir);
  return run;
}

std::string SocketPath(const FakeAgent& agent) { return agent.address().substr(5); }

TEST(StationCliTest, ScreenshotOfTheConnectedWindow) {
  FakeAgent agent;
  agent.SetStatus(Status());
  agent.SetRecent({Lost(), Eligible()});
  Shot ja = Screenshot({"--socket", SocketPath(agent)});
  EXPECT_EQ(ja.exit_code, 0);
  ASSERT_FALSE(ja.image.isNull());
  EXPECT_EQ(ja.image.width(), 1366);
  Shot en = Screenshot({"--lang", "en"}, {{"KAKUNIN_AGENT_SOCKET", SocketPath(agent)}});
  EXPECT_EQ(en.exit_code, 0);
  ASSERT_FALSE(en.image.isNull());
  // The two languages draw different pictures of the same window.
  EXPECT_NE(ja.image, en.image);
}

TEST(StationCliTest, WithoutTheDaemonTheScreenshotSaysSoAndFails) {
  Shot run = Screenshot({"--socket", "/nonexistent/agent.sock"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_FALSE(run.image.isNull());
}

}  // namespace
}  // namespace kakunin::station::testing
