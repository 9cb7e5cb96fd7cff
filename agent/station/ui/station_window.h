#pragma once
// The staff counter window: reader and connection state, the identity mode (目視確認 / 暗証番号,
// HQ's default, switchable only where HQ allows), the route, the prompt, the result card, the
// fallbacks (document, home-visit re-inquiry) and this terminal's recent checks. Everything can
// be done from the keyboard: Enter/F2 start, F3 mode, F4 route, F5 refresh, F6 document,
// F7 re-inquiry, F8 recent checks, Escape cancel / clear.

#include <QButtonGroup>
#include <QComboBox>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>
#include <memory>
#include <vector>

#include "agent/station/client/async_calls.h"
#include "agent/station/client/station_backend.h"
#include "agent/station/client/status_watcher.h"
#include "agent/station/models/error_text.h"
#include "agent/station/models/next_step_text.h"
#include "agent/station/models/recent_model.h"
#include "agent/station/ui/pin_pad_dialog.h"
#include "agent/station/ui/result_card.h"

namespace kakunin::station {

class StationWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum class Phase { kIdle, kChecking, kShowingResult };

  explicit StationWindow(std::unique_ptr<StationBackend> backend, QWidget* parent = nullptr);
  ~StationWindow() override;

  // Subscribes to the daemon's status and loads the recent checks.
  void Start();
  // Starts a check in the selected mode (PIN mode opens the PIN pad first).
  void StartCheck();

  Phase phase() const { return phase_; }
  bool idle() const { return calls_.pending() == 0; }
  bool have_status() const { return have_status_; }
  const v1::AgentStatus& status() const { return status_; }
  v1::IdentityMode mode() const;
  v1::CheckRoute route() const;

  QLabel* prompt() const { return prompt_; }
  QLabel* connection_label() const { return connection_; }
  QLabel* reader_label() const { return reader_; }
  QLabel* offline_banner() const { return offline_banner_; }
  QLabel* outbox_banner() const { return outbox_banner_; }
  QLabel* unsaved_banner() const { return unsaved_banner_; }
  QLabel* refused_banner() const { return refused_banner_; }
  QLabel* clock_banner() const { return clock_banner_; }
  QLabel* reader_banner() const { return reader_banner_; }
  // Issue 19: a certificate near or past its last day (資格確認端末's, or this terminal's own).
  QLabel* certificate_banner() const { return cert_banner_; }
  QLabel* error_panel() const { return error_; }
  // The next step under a check's end: one sentence and one button (issue 19).
  QWidget* next_step_panel() const { return next_panel_; }
  QLabel* next_step_label() const { return next_text_; }
  QPushButton* next_step_button() const { return next_button_; }
  int card_read_failures() const { return read_failures_; }
  QRadioButton* visual_button() const { return visual_; }
  QRadioButton* pin_button() const { return pin_; }
  QLabel* mode_note() const { return mode_note_; }
  QComboBox* route_box() const { return route_box_; }
  QPushButton* start_button() const { return start_; }
  QPushButton* document_button() const { return document_; }
  QPushButton* recheck_button() const { return recheck_; }
  QTableView* recent_view() const { return recent_view_; }
  RecentModel* recent_model() const { return recent_model_; }
  ResultCard* result_card() const { return card_; }
  // The PIN pad while it is open (nullptr otherwise).
  PinPadDialog* pin_pad() const { return pin_pad_; }
  // The document or re-inquiry form while it is open (nullptr otherwise).
  QDialog* form() const { return form_; }

 signals:
  // A check (card, document or re-inquiry) came back and is shown; tests and --screenshot wait on
  // it.
  void resultShown(const kakunin::v1::CheckResult& result);
  void errorShown(const QString& text);
  void statusApplied();
  void recentLoaded(int rows);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QWidget* BuildStatusRow();
  QWidget* BuildControls();
  QWidget* BuildBanners();
  // The prompt, the error panel and the result card, scrolling together.
  QWidget* BuildMiddle();
  void BuildRecentList(QVBoxLayout* layout);
  void BuildShortcuts();
  // While the PIN pad or a form is open its keys (Enter, Escape) must reach it, not the window.
  void TrackDialog(QDialog* dialog);
  void ApplyStatus(const v1::AgentStatus& status);
  void ApplyConfig(const v1::TerminalConfig& config);
  void ApplyReader(const v1::AgentStatus& status);
  void ApplyUplink(const v1::AgentStatus& status);
  void ApplyCertificates(const v1::AgentStatus& status);
  // What the outbox would not take, and what HQ would not accept.
  void ApplyStore(const v1::AgentStatus& status);
  void AgentLost(const QString& reason);
  // Status chips with nothing to say are hidden rather than shown as empty boxes.
  void ShowChips();
  bool may_switch_mode() const;

