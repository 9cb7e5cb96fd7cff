// The check flows of the counter window: card checks (with the PIN pad), fallback documents,
// home-visit re-inquiry, the recent list and the keyboard shortcuts.
#include <QDateTime>
#include <QShortcut>

#include "agent/station/models/labels.h"
#include "agent/station/ui/fallback_dialogs.h"
#include "agent/station/ui/station_window.h"

namespace kakunin::station {

namespace {
constexpr uint32_t kRecentLimit = 200;
}

void StationWindow::BuildShortcuts() {
  auto add = [this](QKeySequence key, auto slot) {
    auto* s = new QShortcut(key, this);
    connect(s, &QShortcut::activated, this, slot);
    shortcuts_.push_back(s);
  };
  add(QKeySequence(Qt::Key_F2), &StationWindow::StartCheck);
  add(QKeySequence(Qt::Key_Return), &StationWindow::EnterPressed);
  add(QKeySequence(Qt::Key_Enter), &StationWindow::EnterPressed);
  add(QKeySequence(Qt::Key_Escape), &StationWindow::EscapePressed);
  add(QKeySequence(Qt::Key_F3), &StationWindow::ToggleMode);
  add(QKeySequence(Qt::Key_F4), [this] { route_box_->setFocus(Qt::ShortcutFocusReason); });
  add(QKeySequence(Qt::Key_F5), &StationWindow::RefreshRecent);
  add(QKeySequence(Qt::Key_F6), &StationWindow::RecordDocument);
  add(QKeySequence(Qt::Key_F7), &StationWindow::Recheck);
  add(QKeySequence(Qt::Key_F8), [this] {
    recent_view_->setFocus(Qt::ShortcutFocusReason);
    if (!recent_view_->currentIndex().isValid() && recent_model_->rowCount() > 0) {
      recent_view_->setCurrentIndex(recent_model_->index(0, 0));
    }
  });
}

void StationWindow::TrackDialog(QDialog* dialog) {
  for (QShortcut* s : shortcuts_) s->setEnabled(false);
  connect(dialog, &QObject::destroyed, this, [this](QObject* gone) {
    const bool other_open =
        (pin_pad_ && pin_pad_.data() != gone) || (form_ && form_.data() != gone);
    if (!other_open) {
      for (QShortcut* s : shortcuts_) s->setEnabled(true);
    }
  });
}

void StationWindow::EnterPressed() {
  if (recent_view_->hasFocus() && recent_view_->currentIndex().isValid()) {
    OpenRecent(recent_view_->currentIndex());
  } else if (document_->hasFocus()) {
    RecordDocument();
  } else if (recheck_->hasFocus()) {
    Recheck();
  } else {
    StartCheck();
  }
}

void StationWindow::EscapePressed() {
  if (phase_ == Phase::kChecking) {
    backend_->CancelCheck();  // the answer (cancelled) comes back through CheckFinished
    return;
  }
  card_->hide();
  error_->hide();
  HideNextStep();
  EndVisit();
  SetPhase(Phase::kIdle);
  start_->setFocus();
}

void StationWindow::SwitchToVisualForThisVisit() {
  if (!visual_->isChecked()) mode_switched_ = true;
  visual_->setChecked(true);
}

void StationWindow::EndVisit() {
  visit_answered_ = false;
  if (mode_switched_ && may_switch_mode()) {
    (hq_mode_ == v1::IDENTITY_MODE_PIN ? pin_ : visual_)->setChecked(true);
  }
  mode_switched_ = false;
}

void StationWindow::ToggleMode() {
  if (!may_switch_mode() || phase_ == Phase::kChecking) return;
  (pin_->isChecked() ? visual_ : pin_)->setChecked(true);
  mode_switched_ = false;  // the staff's own choice stays until they change it again
}

void StationWindow::SetPhase(Phase phase) {
  phase_ = phase;
  const bool checking = phase == Phase::kChecking;
  if (checking) HideNextStep();
  start_->setEnabled(have_status_ && !checking);
  document_->setEnabled(have_status_ && !checking);
  recheck_->setEnabled(have_status_ && !checking);
  route_box_->setEnabled(!checking);
  prompt_->setText(PromptText(phase));
  prompt_->setStyleSheet(
      phase == Phase::kShowingResult
          ? QStringLiteral("font-size: 13pt; color: #444; padding: 0px;")
          : QStringLiteral("font-size: 26pt; font-weight: bold; padding: 10px;"));
}

QString StationWindow::PromptText(Phase phase) const {
  const std::string& reader = status_.reader_status();
  const bool card_there = have_status_ && (reader == "card_present" || reader == "busy");
  if (phase == Phase::kChecking) {
    if (mode() == v1::IDENTITY_MODE_PIN) {
      return tr("Checking the card and the PIN… keep the card on the reader (Esc to cancel)");
    }
    return card_there ? tr("Reading the card… keep it on the reader (Esc to cancel)")
                      : tr("Place the card on the reader — reading… (Esc to cancel)");
  }
  if (agent_lost_ && phase != Phase::kChecking) {
    // Every button waits for the service; the patient at the counter need not.
    return tr(
        "The terminal's service is not answering. Check the patient's documents by eye "
        "and continue; record them with F6 once it is back.");
  }
  if (have_status_ && (reader == "no_reader" || status_.reader_name().empty())) {
    return tr("Connect the card reader, or confirm with a document (F6)");
  }
  if (phase == Phase::kShowingResult && !shown_note_.isEmpty()) return shown_note_;
  if (phase == Phase::kShowingResult) {
    // The card still there is this patient's: a "next patient" prompt had staff check it again.
    return card_there ? tr("The card is still on the reader: hand it back to the patient (Enter "
                           "checks this card again)")
                      : tr("Next patient: place the card on the reader (Enter)");
  }
  return card_there ? tr("A card is on the reader. Press Enter to start the check")
                    : tr("Place the card on the reader");
}

void StationWindow::StartCheck() {
  if (phase_ == Phase::kChecking || !have_status_ || pin_pad_ || form_) return;
  // The last patient's check was answered: this is the next patient (a card placed without
  // pressing "next patient"). Nothing of the last one stays on screen while the PIN is typed.
  if (visit_answered_) EndVisit();
  card_->hide();
  HideNextStep();
  error_->hide();
  if (mode() == v1::IDENTITY_MODE_PIN) {
    OpenPinPad(QString());
  } else {
    RunCardCheck(v1::IDENTITY_MODE_VISUAL, QString());
  }
}

void StationWindow::OpenPinPad(const QString& message) {
  auto* pad = new PinPadDialog(status_.pin_tries_left(), may_switch_mode(), this);
  pad->setAttribute(Qt::WA_DeleteOnClose);
  pad->SetMessage(message);
  pin_pad_ = pad;
  TrackDialog(pad);
  connect(pad, &QDialog::finished, this, [this, pad](int code) {
    if (code == QDialog::Accepted) {
      RunCardCheck(v1::IDENTITY_MODE_PIN, pad->pin());
    } else if (code == PinPadDialog::kSwitchToVisual) {
      SwitchToVisualForThisVisit();
      RunCardCheck(v1::IDENTITY_MODE_VISUAL, QString());
    } else {
      SetPhase(card_->isVisible() ? Phase::kShowingResult : Phase::kIdle);
    }
  });
  pad->open();
}

void StationWindow::RunCardCheck(v1::IdentityMode mode, const QString& pin,
                                 const std::string& allowance_id) {
  v1::RunCheckRequest request;
  request.set_mode(mode);
  request.set_visual_allowance_id(allowance_id);
  request.set_route(route());
  if (mode == v1::IDENTITY_MODE_PIN) request.set_pin(pin.toStdString());
  SetPhase(Phase::kChecking);
  card_->hide();
  calls_.Run(
      [b = backend_.get(), request]() mutable {
        auto result = b->RunCheck(request);
        request.mutable_pin()->assign(request.pin().size(), '\0');  // do not keep the PIN around
        return result;
      },
      [this, mode](const Result<v1::CheckResult>& r) { CheckFinished(r, mode); });
}

void StationWindow::CheckFinished(const Result<v1::CheckResult>& r, v1::IdentityMode mode) {
  const bool refused_reader = r.ok() ? r->error_reason() == "card.reader_not_compliant"
                                     : r.error().reason() == "card.reader_not_compliant";
  if (refused_reader) {
    noncompliant_reader_ = QString::fromStdString(status_.reader_name());
  } else if (r.ok() && r->source() == v1::CHECK_SOURCE_CARD && r->reader().extended_apdu()) {
    noncompliant_reader_.clear();
  }
  ApplyReader(status_);
  // A card answer or a document ends the visit's run of failed reads.
  const std::string& reason = r.ok() ? r->error_reason() : r.error().reason();
  if (domain::IsCardReadFailure(reason)) {
    ++read_failures_;
  } else if (r.ok() && r->outcome() != v1::OUTCOME_ERROR) {
    read_failures_ = 0;
  }
  if (r.ok() && r->outcome() != v1::OUTCOME_ERROR) visit_answered_ = true;
  if (r.ok()) {
    ShowResult(*r);
    return;
  }
  SetPhase(Phase::kIdle);
  ErrorAdvice advice = ErrorText::For(r.error(), status_.pin_tries_left(), may_switch_mode());
  if (mode == v1::IDENTITY_MODE_PIN && r.error().reason() == "card.pin_wrong") {
    AfterPinError(advice);
    return;
  }
  ShowError(advice);
  ShowNextStep(FactsForError(reason, Counter()));
}

void StationWindow::AfterPinError(const ErrorAdvice&) {
  // The daemon knows the tries left after the failed VERIFY: ask, then let the patient retry
  // with the count (or the guard's refusal when one try is left) in front of them.
  calls_.Run([b = backend_.get()] { return b->GetStatus(); },
             [this](const Result<v1::AgentStatus>& s) {
               if (s.ok()) ApplyStatus(*s);
               ErrorAdvice fresh = ErrorText::For("card.pin_wrong", ErrorCode::kUnauthenticated,
                                                  status_.pin_tries_left(), may_switch_mode());
               ShowError(fresh);
               ShowNextStep(FactsForError("card.pin_wrong", Counter()));
               OpenPinPad(fresh.text);
             });
}

void StationWindow::ShowResult(const v1::CheckResult& result, const QString& note) {
  shown_note_ = note;
  const domain::CheckFacts facts = FactsForResult(result, Counter());
  // The next step says what the other records mean: the card's own banner said it a second
  // time, and pushed the insurance below a laptop's screen.
  const domain::NextStepId step = domain::DecideNextStep(facts).id;
  card_->Show(result, step == domain::NextStepId::kProceedNewQualification ||
                          step == domain::NextStepId::kProceedConfirmInsurer);
  card_->show();
  if (result.outcome() == v1::OUTCOME_ERROR || result.outcome() == v1::OUTCOME_DOCUMENT_REFUSED) {
    ShowError(ErrorText::ForResult(result, may_switch_mode()));
  } else {
    error_->hide();
  }
  ShowNextStep(facts);
  if (!result.check_id().empty()) recent_model_->Prepend(result);
  SetPhase(Phase::kShowingResult);
  emit resultShown(result);
}

void StationWindow::ShowError(const ErrorAdvice& advice) {
  error_->setText(advice.text);
  error_->show();
  emit errorShown(advice.text);
}

CounterState StationWindow::Counter() const {
  CounterState s;
  s.card_read_failures = read_failures_;
  s.pin_tries_left = status_.pin_tries_left();
  s.visual_allowed = may_switch_mode();
  s.reader_compliant = noncompliant_reader_.isEmpty() &&
                       !(status_.extended_apdu_known() && !status_.extended_apdu());
  s.hq_reachable = status_.connected();
  // The daemon clears a used one; an expired one is judged here on the same PC's clock.
  if (status_.has_visual_allowance() &&
      status_.visual_allowance().expires_at().seconds() > QDateTime::currentSecsSinceEpoch()) {
    s.allowance = status_.visual_allowance();
  }
  return s;
}

void StationWindow::ShowNextStep(const domain::CheckFacts& facts) {
  next_reason_ = std::string(facts.error_reason);
  next_facts_ = facts;
  next_facts_.error_reason = next_reason_;
  const domain::NextStep step = domain::DecideNextStep(facts);
  const CounterState counter = Counter();
  next_action_ = step.action;
  QString sentence =
      NextStepText::Sentence(step, facts, counter.allowance ? &*counter.allowance : nullptr);
  // "The check is done, continue" must not sit above a red or amber warning (the 医療券 ended,
  // coverage ending, 外字): a pharmacist's review.
  if (step.id == domain::NextStepId::kProceed && card_->HasWarnings()) {
    sentence =
        tr("The check is done. Read the notes below before you continue with the "
           "patient's reception.");
  }
  next_text_->setText(sentence);
  next_button_->setText(NextStepText::Button(step.action));
  // Waiting for the branch manager: the button is there, usable once the allowance arrives.
  next_button_->setEnabled(step.id != domain::NextStepId::kPinManager);
  next_panel_->setProperty("step", QString::fromUtf8(domain::NextStepName(step.id).data()));
  next_panel_->show();
}

void StationWindow::RefreshAllowanceStep() {
  if (!next_panel_->isVisible() || phase_ == Phase::kChecking) return;
  const QString step = next_panel_->property("step").toString();
  if (step != QLatin1String("pin_manager") && step != QLatin1String("pin_manager_allowed")) return;
  const CounterState counter = Counter();
  domain::CheckFacts facts = next_facts_;
  facts.manager_allowance_available = counter.hq_reachable;
  facts.manager_allowance_granted = counter.allowance.has_value();
  ShowNextStep(facts);
}

void StationWindow::HideNextStep() { next_panel_->hide(); }

void StationWindow::RunNextStep() {
  if (phase_ == Phase::kChecking || form_) return;
  switch (next_action_) {
    case domain::NextAction::kNextPatient:
      read_failures_ = 0;
      EscapePressed();
      break;
    case domain::NextAction::kRetry:
      StartCheck();
      break;
    case domain::NextAction::kVisualCheck:
      if (!may_switch_mode()) return;
      if (pin_pad_) {
        pin_pad_->done(PinPadDialog::kSwitchToVisual);  // its handler runs the visual check
        return;
      }
      SwitchToVisualForThisVisit();
      error_->hide();
      RunCardCheck(v1::IDENTITY_MODE_VISUAL, QString());
      break;
    case domain::NextAction::kDocument:
      RecordDocument();
      break;
    case domain::NextAction::kManagerAllowance: {
      // The branch manager's one-time 目視確認: this check only; the mode HQ set stays as it is.
      const CounterState counter = Counter();
      if (!counter.allowance) return;  // still waiting (the button is disabled)
      if (pin_pad_) pin_pad_->reject();
      error_->hide();
      RunCardCheck(v1::IDENTITY_MODE_VISUAL, QString(), counter.allowance->allowance_id());
      break;
    }
  }
}

void StationWindow::RecordDocument() {
  if (phase_ == Phase::kChecking || form_ || pin_pad_) return;
  auto* dialog = new DocumentDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  form_ = dialog;
  TrackDialog(dialog);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    v1::RecordDocumentRequest request;
    *request.mutable_document() = dialog->document();
    request.set_route(route());
    SetPhase(Phase::kChecking);
    calls_.Run([b = backend_.get(), request] { return b->RecordDocument(request); },
               [this](const Result<v1::CheckResult>& r) {
                 CheckFinished(r, v1::IDENTITY_MODE_UNSPECIFIED);
               });
  });
  dialog->open();
}

