// kakunin-station: the staff counter window. This first version shows the counter layout and
// the reader state read through PC/SC; checks run through the agent daemon in a later issue.
#include <QApplication>
#include <QFont>
#include <QLabel>
#include <QTimer>
#include <QTranslator>
#include <QVBoxLayout>
#include <QWidget>
#include <iostream>

#include "agent/card/pcsc.h"
#include "common/cli/flags.h"

namespace kakunin::station {

class StationWindow : public QWidget {
  Q_OBJECT
 public:
  StationWindow() {
    setWindowTitle(tr("Kakunin Station"));
    auto* layout = new QVBoxLayout(this);
    prompt_ = new QLabel(tr("Place the card on the reader"));
    prompt_->setStyleSheet(QStringLiteral("font-size: 22pt; font-weight: bold;"));
    reader_ = new QLabel;
    layout->addWidget(prompt_);
    layout->addWidget(reader_);
    resize(800, 300);
    UpdateReader();
  }

 private:
  void UpdateReader() {
    auto ctx = kakunin::card::PcscContext::Establish();
    if (!ctx.ok()) {
      reader_->setText(tr("The card service is not running. Call your administrator."));
      return;
    }
    auto reader = (*ctx)->ChooseReader(std::nullopt);
    reader_->setText(reader.ok() ? tr("Reader: %1").arg(QString::fromStdString(*reader))
                                 : tr("No card reader is connected. Check the USB cable."));
  }
  QLabel* prompt_;
  QLabel* reader_;
};

}  // namespace kakunin::station

int main(int argc, char** argv) {
  kakunin::cli::Flags f("kakunin-station [options]",
                        "The staff counter window (Japanese by default).");
  f.Option("lang", "LANG", "ja or en", "ja").Option("screenshot", "FILE", "save a PNG and exit");
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << "kakunin-station: " << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  int qargc = 1;
  QApplication app(qargc, argv);
  QTranslator translator;
  if (f.Get("lang") == "ja" && translator.load(QStringLiteral(":/i18n/kakunin_station_ja.qm"))) {
    app.installTranslator(&translator);
  }
  app.setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 11));
  kakunin::station::StationWindow w;
  w.show();
  if (f.Has("screenshot")) {
    QString path = QString::fromStdString(f.Get("screenshot"));
    QTimer::singleShot(0, [&w, &app, path] {
      w.grab().save(path);
      app.quit();
    });
  }
  return app.exec();
}

#include "main.moc"
