// The counter window driven from the keyboard only, against a scripted daemon on a real Unix
// socket (the real gRPC client in between): HQ's mode policy, the PIN pad with its tries and the
// PIN-lock guard, cancelling a wait for the card, documents, home-visit re-inquiry, reopening a
// recent check, the check starting when a card is placed, reconnecting after the daemon
// restarts, and the next-step button under a check's end.
#include <QCalendarWidget>
#include <QDateEdit>
#include <QLabel>
#include <QSignalSpy>

#include "agent/station/tests/window_harness.h"
#include "agent/station/ui/fallback_dialogs.h"

namespace kakunin::station::testing {
namespace {

using Phase = StationWindow::Phase;

v1::AgentStatus PinDefault(int tries) {
  v1::AgentStatus s = Status();
  s.mutable_config()->set_default_mode(v1::IDENTITY_MODE_PIN);
  s.set_pin_tries_left(tries);
  return s;
}

class StationWindowTest : public WindowTest {
 protected:
  // As the window manager would after a dialog closes, the window is active again.
  void Key(int key) {
    window_->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window_.get()));
    QTest::keyClick(window_.get(), static_cast<Qt::Key>(key));
  }
  PinPadDialog* WaitForPad(PinPadDialog* not_this = nullptr) {
    EXPECT_TRUE(WaitFor([&] {
      return window_->pin_pad() && window_->pin_pad() != not_this &&
             window_->pin_pad()->isVisible();
    }));
    return window_->pin_pad();
  }
};

TEST_F(StationWindowTest, PinCheckWithAWrongTryThenTheRightOne) {
  Open(PinDefault(3));
  EXPECT_TRUE(window_->pin_button()->isChecked());  // HQ's default
  Key(Qt::Key_Return);
  PinPadDialog* pad = WaitForPad();
  EXPECT_EQ(pad->tries_label()->text(), QStringLiteral("残り回数: 3回"));
  EXPECT_FALSE(pad->ok_button()->isEnabled());
  agent_.QueueAnswer(MakeError(ErrorCode::kUnauthenticated, "card.pin_wrong", "wrong PIN"));
  agent_.SetStatus(PinDefault(2));  // what the daemon reports after the failed VERIFY
  QTest::keyClicks(pad->edit(), "1234");
  EXPECT_EQ(pad->edit()->displayText().count(QLatin1Char('1')), 0);  // masked
  QTest::keyClick(pad->edit(), Qt::Key_Return);

  PinPadDialog* again = WaitForPad(pad);
  ASSERT_TRUE(
      WaitFor([&] { return again->tries_label()->text().contains(QStringLiteral("2回")); }));
  EXPECT_TRUE(window_->error_panel()->text().contains(QStringLiteral("暗証番号が違います")));
  agent_.QueueAnswer(Eligible());
  QSignalSpy shown(window_.get(), &StationWindow::resultShown);
  QTest::keyClicks(again->edit(), "5678");
  QTest::keyClick(again->edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return shown.size() == 1; }));
  auto checks = agent_.checks();
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].pin(), "1234");
  EXPECT_EQ(checks[1].pin(), "5678");
  EXPECT_EQ(checks[1].mode(), v1::IDENTITY_MODE_PIN);
  EXPECT_EQ(checks[1].route(), v1::CHECK_ROUTE_COUNTER);
  EXPECT_TRUE(window_->result_card()->isVisible());
  EXPECT_FALSE(window_->error_panel()->isVisible());
  Key(Qt::Key_Escape);  // back to the prompt for the next patient
  EXPECT_FALSE(window_->result_card()->isVisible());
  EXPECT_EQ(window_->phase(), Phase::kIdle);
}

