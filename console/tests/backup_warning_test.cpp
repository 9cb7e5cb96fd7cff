// What HQ's administrators read on the dashboard about HQ's own backups, in Japanese: nothing
// while the newest is under two days old (or when the dashboard carries no backup: another
// role, an older server), a warning with the days and what to do from two days, and another
// when none was ever taken. The Dashboard page shows it above the tiles from what GetDashboard
// answers, through a fake client (the one seam faked here), and hides it once a backup is fresh.
#include "console/models/backup_warning.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QDateTime>
#include <QSignalSpy>
#include <QTranslator>
#include <memory>
#include <mutex>
#include <optional>

#include "console/ui/dashboard_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;
// 2026-12-07 12:00 JST.
constexpr int64_t kNow = 1796612400;

v1::Dashboard WithBackup(std::optional<int64_t> finished_at) {
  v1::Dashboard d;
  auto* b = d.mutable_last_backup();
  if (finished_at) {
    b->mutable_finished_at()->set_seconds(*finished_at);
    b->set_folder("/var/backups/kakunin/kakunin-20261204-183000");
    b->set_host("hq1");
    b->set_bytes(123456);
  }
  return d;
}

// Answers GetDashboard with whatever dashboard the test set last.
class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {}
  Result<v1::ListSitesResponse> ListSites() override { return v1::ListSitesResponse(); }
  Result<v1::Dashboard> GetDashboard(const v1::GetDashboardRequest&) override {
    std::lock_guard lock(mu_);
    return dashboard_;
  }
  void Answer(v1::Dashboard d) {
    std::lock_guard lock(mu_);
    dashboard_ = std::move(d);
  }

 private:
  std::mutex mu_;
  v1::Dashboard dashboard_;
};

class BackupWarningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "backup_warning_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    QLocale::setDefault(QLocale(QLocale::Japanese, QLocale::Japan));
  }
  static QApplication* app_;
};
QApplication* BackupWarningTest::app_ = nullptr;

TEST_F(BackupWarningTest, NothingWhileTheNewestIsUnderTwoDaysOrNoneIsCarried) {
  EXPECT_TRUE(BackupWarning::Text(v1::Dashboard(), kNow).isEmpty());  // a branch manager's
  EXPECT_TRUE(BackupWarning::Text(WithBackup(kNow - 3600), kNow).isEmpty());
  EXPECT_TRUE(BackupWarning::Text(WithBackup(kNow - 47 * 3600 - 3599), kNow).isEmpty());
  // A server clock ahead of this PC's: a backup "in the future" is not old.
  EXPECT_TRUE(BackupWarning::Text(WithBackup(kNow + 600), kNow).isEmpty());
}

TEST_F(BackupWarningTest, FromTwoDaysTheDaysAndWhatToDo) {
  const QString two = BackupWarning::Text(WithBackup(kNow - 48 * 3600), kNow);
  EXPECT_TRUE(two.startsWith(QStringLiteral("最後のバックアップは2日前です（")))
      << two.toStdString();
  const QString three = BackupWarning::Text(WithBackup(kNow - 3 * 86400 - 7200), kNow);
  EXPECT_TRUE(
      three.startsWith(QStringLiteral("最後のバックアップは3日前です（2026年12月4日 10:00）。")))
      << three.toStdString();
  EXPECT_TRUE(three.contains(QStringLiteral("夜間のバックアップが失敗しています。")))
      << three.toStdString();
  EXPECT_TRUE(three.contains(QStringLiteral("journalctl -u kakunin-backup")))
      << three.toStdString();
  EXPECT_TRUE(three.contains(QStringLiteral("/etc/kakunin/backup.pass"))) << three.toStdString();
}

TEST_F(BackupWarningTest, NoneEverTaken) {
  const QString never = BackupWarning::Text(WithBackup(std::nullopt), kNow);
  EXPECT_TRUE(never.startsWith(QStringLiteral("バックアップがまだ一度も取られていません。")))
      << never.toStdString();
  EXPECT_TRUE(never.contains(QStringLiteral("/etc/kakunin/backup.pass"))) << never.toStdString();
  EXPECT_TRUE(never.contains(QStringLiteral("journalctl -u kakunin-backup")))
      << never.toStdString();
}

TEST_F(BackupWarningTest, TheDashboardShowsItAboveTheTilesAndHidesItWhenFresh) {
  auto client = std::make_shared<FakeClient>();
  client->Answer(WithBackup(std::nullopt));
  DashboardPage page;
  page.SetRefreshInterval(std::chrono::milliseconds(0));
  QSignalSpy loaded(&page, &DashboardPage::loaded);
  page.SetSession(client);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_FALSE(page.backup_label()->isHidden());
  EXPECT_TRUE(page.backup_label()->text().startsWith(
      QStringLiteral("バックアップがまだ一度も取られていません。")))
      << page.backup_label()->text().toStdString();

  const int64_t now = QDateTime::currentSecsSinceEpoch();
  client->Answer(WithBackup(now - 5 * 86400 - 60));
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_FALSE(page.backup_label()->isHidden());
  EXPECT_TRUE(
      page.backup_label()->text().startsWith(QStringLiteral("最後のバックアップは5日前です")))
      << page.backup_label()->text().toStdString();

  client->Answer(WithBackup(now - 3600));
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_TRUE(page.backup_label()->isHidden());
  EXPECT_TRUE(page.backup_label()->text().isEmpty());
}

}  // namespace
}  // namespace kakunin::console
