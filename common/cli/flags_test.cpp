// Flags: command line, environment and configuration file, in that order of precedence; the
// file's TOML (sections, arrays, quoting) and its errors (named by file:line:column); where each
// value came from; --print-config's text and the documented template, both read back as TOML.

#include "common/cli/flags.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/cli/language.h"

namespace kakunin::cli {
namespace {

// The English texts below are what these tests were written against; the Japanese tests pin
// Japanese for themselves and put English back.
const bool kEnglishByDefault = (SetHelpLanguage(Language::kEnglish), true);

struct InJapanese {
  InJapanese() { SetHelpLanguage(Language::kJapanese); }
  ~InJapanese() { SetHelpLanguage(Language::kEnglish); }
};

Flags Make() {
  Flags f("t", "test");
  f.Option("listen", "HOST:PORT", "address to serve on", "127.0.0.1:7443")
      .Option("advertise", "HOST:PORT[,…]", "addresses as terminals reach them")
      .List()
      .Bool("log-json", "log JSON")
      .Option("config", "FILE", "settings file")
      .NotInFile()
      .Bool("print-config", "print the configuration")
      .CommandLineOnly()
      .Section("database", "PostgreSQL connection")
      .Option("db", "DSN", "PostgreSQL connection string")
      .Secret()
      .Option("db-connections", "N", "connections in the pool", "16")
      .Int()
      .Section("ingest", "Storing results")
      .Option("batch-max", "N", "most results in one transaction", "4000")
      .Int()
      .Option("server-names", "LIST", "names in the TLS certificate", "localhost,127.0.0.1")
      .List()
      .Option("warning-days", "LIST", "days before a deadline", "60,30,7,1")
      .Int()
      .List()
      .Option("summary-time", "HH:MM", "time of the daily summary", "07:00");
  return f;
}

Status Parse(Flags& f, std::vector<std::string> args) {
  std::vector<char*> argv = {const_cast<char*>("prog")};
  for (auto& a : args) argv.push_back(a.data());
  return f.Parse(static_cast<int>(argv.size()), argv.data());
}

const std::vector<std::string> kOptions = {
    "listen",         "advertise", "log-json",     "config",       "db",
    "db-connections", "batch-max", "server-names", "warning-days", "summary-time",
};

TEST(Flags, ConfigFileFillsWhatTheCommandLineLeaves) {
  Flags f = Make();
  ASSERT_TRUE(Parse(f, {"--listen", "0.0.0.0:1"}).ok());
  auto s = f.ApplyConfig(
      "# HQ\n"
      "listen = \"10.0.0.1:7443\"\n"
      "advertise = [\"hq1.example:7443\", 'hq2.example:7443']  # two HQ addresses\n"
      "log-json = true\n"
      "\n"
      "[database]\n"
      "db = \"host=/run/pg dbname=kakunin application_name='a \\\"b\\\"'\"\n"
      "\n"
      "[ingest]\n"
      "batch_max = 2000  # tuned\n"
      "warning_days = [\n  90,\n  30, # a month\n]\n"
      "summary-time = '''08:30'''\n",
      "kakunin.toml");
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(f.Get("listen"), "0.0.0.0:1");  // the command line wins
  EXPECT_EQ(f.Get("advertise"), "hq1.example:7443,hq2.example:7443");
  EXPECT_TRUE(f.GetBool("log-json"));
  EXPECT_EQ(f.Get("db"), "host=/run/pg dbname=kakunin application_name='a \"b\"'");
  EXPECT_EQ(*f.GetInt("batch-max"), 2000);
  EXPECT_EQ(f.Get("warning-days"), "90,30");
  EXPECT_EQ(f.Get("summary-time"), "08:30");
  EXPECT_EQ(f.Get("server-names"), "localhost,127.0.0.1");  // default
  EXPECT_TRUE(f.Has("batch-max"));
  EXPECT_FALSE(f.Has("server-names"));
}

TEST(Flags, EmptyValuesInTheFileMeanUnset) {
  Flags f = Make();
  ASSERT_TRUE(f.ApplyConfig("advertise = []\n[ingest]\nsummary_time = \"\"\n", "f").ok());
  EXPECT_FALSE(f.Has("advertise"));
  EXPECT_EQ(f.Get("summary-time"), "07:00");
  EXPECT_EQ(f.Source("summary-time"), "default");
}

TEST(Flags, PrecedenceAndWhereEachValueCameFrom) {
  Flags f = Make();
  ASSERT_TRUE(Parse(f, {"--listen=0.0.0.0:1"}).ok());
  ::setenv("KTEST_BATCH_MAX", "77", 1);
  ::setenv("KTEST_DB", "host=env", 1);
  ::setenv("KTEST_PRINT_CONFIG", "1", 1);  // a command-line switch: never from the environment
  f.ApplyEnvironment("KTEST_");
  ::unsetenv("KTEST_BATCH_MAX");
  ::unsetenv("KTEST_DB");
  ::unsetenv("KTEST_PRINT_CONFIG");
  ASSERT_TRUE(f.ApplyConfig("listen = \"file:1\"\n\n[ingest]\nbatch-max = 5\nsummary_time = "
                            "\"09:00\"\n",
                            "/etc/k.toml")
                  .ok());
  EXPECT_EQ(f.Get("listen"), "0.0.0.0:1");
  EXPECT_EQ(f.Source("listen"), "command line");
  EXPECT_EQ(f.Get("batch-max"), "77");
  EXPECT_EQ(f.Source("batch-max"), "KTEST_BATCH_MAX");
  EXPECT_EQ(f.Source("db"), "KTEST_DB");
  EXPECT_EQ(f.Get("summary-time"), "09:00");
  EXPECT_EQ(f.Source("summary-time"), "/etc/k.toml:5");
  EXPECT_EQ(f.Get("server-names"), "localhost,127.0.0.1");
  EXPECT_EQ(f.Source("server-names"), "default");
  EXPECT_FALSE(f.GetBool("print-config"));
}

TEST(Flags, ConfigErrorsNameTheLineAndColumn) {
  struct Case {
    const char* text;
    const char* reason;
    const char* message;  // a part of it
  } cases[] = {
      {"listen = \"a\"\nport = 1\n", "config.unknown_setting",
       "f.toml:2:1: unknown setting 'port'"},
      {"[ingest]\n  batch = 1\n", "config.unknown_setting",
       "f.toml:2:3: unknown setting 'batch' in [ingest]"},
      {"[server]\n", "config.unknown_section", "f.toml:1:2: unknown section [server]"},
      {"[db]\n", "config.unknown_section", "'db' is a setting in [database]"},
      {"db = \"x\"\n", "config.wrong_section", "f.toml:1:1: 'db' belongs in [database]"},
      {"[ingest]\nlisten = \"x\"\n", "config.wrong_section",
       "f.toml:2:1: 'listen' belongs at the top of the file"},
      {"[database]\ndb = \"x\"\n[ingest]\ndb = \"y\"\n", "config.wrong_section",
       "f.toml:4:1: 'db' belongs in [database]"},
      {"config = \"/x\"\n", "config.not_in_file", "f.toml:1:1: 'config' cannot be set"},
      {"[ingest]\nbatch_max = \"4000\"\n", "config.wrong_type",
       "f.toml:2:13: 'batch_max' needs a whole number (without quotes), got a string"},
      {"[ingest]\nbatch_max = 1.5\n", "config.wrong_type", "got a decimal number"},
      {"[ingest]\nbatch_max = 4294967296\n", "config.out_of_range", "f.toml:2:13"},
      {"[ingest]\nsummary_time = 0700\n", "config.syntax", "f.toml:2:"},
      {"[ingest]\nsummary_time = 700\n", "config.wrong_type", "needs a string in quotes"},
      {"log_json = \"yes\"\n", "config.wrong_type", "'log_json' needs true or false"},
      {"advertise = \"hq:1\"\n", "config.wrong_type", "needs an array of strings"},
      {"advertise = [\"a\", 2]\n", "config.wrong_type", "f.toml:1:19: 'advertise' needs strings"},
      {"advertise = [\"a,b\"]\n", "config.bad_value", "without commas"},
      {"[ingest]\nwarning_days = [60, \"30\"]\n", "config.wrong_type", "needs whole numbers"},
      {"[ingest]\nbatch-max = 1\nbatch_max = 2\n", "config.duplicate",
       "f.toml:3:1: 'batch_max' is set twice (also at f.toml:2)"},
      {"\n\nlisten \"a\"\n", "config.syntax", "f.toml:3:"},
      {"listen = \"unterminated\n", "config.syntax", "f.toml:1:"},
      {"[ingest]\nbatch_max = 12abc\n", "config.syntax", "f.toml:2:"},
      {"listen = \"a\" trailing\n", "config.syntax", "f.toml:1:"},
      {"advertise = [\"a\", \n", "config.syntax", "f.toml:1:20: Error while parsing array"},
      {"[ingest]\n[ingest]\n", "config.syntax", "f.toml:2:"},
      // Not ASCII outside quotes: refused before toml++ 3.3.0 reaches undefined behaviour on it.
      {"listen = かな\n", "config.syntax", "f.toml:1:10: text other than ASCII"},
      {"# ok\n[てんぽ]\n", "config.syntax", "f.toml:2:2:"},
      {"listen = \"a\" 値\n", "config.syntax", "f.toml:1:14:"},
      {"listen = \"\"\"a\"\"\" é\n", "config.syntax", "f.toml:1:18:"},
      // A quote where no string can start: toml++ reads on, past the quote (U+FEF7 was undefined
      // behaviour in its whitespace table).
      {"listen =0\"\xEF\xBB\xB7x\"\n", "config.syntax", "f.toml:1:"},
  };
  for (const auto& c : cases) {
    Flags f = Make();
    auto s = f.ApplyConfig(c.text, "f.toml");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().reason(), c.reason) << c.text << "\n" << s.error().message();
    EXPECT_NE(s.error().message().find(c.message), std::string::npos) << c.text << "\n"
                                                                      << s.error().message();
  }
}

TEST(Flags, TextOtherThanAsciiIsTakenInStringsAndComments) {
  Flags f = Make();
  auto s = f.ApplyConfig(
      "\xEF\xBB\xBF# 本店の設定 かな\nlisten = \"本店:7443\" # コメント\nadvertise = ['かな', "
      "\"\\\"かな\"]\n"
      "[database]\ndb = \"\"\"\nかな\\\"\"\"\"\"\n",
      "f.toml");
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(f.Get("listen"), "本店:7443");
  EXPECT_EQ(f.Get("advertise"), "かな,\"かな");
  EXPECT_EQ(f.Get("db"), "かな\"\"");
}

TEST(Flags, ABrokenFileChangesNothing) {
  Flags f = Make();
  EXPECT_FALSE(f.ApplyConfig("listen = \"x:1\"\n[ingest]\nbatch_max = \"no\"\n", "f").ok());
  EXPECT_FALSE(f.Has("listen"));
}

// Applies `text` to fresh flags (no command line, no environment).
Flags Reread(const std::string& text) {
  Flags g = Make();
  auto s = g.ApplyConfig(text, "printed.toml");
  EXPECT_TRUE(s.ok()) << s.error().ToString() << "\n" << text;
  return g;
}

TEST(Flags, PrintConfigIsTomlThatReadsBackToTheSameValues) {
  Flags f = Make();
  ASSERT_TRUE(Parse(f, {"--listen", "0.0.0.0:7443", "--advertise", "hq1:7443,hq2:7443",
                        "--log-json", "--config", "/etc/k.toml"})
                  .ok());
  ::setenv("KTEST_SUMMARY_TIME", "off", 1);
  f.ApplyEnvironment("KTEST_");
  ::unsetenv("KTEST_SUMMARY_TIME");
  ASSERT_TRUE(f.ApplyConfig("[ingest]\nbatch_max = 2000\nwarning_days = [90, 7]\n"
                            "server_names = [\"hq \\\"main\\\"\", \"back\\\\slash\\tand tab\"]\n",
                            "/etc/k.toml")
                  .ok());
  const std::string printed = f.PrintConfig();
  EXPECT_NE(printed.find("listen = \"0.0.0.0:7443\"  # from: command line\n"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("advertise = [\"hq1:7443\", \"hq2:7443\"]  # from: command line\n"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("summary_time = \"off\"  # from: KTEST_SUMMARY_TIME\n"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("batch_max = 2000  # from: /etc/k.toml:2\n"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("warning_days = [90, 7]  # from: /etc/k.toml:3\n"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("# db_connections = 16  # from: default\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("# config = \"/etc/k.toml\"  # from: command line"), std::string::npos)
      << printed;
  EXPECT_EQ(printed.find("print_config"), std::string::npos) << printed;

  Flags g = Reread(printed);
  for (const auto& name : kOptions) {
    if (name == "config") continue;  // not a file setting: printed commented out
    EXPECT_EQ(g.Get(name), f.Get(name)) << name;
    EXPECT_EQ(g.Has(name), f.Has(name)) << name;
  }
  // Read back again, the file's lines are the ones printed.
  EXPECT_NE(g.PrintConfig().find("listen = \"0.0.0.0:7443\"  # from: printed.toml:"),
            std::string::npos);
}

TEST(Flags, PrintConfigHidesPasswords) {
  struct Case {
    const char* dsn;
    const char* shown;
  } cases[] = {
      {"host=db user=k password=s3cret dbname=k", "host=db user=k password=<hidden> dbname=k"},
      {"host=db password = 'a b\\' c' dbname=k", "host=db password = <hidden> dbname=k"},
      {"postgresql://kakunin:s3cret@db:5432/k", "postgresql://kakunin:<hidden>@db:5432/k"},
      {"postgresql://db/k?user=u&password=s3cret&sslmode=require",
       "postgresql://db/k?user=u&password=<hidden>&sslmode=require"},
      {"host=/run/pg dbname=k", "host=/run/pg dbname=k"},  // nothing to hide
      {"just-a-secret", "<hidden>"},
  };
  for (const auto& c : cases) {
    Flags f = Make();
    ASSERT_TRUE(Parse(f, {std::string("--db=") + c.dsn}).ok());
    const std::string printed = f.PrintConfig();
    EXPECT_NE(printed.find("db = \"" + std::string(c.shown) + "\""), std::string::npos) << printed;
    EXPECT_EQ(printed.find("s3cret"), std::string::npos) << printed;
    Reread(printed);  // still valid TOML
  }
}

TEST(Flags, TemplateDocumentsEveryFileOptionAndChangesNothing) {
  Flags f = Make();
  const std::string text = f.ConfigTemplate("Test daemon configuration.\nSecond line.");
  EXPECT_EQ(text.rfind("# Test daemon configuration.\n# Second line.\n", 0), 0u) << text;
  EXPECT_NE(text.find("# PostgreSQL connection\n[database]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# most results in one transaction\n# default: 4000\n# batch_max = 4000\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# advertise = []\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# warning_days = [60, 30, 7, 1]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# log_json = false\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("config ="), std::string::npos) << text;
  EXPECT_EQ(text.find("print_config"), std::string::npos) << text;
  // Top-level settings come before the first table, or TOML would put them in it.
  EXPECT_LT(text.find("# listen ="), text.find("[database]"));
  EXPECT_LT(text.find("# log_json ="), text.find("[database]"));

  // As installed (all commented out) and with every setting uncommented: same values.
  Flags as_is = Reread(text);
  std::istringstream lines(text);
  std::string line, uncommented;
  int settings = 0;
  while (std::getline(lines, line)) {
    for (const auto& name : kOptions) {
      std::string key = name;
      for (auto& c : key) c = c == '-' ? '_' : c;
      if (line.rfind("# " + key + " = ", 0) == 0) {
        line = line.substr(2);
        ++settings;
      }
    }
    uncommented += line + "\n";
  }
  EXPECT_EQ(settings, 9);  // every option but --config (and --print-config)
  Flags all = Reread(uncommented);
  for (const auto& name : kOptions) {
    EXPECT_EQ(as_is.Get(name), f.Get(name)) << name;
    if (name == "log-json") {
      EXPECT_EQ(all.GetBool(name), f.GetBool(name));
    } else {
      EXPECT_EQ(all.Get(name), f.Get(name)) << name;
    }
  }
}

TEST(Flags, ConfigFileFromTheOptionOrItsDefault) {
  char dir_template[] = "/tmp/flags_test.XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string path = dir + "/k.toml";
  std::ofstream(path) << "listen = \"file:1\"\n";
  {
    Flags f("t", "t");
    f.Option("config", "FILE", "", dir + "/absent.toml").NotInFile().Option("listen", "A", "");
    ASSERT_TRUE(f.ApplyConfigFile("config").ok());  // the default file is optional
    EXPECT_NE(f.PrintConfig().find("# No configuration file was read."), std::string::npos);
  }
  {
    Flags f("t", "t");
    f.Option("config", "FILE", "", path).NotInFile().Option("listen", "A", "");
    ASSERT_TRUE(f.ApplyConfigFile("config").ok());
    EXPECT_EQ(f.Get("listen"), "file:1");
    EXPECT_EQ(f.Source("listen"), path + ":1");
    EXPECT_NE(f.PrintConfig().find("# Configuration file read: " + path), std::string::npos);
  }
  {
    Flags f("t", "t");
    f.Option("config", "FILE", "", path).NotInFile().Option("listen", "A", "");
    ASSERT_TRUE(Parse(f, {"--config", dir + "/absent.toml"}).ok());
    auto s = f.ApplyConfigFile("config");  // named: it must be there
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().reason(), "config.unreadable");
  }
  {
    Flags f("t", "t");
    f.Option("config", "FILE", "", path).NotInFile().Option("listen", "A", "");
    ASSERT_TRUE(Parse(f, {"--config="}).ok());  // empty: no file at all
    ASSERT_TRUE(f.ApplyConfigFile("config").ok());
    EXPECT_FALSE(f.Has("listen"));
  }
  std::filesystem::remove_all(dir);
}

// Help lines up its descriptions by columns, also after a value name with "…" in it.
TEST(Flags, HelpAlignsDescriptionsByColumnsNotBytes) {
  Flags f("t", "t");
  f.Option("advertise", "HOST:PORT,…", "addresses to hand out").Option("listen", "ADDRESS", "x");
  const std::string help = f.Help();
  const auto column_of = [&](const std::string& text) {
    const size_t at = help.find(text);
    const size_t line = help.rfind('\n', at) + 1;
    size_t columns = 0;
    for (size_t i = line; i < at; ++i) {
      if ((static_cast<unsigned char>(help[i]) & 0xC0) != 0x80) ++columns;
    }
    return columns;
  };
  EXPECT_EQ(column_of("addresses to hand out"), 30u) << help;
  EXPECT_EQ(column_of("x\n"), 30u) << help;
}

// A test hook is parsed like any option but not offered to the operator: not in --help, not in
// the template, and in --print-config only once something set it.
TEST(Flags, HiddenOptionsWorkButAreNotOffered) {
  Flags f("t", "t");
  f.Option("listen", "ADDRESS", "address", "127.0.0.1:1")
      .Option("pickup-delay-ms", "MS", "testing only", "0")
      .Int()
      .Hidden()
      .Bool("staged-only", "for comparison")
      .Hidden();
  EXPECT_EQ(f.Help().find("pickup-delay-ms"), std::string::npos) << f.Help();
  EXPECT_EQ(f.Help().find("staged-only"), std::string::npos) << f.Help();
  const std::string tmpl = f.ConfigTemplate("t");
  EXPECT_EQ(tmpl.find("pickup_delay_ms"), std::string::npos) << tmpl;
  EXPECT_EQ(tmpl.find("staged_only"), std::string::npos) << tmpl;
  EXPECT_EQ(f.PrintConfig().find("pickup_delay_ms"), std::string::npos) << f.PrintConfig();

  ASSERT_TRUE(Parse(f, {"--pickup-delay-ms", "250"}).ok());
  ASSERT_TRUE(f.ApplyConfig("staged_only = true\n", "t.toml").ok());
  EXPECT_EQ(*f.GetInt("pickup-delay-ms"), 250);
  EXPECT_TRUE(f.GetBool("staged-only"));
  const std::string printed = f.PrintConfig();
  EXPECT_NE(printed.find("\npickup_delay_ms = 250"), std::string::npos) << printed;
  EXPECT_NE(printed.find("\nstaged_only = true"), std::string::npos) << printed;
}

TEST(Flags, HelpAndGeneratedFilesAreJapaneseUnlessEnglishIsAsked) {
  InJapanese ja;
  Flags f("t --site ID", Localized("Issues a token.", "トークンを発行します。"));
  f.Option("site", "ID", Localized("site of the terminal", "端末の店舗"), "hq")
      .Section("database", Localized("PostgreSQL connection", "PostgreSQL への接続"))
      .Option("db", "DSN", Localized("connection string", "接続文字列"));
  const std::string help = f.Help();
  EXPECT_NE(help.find("使い方: t --site ID\n\nトークンを発行します。\n\nオプション:\n"),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("端末の店舗（既定値: hq）\n"), std::string::npos) << help;
  EXPECT_NE(help.find("この説明を表示する"), std::string::npos) << help;
  EXPECT_EQ(help.find("default"), std::string::npos) << help;

  const std::string file = f.ConfigTemplate(Localized("Test file.", "テスト用の設定ファイル。"));
  EXPECT_EQ(file.rfind("# テスト用の設定ファイル。\n", 0), 0u) << file;
  EXPECT_NE(file.find("# 端末の店舗\n# 既定値: hq\n# site = \"hq\"\n"), std::string::npos) << file;
  EXPECT_NE(file.find("# PostgreSQL への接続\n[database]\n"), std::string::npos) << file;
  EXPECT_NE(file.find("# 既定値: 未設定\n# db = \"\"\n"), std::string::npos) << file;
  Reread(file);  // still TOML, whatever the language of its comments

  ASSERT_TRUE(Parse(f, {"--db=host=x"}).ok());
  const std::string printed = f.PrintConfig();
  EXPECT_NE(printed.find("db = \"host=x\"  # 設定元: コマンドライン"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("# site = \"hq\"  # 設定元: 既定値"), std::string::npos) << printed;
  Reread(printed);

  SetHelpLanguage(Language::kEnglish);
  Flags en("t", Localized("Issues a token.", "トークンを発行します。"));
  EXPECT_NE(en.Help().find("Usage: t\n\nIssues a token.\n\nOptions:\n"), std::string::npos)
      << en.Help();
}

TEST(Flags, JapaneseCommentsWrapByColumnsAndKeepPunctuationOnItsLine) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("端末"), 4u);
  EXPECT_EQ(DisplayWidth("…"), 1u);
  EXPECT_EQ(DisplayWidth("（a）"), 5u);

  // Spaces are break points in English, as before.
  EXPECT_EQ(Wrap("one two three", 7), "one two\nthree");
  // Japanese breaks between characters, at most `width` columns a line.
  const std::string ja = Wrap("端末の証明書は期限の三十日前に更新されます。", 10);
  std::stringstream lines(ja);
  std::string line;
  std::string joined;
  while (std::getline(lines, line)) {
    EXPECT_LE(DisplayWidth(line), 10u) << ja;
    EXPECT_NE(line.rfind("。", 0), 0u) << ja;  // 。 never begins a line
    joined += line;
  }
  EXPECT_EQ(joined, "端末の証明書は期限の三十日前に更新されます。");
  // 。 goes to the next line with the character before it; （ with the one after it.
  EXPECT_EQ(Wrap("ああああ。", 8), "あああ\nあ。");
  EXPECT_EQ(Wrap("ああああ（い", 8), "ああああ\n（い");
  // Mixed text: an ASCII word is never split, whatever its neighbours.
  EXPECT_EQ(Wrap("値はkakunin-serverで", 10), "値は\nkakunin-server\nで");
  // Paragraphs and empty lines survive; a broken UTF-8 byte is carried, not dropped.
  EXPECT_EQ(Wrap("a\n\nb", 10), "a\n\nb");
  EXPECT_EQ(Wrap("x\xE3y", 10), "x\xE3y");
}

}  // namespace
}  // namespace kakunin::cli