  void OpenPinPad(const QString& message);
  // `allowance_id`: the branch manager's one-time 目視確認 this check uses (issue 19).
  void RunCardCheck(v1::IdentityMode mode, const QString& pin,
                    const std::string& allowance_id = std::string());
  void CheckFinished(const Result<v1::CheckResult>& result, v1::IdentityMode mode);
  void AfterPinError(const ErrorAdvice& advice);
  // `note`: what the result is when it is not this counter's latest check (shown_note_).
  void ShowResult(const v1::CheckResult& result, const QString& note = {});
  void ShowError(const ErrorAdvice& advice);
  CounterState Counter() const;
  void ShowNextStep(const domain::CheckFacts& facts);
  void HideNextStep();
  // While the step waits for (or offers) the branch manager's one-time 目視確認, a new status
  // (the allowance arrived, was used, HQ went away) shows the step again.
  void RefreshAllowanceStep();
  // What the next-step button does (the same flows as the keys).
  void RunNextStep();
  void SetPhase(Phase phase);
  // What to do next, from the phase and the reader as the daemon reports it: never "place the
  // card" while the daemon says a card is already there.
  QString PromptText(Phase phase) const;
  void RecordDocument();
  void Recheck();
  void RefreshRecent();
  // A result came by file (face-recognition reader, late answer): the list is reloaded and the
  // newest such result shown.
  void ShowArrival();
  void OpenRecent(const QModelIndex& index);
  void EnterPressed();
  void EscapePressed();
  void ToggleMode();

  std::unique_ptr<StationBackend> backend_;
  AsyncCalls calls_;
  StatusWatcher* watcher_;
  v1::AgentStatus status_;
  bool have_status_ = false;
  uint64_t config_version_ = 0;
  bool config_seen_ = false;
  bool recent_loaded_ = false;
  // The reader a check was refused on for lacking extended APDUs, until a check on it succeeds.
  QString noncompliant_reader_;
  Phase phase_ = Phase::kIdle;

  QLabel* connection_;
  QLabel* reader_;
  QLabel* site_;
  QLabel* queue_;
  QLabel* agent_banner_;
  QLabel* offline_banner_;
  QLabel* outbox_banner_;
  QLabel* unsaved_banner_;
  QLabel* refused_banner_;
  QLabel* clock_banner_;
  QLabel* reader_banner_;
  QLabel* cert_banner_;
  QRadioButton* visual_;
  QRadioButton* pin_;
  QButtonGroup* mode_group_;
  QLabel* mode_note_;
  QComboBox* route_box_;
  QPushButton* start_;
  QPushButton* document_;
  QPushButton* recheck_;
  QLabel* prompt_;
  QLabel* error_;
  QWidget* next_panel_;
  QLabel* next_text_;
  QPushButton* next_button_;
  domain::NextAction next_action_ = domain::NextAction::kRetry;
  // The facts of the step shown (error_reason points at next_reason_), for RefreshAllowanceStep.
  domain::CheckFacts next_facts_;
  std::string next_reason_;
  // Failed card reads since the last card answer, document or "next patient": the third
  // offers the documents route.
  int read_failures_ = 0;
  // The daemon was reached and then lost: the prompt tells staff what to do with the patient.
  bool agent_lost_ = false;
  // What the result on screen is when it is not this counter's latest check (a result that
  // arrived by file, a past one opened from the list): said in the prompt. Read only while a
  // result is shown; set by every way into that state (ShowResult, OpenRecent).
  QString shown_note_;
  // A switch to the visual check (a locked PIN, the next step's button) is for the visit it was
  // made in: the next patient is checked in HQ's mode again. A visit ends with an answer (any
  // result but an error) or "next patient".
  v1::IdentityMode hq_mode_ = v1::IDENTITY_MODE_VISUAL;
  bool mode_switched_ = false;
  bool visit_answered_ = false;
  void SwitchToVisualForThisVisit();
  void EndVisit();
  ResultCard* card_;
  RecentModel* recent_model_;
  QTableView* recent_view_;
  QPointer<PinPadDialog> pin_pad_;
  QPointer<QDialog> form_;
  std::vector<QShortcut*> shortcuts_;
};

}  // namespace kakunin::station
