// kakunin-console: HQ's admin console. Thin main: options, translation, window.
#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "common/cli/flags.h"
#include "console/ui/main_window.h"

int main(int argc, char** argv) {
  kakunin::cli::Flags f("kakunin-console [options]",
                        "HQ's admin console. Japanese by default; --lang en for English.");
  f.Option("server", "HOST:PORT[,…]",
           "HQ's address; several replicas comma-separated (the console moves to the next "
           "when one cannot be reached)",
           "127.0.0.1:7443")
      .Option("ca", "FILE", "CA certificate that signed the server's certificate")
      .Option("lang", "LANG", "ja or en", "ja")
      .Option("login", "NAME", "fill in the user name")
      .Bool("password-stdin", "read the password from standard input and log in at once")
      .Option("screenshot", "FILE", "log in, load the results, save a PNG of the window and exit");
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << "kakunin-console: " << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  std::string ca_pem;
  if (f.Has("ca")) {
    std::ifstream in(f.Get("ca"));
    std::stringstream ss;
    ss << in.rdbuf();
    ca_pem = ss.str();
  }
  std::string password;
  if (f.GetBool("password-stdin")) std::getline(std::cin, password);

  int qargc = 1;
  QApplication app(qargc, argv);
  QTranslator translator;
  // Qt's own texts (standard buttons, context menus) come from qtbase_ja.qm, installed by
  // Debian's qt6-translations-l10n; without it they stay English, the rest is unaffected.
  QTranslator qt_translator;
  if (f.Get("lang") == "ja" && translator.load(QStringLiteral(":/i18n/kakunin_console_ja.qm"))) {
    app.installTranslator(&translator);
    if (qt_translator.load(QStringLiteral("qtbase_ja"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
      app.installTranslator(&qt_translator);
    }
  }
  app.setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));

  kakunin::console::MainWindow window(QString::fromStdString(f.Get("server")), ca_pem);
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
