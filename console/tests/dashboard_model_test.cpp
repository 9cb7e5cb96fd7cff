// The dashboard's folding of GetDashboard buckets: whole Japanese hours and days with empty
// ones kept, modes summed, buckets outside the range ignored; one row per site from the
// server's site totals (or, from a server before issue 18, from buckets per site); the
// dashboard models obey Qt's model contract (QAbstractItemModelTester) and speak Japanese (hour
// and day labels, deadlines with the days left and yen amounts, the per-site table).
#include "console/models/dashboard_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTranslator>

namespace kakunin::console {
namespace {

// 2026-11-23 00:00 JST = 2026-11-22 15:00 UTC.
constexpr int64_t kMidnightJst = 1795359600;

v1::Dashboard::Bucket Bucket(int64_t start, const std::string& site, v1::IdentityMode mode,
                             uint64_t checks, uint64_t failures, uint64_t fallbacks) {
  v1::Dashboard::Bucket b;
  b.mutable_start()->set_seconds(start);
  b.set_site_id(site);
  b.set_mode(mode);
  b.set_checks(checks);
  b.set_failures(failures);
  b.set_fallbacks(fallbacks);
  return b;
}

class DashboardModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "dashboard_model_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    QLocale::setDefault(QLocale(QLocale::Japanese, QLocale::Japan));
  }
  static QApplication* app_;
};
QApplication* DashboardModelTest::app_ = nullptr;

TEST_F(DashboardModelTest, HoursAreWholeAndEmptyHoursStay) {
  // Sites folded by the server (site_id empty), and one row per site and mode for the range.
  v1::Dashboard d;
  const int64_t h9 = kMidnightJst + 9 * 3600;
  *d.add_buckets() = Bucket(h9, "", v1::IDENTITY_MODE_VISUAL, 4, 1, 0);
  *d.add_buckets() = Bucket(h9, "", v1::IDENTITY_MODE_PIN, 2, 0, 1);
  *d.add_buckets() = Bucket(h9 + 2 * 3600, "", v1::IDENTITY_MODE_PIN, 3, 0, 0);
  *d.add_buckets() = Bucket(h9 - 3600, "", v1::IDENTITY_MODE_PIN, 99, 0, 0);  // before
  *d.add_site_totals() = Bucket(h9 + 1200, "ekimae", v1::IDENTITY_MODE_PIN, 2, 0, 1);
  *d.add_site_totals() = Bucket(h9 + 1200, "honcho", v1::IDENTITY_MODE_VISUAL, 4, 1, 0);
  *d.add_site_totals() = Bucket(h9 + 1200, "honcho", v1::IDENTITY_MODE_PIN, 3, 0, 0);
  // From 09:20 to 12:00: hours 9, 10 and 11.
  auto s = FoldDashboard(d, h9 + 1200, h9 + 3 * 3600, true);
  ASSERT_EQ(s.starts, (std::vector<int64_t>{h9, h9 + 3600, h9 + 7200}));
  EXPECT_EQ(s.checks, (std::vector<uint64_t>{6, 0, 3}));
  EXPECT_EQ(s.visual, (std::vector<uint64_t>{4, 0, 0}));
  EXPECT_EQ(s.pin, (std::vector<uint64_t>{2, 0, 3}));
  ASSERT_EQ(s.sites.size(), 2u);
  EXPECT_EQ(s.sites[0].site_id, "ekimae");
  EXPECT_EQ(s.sites[0].checks, 2u);
  EXPECT_EQ(s.sites[0].pin, 2u);
  EXPECT_EQ(s.sites[0].fallbacks, 1u);
  EXPECT_EQ(s.sites[1].site_id, "honcho");
  EXPECT_EQ(s.sites[1].checks, 7u);
  EXPECT_EQ(s.sites[1].visual, 4u);
  EXPECT_EQ(s.sites[1].pin, 3u);
  EXPECT_EQ(s.sites[1].failures, 1u);
  EXPECT_EQ(s.total_checks, 9u);
  EXPECT_EQ(s.total_failures, 1u);
  EXPECT_EQ(s.total_fallbacks, 1u);
  EXPECT_EQ(s.face_reader, (std::vector<uint64_t>{0, 0, 0}));
  EXPECT_DOUBLE_EQ(Percent(1, 4), 25.0);
  EXPECT_DOUBLE_EQ(Percent(0, 0), 0.0);
}

