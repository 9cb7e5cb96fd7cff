// The staff wording and the recent-checks model, with the Japanese translation loaded: every
// daemon failure staff can meet maps to words that say what happened and what to do next; the
// recent list keeps only results still viewable (翌月末) and passes QAbstractItemModelTester.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QToolButton>
#include <QTranslator>

#include "agent/station/models/error_text.h"
#include "agent/station/models/labels.h"
#include "agent/station/models/medical_aid.h"
#include "agent/station/models/recent_model.h"
#include "agent/station/tests/fixtures.h"
#include "agent/station/ui/pin_pad_dialog.h"
#include "agent/station/ui/result_card.h"
#include "common/domain/check_digit.h"
#include "common/rpc/status.h"

namespace kakunin::station {
namespace {

class StationModelsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "station_models_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_station_ja.qm")));
    app_->installTranslator(ja);
  }
  static QApplication* app_;
};
QApplication* StationModelsTest::app_ = nullptr;

TEST_F(StationModelsTest, ReaderAndCardFailuresSayWhatToDo) {
  auto a = ErrorText::For("card.reader_not_compliant", ErrorCode::kFailedPrecondition);
  // Plain words at the counter; "extended APDU" stays in the support details.
  EXPECT_TRUE(a.text.startsWith(QStringLiteral(
      "このカードリーダーではマイナンバーカードを読み取れません。対応機種に交換してください。")))
      << a.text.toStdString();
  EXPECT_FALSE(a.text.contains(QStringLiteral("APDU")));
  EXPECT_TRUE(a.reader_fault);
  EXPECT_TRUE(a.suggest_document);
  EXPECT_TRUE(ErrorText::For("card.no_reader", ErrorCode::kNotFound)
                  .text.contains(QStringLiteral("USBケーブル")));
  EXPECT_TRUE(ErrorText::For("card.removed", ErrorCode::kUnavailable)
                  .text.contains(QStringLiteral("カードがリーダーから離れました")));
  EXPECT_TRUE(ErrorText::For("card.unreadable", ErrorCode::kDataLoss).suggest_document);
  // A transport failure to the daemon itself (socket missing) is not a card problem.
  auto lost = ErrorText::For("local.unavailable", ErrorCode::kUnavailable);
  EXPECT_TRUE(lost.text.contains(QStringLiteral("常駐サービス"))) << lost.text.toStdString();
  EXPECT_FALSE(lost.reader_fault);
}

// Waiting helps one and not the other: each says its own next step (a newcomer's review found
// both read "the service did not answer, try again later").
TEST_F(StationModelsTest, AnUnsetServiceAndABusyTerminalAreNotCalledOutages) {
  auto unset = ErrorText::For("eligibility.not_configured", ErrorCode::kFailedPrecondition);
  EXPECT_EQ(unset.text,
            QStringLiteral("この端末にはオンライン資格確認の接続先が設定されていません。本部に連絡"
                           "してください。それまでは書類で確認してください（F6）。"));
  EXPECT_TRUE(unset.suggest_document);
  auto busy = ErrorText::For("xml.processing", ErrorCode::kUnavailable);
  EXPECT_EQ(busy.text,
            QStringLiteral("資格確認端末がまだ処理中です。少し待ってからやり直してください。"));
  EXPECT_FALSE(busy.suggest_document);
  // An account that may not open the daemon's socket is told that, not "the service is down".
  auto denied = ErrorText::For(rpc::FromLocalGrpcStatus(
      grpc::Status(grpc::StatusCode::UNAVAILABLE,
                   "failed to connect to all addresses; last error: UNKNOWN: "
                   "unix:/run/kakunin-agent/agent.sock: Permission denied"),
      "local.unavailable"));
  EXPECT_TRUE(denied.text.contains(QStringLiteral("kakunin-agent グループ")))
      << denied.text.toStdString();
  // Through a recorded result too.
  v1::CheckResult r;
  r.set_outcome(v1::OUTCOME_ERROR);
  r.set_error_reason("eligibility.not_configured");
  EXPECT_EQ(ErrorText::ForResult(r).text, unset.text);
}

