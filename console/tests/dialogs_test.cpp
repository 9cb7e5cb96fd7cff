// The dialogs enforce what they promise before anything reaches the server: the site form checks
// the 医療機関等コード as typed and computes the 経過措置 deadline; approval needs the code
// confirmed; revocation needs a reason and defaults to Cancel; the token is shown with a QR code
// that really has modules; a check's details name the face-recognition reader and say when an
// answer came late.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

#include "console/models/cert_calendar_model.h"
#include "console/ui/allowance_history_dialog.h"
#include "console/ui/device_dialogs.h"
#include "console/ui/enrollment_token_dialog.h"
#include "console/ui/error_text.h"
#include "console/ui/qr_image.h"
#include "console/ui/result_detail_dialog.h"
#include "console/ui/site_dialog.h"
#include "console/ui/subsidies_page.h"
#include "console/ui/visual_allowance_dialog.h"

namespace kakunin::console {
namespace {

class DialogsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "dialogs_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    ja_ = new QTranslator;
    ASSERT_TRUE(ja_->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja_);
  }
  static QApplication* app_;
  static QTranslator* ja_;
};
QApplication* DialogsTest::app_ = nullptr;
QTranslator* DialogsTest::ja_ = nullptr;

void Type(QLineEdit* edit, const QString& text) {
  edit->clear();
  QTest::keyClicks(edit, text);
}

TEST_F(DialogsTest, SiteFormChecksTheCodeAsTyped) {
  SiteDialog dialog(nullptr, nullptr);
  QSignalSpy saves(&dialog, &SiteDialog::saveRequested);
  EXPECT_FALSE(dialog.save_button()->isEnabled());
  Type(dialog.site_id_edit(), "ekimae");
  dialog.name_edit()->setText(QStringLiteral("かくにん薬局 駅前店"));
  Type(dialog.code_edit(), "13412345");
  EXPECT_EQ(dialog.code_status()->text(), QStringLiteral("10桁中 8桁"));
  QTest::keyClicks(dialog.code_edit(), "67xyz");  // the validator keeps digits only
  EXPECT_EQ(dialog.code_edit()->text(), QStringLiteral("1341234567"));
  // A pharmacy code failing the check digit may be kept only with a recorded reason.
  EXPECT_TRUE(dialog.code_status()->text().contains(QStringLiteral("6")));
  EXPECT_TRUE(dialog.override_reason_edit()->isEnabled());
  EXPECT_FALSE(dialog.save_button()->isEnabled());
  Type(dialog.code_edit(), "1341234566");
  EXPECT_TRUE(dialog.code_status()->text().startsWith(QStringLiteral("✓")));
  EXPECT_FALSE(dialog.override_reason_edit()->isEnabled());
  EXPECT_TRUE(dialog.save_button()->isEnabled()) << dialog.problems_label()->text().toStdString();

  // 経過措置 (2): the deadline is six months after fibre, once the date is known.
  dialog.measure_box()->setCurrentIndex(dialog.measure_box()->findData(2));
  EXPECT_EQ(dialog.measure_end()->text(),
            QStringLiteral("期日が決まるまで猶予期限は確定しません。わかり次第入力してください。"));
  dialog.event_known_box()->setChecked(true);
  dialog.event_date_edit()->setDate(QDate(2025, 10, 1));
  EXPECT_EQ(dialog.measure_end()->text(), QStringLiteral("猶予期限: 2026年4月1日まで"));
  EXPECT_TRUE(dialog.save_button()->isEnabled());

  dialog.save_button()->click();
  ASSERT_EQ(saves.size(), 1);
  auto site = saves[0][0].value<v1::Site>();
  EXPECT_EQ(site.site_id(), "ekimae");
  EXPECT_EQ(site.institution_code(), "1341234566");
  EXPECT_EQ(site.prefecture(), "13");
  EXPECT_EQ(site.transitional(), v1::TRANSITIONAL_NO_FIBRE);
  EXPECT_EQ(site.transitional_event_date(), "2025-10-01");
  EXPECT_FALSE(dialog.save_button()->isEnabled());  // busy until the server answers
}

