// Issue 20: what a person reads on the Results and Audit pages and in a check's details. The
// pages run offscreen with the Japanese translation over a fake client (the one seam faked here)
// and are saved as screenshots, but the test asserts the visible text itself: terminals and sites
// by name (ids only in tooltips or the folded support section), 負担割合 as 「3割」, error reasons
// in words, and dates in Japan time whatever the machine's zone (CTest runs this binary under
// several TZ values; the far-off zones make the local date differ from Japan's at any hour).
// The check's other sealed fields (certificate, 受診券, staff member, the service's error text)
// read in Japanese only where a check has them, and the service's words literally.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDateTime>
#include <QFont>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimeZone>
#include <QToolButton>
#include <QTranslator>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "console/models/labels.h"
#include "console/ui/audit_page.h"
#include "console/ui/date_range.h"
#include "console/ui/result_detail_dialog.h"
#include "console/ui/results_page.h"
#include "console/ui/subsidies_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;

int64_t Now() { return QDateTime::currentSecsSinceEpoch(); }

v1::Device Device(const std::string& id, const std::string& name, const std::string& host) {
  v1::Device d;
  d.set_device_id(id);
  d.set_site_id("honcho");
  d.mutable_facts()->set_terminal_name(name);
  d.mutable_facts()->set_hostname(host);
  return d;
}

// The certificate of the 受診券 check below expired 20 days before Japan's today: it is in its
// grace period (about 3 months).
QDate CertificateEnd() {
  return QDateTime::fromSecsSinceEpoch(Now(), QTimeZone(9 * 3600)).date().addDays(-20);
}

// The SHA-256 of a card's certificate, as the terminal sends it: 32 bytes (here 00 01 … 1f).
std::string Digest() {
  std::string d;
  for (char b = 0; b < 32; ++b) d.push_back(b);
  return d;
}
constexpr char kDigestHex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// The service's words as a terminal received them: markup, a line break, a tab, an escape, and
// a "%2" that must not be filled in.
constexpr char kServiceText[] =
    "<b>照会番号</b> A-1 <img src=\"file:///etc/passwd\">\n<a href=\"https://example.com/\">"
    "再照会</a>\t\x1b[31m%2";
// What staff read: the same characters, literally, on one line.
constexpr char kServiceTextShown[] =
    "<b>照会番号</b> A-1 <img src=\"file:///etc/passwd\"> <a href=\"https://example.com/\">"
    "再照会</a> [31m%2";

// The labels of the sealed fields' rows, in Japanese.
const QStringList& SealedRowLabels() {
  static const QStringList labels = {
      QStringLiteral("窓口の担当者"),          QStringLiteral("電子証明書の有効期限"),
      QStringLiteral("電子証明書（SHA-256）"), QStringLiteral("受診券の保険者番号"),
      QStringLiteral("受診券の保険者"),        QStringLiteral("資格確認サービスのエラー内容")};
  return labels;
}

v1::ResultRow Row(const std::string& check_id, const std::string& device_id, int64_t at) {
  v1::ResultRow row;
  row.set_check_id(check_id);
  row.set_device_id(device_id);
  row.set_site_id("honcho");
  row.set_sequence(7);
  auto* r = row.mutable_result();
  r->mutable_checked_at()->set_seconds(at);
  r->set_mode(v1::IDENTITY_MODE_PIN);
  r->set_route(v1::CHECK_ROUTE_COUNTER);
  r->set_outcome(v1::OUTCOME_ELIGIBLE);
  return row;
}