TEST_F(StationModelsTest, PinFailuresFollowTheGuard) {
  auto wrong = ErrorText::For("card.pin_wrong", ErrorCode::kUnauthenticated, 2);
  EXPECT_TRUE(wrong.text.contains(QStringLiteral("残り2回"))) << wrong.text.toStdString();
  EXPECT_TRUE(wrong.pin_related);
  EXPECT_FALSE(wrong.suggest_visual);
  auto last = ErrorText::For("card.pin_wrong", ErrorCode::kUnauthenticated, 1);
  EXPECT_TRUE(last.suggest_visual);
  EXPECT_TRUE(last.text.contains(QStringLiteral("目視確認")));
  // The last try is never sent: the patient is not asked to type it (a domain review).
  EXPECT_FALSE(last.text.contains(QStringLiteral("もう一度ゆっくり"))) << last.text.toStdString();
  auto guard = ErrorText::For("card.pin_guard", ErrorCode::kFailedPrecondition, 1, true);
  EXPECT_TRUE(guard.text.contains(QStringLiteral("目視確認に切り替え")));
  // Where HQ does not allow switching, staff are not told to do what they cannot.
  auto fixed = ErrorText::For("card.pin_guard", ErrorCode::kFailedPrecondition, 1, false);
  EXPECT_FALSE(fixed.text.contains(QStringLiteral("F3")));
  EXPECT_TRUE(fixed.text.contains(QStringLiteral("管理者")));
  EXPECT_TRUE(ErrorText::For("card.pin_locked", ErrorCode::kFailedPrecondition)
                  .text.contains(QStringLiteral("市区町村")));
}

TEST_F(StationModelsTest, ErrorsThroughTheResultAndUnknownReasons) {
  v1::CheckResult refused;
  refused.set_outcome(v1::OUTCOME_DOCUMENT_REFUSED);
  refused.set_error_reason("document.legacy_card_abolished");
  EXPECT_TRUE(ErrorText::ForResult(refused).text.contains(QStringLiteral("2025")));
  v1::CheckResult failed;
  failed.set_outcome(v1::OUTCOME_ERROR);
  failed.set_error_reason("eligibility.service_error");
  EXPECT_TRUE(ErrorText::ForResult(failed).text.contains(QStringLiteral("マイナポータル")));
  // An unknown reason is not put into the sentence staff read (the result's support details
  // carry it).
  auto unknown = ErrorText::For("agent_x.new_failure", ErrorCode::kInternal);
  EXPECT_EQ(unknown.text,
            QStringLiteral("確認を完了できませんでした。もう一度お試しください。再び失"
                           "敗する場合は書類で確認し（F6）、管理者に連絡してください。"));
  EXPECT_EQ(ErrorText::For("agent_x.bad_entry", ErrorCode::kInvalidArgument).text,
            QStringLiteral("入力内容に誤りがあります。確認して、もう一度お試しください。"));
  v1::CheckResult odd_document;
  odd_document.set_outcome(v1::OUTCOME_DOCUMENT_REFUSED);
  odd_document.set_error_reason("document.something_new");
  EXPECT_FALSE(ErrorText::ForResult(odd_document).text.contains(QStringLiteral("document.")));
  EXPECT_EQ(ErrorText::For("x", ErrorCode::kCancelled).text,
            QStringLiteral("確認を中止しました。"));
}

