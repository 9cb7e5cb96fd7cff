// Screenshots of the counter window in Japanese (offscreen), one per situation staff meet:
// waiting for a card, a card already on the reader, the PIN pad, an eligible result (and its
// support details opened), a 資格喪失 result, 医療扶助 with a current and with an ended 医療券, a
// reader without extended APDUs, offline with queued results, and waiting for HQ's approval or
// revoked by HQ. Each test asserts what the picture must show — the texts people read, and no
// codes outside the support details — and that the picture is not blank. Then one picture per way a
// check can end, with the next step's sentence and button (next_step_*.png). PNGs go to
// ${CMAKE_BINARY_DIR}/artifacts/station/.
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "agent/station/models/labels.h"
#include "agent/station/models/next_step_text.h"
#include "agent/station/tests/window_harness.h"
#include "common/domain/date.h"

namespace kakunin::station::testing {
namespace {

// Distinct colours on a coarse grid: a blank or single-colour grab has a handful at most.
int DistinctColours(const QImage& image) {
  std::set<QRgb> colours;
  for (int y = 0; y < image.height(); y += 4) {
    for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
  }
  return static_cast<int>(colours.size());
}

// Every visible label's text in the window, as a person reads the picture.
QString VisibleText(const QWidget* root) {
  QString all;
  for (const QLabel* label : root->findChildren<QLabel*>()) {
    if (label->isVisible()) all += label->text() + QLatin1Char('\n');
  }
  return all;
}

class StationScreensTest : public WindowTest {
 protected:
  // Codes are for the help desk: none of them may be on screen while the details are closed.
  void ExpectNoCodesShown() {
    const QString text = VisibleText(window_.get());
    for (const char* code : {"ATR", "APDU", "3b8a80019078b3a1a0b0c1e3", "区分 01", "3f1c2a9e-"}) {
      EXPECT_FALSE(text.contains(QString::fromUtf8(code))) << code << " in:\n"
                                                           << text.toStdString();
    }
  }

  // Saves the window (with `dialog` drawn where it sits on screen) and checks it is a picture.
  void Save(const QString& name, QWidget* dialog = nullptr) {
    // Layout requests travel up the widget tree one posted event at a time: flush them so that
    // labels whose text just changed have their final size in the picture.
    for (int i = 0; i < 8; ++i) QCoreApplication::sendPostedEvents();
    QImage image = window_->grab().toImage();
    if (dialog) {
      QPainter painter(&image);
      QPoint at = dialog->mapToGlobal(QPoint(0, 0)) - window_->mapToGlobal(QPoint(0, 0));
      if (!image.rect().contains(QRect(at, dialog->size()))) {
        at = QPoint((image.width() - dialog->width()) / 2, (image.height() - dialog->height()) / 2);
      }
      painter.fillRect(image.rect(), QColor(0, 0, 0, 80));  // dim the window behind the dialog
      painter.drawImage(at, dialog->grab().toImage());
    }
    ASSERT_TRUE(QDir().mkpath(QStringLiteral(KAKUNIN_STATION_ARTIFACT_DIR)));
    const QString path = QStringLiteral(KAKUNIN_STATION_ARTIFACT_DIR "/") + name + ".png";
    ASSERT_TRUE(image.save(path)) << path.toStdString();
    QImage back(path);
    EXPECT_EQ(back.size(), window_->size());
    EXPECT_GT(DistinctColours(back), 50) << name.toStdString() << " looks blank";
  }

  void CheckAndShow(const v1::CheckResult& result) {
    agent_.QueueAnswer(result);
    window_->StartCheck();
    ASSERT_TRUE(WaitFor([&] { return window_->phase() == StationWindow::Phase::kShowingResult; }));
  }
};

TEST_F(StationScreensTest, WaitingForCard) {
  agent_.SetRecent({Lost(), Eligible()});
  Open(Status());
  ASSERT_TRUE(WaitFor([&] { return window_->recent_model()->rowCount() == 2; }));
  EXPECT_TRUE(window_->prompt()->isVisible());
  EXPECT_EQ(window_->prompt()->text(), QStringLiteral("カードをリーダーに置いてください"));
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("準備完了")));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 接続中"));
  EXPECT_FALSE(window_->offline_banner()->isVisible());
  EXPECT_FALSE(window_->reader_banner()->isVisible());
  EXPECT_FALSE(window_->result_card()->isVisible());
  EXPECT_TRUE(window_->visual_button()->isChecked());
  Save(QStringLiteral("waiting_for_card"));
}