TEST_F(DialogsTest, EditingKeepsWhatTheFormDoesNotShow) {
  v1::Site existing;
  existing.set_site_id("honcho");
  existing.set_name("本町薬局");
  existing.set_institution_code("1342001014");
  existing.set_facility_kind("pharmacy");
  existing.add_allowed_routes(v1::CHECK_ROUTE_HOME_VISIT);
  SiteDialog dialog(&existing, nullptr);
  EXPECT_TRUE(dialog.site_id_edit()->isReadOnly());
  dialog.kind_box()->setCurrentIndex(dialog.kind_box()->findData(QStringLiteral("clinic")));
  EXPECT_FALSE(dialog.save_button()->isEnabled());  // 点数表 4 is not a clinic's
  dialog.kind_box()->setCurrentIndex(dialog.kind_box()->findData(QStringLiteral("chain_pharmacy")));
  EXPECT_TRUE(dialog.save_button()->isEnabled());
  EXPECT_EQ(dialog.site().allowed_routes_size(), 1);
}

TEST_F(DialogsTest, ApprovalNeedsTheCodeConfirmed) {
  v1::Device d;
  d.set_device_id("dev-1");
  d.set_verification_code("482 193");
  ApproveDeviceDialog dialog(d, QStringLiteral("本町薬局"), nullptr);
  QSignalSpy approvals(&dialog, &ApproveDeviceDialog::approveRequested);
  EXPECT_EQ(dialog.code(), QStringLiteral("482 193"));
  EXPECT_FALSE(dialog.approve_button()->isEnabled());
  dialog.confirm_box()->setChecked(true);
  ASSERT_TRUE(dialog.approve_button()->isEnabled());
  dialog.approve_button()->click();
  ASSERT_EQ(approvals.size(), 1);
  EXPECT_EQ(approvals[0][1].toString(), QStringLiteral("482 193"));
  dialog.ShowError(QStringLiteral("x"));
  EXPECT_TRUE(dialog.approve_button()->isEnabled());
}

TEST_F(DialogsTest, RevocationNeedsAReason) {
  v1::Device d;
  d.set_device_id("dev-1");
  RevokeDeviceDialog dialog(d, QStringLiteral("本町薬局"), nullptr);
  QSignalSpy revocations(&dialog, &RevokeDeviceDialog::revokeRequested);
  EXPECT_FALSE(dialog.revoke_button()->isEnabled());
  EXPECT_FALSE(dialog.revoke_button()->isDefault());  // Enter must not revoke by accident
  dialog.reason_box()->setCurrentIndex(1);
  EXPECT_EQ(dialog.reason_box()->currentText(), QStringLiteral("端末の紛失・盗難"));
  ASSERT_TRUE(dialog.revoke_button()->isEnabled());
  dialog.revoke_button()->click();
  ASSERT_EQ(revocations.size(), 1);
  EXPECT_EQ(revocations[0][1].toString(), QStringLiteral("端末の紛失・盗難"));
}