// Review findings: insurer numbers, the home-visit rules and the rarer card failures read as
// plain Japanese that says what to do, never as a reason id.
TEST_F(StationModelsTest, InsurerVisitAndCardReasonsInPlainJapanese) {
  // One message per line: wrapping would cut the Japanese mid-word.
  // clang-format off
  const struct {
    const char* reason;
    ErrorCode code;
    const char* ja;
  } cases[] = {
      {"insurer_number.check_digit_mismatch", ErrorCode::kInvalidArgument,
       "保険者番号が正しくありません。書類を見て入力し直してください。"},
      {"insurer_number.invalid_format", ErrorCode::kInvalidArgument,
       "保険者番号が正しくありません。書類を見て入力し直してください。"},
      {"visit.no_first_visit_check", ErrorCode::kFailedPrecondition,
       "この端末には初回訪問時のカード確認の記録がないため、再照会できません。マイナンバーカードで確認してください。"},
      {"visit.first_visit_without_consent", ErrorCode::kFailedPrecondition,
       "初回訪問時にカードは確認しましたが、患者さんの同意が記録されていないため、再照会できません。マイナンバーカードで確認し、同意をいただいてください。"},
      {"card.unsupported", ErrorCode::kFailedPrecondition,
       "マイナンバーカードではないか、このリーダーで読めないカードです。カードを確かめ、マイナンバーカードの場合は書類で確認してください（F6）。"},
      {"card.pcsc_error", ErrorCode::kInternal,
       "カードリーダーで予期しないエラーが起きました。カードを外し、リーダーのUSBケーブルを抜いて差し直してから、もう一度お試しください。続く場合は管理者に連絡してください。"},
  };
  // clang-format on
  for (const auto& c : cases) {
    EXPECT_EQ(ErrorText::For(c.reason, c.code).text.toStdString(), c.ja) << c.reason;
  }
  const QString unreadable = ErrorText::For("card.unreadable", ErrorCode::kDataLoss).text;
  for (const char* r :
       {"card.file_missing", "card.bad_tlv", "card.not_verified", "card.bad_signature"}) {
    auto a = ErrorText::For(r, ErrorCode::kDataLoss);
    EXPECT_EQ(a.text, unreadable) << r;
    EXPECT_TRUE(a.suggest_document) << r;
  }
  EXPECT_TRUE(ErrorText::For("card.pcsc_error", ErrorCode::kInternal).reader_fault);
  for (const char* r : {"visit.recheck_before_first_visit", "visit.relationship_ended",
                        "visit.house_call_needs_card_check", "visit.card_check_required",
                        "visit.before_consent", "visit.consent_window_over"}) {
    const QString text = ErrorText::For(r, ErrorCode::kFailedPrecondition).text;
    EXPECT_TRUE(text.endsWith(QStringLiteral("マイナンバーカードで確認してください。"))) << r;
    EXPECT_FALSE(text.contains(QStringLiteral("visit."))) << r;
  }
}

TEST_F(StationModelsTest, LabelsInJapanese) {
  EXPECT_EQ(Labels::LossReason("03"), QStringLiteral("他の保険の資格取得"));
  EXPECT_EQ(Labels::LossReason("7"), QStringLiteral("コード 7"));
  EXPECT_EQ(Labels::Copayment(30), QStringLiteral("3割"));
  EXPECT_EQ(Labels::Date("2026-09-30"), QStringLiteral("2026年9月30日"));
  EXPECT_EQ(Labels::Outcome(v1::OUTCOME_INELIGIBLE), QStringLiteral("資格喪失"));
  EXPECT_EQ(Labels::Mode(v1::IDENTITY_MODE_VISUAL), QStringLiteral("目視確認"));
  EXPECT_EQ(Labels::Document(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE),
            QStringLiteral("資格確認書"));
}

// The fixtures agree with themselves: numbers pass their check digits, and two people never
// share one insured number.
TEST_F(StationModelsTest, FixturesAreConsistent) {
  const v1::Eligibility e = testing::Eligible().eligibility();
  const v1::Eligibility lost = testing::Lost().eligibility();
  const v1::MedicalAid aid = testing::WithMedicalAid().eligibility().medical_aid();
  EXPECT_TRUE(domain::ValidateInsurerNumber(e.insurer_number()).ok());
  EXPECT_TRUE(domain::ValidatePublicExpensePayerNumber(aid.public_expense_number()).ok());
  EXPECT_TRUE(domain::ValidatePublicExpenseRecipientNumber(aid.beneficiary_number()).ok());
  EXPECT_NE(e.name(), lost.name());
  EXPECT_NE(e.insured_number(), lost.insured_number());
}