// The window opens with a card already on the reader: it says so and what to do (Enter), and
// never asks to place the card.
TEST_F(StationScreensTest, CardAlreadyOnTheReader) {
  v1::AgentStatus s = Status();
  s.set_reader_status("card_present");
  Open(s);
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("カードあり")));
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("リーダーにカードが置かれています。Enterを押して確認を始めてください"));
  EXPECT_FALSE(VisibleText(window_.get()).contains(QStringLiteral("置いてください")));
  EXPECT_TRUE(agent_.checks().empty());  // nothing starts until staff press Enter
  Save(QStringLiteral("card_already_on_reader"));
}

TEST_F(StationScreensTest, PinPad) {
  v1::AgentStatus s = Status();
  s.mutable_config()->set_default_mode(v1::IDENTITY_MODE_PIN);
  s.set_pin_tries_left(3);
  Open(s);
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
  PinPadDialog* pad = window_->pin_pad();
  QTest::keyClicks(pad->edit(), "12");
  EXPECT_EQ(pad->edit()->echoMode(), QLineEdit::Password);
  EXPECT_EQ(pad->edit()->text(), QStringLiteral("12"));
  EXPECT_FALSE(pad->edit()->displayText().contains(QLatin1Char('1')));
  EXPECT_EQ(pad->tries_label()->text(), QStringLiteral("残り回数: 3回"));
  EXPECT_FALSE(pad->guard_label()->isVisible());
  EXPECT_TRUE(pad->key(7)->isVisible());
  EXPECT_GE(pad->key(7)->height(), 60);  // large keys for the patient
  Save(QStringLiteral("pin_pad"), pad);
  pad->reject();
}

TEST_F(StationScreensTest, EligibleResult) {
  Open(Status());
  CheckAndShow(Eligible());
  ResultCard* card = window_->result_card();
  EXPECT_EQ(card->headline()->text(), QStringLiteral("資格有効  負担割合 3割"));
  EXPECT_EQ(card->FieldText("name"), QStringLiteral("山田 花子"));
  EXPECT_EQ(card->FieldText("insurer"), QStringLiteral("かくにん健康保険組合"));
  EXPECT_EQ(card->FieldText("symbol_number"), QStringLiteral("1234 / 56789 / 00"));
  EXPECT_EQ(card->FieldText("birth_date"), QStringLiteral("1985年4月12日（昭和60年4月12日）"));
  EXPECT_EQ(card->FieldText("verification"), QStringLiteral("暗証番号（患者さんが入力）"));
  EXPECT_FALSE(card->loss_banner()->isVisible());
  EXPECT_FALSE(card->aid_group()->isVisible());
  EXPECT_FALSE(window_->error_panel()->isVisible());
  EXPECT_TRUE(card->details_toggle()->isVisible());
  EXPECT_EQ(card->details_toggle()->text(), QStringLiteral("サポート用の詳細"));
  EXPECT_FALSE(card->details_group()->isVisible());
  ExpectNoCodesShown();
  Save(QStringLiteral("eligible_result"));
}

