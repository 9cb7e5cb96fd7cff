// Issue 19: HQ's failure report as a person reads it. The model and the page run offscreen with
// the Japanese translation over a fake client (the one seam faked here); the test asserts the
// visible words — stores by name, reasons through the console's own labels (no reason ids),
// rates as percentages — and that the 7/30-day switch asks the server again and shows the other
// period. The page is saved as a screenshot.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFont>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTranslator>
#include <filesystem>

#include "console/models/failure_report_model.h"
#include "console/ui/failure_report_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;
constexpr int64_t kFrom = 1767193200;  // 2026-01-01 00:00 JST (display only, no stored data)

v1::FailureReportRow Row(const std::string& key, const std::string& name, uint64_t checks,
                         std::vector<std::pair<v1::CardFailureKind, uint64_t>> reasons) {
  v1::FailureReportRow row;
  row.set_key(key);
  row.set_name(name);
  row.set_card_checks(checks);
  uint64_t failures = 0;
  for (auto [kind, n] : reasons) {
    auto* r = row.add_reasons();
    r->set_kind(kind);
    r->set_count(n);
    failures += n;
  }
  row.set_failures(failures);
  row.set_failure_rate(static_cast<double>(failures) / checks);
  return row;
}

// 7 days: 駅前 fails on a PaSoRi without extended APDUs and unreadable cards; 本町 on a locked
// PIN. 30 days: one more store, cut to the worst two of three.
class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {}
  Result<v1::FailureReport> GetFailureReport(uint32_t days) override {
    asked.push_back(days);
    v1::FailureReport r;
    r.set_days(days);
    r.mutable_from()->set_seconds(kFrom);
    r.mutable_to()->set_seconds(kFrom + days * 86400 - 60);
    *r.add_sites() =
        Row("ekimae", "駅前薬局", 4,
            {{v1::CARD_FAILURE_UNREADABLE, 2}, {v1::CARD_FAILURE_READER_NOT_COMPLIANT, 1}});
    *r.add_sites() = Row("honcho", "本町薬局", 5, {{v1::CARD_FAILURE_PIN_LOCKED, 1}});
    *r.add_reader_models() =
        Row("Sony FeliCa Port/PaSoRi 4.0", "", 3,
            {{v1::CARD_FAILURE_READER_NOT_COMPLIANT, 1}, {v1::CARD_FAILURE_UNREADABLE, 2}});
    *r.add_reader_models() = Row("", "", 6, {{v1::CARD_FAILURE_PIN_LOCKED, 1}});
    r.set_card_checks(9);
    r.set_failures(4);
    r.set_sites_total(days == 30 ? 3 : 2);
    r.set_reader_models_total(2);
    return r;
  }
  std::vector<uint32_t> asked;
};

QStringList VisibleLabels(QWidget* root) {
  QStringList texts;
  for (auto* l : root->findChildren<QLabel*>()) {
    if (l->isVisibleTo(root) && !l->text().isEmpty()) texts << l->text();
  }
  return texts;
}

bool HasEnglishSentence(const QString& text) {
  static const QRegularExpression words(QStringLiteral("[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}"));
  return words.match(text).hasMatch();
}

QString Cell(QAbstractItemModel* m, int row, int column) {
  return m->index(row, column).data().toString();
}
QString Header(QAbstractItemModel* m, int column) {
  return m->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

class FailureReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "failure_report_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));
  }
  static inline QApplication* app_ = nullptr;
};