TEST_F(StationWindowTest, OneTryLeftRefusesThePinAndOffersTheVisualCheck) {
  Open(PinDefault(1));
  Key(Qt::Key_F2);
  PinPadDialog* pad = WaitForPad();
  EXPECT_TRUE(pad->guard_label()->isVisible());
  EXPECT_TRUE(pad->guard_label()->text().contains(QStringLiteral("残り1回")));
  EXPECT_FALSE(pad->edit()->isEnabled());
  EXPECT_FALSE(pad->key(5)->isEnabled());
  EXPECT_FALSE(pad->ok_button()->isEnabled());
  ASSERT_TRUE(pad->visual_button()->isVisible());
  v1::CheckResult visual = Eligible();
  visual.set_mode(v1::IDENTITY_MODE_VISUAL);
  agent_.QueueAnswer(visual);
  pad->visual_button()->setFocus();
  QTest::keyClick(pad->visual_button(), Qt::Key_Space);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  ASSERT_EQ(agent_.checks().size(), 1u);
  EXPECT_EQ(agent_.checks()[0].mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_TRUE(agent_.checks()[0].pin().empty());
  EXPECT_TRUE(window_->visual_button()->isChecked());
  EXPECT_EQ(window_->result_card()->FieldText("verification"),
            QStringLiteral("目視確認（職員が顔写真で確認）"));
}

// The next step's one button runs the flows staff already know: read again, and after the third
// failed read the document form; a locked PIN goes to the visual check; an answer ends the visit.
TEST_F(StationWindowTest, NextStepButtonRunsTheFlows) {
  Open(Status());
  for (int failure = 1; failure <= 3; ++failure) {
    agent_.QueueAnswer(MakeError(ErrorCode::kFailedPrecondition, "card.unreadable", "no answer"));
    if (failure == 1) {
      Key(Qt::Key_Return);
    } else {
      window_->next_step_button()->click();  // 「もう一度読み取る」
    }
    ASSERT_TRUE(WaitFor([&] {
      return window_->idle() && agent_.checks().size() == static_cast<size_t>(failure) &&
             window_->next_step_panel()->isVisible();
    }));
    EXPECT_EQ(window_->card_read_failures(), failure);
  }
  EXPECT_EQ(window_->next_step_button()->text(), QStringLiteral("書類で確認する（F6）"));
  window_->next_step_button()->click();
  ASSERT_TRUE(WaitFor([&] { return window_->form() != nullptr; }));
  EXPECT_NE(qobject_cast<DocumentDialog*>(window_->form()), nullptr);
  window_->form()->reject();
  ASSERT_TRUE(WaitFor([&] { return window_->form() == nullptr; }));
  EXPECT_EQ(agent_.checks().size(), 3u);

  // A card answer ends the run of failures; 「次の患者さんへ」 clears the counter for the next one.
  agent_.QueueAnswer(Eligible());
  Key(Qt::Key_Return);
  ASSERT_TRUE(
      WaitFor([&] { return window_->phase() == Phase::kShowingResult && window_->idle(); }));
  EXPECT_EQ(window_->card_read_failures(), 0);
  EXPECT_EQ(window_->next_step_button()->text(), QStringLiteral("次の患者さんへ"));
  window_->next_step_button()->click();
  EXPECT_EQ(window_->phase(), Phase::kIdle);
  EXPECT_FALSE(window_->result_card()->isVisible());
  EXPECT_FALSE(window_->next_step_panel()->isVisible());
}

TEST_F(StationWindowTest, NextStepAfterALockedPinIsTheVisualCheck) {
  v1::AgentStatus s = PinDefault(-1);
  Open(s);
  agent_.QueueAnswer(MakeError(ErrorCode::kFailedPrecondition, "card.pin_locked", "locked"));
  Key(Qt::Key_Return);
  PinPadDialog* pad = WaitForPad();
  QTest::keyClicks(pad->edit(), "1234");
  QTest::keyClick(pad->edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->idle() && window_->next_step_panel()->isVisible(); }));
  EXPECT_EQ(window_->next_step_button()->text(), QStringLiteral("目視確認で読み取る"));
  v1::CheckResult visual = Eligible();
  visual.set_mode(v1::IDENTITY_MODE_VISUAL);
  agent_.QueueAnswer(visual);
  window_->next_step_button()->click();
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  ASSERT_EQ(agent_.checks().size(), 2u);
  EXPECT_EQ(agent_.checks()[1].mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_TRUE(agent_.checks()[1].pin().empty());
  EXPECT_TRUE(window_->visual_button()->isChecked());  // for this patient's visit

  // The next patient (their card placed, no "next patient" pressed) is checked by PIN again,
  // HQ's mode, and the pad opens over a screen that no longer shows the last patient (a
  // pharmacist's review: one locked PIN left every later patient checked without one).
  Key(Qt::Key_F2);
  PinPadDialog* next = WaitForPad();
  EXPECT_TRUE(window_->pin_button()->isChecked());
  EXPECT_FALSE(window_->result_card()->isVisible());
  EXPECT_FALSE(window_->next_step_panel()->isVisible());
  next->reject();
}

