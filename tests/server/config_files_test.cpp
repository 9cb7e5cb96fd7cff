// The daemons' configuration files, through the real binaries (no database, network or state
// needed): `kakunin-server config-template` and `kakunin-agent config-template` document every
// option their daemon's --help lists, as installed they change nothing and uncommented they
// change nothing either; `--print-config` names where each value came from — the file and its
// line, the environment variable, the command line — and hides the database password; a bad
// file is refused with its line and column.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/harness/process.h"

namespace kakunin::testing {
namespace {

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("kakunin-config-files"); }
  void TearDown() override {
    if (!HasFailure()) RemoveTree(dir_);
  }

  CommandOutput Run(std::vector<std::string> args,
                    const std::map<std::string, std::string>& env = {}) {
    auto r = RunCommand(args, env);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    return r.ok() ? *r : CommandOutput{};
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

// Option names from a command's --help ("  --name VALUE   help").
std::vector<std::string> HelpOptions(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  --", 0) != 0) continue;
    std::string name = line.substr(4, line.find_first_of(" =", 4) - 4);
    if (name != "help") names.push_back(name);
  }
  return names;
}

std::string Key(std::string name) {
  for (auto& c : name) c = c == '-' ? '_' : c;
  return name;
}

// "[section] key = value" for every setting line of --print-config, commented or not, without
// the "# 設定元:" comment: the values in effect.
std::set<std::string> Values(const std::string& printed) {
  std::set<std::string> out;
  std::istringstream lines(printed);
  std::string line, section;
  while (std::getline(lines, line)) {
    if (line.rfind("[", 0) == 0) section = line;
    if (line.rfind("# ", 0) == 0) line = line.substr(2);
    auto from = line.find("  # 設定元: ");
    // --config names the file itself, which differs between the runs compared.
    if (from == std::string::npos || line.rfind("config = ", 0) == 0) continue;
    out.insert(section + " " + line.substr(0, from));
  }
  return out;
}

// The template with every "# key = value" line uncommented.
std::string Uncommented(const std::string& text, const std::vector<std::string>& options) {
  std::istringstream lines(text);
  std::string line, out;
  while (std::getline(lines, line)) {
    for (const auto& name : options) {
      if (line.rfind("# " + Key(name) + " = ", 0) == 0) line = line.substr(2);
    }
    out += line + "\n";
  }
  return out;
}

void CheckTemplate(const std::string& tmpl, const std::vector<std::string>& options,
                   const std::set<std::string>& not_in_file) {
  ASSERT_GT(options.size(), 10u);
  for (const auto& name : options) {
    const bool documented = tmpl.find("\n# " + Key(name) + " = ") != std::string::npos;
    EXPECT_EQ(documented, !not_in_file.count(name)) << name << "\n" << tmpl;
  }
}

TEST_F(ConfigFiles, ServerTemplateDocumentsEveryServeOptionAndChangesNothing) {
  auto tmpl = Run({KAKUNIN_SERVER_BIN, "config-template"});
  ASSERT_EQ(tmpl.exit_code, 0) << tmpl.error_output;
  EXPECT_NE(tmpl.output.find("\n[database]\n"), std::string::npos) << tmpl.output;
  auto help = Run({KAKUNIN_SERVER_BIN, "serve", "--help"});
  ASSERT_EQ(help.exit_code, 0);
  const auto options = HelpOptions(help.output);
  CheckTemplate(tmpl.output, options, {"config", "print-config"});
  auto top = Run({KAKUNIN_SERVER_BIN, "--help"});
  EXPECT_NE(top.output.find("config-template"), std::string::npos) << top.output;
  // A switch for benches is not offered to the operator, yet works.
  EXPECT_EQ(help.output.find("ingest-staged-only"), std::string::npos) << help.output;
  EXPECT_EQ(tmpl.output.find("ingest_staged_only"), std::string::npos) << tmpl.output;
  auto staged = Run({KAKUNIN_SERVER_BIN, "serve", "--config", "", "--data-dir", dir_ + "/data",
                     "--ingest-staged-only", "--print-config"});
  EXPECT_EQ(staged.exit_code, 0) << staged.error_output;
  EXPECT_NE(staged.output.find("\ningest_staged_only = true  # 設定元: コマンドライン"),
            std::string::npos)
      << staged.output;

  const std::string data_dir = dir_ + "/data";
  auto print = [&](const std::string& config) {
    auto r = Run({KAKUNIN_SERVER_BIN, "serve", "--config", config, "--data-dir", data_dir,
                  "--print-config"});
    EXPECT_EQ(r.exit_code, 0) << r.error_output;
    return r.output;
  };
  const std::string defaults = print("");
  EXPECT_NE(defaults.find("# 設定ファイルは読み込んでいません。"), std::string::npos) << defaults;
  EXPECT_EQ(defaults.find("ingest_staged_only"), std::string::npos) << defaults;
  const std::string as_installed = print(Write("server.toml", tmpl.output));
  EXPECT_NE(as_installed.find("# 読み込んだ設定ファイル: " + dir_ + "/server.toml"),
            std::string::npos);
  EXPECT_EQ(as_installed.find("設定元: " + dir_), std::string::npos) << as_installed;
  const std::string uncommented = print(Write("all.toml", Uncommented(tmpl.output, options)));
  EXPECT_NE(uncommented.find("設定元: " + dir_ + "/all.toml:"), std::string::npos) << uncommented;
  EXPECT_EQ(Values(as_installed), Values(defaults));
  EXPECT_EQ(Values(uncommented), Values(defaults));
  EXPECT_FALSE(std::filesystem::exists(data_dir));  // printing touches no state
}

TEST_F(ConfigFiles, AgentTemplateDocumentsEveryRunOptionAndChangesNothing) {
  auto tmpl = Run({KAKUNIN_AGENT_BIN, "config-template"});
  ASSERT_EQ(tmpl.exit_code, 0) << tmpl.error_output;
  EXPECT_NE(tmpl.output.find("\n[uplink]\n"), std::string::npos) << tmpl.output;
  auto help = Run({KAKUNIN_AGENT_BIN, "run", "--help"});
  ASSERT_EQ(help.exit_code, 0);
  const auto options = HelpOptions(help.output);
  CheckTemplate(tmpl.output, options, {"config", "print-config"});
  auto top = Run({KAKUNIN_AGENT_BIN, "--help"});
  EXPECT_NE(top.output.find("config-template"), std::string::npos) << top.output;
  // The tests' hook is not offered to the operator, yet works.
  EXPECT_EQ(help.output.find("test-pickup-delay-ms"), std::string::npos) << help.output;
  EXPECT_EQ(tmpl.output.find("test_pickup_delay_ms"), std::string::npos) << tmpl.output;
  auto delayed = Run({KAKUNIN_AGENT_BIN, "run", "--config", "", "--state-dir", dir_ + "/state",
                      "--test-pickup-delay-ms", "5", "--print-config"});
  EXPECT_EQ(delayed.exit_code, 0) << delayed.error_output;
  EXPECT_NE(delayed.output.find("test_pickup_delay_ms = 5  # 設定元: コマンドライン"),
            std::string::npos)
      << delayed.output;

  const std::string state_dir = dir_ + "/state";
  auto print = [&](const std::string& config) {
    auto r = Run(
        {KAKUNIN_AGENT_BIN, "run", "--config", config, "--state-dir", state_dir, "--print-config"});
    EXPECT_EQ(r.exit_code, 0) << r.output << r.error_output;
    return r.output;
  };
  const std::string defaults = print("");
  EXPECT_EQ(defaults.find("test_pickup_delay_ms"), std::string::npos) << defaults;
  const std::string as_installed = print(Write("agent.toml", tmpl.output));
  const std::string uncommented = print(Write("all.toml", Uncommented(tmpl.output, options)));
  EXPECT_NE(uncommented.find("設定元: " + dir_ + "/all.toml:"), std::string::npos) << uncommented;
  EXPECT_EQ(Values(as_installed), Values(defaults));
  EXPECT_EQ(Values(uncommented), Values(defaults));
  EXPECT_FALSE(std::filesystem::exists(state_dir));
}

TEST_F(ConfigFiles, ServePrintConfigNamesWhereEachValueCameFrom) {
  const std::string config = Write("server.toml",
                                   "# HQ\n"
                                   "listen = \"0.0.0.0:7443\"\n"
                                   "advertise = [\"hq1.example:7443\", \"hq2.example:7443\"]\n"
                                   "\n"
                                   "[ingest]\n"
                                   "batch_max = 1234\n"
                                   "ingest-writers = 3\n"
                                   "[subsidy]\n"
                                   "warning_days = [90, 30]\n");
  auto r = Run({KAKUNIN_SERVER_BIN, "serve", "--config", config, "--cert-days", "30", "--data-dir",
                dir_ + "/data", "--print-config"},
               {{"KAKUNIN_DB", "host=/run/pg user=kakunin password=s3cret dbname=kakunin"},
                {"KAKUNIN_HEAD_INTERVAL", "7"},
                {"KAKUNIN_BATCH_MAX", ""}});  // empty: unset, the file's value stands
  ASSERT_EQ(r.exit_code, 0) << r.error_output;
  const std::string& out = r.output;
  for (const std::string& line : {
           "listen = \"0.0.0.0:7443\"  # 設定元: " + config + ":2",
           "advertise = [\"hq1.example:7443\", \"hq2.example:7443\"]  # 設定元: " + config + ":3",
           "batch_max = 1234  # 設定元: " + config + ":6",
           "ingest_writers = 3  # 設定元: " + config + ":7",
           "warning_days = [90, 30]  # 設定元: " + config + ":9",
           std::string("head_interval = 7  # 設定元: 環境変数 KAKUNIN_HEAD_INTERVAL"),
           std::string("db = \"host=/run/pg user=kakunin password=<hidden> dbname=kakunin\"  # "
                       "設定元: 環境変数 KAKUNIN_DB（秘密の部分は伏せています）"),
           std::string("cert_days = 30  # 設定元: コマンドライン"),
           std::string("# catchup_rate = 200  # 設定元: 既定値"),
           "# config = \"" + config + "\"  # 設定元: コマンドライン",
       }) {
    EXPECT_NE(out.find("\n" + line), std::string::npos) << line << "\n" << out;
  }
  EXPECT_EQ(out.find("s3cret"), std::string::npos);
  EXPECT_NE(out.find("[ingest]\n"), std::string::npos);

  // The file named by KAKUNIN_CONFIG, and the command line over the environment over the file.
  auto env = Run({KAKUNIN_SERVER_BIN, "serve", "--listen", "127.0.0.1:1", "--print-config"},
                 {{"KAKUNIN_CONFIG", config}, {"KAKUNIN_BATCH_MAX", "99"}});
  ASSERT_EQ(env.exit_code, 0) << env.error_output;
  EXPECT_NE(env.output.find("\nlisten = \"127.0.0.1:1\"  # 設定元: コマンドライン"),
            std::string::npos)
      << env.output;
  EXPECT_NE(env.output.find("\nbatch_max = 99  # 設定元: 環境変数 KAKUNIN_BATCH_MAX"),
            std::string::npos);
  EXPECT_NE(env.output.find("\ningest_writers = 3  # 設定元: " + config + ":7"), std::string::npos);
  EXPECT_NE(env.output.find("# config = \"" + config + "\"  # 設定元: 環境変数 KAKUNIN_CONFIG"),
            std::string::npos);
}

TEST_F(ConfigFiles, ABadFileStopsTheDaemonWithItsLine) {
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"listen = \"a:1\"\n[ingest]\nbatch_max = \"many\"\n",
       "config.wrong_type: " + dir_ + "/bad.toml:3:13: 'batch_max' needs a whole number"},
      {"db = \"host=x\"\n",
       "config.wrong_section: " + dir_ + "/bad.toml:1:1: 'db' belongs in [database]"},
      {"[ingest]\nbatch = 1\n",
       "config.unknown_setting: " + dir_ + "/bad.toml:2:1: unknown setting 'batch' in [ingest]"},
      {"listen = 0.0.0.0:7443\n", "config.syntax: " + dir_ + "/bad.toml:1:"},
  };
  for (const auto& c : cases) {
    const std::string path = Write("bad.toml", c.text);
    auto r = Run({KAKUNIN_SERVER_BIN, "serve", "--config", path, "--print-config"});
    EXPECT_EQ(r.exit_code, 2) << c.text;
    EXPECT_NE(r.error_output.find(c.message), std::string::npos) << c.text << r.error_output;
  }
  auto missing = Run({KAKUNIN_SERVER_BIN, "serve", "--config", dir_ + "/absent.toml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.error_output.find("config.unreadable"), std::string::npos);

  const std::string agent_bad = Write("agent.toml", "[uplink]\nheartbeat_ms = \"30s\"\n");
  auto agent =
      Run({KAKUNIN_AGENT_BIN, "run", "--print-config"}, {{"KAKUNIN_AGENT_CONFIG", agent_bad}});
  EXPECT_EQ(agent.exit_code, 2);
  EXPECT_NE(agent.error_output.find(agent_bad + ":2:16: 'heartbeat_ms' needs a whole number"),
            std::string::npos)
      << agent.output << agent.error_output;
}

// A mistyped command is refused (exit 2, what was typed named), never taken for `serve`: before,
// `kakunin-server site list --print-config` printed the server's settings and exited 0, and
// `kakunin-server tokne issue` started a second server in the foreground.
TEST_F(ConfigFiles, AMistypedServerCommandIsRefusedNotServed) {
  for (const std::vector<std::string>& words :
       {std::vector<std::string>{"site", "list", "--print-config"},
        std::vector<std::string>{"tokne", "issue", "--print-config"},
        std::vector<std::string>{"bogus", "--print-config"}}) {
    std::vector<std::string> args = {KAKUNIN_SERVER_BIN};
    args.insert(args.end(), words.begin(), words.end());
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << words[0] << r.output;
    EXPECT_NE(r.error_output.find("'" + words[0]), std::string::npos) << r.error_output;
    EXPECT_NE(r.error_output.find("というコマンドはありません"), std::string::npos)
        << r.error_output;
    EXPECT_EQ(r.output.find("listen"), std::string::npos) << "it printed serve's settings";
  }
  // A group's name alone names its commands.
  auto group = Run({KAKUNIN_SERVER_BIN, "token"});
  EXPECT_EQ(group.exit_code, 2);
  EXPECT_NE(group.error_output.find("token のコマンド: token issue"), std::string::npos)
      << group.error_output;
  auto site = Run({KAKUNIN_SERVER_BIN, "site", "list"});
  EXPECT_NE(site.error_output.find("site のコマンド: site add, site route, site import"),
            std::string::npos)
      << site.error_output;
  auto extra = Run({KAKUNIN_SERVER_BIN, "serve", "now", "--print-config"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_NE(extra.error_output.find("'now' は使えません"), std::string::npos) << extra.error_output;
  // A site's identity mode is visual or pin; anything else is refused before the database.
  auto mode = Run({KAKUNIN_SERVER_BIN, "site", "add", "--id", "x", "--name", "X", "--default-mode",
                   "PIN", "--db", "host=/nonexistent dbname=none connect_timeout=1"});
  EXPECT_EQ(mode.exit_code, 2);
  EXPECT_NE(mode.error_output.find(
                "kakunin-server: --default-mode は visual か pin です（指定: 'PIN'）。"),
            std::string::npos)
      << mode.error_output;
  // An address that is not HOST:PORT is refused before anything is set up (it started the
  // database, made the data folder and a certificate, then failed to bind).
  for (const std::string& listen : {std::string("foo"), std::string("127.0.0.1:70000"),
                                    std::string(":7443"), std::string("127.0.0.1:")}) {
    auto bad =
        Run({KAKUNIN_SERVER_BIN, "serve", "--listen", listen, "--data-dir", dir_ + "/never"});
    EXPECT_EQ(bad.exit_code, 2) << listen << bad.error_output;
    EXPECT_NE(bad.error_output.find("「ホスト:ポート」の形で指定してください"), std::string::npos)
        << bad.error_output;
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/never")) << listen;
  }
  // Options alone still mean serve.
  auto options = Run({KAKUNIN_SERVER_BIN, "--print-config"});
  EXPECT_EQ(options.exit_code, 0) << options.error_output;
}

// A failed command tells HQ's administrator in Japanese what to look at, the reason id and the
// detail after it: a database that does not answer, a mistyped option.
TEST_F(ConfigFiles, AFailedServerCommandSaysWhatToDoInJapanese) {
  auto db = Run({KAKUNIN_SERVER_BIN, "site", "add", "--id", "x", "--name", "X", "--db",
                 "host=/nonexistent dbname=none connect_timeout=1"});
  EXPECT_EQ(db.exit_code, 1) << db.error_output;
  EXPECT_EQ(
      db.error_output.rfind("kakunin-server: データベースに接続できません。PostgreSQL が動いて"
                            "いるか、接続先（--db、",
                            0),
      0u)
      << db.error_output;
  EXPECT_NE(db.error_output.find("\n  （詳細: db.unavailable: "), std::string::npos)
      << db.error_output;
  auto flag = Run({KAKUNIN_SERVER_BIN, "token", "issue", "--sight", "honcho"});
  EXPECT_EQ(flag.exit_code, 2) << flag.error_output;
  EXPECT_NE(flag.error_output.find("kakunin-server token issue --help で使い方を確認"),
            std::string::npos)
      << flag.error_output;
  EXPECT_NE(flag.error_output.find("--sight"), std::string::npos) << flag.error_output;

  // A newcomer's review: these opened (or created) a database before looking at their options.
  const std::string data = dir_ + "/never-made";
  auto no_site = Run({KAKUNIN_SERVER_BIN, "token", "issue", "--data-dir", data});
  EXPECT_EQ(no_site.exit_code, 2) << no_site.error_output;
  EXPECT_NE(no_site.error_output.find(
                "kakunin-server: --site に店舗 ID を指定してください。kakunin-server token issue "
                "--help で使い方を確認できます。\n  （詳細: cli.missing）\n"),
            std::string::npos)
      << no_site.error_output;
  auto number = Run({KAKUNIN_SERVER_BIN, "serve", "--data-dir", data, "--db-connections", "abc"});
  EXPECT_EQ(number.exit_code, 2) << number.error_output;
  auto limit = Run({KAKUNIN_SERVER_BIN, "serve", "--data-dir", data, "--claim-receipt-mib", "5"});
  EXPECT_EQ(limit.exit_code, 2) << limit.error_output;
  EXPECT_NE(limit.error_output.find("--claim-receipt-mib"), std::string::npos)
      << limit.error_output;
  EXPECT_FALSE(std::filesystem::exists(data))
      << "a data directory was made before the options were checked";
  auto no_login =
      RunCommand({KAKUNIN_SERVER_BIN, "admin", "create", "--data-dir", data}, {}, "Kakunin2026\n");
  ASSERT_TRUE(no_login.ok());
  EXPECT_EQ(no_login->exit_code, 2) << no_login->error_output;
  EXPECT_EQ(
      no_login->error_output.rfind("kakunin-server: ログイン名を --login で指定してください。", 0),
      0u)
      << no_login->error_output;
  EXPECT_FALSE(std::filesystem::exists(data));
  // At a terminal (script(1) gives it one) the password is asked twice; two that differ are
  // refused before any database is opened.
  auto typed = RunCommand({"script", "-qec",
                           std::string(KAKUNIN_SERVER_BIN) + " admin create --login x --data-dir " +
                               data + " --config ''",
                           "/dev/null"},
                          {}, "Kakunin2026a\nKakunin2026b\n", /*merge_stderr=*/true);
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->exit_code, 2) << typed->output;
  EXPECT_NE(typed->output.find("パスワード: "), std::string::npos) << typed->output;
  EXPECT_NE(typed->output.find("2回入力したパスワードが一致しません。"), std::string::npos)
      << typed->output;
  EXPECT_FALSE(std::filesystem::exists(data));
}

// A group's --help lists its commands and exits 0 (it said "no such command" with exit 2, or the
// usage with exit 2); the group's name alone is still refused with the list.
TEST_F(ConfigFiles, AGroupsHelpListsItsCommands) {
  const std::map<std::string, std::vector<std::string>> groups = {
      {"admin", {"create"}},   {"site", {"add", "route", "import"}},
      {"terminal", {"route"}}, {"token", {"issue"}},
      {"retention", {"run"}},  {"audit", {"verify", "export", "heads"}},
      {"subsidy", {"summary"}}};
  for (const auto& [group, commands] : groups) {
    for (const char* lang : {"", "en"}) {
      auto help = Run({KAKUNIN_SERVER_BIN, group, "--help"}, {{"KAKUNIN_LANG", lang}});
      EXPECT_EQ(help.exit_code, 0) << group << help.error_output;
      EXPECT_EQ(help.error_output, "") << group;
      EXPECT_NE(help.output.find(std::string(*lang ? "Usage: " : "使い方: ") + "kakunin-server " +
                                 group + " "),
                std::string::npos)
          << help.output;
      for (const auto& c : commands) {
        EXPECT_NE(help.output.find("\n  " + group + " " + c + " "), std::string::npos)
            << group << " " << c << "\n"
            << help.output;
      }
    }
    auto alone = Run({KAKUNIN_SERVER_BIN, group});
    EXPECT_EQ(alone.exit_code, 2) << group;
    EXPECT_NE(alone.error_output.find(group + " のコマンド: " + group + " " + commands.front()),
              std::string::npos)
        << alone.error_output;
  }
}

// config-template --set takes NAME=VALUE with a setting's name; anything else is the command
// line's mistake (exit 2), not the configuration file's.
TEST_F(ConfigFiles, ABadSetIsSaidToBeTheSetValue) {
  auto server = Run({KAKUNIN_SERVER_BIN, "config-template", "--set", "bogus=1"});
  EXPECT_EQ(server.exit_code, 2) << server.error_output;
  EXPECT_EQ(server.output, "");
  EXPECT_NE(server.error_output.find("--set は NAME=VALUE の形で"), std::string::npos)
      << server.error_output;
  EXPECT_NE(server.error_output.find("kakunin-server config-template --help"), std::string::npos)
      << server.error_output;
  EXPECT_EQ(server.error_output.find("設定ファイル"), std::string::npos) << server.error_output;
  auto agent = Run({KAKUNIN_AGENT_BIN, "config-template", "--set", "bogus"});
  EXPECT_EQ(agent.exit_code, 2) << agent.error_output;
  EXPECT_NE(agent.error_output.find("--set は NAME=VALUE の形で"), std::string::npos)
      << agent.error_output;
  EXPECT_NE(agent.error_output.find("kakunin-agent config-template --help"), std::string::npos)
      << agent.error_output;
  auto usage = Run({KAKUNIN_AGENT_BIN, "config-template", "--help"});
  EXPECT_NE(usage.output.find("kakunin-agent config-template [--set NAME=VALUE,…]"),
            std::string::npos)
      << usage.output;
}

TEST_F(ConfigFiles, AgentPrintConfigNamesWhereEachValueCameFrom) {
  const std::string config = Write("agent.toml",
                                   "state_dir = \"/srv/kakunin-agent\"\n"
                                   "\n"
                                   "[uplink]\n"
                                   "server = [\"hq1.example:7443\", \"hq2.example:7443\"]\n"
                                   "[eligibility]\n"
                                   "institution_code = \"1341234566\"\n");
  auto r = Run({KAKUNIN_AGENT_BIN, "run", "--log-level", "debug", "--print-config"},
               {{"KAKUNIN_AGENT_CONFIG", config}, {"KAKUNIN_AGENT_BATCH", "9"}});
  ASSERT_EQ(r.exit_code, 0) << r.error_output;
  for (const std::string& line : {
           "state_dir = \"/srv/kakunin-agent\"  # 設定元: " + config + ":1",
           "server = [\"hq1.example:7443\", \"hq2.example:7443\"]  # 設定元: " + config + ":4",
           "institution_code = \"1341234566\"  # 設定元: " + config + ":6",
           std::string("batch = 9  # 設定元: 環境変数 KAKUNIN_AGENT_BATCH"),
           std::string("log_level = \"debug\"  # 設定元: コマンドライン"),
           "# config = \"" + config + "\"  # 設定元: 環境変数 KAKUNIN_AGENT_CONFIG",
       }) {
    EXPECT_NE(r.output.find("\n" + line), std::string::npos) << line << "\n" << r.output;
  }
}

// English a Japanese reader would meet in `text`: three or more lowercase words in a row, once
// what is meant literally is set aside (synopsis lines, `quoted commands`, option names).
std::vector<std::string> EnglishSentences(const std::string& text) {
  static const std::regex kQuoted("`[^`]*`");
  static const std::regex kWords("(^|[^A-Za-z0-9_./=-])([a-z]{2,}( [a-z]{2,}){2,})");
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("使い方: ", 0) == 0) continue;  // the synopsis is what one types
    const std::string plain = std::regex_replace(line, kQuoted, "");
    std::smatch m;
    if (std::regex_search(plain, m, kWords)) found.push_back(line);
  }
  return found;
}