// One site, a terminal with a 端末名, one with only a hostname; two checks made just now (one
// failed on the card), and two audit records about them.
class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {
    auto* site = sites_.add_sites();
    site->set_site_id("honcho");
    site->set_name("本町薬局");
    *devices_.add_devices() = Device("dev-7f3a", "本町薬局1号機", "HONCHO-PC1");
    *devices_.add_devices() = Device("dev-9b21", "", "HONCHO-PC2");
    auto ok = Row("chk-1", "dev-7f3a", Now() - 60);
    auto* e = ok.mutable_result()->mutable_eligibility();
    e->set_name("山田 太郎");
    e->set_copayment_percent(30);
    e->set_card_classification("01");
    auto failed = Row("chk-2", "dev-9b21", Now() - 30);
    failed.mutable_result()->set_outcome(v1::OUTCOME_ERROR);
    failed.mutable_result()->set_error_reason("card.read_failed");
    rows_ = {failed, ok, TicketCheck(), ServiceFailure()};
  }

  // A card at the counter with a 受診券 whose insurer is the patient's, a certificate in its
  // grace period, the staff member's name.
  static v1::ResultRow TicketCheck() {
    auto row = Row("chk-3", "dev-7f3a", Now() - 90);
    auto* r = row.mutable_result();
    r->set_source(v1::CHECK_SOURCE_CARD);
    auto* e = r->mutable_eligibility();
    e->set_name("佐藤 花子");
    e->set_insurer_number("06139993");
    e->set_copayment_percent(30);
    r->set_certificate_digest(Digest());
    r->set_certificate_not_after(CertificateEnd().toString(Qt::ISODate).toStdString());
    r->set_certificate_in_grace(true);
    r->set_contract_insurer_number("06139993");
    r->set_contract_insurer_match(true);
    r->set_operator_name("薬剤師 鈴木");
    return row;
  }

  // The card was read, the service answered with an error: no patient record, so no insurer
  // to compare the 受診券 with, and no staff name typed.
  static v1::ResultRow ServiceFailure() {
    auto row = Row("chk-4", "dev-9b21", Now() - 120);
    auto* r = row.mutable_result();
    r->set_source(v1::CHECK_SOURCE_CARD);
    r->set_outcome(v1::OUTCOME_ERROR);
    r->set_error_reason("oqs.unavailable");
    r->set_error_message(kServiceText);
    r->set_certificate_digest(Digest());
    r->set_contract_insurer_number("06139993");
    return row;
  }

  Result<v1::ListSitesResponse> ListSites() override { return sites_; }
  Result<v1::ListDevicesResponse> ListDevices(const std::string&) override { return devices_; }
  Result<v1::QueryResultsResponse> QueryResults(const v1::QueryResultsRequest&) override {
    v1::QueryResultsResponse r;
    for (const auto& row : rows_) *r.add_rows() = row;
    return r;
  }
  Result<v1::ResultRow> GetResult(const std::string& check_id) override {
    if (check_id == refused_) {
      return MakeError(ErrorCode::kPermissionDenied, "results.review_window_closed",
                       "patient details could be viewed until the end of next month");
    }
    for (const auto& row : rows_) {
      if (row.check_id() == check_id) return row;
    }
    return MakeError(ErrorCode::kNotFound, "results.not_found", "no such check");
  }
  Result<v1::QueryAuditResponse> QueryAudit(const v1::QueryAuditRequest&) override {
    v1::QueryAuditResponse r;
    auto* a = r.add_records();
    a->set_seq(1);
    a->set_event_type("device.approved");
    a->set_site_id("honcho");
    a->set_device_id("dev-7f3a");
    a->mutable_at()->set_seconds(Now());
    return r;
  }
  // A tampered chain, with the verifier's English summary as the server sends it.
  Result<v1::VerifyAuditResponse> VerifyAudit(const v1::VerifyAuditRequest&) override {
    v1::VerifyAuditResponse v;
    v.set_ok(false);
    v.set_first_bad_seq(3);
    v.set_records_checked(5);
    v.set_problem("audit.hash_mismatch");
    v.set_detail("Audit chain NOT intact: 1 problem(s) in 5 record(s); first at seq 3");
    return v;
  }

  // GetResult refuses this check as if its re-view window had closed (the list row keeps all).
  void Refuse(const std::string& check_id) { refused_ = check_id; }

 private:
  std::string refused_;
  v1::ListSitesResponse sites_;
  v1::ListDevicesResponse devices_;
  std::vector<v1::ResultRow> rows_;
};

