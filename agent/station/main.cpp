// kakunin-station: the staff counter window. Thin main: options, translation, window. The window
// talks only to the local agent daemon (kakunin-agent run) over its Unix socket.
#include <QApplication>
#include <QFont>
#include <QLibraryInfo>
#include <QScreen>
#include <QTimer>
#include <QTranslator>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "agent/station/client/station_backend.h"
#include "agent/station/ui/single_instance.h"
#include "agent/station/ui/station_window.h"
#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/core/version.h"

namespace {

// The installed daemon's socket (SystemSocket() in agent/daemon/install_paths.h); staff
// accounts reach it through the kakunin-agent group.
constexpr char kDefaultSocket[] = "/run/kakunin-agent/agent.sock";

// --screenshot: save the window once the daemon's status and the recent list arrived (exit 0),
// or after 10 s without them (exit 1; the picture then shows why).
void ArmScreenshot(QApplication& app, kakunin::station::StationWindow& w, const QString& path,
                   int* exit_code) {
  using kakunin::station::StationWindow;
  struct Seen {
    bool status = false, recent = false, saved = false;
  };
  auto seen = std::make_shared<Seen>();
  auto save = [&app, &w, path, exit_code, seen](int code) {
    if (seen->saved) return;
    seen->saved = true;
    // Flush the layout requests of texts that just changed (they travel one level per event).
    for (int i = 0; i < 8; ++i) QCoreApplication::sendPostedEvents();
    w.grab().save(path);
    *exit_code = code;
    app.quit();
  };
  auto maybe = [seen, save] {
    if (seen->status && seen->recent) save(0);
  };
  QObject::connect(&w, &StationWindow::statusApplied, &w, [seen, maybe] {
    seen->status = true;
    maybe();
  });
  QObject::connect(&w, &StationWindow::recentLoaded, &w, [seen, maybe](int) {
    seen->recent = true;
    maybe();
  });
  QTimer::singleShot(10000, &w, [save] { save(1); });
}

}  // namespace

int main(int argc, char** argv) {
  // `--lang en --help` explains in English.
  kakunin::cli::HelpLanguageFromArgs(argc, argv);
  kakunin::cli::Flags f(
      "kakunin-station [options]",
      kakunin::cli::Localized(
          "The staff counter window (Japanese by default; --lang en for English).\n"
          "Talks to the local agent daemon (kakunin-agent run) over its socket.\n"
          "One window per user and daemon: starting it again brings the open one to the front.\n"
          "Exit codes: 0 closed normally (or brought the open window forward), 1 --screenshot\n"
          "without the daemon, 2 usage.",
          "受付の職員画面です（表示は日本語、--lang en で英語）。\n"
          "この端末の常駐サービス（kakunin-agent run）とソケットでつながります。\n"
          "利用者と常駐サービスごとに 1 つの画面です。もう一度起動すると、開いている画面が"
          "前面に出ます。\n終了コード: 0 正常に閉じた（または開いている画面を前面に出した）、"
          "1 常駐サービスなしで --screenshot、\n2 指定の誤り。"));
  f.Option("socket", "PATH",
           kakunin::cli::Localized("the agent daemon's Unix socket (env KAKUNIN_AGENT_SOCKET)",
                                   "常駐サービスのソケット（環境変数 KAKUNIN_AGENT_SOCKET）"),
           kDefaultSocket)
      .Option("lang", "LANG", kakunin::cli::Localized("ja or en", "表示の言語: ja か en"), "ja")
      .Bool("version", kakunin::cli::Localized("print this program's release and exit",
                                               "このプログラムのバージョンを表示して終了する"))
      .Option("screenshot", "FILE",
              kakunin::cli::Localized("save a PNG of the window once connected, and exit",
                                      "つながったら画面を PNG に保存して終了する"));
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    // The parser's own words name the option and point to --help.
    std::cerr << "kakunin-station: " << s.error().message() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  if (f.GetBool("version")) {
    std::cout << "kakunin-station " << kakunin::kVersion << "\n";
    return 0;
  }
  const std::string lang = f.Get("lang");
  if (lang != "ja" && lang != "en") {
    std::cerr << "kakunin-station: "
              << kakunin::cli::Localized("--lang is ja or en", "--lang は ja か en です") << "\n";
    return 2;
  }
  int qargc = 1;
  QApplication app(qargc, argv);
  QTranslator translator;
  // English needs its .qm too, for the plural forms of the counts.
  if (translator.load(
          QStringLiteral(":/i18n/kakunin_station_%1.qm").arg(QString::fromStdString(lang)))) {
    app.installTranslator(&translator);
  }
  // Qt's own texts (standard buttons, context menus) come from qtbase_ja.qm, installed by
  // Debian's qt6-translations-l10n; without it they stay English, the rest is unaffected.
  QTranslator qt_translator;
  if (lang == "ja" && qt_translator.load(QStringLiteral("qtbase_ja"),
                                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    app.installTranslator(&qt_translator);
  }
  app.setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 11));
  const std::string socket = f.GetOrEnv("socket", "KAKUNIN_AGENT_SOCKET");
  // A screenshot is a picture, not a counter: it may be taken beside an open window.
  kakunin::station::SingleInstance instance(QString::fromStdString(socket));
  if (!f.Has("screenshot") && !instance.Claim()) {
    std::cerr << "kakunin-station: the staff window is already open; it was asked to come to the "
                 "front\n";
    return 0;
  }
  kakunin::station::StationWindow w(kakunin::station::MakeGrpcStationBackend(socket));
  QObject::connect(&instance, &kakunin::station::SingleInstance::activationRequested, &w, [&w] {
    // Out of the taskbar, as it was (a maximised window stays maximised).
    w.setWindowState((w.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    w.show();
    w.raise();
    w.activateWindow();
    std::cerr << "kakunin-station: brought to the front by a second start\n";
  });
  int exit_code = 0;
  if (f.Has("screenshot")) {
    ArmScreenshot(app, w, QString::fromStdString(f.Get("screenshot")), &exit_code);
  }
  // A counter laptop's screen (1366×768) is smaller than the window's first size: it opens
  // maximised instead of running past the screen's bottom, under the taskbar.
  const QScreen* screen = w.screen();
  const QSize room = screen ? screen->availableGeometry().size() : w.size();
  if (!f.Has("screenshot") && (w.width() > room.width() || w.height() > room.height())) {
    w.showMaximized();
  } else {
    w.show();
  }
  w.Start();
  if (!f.Has("screenshot")) std::cerr << "kakunin-station: the staff window is open\n";
  int rc = app.exec();
  return exit_code ? exit_code : rc;
}