// A server before issue 18 sends buckets per site and no site totals: the sites' rows are
// summed from the buckets within the range, and the buckets by time are the same.
TEST_F(DashboardModelTest, SitesFromBucketsPerSiteOfAnOlderServer) {
  v1::Dashboard d;
  const int64_t h9 = kMidnightJst + 9 * 3600;
  *d.add_buckets() = Bucket(h9, "honcho", v1::IDENTITY_MODE_VISUAL, 4, 1, 0);
  *d.add_buckets() = Bucket(h9, "ekimae", v1::IDENTITY_MODE_PIN, 2, 0, 1);
  *d.add_buckets() = Bucket(h9 + 2 * 3600, "honcho", v1::IDENTITY_MODE_PIN, 3, 0, 0);
  *d.add_buckets() = Bucket(h9 - 3600, "honcho", v1::IDENTITY_MODE_PIN, 99, 0, 0);  // before
  auto s = FoldDashboard(d, h9 + 1200, h9 + 3 * 3600, true);
  EXPECT_EQ(s.checks, (std::vector<uint64_t>{6, 0, 3}));
  ASSERT_EQ(s.sites.size(), 2u);
  EXPECT_EQ(s.sites[0].site_id, "ekimae");
  EXPECT_EQ(s.sites[0].checks, 2u);
  EXPECT_EQ(s.sites[1].site_id, "honcho");
  EXPECT_EQ(s.sites[1].checks, 7u);
}

TEST_F(DashboardModelTest, DaysStartAtJapaneseMidnight) {
  // 08:00 JST on the 23rd is still the 22nd in UTC; its day bucket is the 23rd's.
  auto s = FoldDashboard({}, kMidnightJst + 8 * 3600 - 2 * 86400, kMidnightJst + 8 * 3600, false);
  ASSERT_EQ(s.starts.size(), 3u);
  EXPECT_EQ(s.starts.back(), kMidnightJst);
  for (auto t : s.starts) EXPECT_EQ((t + 9 * 3600) % 86400, 0);
  EXPECT_EQ(DashboardModel::BucketLabel(kMidnightJst, false), QStringLiteral("11/23(月)"));
  EXPECT_EQ(DashboardModel::BucketLabel(kMidnightJst + 14 * 3600, true),
            QStringLiteral("11/23 14時"));
}