// Support asked for the codes: the details open on the same result.
TEST_F(StationScreensTest, SupportDetailsOpened) {
  Open(Status());
  CheckAndShow(Eligible());
  ResultCard* card = window_->result_card();
  card->details_toggle()->click();
  ASSERT_TRUE(card->details_group()->isVisible());
  const QString text = VisibleText(card);
  EXPECT_TRUE(text.contains(QStringLiteral("区分 01"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("3b8a80019078b3a1a0b0c1e3")));
  EXPECT_TRUE(text.contains(QStringLiteral("8 APDU / 1840 ミリ秒")));
  EXPECT_TRUE(text.contains(QStringLiteral("3f1c2a9e-0001")));
  Save(QStringLiteral("support_details"));
}

TEST_F(StationScreensTest, CoverageLostResult) {
  Open(Status());
  CheckAndShow(Lost());
  ResultCard* card = window_->result_card();
  EXPECT_EQ(card->headline()->text(), QStringLiteral("資格喪失"));
  ASSERT_TRUE(card->loss_banner()->isVisible());
  EXPECT_TRUE(card->loss_banner()->text().contains(QStringLiteral("2026年9月30日")));
  EXPECT_TRUE(card->loss_banner()->text().contains(QStringLiteral("他の保険の資格取得")));
  EXPECT_EQ(card->FieldText("loss_reason"), QStringLiteral("他の保険の資格取得"));
  // The field's label is there in Japanese too.
  bool label_shown = false;
  for (QLabel* l : card->findChildren<QLabel*>()) {
    label_shown |= l->text() == QStringLiteral("喪失事由") && l->isVisible();
  }
  EXPECT_TRUE(label_shown);
  EXPECT_EQ(card->FieldText("verification"), QStringLiteral("目視確認（職員が顔写真で確認）"));
  Save(QStringLiteral("coverage_lost_result"));
}

// An answer with two records (QualificationValidity 3: the one asked about lost, a new one named):
// the new insurance is on screen with what to do, not dropped (a domain review).
TEST_F(StationScreensTest, LostWithANewQualification) {
  Open(Status());
  v1::CheckResult r = Lost();
  auto* next = r.mutable_eligibility()->add_other_records();
  next->set_insurer_number("139998");
  next->set_insurer_name("テスト市国民健康保険");
  next->set_insured_symbol("テ国");
  next->set_insured_number("6150");
  next->set_insured_branch_number("00");
  next->set_personal_family(1);
  next->set_copayment_percent(30);
  next->set_valid_from("2026-10-01");
  CheckAndShow(r);
  ResultCard* card = window_->result_card();
  EXPECT_EQ(card->headline()->text(), QStringLiteral("資格喪失"));
  ASSERT_TRUE(card->warning_banner()->isVisible());
  EXPECT_TRUE(card->warning_banner()->text().contains(QStringLiteral(
      "照会の回答には、患者さんの新しい保険「テスト市国民健康保険（139998）」もあります")))
      << card->warning_banner()->text().toStdString();
  ASSERT_TRUE(card->others_group()->isVisible());
  EXPECT_EQ(card->others_group()->title(), QStringLiteral("ほかの資格"));
  const QString others = card->others_text()->text();
  EXPECT_TRUE(others.contains(QStringLiteral("保険者: テスト市国民健康保険（139998）")))
      << others.toStdString();
  EXPECT_TRUE(others.contains(QStringLiteral("記号・番号・枝番: テ国 / 6150 / 00")));
  EXPECT_TRUE(others.contains(QStringLiteral("負担割合 3割")));
  EXPECT_TRUE(others.contains(QStringLiteral("有効期間: 2026年10月1日 〜")));
  // What to do next: go on with the new insurance, not the documents route.
  EXPECT_EQ(
      window_->next_step_label()->text(),
      QStringLiteral("照会した保険は資格を喪失していますが、回答に患者さんの新しい保険があります"
                     "（「ほかの資格」に表示）。患者さんに確かめて、新しい保険で受付を続けてく"
                     "ださい。"));
  EXPECT_EQ(window_->next_step_button()->text(),
            NextStepText::Button(domain::NextAction::kNextPatient));
  EXPECT_TRUE(card->HasWarnings());
  Save(QStringLiteral("lost_with_new_qualification"));

  // Two at once (validity 5): which one to use is the patient's to say.
  r.set_outcome(v1::OUTCOME_MULTIPLE);
  r.mutable_eligibility()->clear_disqualification_date();
  r.mutable_eligibility()->clear_valid_to();
  r.mutable_eligibility()->clear_loss_reason();
  r.set_check_id("3f1c2a9e-0009");
  agent_.QueueAnswer(r);
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] {
    return window_->phase() == StationWindow::Phase::kShowingResult &&
           card->headline()->text() == QStringLiteral("複数の資格あり");
  }));
  EXPECT_EQ(window_->next_step_label()->text(),
            QStringLiteral("複数の資格が見つかりました。今日使う保険を患者さんに確かめてから、"
                           "受付を進めてください。"));
  EXPECT_TRUE(card->warning_banner()->text().contains(
      QStringLiteral("患者さんは同時に複数の保険に加入しています")))
      << card->warning_banner()->text().toStdString();
  EXPECT_TRUE(card->others_group()->isVisible());
  Save(QStringLiteral("several_qualifications"));

  // The next patient's result has none: the section is gone.
  card->Show(Eligible("3f1c2a9e-0010"));
  EXPECT_FALSE(card->others_group()->isVisible());
}

// What the service or a file in the terminal's folder says (anyone on the PC can write there) is
// shown as written, never as markup: a name or insurer's name with tags reads as those tags.
TEST_F(StationScreensTest, ServiceTextIsNeverMarkup) {
  Open(Status());
  v1::CheckResult r = Lost();
  const std::string name = "<b>佐藤</b><img src=\"file:///etc/passwd\">";
  const std::string insurer = "<a href=\"https://evil.example/\">テスト国保</a>";
  r.mutable_eligibility()->set_name(name);
  auto* other = r.mutable_eligibility()->add_other_records();
  other->set_insurer_name(insurer);
  CheckAndShow(r);
  ResultCard* card = window_->result_card();
  int seen = 0;
  for (const QLabel* l : card->findChildren<QLabel*>()) {
    for (const std::string& text : {name, insurer}) {
      if (!l->text().contains(QString::fromStdString(text))) continue;
      ++seen;
      EXPECT_EQ(l->textFormat(), Qt::PlainText) << l->objectName().toStdString();
    }
  }
  EXPECT_EQ(card->FieldText("name").toStdString(), name);
  EXPECT_GE(seen, 3);  // the name's row, the warning and the other-records box
}

