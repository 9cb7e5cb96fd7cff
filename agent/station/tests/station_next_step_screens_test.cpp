// One picture per way a check can end, with the next step's sentence and button a person must
// read afterwards (next_step_*.png), and the branch manager's one-time 目視確認 as the counter
// shows it. PNGs go to ${CMAKE_BINARY_DIR}/artifacts/station/.
#include <QTest>
#include <ctime>
#include <string>
#include <vector>

#include "agent/station/models/next_step_text.h"
#include "agent/station/tests/screens_harness.h"
#include "common/domain/date.h"

namespace kakunin::station::testing {
namespace {

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
  ASSERT_NO_FATAL_FAILURE(CheckWithPinUntilTheNextStep());

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
  ASSERT_NO_FATAL_FAILURE(CheckWithPinUntilTheNextStep());
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
      ASSERT_NO_FATAL_FAILURE(EnterPinOnThePad());
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