TEST_F(DashboardModelTest, ModelsKeepTheContractAndSpeakJapanese) {
  DashboardModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  v1::Dashboard d;
  *d.add_buckets() = Bucket(kMidnightJst + 9 * 3600, "honcho", v1::IDENTITY_MODE_VISUAL, 8, 1, 2);
  model.SetSeries(FoldDashboard(d, kMidnightJst + 8 * 3600, kMidnightJst + 11 * 3600, true));
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.headerData(DashboardModel::kTime, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("時間帯"));
  EXPECT_EQ(model.index(1, DashboardModel::kChecks).data().toULongLong(), 8u);
  EXPECT_EQ(model.index(1, DashboardModel::kFailureRate).data().toString(),
            QStringLiteral("12.5 %"));
  EXPECT_EQ(model.index(1, DashboardModel::kFallbackRate).data().toString(),
            QStringLiteral("25.0 %"));
  // Face-reader checks are a mode of their own; names with 外字 are counted per bucket.
  auto face = Bucket(kMidnightJst + 10 * 3600, "honcho", v1::IDENTITY_MODE_FACE_READER, 5, 0, 0);
  face.set_names_unrepresentable(2);
  *d.add_buckets() = face;
  model.SetSeries(FoldDashboard(d, kMidnightJst + 8 * 3600, kMidnightJst + 11 * 3600, true));
  EXPECT_EQ(model.index(2, DashboardModel::kFaceReader).data().toULongLong(), 5u);
  EXPECT_EQ(model.index(2, DashboardModel::kVisual).data().toULongLong(), 0u);
  EXPECT_EQ(model.index(2, DashboardModel::kNamesUnrepresentable).data().toULongLong(), 2u);
  EXPECT_EQ(model.headerData(DashboardModel::kNamesUnrepresentable, Qt::Horizontal, Qt::DisplayRole)
                .toString(),
            QStringLiteral("外字を含む氏名"));
  model.SetSeries({});
  EXPECT_EQ(model.rowCount(), 0);

  // One row per site, by name, with rates; numbers sort as numbers.
  SiteTotalsModel sites;
  QAbstractItemModelTester site_tester(&sites,
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);
  SiteTotals honcho{"honcho", 8, 2, 6, 0, 1, 2, 1};
  SiteTotals ekimae{"ekimae", 10, 0, 10, 0, 0, 0, 0};
  sites.SetSites({ekimae, honcho});
  sites.SetSiteNames({{"honcho", "かくにん薬局 本町店"}});
  ASSERT_EQ(sites.rowCount(), 2);
  EXPECT_EQ(sites.index(0, SiteTotalsModel::kSite).data().toString(), QStringLiteral("ekimae"));
  EXPECT_EQ(sites.index(1, SiteTotalsModel::kSite).data().toString(),
            QStringLiteral("かくにん薬局 本町店"));
  EXPECT_EQ(sites.index(1, SiteTotalsModel::kPin).data().toULongLong(), 6u);
  EXPECT_EQ(sites.index(1, SiteTotalsModel::kFailureRate).data().toString(),
            QStringLiteral("12.5 %"));
  EXPECT_DOUBLE_EQ(
      sites.index(1, SiteTotalsModel::kFallbackRate).data(SiteTotalsModel::kSortRole).toDouble(),
      25.0);
  EXPECT_EQ(sites.headerData(SiteTotalsModel::kSite, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("店舗"));
  EXPECT_EQ(
      sites.headerData(SiteTotalsModel::kFailureRate, Qt::Horizontal, Qt::DisplayRole).toString(),
      QStringLiteral("失敗率"));
  sites.SetSites({});
  EXPECT_EQ(sites.rowCount(), 0);

  DeadlinesModel deadlines;
  QAbstractItemModelTester deadline_tester(&deadlines,
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
  v1::Deadline soon;
  soon.set_site_id("honcho");
  soon.set_program_name_ja("医療情報化支援基金");
  soon.set_deadline("2026-11-30");
  soon.set_days_left(7);
  soon.set_warning_threshold(7);
  soon.set_claimable_yen(128000);
  v1::Deadline today = soon;
  today.set_days_left(0);
  deadlines.SetDeadlines({today, soon});
  deadlines.SetSiteNames({{"honcho", "かくにん薬局 本町店"}});
  ASSERT_EQ(deadlines.rowCount(), 2);
  EXPECT_EQ(deadlines.index(0, DeadlinesModel::kDaysLeft).data().toString(),
            QStringLiteral("本日"));
  EXPECT_EQ(deadlines.index(1, DeadlinesModel::kDaysLeft).data().toString(),
            QStringLiteral("あと7日"));
  EXPECT_EQ(deadlines.index(1, DeadlinesModel::kSite).data().toString(),
            QStringLiteral("かくにん薬局 本町店"));
  EXPECT_EQ(deadlines.index(1, DeadlinesModel::kClaimable).data().toString(),
            QStringLiteral("128,000円"));
  EXPECT_EQ(deadlines.index(1, DeadlinesModel::kDeadline).data().toString(),
            QStringLiteral("2026年11月30日"));
  EXPECT_TRUE(deadlines.index(1, DeadlinesModel::kDaysLeft).data(Qt::ForegroundRole).isValid());
}

}  // namespace
}  // namespace kakunin::console