// A terminal that last reported results not yet sent (a replaced PC): the dialog says how many
// and that revoking strands them, and Revoke waits for an explicit tick.
TEST_F(DialogsTest, RevokingATerminalWithUnsentResultsSaysSoAndAsksAgain) {
  v1::Device d;
  d.set_device_id("dev-1");
  d.set_outbox_depth(12);
  d.mutable_last_seen()->set_seconds(1778700000);  // 2026-05-14 04:20 JST
  RevokeDeviceDialog dialog(d, QStringLiteral("本町薬局"), nullptr);
  ASSERT_NE(dialog.unsent_label(), nullptr);
  EXPECT_EQ(
      dialog.unsent_label()->text(),
      QStringLiteral("この端末は、本部にまだ送っていない結果が12件あると最後に報告しました"
                     "（2026年5月14日 4:20）。失効すると、これらは二度と送れません。パソコンが"
                     "まだ使えるなら、先に本部につないで送らせてください（待っている結果は "
                     "kakunin-agent status で確認できます）。"));
  ASSERT_NE(dialog.strand_box(), nullptr);
  EXPECT_EQ(dialog.strand_box()->text(),
            QStringLiteral("それでも失効する（未送信の結果は本部に届きません）"));
  dialog.reason_box()->setCurrentIndex(2);  // 端末の入れ替え
  EXPECT_FALSE(dialog.revoke_button()->isEnabled());
  dialog.strand_box()->setChecked(true);
  EXPECT_TRUE(dialog.revoke_button()->isEnabled());
  // Nothing waiting: nothing to confirm.
  v1::Device empty;
  empty.set_device_id("dev-2");
  RevokeDeviceDialog plain(empty, QStringLiteral("本町薬局"), nullptr);
  EXPECT_EQ(plain.unsent_label(), nullptr);
  EXPECT_EQ(plain.strand_box(), nullptr);
}

TEST_F(DialogsTest, TokenIsShownAsTextAndQr) {
  v1::Site s;
  s.set_site_id("honcho");
  s.set_name("本町薬局");
  EnrollmentTokenDialog dialog({s}, QStringLiteral("honcho"), nullptr);
  QSignalSpy issues(&dialog, &EnrollmentTokenDialog::issueRequested);
  dialog.issue_button()->click();
  ASSERT_EQ(issues.size(), 1);
  EXPECT_EQ(issues[0][0].toString(), QStringLiteral("honcho"));
  EXPECT_EQ(issues[0][1].toUInt(), 3600u);
  v1::EnrollmentToken t;
  t.set_token("0123456789abcdef0123456789abcdef");
  t.set_site_id("honcho");
  t.set_qr_payload("kakunin-enroll:v1?server=hq.example.jp:7443&ca=sha256:" + std::string(64, 'a') +
                   "&site=honcho&token=0123456789abcdef0123456789abcdef");
  t.mutable_expires_at()->set_seconds(1778700000);
  dialog.ShowToken(t, QStringLiteral("本町薬局"));
  EXPECT_EQ(dialog.token_text(), QString::fromStdString(t.token()));
  EXPECT_EQ(dialog.bundle_text(), QString::fromStdString(t.qr_payload()));
  QImage qr = dialog.qr_image();
  ASSERT_FALSE(qr.isNull());
  EXPECT_EQ(qr.width(), qr.height());
  // The quiet zone is white, the finder pattern's corner black.
  EXPECT_EQ(qr.pixelColor(0, 0), QColor(Qt::white));
  EXPECT_EQ(qr.pixelColor(4 * 6 + 1, 4 * 6 + 1), QColor(Qt::black));
  auto again = RenderQrCode(QString::fromStdString(t.qr_payload()), 6);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, qr);
}

// The texts of the details form, in order (labels and values alike).
QStringList FormTexts(QWidget* w) {
  QStringList out;
  for (auto* l : w->findChildren<QLabel*>()) out << l->text();
  return out;
}