TEST_F(FailureReportTest, ModelWordsReasonsWithTheConsolesLabels) {
  FailureReportModel stores(FailureReportModel::kStores);
  QAbstractItemModelTester tester(&stores, QAbstractItemModelTester::FailureReportingMode::Fatal);
  FakeClient client;
  auto report = client.GetFailureReport(7);
  ASSERT_TRUE(report.ok());
  stores.SetRows({report->sites().begin(), report->sites().end()});
  ASSERT_EQ(stores.rowCount(), 2);
  EXPECT_EQ(Header(&stores, FailureReportModel::kName), QStringLiteral("店舗"));
  EXPECT_EQ(Header(&stores, FailureReportModel::kCardChecks), QStringLiteral("カードでの確認"));
  EXPECT_EQ(Header(&stores, FailureReportModel::kFailureRate), QStringLiteral("失敗率"));
  EXPECT_EQ(Header(&stores, FailureReportModel::kReasons), QStringLiteral("失敗の内訳"));
  EXPECT_EQ(Cell(&stores, 0, FailureReportModel::kName), QStringLiteral("駅前薬局"));
  EXPECT_EQ(Cell(&stores, 0, FailureReportModel::kCardChecks), QStringLiteral("4"));
  EXPECT_EQ(Cell(&stores, 0, FailureReportModel::kFailures), QStringLiteral("3"));
  EXPECT_EQ(Cell(&stores, 0, FailureReportModel::kFailureRate), QStringLiteral("75.0 %"));
  // The unreadable card in the very words of a check's details (Labels::CheckError).
  EXPECT_EQ(
      Cell(&stores, 0, FailureReportModel::kReasons),
      QStringLiteral(
          "カードまたはカードリーダーを読み取れませんでした。 2 件\n"
          "このカードリーダーはマイナンバーカードに対応していません（拡張APDU非対応）。 1 件"));
  EXPECT_EQ(Cell(&stores, 1, FailureReportModel::kReasons),
            QStringLiteral("カードの暗証番号がロックされていました。 1 件"));

  FailureReportModel models(FailureReportModel::kReaderModels);
  models.SetRows({report->reader_models().begin(), report->reader_models().end()});
  EXPECT_EQ(Header(&models, FailureReportModel::kName), QStringLiteral("カードリーダー機種"));
  EXPECT_EQ(Cell(&models, 0, FailureReportModel::kName),
            QStringLiteral("Sony FeliCa Port/PaSoRi 4.0"));
  EXPECT_EQ(Cell(&models, 0, FailureReportModel::kFailureRate), QStringLiteral("100.0 %"));
  EXPECT_EQ(Cell(&models, 1, FailureReportModel::kName),
            QStringLiteral("（端末からリーダー名の報告なし）"));
}

TEST_F(FailureReportTest, PageShowsBothTablesInJapaneseAndSwitchesPeriod) {
  auto client = std::make_shared<FakeClient>();
  FailureReportPage page;
  page.resize(1280, 800);
  page.show();
  page.SetSession(client);
  EXPECT_TRUE(client->asked.empty());  // nothing until the page is asked to load
  QSignalSpy loaded(&page, &FailureReportPage::loaded);
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_EQ(client->asked, std::vector<uint32_t>{7});
  EXPECT_EQ(page.days_box()->currentText(), QStringLiteral("直近7日間"));
  const QStringList shown = VisibleLabels(&page);
  EXPECT_TRUE(shown.contains(QStringLiteral("店舗別")));
  EXPECT_TRUE(shown.contains(QStringLiteral("カードリーダー機種別")));
  const QString summary = page.summary()->text();
  EXPECT_TRUE(summary.contains(QStringLiteral("カードでの確認 9 件のうち")))
      << summary.toStdString();
  EXPECT_TRUE(summary.contains(QStringLiteral("失敗 4 件（44.4 %）"))) << summary.toStdString();
  EXPECT_TRUE(summary.contains(QStringLiteral("2026年1月1日 0:00"))) << summary.toStdString();
  for (const QString& s : shown) EXPECT_FALSE(HasEnglishSentence(s)) << s.toStdString();
  for (int row = 0; row < page.stores()->rowCount(); ++row) {
    const QString reasons = Cell(page.stores(), row, FailureReportModel::kReasons);
    EXPECT_FALSE(reasons.contains(QStringLiteral("card."))) << reasons.toStdString();
  }
  std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  QApplication::processEvents();
  EXPECT_TRUE(
      page.grab().save(QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/failure_report_7.png")));

  // 30 days: asked again, and the cut store table says it is the worst two of three.
  page.days_box()->setCurrentIndex(1);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(client->asked, (std::vector<uint32_t>{7, 30}));
  EXPECT_TRUE(
      VisibleLabels(&page).contains(QStringLiteral("店舗別（全3店舗のうち失敗の多い2店舗）")));
  QApplication::processEvents();
  EXPECT_TRUE(
      page.grab().save(QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/failure_report_30.png")));
}

}  // namespace
}  // namespace kakunin::console