// The commands a program's English top-level help lists: "[a|b c|d]" for the server, an indented
// "name  text" list for the agent.
std::vector<std::string> ServerCommands(const std::string& english_top) {
  std::vector<std::string> out;
  const auto open = english_top.find('['), close = english_top.find(']');
  std::stringstream list(english_top.substr(open + 1, close - open - 1));
  for (std::string c; std::getline(list, c, '|');) out.push_back(c);
  return out;
}

std::vector<std::string> AgentCommands(const std::string& english_top) {
  std::vector<std::string> out;
  std::istringstream lines(english_top.substr(english_top.find("Commands:")));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  ", 0) == 0 && line[2] != ' ')
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return out;
}

// The option lines of an English --help whose description has no English word in it (a Japanese
// term alone, such as 医療機関等名).
std::vector<std::string> OptionsWithoutEnglish(const std::string& help) {
  static const std::regex kWord("[a-z]{3,}");
  std::vector<std::string> found;
  std::istringstream lines(help);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  --", 0) != 0) continue;
    // The option and its value name end at the padding before the description; a long one
    // has its description on the next line.
    const size_t gap = line.find("  ", 4);
    std::string text = gap == std::string::npos ? "" : line.substr(gap);
    if (text.find_first_not_of(' ') == std::string::npos) std::getline(lines, text);
    if (!std::regex_search(text, kWord)) found.push_back(line);
  }
  return found;
}