// Every label a person can see in `root` (hidden ones, e.g. a folded section, are left out).
QStringList VisibleLabels(QWidget* root) {
  QStringList texts;
  for (auto* l : root->findChildren<QLabel*>()) {
    if (l->isVisibleTo(root) && !l->text().isEmpty()) texts << l->text();
  }
  return texts;
}

// Saves what a person would see, after checking that no label is cut short: one-line labels
// get their whole width, wrapped ones the height of their lines.
void SaveShot(QWidget* widget, const QString& name) {
  // The layout settles after the last text change. The live-feed label changes on its own (the
  // fake's watch has no server and retries); a change delivered by this processEvents posts a
  // layout request that would otherwise wait for the next one, so those are sent until none is
  // left, and no text changes between here and the grab (both run on this thread).
  QApplication::processEvents();
  for (int i = 0; i < 4; ++i) QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  for (auto* l : widget->findChildren<QLabel*>()) {
    if (!l->isVisibleTo(widget) || l->text().isEmpty()) continue;
    if (l->wordWrap()) {
      EXPECT_GE(l->height(), l->heightForWidth(l->width()))
          << name.toStdString() << ": " << l->text().toStdString();
      continue;
    }
    EXPECT_GE(l->width(), l->sizeHint().width())
        << name.toStdString() << ": " << l->text().toStdString();
    EXPECT_GE(l->height(), l->sizeHint().height())
        << name.toStdString() << ": " << l->text().toStdString();
  }
  const QString zone = QString::fromLocal8Bit(qgetenv("TZ")).replace(QLatin1Char('/'), '_');
  std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  const QString path = QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/%1_%2.png")
                           .arg(name, zone.isEmpty() ? QStringLiteral("local") : zone);
  EXPECT_TRUE(widget->grab().save(path)) << path.toStdString();
}

class ScreenTextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "screen_text_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));
  }

  // The Results page at the window's default size, searched and with its names loaded.
  void Open(ResultsPage& page) {
    page.resize(1280, 800);
    page.show();
    QSignalSpy choices(&page, &ResultsPage::choicesLoaded);
    QSignalSpy loaded(&page, &ResultsPage::resultsLoaded);
    page.SetSession(client_);
    ASSERT_TRUE(choices.count() > 0 || choices.wait(kWaitMs));
    ASSERT_TRUE(loaded.count() > 0 || loaded.wait(kWaitMs));
  }

  static inline QApplication* app_ = nullptr;
  std::shared_ptr<FakeClient> client_ = std::make_shared<FakeClient>();
};

QString Cell(QAbstractItemModel* model, int row, int column, int role = Qt::DisplayRole) {
  return model->index(row, column).data(role).toString();
}

// The text beside `label` in `box`'s form; empty when there is no such row.
QString RowText(QWidget* box, const QString& label) {
  auto* form = box ? qobject_cast<QFormLayout*>(box->layout()) : nullptr;
  if (form == nullptr) return {};
  for (int i = 0; i < form->rowCount(); ++i) {
    auto* name = form->itemAt(i, QFormLayout::LabelRole);
    auto* value = form->itemAt(i, QFormLayout::FieldRole);
    if (name == nullptr || value == nullptr) continue;
    auto* name_label = qobject_cast<QLabel*>(name->widget());
    auto* value_label = qobject_cast<QLabel*>(value->widget());
    if (name_label && value_label && name_label->text() == label) return value_label->text();
  }
  return {};
}

// As read: the zero-width spaces that let a long run wrap are not seen.
QString Read(QString text) { return text.remove(QChar(0x200B)); }