// A 医療券 covers the check only between its dates, judged on the check's day in Japan.
TEST_F(StationModelsTest, MedicalAidCoverageOnTheCheckDate) {
  v1::MedicalAid aid;
  aid.set_valid_from("2026-11-01");
  aid.set_valid_to("2026-11-30");
  const struct {
    domain::Date day;
    AidCoverage want;
  } cases[] = {{{2026, 10, 31}, AidCoverage::kNotYetValid},
               {{2026, 11, 1}, AidCoverage::kCovered},
               {{2026, 11, 30}, AidCoverage::kCovered},
               {{2026, 12, 1}, AidCoverage::kExpired}};
  for (const auto& c : cases) {
    EXPECT_EQ(AidCoverageOn(aid, c.day), c.want) << domain::FormatIso(c.day);
  }
  EXPECT_EQ(AidCoverageOn(v1::MedicalAid(), {2026, 12, 1}), AidCoverage::kNone);
  aid.clear_valid_to();  // open-ended
  EXPECT_EQ(AidCoverageOn(aid, {2030, 1, 1}), AidCoverage::kCovered);
  // 2026-11-30 23:30 JST is 14:30 UTC: still November in Japan.
  v1::CheckResult r;
  r.mutable_checked_at()->set_seconds(1796049000);
  EXPECT_EQ(domain::FormatIso(CheckDateInJapan(r)), "2026-11-30");
}

v1::CheckResult At(const std::string& id, int64_t seconds) {
  v1::CheckResult r = testing::Eligible(id);
  r.mutable_checked_at()->set_seconds(seconds);
  return r;
}

TEST_F(StationModelsTest, RecentKeepsOnlyViewableResultsNewestFirst) {
  RecentModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  // 2026-10-15 12:00 JST, 2026-09-30 23:30 JST (viewable until 10-31), 2026-11-01 01:00 JST.
  const int64_t oct15 = 1792033200, sep30 = 1790778600, nov1 = 1793462400;
  model.SetResults({At("a", oct15), At("old", sep30), At("b", nov1)}, domain::Date{2026, 11, 23});
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(model.data(model.index(0, 0), RecentModel::kCheckIdRole).toString(), "b");
  EXPECT_EQ(model.data(model.index(1, 0), RecentModel::kCheckIdRole).toString(), "a");
  EXPECT_EQ(model.data(model.index(1, RecentModel::kViewableUntil), Qt::DisplayRole).toString(),
            QStringLiteral("2026年11月30日"));
  EXPECT_EQ(model.headerData(RecentModel::kOutcome, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("結果"));

  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.Prepend(testing::Lost());
  EXPECT_EQ(inserted.size(), 1);
  EXPECT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.data(model.index(0, RecentModel::kOutcome), Qt::DisplayRole).toString(),
            QStringLiteral("資格喪失"));
  EXPECT_TRUE(model.data(model.index(0, RecentModel::kOutcome), Qt::ForegroundRole).isValid());
  model.Prepend(testing::Lost());  // the same check again: updated in place
  EXPECT_EQ(model.rowCount(), 3);
  EXPECT_EQ(changed.size(), 1);
}

// The warnings staff must not miss: ● in the name, a card certificate in its grace period, a
// voucher's insurer that does not match; and a document check shows the document, not a card.
TEST_F(StationModelsTest, ResultCardWarnings) {
  ResultCard card;
  card.show();
  v1::CheckResult r = testing::Eligible();
  r.mutable_eligibility()->set_name_has_unrepresentable(true);
  r.set_certificate_in_grace(true);
  r.set_certificate_not_after("2026-10-01");
  r.set_contract_insurer_number("01130012");
  r.set_contract_insurer_match(false);
  card.Show(r);
  ASSERT_TRUE(card.warning_banner()->isVisible());
  const QString w = card.warning_banner()->text();
  EXPECT_TRUE(w.contains(QStringLiteral("●"))) << w.toStdString();
  EXPECT_TRUE(w.contains(QStringLiteral("2026年10月1日")));
  EXPECT_TRUE(w.contains(QStringLiteral("01130012")));
  EXPECT_EQ(card.FieldText("certificate"), QStringLiteral("2026年10月1日（期限切れ・猶予期間中）"));
  EXPECT_EQ(card.FieldText("contract_insurer"), QStringLiteral("01130012（不一致）"));
  EXPECT_TRUE(card.RowShown("contract_insurer"));
  EXPECT_FALSE(card.RowShown("operator"));  // nothing set it: no empty row
  EXPECT_FALSE(card.loss_banner()->isVisible());

  v1::CheckResult doc;
  doc.set_source(v1::CHECK_SOURCE_DOCUMENT);
  doc.set_outcome(v1::OUTCOME_DOCUMENT_ACCEPTED);
  doc.mutable_document()->set_kind(v1::DOCUMENT_KIND_CARD_WITH_PORTAL);
  doc.mutable_document()->set_note("マイナポータル画面を確認");
  card.Show(doc);
  EXPECT_FALSE(card.warning_banner()->isVisible());
  EXPECT_TRUE(card.document_group()->isVisible());
  EXPECT_EQ(card.FieldText("doc_kind"), QStringLiteral("マイナンバーカード＋マイナポータル画面"));
  EXPECT_EQ(card.FieldText("name"), QStringLiteral("—"));
  EXPECT_EQ(card.headline()->text(), QStringLiteral("書類で確認済み"));
}