// "The check is done, continue" never sits above a warning: with the 医療券 ended, the step asks
// staff to read the notes first (a pharmacist's review).
TEST_F(StationWindowTest, TheContinueStepAsksToReadAWarningFirst) {
  Open(Status());
  agent_.QueueAnswer(testing::WithMedicalAid(/*months_ago=*/1));
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  EXPECT_EQ(window_->next_step_label()->text(),
            QStringLiteral("確認は完了です。下の注意事項を確認してから、受付を進めてください。"));
  Key(Qt::Key_Escape);
  agent_.QueueAnswer(Eligible());
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  EXPECT_EQ(window_->next_step_label()->text(),
            QStringLiteral("確認は完了です。このまま受付を進めてください。"));
}

TEST_F(StationWindowTest, ModeSwitchFollowsHqPolicy) {
  v1::AgentStatus fixed = Status();
  fixed.mutable_config()->set_local_mode_override_allowed(false);
  Open(fixed);
  EXPECT_FALSE(window_->visual_button()->isEnabled());
  EXPECT_EQ(window_->mode_note()->text(), QStringLiteral("（本部の設定）"));
  // Only the mode HQ set is shown, in full contrast though it cannot be pressed.
  EXPECT_TRUE(window_->visual_button()->isVisible());
  EXPECT_FALSE(window_->pin_button()->isVisible());
  const QPalette& palette = window_->visual_button()->palette();
  EXPECT_EQ(palette.color(QPalette::Disabled, QPalette::WindowText),
            palette.color(QPalette::Active, QPalette::WindowText));
  Key(Qt::Key_F3);
  EXPECT_EQ(window_->mode(), v1::IDENTITY_MODE_VISUAL);

  v1::AgentStatus allowed = Status();
  Push(allowed);
  EXPECT_TRUE(window_->pin_button()->isVisible());
  Key(Qt::Key_F3);
  EXPECT_EQ(window_->mode(), v1::IDENTITY_MODE_PIN);
  // Same configuration version: staff's choice stays; a new version brings HQ's default back.
  allowed.set_outbox_depth(3);
  Push(allowed);
  EXPECT_EQ(window_->mode(), v1::IDENTITY_MODE_PIN);
  allowed.mutable_config()->set_version(8);
  Push(allowed);
  EXPECT_EQ(window_->mode(), v1::IDENTITY_MODE_VISUAL);
  // The route selector offers HQ's allowed routes only.
  ASSERT_EQ(window_->route_box()->count(), 3);
  Key(Qt::Key_F4);
  EXPECT_TRUE(window_->route_box()->hasFocus());
  QTest::keyClick(window_->route_box(), Qt::Key_Down);
  EXPECT_EQ(window_->route(), v1::CHECK_ROUTE_HOME_VISIT);
}

// A PC clock far from HQ's dates every check wrongly (HQ stores one dated over ten minutes ahead at
// its own time): the counter sees it, in words; a few minutes' drift is not worth a banner.
TEST_F(StationWindowTest, AClockFarFromHqsIsShownInWords) {
  v1::AgentStatus s = Status();
  s.set_clock_skew_seconds(120);
  Open(s);
  EXPECT_FALSE(window_->clock_banner()->isVisible());
  s.set_clock_skew_seconds(3 * 86400 + 60);
  Push(s);
  ASSERT_TRUE(window_->clock_banner()->isVisible());
  EXPECT_EQ(window_->clock_banner()->text(),
            QStringLiteral("このパソコンの時計が本部より3日進んでいます。確認の日時はこの時計で記録"
                           "されるため、本部が受け付けない場合があります。確認はそのまま続け、管理"
                           "者に時計の設定を依頼してください。"));
  s.set_clock_skew_seconds(-40 * 60);
  Push(s);
  EXPECT_TRUE(window_->clock_banner()->text().startsWith(
      QStringLiteral("このパソコンの時計が本部より40分遅れています。")));
  EXPECT_TRUE(window_->start_button()->isEnabled());  // checks go on
  s.set_clock_skew_seconds(0);
  Push(s);
  EXPECT_FALSE(window_->clock_banner()->isVisible());
}