TEST_F(StationScreensTest, MedicalAidResult) {
  Open(Status());
  CheckAndShow(WithMedicalAid());
  ResultCard* card = window_->result_card();
  ASSERT_TRUE(card->aid_banner()->isVisible());
  EXPECT_TRUE(card->aid_banner()->text().startsWith(QStringLiteral(
      "医療扶助（生活保護）の医療券あり: 公費負担者番号 12131504、受給者番号 1234566")));
  EXPECT_TRUE(card->aid_group()->isVisible());
  EXPECT_EQ(card->FieldText("aid_beneficiary"), QStringLiteral("1234566"));
  EXPECT_FALSE(card->FieldText("aid_valid").contains(QStringLiteral("終了")));
  ExpectNoCodesShown();
  Save(QStringLiteral("medical_aid_result"));
}

// Last month's 医療券: the window says it ended and what to do, never "医療券あり".
TEST_F(StationScreensTest, MedicalAidVoucherEnded) {
  Open(Status());
  const v1::CheckResult r = WithMedicalAid(/*months_ago=*/1);
  CheckAndShow(r);
  ResultCard* card = window_->result_card();
  ASSERT_TRUE(card->aid_banner()->isVisible());
  const QString ended = Labels::Date(r.eligibility().medical_aid().valid_to());
  EXPECT_TRUE(card->aid_banner()->text().startsWith(
      QStringLiteral("医療券の有効期間は%1で終わっています（確認日より前）。").arg(ended)))
      << card->aid_banner()->text().toStdString();
  EXPECT_FALSE(VisibleText(window_.get()).contains(QStringLiteral("医療券あり")));
  EXPECT_TRUE(card->FieldText("aid_valid").endsWith(QStringLiteral("（確認日より前に終了）")));
  Save(QStringLiteral("medical_aid_ended"));
}

TEST_F(StationScreensTest, ReaderNotCompliant) {
  v1::AgentStatus s = Status();
  s.set_extended_apdu(false);  // the daemon's probe found the reader not compliant
  Open(s);
  ASSERT_TRUE(window_->reader_banner()->isVisible());
  agent_.QueueAnswer(MakeError(ErrorCode::kFailedPrecondition, "card.reader_not_compliant",
                               "this reader does not pass extended APDUs"));
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->error_panel()->isVisible() && window_->idle(); }));
  // Plain words at the counter; "extended APDU" waits in the support details.
  const QString expected = QStringLiteral(
      "このカードリーダーではマイナンバーカードを読み取れません。対応機種に交換してください。");
  EXPECT_TRUE(window_->error_panel()->text().startsWith(expected))
      << window_->error_panel()->text().toStdString();
  EXPECT_TRUE(window_->reader_banner()->text().startsWith(expected));
  EXPECT_FALSE(window_->error_panel()->text().contains(QStringLiteral("APDU")));
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("使用不可")));
  EXPECT_FALSE(window_->result_card()->isVisible());
  Save(QStringLiteral("reader_not_compliant"));
}

TEST_F(StationScreensTest, OfflineWithQueuedResults) {
  v1::AgentStatus s = Status(/*connected=*/false, /*depth=*/1250);
  s.set_outbox_warning(true);
  agent_.SetRecent({Eligible()});
  Open(s);
  ASSERT_TRUE(WaitFor([&] { return window_->recent_model()->rowCount() == 1; }));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 未接続"));
  ASSERT_TRUE(window_->offline_banner()->isVisible());
  EXPECT_TRUE(window_->offline_banner()->text().contains(QStringLiteral("1250件")));
  EXPECT_TRUE(
      window_->offline_banner()->text().contains(QStringLiteral("確認はそのまま続けられます")));
  ASSERT_TRUE(window_->outbox_banner()->isVisible());
  EXPECT_TRUE(window_->start_button()->isEnabled());  // checks go on offline
  Save(QStringLiteral("offline_queued"));
}

// HQ refusing the terminal (not approved yet, revoked) is told apart from a network outage: the
// network banner would have staff wait for a connection that never comes.
TEST_F(StationScreensTest, WaitingForApprovalAndRevokedAreNotShownAsOffline) {
  v1::AgentStatus s = Status(/*connected=*/false, /*depth=*/3);
  s.set_hq_refusal("device.pending");
  s.set_verification_code("482 913");
  Open(s);
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 承認待ち"));
  ASSERT_TRUE(window_->offline_banner()->isVisible());
  EXPECT_EQ(window_->offline_banner()->text(),
            QStringLiteral("本部の承認待ちです。本部に確認コード「482 913」を伝えてください。"));
  EXPECT_TRUE(window_->start_button()->isEnabled());
  Save(QStringLiteral("hq_pending"));

  s.set_hq_refusal("device.revoked");
  Push(s);
  ASSERT_TRUE(
      WaitFor([&] { return window_->connection_label()->text() == QStringLiteral("本部: 失効"); }));
  EXPECT_EQ(window_->offline_banner()->text(),
            QStringLiteral("この端末は本部で失効されました。結果は送信されません。本部に連絡して"
                           "ください。"));
  EXPECT_FALSE(window_->offline_banner()->text().contains(QStringLiteral("接続が戻ると")));
  Save(QStringLiteral("hq_revoked"));

  // Welcomed again: connected, no banner (a stale refusal is not shown).
  s.set_connected(true);
  Push(s);
  ASSERT_TRUE(WaitFor([&] { return !window_->offline_banner()->isVisible(); }));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 接続中"));
}