// A check's details, opened from the Results page through GetResult.
ResultDetailDialog* OpenDetail(ResultsPage& page, const char* id) {
  if (!page.SelectCheck(QString::fromLatin1(id))) return nullptr;
  QSignalSpy opened(&page, &ResultsPage::detailOpened);
  page.ShowSelected();
  if (!opened.wait(kWaitMs)) return nullptr;
  return qobject_cast<ResultDetailDialog*>(page.open_dialog());
}

TEST_F(ScreenTextTest, ResultsRowsNameTerminalsAndSites) {
  ResultsPage page;
  Open(page);
  auto* m = page.model();
  ASSERT_EQ(m->rowCount(), 4);
  // A terminal without a 端末名 goes by its hostname; the id stays in the tooltip.
  EXPECT_EQ(Cell(m, 0, ResultsModel::kDevice), QStringLiteral("HONCHO-PC2"));
  EXPECT_EQ(Cell(m, 1, ResultsModel::kDevice), QStringLiteral("本町薬局1号機"));
  EXPECT_EQ(Cell(m, 1, ResultsModel::kDevice, Qt::ToolTipRole), QStringLiteral("dev-7f3a"));
  EXPECT_EQ(Cell(m, 1, ResultsModel::kSite), QStringLiteral("本町薬局"));
  EXPECT_EQ(Cell(m, 1, ResultsModel::kSite, Qt::ToolTipRole), QStringLiteral("honcho"));
  EXPECT_EQ(page.device_box()->findText(QStringLiteral("本町薬局1号機")), 1);
  SaveShot(&page, QStringLiteral("screen_text_results"));
  page.EndSession();
}

TEST_F(ScreenTextTest, CheckDetailsReadInWordsWithIdsFoldedAway) {
  ResultsPage page;
  Open(page);
  for (const char* id : {"chk-1", "chk-2"}) {
    ASSERT_TRUE(page.SelectCheck(QString::fromLatin1(id)));
    QSignalSpy opened(&page, &ResultsPage::detailOpened);
    page.ShowSelected();
    ASSERT_TRUE(opened.wait(kWaitMs));
    auto* dialog = qobject_cast<ResultDetailDialog*>(page.open_dialog());
    ASSERT_NE(dialog, nullptr);
    const QStringList shown = VisibleLabels(dialog);
    EXPECT_TRUE(shown.contains(QStringLiteral("本町薬局"))) << id;
    for (const char* raw : {"honcho", "dev-7f3a", "dev-9b21", "card.read_failed", "%"}) {
      EXPECT_TRUE(shown.filter(QString::fromLatin1(raw)).isEmpty()) << id << " shows " << raw;
    }
    // Neither check has the sealed fields: no row says 「なし」, the box is not there.
    EXPECT_EQ(dialog->record_box(), nullptr) << id;
    for (const QString& label : SealedRowLabels()) {
      EXPECT_FALSE(shown.contains(label)) << id << " shows " << label.toStdString();
    }
    if (std::string(id) == "chk-1") {
      EXPECT_TRUE(shown.contains(QStringLiteral("本町薬局1号機")));
      EXPECT_TRUE(shown.contains(QStringLiteral("3割")));
    } else {
      EXPECT_TRUE(shown.contains(QStringLiteral("HONCHO-PC2")));
      EXPECT_TRUE(
          shown.contains(QStringLiteral("カードまたはカードリーダーを読み取れませんでした。")));
    }
    SaveShot(dialog, QStringLiteral("screen_text_detail_%1").arg(QString::fromLatin1(id)));
    // Support unfolds the ids and codes.
    dialog->findChild<QToolButton*>(QStringLiteral("supportToggle"))->click();
    const QStringList support = VisibleLabels(dialog->support_box());
    EXPECT_TRUE(support.contains(QStringLiteral("honcho"))) << id;
    EXPECT_TRUE(support.contains(QString::fromLatin1(id)));
    const QString code =
        std::string(id) == "chk-1" ? QStringLiteral("区分 01") : QStringLiteral("card.read_failed");
    EXPECT_TRUE(support.contains(code)) << id;
    dialog->close();
  }
  page.EndSession();
}

