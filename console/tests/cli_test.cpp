// The kakunin-console binary's --lang: only ja or en (any case); anything else is refused with a
// message and exit code 2 before a window opens, and --help says so. The languages it loads,
// through the same function main() calls: English from its own .qm, so counts read "1 site" and
// "2 sites", never "1 site(s)"; Japanese as before.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTranslator>

#include "common/os/process.h"
#include "console/ui/desk_settings.h"
#include "console/ui/language.h"

QT_BEGIN_NAMESPACE
// Failures print the text, not its UTF-16 code units.
inline void PrintTo(const QString& s, std::ostream* os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

namespace kakunin::console {
namespace {

os::CommandOutput RunConsole(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {KAKUNIN_CONSOLE_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  auto run =
      os::RunCommand(argv, {{"QT_QPA_PLATFORM", "offscreen"}}, "", false, std::chrono::seconds(30));
  EXPECT_TRUE(run.ok()) << run.error().ToString();
  return run.ok() ? *run : os::CommandOutput{};
}

TEST(ConsoleCliTest, UnknownLanguageIsRefusedWithExitCode2) {
  for (const char* lang : {"fr", "jp", "", "ja_JP", "english"}) {
    const auto run = RunConsole({"--lang", lang});
    EXPECT_EQ(run.exit_code, 2) << lang << "\n" << run.output << run.error_output;
    EXPECT_NE(run.error_output.find("--lang は ja か en です"), std::string::npos)
        << lang << ": " << run.error_output;
  }
}

// A CA file named but unreadable is refused before a window opens: ignored, every login would
// fail as if the network were down.
TEST(ConsoleCliTest, AnUnreadableCaIsRefusedWithExitCode2) {
  const auto run = RunConsole({"--ca", "/nonexistent/kakunin/ca.pem"});
  EXPECT_EQ(run.exit_code, 2) << run.output << run.error_output;
  EXPECT_NE(run.error_output.find("CA 証明書 /nonexistent/kakunin/ca.pem を読めません"),
            std::string::npos)
      << run.error_output;
}

// Japanese like the window; `--lang en` explains in English.
TEST(ConsoleCliTest, HelpNamesTheExitCodes) {
  const auto run = RunConsole({"--help"});
  EXPECT_EQ(run.exit_code, 0) << run.error_output;
  EXPECT_NE(run.output.find("終了コード: 0 正常に閉じた、1 --screenshot"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("2 指定の誤り"), std::string::npos) << run.output;
  const auto english = RunConsole({"--lang", "en", "--help"});
  EXPECT_EQ(english.exit_code, 0) << english.error_output;
  EXPECT_NE(english.output.find("Exit codes: 0 closed normally, 1 --screenshot"), std::string::npos)
      << english.output;
  EXPECT_NE(english.output.find("2 usage"), std::string::npos) << english.output;
}

// Started from the desktop menu (no --server), the console offers the address of the last login
// that worked on this desk (a newcomer retyped HQ's address at every start); --server still wins;
// what is not an address is not kept.
TEST(ConsoleDeskSettings, TheLastGoodServerIsOfferedNextTime) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  QSettings desk(dir.filePath(QStringLiteral("console.conf")), QSettings::IniFormat);
  const QString fallback = QStringLiteral("127.0.0.1:7443");
  EXPECT_EQ(InitialServer(desk, false, fallback), fallback);
  RememberServer(desk, QStringLiteral("hq1.example.jp:7443,hq2.example.jp:7443"));
  QSettings again(dir.filePath(QStringLiteral("console.conf")), QSettings::IniFormat);
  EXPECT_EQ(InitialServer(again, false, fallback),
            QStringLiteral("hq1.example.jp:7443,hq2.example.jp:7443"));
  EXPECT_EQ(InitialServer(again, true, QStringLiteral("10.0.0.5:7443")),
            QStringLiteral("10.0.0.5:7443"));
  RememberServer(again, QStringLiteral("hq.example.jp:7443\nrm -rf"));
  RememberServer(again, QString(1001, QLatin1Char('a')));
  EXPECT_EQ(InitialServer(again, false, fallback),
            QStringLiteral("hq1.example.jp:7443,hq2.example.jp:7443"));
}

TEST(ConsoleLanguageTest, OnlyJapaneseOrEnglishInAnyCase) {
  EXPECT_EQ(ConsoleLanguage("ja"), QStringLiteral("ja"));
  EXPECT_EQ(ConsoleLanguage("JA"), QStringLiteral("ja"));
  EXPECT_EQ(ConsoleLanguage("En"), QStringLiteral("en"));
  for (const char* other : {"fr", "", "ja ", "ja_JP", "e"}) {
    EXPECT_EQ(ConsoleLanguage(other), std::nullopt) << other;
  }
}

QString Sites(int n) {
  return QCoreApplication::translate("kakunin::console::SitesPage", "%n site(s)", nullptr, n);
}
QString Terminals(int n) {
  return QCoreApplication::translate("kakunin::console::TerminalsPage", "%n terminal(s)", nullptr,
                                     n);
}

class ConsoleTranslationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "console_cli_test";
    static char* argv[] = {name};
    app_ = new QCoreApplication(argc, argv);
  }
  static QCoreApplication* app_;
};
QCoreApplication* ConsoleTranslationTest::app_ = nullptr;

TEST_F(ConsoleTranslationTest, EnglishCountsInTheRightNumber) {
  QTranslator console;
  QTranslator qt;
  ASSERT_TRUE(InstallConsoleTranslations(QStringLiteral("en"), console, qt));
  EXPECT_EQ(Sites(1), QStringLiteral("1 site"));
  EXPECT_EQ(Sites(55), QStringLiteral("55 sites"));
  EXPECT_EQ(Terminals(1), QStringLiteral("1 terminal"));
  EXPECT_EQ(Terminals(2), QStringLiteral("2 terminals"));
  EXPECT_TRUE(qt.isEmpty());  // Qt's own Japanese only for Japanese
  QCoreApplication::removeTranslator(&console);
}

TEST_F(ConsoleTranslationTest, JapaneseAsBefore) {
  QTranslator console;
  QTranslator qt;
  ASSERT_TRUE(InstallConsoleTranslations(QStringLiteral("ja"), console, qt));
  EXPECT_EQ(console.language(), QStringLiteral("ja_JP"));
  EXPECT_EQ(Sites(3), QStringLiteral("店舗 3 件")) << Sites(3).toStdString();
  QCoreApplication::removeTranslator(&console);
  QCoreApplication::removeTranslator(&qt);
}

}  // namespace
}  // namespace kakunin::console
