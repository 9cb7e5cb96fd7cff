// The staff window against the real daemon: `kakunin-station`'s window and gRPC client over
// the Unix socket of a real `kakunin-agent run`, which reads the virtual My Number Card on a
// real pcscd, asks the eligibility emulator and delivers to HQ on PostgreSQL. What it proves:
// - the window follows the daemon's status (HQ connection, reader) as the daemon reports it;
// - a card placed on the reader starts the check by itself, the result card shows the
//   patient as the service answered, and the check is listed for re-viewing;
// - the result card is in words: no ATR, APDU count or 区分 code outside the support details;
// - the daemon's answer is the one HQ stores (same check id, delivered, queue back to 0).
// The screenshot (Japanese) lands in <build>/artifacts/station/real_daemon_result.png.

#include <QApplication>
#include <QFont>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <filesystem>

#include "agent/station/client/station_backend.h"
#include "agent/station/ui/result_card.h"
#include "agent/station/ui/station_window.h"
#include "tests/agent/daemon_card_fixture.h"

namespace kakunin::testing {
namespace {

constexpr int kWaitMs = 60000;

class StationWithDaemon : public DaemonCard {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "station_daemon_e2e_test";
    static char* argv[] = {name};
    if (QApplication::instance()) return;
    auto* app = new QApplication(argc, argv);
    auto* ja = new QTranslator(app);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_station_ja.qm")));
    app->installTranslator(ja);
    app->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 11));
  }

  // Every label's text under `root`, so that what staff read can be asserted.
  static QString VisibleText(const QWidget* root) {
    QString all;
    for (const QLabel* label : root->findChildren<QLabel*>()) {
      if (label->isVisible()) all += label->text() + QLatin1Char('\n');
    }
    return all;
  }
};

TEST_F(StationWithDaemon, CardOnTheReaderShowsTheServiceAnswerAndHqStoresIt) {
  station::StationWindow window(station::MakeGrpcStationBackend(agent_->socket_path()));
  window.resize(1366, 900);
  window.show();
  window.Start();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        return window.have_status() && window.status().connected() &&
               window.status().reader_status() == "ready";
      },
      kWaitMs))
      << window.status().DebugString();
  EXPECT_TRUE(window.connection_label()->text().contains(QStringLiteral("接続中")))
      << window.connection_label()->text().toStdString();

  QSignalSpy shown(&window, &station::StationWindow::resultShown);
  InsertCard();
  // The window starts the check itself when the card arrives (ready → card_present).
  ASSERT_TRUE(QTest::qWaitFor([&] { return shown.size() == 1; }, kWaitMs)) << agent_->ReadLog();
  const auto result = shown.at(0).at(0).value<v1::CheckResult>();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(result.mode(), v1::IDENTITY_MODE_VISUAL);  // HQ's default for the site
  EXPECT_EQ(result.eligibility().name(), "山田 太郎");
  ASSERT_TRUE(window.result_card()->isVisible());
  const QString text = VisibleText(window.result_card());
  EXPECT_TRUE(text.contains(QStringLiteral("山田 太郎"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("06139992"))) << text.toStdString();
  // Words for people; the 区分 code, ATR and APDU counts wait in the closed support details.
  for (const char* code : {"ATR", "APDU", "区分"}) {
    EXPECT_FALSE(text.contains(QString::fromUtf8(code))) << code << " in:\n" << text.toStdString();
  }
  EXPECT_TRUE(text.contains(QStringLiteral("被用者保険"))) << text.toStdString();
  ASSERT_TRUE(QTest::qWaitFor([&] { return window.recent_model()->rowCount() == 1; }, kWaitMs));

  const std::string dir = KAKUNIN_STATION_ARTIFACT_DIR;
  std::filesystem::create_directories(dir);
  EXPECT_TRUE(window.grab().save(QString::fromStdString(dir + "/real_daemon_result.png")));

  auto drained = agent_->WaitStatus(
      [](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong);
  ASSERT_TRUE(drained.ok()) << drained.error().ToString();
  auto stored = rig_->pg().Psql("kakunin", "SELECT check_id FROM check_results");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->substr(0, stored->find('\n')), result.check_id());
}

}  // namespace
}  // namespace kakunin::testing