// The sealed fields GetResult sends (CheckResult 12-18) read in Japanese where the check has
// them: the staff member, the certificate's end (in its grace period) and short digest, the
// 受診券's insurer and whether it matched. The full digest waits in the support section.
TEST_F(ScreenTextTest, SealedFieldsReadInJapaneseWhereTheCheckHasThem) {
  ResultsPage page;
  Open(page);
  auto* dialog = OpenDetail(page, "chk-3");
  ASSERT_NE(dialog, nullptr);
  QGroupBox* record = dialog->record_box();
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->title(), QStringLiteral("確認の記録（再閲覧期間内のみ表示）"));
  const QStringList shown = VisibleLabels(dialog);
  for (const QString& label : SealedRowLabels()) {
    const bool expected = label != QStringLiteral("資格確認サービスのエラー内容");
    EXPECT_EQ(shown.contains(label), expected) << label.toStdString();
  }
  EXPECT_EQ(RowText(record, QStringLiteral("窓口の担当者")), QStringLiteral("薬剤師 鈴木"));
  EXPECT_EQ(RowText(record, QStringLiteral("電子証明書の有効期限")),
            Labels::Date(CertificateEnd()) + QStringLiteral("（期限切れ・猶予期間中）"));
  EXPECT_EQ(RowText(record, QStringLiteral("電子証明書（SHA-256）")),
            QStringLiteral("0001 0203 0405 0607…"));
  EXPECT_EQ(RowText(record, QStringLiteral("受診券の保険者番号")), QStringLiteral("06139993"));
  EXPECT_EQ(RowText(record, QStringLiteral("受診券の保険者")),
            QStringLiteral("患者さんの保険者と一致しました"));
  bool tooltip = false;
  for (auto* l : record->findChildren<QLabel*>()) {
    tooltip |= l->text() == QStringLiteral("0001 0203 0405 0607…") &&
               l->toolTip().contains(QString::fromLatin1(kDigestHex));
  }
  EXPECT_TRUE(tooltip);
  // The patient's own fields are there too, unchanged.
  EXPECT_EQ(RowText(dialog->patient_box(), QStringLiteral("氏名")), QStringLiteral("佐藤 花子"));
  SaveShot(dialog, QStringLiteral("screen_text_detail_chk-3"));
  dialog->findChild<QToolButton*>(QStringLiteral("supportToggle"))->click();
  EXPECT_EQ(RowText(dialog->support_box(), QStringLiteral("電子証明書のSHA-256（全体）")),
            QString::fromLatin1(kDigestHex));
  dialog->close();
  page.EndSession();
}

// The service's error text comes from outside: shown literally (its markup as characters, never
// rendered), on one line, with the check's other fields but no insurer comparison (the service
// gave no patient record to compare with) and no staff row (none typed).
TEST_F(ScreenTextTest, TheServicesErrorTextIsShownLiterally) {
  ResultsPage page;
  Open(page);
  auto* dialog = OpenDetail(page, "chk-4");
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->patient_box(), nullptr);
  ASSERT_NE(dialog->record_box(), nullptr);
  auto* error = dialog->findChild<QLabel*>(QStringLiteral("serviceError"));
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->textFormat(), Qt::PlainText);
  EXPECT_EQ(Read(error->text()), QString::fromUtf8(kServiceTextShown));
  EXPECT_EQ(Read(RowText(dialog->record_box(), QStringLiteral("資格確認サービスのエラー内容"))),
            QString::fromUtf8(kServiceTextShown));
  for (QChar c : error->text()) {
    EXPECT_NE(c.category(), QChar::Other_Control) << error->text().toStdString();
  }
  const QStringList shown = VisibleLabels(dialog);
  EXPECT_TRUE(shown.contains(QStringLiteral("オンライン資格確認から回答を得られませんでした。")));
  EXPECT_TRUE(shown.contains(QStringLiteral("電子証明書（SHA-256）")));
  EXPECT_EQ(RowText(dialog->record_box(), QStringLiteral("受診券の保険者番号")),
            QStringLiteral("06139993"));
  for (const char* absent : {"受診券の保険者", "窓口の担当者", "電子証明書の有効期限"}) {
    EXPECT_FALSE(shown.contains(QString::fromUtf8(absent))) << absent;
  }
  EXPECT_TRUE(shown.filter(QStringLiteral("一致")).isEmpty());
  EXPECT_EQ(dialog->patient_note(), nullptr);
  SaveShot(dialog, QStringLiteral("screen_text_detail_chk-4"));
  dialog->close();
  page.EndSession();
}