// An answer the outbox would not take is held by the daemon and lost if the PC is shut down:
// the counter hears it at once, with the cause for the administrator. HQ's refusals too.
TEST_F(StationWindowTest, UnsavedChecksAndHqsRefusalsAreShownInWords) {
  v1::AgentStatus s = Status();
  Open(s);
  EXPECT_FALSE(window_->unsaved_banner()->isVisible());
  EXPECT_FALSE(window_->refused_banner()->isVisible());
  s.set_unsaved_results(2);
  s.set_store_problem("outbox.full");
  Push(s);
  ASSERT_TRUE(window_->unsaved_banner()->isVisible());
  EXPECT_EQ(window_->unsaved_banner()->text(),
            QStringLiteral("2件の確認結果をこの端末に保存できていません（ディスクがいっぱいです）。"
                           "画面に表示した結果は有効で、保存できるまで端末が自動で繰り返します。"
                           "端末の電源を切らずに、管理者に連絡してください。"));
  s.set_store_problem("outbox.busy");
  Push(s);
  EXPECT_NE(window_->unsaved_banner()->text().indexOf(
                QStringLiteral("（ほかのプログラムが結果のファイルを使っています）")),
            -1);
  EXPECT_TRUE(window_->start_button()->isEnabled());  // checks go on
  // The uplink cannot read the outbox: nothing reaches HQ, and the counter hears it too.
  s.set_unsaved_results(0);
  s.set_outbox_read_problem("outbox.damaged");
  Push(s);
  ASSERT_TRUE(window_->unsaved_banner()->isVisible());
  EXPECT_EQ(window_->unsaved_banner()->text(),
            QStringLiteral("保存した確認結果を読み出せないため（結果のファイルが壊れています）、"
                           "本部に送れません。結果はこの端末に残っています。確認はそのまま続け、"
                           "管理者に連絡してください。"));
  s.clear_outbox_read_problem();
  s.set_refused_results(1);
  s.set_last_refusal("checked_at missing or invalid");
  Push(s);
  EXPECT_FALSE(window_->unsaved_banner()->isVisible());
  ASSERT_TRUE(window_->refused_banner()->isVisible());
  EXPECT_EQ(window_->refused_banner()->text(),
            QStringLiteral("過去30日の確認結果のうち1件を本部が受け付けませんでした。この端末では"
                           "引き続き表示できます。本部に連絡してください。"));
}

// The daemon found the results file damaged at start and rebuilt it: staff hear it, with the
// results that could not be read, and checks go on.
TEST_F(StationWindowTest, ARepairedResultsFileIsToldAndChecksGoOn) {
  v1::AgentStatus s = Status();
  s.set_store_problem("outbox.repaired");
  s.set_damaged_results(3);
  Open(s);
  ASSERT_TRUE(window_->unsaved_banner()->isVisible());
  EXPECT_EQ(window_->unsaved_banner()->text(),
            QStringLiteral("この端末の結果のファイルが壊れていたため、修復しました。読み出せた結果"
                           "は新しいファイルに移し、壊れたファイルはサポートのために残してあります"
                           "。確認はそのまま続けられます。管理者に連絡してください。\n"
                           "3件の確認結果を読み出せなかったため、本部には送れません。"));
  EXPECT_TRUE(window_->start_button()->isEnabled());
  // A check that cannot be saved later says so first: the held checks are what a stop loses.
  s.set_unsaved_results(1);
  s.set_store_problem("outbox.full");
  Push(s);
  EXPECT_EQ(window_->unsaved_banner()->text().indexOf(QStringLiteral("修復しました")), -1);
}