// People read words; codes (区分, reason ids, ATR, APDU counts) wait in the collapsed support
// details, which open on demand and close again for the next result.
TEST_F(StationModelsTest, CodesStayInTheSupportDetails) {
  ResultCard card;
  card.show();
  v1::CheckResult r = testing::Eligible();
  r.set_outcome(v1::OUTCOME_ERROR);
  r.set_error_reason("eligibility.service_error");
  r.set_error_message("timeout after 30 s");
  card.Show(r);
  QString seen;
  for (QLabel* l : card.findChildren<QLabel*>()) {
    if (l->isVisible()) seen += l->text() + QLatin1Char('\n');
  }
  for (const char* code : {"3b8a80019078b3a1a0b0c1e3", "APDU", "区分 01",
                           "eligibility.service_error", "3f1c2a9e-0001"}) {
    EXPECT_FALSE(seen.contains(QString::fromUtf8(code))) << code << " shown:\n"
                                                         << seen.toStdString();
  }
  EXPECT_TRUE(seen.contains(QStringLiteral("山田 花子")));
  EXPECT_FALSE(card.details_group()->isVisible());
  EXPECT_EQ(card.details_toggle()->text(), QStringLiteral("サポート用の詳細"));

  card.details_toggle()->click();
  ASSERT_TRUE(card.details_group()->isVisible());
  EXPECT_EQ(card.details_group()->title(), QStringLiteral("サポート用の詳細"));
  EXPECT_EQ(card.FieldText("card_classification"), QStringLiteral("区分 01"));
  EXPECT_EQ(card.FieldText("atr"), QStringLiteral("3b8a80019078b3a1a0b0c1e3"));
  EXPECT_EQ(card.FieldText("diagnostics"), QStringLiteral("8 APDU / 1840 ミリ秒"));
  EXPECT_EQ(card.FieldText("error"),
            QStringLiteral("eligibility.service_error timeout after 30 s"));
  EXPECT_EQ(card.FieldText("check_id"), QStringLiteral("3f1c2a9e-0001"));
  card.Show(testing::Lost());
  EXPECT_FALSE(card.details_group()->isVisible());
  EXPECT_EQ(card.FieldText("loss_reason_code"), QStringLiteral("03"));
}

// A loss date after the day of the check (a 75th birthday later this month) is coverage that
// ends later: no red "do not bill" banner today, a warning with the date instead. On or before
// the day, it is lost.
TEST_F(StationModelsTest, ALossDateAfterTheCheckIsCoverageThatEndsLater) {
  ResultCard card;
  card.show();
  v1::CheckResult r = testing::Eligible();
  const domain::Date today = domain::JapanDateOf(r.checked_at().seconds());
  const domain::Date later = domain::AddDays(today, 13);
  r.mutable_eligibility()->set_disqualification_date(domain::FormatIso(later));
  r.mutable_eligibility()->set_loss_reason("03");
  card.Show(r);
  EXPECT_FALSE(card.loss_banner()->isVisible());
  ASSERT_TRUE(card.warning_banner()->isVisible());
  const QString date =
      QStringLiteral("%1年%2月%3日").arg(later.year).arg(later.month).arg(later.day);
  EXPECT_TRUE(card.warning_banner()->text().contains(date + QStringLiteral(" に資格を喪失します")))
      << card.warning_banner()->text().toStdString();
  r.mutable_eligibility()->set_disqualification_date(domain::FormatIso(today));
  card.Show(r);
  EXPECT_TRUE(card.loss_banner()->isVisible());
}