TEST_F(DialogsTest, DetailsNameTheFaceReaderAndALateAnswer) {
  v1::ResultRow row;
  row.set_check_id("chk-late");
  auto* r = row.mutable_result();
  r->set_mode(v1::IDENTITY_MODE_FACE_READER);
  r->set_source(v1::CHECK_SOURCE_FACE_READER);
  r->set_outcome(v1::OUTCOME_ELIGIBLE);
  ResultDetailDialog on_time(row, {QStringLiteral("本町薬局"), QStringLiteral("本町薬局1号機")},
                             QString(), nullptr);
  const QStringList texts = FormTexts(&on_time);
  EXPECT_TRUE(texts.contains(QStringLiteral("顔認証付きカードリーダー")));
  EXPECT_TRUE(texts.contains(QStringLiteral("顔認証付きカードリーダー（資格確認端末）")));
  EXPECT_EQ(on_time.findChild<QLabel*>(QStringLiteral("lateAnswer")), nullptr);

  // A date of birth reads with its era, as on the papers staff compare it with.
  r->mutable_eligibility()->set_birth_date("1985-04-12");
  ResultDetailDialog born(row, {QStringLiteral("本町薬局"), QStringLiteral("本町薬局1号機")},
                          QString(), nullptr);
  EXPECT_TRUE(FormTexts(&born).contains(QStringLiteral("1985年4月12日（昭和60年4月12日）")))
      << FormTexts(&born).join(QStringLiteral(" | ")).toStdString();

  // An answer's other records (a new qualification, or several at once) each get a row.
  auto* other = r->mutable_eligibility()->add_other_records();
  other->set_insurer_number("139998");
  other->set_insurer_name("テスト市国民健康保険");
  other->set_insured_symbol("テ国");
  other->set_insured_number("6150");
  other->set_insured_branch_number("00");
  other->set_valid_from("2024-04-01");
  other->set_disqualification_date("2026-04-01");
  ResultDetailDialog several(row, {QStringLiteral("本町薬局"), QStringLiteral("本町薬局1号機")},
                             QString(), nullptr);
  const QStringList several_texts = FormTexts(&several);
  EXPECT_TRUE(several_texts.contains(QStringLiteral("ほかの資格 1")))
      << several_texts.join(QStringLiteral(" | ")).toStdString();
  EXPECT_TRUE(several_texts.contains(
      QStringLiteral("139998 テスト市国民健康保険、テ国 / 6150 / 00、有効期間 2024年4月1日 〜 "
                     "—、2026年4月1日 資格喪失")))
      << several_texts.join(QStringLiteral(" | ")).toStdString();
  r->clear_eligibility();

  r->set_source(v1::CHECK_SOURCE_RECHECK);
  r->set_answer_late(true);
  r->set_answers_check_id("chk-timed-out");
  ResultDetailDialog late(row, {QStringLiteral("本町薬局"), QStringLiteral("本町薬局1号機")},
                          QString(), nullptr);
  auto* note = late.findChild<QLabel*>(QStringLiteral("lateAnswer"));
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->text(),
            QStringLiteral("遅れて届いた回答（時間切れになった確認 chk-timed-out への回答）"));
}

// Review: a terminal reports its own name, hostname and reader, a branch names its store. A
// QLabel would render such text as HTML (an <img> loading a file, markup hiding the real name),
// so every dialog shows it literally, as plain text.
void ExpectShownAsTyped(QWidget* dialog, const QString& text) {
  int found = 0;
  for (const QLabel* l : dialog->findChildren<QLabel*>()) {
    if (!l->text().contains(text)) continue;
    ++found;
    EXPECT_EQ(l->textFormat(), Qt::PlainText)
        << dialog->metaObject()->className() << ": " << l->text().toStdString();
  }
  EXPECT_GT(found, 0) << dialog->metaObject()->className() << " does not show "
                      << text.toStdString();
}

