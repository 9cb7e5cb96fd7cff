// Screenshots of the counter window in Japanese (offscreen), one per situation staff meet:
// waiting for a card, a card already on the reader, the PIN pad, an eligible result (and its
// support details opened), a 資格喪失 result, 医療扶助 with a current and with an ended 医療券, a
// reader without extended APDUs, offline with queued results, and waiting for HQ's approval or
// revoked by HQ. Each test asserts what the picture must show — the texts people read, and no
// codes outside the support details — and that the picture is not blank. One picture per way a
// check can end is station_next_step_screens_test.cpp's. PNGs go to
// ${CMAKE_BINARY_DIR}/artifacts/station/.
#include <QLabel>
#include <QToolButton>
#include <ctime>
#include <string>

#include "agent/station/models/labels.h"
#include "agent/station/models/next_step_text.h"
#include "agent/station/tests/screens_harness.h"
#include "common/domain/date.h"

namespace kakunin::station::testing {
namespace {

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

// HQ fixed the identity mode: the counter shows that one mode, readable, and says who set it.
TEST_F(StationScreensTest, ModeSetByHq) {
  v1::AgentStatus s = Status();
  s.mutable_config()->set_local_mode_override_allowed(false);
  s.mutable_config()->set_default_mode(v1::IDENTITY_MODE_PIN);
  Open(s);
  EXPECT_TRUE(window_->pin_button()->isVisible());
  EXPECT_EQ(window_->pin_button()->text(), QStringLiteral("暗証番号"));
  EXPECT_FALSE(window_->visual_button()->isVisible());
  EXPECT_TRUE(window_->mode_note()->isVisible());
  EXPECT_EQ(window_->mode_note()->text(), QStringLiteral("（本部の設定）"));
  Save(QStringLiteral("mode_set_by_hq"));
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
  ExpectSeenWithoutScrolling(window_->result_card()->insurance_group(), "the insurance");
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
  ExpectSeenWithoutScrolling(window_->result_card()->insurance_group(), "the insurance");
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
  // The red banner points to the new insurance on screen rather than asking the patient for it.
  EXPECT_EQ(
      card->loss_banner()->text(),
      QStringLiteral("資格喪失: 2026年9月30日 — 喪失事由: 他の保険の資格取得。この保険者には"
                     "請求できません。患者さんのほかの保険は「ほかの資格」に表示しています。"));
  // The next step (below) says to use the new insurance: the card does not say it twice.
  EXPECT_FALSE(card->warning_banner()->isVisible()) << card->warning_banner()->text().toStdString();
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
  ExpectSeenWithoutScrolling(window_->result_card()->insurance_group(), "the insurance");
  ExpectSeenWithoutScrolling(card->others_group(), "the other records");
  Save(QStringLiteral("lost_with_new_qualification"));
  // Shown with no next step (a past check opened again), the card names the new insurance.
  card->Show(r);
  ASSERT_TRUE(card->warning_banner()->isVisible());
  EXPECT_TRUE(card->warning_banner()->text().contains(QStringLiteral(
      "照会の回答には、患者さんの新しい保険「テスト市国民健康保険（139998）」もあります")))
      << card->warning_banner()->text().toStdString();
  EXPECT_TRUE(card->HasWarnings());

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
  EXPECT_FALSE(card->warning_banner()->isVisible());
  EXPECT_TRUE(card->others_group()->isVisible());
  ExpectSeenWithoutScrolling(window_->result_card()->insurance_group(), "the insurance");
  ExpectSeenWithoutScrolling(window_->result_card()->others_group(), "the other records");
  Save(QStringLiteral("several_qualifications"));
  card->Show(r);  // opened again later, with no next step
  ASSERT_TRUE(card->warning_banner()->isVisible());
  EXPECT_TRUE(card->warning_banner()->text().contains(
      QStringLiteral("患者さんは同時に複数の保険に加入しています")))
      << card->warning_banner()->text().toStdString();

  // The next patient's result has none: the section is gone.
  card->Show(Eligible("3f1c2a9e-0010"));
  EXPECT_FALSE(card->others_group()->isVisible());
}

// A counter laptop's 1366×768 screen, the window maximised under its title bar and the taskbar
// (≈ 696 px): a lost coverage with the patient's new insurance, the longest result, shows who
// to bill without scrolling. The history list gives way (one row; F8 opens the rest).
TEST_F(StationScreensTest, ALostCoverageFitsALaptopScreen) {
  Open(Status());
  window_->resize(1366, 696);  // maximised under a title bar and a taskbar
  v1::CheckResult r = Lost();
  auto* next = r.mutable_eligibility()->add_other_records();
  next->set_insurer_number("139998");
  next->set_insurer_name("テスト市国民健康保険");
  next->set_valid_from("2026-10-01");
  CheckAndShow(r);
  ResultCard* card = window_->result_card();
  ExpectSeenWithoutScrolling(card->headline(), "the headline");
  ExpectSeenWithoutScrolling(card->insurance_group(), "the insurance");
  ExpectSeenWithoutScrolling(card->others_group(), "the other records");
  ExpectSeenWithoutScrolling(window_->next_step_button(), "the next step");
  Save(QStringLiteral("lost_on_a_laptop_screen"));
  // The same window made tall again shows the history's usual rows.
  window_->resize(1366, 900);
  for (int i = 0; i < 8; ++i) QCoreApplication::sendPostedEvents();
  EXPECT_GE(window_->findChild<QTableView*>(QStringLiteral("recentChecks"))->maximumHeight(), 120);
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
  card->Show(r);  // as a past check opened again: the warning names the other insurer too
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
  ExpectSeenWithoutScrolling(window_->result_card()->insurance_group(), "the insurance");
  ExpectSeenWithoutScrolling(window_->result_card()->aid_group(), "the medical aid");
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

  // A PC put back to an older copy (its certificate superseded at HQ): said, with what waits.
  s.set_hq_refusal("device.stale_certificate");
  Push(s);
  ASSERT_TRUE(WaitFor([&] {
    return window_->connection_label()->text() == QStringLiteral("本部: 証明書が置き換え済み");
  }));
  EXPECT_EQ(
      window_->offline_banner()->text(),
      QStringLiteral("この端末の証明書は、本部で新しいものに置き換えられています（以前のバック"
                     "アップから戻したパソコンか、この端末の複製の可能性があります）。結果は"
                     "この端末に保存されていますが、本部には送られません。本部に連絡してくだ"
                     "さい。送信待ち: 3件"));
  Save(QStringLiteral("hq_stale_certificate"));

  // HQ has no record of the terminal (restored from a backup taken before its enrollment).
  s.set_hq_refusal("device.unknown");
  Push(s);
  ASSERT_TRUE(WaitFor([&] {
    return window_->connection_label()->text() == QStringLiteral("本部: 端末の登録なし");
  }));
  EXPECT_EQ(window_->offline_banner()->text(),
            QStringLiteral("本部にこの端末の登録がありません（本部のデータが、この端末を登録する"
                           "前のバックアップから復元された可能性があります）。結果はこの端末に"
                           "保存されていますが、登録し直すまで本部には送られません。本部に連絡し、"
                           "この端末を登録し直してください。送信待ち: 3件"));
  Save(QStringLiteral("hq_unknown_terminal"));

  // Welcomed again: connected, no banner (a stale refusal is not shown).
  s.set_connected(true);
  Push(s);
  ASSERT_TRUE(WaitFor([&] { return !window_->offline_banner()->isVisible(); }));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 接続中"));

  // Connected to an HQ older than this terminal: results wait here on purpose, and staff are
  // told why and who can end it (not the network cable of the backlog's banner).
  s.set_hq_older(true);
  s.set_outbox_depth(250);
  s.set_outbox_warning(true);
  Push(s);
  ASSERT_TRUE(WaitFor([&] { return window_->offline_banner()->isVisible(); }));
  EXPECT_EQ(window_->connection_label()->text(),
            QStringLiteral("本部: 接続中（結果は端末に保管中）"));
  EXPECT_EQ(window_->offline_banner()->text(),
            QStringLiteral("本部のサーバーがこの端末より古い版のため、結果はまだ送らずにこの端末に"
                           "保管しています。確認はいつもどおり続けられます。本部にサーバーの更新"
                           "を依頼してください。未送信: 250件。"));
  EXPECT_FALSE(VisibleText(window_.get()).contains(QStringLiteral("ネットワークケーブル")));
  Save(QStringLiteral("hq_older"));
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

}  // namespace
}  // namespace kakunin::station::testing