// The patient reads the PIN pad's lock message: the card's photo is promised only where HQ lets
// staff switch to the visual check (a pharmacist's review).
TEST_F(StationModelsTest, ThePinPadPromisesThePhotoCheckOnlyWhereItIsAllowed) {
  for (int tries : {0, 1}) {
    PinPadDialog allowed(tries, /*may_switch_mode=*/true);
    PinPadDialog fixed(tries, /*may_switch_mode=*/false);
    EXPECT_TRUE(allowed.guard_label()->text().contains(QStringLiteral("カードの顔写真")));
    EXPECT_FALSE(fixed.guard_label()->text().contains(QStringLiteral("顔写真")))
        << fixed.guard_label()->text().toStdString();
    EXPECT_TRUE(fixed.guard_label()->text().contains(QStringLiteral("ほかの方法")));
  }
}

// A 医療券 whose period ended before the check is not announced as one the patient has.
TEST_F(StationModelsTest, ExpiredMedicalAidIsNotShownAsValid) {
  ResultCard card;
  card.show();
  card.Show(testing::WithMedicalAid(/*months_ago=*/1));
  ASSERT_TRUE(card.aid_banner()->isVisible());
  const QString banner = card.aid_banner()->text();
  EXPECT_FALSE(banner.contains(QStringLiteral("医療券あり"))) << banner.toStdString();
  EXPECT_TRUE(banner.contains(QStringLiteral("で終わっています"))) << banner.toStdString();
  EXPECT_TRUE(card.FieldText("aid_valid").endsWith(QStringLiteral("（確認日より前に終了）")));

  v1::CheckResult later = testing::WithMedicalAid();
  later.mutable_eligibility()->mutable_medical_aid()->set_valid_from("2099-01-01");
  later.mutable_eligibility()->mutable_medical_aid()->set_valid_to("2099-01-31");
  card.Show(later);
  EXPECT_TRUE(
      card.aid_banner()->text().startsWith(QStringLiteral("医療券の有効期間は2099年1月1日から")))
      << card.aid_banner()->text().toStdString();

  card.Show(testing::WithMedicalAid());
  EXPECT_TRUE(
      card.aid_banner()->text().startsWith(QStringLiteral("医療扶助（生活保護）の医療券あり")));
}

// A face-reader result picked up from the on-site terminal's folder, with 〓 in the name, and a
// late answer to a 再照会 that had timed out: staff read where it came from and what to do.
TEST_F(StationModelsTest, FaceReaderAndLateAnswers) {
  ResultCard card;
  card.show();
  v1::CheckResult r = testing::Eligible();
  r.set_source(v1::CHECK_SOURCE_FACE_READER);
  r.set_mode(v1::IDENTITY_MODE_FACE_READER);
  r.mutable_eligibility()->set_name("山〓 太郎");
  r.mutable_eligibility()->set_name_has_unrepresentable(true);
  card.Show(r);
  EXPECT_EQ(card.FieldText("source"), QStringLiteral("顔認証付きカードリーダー（資格確認端末）"));
  EXPECT_EQ(card.FieldText("verification"),
            QStringLiteral("顔認証付きカードリーダーで本人確認済み"));
  ASSERT_TRUE(card.warning_banner()->isVisible());
  EXPECT_TRUE(card.warning_banner()->text().contains(QStringLiteral("〓")))
      << card.warning_banner()->text().toStdString();

  v1::CheckResult late = testing::Eligible();
  late.set_source(v1::CHECK_SOURCE_RECHECK);
  late.set_answer_late(true);
  card.Show(late);
  ASSERT_TRUE(card.warning_banner()->isVisible());
  EXPECT_TRUE(card.warning_banner()->text().contains(QStringLiteral("資格確認端末")))
      << card.warning_banner()->text().toStdString();
}

}  // namespace
}  // namespace kakunin::station