TEST_F(StationWindowTest, EscapeCancelsTheWaitForACard) {
  Open(Status());
  agent_.HoldChecks(true);
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return agent_.checks().size() == 1; }));
  EXPECT_EQ(window_->phase(), Phase::kChecking);
  EXPECT_FALSE(window_->start_button()->isEnabled());
  Key(Qt::Key_Escape);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kIdle && window_->idle(); }));
  EXPECT_EQ(window_->error_panel()->text(), QStringLiteral("確認を中止しました。"));
  EXPECT_TRUE(WaitFor([&] { return agent_.cancelled_checks() == 1; }));
  EXPECT_TRUE(window_->start_button()->isEnabled());
}

TEST_F(StationWindowTest, RefusedDocumentShowsTheDaemonsReason) {
  Open(Status());
  Key(Qt::Key_F6);
  ASSERT_TRUE(WaitFor([&] { return window_->form() != nullptr; }));
  auto* dialog = qobject_cast<DocumentDialog*>(window_->form());
  ASSERT_NE(dialog, nullptr);
  QTest::keyClick(dialog->kind_box(), Qt::Key_Down);
  QTest::keyClick(dialog->kind_box(), Qt::Key_Down);  // 資格確認書
  EXPECT_EQ(dialog->kind_box()->currentText(), QStringLiteral("資格確認書"));
  // Its expiry is always printed: the box is ticked and fixed, and the date must be typed before
  // it can be recorded (a pharmacist's review: left as it was, a valid certificate was refused).
  EXPECT_TRUE(dialog->expiry_box()->isChecked());
  EXPECT_FALSE(dialog->expiry_box()->isEnabled());
  EXPECT_TRUE(dialog->expiry_edit()->isEnabled());
  EXPECT_FALSE(dialog->record_button()->isEnabled());
  EXPECT_EQ(dialog->problem_label()->text(),
            QStringLiteral("資格確認書に記載の有効期限を入力してください。"));
  dialog->expiry_edit()->setDate(QDate::currentDate().addDays(-1));
  EXPECT_TRUE(dialog->record_button()->isEnabled());
  EXPECT_TRUE(dialog->problem_label()->text().isEmpty());
  v1::CheckResult refused;
  refused.set_check_id("doc-1");
  refused.set_source(v1::CHECK_SOURCE_DOCUMENT);
  refused.set_outcome(v1::OUTCOME_DOCUMENT_REFUSED);
  refused.set_error_reason("document.expired");
  refused.mutable_document()->set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
  agent_.QueueAnswer(refused);
  QTest::keyClick(dialog->expiry_edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  ASSERT_EQ(agent_.documents().size(), 1u);
  EXPECT_EQ(agent_.documents()[0].document().kind(), v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
  EXPECT_FALSE(agent_.documents()[0].document().expires_on().empty());
  EXPECT_TRUE(window_->error_panel()->text().contains(QStringLiteral("有効期限")));
  EXPECT_EQ(window_->result_card()->headline()->text(), QStringLiteral("書類が有効ではありません"));
  EXPECT_TRUE(window_->result_card()->document_group()->isVisible());
}

// A typo in the document's insurer number is caught in the form (the same check digit as the
// re-inquiry), before the daemon would refuse it; the number may also be left empty.
// The legacy card and お知らせ alone are offered only while they can be valid (a pharmacist's
// review: after 2026-03-31 they were always refused, after staff had filled in the form).
TEST_F(StationWindowTest, DocumentFormOffersOnlyKindsThatCanBeValid) {
  auto kinds = [](const domain::Date& today) {
    DocumentDialog dialog(nullptr, today);
    QStringList texts;
    for (int i = 0; i < dialog.kind_box()->count(); ++i) texts << dialog.kind_box()->itemText(i);
    return texts;
  };
  const QStringList before = kinds({2026, 3, 31});
  const QStringList after = kinds({2026, 4, 1});
  EXPECT_EQ(before.size(), 5) << before.join(QStringLiteral(" | ")).toStdString();
  EXPECT_EQ(after.size(), 3) << after.join(QStringLiteral(" | ")).toStdString();
  EXPECT_TRUE(after.contains(QStringLiteral("資格確認書")));
  for (const QString& gone : before) {
    if (after.contains(gone)) continue;
    EXPECT_TRUE(gone.contains(QStringLiteral("健康保険証")) ||
                gone.contains(QStringLiteral("お知らせ")))
        << gone.toStdString();
  }
}

TEST_F(StationWindowTest, DocumentFormChecksTheInsurerNumber) {
  Open(Status());
  Key(Qt::Key_F6);
  ASSERT_TRUE(WaitFor([&] { return window_->form() != nullptr; }));
  auto* dialog = qobject_cast<DocumentDialog*>(window_->form());
  ASSERT_NE(dialog, nullptr);
  EXPECT_TRUE(dialog->problem_label()->text().isEmpty());
  EXPECT_TRUE(dialog->record_button()->isEnabled());
  QTest::keyClicks(dialog->insurer_edit(), "06139991");
  EXPECT_EQ(
      dialog->problem_label()->text(),
      QStringLiteral("保険者番号の最後の桁は 2 のはずです。入力ミスがないか確認してください。"));
  EXPECT_FALSE(dialog->record_button()->isEnabled());
  QTest::keyClick(dialog->insurer_edit(), Qt::Key_Backspace);
  EXPECT_EQ(dialog->problem_label()->text(), QStringLiteral("保険者番号は6桁または8桁です。"));
  QTest::keyClicks(dialog->insurer_edit(), "2");
  EXPECT_TRUE(dialog->problem_label()->text().isEmpty());
  EXPECT_TRUE(dialog->record_button()->isEnabled());
  dialog->reject();
}

TEST_F(StationWindowTest, HomeVisitReinquiryByKeyboard) {
  Open(Status());
  Key(Qt::Key_F7);
  ASSERT_TRUE(WaitFor([&] { return window_->form() != nullptr; }));
  auto* dialog = qobject_cast<RecheckDialog*>(window_->form());
  ASSERT_NE(dialog, nullptr);
  QTest::keyClicks(dialog->insurer_edit(), "06139991");  // a typo in the check digit
  EXPECT_TRUE(dialog->problem_label()->text().contains(QStringLiteral("2")));
  EXPECT_FALSE(dialog->send_button()->isEnabled());
  QTest::keyClick(dialog->insurer_edit(), Qt::Key_Backspace);
  QTest::keyClicks(dialog->insurer_edit(), "2");
  QTest::keyClicks(dialog->number_edit(), "56789");
  // The birth date must be entered: the date the field starts at is not sent as the patient's
  // (a pharmacist's review). It reads as a Japanese date, its calendar Japanese whatever the
  // PC's locale.
  auto dates = dialog->findChildren<QDateEdit*>();
  ASSERT_EQ(dates.size(), 1);
  EXPECT_EQ(dates[0]->text(), QStringLiteral("1950年01月01日"));
  EXPECT_FALSE(dialog->send_button()->isEnabled());
  EXPECT_EQ(dialog->problem_label()->text(), QStringLiteral("生年月日を入力してください。"));
  EXPECT_TRUE(dialog->birth_era_label()->text().isEmpty());
  dates[0]->setDate(QDate(1950, 1, 2));  // born on the starting day: changed and back
  dates[0]->setDate(QDate(1950, 1, 1));
  EXPECT_TRUE(dialog->send_button()->isEnabled());
  EXPECT_EQ(dates[0]->calendarWidget()->locale().language(), QLocale::Japanese);
  // Beside it the era, as the patient may say it; it follows the date, 元年 included.
  EXPECT_EQ(dialog->birth_era_label()->text(), QStringLiteral("昭和25年1月1日"));
  dates[0]->setDate(QDate(1989, 1, 8));
  EXPECT_EQ(dialog->birth_era_label()->text(), QStringLiteral("平成元年1月8日"));
  dates[0]->setDate(QDate(1950, 1, 1));
  v1::CheckResult again = Eligible("recheck-1");
  again.set_source(v1::CHECK_SOURCE_RECHECK);
  again.set_route(v1::CHECK_ROUTE_HOME_VISIT);
  agent_.QueueAnswer(again);
  QTest::keyClick(dialog->number_edit(), Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  ASSERT_EQ(agent_.rechecks().size(), 1u);
  EXPECT_EQ(agent_.rechecks()[0].insurer_number(), "06139992");
  EXPECT_EQ(agent_.rechecks()[0].insured_number(), "56789");
  EXPECT_EQ(agent_.rechecks()[0].birth_date(), "1950-01-01");
  EXPECT_EQ(agent_.rechecks()[0].route(), v1::CHECK_ROUTE_HOME_VISIT);
  EXPECT_EQ(window_->result_card()->FieldText("source"),
            QStringLiteral("被保険者番号による再照会"));
}

TEST_F(StationWindowTest, RecentChecksReopenFromTheKeyboard) {
  agent_.SetRecent({Lost(), Eligible()});
  Open(Status());
  ASSERT_TRUE(WaitFor([&] { return window_->recent_model()->rowCount() == 2; }));
  Key(Qt::Key_F8);
  EXPECT_TRUE(window_->recent_view()->hasFocus());
  QTest::keyClick(window_->recent_view(), Qt::Key_Return);
  ASSERT_TRUE(window_->result_card()->isVisible());
  EXPECT_EQ(window_->result_card()->headline()->text(), QStringLiteral("資格喪失"));
  // Said to be a past one (a pharmacist's review: nothing told it from this patient's).
  EXPECT_TRUE(window_->prompt()->text().startsWith(QStringLiteral("過去の確認結果です（確認日時 ")))
      << window_->prompt()->text().toStdString();
  QTest::keyClick(window_->recent_view(), Qt::Key_Down);
  QTest::keyClick(window_->recent_view(), Qt::Key_Return);
  EXPECT_EQ(window_->result_card()->FieldText("name"), QStringLiteral("山田 花子"));
}

// A face-recognition reader's result picked up by the daemon appears like a check's result,
// without a key press; a late answer to a timed-out 再照会 likewise.
TEST_F(StationWindowTest, ResultsArrivingByFileAreShown) {
  Open(Status());
  ASSERT_TRUE(WaitFor([&] { return window_->idle(); }));
  v1::CheckResult face = Eligible();
  face.set_check_id("face-1");
  face.set_source(v1::CHECK_SOURCE_FACE_READER);
  face.set_mode(v1::IDENTITY_MODE_FACE_READER);
  agent_.SetRecent({face, Lost()});
  v1::AgentStatus picked = Status();
  picked.mutable_route()->set_face_files_picked(1);
  Push(picked);
  ASSERT_TRUE(WaitFor([&] { return window_->result_card()->isVisible(); }));
  EXPECT_EQ(window_->result_card()->FieldText("source"),
            QStringLiteral("顔認証付きカードリーダー（資格確認端末）"));
  EXPECT_EQ(window_->recent_model()->rowCount(), 2);
  // It replaced the screen by itself: the prompt says where it came from.
  EXPECT_TRUE(window_->prompt()->text().startsWith(
      QStringLiteral("顔認証付きカードリーダーから新しい結果が届きました（確認日時 ")))
      << window_->prompt()->text().toStdString();

  v1::CheckResult late = Lost();
  late.set_check_id("late-1");
  late.set_source(v1::CHECK_SOURCE_RECHECK);
  late.set_answer_late(true);
  agent_.SetRecent({late, face, Lost()});
  picked.mutable_route()->set_late_answers(1);
  Push(picked);
  ASSERT_TRUE(WaitFor([&] {
    return window_->result_card()->FieldText("source") ==
           QStringLiteral("被保険者番号による再照会");
  }));
  EXPECT_TRUE(
      window_->result_card()->warning_banner()->text().contains(QStringLiteral("資格確認端末")));
}

TEST_F(StationWindowTest, PlacingACardStartsTheCheck) {
  Open(Status());
  agent_.QueueAnswer(Eligible());
  v1::AgentStatus placed = Status();
  placed.set_reader_status("card_present");
  agent_.SetStatus(placed);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  ASSERT_EQ(agent_.checks().size(), 1u);
  EXPECT_EQ(agent_.checks()[0].mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("カードあり")));
  // The card still there is this patient's: hand it back (a pharmacist's review: "next patient,
  // press Enter" had staff check the same patient again).
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("カードがリーダーに置かれたままです。患者さんにお返しください（Enter "
                           "でこのカードをもう一度確認します）"));
  Push(Status());  // the card is taken off
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("次の患者さん: カードをリーダーに置いてください（Enter）"));
}

