// The Subsidies and Users pages against a real HQ: PostgreSQL and kakunin-server (ServerRig),
// a chain with transitional measures, an enrolled terminal, claims filed and granted through the
// console API, and an HQ programme that closes soon. Proves through the pages' own actions that:
// - programmes show open or closed as the server says (the shipped ones are closed), the
//   deadline calendar and list warn, the 経過措置 view says which sites must already have the
//   full online check and which may use 資格確認限定型, the daily summary is shown;
// - a receipt that is really an executable, or empty, is refused with a plain message, a real
//   PNG is stored with its SHA-256 (checked against the server), a state change lands on the
//   server, a late filing is refused plainly, and a claim exports to CSV and PDF;
// - HQ administrators create a user (a weak password is refused with the rules), change role
//   and sites, lock and unlock; branch managers do not see the Users page;
// QAbstractItemModelTester watches every page model while real data loads. Screenshots
// (offscreen, Noto Sans CJK JP) go to <build>/artifacts/console/.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/domain/date.h"
#include "console/ui/main_window.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_programme.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::console {
namespace {
namespace fs = std::filesystem;
using testing::ServerRig;
using Stub = v1::ConsoleService::Stub;

constexpr int kWaitMs = 30000;
const std::string kArtifacts = KAKUNIN_CONSOLE_SCREENSHOT_DIR;

domain::Date TodayInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}
std::string Iso(int days) { return domain::FormatIso(domain::AddDays(TodayInJapan(), days)); }

// Issue 20: every cell of `column` shows whole at the window's size: the column lies inside
// the table's visible width (no horizontal scrolling) and each line of text fits its width.
void ExpectWholeColumn(QWidget* page, QAbstractItemModel* model, int column) {
  QApplication::processEvents();
  QTableView* view = nullptr;
  for (auto* v : page->findChildren<QTableView*>()) {
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(v->model());
    if (proxy && proxy->sourceModel() == model) view = v;
  }
  ASSERT_NE(view, nullptr);
  const QString title = model->headerData(column, Qt::Horizontal).toString();
  EXPECT_LE(view->columnViewportPosition(column) + view->columnWidth(column),
            view->viewport()->width())
      << title.toStdString();
  const QFontMetrics metrics(view->font());
  for (int r = 0; r < model->rowCount(); ++r) {
    const QString text = model->index(r, column).data().toString();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
      // The delegate's margins: a few pixels each side.
      EXPECT_LE(metrics.horizontalAdvance(line) + 8, view->columnWidth(column))
          << title.toStdString() << ": " << line.toStdString();
    }
    const int shown_row = qobject_cast<QSortFilterProxyModel*>(view->model())
                              ->mapFromSource(model->index(r, column))
                              .row();
    EXPECT_GE(view->rowHeight(shown_row), metrics.height() * lines.size())
        << title.toStdString() << ": " << text.toStdString();
  }
}

// Saves the widget as a PNG and checks it is a real rendering (many colours, some ink).
void Screenshot(QWidget* widget, const std::string& name) {
  QApplication::processEvents();
  QImage image = widget->grab().toImage();
  const std::string path = kArtifacts + "/" + name;
  ASSERT_TRUE(image.save(QString::fromStdString(path))) << path;
  std::cout << "screenshot: " << path << "\n";
  std::set<QRgb> colours;
  int64_t ink = 0, total = 0;
  for (int y = 0; y < image.height(); y += 2) {
    for (int x = 0; x < image.width(); x += 2) {
      QColor c = image.pixelColor(x, y);
      colours.insert(c.rgb());
      ink += c.lightness() < 128;
      ++total;
    }
  }
  EXPECT_GT(colours.size(), 16u) << name;
  EXPECT_GT(static_cast<double>(ink) / static_cast<double>(total), 0.005) << name;
}

// A one-page scanned-looking receipt, written by Qt as a real PDF.
QByteArray ReceiptPdf(const QString& dir, const QString& text) {
  const QString path = dir + QStringLiteral("/receipt.pdf");
  {
    QPdfWriter writer(path);
    QPainter p(&writer);
    p.setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 14));
    p.drawText(QRect(0, 0, 4000, 2000), Qt::AlignLeft, text);
  }
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly));
  return f.readAll();
}