// --- The certificate calendar's counter banner (issue 19) --------------------------------------

// 23:59:59 Japan time, `days` after today in Japan: a certificate's notAfter on that last day.
google::protobuf::Timestamp JapanLastDayIn(int days) {
  const int64_t now = std::time(nullptr);
  const int64_t japan_midnight = (now + 9 * 3600) / 86400 * 86400 - 9 * 3600;
  google::protobuf::Timestamp t;
  t.set_seconds(japan_midnight + (days + 1) * 86400LL - 1);
  return t;
}

TEST_F(StationScreensTest, CertificateBannerFrom30DaysThenExpired) {
  // The 資格確認端末's certificate as the daemon read it from the file HQ named: 12 days left.
  v1::AgentStatus s = Status();
  s.mutable_config()->mutable_terminal_certificate()->set_path("/mnt/oqs/cert/terminal.cer");
  s.mutable_config()->mutable_terminal_certificate()->set_last_valid_day("2099-01-01");
  *s.mutable_terminal_certificate()->mutable_not_after() = JapanLastDayIn(12);
  s.mutable_terminal_certificate()->set_path("/mnt/oqs/cert/terminal.cer");
  *s.mutable_certificate_not_after() = JapanLastDayIn(300);  // this terminal's own: fine
  Open(s);
  ASSERT_TRUE(window_->certificate_banner()->isVisible());
  EXPECT_EQ(
      window_->certificate_banner()->text(),
      QStringLiteral("資格確認端末の証明書の有効期限まであと 12 日 — 本部に連絡してください"));
  EXPECT_TRUE(window_->start_button()->isEnabled());  // checks go on until the last day
  Save(QStringLiteral("certificate_12_days"));

  // 31 days left: no banner (HQ is warned, the counter not yet).
  *s.mutable_terminal_certificate()->mutable_not_after() = JapanLastDayIn(31);
  Push(s);
  EXPECT_FALSE(window_->certificate_banner()->isVisible());

  // The file could not be read: HQ's recorded day counts — its last valid day was yesterday.
  s.mutable_terminal_certificate()->clear_not_after();
  s.mutable_terminal_certificate()->set_problem("cert_file.unreadable");
  s.mutable_config()->mutable_terminal_certificate()->set_last_valid_day(
      domain::FormatIso(domain::AddDays(domain::JapanDateOf(std::time(nullptr)), -1)));
  Push(s);
  ASSERT_TRUE(window_->certificate_banner()->isVisible());
  EXPECT_EQ(
      window_->certificate_banner()->text(),
      QStringLiteral("資格確認端末の証明書の有効期限が切れました。オンライン資格確認はできません — "
                     "本部に連絡し、資格確認書などの書類で確認してください"));
  EXPECT_TRUE(window_->certificate_banner()->styleSheet().contains(QStringLiteral("#b00020")));
  Save(QStringLiteral("certificate_expired"));
}

TEST_F(StationScreensTest, OwnCertificateOnlyWhenAutomaticRenewalHasFailedForWeeks) {
  v1::AgentStatus s = Status();
  *s.mutable_certificate_not_after() = JapanLastDayIn(20);  // renewing itself: no banner
  Open(s);
  EXPECT_FALSE(window_->certificate_banner()->isVisible());
  *s.mutable_certificate_not_after() = JapanLastDayIn(5);
  Push(s);
  ASSERT_TRUE(window_->certificate_banner()->isVisible());
  EXPECT_EQ(window_->certificate_banner()->text(),
            QStringLiteral("この端末の証明書の有効期限まであと 5 日 — 本部に連絡してください"));
}

// --- The next step (issue 19): one sentence and one button for every way a check ends ---------

// One way a check ends: the daemon's status, its answers (several for repeated failed reads),
// and the sentence and button a person must read afterwards.
struct NextStepCase {
  std::string name;
  v1::AgentStatus status;
  std::vector<Result<v1::CheckResult>> answers;
  QString sentence;
  QString button;
};

void PrintTo(const NextStepCase& c, std::ostream* out) { *out << c.name; }