void StationWindow::Recheck() {
  if (phase_ == Phase::kChecking || form_ || pin_pad_ || !recheck_->isVisible()) return;
  auto* dialog = new RecheckDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  form_ = dialog;
  TrackDialog(dialog);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    v1::RecheckRequest request = dialog->request();
    SetPhase(Phase::kChecking);
    calls_.Run([b = backend_.get(), request] { return b->Recheck(request); },
               [this](const Result<v1::CheckResult>& r) {
                 CheckFinished(r, v1::IDENTITY_MODE_UNSPECIFIED);
               });
  });
  dialog->open();
}

void StationWindow::RefreshRecent() {
  calls_.Run([b = backend_.get()] { return b->ListRecent(kRecentLimit); },
             [this](const Result<v1::ListRecentResponse>& r) {
               if (!r.ok()) {
                 // Daemon unreachable: the banner says so already, and the list is loaded again
                 // with the next status.
                 if (r.error().reason().rfind("local.", 0) != 0)
                   ShowError(ErrorText::For(r.error()));
                 return;
               }
               recent_loaded_ = true;
               recent_model_->SetResults({r->results().begin(), r->results().end()},
                                         RecentModel::TodayInJapan());
               emit recentLoaded(recent_model_->rowCount());
             });
}

void StationWindow::ShowArrival() {
  calls_.Run([b = backend_.get()] { return b->ListRecent(kRecentLimit); },
             [this](const Result<v1::ListRecentResponse>& r) {
               if (!r.ok()) return;  // the next status tries again
               recent_loaded_ = true;
               recent_model_->SetResults({r->results().begin(), r->results().end()},
                                         RecentModel::TodayInJapan());
               emit recentLoaded(recent_model_->rowCount());
               // Shown like a check's result, unless staff are in the middle of one.
               if (phase_ == Phase::kChecking || form_ || pin_pad_) return;
               for (const auto& x : r->results()) {  // newest first
                 if (x.source() == v1::CHECK_SOURCE_FACE_READER || x.answer_late()) {
                   // It replaces what was on screen: the prompt says where it came from.
                   ShowResult(x, x.answer_late()
                                     ? tr("A late answer to a re-inquiry has arrived (checked "
                                          "%1).")
                                           .arg(Labels::CheckedAt(x))
                                     : tr("A new result has arrived from the face-recognition "
                                          "card reader (checked %1).")
                                           .arg(Labels::CheckedAt(x)));
                   break;
                 }
               }
             });
}

void StationWindow::OpenRecent(const QModelIndex& index) {
  if (!index.isValid() || phase_ == Phase::kChecking) return;
  const v1::CheckResult& r = recent_model_->At(index.row());
  shown_note_ =
      tr("A past check (checked %1). Esc returns to the counter.").arg(Labels::CheckedAt(r));
  card_->Show(r);
  card_->show();
  error_->hide();
  HideNextStep();  // an earlier visit's result: its next step was taken then
  SetPhase(Phase::kShowingResult);
  emit resultShown(r);
}

}  // namespace kakunin::station