std::vector<std::string> Words(const std::string& command) {
  std::vector<std::string> out;
  std::istringstream in(command);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Every command's --help, and the generated files, read in Japanese unless KAKUNIN_LANG=en asks
// for English; the lists of commands come from the programs themselves, so a new command is
// checked without this test changing.
TEST_F(ConfigFiles, EveryHelpIsJapaneseAndEnglishWhenAsked) {
  const std::map<std::string, std::string> english = {{"KAKUNIN_LANG", "en"}};
  auto server_top = Run({KAKUNIN_SERVER_BIN, "--help"}, english);
  auto agent_top = Run({KAKUNIN_AGENT_BIN, "--help"}, english);
  const auto server_commands = ServerCommands(server_top.output);
  const auto agent_commands = AgentCommands(agent_top.output);
  ASSERT_GE(server_commands.size(), 15u) << server_top.output;
  ASSERT_GE(agent_commands.size(), 9u) << agent_top.output;

  std::vector<std::vector<std::string>> runs = {
      {KAKUNIN_SERVER_BIN, "--help"},
      {KAKUNIN_AGENT_BIN, "--help"},
      {KAKUNIN_SERVER_BIN, "config-template"},
      {KAKUNIN_AGENT_BIN, "config-template"},
      {KAKUNIN_SERVER_BIN, "serve", "--print-config"},
      {KAKUNIN_AGENT_BIN, "check", "--document", "x", "--help"}};
  for (const auto& c : server_commands) {
    std::vector<std::string> args = {KAKUNIN_SERVER_BIN};
    for (const auto& w : Words(c)) args.push_back(w);
    args.push_back("--help");
    runs.push_back(args);
  }
  for (const auto& c : agent_commands) {
    if (c == "service") continue;  // Windows only: elsewhere it says so, in Japanese
    runs.push_back({KAKUNIN_AGENT_BIN, c, "--help"});
  }
  for (const auto& args : runs) {
    std::string shown;
    for (size_t i = 1; i < args.size(); ++i) shown += " " + args[i];
    auto ja =
        Run(args, {{"KAKUNIN_LANG", ""}, {"KAKUNIN_CONFIG", ""}, {"KAKUNIN_AGENT_CONFIG", ""}});
    EXPECT_EQ(ja.exit_code, 0) << shown << "\n" << ja.error_output;
    EXPECT_EQ(EnglishSentences(ja.output), std::vector<std::string>{}) << shown << "\n"
                                                                       << ja.output;
    auto en = Run(args, english);
    EXPECT_EQ(en.exit_code, 0) << shown;
    EXPECT_NE(en.output, ja.output) << shown;
    if (args.back() == "--help") {
      EXPECT_NE(ja.output.find("使い方: "), std::string::npos) << shown << "\n" << ja.output;
      EXPECT_NE(en.output.find("sage: "), std::string::npos) << shown << "\n" << en.output;
      EXPECT_EQ(en.output.find("使い方"), std::string::npos) << shown << "\n" << en.output;
      // The same reading finds the English it is there to find.
      EXPECT_NE(EnglishSentences(en.output), std::vector<std::string>{}) << shown;
      // The top-level help promises that each command's --help gives its exit codes.
      EXPECT_NE(ja.output.find("終了コード: "), std::string::npos) << shown << "\n" << ja.output;
      EXPECT_NE(en.output.find("Exit codes: "), std::string::npos) << shown << "\n" << en.output;
      EXPECT_EQ(OptionsWithoutEnglish(en.output), std::vector<std::string>{}) << shown;
    }
  }
}

}  // namespace
}  // namespace kakunin::testing