v1::AgentStatus PinMode(bool visual_allowed) {
  v1::AgentStatus s = Status();
  s.mutable_config()->set_default_mode(v1::IDENTITY_MODE_PIN);
  s.mutable_config()->set_local_mode_override_allowed(visual_allowed);
  s.set_pin_tries_left(-1);  // unknown: the pad takes the PIN, the card answers
  return s;
}

v1::CheckResult WithOutcome(v1::Outcome outcome) {
  v1::CheckResult r = Eligible("3f1c2a9e-0100");
  r.set_outcome(outcome);
  if (outcome != v1::OUTCOME_MULTIPLE) r.clear_eligibility();
  return r;
}

Result<v1::CheckResult> Fails(const char* reason) {
  return MakeError(ErrorCode::kFailedPrecondition, reason, "scripted");
}

const QString kDocumentButton = QStringLiteral("書類で確認する（F6）");
const QString kRetryButton = QStringLiteral("もう一度読み取る");
const QString kNextButton = QStringLiteral("次の患者さんへ");

std::vector<NextStepCase> NextStepCases() {
  std::vector<NextStepCase> cases;
  cases.push_back({"eligible",
                   Status(),
                   {Eligible()},
                   QStringLiteral("確認は完了です。このまま受付を進めてください。"),
                   kNextButton});
  cases.push_back({"multiple",
                   Status(),
                   {WithOutcome(v1::OUTCOME_MULTIPLE)},
                   QStringLiteral("複数の資格が見つかりました。今日使う保険を患者さんに確かめてから"
                                  "、受付を進めてください。"),
                   kNextButton});
  {
    // Expired ten days before the check: the grace runs three months from the expiry.
    v1::CheckResult r = Eligible("3f1c2a9e-0101");
    const domain::Date today = domain::JapanDateOf(r.checked_at().seconds());
    const domain::Date expiry = domain::AddDays(today, -10);
    r.set_certificate_not_after(domain::FormatIso(expiry));
    r.set_certificate_in_grace(true);
    const domain::Date grace_end = domain::AddMonths(expiry, 3);
    const QString last =
        QStringLiteral("%1年%2月%3日").arg(grace_end.year).arg(grace_end.month).arg(grace_end.day);
    cases.push_back({"certificate_in_grace",
                     Status(),
                     {r},
                     QStringLiteral("このまま受付を進めてください。カードの電子証明書の有効期限が切"
                                    "れています。使えるのは%1までなので、市区町村の窓口で更新するよ"
                                    "う患者さんにお伝えください。")
                         .arg(last),
                     kNextButton});
    v1::CheckResult beyond = WithOutcome(v1::OUTCOME_CERTIFICATE_EXPIRED);
    beyond.set_certificate_not_after(domain::FormatIso(domain::AddMonths(today, -4)));
    cases.push_back(
        {"certificate_beyond_grace",
         Status(),
         {beyond},
         QStringLiteral("カードの電子証明書は期限切れのため使えません。資格確認書、または"
                        "マイナポータルの画面か資格情報のお知らせとカードで確認し、市区町"
                        "村の窓口で電子証明書を更新するよう患者さんにお伝えください。"),
         kDocumentButton});
  }
  const QString clean = QStringLiteral(
      "カードの金色の端子を拭き、ケースやホルダーから出して、リーダーに平らに置いてもう一度読み取"
      "ってください。");
  cases.push_back({"card_not_read", Status(), {Fails("card.unreadable")}, clean, kRetryButton});
  cases.push_back({"card_not_read_twice",
                   Status(),
                   {Fails("card.unreadable"), Fails("card.transmit_failed")},
                   clean,
                   kRetryButton});
  cases.push_back(
      {"card_not_read_three_times",
       Status(),
       {Fails("card.unreadable"), Fails("card.transmit_failed"), Fails("card.bad_certificate")},
       QStringLiteral("カードを読み取れません。マイナポータルの画面（PDFも可）、または"
                      "資格情報のお知らせと、マイナンバーカードで確認してください。"),
       kDocumentButton});
  cases.push_back({"no_card",
                   Status(),
                   {Fails("card.no_card")},
                   QStringLiteral("カードをリーダーに置き、結果が出るまでそのままにしてください。"),
                   kRetryButton});
  const QString pin_visual = QStringLiteral(
      "暗証番号は使えません。目視確認に切り替え、カードの顔写真とご本人を見比べてください。");
  const QString visual_button = QStringLiteral("目視確認で読み取る");
  cases.push_back(
      {"pin_locked", PinMode(true), {Fails("card.pin_locked")}, pin_visual, visual_button});
  cases.push_back(
      {"pin_one_try_left", PinMode(true), {Fails("card.pin_guard")}, pin_visual, visual_button});
  // Where HQ forbids switching, the branch manager's one-time 目視確認 is the way (its own
  // test below); offline no allowance can arrive, so the documents.
  v1::AgentStatus pin_offline = PinMode(false);
  pin_offline.set_connected(false);
  cases.push_back({"pin_locked_visual_not_allowed_offline",
                   pin_offline,
                   {Fails("card.pin_locked")},
                   QStringLiteral("暗証番号は使えず、本部の設定ではこの端末で目視確認ができません。"
                                  "マイナポータルの画面、または資格情報のお知らせと、マイナンバーカ"
                                  "ードで確認してください。"),
                   kDocumentButton});
  const QString no_record = QStringLiteral(
      "オンラインでは有効な資格が確認できませんでした。資格確認書か、ほかの書類をお願いしてくださ"
      "い。どれもお持ちでない場合は、最後の手段として被保険者資格申立書を記入していただきます。");
  cases.push_back({"ineligible", Status(), {Lost()}, no_record, kDocumentButton});
  cases.push_back(
      {"not_found", Status(), {WithOutcome(v1::OUTCOME_NOT_FOUND)}, no_record, kDocumentButton});
  cases.push_back({"not_registered",
                   Status(),
                   {WithOutcome(v1::OUTCOME_NOT_REGISTERED)},
                   QStringLiteral("このカードは健康保険証としての利用登録がされていません。お手元に"
                                  "届いている資格確認書か、ほかの書類をお願いしてください。利用登録"
                                  "は、あとで患者さんご自身がマイナポータルなどでできます。"),
                   kDocumentButton});
  {
    v1::CheckResult refused = WithOutcome(v1::OUTCOME_DOCUMENT_REFUSED);
    refused.set_source(v1::CHECK_SOURCE_DOCUMENT);
    refused.set_error_reason("document.expired");
    refused.mutable_document()->set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
    cases.push_back(
        {"document_refused",
         Status(),
         {refused},
         QStringLiteral("ほかの書類（資格確認書、またはマイナポータルの画面か資格情報のお"
                        "知らせとカード）をお願いしてください。最後の手段は被保険者資格申"
                        "立書です。"),
         kDocumentButton});
  }
  v1::AgentStatus not_compliant = Status();
  not_compliant.set_extended_apdu(false);
  cases.push_back({"reader_not_compliant",
                   not_compliant,
                   {Fails("card.reader_not_compliant")},
                   QStringLiteral("このカードリーダーではマイナンバーカードを読み取れません。本部に"
                                  "連絡してください（本部のリーダー報告にも表示されます）。交換"
                                  "までは書類で確認してください。"),
                   kDocumentButton});
  cases.push_back({"service_unavailable",
                   Status(),
                   {Fails("eligibility.unavailable")},
                   QStringLiteral("オンライン資格確認ができませんでした。マイナポータルの画面（PDF"
                                  "も可）、または資格情報のお知らせと、マイナンバーカードで確認して"
                                  "ください。"),
                   kDocumentButton});
  return cases;
}