TEST_F(DialogsTest, NamesFromTerminalsAndBranchesAreNeverMarkup) {
  const QString name = QStringLiteral("<b>x</b><img src=\"file:///etc/passwd\">");
  const QString host = QStringLiteral("<a href=\"https://evil.example/\">honcho-pc1</a>");
  const QString reader = QStringLiteral("<h1>ACS</h1> ACR39U");
  const QString site = QStringLiteral("<i>本町</i>薬局 &amp; <u>駅前</u>");
  v1::Device d;
  d.set_device_id("dev-1");
  d.set_verification_code("482 193");
  d.mutable_facts()->set_terminal_name(name.toStdString());
  d.mutable_facts()->set_hostname(host.toStdString());

  ApproveDeviceDialog approve(d, site, nullptr);
  RevokeDeviceDialog revoke(d, site, nullptr);
  VisualAllowanceDialog allow(d, site, nullptr);
  for (QDialog* dialog : std::initializer_list<QDialog*>{&approve, &revoke, &allow}) {
    ExpectShownAsTyped(dialog, name);
    ExpectShownAsTyped(dialog, site);
  }
  ExpectShownAsTyped(&approve, host);
  ExpectShownAsTyped(&revoke, host);
  // The raw string itself, not an escaped or stripped copy.
  QStringList texts;
  for (const QLabel* l : approve.findChildren<QLabel*>()) texts << l->text();
  EXPECT_TRUE(texts.contains(name));
  EXPECT_TRUE(texts.contains(host));
  EXPECT_TRUE(texts.contains(site));

  AllowanceHistoryDialog history(d, site, nullptr);
  ExpectShownAsTyped(&history, name);
  ExpectShownAsTyped(&history, site);

  v1::ResultRow row;
  row.set_check_id("chk-1");
  row.mutable_result()->mutable_reader()->set_name(reader.toStdString());
  ResultDetailDialog details(row, {site, name}, QString(), nullptr);
  ExpectShownAsTyped(&details, name);
  ExpectShownAsTyped(&details, site);
  ExpectShownAsTyped(&details, reader);

  v1::Site s;
  s.set_site_id("honcho");
  s.set_name(site.toStdString());
  EnrollmentTokenDialog token({s}, QStringLiteral("honcho"), nullptr);
  v1::EnrollmentToken t;
  t.set_token("0123456789abcdef0123456789abcdef");
  t.set_qr_payload("kakunin-enroll:v1?site=honcho&token=0123456789abcdef0123456789abcdef");
  token.ShowToken(t, site);
  ExpectShownAsTyped(&token, site);
}

