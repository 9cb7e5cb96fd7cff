// Flags: command line, environment and configuration file, in that order of precedence; the
// file's TOML subset and its errors (named by file:line).

#include "common/cli/flags.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace kakunin::cli {
namespace {

Flags Make() {
  Flags f("t", "test");
  f.Option("listen", "HOST:PORT", "", "127.0.0.1:7443")
      .Option("batch-max", "N", "", "4000")
      .Option("server-names", "LIST", "")
      .Bool("log-json", "");
  return f;
}

Status Parse(Flags& f, std::vector<std::string> args) {
  std::vector<char*> argv = {const_cast<char*>("prog")};
  for (auto& a : args) argv.push_back(a.data());
  return f.Parse(static_cast<int>(argv.size()), argv.data());
}

TEST(Flags, ConfigFileFillsWhatTheCommandLineLeaves) {
  Flags f = Make();
  ASSERT_TRUE(Parse(f, {"--listen", "0.0.0.0:1"}).ok());
  ASSERT_TRUE(f.ApplyConfig("# HQ\nlisten = \"10.0.0.1:7443\"\nbatch_max = 2000  # tuned\n"
                            "server-names = [\"hq.example\", 'hq']\nlog-json = true\n",
                            "kakunin.toml")
                  .ok());
  EXPECT_EQ(f.Get("listen"), "0.0.0.0:1");  // the command line wins
  EXPECT_EQ(*f.GetInt("batch-max"), 2000);
  EXPECT_EQ(f.Get("server-names"), "hq.example,hq");
  EXPECT_TRUE(f.GetBool("log-json"));
  EXPECT_TRUE(f.Has("batch-max"));
}

TEST(Flags, EnvironmentWinsOverTheFile) {
  Flags f = Make();
  ASSERT_TRUE(Parse(f, {}).ok());
  ::setenv("KTEST_BATCH_MAX", "77", 1);
  f.ApplyEnvironment("KTEST_");
  ::unsetenv("KTEST_BATCH_MAX");
  ASSERT_TRUE(f.ApplyConfig("batch-max = 5\n", "f").ok());
  EXPECT_EQ(f.Get("batch-max"), "77");
  EXPECT_EQ(f.Get("listen"), "127.0.0.1:7443");  // default untouched
  EXPECT_FALSE(f.Has("listen"));
}

TEST(Flags, ConfigErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* reason;
    const char* where;
  } cases[] = {
      {"listen = \"a\"\nport = 1\n", "config.unknown_setting", "f.toml:2"},
      {"\n\nlisten \"a\"\n", "config.syntax", "f.toml:3"},
      {"listen = \"unterminated\n", "config.bad_value", "f.toml:1"},
      {"batch-max = 12abc\n", "config.bad_value", "f.toml:1"},
      {"listen = \"a\" trailing\n", "config.bad_value", "f.toml:1"},
      {"[server]\n", "config.sections_unsupported", "f.toml:1"},
      {"server-names = [\"a\", \n", "config.bad_value", "f.toml:1"},
  };
  for (const auto& c : cases) {
    Flags f = Make();
    auto s = f.ApplyConfig(c.text, "f.toml");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().reason(), c.reason) << c.text;
    EXPECT_NE(s.error().message().find(c.where), std::string::npos) << s.error().message();
  }
}

}  // namespace
}  // namespace kakunin::cli
