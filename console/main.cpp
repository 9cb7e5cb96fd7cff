// kakunin-console: HQ's admin console. Thin main: options, translation, window.
#include <QApplication>
#include <QLocale>
#include <QTimer>
#include <QTranslator>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/core/version.h"
#include "console/ui/desk_settings.h"
#include "console/ui/language.h"
#include "console/ui/main_window.h"

namespace {
// Where an installation keeps HQ's CA certificate for the console started from the menu.
constexpr char kDefaultCaPath[] = "/etc/kakunin/ca.pem";
}  // namespace

int main(int argc, char** argv) {
  // `--lang en --help` explains in English.
  kakunin::cli::HelpLanguageFromArgs(argc, argv);
  kakunin::cli::Flags f(
      "kakunin-console [options]",
      kakunin::cli::Localized(
          "HQ's admin console. Japanese by default; --lang en for English.\n"
          "Exit codes: 0 closed normally, 1 --screenshot could not log in or load, "
          "2 usage (an unknown option, --lang other than ja or en, an unreadable --ca).",
          "本部の管理コンソールです。表示は日本語、--lang en で英語になります。\n"
          "終了コード: 0 正常に閉じた、1 --screenshot でログインか読み込みができなかった、"
          "2 指定の誤り（不明なオプション、ja と en 以外の --lang、読めない --ca）。"));
  f.Option(
       "server", "HOST:PORT[,…]",
       kakunin::cli::Localized(
           "HQ's address; several replicas comma-separated (the console moves to the next "
           "when one cannot be reached). Without it: the address of the last login that "
           "worked on this desk, else the default",
           "本部の宛先。複数のレプリカはコンマで区切る（つながらないときは次の宛先に移ります）。"
           "指定しなければ、この端末で最後にログインできた宛先、なければ既定値"),
       "127.0.0.1:7443")
      .Option("ca", "FILE",
              kakunin::cli::Localized(
                  "CA certificate that signed the server's certificate (HQ's ca.pem); default "
                  "/etc/kakunin/ca.pem when it exists",
                  "本部のサーバー証明書に署名した CA 証明書（本部の ca.pem）。指定しなければ、"
                  "あれば /etc/kakunin/ca.pem"))
      .Option("lang", "LANG", kakunin::cli::Localized("ja or en", "表示の言語: ja か en"), "ja")
      .Option("login", "NAME",
              kakunin::cli::Localized("fill in the user name", "ログイン名をあらかじめ入れておく"))
      .Bool("password-stdin",
            kakunin::cli::Localized("read the password from standard input and log in at once",
                                    "パスワードを標準入力から読み、すぐにログインする"))
      .Bool("version", kakunin::cli::Localized("print this program's release and exit",
                                               "このプログラムのバージョンを表示して終了する"))
      .Option(
          "screenshot", "FILE",
          kakunin::cli::Localized("log in, load the results, save a PNG of the window and exit",
                                  "ログインして確認結果を読み込み、画面を PNG に保存して終了する"));
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    // The parser's own words name the option and point to --help.
    std::cerr << "kakunin-console: " << s.error().message() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  if (f.GetBool("version")) {
    std::cout << "kakunin-console " << kakunin::kVersion << "\n";
    return 0;
  }
  // Refused before anything starts: an unknown language would silently show another one.
  const auto lang = kakunin::console::ConsoleLanguage(f.Get("lang"));
  if (!lang) {
    std::cerr << "kakunin-console: "
              << kakunin::cli::Localized(
                     "--lang is ja or en, not \"" + f.Get("lang") + "\"",
                     "--lang は ja か en です（指定: \"" + f.Get("lang") + "\"）")
              << "\n";
    return 2;
  }
  // HQ's CA: without it no server certificate verifies, and every login would fail as if the
  // network were down. A file named but unreadable is refused here, not ignored.
  std::string ca_pem;
  const std::string ca_path = f.Has("ca") ? f.Get("ca") : kDefaultCaPath;
  if (std::ifstream in(ca_path); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    ca_pem = ss.str();
  } else if (f.Has("ca")) {
    std::cerr << "kakunin-console: "
              << kakunin::cli::Localized("cannot read the CA certificate " + ca_path,
                                         "CA 証明書 " + ca_path + " を読めません")
              << "\n";
    return 2;
  }
  std::string password;
  if (f.GetBool("password-stdin")) std::getline(std::cin, password);

  int qargc = 1;
  QApplication app(qargc, argv);
  QTranslator translator;
  QTranslator qt_translator;
  if (!kakunin::console::InstallConsoleTranslations(*lang, translator, qt_translator)) {
    std::cerr << "kakunin-console: "
              << kakunin::cli::Localized(
                     "the " + lang->toStdString() + " translation is missing from this build",
                     "このビルドには " + lang->toStdString() + " の翻訳が入っていません")
              << "\n";
  }
  app.setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));

  // The desktop menu starts the console with no --server: the address of the last login that
  // worked on this desk, not 127.0.0.1, which only the server host itself can use.
  QSettings desk(QStringLiteral("Kakunin"), QStringLiteral("console"));
  const QString server = kakunin::console::InitialServer(desk, f.Has("server"),
                                                         QString::fromStdString(f.Get("server")));
  kakunin::console::MainWindow window(server, ca_pem);
  // Scripted runs (--screenshot) leave the desk's settings alone.
  if (!f.Has("screenshot")) {
    QObject::connect(&window, &kakunin::console::MainWindow::loggedIn, &window,
                     [&] { kakunin::console::RememberServer(desk, window.server()); });
  }
  window.SetCredentials(QString::fromStdString(f.Get("login")), QString::fromStdString(password));
  window.show();
  int exit_code = 0;
  if (f.Has("screenshot")) {
    QString path = QString::fromStdString(f.Get("screenshot"));
    // The picture is taken once both the results and the dashboard's figures are in: a
    // dashboard grabbed before its data shows only dashes.
    auto results = std::make_shared<int>(-1);
    auto dashboard = std::make_shared<bool>(false);
    auto grab_when_ready = [&, path, results, dashboard] {
      if (*results < 0 || !*dashboard) return;
      std::cout << "rows: " << *results << "\n";
      // The labels and charts just filled are laid out when their posted layout requests run:
      // grabbed before, the "updated" time showed as "20".
      QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
      window.grab().save(path);
      app.quit();
    };
    QObject::connect(&window, &kakunin::console::MainWindow::resultsLoaded,
                     [results, grab_when_ready](int rows) {
                       *results = rows;
                       grab_when_ready();
                     });
    QObject::connect(window.dashboard_page(), &kakunin::console::DashboardPage::loaded,
                     [dashboard, grab_when_ready] {
                       *dashboard = true;
                       grab_when_ready();
                     });
    // A role without the dashboard (or a dashboard that failed) does not hold the picture back.
    QObject::connect(window.dashboard_page(), &kakunin::console::DashboardPage::failed,
                     [dashboard, grab_when_ready](const QString&) {
                       *dashboard = true;
                       grab_when_ready();
                     });
    QObject::connect(&window, &kakunin::console::MainWindow::loggedIn,
                     [&window, dashboard, grab_when_ready] {
                       using kakunin::console::MainWindow;
                       if (!window.tabs()->isTabEnabled(MainWindow::kDashboardTab)) {
                         *dashboard = true;
                         grab_when_ready();
                       }
                     });
    QObject::connect(&window, &kakunin::console::MainWindow::failed, [&, path](const QString& msg) {
      std::cerr << "kakunin-console: " << msg.toStdString() << "\n";
      window.grab().save(path);
      exit_code = 1;
      app.quit();
    });
  }
  if (f.GetBool("password-stdin"))
    QTimer::singleShot(0, &window, &kakunin::console::MainWindow::StartLogin);
  int rc = app.exec();
  return exit_code ? exit_code : rc;
}
