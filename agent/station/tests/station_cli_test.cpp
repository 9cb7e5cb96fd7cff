// The kakunin-station binary itself: `--screenshot` against a scripted daemon on a temp socket
// (passed with --socket, and through KAKUNIN_AGENT_SOCKET) saves a PNG of the connected window
// and exits 0, in Japanese and in English; without a daemon it still saves the picture (which
// says why) and exits 1. A second start of the window brings the open one to the front and
// exits instead of opening a second window.
#include <gtest/gtest.h>
#include <sys/stat.h>

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

// Two windows on one reader both started a check for each card placed on it: one was refused
// as busy at the counter, and in PIN mode both opened a PIN pad. A second start (a second
// double-click) now brings the open window to the front and exits; once that window is gone,
// even killed, the next start opens the window again.
TEST(StationCliTest, ASecondStartBringsTheOpenWindowForward) {
  FakeAgent agent;
  agent.SetStatus(Status());
  agent.SetRecent({});
  const std::string dir = os::MakeTempDir("station-one");
  ::chmod(dir.c_str(), 0700);  // Qt's rule for a runtime folder
  const std::vector<std::string> argv = {KAKUNIN_STATION_BIN, "--socket", SocketPath(agent)};
  const std::map<std::string, std::string> env = {{"QT_QPA_PLATFORM", "offscreen"},
                                                  {"XDG_RUNTIME_DIR", dir}};
  auto start = [&](const std::string& name) {
    return os::Process::Start({.argv = argv, .env = env, .log_path = dir + "/" + name});
  };
  auto says = [](os::Process& p, const std::string& text) {
    return os::WaitFor([&] { return p.ReadLog().find(text) != std::string::npos; },
                       std::chrono::seconds(30));
  };
  auto first = start("first.log");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(says(*first, "the staff window is open")) << first->ReadLog();
  auto second = os::RunCommand(argv, env, "", /*merge_stderr=*/true, std::chrono::seconds(30));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->exit_code, 0) << second->output;
  EXPECT_NE(second->output.find("already open"), std::string::npos) << second->output;
  EXPECT_TRUE(says(*first, "brought to the front by a second start")) << first->ReadLog();
  EXPECT_TRUE(first->running());
  first->Kill();
  auto third = start("third.log");
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(says(*third, "the staff window is open")) << third->ReadLog();
  third->Stop();
  os::RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::station::testing