// Issue 19: a terminal's one-time permissions read as what became of each, in Japanese; an open
// one stands out, the lapsed ones are grey, and an empty list says so in words.
TEST_F(DialogsTest, AllowanceHistorySaysWhatBecameOfEachPermission) {
  v1::Device device;
  device.set_device_id("dev-1");
  device.mutable_facts()->set_terminal_name("本町店 1号機");
  AllowanceHistoryDialog dialog(device, QStringLiteral("かくにん薬局 本町店"), nullptr);
  EXPECT_EQ(dialog.windowTitle(), QStringLiteral("目視確認の許可履歴"));
  dialog.SetAllowances({});
  EXPECT_EQ(dialog.status_label()->text(),
            QStringLiteral("この端末で直近30日に許可された目視確認はありません。"));

  // 2026-12-04 05:00 UTC = 14:00 in Japan; each lapses 15 minutes after its grant.
  const int64_t granted = 1796360400;
  auto record = [&](const char* state, int64_t offset) {
    v1::VisualAllowanceRecord a;
    a.set_state(state);
    a.set_reason("暗証番号ロック");
    a.set_granted_by("user:tencho");
    a.mutable_granted_at()->set_seconds(granted + offset);
    a.mutable_expires_at()->set_seconds(granted + offset + 900);
    return a;
  };
  auto open = record("open", 0);
  open.set_granted_by_name("山田 店長");
  auto used = record("used", -3600);
  used.mutable_used_at()->set_seconds(granted - 3600 + 120);
  used.set_used_check_id("chk-42");
  dialog.SetAllowances({open, used, record("expired", -7200), record("replaced", -10800)});
  AllowanceModel* m = dialog.model();
  ASSERT_EQ(m->rowCount(), 4);
  auto cell = [&](int row, int column) { return m->index(row, column).data().toString(); };
  EXPECT_EQ(cell(0, AllowanceModel::kState), QStringLiteral("未使用（14:15 まで）"));
  EXPECT_EQ(cell(0, AllowanceModel::kGrantedAt), QStringLiteral("2026年12月4日 14:00"));
  EXPECT_EQ(cell(0, AllowanceModel::kGrantedBy), QStringLiteral("山田 店長"));
  EXPECT_EQ(cell(0, AllowanceModel::kUsedAt), QStringLiteral("—"));
  EXPECT_EQ(cell(1, AllowanceModel::kState), QStringLiteral("使用済み"));
  EXPECT_EQ(cell(1, AllowanceModel::kUsedAt), QStringLiteral("2026年12月4日 13:02"));
  EXPECT_EQ(cell(1, AllowanceModel::kCheckId), QStringLiteral("chk-42"));
  EXPECT_EQ(cell(1, AllowanceModel::kGrantedBy), QStringLiteral("user:tencho"));
  EXPECT_EQ(cell(2, AllowanceModel::kState), QStringLiteral("期限切れ（未使用）"));
  EXPECT_EQ(cell(3, AllowanceModel::kState), QStringLiteral("新しい許可に置き換え"));
  EXPECT_TRUE(m->index(0, AllowanceModel::kState).data(Qt::BackgroundRole).isValid());
  EXPECT_FALSE(m->index(1, AllowanceModel::kState).data(Qt::BackgroundRole).isValid());
  EXPECT_EQ(m->index(2, AllowanceModel::kState).data(Qt::BackgroundRole).value<QColor>(),
            m->index(3, AllowanceModel::kState).data(Qt::BackgroundRole).value<QColor>());
  EXPECT_EQ(m->headerData(AllowanceModel::kGrantedBy, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("許可した人"));
  EXPECT_EQ(dialog.status_label()->text(), QStringLiteral("許可 4 件"));
  dialog.ShowError(QStringLiteral("サーバーに接続できません"));
  EXPECT_EQ(dialog.status_label()->text(), QStringLiteral("サーバーに接続できません"));
}

// The grant dialog checks the reason as the server does, before anything is sent.
TEST_F(DialogsTest, VisualAllowanceNeedsAReasonOnOneLine) {
  v1::Device device;
  device.set_device_id("dev-1");
  device.mutable_facts()->set_terminal_name("本町店 1号機");
  VisualAllowanceDialog dialog(device, QStringLiteral("かくにん薬局 本町店"), nullptr);
  QSignalSpy grants(&dialog, &VisualAllowanceDialog::grantRequested);
  EXPECT_FALSE(dialog.allow_button()->isEnabled());
  EXPECT_TRUE(dialog.problem_label()->text().isEmpty());  // nothing typed is not yet a mistake
  Type(dialog.reason_edit(), "x");
  EXPECT_FALSE(dialog.allow_button()->isEnabled());
  EXPECT_FALSE(dialog.problem_label()->text().isEmpty());
  dialog.reason_edit()->setText(QStringLiteral("  暗証番号ロック・顔写真で確認  "));
  ASSERT_TRUE(dialog.allow_button()->isEnabled());
  dialog.allow_button()->click();
  ASSERT_EQ(grants.count(), 1);
  EXPECT_EQ(grants.at(0).at(0).toString(), QStringLiteral("dev-1"));
  EXPECT_EQ(grants.at(0).at(1).toString(), QStringLiteral("暗証番号ロック・顔写真で確認"));
  dialog.SetBusy(true);
  EXPECT_FALSE(dialog.allow_button()->isEnabled());
  dialog.ShowError(QStringLiteral("この端末は有効ではありません"));
  EXPECT_TRUE(dialog.allow_button()->isEnabled());  // the refusal hands the form back
}

// Review finding 9: every word of the grant dialog is Japanese, its button included.
TEST_F(DialogsTest, VisualAllowanceDialogIsAllJapanese) {
  v1::Device device;
  device.set_device_id("dev-1");
  VisualAllowanceDialog dialog(device, QStringLiteral("かくにん薬局 本町店"), nullptr);
  QStringList labels;
  for (const QLabel* l : dialog.findChildren<QLabel*>()) labels << l->text();
  EXPECT_TRUE(labels.contains(QStringLiteral("端末"))) << labels.join('|').toStdString();
  EXPECT_TRUE(labels.contains(QStringLiteral("店舗")));
  EXPECT_TRUE(labels.contains(QStringLiteral("理由(&R)")));
  QStringList buttons;
  for (const QPushButton* b : dialog.findChildren<QPushButton*>()) buttons << b->text();
  EXPECT_TRUE(buttons.contains(QStringLiteral("キャンセル"))) << buttons.join('|').toStdString();
}

// Review finding 5: what a person reads for a refusal is Japanese and never the server's own
// (English) message, whatever the reason.
TEST_F(DialogsTest, ServerRefusalsNeverShowTheServersMessage) {
  // One message per line: wrapping would cut the Japanese mid-word.
  // clang-format off
  const struct {
    const char* reason;
    ErrorCode code;
    const char* ja;
  } cases[] = {
      {"auth.no_login", ErrorCode::kInvalidArgument, "ユーザー名を入力してください。"},
      {"auth.bad_display_name", ErrorCode::kInvalidArgument,
       "表示名は200バイト（全角で約66文字）以内で、改行や制御文字を入れずに入力してください。"},
      {"console.too_many_calls", ErrorCode::kResourceExhausted,
       "実行中の操作が多すぎます。終わるのを待ってから、もう一度お試しください。"},
      {"console.bad_field", ErrorCode::kInvalidArgument,
       "サーバーが要求を受け付けませんでした。入力が長すぎるか、一覧の項目が多すぎるか、IDに使えない文字が含まれています。入力内容を確認して、もう一度お試しください。"},
      {"db.share_busy", ErrorCode::kResourceExhausted,
       "実行中のほかの操作が、1人が同時に使えるデータベース接続をすべて使っているため、この操作は待ったあと取り消しました。先の操作が終わってから、もう一度お試しください。"},
      {"device.bad_reason", ErrorCode::kInvalidArgument,
       "失効の理由は1,000バイト（全角で約330文字）以内で、改行や制御文字を入れずに入力してくださ"
       "い。"},
      {"subsidy.filed_before_opening", ErrorCode::kFailedPrecondition,
       "申請日の時点では、この補助事業の受付はまだ始まっていません。申請日と補助事業の受付開始日を確認してください。"},
      {"subsidy.no_summary", ErrorCode::kNotFound,
       "この日の集計はまだ作成されていません。集計時刻を過ぎてから再度表示してください。"},
      {"rpc.failed", ErrorCode::kUnimplemented,
       "サーバーがこの機能に対応していません。サーバーを更新してください。"},
      {"auth.forbidden", ErrorCode::kPermissionDenied,
       "この操作を行う権限がありません（役割または担当店舗の範囲外です）。本部管理者に確認してください。"},
      {"auth.out_of_scope", ErrorCode::kPermissionDenied,
       "この店舗・端末は担当範囲外のため操作できません。一覧を更新するか、本部管理者に確認してください。"},
      {"db.error", ErrorCode::kUnavailable,
       "サーバーで処理を完了できませんでした。時間をおいて再度お試しください。続く場合はシステム管理者に連絡してください。"},
      {"db.timeout", ErrorCode::kDeadlineExceeded,
       "サーバーのデータベースが時間内に応答しなかったため、処理を取り消しました。数分後に再度お試しください。検索の場合は期間や条件を絞ってください。"},
      {"something.new", ErrorCode::kInvalidArgument,
       "サーバーがこの操作を受け付けませんでした。入力内容を確認し、続く場合はシステム管理者に連絡してください。"},
      {"export.write_failed", ErrorCode::kUnavailable,
       "書き出しファイルを保存できませんでした。保存先に書き込む権限がないか、空き容量が足りません。別のフォルダーを選んでください。"},
  };
  // clang-format on
  for (const auto& c : cases) {
    const Error error = MakeError(c.code, c.reason, "login is empty");
    const QString text = ErrorText::For(error);
    EXPECT_EQ(text.toStdString(), c.ja) << c.reason;
    EXPECT_FALSE(text.contains(QStringLiteral("login is empty"))) << c.reason;
    // The Subsidies and Users pages explain their own reasons first, then these the same way
    // (once they showed "tell the administrator (auth.no_login)" for all of them).
    EXPECT_EQ(SubsidyErrorText(error).toStdString(), c.ja) << c.reason;
  }
  // A one-time visual check's refusal: the console's own Japanese, not the server's message.
  EXPECT_EQ(ErrorText::For(MakeError(ErrorCode::kUnavailable, "allowance.unavailable",
                                     "one-time visual checks are not set up"))
                .toStdString(),
            "このサーバーでは目視確認の許可を扱えません。システム管理者に連絡してください。");
  EXPECT_EQ(ErrorText::For(
                MakeError(ErrorCode::kFailedPrecondition, "allowance.expired", "<b>anything</b>"))
                .toStdString(),
            "許可の有効時間が過ぎました。もう一度許可を受けてください。");
  // Their own: plain words, never the id.
  for (const char* reason : {"subsidy.claim_exists", "subsidy.receipt_limit", "subsidy.bad_amount",
                             "subsidy.unknown_device", "subsidy.receipt_not_found"}) {
    const QString text =
        SubsidyErrorText(MakeError(ErrorCode::kFailedPrecondition, reason, "site x has claim y"));
    EXPECT_FALSE(text.contains(QString::fromLatin1(reason))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("claim y"))) << reason;
    EXPECT_FALSE(text.contains(QStringLiteral("サーバーがこの操作を受け付けませんでした")))
        << reason << ": the generic text";
  }
  EXPECT_EQ(SubsidyErrorText(MakeError(ErrorCode::kFailedPrecondition, "subsidy.claim_exists", ""))
                .toStdString(),
            "この店舗には、この補助事業の申請がすでにあります。一覧からその申請を開いてください。");
  EXPECT_TRUE(ErrorText::For(MakeError(ErrorCode::kResourceExhausted, "rpc.failed",
                                       "Received message larger than max"))
                  .startsWith(QStringLiteral("データが大きすぎるか")));
  EXPECT_TRUE(
      ErrorText::For(MakeError(ErrorCode::kInvalidArgument, "db.invalid_input", "out of range"))
          .startsWith(QStringLiteral("サーバーが入力された値を受け付けませんでした")));
}