// When GetResult refuses, the list row's copy of the sealed fields is not shown either.
TEST_F(ScreenTextTest, ARefusedCheckShowsNoneOfItsSealedFields) {
  client_->Refuse("chk-3");
  ResultsPage page;
  Open(page);
  auto* dialog = OpenDetail(page, "chk-3");
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->record_box(), nullptr);
  EXPECT_EQ(dialog->patient_box(), nullptr);
  ASSERT_NE(dialog->patient_note(), nullptr);
  dialog->findChild<QToolButton*>(QStringLiteral("supportToggle"))->click();
  const QString all = VisibleLabels(dialog).join('\n');
  for (const QString& label : SealedRowLabels()) EXPECT_FALSE(all.contains(label));
  for (const char* text : {"薬剤師 鈴木", "0001 0203", "000102030405", "佐藤 花子"}) {
    EXPECT_FALSE(all.contains(QString::fromUtf8(text))) << text;
  }
  dialog->close();
  page.EndSession();
}

// The other ways the fields read: a 受診券 that did not match, a certificate not in its grace
// period, grace without a date, and error text too long for the dialog (bounded, the cut said).
TEST_F(ScreenTextTest, SealedFieldsReadPlainlyInEveryCase) {
  const ResultDetailDialog::Names names{QStringLiteral("本町薬局"),
                                        QStringLiteral("本町薬局1号機")};
  v1::ResultRow row = FakeClient::TicketCheck();
  row.mutable_result()->set_contract_insurer_match(false);
  row.mutable_result()->set_certificate_in_grace(false);
  ResultDetailDialog other(row, names, QString(), nullptr);
  EXPECT_EQ(RowText(other.record_box(), QStringLiteral("受診券の保険者")),
            QStringLiteral("患者さんの保険者と一致しませんでした"));
  EXPECT_EQ(RowText(other.record_box(), QStringLiteral("電子証明書の有効期限")),
            Labels::Date(CertificateEnd()));

  row.mutable_result()->clear_certificate_not_after();
  row.mutable_result()->set_certificate_in_grace(true);
  ResultDetailDialog undated(row, names, QString(), nullptr);
  EXPECT_EQ(RowText(undated.record_box(), QStringLiteral("電子証明書の有効期限")),
            QStringLiteral("期限切れ（猶予期間中）"));

  row = FakeClient::ServiceFailure();
  row.mutable_result()->set_error_message(std::string(1000, 'x') + "\n\n\x07");
  ResultDetailDialog long_text(row, names, QString(), nullptr);
  long_text.show();
  const QString text =
      Read(RowText(long_text.record_box(), QStringLiteral("資格確認サービスのエラー内容")));
  EXPECT_EQ(text,
            QString(300, QLatin1Char('x')) + QStringLiteral("…（全1000文字のうち最初の300文字）"));
  // One unbroken run wraps: the dialog stays narrower than the run would be on one line.
  EXPECT_LT(long_text.width(), 800);
  SaveShot(&long_text, QStringLiteral("screen_text_detail_long_error"));
}