// Issue 19: HQ forbids switching to 目視確認 here and the PIN is locked. The counter waits for the
// branch manager (the button there but not usable), then — when the one-time allowance arrives
// from HQ — says who allowed it and why, and its button runs ONE visual check naming the
// allowance, without changing HQ's mode.
TEST_F(StationScreensTest, BranchManagersOneTimeVisualCheck) {
  Open(PinMode(false));
  agent_.QueueAnswer(Fails("card.pin_locked"));
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
  QTest::keyClicks(window_->pin_pad()->edit(), "1234");
  QTest::keyClick(window_->pin_pad()->edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->idle() && window_->next_step_panel()->isVisible(); }));

  const QString button = QStringLiteral("目視確認で読み取る（1回のみ）");
  EXPECT_EQ(
      window_->next_step_label()->text().toStdString(),
      QStringLiteral("店舗責任者の許可を待っています。暗証番号が使えず、この端末では本部の設定で"
                     "目視確認ができません。店舗責任者に管理コンソールからこの端末の目視確認を1回"
                     "許可してもらってください（誰がなぜ許可したかは記録されます）。書類での"
                     "確認もできます（F6）。")
          .toStdString());
  EXPECT_EQ(window_->next_step_button()->text().toStdString(), button.toStdString());
  EXPECT_FALSE(window_->next_step_button()->isEnabled());
  EXPECT_TRUE(window_->document_button()->isEnabled());  // the documents stay open meanwhile
  ExpectNoCodesShown();
  Save(QStringLiteral("next_step_pin_manager_waiting"));

  // The allowance arrives (the daemon shows it in its status): the same panel changes.
  v1::AgentStatus allowed = PinMode(false);
  auto* a = allowed.mutable_visual_allowance();
  a->set_allowance_id("6f1d2c3b-4a59-4e8f-9a7b-0c1d2e3f4a5b");
  a->set_reason("暗証番号ロック。保険証の写真で本人確認済み");
  a->set_granted_by("佐藤 店長");
  a->mutable_expires_at()->set_seconds(std::time(nullptr) + 15 * 60);
  Push(allowed);
  ASSERT_TRUE(WaitFor([&] { return window_->next_step_button()->isEnabled(); }));
  EXPECT_EQ(
      window_->next_step_label()->text().toStdString(),
      QStringLiteral("店舗責任者が1回だけ目視確認を許可しました（理由: 暗証番号ロック。保険証の写真"
                     "で本人確認済み／許可: 佐藤 店長）。カードの顔写真とご本人を見比べてから"
                     "読み取ってください。")
          .toStdString());
  EXPECT_EQ(window_->next_step_button()->text().toStdString(), button.toStdString());
  ExpectNoCodesShown();
  Save(QStringLiteral("next_step_pin_manager_allowed"));

  // One visual check that names the allowance; HQ's mode (暗証番号) stays selected.
  agent_.QueueAnswer(Eligible());
  const size_t before = agent_.checks().size();
  window_->next_step_button()->click();
  ASSERT_TRUE(WaitFor(
      [&] { return window_->idle() && window_->phase() == StationWindow::Phase::kShowingResult; }));
  ASSERT_EQ(agent_.checks().size(), before + 1);
  EXPECT_EQ(agent_.checks().back().mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_EQ(agent_.checks().back().visual_allowance_id(), a->allowance_id());
  EXPECT_TRUE(agent_.checks().back().pin().empty());
  EXPECT_EQ(window_->mode(), v1::IDENTITY_MODE_PIN);
  EXPECT_EQ(window_->next_step_label()->text().toStdString(),
            QStringLiteral("確認は完了です。このまま受付を進めてください。").toStdString());
}