// English, where the console is switched to it: a day is not "day(s)".
TEST_F(DialogsTest, EnglishCountsDaysInTheRightNumber) {
  QTranslator en;
  ASSERT_TRUE(en.load(QStringLiteral(":/i18n/kakunin_console_en.qm")));
  app_->removeTranslator(ja_);
  app_->installTranslator(&en);
  v1::CertificateEntry e;
  e.set_last_valid_day("2026-12-31");
  e.set_days_left(1);
  EXPECT_EQ(CertCalendarModel::DaysLeft(e), QStringLiteral("1 day left"));
  e.set_days_left(27);
  EXPECT_EQ(CertCalendarModel::DaysLeft(e), QStringLiteral("27 days left"));
  e.set_days_left(-1);
  EXPECT_EQ(CertCalendarModel::DaysLeft(e), QStringLiteral("Expired 1 day ago"));
  e.set_days_left(-3);
  EXPECT_EQ(CertCalendarModel::DaysLeft(e), QStringLiteral("Expired 3 days ago"));
  app_->removeTranslator(&en);
  app_->installTranslator(ja_);
  EXPECT_EQ(CertCalendarModel::DaysLeft(e), QStringLiteral("3 日前に期限切れ"));
}

}  // namespace
}  // namespace kakunin::console
