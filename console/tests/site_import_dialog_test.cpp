// The 店舗 page's bulk import (issue 19), as a person sees it: the 55-store file of a pharmacy
// chain (tests/data/site_import/stores_55.csv, in Shift_JIS as Excel saves it) previewed with
// each of its five mistakes on its row and cell in Japanese, 取り込む disabled while there are
// errors, and 正しい行だけ取り込む sending the import of the clean rows. The fake client (the one
// seam faked here) answers with the shared import rules (common/site), as the server does
// before it looks at the database; a screenshot of the preview lands in artifacts/console/.
#include "console/ui/site_import_dialog.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QFile>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "common/site/site_import.h"
#include "common/text/charset.h"
#include "console/ui/sites_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;

class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {}

  Result<v1::ListSitesResponse> ListSites() override { return v1::ListSitesResponse(); }
  Result<v1::ImportSitesResponse> ImportSites(const v1::ImportSitesRequest& req) override {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(req);
    }
    v1::ImportSitesResponse resp;
    auto plan = site::ParseSiteImport(req.csv());
    if (!plan.ok()) {
      resp.set_file_error_reason(plan.error().reason());
      resp.set_file_error_message(plan.error().message());
      return resp;
    }
    resp.set_encoding(std::string(text::SourceEncodingId(plan->encoding)));
    for (auto c : plan->columns) resp.add_columns(std::string(site::ImportColumnId(c)));
    for (const auto& row : plan->rows) {
      auto* out = resp.add_rows();
      out->set_row(row.row);
      out->set_site_id(row.site.fields.site_id);
      for (auto c : plan->columns) out->add_cells(row.cell(c));
      for (const auto& e : row.errors) {
        auto* err = out->add_errors();
        err->set_column(e.column ? std::string(site::ImportColumnId(*e.column)) : "");
        err->set_reason(e.reason);
        err->set_message(e.message);
      }
    }
    resp.set_error_rows(plan->error_rows());
    if (!req.dry_run() && (plan->error_rows() == 0 || req.clean_rows_only())) {
      resp.set_saved(plan->clean_rows());
    }
    return resp;
  }
  std::vector<v1::ImportSitesRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::vector<v1::ImportSitesRequest> requests_;
};

std::string ReadFixture() {
  std::ifstream in(KAKUNIN_SITE_IMPORT_FIXTURE, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SiteImportDialogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "site_import_dialog_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }

  // The page with an HQ administrator's session and its import dialog open.
  SiteImportDialog* OpenDialog(SitesPage& page, std::shared_ptr<FakeClient> client) {
    page.SetSession(client, v1::ROLE_HQ_ADMIN);
    EXPECT_TRUE(page.import_action()->isEnabled());
    page.import_action()->trigger();
    return qobject_cast<SiteImportDialog*>(page.open_dialog());
  }
  QString WriteFile(const QString& name, const std::string& bytes) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    return path;
  }

  static QApplication* app_;
  QTemporaryDir dir_;
};
QApplication* SiteImportDialogTest::app_ = nullptr;

int TableRowOf(QTableWidget* t, int spreadsheet_row) {
  for (int r = 0; r < t->rowCount(); ++r) {
    if (t->item(r, 0)->data(Qt::UserRole).toInt() == spreadsheet_row) return r;
  }
  return -1;
}

