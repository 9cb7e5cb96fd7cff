// The subsidy and user tables and a claim's export, without a server:
// - QAbstractItemModelTester over every table model (programmes, claims, items, receipts,
//   deadlines, 経過措置, users) while rows are set and replaced, and what the tables say for
//   closed programmes, warnings and roles, in Japanese;
// - the CSV: a UTF-8 BOM, a header, ISO dates, integer yen, item caps read from the shipped
//   programme's own data (programmes.json), the receipts' SHA-256, the state history;
// - the PDF: written by Qt on A4, read back with pdftotext (poppler-utils), which must find the
//   site, the programme, the amounts, the leaflet's figure, the digest and the history in
//   Japanese; an unwritable path is reported, not ignored.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTranslator>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "console/export/claim_export.h"
#include "console/models/subsidy_models.h"
#include "tests/harness/process.h"

namespace kakunin::console {
namespace {

const char kSha[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

std::string ReadText(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path, std::ios::binary).rdbuf();
  return ss.str();
}

// The shipped kyotaku_home_visit_2026 as ListPrograms gives it (closed today).
v1::Program HomeVisitProgramme() {
  auto file = nlohmann::json::parse(ReadText(KAKUNIN_PROGRAMMES_JSON));
  v1::Program p;
  for (const auto& j : file["programmes"]) {
    if (j["id"] != "kyotaku_home_visit_2026") continue;
    p.set_program_id("kyotaku_home_visit_2026");
    p.set_name_ja(j["name_ja"].get<std::string>());
    p.set_legal_basis(j["legal_basis"].get<std::string>());
    p.set_deadline("2026-01-31");
    p.set_window("closed");
    p.set_closed(true);
    p.set_days_left(-296);
    p.set_data_json(j.dump());
  }
  return p;
}

// A pharmacy's claim as the server computes it: tablet 52,800 (cap 41,000) and a レセコン
// change 150,000 (cap 130,000): eligible 171,000 = the project cap; 3/4 → 128,250.
ClaimDocument Document() {
  ClaimDocument doc;
  doc.site.set_site_id("honcho");
  doc.site.set_name("かくにん薬局 本町店");
  doc.site.set_institution_code("1341234561");
  doc.site.set_facility_kind("pharmacy");
  doc.programme = HomeVisitProgramme();
  doc.category_names = {{"mobile_device", "モバイル端末等"},
                        {"receipt_computer_change", "レセプトコンピュータの改修等"},
                        {"card_reader", "カードリーダー"}};
  v1::Claim& c = doc.claim;
  c.set_claim_id("4f1c2a9e-0000-4000-8000-000000000001");
  c.set_site_id("honcho");
  c.set_program_id("kyotaku_home_visit_2026");
  c.set_state(v1::CLAIM_STATE_GRANTED);
  auto* tablet = c.add_items();
  tablet->set_category("mobile_device");
  tablet->set_amount_yen(52800);
  tablet->set_device_id("dev-honcho-01");
  tablet->set_description("訪問用タブレット");
  auto* rececon = c.add_items();
  rececon->set_category("receipt_computer_change");
  rececon->set_amount_yen(150000);
  rececon->set_description("レセコン改修（居宅同意取得型）");
  for (auto [cat, claimed, eligible, reason] :
       {std::tuple{"mobile_device", 52800, 41000, "subsidy.category_cap_applied"},
        std::tuple{"receipt_computer_change", 150000, 130000, "subsidy.category_cap_applied"}}) {
    auto* l = c.add_lines();
    l->set_category(cat);
    l->set_claimed_yen(claimed);
    l->set_eligible_yen(eligible);
    l->set_reason(reason);
  }
  c.set_computed_amount_yen(128250);
  c.set_max_payable_yen(128250);
  c.set_official_wording("12.8万円");
  c.set_granted_amount_yen(128250);
  c.set_submitted_on("2026-01-20");
  c.set_submitted_via("portal");
  c.set_decided_on("2026-03-10");
  c.mutable_created_at()->set_seconds(1767225600);  // 2026-01-01 00:00 UTC
  auto* r = c.add_receipts();
  r->set_filename("領収書_本町店.pdf");
  r->set_kind("receipt");
  r->set_content_type("application/pdf");
  r->set_sha256_hex(kSha);
  r->set_size(48213);
  r->mutable_uploaded_at()->set_seconds(1768000000);
  auto* h = c.add_history();
  h->set_from_state(v1::CLAIM_STATE_READY);
  h->set_to_state(v1::CLAIM_STATE_SUBMITTED);
  h->mutable_at()->set_seconds(1768900000);
  h->set_by("admin");
  h->set_submitted_via("portal");
  h->set_effective_on("2026-01-20");
  h->set_amount_yen(128250);
  doc.generated_at = QStringLiteral("2026-11-23T10:00:00+09:00");
  return doc;
}

class SubsidyExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "console_subsidy_export_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static QApplication* app_;
};
QApplication* SubsidyExportTest::app_ = nullptr;

// Sets rows twice (a refresh replaces them) under the tester, which checks every signal.
template <typename Model, typename Row>
void Exercise(Model* model, std::vector<Row> rows) {
  QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model->SetRows(rows);
  ASSERT_EQ(model->rowCount(), static_cast<int>(rows.size()));
  for (int r = 0; r < model->rowCount(); ++r) {
    for (int c = 0; c < model->columnCount(); ++c) {
      EXPECT_TRUE(model->index(r, c).data(Qt::DisplayRole).isValid()) << r << "," << c;
    }
  }
  model->SetRows({});
  model->SetRows(std::move(rows));
}

TEST_F(SubsidyExportTest, EveryModelPassesTheTesterAndSaysWhatMatters) {
  auto names = std::make_shared<SubsidyNames>();
  names->sites["honcho"] = QStringLiteral("かくにん薬局 本町店");
  const ClaimDocument doc = Document();

  auto* programs = SubsidyTables::Programs(app_);
  v1::Program open = doc.programme;
  open.set_program_id("next");
  open.set_closed(false);
  open.set_window("open");
  open.set_days_left(5);
  Exercise(programs, std::vector<v1::Program>{doc.programme, open});
  EXPECT_EQ(programs->index(0, 1).data().toString(),
            QStringLiteral("受付終了（締切から296日経過）"));
  EXPECT_EQ(programs->index(0, 0).data(Qt::BackgroundRole).value<QColor>(), ClosedColour());
  EXPECT_EQ(programs->index(1, 1).data().toString(), QStringLiteral("受付中（残り5日）"));
  EXPECT_EQ(programs->index(0, 2).data(RowsModel<v1::Program>::kSortRole).toString(),
            QStringLiteral("2026-01-31"));

  auto* claims = SubsidyTables::Claims(names, app_);
  Exercise(claims, std::vector<v1::Claim>{doc.claim});
  EXPECT_EQ(claims->index(0, 0).data().toString(), QStringLiteral("かくにん薬局 本町店"));
  EXPECT_EQ(claims->index(0, 2).data().toString(), QStringLiteral("交付決定"));
  EXPECT_EQ(claims->index(0, 3).data().toString(), QStringLiteral("128,250円"));
  // Issue 20: warnings one a line (the table wraps them whole), never joined with ";".
  v1::Claim warned = doc.claim;
  warned.clear_warnings();
  warned.add_warnings("subsidy.programme_closed");
  warned.add_warnings("subsidy.duplicate_receipt");
  claims->SetRows({warned});
  EXPECT_FALSE(claims->index(0, 7).data().toString().contains(QLatin1Char(';')));
  EXPECT_EQ(claims->index(0, 7).data().toString().split(QLatin1Char('\n')).size(), 2);
  // A site whose kind changed since the claim (a warning the server computes) is said in
  // words; a reason this console does not know is plain words too, never a bare code.
  warned.clear_warnings();
  warned.add_warnings("subsidy.facility_not_eligible");
  warned.add_warnings("subsidy.from_a_newer_server");
  claims->SetRows({warned});
  const QStringList lines = claims->index(0, 7).data().toString().split(QLatin1Char('\n'));
  ASSERT_EQ(lines.size(), 2);
  EXPECT_EQ(lines[0], QStringLiteral("この補助事業は、この店舗の施設種別を対象としていません。"));
  EXPECT_EQ(lines[1],
            QStringLiteral("確認が必要です。システム管理者に連絡してください（subsidy.from_a_newer_"
                           "server）。"));

  auto* items = SubsidyTables::ClaimItems(names, app_);
  Exercise(items, std::vector<v1::ClaimItem>(doc.claim.items().begin(), doc.claim.items().end()));
  // An item's terminal by name (issue 20).
  names->devices["dev-7f3a"] = QStringLiteral("本町薬局1号機");
  v1::ClaimItem reader;
  reader.set_device_id("dev-7f3a");
  items->SetRows({reader});
  EXPECT_EQ(items->index(0, 2).data().toString(), QStringLiteral("本町薬局1号機"));
  auto* receipts = SubsidyTables::Receipts(app_);
  Exercise(receipts,
           std::vector<v1::Receipt>(doc.claim.receipts().begin(), doc.claim.receipts().end()));
  // The file's type in words, not its MIME type.
  v1::Receipt pdf;
  pdf.set_content_type("application/pdf");
  v1::Receipt png;
  png.set_content_type("image/png");
  receipts->SetRows({pdf, png});
  EXPECT_EQ(receipts->index(0, 2).data().toString(), QStringLiteral("PDF文書"));
  EXPECT_EQ(receipts->index(1, 2).data().toString(), QStringLiteral("PNG画像"));

  auto* deadlines = SubsidyTables::Deadlines(names, app_);
  v1::Deadline soon;
  soon.set_site_id("honcho");
  soon.set_deadline("2026-11-28");
  soon.set_days_left(5);
  soon.set_window("open");
  soon.set_warning_threshold(7);
  soon.set_claimable_yen(30750);
  soon.set_max_payable_yen(30750);
  soon.set_official_wording("3.1万円");
  Exercise(deadlines, std::vector<v1::Deadline>{soon});
  EXPECT_EQ(deadlines->index(0, 1).data().toString(), QStringLiteral("残り5日"));
  EXPECT_EQ(deadlines->index(0, 0).data(Qt::BackgroundRole).value<QColor>(), WarningColour(7));
  EXPECT_EQ(deadlines->index(0, 5).data().toString(), QStringLiteral("30,750円（3.1万円）"));

  auto* obligations = SubsidyTables::Obligations(app_);
  v1::SiteObligation works;
  works.set_site_name("仮設店舗");
  works.set_facility_kind("pharmacy");
  works.set_transitional(v1::TRANSITIONAL_RECONSTRUCTION);
  works.set_obligation("deferred_limited_type");
  works.set_may_use_limited_type(true);
  works.set_measure_running(true);
  works.set_measure_last_day("2026-11-28");
  works.set_days_left(5);
  works.set_warning_threshold(7);
  v1::SiteObligation unknown = works;
  unknown.set_measure_running(false);
  unknown.set_end_date_missing(true);
  Exercise(obligations, std::vector<v1::SiteObligation>{works, unknown});
  EXPECT_EQ(obligations->index(0, 3).data().toString(),
            QStringLiteral("猶予中：資格確認限定型を利用可"));
  EXPECT_EQ(obligations->index(0, 4).data().toString(),
            QStringLiteral("2026年11月28日まで（残り5日）"));
  EXPECT_EQ(obligations->index(1, 4).data().toString(),
            QStringLiteral("終了日未定：根拠となる日付を入力してください"));

  auto user_names = std::make_shared<SubsidyNames>();
  user_names->sites["honcho"] = QStringLiteral("本町薬局");
  auto* users = SubsidyTables::Users(user_names, app_);
  v1::User admin;
  admin.set_login("admin");
  admin.set_role(v1::ROLE_HQ_ADMIN);
  v1::User manager;
  manager.set_login("tanaka");
  manager.set_role(v1::ROLE_BRANCH_MANAGER);
  manager.add_site_ids("honcho");
  manager.set_disabled(true);
  Exercise(users, std::vector<v1::User>{admin, manager});
  EXPECT_EQ(users->index(0, 2).data().toString(), QStringLiteral("本部管理者"));
  EXPECT_EQ(users->index(0, 3).data().toString(), QStringLiteral("全店舗（本部）"));
  EXPECT_EQ(users->index(1, 4).data().toString(), QStringLiteral("停止中"));
  // Sites by name, not by id (issue 20).
  EXPECT_EQ(users->index(1, 3).data().toString(), QStringLiteral("本町薬局"));
}

TEST_F(SubsidyExportTest, CsvIsUtf8WithBomIsoDatesAndCaps) {
  const QByteArray csv = ClaimExport::Csv(Document());
  ASSERT_TRUE(csv.startsWith("\xEF\xBB\xBF"));
  const QString text = QString::fromUtf8(csv.mid(3));
  const QStringList lines = text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  EXPECT_EQ(lines.first(), QStringLiteral("区分,項目,値,金額（円）,上限（円）,備考"));
  // Items with their own caps from the programme's data for a pharmacy.
  EXPECT_TRUE(lines.contains(
      QStringLiteral("明細,モバイル端末等,訪問用タブレット,52800,41000,dev-honcho-01")));
  EXPECT_TRUE(lines.contains(QStringLiteral(
      "明細,レセプトコンピュータの改修等,レセコン改修（居宅同意取得型）,150000,130000,")));
  // Eligible 171,000 equals the project cap: the cap does not cut anything, so not "applied".
  EXPECT_TRUE(lines.contains(QStringLiteral("計算,事業額上限,,,171000,")));
  EXPECT_TRUE(lines.contains(QStringLiteral("計算,補助率,3/4,,,")));
  EXPECT_TRUE(
      lines.contains(QStringLiteral("計算,補助額（計算値・1円単位）,,128250,128250,12.8万円")));
  EXPECT_TRUE(lines.contains(QStringLiteral("補助事業,締切,2026-01-31,,,受付終了")));
  EXPECT_TRUE(text.contains(QStringLiteral("領収書_本町店.pdf,%1").arg(QLatin1String(kSha))));
  EXPECT_TRUE(text.contains(QStringLiteral("2026-01-20")));
  EXPECT_TRUE(text.contains(QStringLiteral("+09:00")));  // ISO date-times in Japan time
}

// A branch manager types the items' descriptions and HQ's staff the notes: no field may open as
// a formula in HQ's spreadsheet, and Japanese with quotes, commas and line breaks stays one field.
TEST_F(SubsidyExportTest, CsvNeverStartsAFieldWithAFormula) {
  ClaimDocument doc = Document();
  v1::Claim& c = doc.claim;
  c.mutable_items(0)->set_description("=HYPERLINK(\"http://evil.example/\",\"領収書\")");
  c.mutable_items(1)->set_description("本町店の\"レセコン\", 改修\n2行目");
  for (const char* text : {"+1", "-1", "@SUM(A1:A9)", "\tSUM(A1)", "\r=1"}) {
    auto* item = c.add_items();
    item->set_category("card_reader");
    item->set_amount_yen(100);
    item->set_description(text);
  }
  c.set_created_by("-2+3");
  c.mutable_history(0)->set_by("=cmd|' /C calc'!A0");
  const QString text = QString::fromUtf8(ClaimExport::Csv(doc).mid(3));
  const QStringList lines = text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  EXPECT_TRUE(
      lines.contains(QStringLiteral("明細,モバイル端末等,\"'=HYPERLINK(\"\"http://evil.example/"
                                    "\"\",\"\"領収書\"\")\",52800,41000,"
                                    "dev-honcho-01")))
      << text.toStdString();
  EXPECT_TRUE(
      lines.contains(QStringLiteral("明細,レセプトコンピュータの改修等,\"本町店の\"\"レセコン\"\", "
                                    "改修\n2行目\",150000,130000,")))
      << text.toStdString();
  for (const QString& cell :
       {QStringLiteral("'+1"), QStringLiteral("'-1"), QStringLiteral("'@SUM(A1:A9)"),
        QStringLiteral("'\tSUM(A1)"), QStringLiteral("\"'\r=1\"")}) {
    EXPECT_TRUE(text.contains(QStringLiteral(",カードリーダー,%1,100,").arg(cell)))
        << cell.toStdString() << "\n"
        << text.toStdString();
  }
  EXPECT_TRUE(text.contains(QStringLiteral(",'-2+3\r\n"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral(",'=cmd|' /C calc'!A0; portal; 2026-01-20; \r\n")))
      << text.toStdString();
}

TEST_F(SubsidyExportTest, PdfIsA4AndItsTextCanBeRead) {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("claim.pdf"));
  auto s = ClaimExport::WritePdf(Document(), path);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  const std::string pdf = ReadText(path.toStdString());
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  // A4 is 595 × 842 points.
  EXPECT_NE(pdf.find("/MediaBox [0 0 595"), std::string::npos);
  auto text = testing::RunCommand({"/usr/bin/pdftotext", "-enc", "UTF-8", path.toStdString(), "-"},
                                  {}, "", false, std::chrono::seconds(30));
  ASSERT_TRUE(text.ok()) << text.error().ToString();
  ASSERT_EQ(text->exit_code, 0) << text->output;
  // What a reader gets when searching or copying. Qt's text map gives glyphs shared by two code
  // points the other one: 金 comes back as the Kangxi radical U+2FA6 (NFKC maps it back) and
  // ・ as U+2027; table cells may wrap. So both sides are compared after NFKC, with U+2027 read
  // as ・ and without white space.
  auto nfkc = [](const std::string& s) {
    QString q = QString::fromStdString(s).normalized(QString::NormalizationForm_KC);
    q.replace(QChar(0x2027), QChar(0x30FB));
    q.remove(QRegularExpression(QStringLiteral("\\s")));
    return q.toStdString();
  };
  const std::string t = nfkc(text->output);
  for (const std::string& expected :
       {std::string("補助金申請記録"), std::string("かくにん薬局 本町店"),
        std::string("1341234561"), HomeVisitProgramme().name_ja(), std::string("128,250円"),
        std::string("12.8万円"), std::string("41,000円"), std::string("130,000円"),
        std::string("171,000円"), std::string(kSha), std::string("領収書_本町店.pdf"),
        std::string("提出済み"), std::string("交付決定"),
        std::string("4f1c2a9e-0000-4000-8000-000000000001"), std::string("dev-honcho-01"),
        std::string("2026-11-23T10:00:00+09:00"), std::string("（ポータル）")}) {
    EXPECT_NE(t.find(nfkc(expected)), std::string::npos) << "missing: " << expected << "\n" << t;
  }
  EXPECT_EQ(t.find("portal"), std::string::npos) << t;
}

TEST_F(SubsidyExportTest, UnwritablePathIsReported) {
  auto s = ClaimExport::WritePdf(Document(), QStringLiteral("/nonexistent/dir/claim.pdf"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "export.write_failed");
  auto c = ClaimExport::WriteCsv(Document(), QStringLiteral("/nonexistent/dir/claim.csv"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().reason(), "export.write_failed");
}

}  // namespace
}  // namespace kakunin::console