TEST_F(ScreenTextTest, AuditRowsNameTerminalsAndSites) {
  AuditPage page;
  page.resize(1280, 800);
  page.show();
  QSignalSpy names(&page, &AuditPage::namesLoaded);
  QSignalSpy loaded(&page, &AuditPage::recordsLoaded);
  page.SetSession(client_);
  ASSERT_TRUE(names.count() > 0 || names.wait(kWaitMs));
  ASSERT_TRUE(loaded.count() > 0 || loaded.wait(kWaitMs));
  auto* m = page.model();
  ASSERT_EQ(m->rowCount(), 1);
  EXPECT_EQ(Cell(m, 0, AuditModel::kSite), QStringLiteral("本町薬局"));
  EXPECT_EQ(Cell(m, 0, AuditModel::kDevice), QStringLiteral("本町薬局1号機"));
  EXPECT_EQ(Cell(m, 0, AuditModel::kDevice, Qt::ToolTipRole), QStringLiteral("dev-7f3a"));
  ASSERT_TRUE(page.SelectSeq(1));
  // The record's full text names both and keeps the ids beside them for support.
  EXPECT_TRUE(page.detail()->toPlainText().contains(QStringLiteral("本町薬局1号機 (dev-7f3a)")));
  SaveShot(&page, QStringLiteral("screen_text_audit"));
}

// An English sentence: two Latin words in a row ("NOT intact", "chain NOT").
bool HasEnglishSentence(const QString& text) {
  static const QRegularExpression words(QStringLiteral("[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}"));
  return words.match(text).hasMatch();
}

// The audit page's terminal filter takes an id; the table shows names. A name typed there is
// answered on the page, in Japanese, without asking the server (which refuses it as no id).
TEST_F(ScreenTextTest, ATerminalsNameInTheAuditFilterIsToldApart) {
  AuditPage page;
  page.resize(1280, 800);
  page.show();
  QSignalSpy loaded(&page, &AuditPage::recordsLoaded);
  page.SetSession(client_);
  ASSERT_TRUE(loaded.count() > 0 || loaded.wait(kWaitMs));
  QLineEdit* terminal = nullptr;
  for (auto* e : page.findChildren<QLineEdit*>()) {
    if (e->placeholderText() == QStringLiteral("端末ID")) terminal = e;
  }
  ASSERT_NE(terminal, nullptr);
  terminal->setText(QStringLiteral("本町薬局1号機"));
  const int before = loaded.count();
  page.Search();
  EXPECT_EQ(loaded.count(), before);
  EXPECT_TRUE(VisibleLabels(&page).join('\n').contains(
      QStringLiteral("「端末」には端末の名前ではなく端末ID")))
      << VisibleLabels(&page).join('\n').toStdString();
  terminal->setText(QStringLiteral("dev-7f3a"));
  page.Search();
  ASSERT_TRUE(loaded.wait(kWaitMs));
}

TEST_F(ScreenTextTest, TheTamperBannerIsAllJapanese) {
  AuditPage page;
  page.resize(1280, 800);
  page.show();
  QSignalSpy verified(&page, &AuditPage::verified);
  page.SetSession(client_);
  page.Verify();
  ASSERT_TRUE(verified.wait(kWaitMs));
  const QString banner = page.verify_label()->text();
  EXPECT_TRUE(banner.contains(QStringLiteral("改ざん"))) << banner.toStdString();
  EXPECT_FALSE(HasEnglishSentence(banner)) << banner.toStdString();
  for (const QString& shown : VisibleLabels(&page)) {
    EXPECT_FALSE(HasEnglishSentence(shown)) << shown.toStdString();
  }
  SaveShot(&page, QStringLiteral("screen_text_audit_tampered"));
  // Support still gets the verifier's words, one click away.
  EXPECT_FALSE(page.verify_detail()->isVisibleTo(&page));
  page.findChild<QToolButton*>(QStringLiteral("verifyDetailToggle"))->click();
  EXPECT_TRUE(page.verify_detail()->isVisibleTo(&page));
  EXPECT_TRUE(page.verify_detail()->text().contains(QStringLiteral("NOT intact")));
}