TEST_F(SiteImportDialogTest, PreviewOfTheFiftyFiveStoreFileShowsEachErrorOnItsCell) {
  auto sjis = text::Utf8ToCp932(ReadFixture());
  ASSERT_TRUE(sjis.ok());
  auto client = std::make_shared<FakeClient>();
  SitesPage page;
  auto* dialog = OpenDialog(page, client);
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->windowTitle(), QStringLiteral("店舗をCSVファイルから一括登録"));
  EXPECT_EQ(dialog->choose_button()->text(), QStringLiteral("ファイルを選ぶ(&F)…"));

  ASSERT_TRUE(dialog->LoadFile(WriteFile(QStringLiteral("店舗一覧.csv"), *sjis)));
  auto* table = dialog->table();
  ASSERT_TRUE(QTest::qWaitFor([&] { return table->rowCount() == 55; }, kWaitMs));
  EXPECT_EQ(dialog->file_label()->text(), QStringLiteral("店舗一覧.csv"));
  EXPECT_EQ(dialog->summary_label()->text(),
            QStringLiteral("55 店舗: エラーのある行 5、正しい行 "
                           "50。ファイルを直して選び直すか、正しい行だけを取り込んでください。"));

  QStringList headers;
  for (int c = 0; c < table->columnCount(); ++c) {
    headers << table->horizontalHeaderItem(c)->text();
  }
  EXPECT_EQ(headers, (QStringList{"行", "エラー", "店舗ID", "医療機関等名", "医療機関等コード",
                                  "施設種別", "経過措置", "経過措置の期日", "住所", "電話番号",
                                  "メールアドレス", "営業時間"}));
  EXPECT_EQ(table->item(0, 3)->text(), QStringLiteral("かくにん薬局 札幌駅前店"));

  // Each mistake on its row and cell: red, the message as the tooltip and in the エラー column.
  struct Expected {
    int row, column;
    QString problems;
  } expected[] = {
      {5, 4,
       "医療機関等コード: "
       "医療機関等コードが9桁です。表計算ソフトで先頭の0が消えていないか確かめてください（列を文字"
       "列にして保存します）。"},
      {16, 4,
       "医療機関等コード: 医療機関等コードの検証番号（末尾）が合いません（計算上は "
       "6）。地方厚生局の通知で確かめてください。"},
      {27, 9, "電話番号: 電話番号に全角文字があります。半角数字で書いてください。"},
      {38, 10, "メールアドレス: メールアドレスの形式が正しくありません。"},
      {49, 5,
       "施設種別: "
       "施設種別が分かりません（薬局・大型チェーン薬局・診療所・病院・健診実施機関・助産所・義務化"
       "対象外のいずれか）。"},
  };
  const int last = 1;  // エラー
  for (const auto& e : expected) {
    const int r = TableRowOf(table, e.row);
    ASSERT_GE(r, 0) << e.row;
    EXPECT_EQ(table->item(r, last)->text(), e.problems) << e.row;
    auto* cell = table->item(r, e.column);
    EXPECT_EQ(cell->background().color(), QColor(0xff, 0xdd, 0xdd)) << e.row;
    EXPECT_TRUE(e.problems.endsWith(cell->toolTip())) << e.row;
  }
  const int clean = TableRowOf(table, 2);
  EXPECT_TRUE(table->item(clean, last)->text().isEmpty());
  EXPECT_NE(table->item(clean, 4)->background().color(), QColor(0xff, 0xdd, 0xdd));
  EXPECT_EQ(dialog->findChildren<QPushButton*>().last()->text(), QStringLiteral("閉じる"));

  // 取り込む waits for a clean file; the clean rows may go now.
  EXPECT_EQ(dialog->import_button()->text(), QStringLiteral("取り込む(&I)"));
  EXPECT_FALSE(dialog->import_button()->isEnabled());
  EXPECT_EQ(dialog->clean_rows_button()->text(), QStringLiteral("正しい行だけ取り込む(&C)"));
  EXPECT_TRUE(dialog->clean_rows_button()->isEnabled());

  dialog->show();
  std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  const QString shot = QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/site_import_preview.png");
  EXPECT_TRUE(dialog->grab().save(shot)) << shot.toStdString();

  QTest::mouseClick(dialog->clean_rows_button(), Qt::LeftButton);
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        return dialog->summary_label()->text() == QStringLiteral("50 店舗を取り込みました。");
      },
      kWaitMs))
      << dialog->summary_label()->text().toStdString();
  auto requests = client->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].dry_run());
  EXPECT_FALSE(requests[1].dry_run());
  EXPECT_TRUE(requests[1].clean_rows_only());
  EXPECT_EQ(requests[1].csv(), *sjis);  // the file's bytes as they are: the server decodes
  EXPECT_FALSE(dialog->clean_rows_button()->isEnabled());
}

TEST_F(SiteImportDialogTest, ACleanFileMayBeImportedWhole) {
  auto client = std::make_shared<FakeClient>();
  SitesPage page;
  auto* dialog = OpenDialog(page, client);
  ASSERT_NE(dialog, nullptr);
  ASSERT_TRUE(dialog->LoadFile(
      WriteFile(QStringLiteral("clean.csv"),
                "医療機関等名,医療機関等コード,施設種別\r\n本町薬局,1341234566,薬局\r\n")));
  ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->import_button()->isEnabled(); }, kWaitMs));
  EXPECT_EQ(
      dialog->summary_label()->text(),
      QStringLiteral("1 店舗、エラーはありません。「取り込む」を押すまで何も登録されません。"));
  EXPECT_FALSE(dialog->clean_rows_button()->isEnabled());
  QTest::mouseClick(dialog->import_button(), Qt::LeftButton);
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return dialog->summary_label()->text() == QStringLiteral("1 店舗を取り込みました。"); },
      kWaitMs));
  EXPECT_FALSE(client->requests().back().clean_rows_only());
}

TEST_F(SiteImportDialogTest, AFileThatIsNotAStoreListSaysSo) {
  auto client = std::make_shared<FakeClient>();
  SitesPage page;
  auto* dialog = OpenDialog(page, client);
  ASSERT_NE(dialog, nullptr);
  ASSERT_TRUE(dialog->LoadFile(
      WriteFile(QStringLiteral("patients.csv"), "氏名,生年月日\r\n山田太郎,1970-01-01\r\n")));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        return dialog->summary_label()->text().startsWith(
            QStringLiteral("このファイルは取り込めません: 見出し「氏名」は取り込めない列です"));
      },
      kWaitMs))
      << dialog->summary_label()->text().toStdString();
  EXPECT_FALSE(dialog->import_button()->isEnabled());
  EXPECT_FALSE(dialog->clean_rows_button()->isEnabled());
}

TEST_F(SiteImportDialogTest, OnlyHqAdministratorsImport) {
  SitesPage page;
  page.SetSession(std::make_shared<FakeClient>(), v1::ROLE_BRANCH_MANAGER);
  EXPECT_FALSE(page.import_action()->isEnabled());
  EXPECT_EQ(page.import_action()->text(), QStringLiteral("CSVから一括登録(&I)…"));
}

}  // namespace
}  // namespace kakunin::console