// A card already on the reader when the window starts does not start a check by itself (it may
// be the last patient's); the prompt follows the daemon's reader status and Enter starts it.
TEST_F(StationWindowTest, CardAlreadyPresentWaitsForEnter) {
  v1::AgentStatus present = Status();
  present.set_reader_status("card_present");
  Open(present);
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("リーダーにカードが置かれています。Enterを押して確認を始めてください"));
  EXPECT_TRUE(agent_.checks().empty());
  agent_.HoldChecks(true);
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return agent_.checks().size() == 1; }));
  EXPECT_EQ(
      window_->prompt()->text(),
      QStringLiteral("カードを読み取っています… カードはそのまま置いてください（Escで中止）"));
  Key(Qt::Key_Escape);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kIdle && window_->idle(); }));
  v1::AgentStatus unplugged = Status();
  unplugged.set_reader_status("no_reader");
  Push(unplugged);
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("カードリーダーを接続するか、書類で確認してください（F6）"));
}

TEST_F(StationWindowTest, ReaderRefusalIsRememberedUntilACheckSucceeds) {
  v1::AgentStatus unprobed = Status();
  unprobed.set_extended_apdu(false);
  unprobed.set_extended_apdu_known(false);  // no probe yet: false proves nothing
  Open(unprobed);
  EXPECT_FALSE(window_->reader_banner()->isVisible());
  agent_.QueueAnswer(MakeError(ErrorCode::kFailedPrecondition, "card.reader_not_compliant",
                               "this reader does not pass extended APDUs"));
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->reader_banner()->isVisible() && window_->idle(); }));
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("使用不可")));
  EXPECT_TRUE(window_->error_panel()->text().contains(
      QStringLiteral("このカードリーダーではマイナンバーカードを読み取れません")));
  // Another reader plugged in: the refusal was about the old one.
  v1::AgentStatus other = unprobed;
  other.set_reader_name("ACS ACR39U");
  Push(other);
  EXPECT_FALSE(window_->reader_banner()->isVisible());
  Push(unprobed);
  EXPECT_TRUE(window_->reader_banner()->isVisible());
  agent_.QueueAnswer(Eligible());  // the same reader passed after all (e.g. firmware update)
  Key(Qt::Key_Return);
  ASSERT_TRUE(WaitFor([&] { return window_->phase() == Phase::kShowingResult; }));
  EXPECT_FALSE(window_->reader_banner()->isVisible());
}

TEST_F(StationWindowTest, ReconnectsAfterTheDaemonRestarts) {
  Open(Status());
  auto* banner = window_->findChild<QLabel*>(QStringLiteral("agentBanner"));
  ASSERT_NE(banner, nullptr);
  EXPECT_FALSE(banner->isVisible());
  agent_.DropStreams();
  ASSERT_TRUE(WaitFor([&] { return banner->isVisible(); }));
  EXPECT_FALSE(window_->start_button()->isEnabled());
  EXPECT_TRUE(banner->text().contains(QStringLiteral("再接続")));
  // The largest text says what to do with the patient meanwhile, not "place the card".
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("常駐サービスが応答しません。書類を目で確認して受付を進め、復旧したら"
                           "「書類で確認（F6）」で記録してください。"));
  ASSERT_TRUE(WaitFor([&] { return !banner->isVisible() && window_->have_status(); }));
  EXPECT_GE(agent_.watch_streams_opened(), 2);
  EXPECT_TRUE(window_->start_button()->isEnabled());
  EXPECT_EQ(window_->prompt()->text(), QStringLiteral("カードをリーダーに置いてください"));
}

}  // namespace
}  // namespace kakunin::station::testing