// Japan's date now, computed without Qt's zone handling: UTC seconds + 9 h.
QDate JapanTodayByHand() {
  const int64_t days = (Now() + 9 * 3600) / 86400;
  return QDate(1970, 1, 1).addDays(days);
}

// The calendars read 「2026年12月」: the year (with 年) left of the month.
void ExpectYearFirst(QCalendarWidget* calendar) {
  auto* year = calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_yearbutton"));
  auto* month = calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_monthbutton"));
  ASSERT_NE(year, nullptr);
  ASSERT_NE(month, nullptr);
  calendar->setCurrentPage(2026, 12);
  EXPECT_EQ(year->text(), QStringLiteral("2026年"));
  EXPECT_EQ(month->text(), QStringLiteral("12月"));
  auto* row = month->parentWidget()->layout();
  EXPECT_LT(row->indexOf(year), row->indexOf(month));
}

TEST_F(ScreenTextTest, CalendarHeadersPutTheYearFirst) {
  DateRange range(7);
  ExpectYearFirst(range.to()->calendarWidget());
  SubsidiesPage subsidies;
  subsidies.sections()->setCurrentIndex(SubsidiesPage::kDeadlinesSection);
  subsidies.resize(1280, 800);
  subsidies.show();
  // Until deadlines load, it shows Japan's today, not the machine's.
  EXPECT_EQ(subsidies.calendar()->selectedDate(), JapanTodayByHand());
  ExpectYearFirst(subsidies.calendar());
  QApplication::processEvents();
  // As drawn: the year left of the month.
  auto* calendar = subsidies.calendar();
  EXPECT_LT(calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_yearbutton"))
                ->mapTo(calendar, QPoint())
                .x(),
            calendar->findChild<QToolButton*>(QStringLiteral("qt_calendar_monthbutton"))
                ->mapTo(calendar, QPoint())
                .x());
  SaveShot(subsidies.calendar(), QStringLiteral("screen_text_calendar"));
}

TEST_F(ScreenTextTest, ThePeriodEndsOnJapansTodayInAnyZone) {
  std::cout << "TZ=" << (std::getenv("TZ") ? std::getenv("TZ") : "(unset)") << ", local date "
            << QDate::currentDate().toString(Qt::ISODate).toStdString() << ", Japan date "
            << JapanTodayByHand().toString(Qt::ISODate).toStdString() << "\n";
  ResultsPage page;
  Open(page);
  const QDate today = JapanTodayByHand();
  EXPECT_EQ(page.to_edit()->date(), today);
  EXPECT_EQ(page.from_edit()->date(), today.addDays(-7));
  // As a person reads it: 「2026年12月3日」 style, Japan's calendar day.
  EXPECT_EQ(page.to_edit()->text(), Labels::Date(today));
  // The default period includes the checks made a minute ago: no "outside the range" warning.
  page.range_box()->setChecked(true);
  QSignalSpy loaded(&page, &ResultsPage::resultsLoaded);
  page.Search();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(page.message_label()->text(), QString());
  EXPECT_GE(page.Filter().to().seconds(), Now());
  const int64_t at = page.model()->RowAt(1)->result().checked_at().seconds();
  EXPECT_EQ(Cell(page.model(), 1, ResultsModel::kTime),
            QDateTime::fromSecsSinceEpoch(at, QTimeZone(9 * 3600))
                .toString(QStringLiteral("yyyy年M月d日 H:mm:ss")));
  page.EndSession();
}

}  // namespace
}  // namespace kakunin::console