// An allowance whose time ran out is not offered: the counter waits for a new one.
TEST_F(StationScreensTest, ExpiredAllowanceIsNotOffered) {
  v1::AgentStatus s = PinMode(false);
  auto* a = s.mutable_visual_allowance();
  a->set_allowance_id("6f1d2c3b-4a59-4e8f-9a7b-0c1d2e3f4a5c");
  a->set_reason("暗証番号ロック");
  a->set_granted_by("佐藤 店長");
  a->mutable_expires_at()->set_seconds(std::time(nullptr) - 1);
  Open(s);
  agent_.QueueAnswer(Fails("card.pin_guard"));
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
  QTest::keyClicks(window_->pin_pad()->edit(), "1234");
  QTest::keyClick(window_->pin_pad()->edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->idle() && window_->next_step_panel()->isVisible(); }));
  EXPECT_TRUE(window_->next_step_label()->text().startsWith(
      QStringLiteral("店舗責任者の許可を待っています")));
  EXPECT_FALSE(window_->next_step_button()->isEnabled());
}

class NextStepScreensTest : public StationScreensTest,
                            public ::testing::WithParamInterface<NextStepCase> {
 protected:
  // One check as staff run it: Enter, and in PIN mode the patient's 4 digits on the pad.
  void RunOneCheck() {
    const bool pin = window_->mode() == v1::IDENTITY_MODE_PIN;
    window_->StartCheck();
    if (pin) {
      ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
      QTest::keyClicks(window_->pin_pad()->edit(), "1234");
      QTest::keyClick(window_->pin_pad()->edit(), Qt::Key_Return);
    }
    ASSERT_TRUE(WaitFor([&] {
      return window_->idle() && window_->phase() != StationWindow::Phase::kChecking &&
             window_->next_step_panel()->isVisible();
    }));
  }
};

TEST_P(NextStepScreensTest, SaysWhatToDoNext) {
  const NextStepCase& c = GetParam();
  Open(c.status);
  for (const auto& answer : c.answers) {
    agent_.QueueAnswer(answer);
    RunOneCheck();
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(window_->next_step_label()->text().toStdString(), c.sentence.toStdString());
  EXPECT_EQ(window_->next_step_button()->text().toStdString(), c.button.toStdString());
  EXPECT_TRUE(window_->next_step_button()->isVisible());
  EXPECT_TRUE(window_->next_step_button()->isEnabled());
  // Refusing a patient who brings a 資格確認書 is unlawful: no step may hint at it.
  for (const char* word : {"断", "拒", "帰っ"}) {
    EXPECT_FALSE(window_->next_step_label()->text().contains(QString::fromUtf8(word))) << word;
  }
  // No end shows codes (the reader's banner too: 拡張APDU waits in the support details).
  ExpectNoCodesShown();
  Save(QStringLiteral("next_step_") + QString::fromStdString(c.name));
}

INSTANTIATE_TEST_SUITE_P(EveryEnd, NextStepScreensTest, ::testing::ValuesIn(NextStepCases()),
                         [](const ::testing::TestParamInfo<NextStepCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kakunin::station::testing