template <typename Req, typename Resp>
grpc::Status Call(ConsoleClient& c,
                  grpc::Status (Stub::*m)(grpc::ClientContext*, const Req&, Resp*), const Req& req,
                  Resp* resp) {
  grpc::ClientContext ctx;
  c.AuthorizeContext(&ctx);
  return (c.stub()->*m)(&ctx, req, resp);
}

class SubsidyPagesE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "console_subsidy_pages_e2e_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));
  }
  void SetUp() override {
    dir_ = testing::MakeTempDir("kakunin-subsidy-e2e");
    ASSERT_FALSE(dir_.empty());
    ::chmod(dir_.c_str(), 0755);  // PostgreSQL runs as an unprivileged user below it
    fs::create_directories(kArtifacts);
    // The server stores the day's summary as soon as it runs past --summary-time; this test
    // adds a programme after start and expects the summary page (computed for HQ when none is
    // stored) to show it, so this server makes none. With the default 07:00 the stored summary
    // raced the test's set-up after 07:00 JST, and lost under load.
    auto rig =
        ServerRig::Start(dir_ + "/hq", "honcho", "かくにん薬局 本町店", {"--summary-time", "off"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ca_ = testing::hq::ReadFile(rig_->ca_path());
    api_ = std::make_shared<ConsoleClient>(rig_->address(), ca_);
    ASSERT_TRUE(api_->Login("admin", testing::kAdminPassword).ok());
    subsidy_ = std::make_unique<SubsidyClient>(api_);
  }
  void TearDown() override {
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) testing::RemoveTree(dir_);
  }

  void AddSite(const std::string& id, const std::string& name, const std::string& kind,
               v1::TransitionalCategory measure, const std::string& event) {
    v1::Site s;
    s.set_site_id(id);
    s.set_name(name);
    s.set_facility_kind(kind);
    s.set_transitional(measure);
    s.set_transitional_event_date(event);
    auto r = api_->UpsertSite(s);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  // HQ's own programme for this year's card readers, closing in 12 days.
  void AddOpenProgramme() {
    nlohmann::ordered_json p = testing::TestProgramme(
        "card_reader_support_2026", "カードリーダー増設支援（令和8年度）", Iso(12),
        {{"pharmacy", "3/4", 41000, "card_reader", "3.1万円"},
         {"large_chain_pharmacy", "1/2", 41000, "card_reader", ""}});
    v1::UpsertProgramRequest req;
    req.mutable_program()->set_program_id("card_reader_support_2026");
    req.mutable_program()->set_data_json(p.dump());
    v1::Program saved;
    auto s = Call(*api_, &Stub::UpsertProgram, req, &saved);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::Claim NewClaim(
      const std::string& site, const std::string& programme,
      std::vector<std::tuple<std::string, int64_t, std::string, std::string>> items) {
    v1::Claim c;
    c.set_site_id(site);
    c.set_program_id(programme);
    for (const auto& [category, yen, device, description] : items) {
      auto* i = c.add_items();
      i->set_category(category);
      i->set_amount_yen(yen);
      i->set_device_id(device);
      i->set_description(description);
    }
    auto r = subsidy_->UpsertClaim(c);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : v1::Claim();
  }

  void Upload(const std::string& claim, const std::string& kind, const std::string& name,
              const QByteArray& bytes) {
    v1::Receipt r;
    r.set_claim_id(claim);
    r.set_kind(kind);
    r.set_filename(name);
    r.set_content(bytes.constData(), static_cast<size_t>(bytes.size()));
    auto up = subsidy_->UploadReceipt(r);
    ASSERT_TRUE(up.ok()) << up.error().ToString();
  }

  void Step(const std::string& claim, v1::ClaimState state, const std::string& via = "",
            const std::string& on = "") {
    v1::ChangeClaimStateRequest req;
    req.set_claim_id(claim);
    req.set_state(state);
    req.set_submitted_via(via);
    req.set_effective_on(on);
    auto r = subsidy_->ChangeClaimState(req);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }

  v1::Claim ServerClaim(const std::string& id) {
    auto list = subsidy_->ListClaims();
    EXPECT_TRUE(list.ok());
    for (const auto& c : list->claims()) {
      if (c.claim_id() == id) return c;
    }
    ADD_FAILURE() << "no claim " << id;
    return {};
  }

  static QApplication* app_;
  std::string dir_;
  std::string ca_;
  std::unique_ptr<ServerRig> rig_;
  std::shared_ptr<ConsoleClient> api_;
  std::unique_ptr<SubsidyClient> subsidy_;
};
QApplication* SubsidyPagesE2E::app_ = nullptr;

TEST_F(SubsidyPagesE2E, SubsidiesAndUsersAgainstARealServer) {
  // --- The chain, its terminal, programmes and claims, through the console API. ---
  AddSite("ekimae", "かくにん薬局 駅前店", "chain_pharmacy", v1::TRANSITIONAL_CATEGORY_UNSPECIFIED,
          "");
  AddSite("kasetsu", "かくにん薬局 仮設店舗", "pharmacy", v1::TRANSITIONAL_RECONSTRUCTION, Iso(20));
  AddSite("yamanobe", "山辺クリニック", "clinic", v1::TRANSITIONAL_NO_FIBRE, "");
  AddSite("minato", "みなと病院", "hospital", v1::TRANSITIONAL_NO_FIBRE, "2026-06-01");
  AddSite("kenshin", "かくにん健診センター", "health_check", v1::TRANSITIONAL_CATEGORY_UNSPECIFIED,
          "");
  auto terminal = testing::hq::EnrollTerminal(*rig_, "honcho");
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  AddOpenProgramme();
  const QString tmp = QString::fromStdString(dir_);
  const QByteArray receipt_pdf =
      ReceiptPdf(tmp, QStringLiteral("領収書 かくにん薬局 本町店 ¥202,800"));
  QImage scan(600, 400, QImage::Format_RGB32);
  scan.fill(Qt::white);
  QPainter(&scan).drawText(20, 40, QStringLiteral("領収書内訳書"));
  const QString png_path = tmp + QStringLiteral("/内訳書.png");
  ASSERT_TRUE(scan.save(png_path));
  QFile png_file(png_path);
  ASSERT_TRUE(png_file.open(QIODevice::ReadOnly));
  const QByteArray png = png_file.readAll();

  // A granted claim: filed on the portal before the deadline, decided after it.
  v1::Claim granted =
      NewClaim("honcho", "kyotaku_home_visit_2026",
               {{"mobile_device", 52800, terminal->device_id, "訪問用タブレット"},
                {"receipt_computer_change", 150000, "", "レセコン改修（居宅同意取得型）"}});
  Upload(granted.claim_id(), "receipt", "領収書_本町店.pdf", receipt_pdf);
  Upload(granted.claim_id(), "itemisation", "内訳書_本町店.png", png);
  Step(granted.claim_id(), v1::CLAIM_STATE_READY);
  Step(granted.claim_id(), v1::CLAIM_STATE_SUBMITTED, "portal", "2026-01-20");
  Step(granted.claim_id(), v1::CLAIM_STATE_GRANTED, "", "2026-03-10");
  // A draft under a closed programme (it can no longer be filed).
  v1::Claim late =
      NewClaim("ekimae", "kyotaku_online_2026",
               {{"receipt_computer_change", 120000, "", "レセコン改修（オンライン診療）"}});
  Upload(late.claim_id(), "receipt", "領収書_駅前店.pdf", receipt_pdf);  // the same file: flagged
  Upload(late.claim_id(), "itemisation", "内訳書_駅前店.png", png);
  Step(late.claim_id(), v1::CLAIM_STATE_READY);
  // A draft under HQ's open programme: the page works on this one.
  v1::Claim open =
      NewClaim("honcho", "card_reader_support_2026",
               {{"card_reader", 38500, terminal->device_id, "汎用カードリーダー（2台目）"}});

  // --- The console, logged in as HQ. ---
  MainWindow window(QString::fromStdString(rig_->address()), ca_);
  window.SetCredentials(QStringLiteral("admin"), QString::fromLatin1(testing::kAdminPassword));
  window.resize(1400, 820);
  window.show();
  QSignalSpy logged_in(&window, &MainWindow::loggedIn);
  window.StartLogin();
  ASSERT_TRUE(logged_in.wait(kWaitMs));
  SubsidiesPage* page = window.subsidies_page();
  using Mode = QAbstractItemModelTester::FailureReportingMode;
  QAbstractItemModelTester t1(page->programs_model(), Mode::Fatal);
  QAbstractItemModelTester t2(page->claims_model(), Mode::Fatal);
  QAbstractItemModelTester t3(page->items_model(), Mode::Fatal);
  QAbstractItemModelTester t4(page->receipts_model(), Mode::Fatal);
  QAbstractItemModelTester t5(page->deadlines_model(), Mode::Fatal);
  QAbstractItemModelTester t6(page->obligations_model(), Mode::Fatal);
  QAbstractItemModelTester t7(window.users_page()->model(), Mode::Fatal);
  QSignalSpy loaded(page, &SubsidiesPage::loaded);
  window.tabs()->setCurrentWidget(page);
  ASSERT_TRUE(loaded.wait(kWaitMs));

  // Programmes: the five shipped ones closed, HQ's open with 12 days left.
  ProgramsModel* programs = page->programs_model();
  ASSERT_EQ(programs->rowCount(), 6);
  int closed = 0;
  for (int r = 0; r < programs->rowCount(); ++r) {
    const v1::Program& p = programs->RowAt(r);
    const QString status = programs->index(r, 1).data().toString();
    if (p.closed()) {
      ++closed;
      EXPECT_TRUE(status.startsWith(QStringLiteral("受付終了"))) << status.toStdString();
    } else {
      EXPECT_EQ(status, QStringLiteral("受付中（残り12日）"));
    }
  }
  EXPECT_EQ(closed, 5);
  ASSERT_EQ(page->claims_model()->rowCount(), 3);
  // The claim under a closed programme says so, and its receipt shared with another claim.
  for (int r = 0; r < page->claims_model()->rowCount(); ++r) {
    if (page->claims_model()->RowAt(r).claim_id() != late.claim_id()) continue;
    const QString warnings = page->claims_model()->index(r, 7).data().toString();
    EXPECT_TRUE(warnings.contains(QStringLiteral("補助事業は受付終了"))) << warnings.toStdString();
    EXPECT_TRUE(warnings.contains(QStringLiteral("同じ領収書が他の申請に添付されています")))
        << warnings.toStdString();
  }
  page->sections()->setCurrentIndex(SubsidiesPage::kProgrammesSection);
  Screenshot(&window, "subsidies_programmes.png");
  // Two programmes share a name: their ids (the last-but-one column) must show whole.
  ExpectWholeColumn(page, programs, programs->columnCount() - 2);

  // --- Receipts on the open claim: an executable named .pdf and an empty file are refused. ---
  page->sections()->setCurrentIndex(SubsidiesPage::kClaimsSection);
  ASSERT_TRUE(page->SelectClaim(QString::fromStdString(open.claim_id())));
  QSignalSpy failed(page, &SubsidiesPage::failed);
  QSignalSpy uploaded(page, &SubsidiesPage::receiptUploaded);
  const QString exe = tmp + QStringLiteral("/領収書.pdf");
  ASSERT_TRUE(QFile::copy(QStringLiteral("/bin/true"), exe));
  page->UploadReceiptFile(exe);
  ASSERT_TRUE(failed.wait(kWaitMs));
  EXPECT_TRUE(page->message()->text().contains(QStringLiteral("PDF、JPEG、PNG")))
      << page->message()->text().toStdString();
  Screenshot(&window, "subsidies_receipt_refused.png");
  const QString empty = tmp + QStringLiteral("/空.png");
  QFile(empty).open(QIODevice::WriteOnly);
  page->UploadReceiptFile(empty);
  ASSERT_TRUE(failed.wait(kWaitMs));
  EXPECT_TRUE(page->message()->text().contains(QStringLiteral("空")))
      << page->message()->text().toStdString();
  EXPECT_EQ(ServerClaim(open.claim_id()).receipts_size(), 0);

  // A real scan is stored with its SHA-256.
  page->receipt_kind_box()->setCurrentIndex(0);  // 領収書の写し
  page->UploadReceiptFile(png_path);
  ASSERT_TRUE(uploaded.wait(kWaitMs));
  const std::string sha =
      QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex().toStdString();
  EXPECT_EQ(uploaded.value(0).value(0).toString().toStdString(), sha);
  v1::Claim stored = ServerClaim(open.claim_id());
  ASSERT_EQ(stored.receipts_size(), 1);
  EXPECT_EQ(stored.receipts(0).sha256_hex(), sha);
  EXPECT_EQ(stored.receipts(0).content_type(), "image/png");
  // The same scan is on the other two claims: flagged.
  EXPECT_TRUE(stored.receipts(0).duplicate_elsewhere());
  EXPECT_EQ(page->receipts_model()->rowCount(), 1);

  // The stored scan can be viewed: fetched with its content and checked against its SHA-256.
  QSignalSpy shown(page, &SubsidiesPage::receiptShown);
  const QString receipt_id = QString::fromStdString(stored.receipts(0).receipt_id());
  page->ViewReceipt(receipt_id);
  ASSERT_TRUE(shown.wait(kWaitMs)) << page->message()->text().toStdString();
  EXPECT_EQ(shown.value(0).value(1).toString().toStdString(), sha);
  EXPECT_EQ(shown.value(0).value(2).toSize(), scan.size());
  // A file altered in the database is refused, not shown as the receipt.
  ASSERT_TRUE(rig_->pg()
                  .Psql("kakunin",
                        "UPDATE subsidy_receipts SET content = content || '\\x00'::bytea "
                        "WHERE receipt_id = '" +
                            receipt_id.toStdString() + "'")
                  .ok());
  page->ViewReceipt(receipt_id);
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return page->message()->text().contains(QStringLiteral("SHA-256")); }, kWaitMs))
      << page->message()->text().toStdString();
  EXPECT_EQ(shown.size(), 1);
  // The altered file is deleted from the draft (the toolbar asks first; the slot is what it
  // calls), and the scan uploaded again.
  EXPECT_FALSE(page->delete_receipt_action()->isEnabled());  // no receipt selected yet
  ASSERT_TRUE(page->SelectReceipt(receipt_id));
  EXPECT_TRUE(page->delete_receipt_action()->isEnabled());
  QSignalSpy deleted(page, &SubsidiesPage::receiptDeleted);
  page->DeleteReceipt(receipt_id);
  ASSERT_TRUE(deleted.wait(kWaitMs)) << page->message()->text().toStdString();
  EXPECT_EQ(page->message()->text(), QStringLiteral("内訳書.png を申請から削除しました。"));
  EXPECT_EQ(ServerClaim(open.claim_id()).receipts_size(), 0);
  EXPECT_EQ(page->receipts_model()->rowCount(), 0);
  page->UploadReceiptFile(png_path);
  ASSERT_TRUE(uploaded.wait(kWaitMs));

  // Ready needs the itemisation too; the refusal says what is missing.
  QSignalSpy changed(page, &SubsidiesPage::claimChanged);
  page->ChangeSelectedClaimState(v1::CLAIM_STATE_READY, QString());
  ASSERT_TRUE(failed.wait(kWaitMs));
  EXPECT_TRUE(page->message()->text().contains(QStringLiteral("領収書内訳書")));
  page->receipt_kind_box()->setCurrentIndex(1);  // 領収書内訳書
  const QString pdf_path = tmp + QStringLiteral("/内訳書.pdf");
  QFile pdf_file(pdf_path);
  ASSERT_TRUE(pdf_file.open(QIODevice::WriteOnly));
  pdf_file.write(ReceiptPdf(tmp, QStringLiteral("領収書内訳書 汎用カードリーダー 38,500円")));
  pdf_file.close();
  page->UploadReceiptFile(pdf_path);
  ASSERT_TRUE(uploaded.wait(kWaitMs));
  page->ChangeSelectedClaimState(v1::CLAIM_STATE_READY, QString());
  ASSERT_TRUE(changed.wait(kWaitMs));
  EXPECT_EQ(ServerClaim(open.claim_id()).state(), v1::CLAIM_STATE_READY);
  EXPECT_EQ(page->SelectedClaim()->computed_amount_yen(), 28875);  // floor(38,500 × 3/4)
  // A ready claim's receipts stay: deleting is not offered.
  ASSERT_EQ(page->receipts_model()->rowCount(), 2);
  ASSERT_TRUE(
      page->SelectReceipt(QString::fromStdString(page->receipts_model()->RowAt(0).receipt_id())));
  EXPECT_FALSE(page->delete_receipt_action()->isEnabled());
  Screenshot(&window, "subsidies_claims.png");
  ExpectWholeColumn(page, page->claims_model(), 7);  // warnings, one a line
  // Items name their terminal (the fixture's report a hostname), not its id.
  for (int r = 0; r < page->items_model()->rowCount(); ++r) {
    const QString terminal = page->items_model()->index(r, 2).data().toString();
    EXPECT_FALSE(terminal.startsWith(QStringLiteral("dev-"))) << terminal.toStdString();
  }

  // Filing the closed programme's claim today is refused, plainly.
  ASSERT_TRUE(page->SelectClaim(QString::fromStdString(late.claim_id())));
  page->ChangeSelectedClaimState(v1::CLAIM_STATE_SUBMITTED, QStringLiteral("post"));
  ASSERT_TRUE(failed.wait(kWaitMs));
  EXPECT_EQ(page->message()->text(), QStringLiteral("補助事業の締切を過ぎています。"));
  EXPECT_EQ(ServerClaim(late.claim_id()).state(), v1::CLAIM_STATE_READY);

  // --- Export the granted claim. ---
  ASSERT_TRUE(page->SelectClaim(QString::fromStdString(granted.claim_id())));
  QSignalSpy exported(page, &SubsidiesPage::exported);
  const QString csv_path = QString::fromStdString(kArtifacts + "/claim_granted.csv");
  const QString pdf_out = QString::fromStdString(kArtifacts + "/claim_granted.pdf");
  page->ExportCsv(csv_path);
  page->ExportPdf(pdf_out);
  ASSERT_EQ(exported.count(), 2);
  QFile csv(csv_path);
  ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
  const QByteArray csv_bytes = csv.readAll();
  EXPECT_TRUE(csv_bytes.startsWith("\xEF\xBB\xBF"));
  const v1::Claim server_granted = ServerClaim(granted.claim_id());
  EXPECT_TRUE(csv_bytes.contains(QByteArray::fromStdString(granted.claim_id())));
  EXPECT_TRUE(
      csv_bytes.contains(QByteArray::fromStdString(server_granted.receipts(0).sha256_hex())));
  EXPECT_TRUE(csv_bytes.contains("128250"));  // floor(171,000 × 3/4): both caps bind
  auto text =
      testing::RunCommand({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf_out.toStdString(), "-"}, {},
                          "", false, std::chrono::seconds(30));
  ASSERT_TRUE(text.ok());
  // NFKC and no white space: Qt maps some shared glyphs to Kangxi radicals in the PDF's text,
  // and cells wrap (see the export test).
  QString pdf_text = QString::fromStdString(text->output).normalized(QString::NormalizationForm_KC);
  pdf_text.remove(QRegularExpression(QStringLiteral("\\s")));
  EXPECT_TRUE(pdf_text.contains(QStringLiteral("かくにん薬局本町店"))) << pdf_text.toStdString();
  EXPECT_TRUE(pdf_text.contains(QStringLiteral("128,250円"))) << pdf_text.toStdString();
  // Each digest is printed as four lines of 16; the text reads across the row's cells, so the
  // lines are looked for one by one.
  for (const auto& r : server_granted.receipts()) {
    const QString sha = QString::fromStdString(r.sha256_hex());
    for (int i = 0; i < 64; i += 16)
      EXPECT_TRUE(pdf_text.contains(sha.mid(i, 16))) << r.sha256_hex();
  }

  // --- Deadlines: HQ's programme warns at 30 days for the two pharmacies that may claim it. ---
  DeadlineBoardModel* deadlines = page->deadlines_model();
  int warned = 0;
  for (int r = 0; r < deadlines->rowCount(); ++r) {
    const v1::Deadline& d = deadlines->RowAt(r);
    if (d.closed()) continue;
    EXPECT_EQ(d.program_id(), "card_reader_support_2026");
    EXPECT_EQ(deadlines->index(r, 1).data().toString(), QStringLiteral("残り12日"));
    EXPECT_EQ(deadlines->index(r, 0).data(Qt::BackgroundRole).value<QColor>(), WarningColour(30));
    ++warned;
  }
  EXPECT_EQ(warned, 3);  // honcho, kasetsu (pharmacies) and ekimae (large chain)
  const QDate due = QDate::fromString(QString::fromStdString(Iso(12)), Qt::ISODate);
  EXPECT_EQ(page->calendar()->selectedDate(), due);
  EXPECT_EQ(page->calendar()->dateTextFormat(due).background().color(), WarningColour(30));
  page->sections()->setCurrentIndex(SubsidiesPage::kDeadlinesSection);
  Screenshot(&window, "subsidies_deadlines.png");
  ExpectWholeColumn(page, deadlines, 4);  // 申請可能額

  // --- 経過措置: who must already run the full check, who may use 資格確認限定型. ---
  ObligationsModel* measures = page->obligations_model();
  ASSERT_EQ(measures->rowCount(), 6);
  std::map<std::string, QString> obligation;
  for (int r = 0; r < measures->rowCount(); ++r) {
    obligation[measures->RowAt(r).site_id()] = measures->index(r, 3).data().toString();
  }
  EXPECT_EQ(obligation["honcho"], QStringLiteral("オンライン資格確認（通常）が必要"));
  EXPECT_EQ(obligation["kasetsu"], QStringLiteral("猶予中：資格確認限定型を利用可"));
  EXPECT_EQ(obligation["yamanobe"], QStringLiteral("猶予中：資格確認限定型を利用可"));
  EXPECT_EQ(obligation["kenshin"], QStringLiteral("義務対象外：資格確認限定型を利用可"));
  page->sections()->setCurrentIndex(SubsidiesPage::kMeasuresSection);
  Screenshot(&window, "subsidies_transitional.png");

  // --- The daily summary (stored by the server, or made now for HQ before its time). ---
  const QString summary = page->summary_view()->toPlainText();
  EXPECT_TRUE(summary.contains(QStringLiteral("カードリーダー増設支援（令和8年度）")))
      << summary.toStdString();
  EXPECT_TRUE(summary.contains(QStringLiteral("かくにん薬局 仮設店舗"))) << summary.toStdString();
  page->sections()->setCurrentIndex(SubsidiesPage::kSummarySection);
  Screenshot(&window, "subsidies_summary.png");

  // --- Users and roles. ---
  UsersPage* users = window.users_page();
  EXPECT_TRUE(window.tabs()->isTabVisible(window.tabs()->indexOf(users)));
  QSignalSpy users_loaded(users, &UsersPage::loaded);
  window.tabs()->setCurrentWidget(users);
  ASSERT_TRUE(users_loaded.wait(kWaitMs));
  users->new_action()->trigger();
  UserDialog* dialog = users->open_dialog();
  ASSERT_NE(dialog, nullptr);
  dialog->login_edit()->setText(QStringLiteral("tanaka"));
  dialog->name_edit()->setText(QStringLiteral("田中 花子"));
  dialog->password_edit()->setText(QStringLiteral("password"));
  dialog->role_box()->setCurrentIndex(
      dialog->role_box()->findData(static_cast<int>(v1::ROLE_BRANCH_MANAGER)));
  for (int i = 0; i < dialog->site_list()->count(); ++i) {
    auto* item = dialog->site_list()->item(i);
    if (item->data(Qt::UserRole).toString() == QStringLiteral("kasetsu")) {
      item->setCheckState(Qt::Checked);
    }
  }
  QSignalSpy users_failed(users, &UsersPage::failed);
  emit dialog->saveRequested();
  ASSERT_TRUE(users_failed.wait(kWaitMs));
  EXPECT_TRUE(dialog->error_label()->text().contains(QStringLiteral("8〜100文字")))
      << dialog->error_label()->text().toStdString();
  Screenshot(dialog, "users_new_dialog_refused.png");
  dialog->password_edit()->setText(QStringLiteral("Kasetsu2026"));
  QSignalSpy saved(users, &UsersPage::userSaved);
  emit dialog->saveRequested();
  ASSERT_TRUE(saved.wait(kWaitMs));
  ASSERT_TRUE(users_loaded.wait(kWaitMs));
  auto find_user = [&](const std::string& login) {
    auto list = subsidy_->ListUsers();
    EXPECT_TRUE(list.ok());
    for (const auto& u : list->users()) {
      if (u.login() == login) return u;
    }
    return v1::User();
  };
  v1::User tanaka = find_user("tanaka");
  EXPECT_EQ(tanaka.role(), v1::ROLE_BRANCH_MANAGER);
  ASSERT_EQ(tanaka.site_ids_size(), 1);
  EXPECT_EQ(tanaka.site_ids(0), "kasetsu");

  // Change role and sites: now also 駅前店.
  ASSERT_TRUE(users->SelectUser(QStringLiteral("tanaka")));
  users->edit_action()->trigger();
  dialog = users->open_dialog();
  ASSERT_NE(dialog, nullptr);
  for (int i = 0; i < dialog->site_list()->count(); ++i) {
    auto* item = dialog->site_list()->item(i);
    if (item->data(Qt::UserRole).toString() == QStringLiteral("ekimae")) {
      item->setCheckState(Qt::Checked);
    }
  }
  emit dialog->saveRequested();
  ASSERT_TRUE(saved.wait(kWaitMs));
  ASSERT_TRUE(users_loaded.wait(kWaitMs));
  tanaka = find_user("tanaka");
  EXPECT_EQ(std::set<std::string>(tanaka.site_ids().begin(), tanaka.site_ids().end()),
            (std::set<std::string>{"ekimae", "kasetsu"}));

  // Lock: the account can no longer log in; unlock: it can again.
  ASSERT_TRUE(users->SelectUser(QStringLiteral("tanaka")));
  users->lock_action()->trigger();
  ASSERT_TRUE(saved.wait(kWaitMs));
  ASSERT_TRUE(users_loaded.wait(kWaitMs));
  EXPECT_TRUE(find_user("tanaka").disabled());
  ConsoleClient tanaka_client(rig_->address(), ca_);
  auto refused = tanaka_client.Login("tanaka", "Kasetsu2026");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "auth.disabled");
  ASSERT_TRUE(users->SelectUser(QStringLiteral("tanaka")));
  Screenshot(&window, "users_page.png");
  users->unlock_action()->trigger();
  ASSERT_TRUE(saved.wait(kWaitMs));
  EXPECT_FALSE(find_user("tanaka").disabled());
  ASSERT_TRUE(tanaka_client.Login("tanaka", "Kasetsu2026").ok());

  // A branch manager's console has no Users page.
  MainWindow branch(QString::fromStdString(rig_->address()), ca_);
  branch.SetCredentials(QStringLiteral("tanaka"), QStringLiteral("Kasetsu2026"));
  QSignalSpy branch_in(&branch, &MainWindow::loggedIn);
  branch.StartLogin();
  ASSERT_TRUE(branch_in.wait(kWaitMs));
  EXPECT_FALSE(branch.tabs()->isTabVisible(branch.tabs()->indexOf(branch.users_page())));
  EXPECT_TRUE(branch.tabs()->isTabVisible(branch.tabs()->indexOf(branch.subsidies_page())));
}

}  // namespace
}  // namespace kakunin::console
