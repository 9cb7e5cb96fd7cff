// Layout and the status side of the counter window; the check flows are in station_flows.cpp.
#include "agent/station/ui/station_window.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPalette>
#include <QScrollArea>
#include <QStringList>
#include <QTimeZone>
#include <QVBoxLayout>
#include <algorithm>
#include <ctime>
#include <optional>

#include "agent/station/models/labels.h"
#include "common/domain/cert_calendar.h"
#include "common/domain/clock_skew.h"

namespace kakunin::station {

namespace {

// Below this height (a 1366×768 screen less its taskbar) the history list keeps fewer rows.
constexpr int kShortWindow = 820;

const char* kBannerBox = "padding: 8px 12px; font-size: 13pt; font-weight: bold;";

QLabel* Banner(const char* name, const char* style) {
  auto* l = new QLabel;
  l->setObjectName(QLatin1String(name));
  l->setWordWrap(true);
  l->setStyleSheet(QLatin1String(style) + QLatin1String(kBannerBox));
  l->hide();
  return l;
}

const char* kRed = "background: #b00020; color: white;";
const char* kChip =
    "font-size: 12pt; padding: 4px 8px; border: 1px solid #999; border-radius: 4px;";
const char* kAmber = "background: #fff4d6; color: #6b4400; border: 2px solid #c98a00;";

}  // namespace

StationWindow::StationWindow(std::unique_ptr<StationBackend> backend, QWidget* parent)
    : QMainWindow(parent), backend_(std::move(backend)), calls_(this) {
  setWindowTitle(tr("Kakunin Station — eligibility check"));
  watcher_ = new StatusWatcher(backend_.get(), this);
  connect(watcher_, &StatusWatcher::statusChanged, this, &StationWindow::ApplyStatus);
  connect(watcher_, &StatusWatcher::agentLost, this, &StationWindow::AgentLost);

  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->addWidget(BuildStatusRow());
  layout->addWidget(BuildBanners());
  layout->addWidget(BuildControls());
  layout->addWidget(BuildMiddle(), 1);
  BuildRecentList(layout);
  setCentralWidget(central);

  BuildShortcuts();
  setTabOrder(visual_, pin_);
  setTabOrder(pin_, route_box_);
  setTabOrder(route_box_, start_);
  setTabOrder(start_, document_);
  setTabOrder(document_, recheck_);
  setTabOrder(recheck_, recent_view_);
  resize(1366, 900);
  start_->setFocus();
}

StationWindow::~StationWindow() {
  // Unblock every call in flight (a check waiting for a card, the status stream) before the
  // worker threads are joined.
  backend_->CancelAll();
  watcher_->Stop();
  // Open dialogs go first: their destroyed() handlers use this window's members.
  delete pin_pad_.data();
  delete form_.data();
}

// A laptop's 1366×768 screen leaves about 730 px: the history list gives the result its room
// (its newest rows stay; F8 opens the list), so who to bill is seen without scrolling.
void StationWindow::resizeEvent(QResizeEvent* event) {
  QMainWindow::resizeEvent(event);
  // The header and one row (a maximised window under a title bar and taskbar: ≈ 700 px), two
  // rows up to kShortWindow, else what the list always had.
  const int rows = height() < kShortWindow - 60 ? 1 : 2;
  const int fitted = recent_view_->horizontalHeader()->sizeHint().height() +
                     rows * recent_view_->verticalHeader()->defaultSectionSize() +
                     2 * recent_view_->frameWidth();
  recent_view_->setMaximumHeight(height() < kShortWindow ? fitted : 120);
}

QWidget* StationWindow::BuildMiddle() {
  prompt_ = new QLabel(tr("Place the card on the reader"));
  prompt_->setObjectName(QStringLiteral("prompt"));
  prompt_->setAlignment(Qt::AlignCenter);
  prompt_->setStyleSheet(QStringLiteral("font-size: 26pt; font-weight: bold; padding: 10px;"));
  error_ = Banner("errorPanel", kRed);
  // The next step: one sentence and one button, right under the check's end.
  next_panel_ = new QFrame;
  next_panel_->setObjectName(QStringLiteral("nextStep"));
  next_panel_->setStyleSheet(QStringLiteral(
      "#nextStep { background: #e3eefc; border: 2px solid #0b3d91; border-radius: 4px; }"));
  next_text_ = new QLabel;
  next_text_->setObjectName(QStringLiteral("nextStepText"));
  next_text_->setWordWrap(true);
  next_text_->setStyleSheet(QStringLiteral("color: #0b3d91; font-size: 14pt; font-weight: bold;"));
  next_button_ = new QPushButton;
  next_button_->setObjectName(QStringLiteral("nextStepButton"));
  next_button_->setMinimumHeight(40);
  next_button_->setStyleSheet(QStringLiteral("font-size: 13pt; padding: 4px 16px;"));
  connect(next_button_, &QPushButton::clicked, this, &StationWindow::RunNextStep);
  auto* next_layout = new QHBoxLayout(next_panel_);
  next_layout->addWidget(next_text_, 1);
  next_layout->addWidget(next_button_);
  next_panel_->hide();
  card_ = new ResultCard;
  card_->hide();
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* middle = new QWidget;
  auto* middle_layout = new QVBoxLayout(middle);
  // Height is what a laptop's screen lacks: no margin above and below the result.
  middle_layout->setContentsMargins(9, 0, 9, 0);
  middle_layout->setSpacing(4);
  middle_layout->addWidget(prompt_);
  middle_layout->addWidget(error_);
  middle_layout->addWidget(next_panel_);
  middle_layout->addWidget(card_);
  middle_layout->addStretch();
  scroll->setWidget(middle);
  return scroll;
}

void StationWindow::BuildRecentList(QVBoxLayout* layout) {
  auto* recent_title =
      new QLabel(tr("This terminal's checks (viewable until the end of next "
                    "month) — F8, Enter to open"));
  recent_title->setStyleSheet(QStringLiteral("font-weight: bold;"));
  recent_model_ = new RecentModel(this);
  recent_view_ = new QTableView;
  recent_view_->setObjectName(QStringLiteral("recentChecks"));
  recent_view_->setModel(recent_model_);
  recent_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  recent_view_->setSelectionMode(QAbstractItemView::SingleSelection);
  recent_view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  recent_view_->verticalHeader()->hide();
  recent_view_->horizontalHeader()->setStretchLastSection(true);
  recent_view_->setMaximumHeight(120);
  // Fit the columns whenever rows change (ResizeToContents would defer it to a timer).
  auto fit = [this] { recent_view_->resizeColumnsToContents(); };
  connect(recent_model_, &QAbstractItemModel::modelReset, this, fit);
  connect(recent_model_, &QAbstractItemModel::rowsInserted, this, fit);
  connect(recent_model_, &QAbstractItemModel::dataChanged, this, fit);
  connect(recent_view_, &QTableView::activated, this, &StationWindow::OpenRecent);
  layout->addWidget(recent_title);
  layout->addWidget(recent_view_);
}

QWidget* StationWindow::BuildStatusRow() {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  connection_ = new QLabel(tr("Connecting to the check service…"));
  connection_->setObjectName(QStringLiteral("connection"));
  reader_ = new QLabel;
  reader_->setObjectName(QStringLiteral("reader"));
  site_ = new QLabel;
  queue_ = new QLabel;
  queue_->setObjectName(QStringLiteral("queue"));
  for (QLabel* l : {connection_, reader_, queue_, site_}) {
    l->setStyleSheet(QLatin1String(kChip));
    layout->addWidget(l);
  }
  layout->addStretch();
  ShowChips();
  return row;
}

QWidget* StationWindow::BuildBanners() {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  agent_banner_ = Banner("agentBanner", kRed);
  offline_banner_ = Banner("offlineBanner", kAmber);
  outbox_banner_ = Banner("outboxBanner", kRed);
  reader_banner_ = Banner("readerBanner", kRed);
  cert_banner_ = Banner("certBanner", kAmber);
  clock_banner_ = Banner("clockBanner", kRed);
  unsaved_banner_ = Banner("unsavedBanner", kRed);
  refused_banner_ = Banner("refusedBanner", kAmber);
  for (QLabel* l : {agent_banner_, unsaved_banner_, reader_banner_, clock_banner_, cert_banner_,
                    offline_banner_, outbox_banner_, refused_banner_}) {
    layout->addWidget(l);
  }
  return box;
}

QWidget* StationWindow::BuildControls() {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Identity (F3):")));
  visual_ = new QRadioButton(tr("Visual check"));
  pin_ = new QRadioButton(tr("PIN"));
  mode_group_ = new QButtonGroup(this);
  mode_group_->addButton(visual_, v1::IDENTITY_MODE_VISUAL);
  mode_group_->addButton(pin_, v1::IDENTITY_MODE_PIN);
  visual_->setChecked(true);
  // A mode HQ fixed is disabled, yet read in full contrast: it says how this counter checks.
  for (QRadioButton* b : {visual_, pin_}) {
    QPalette palette = b->palette();
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
      palette.setColor(QPalette::Disabled, role, palette.color(QPalette::Active, role));
    }
    b->setPalette(palette);
  }
  mode_note_ = new QLabel;
  mode_note_->setStyleSheet(QStringLiteral("color: #555;"));
  route_box_ = new QComboBox;
  route_box_->addItem(Labels::Route(v1::CHECK_ROUTE_COUNTER), v1::CHECK_ROUTE_COUNTER);
  auto* route_label = new QLabel(tr("&Route (F4):"));
  route_label->setBuddy(route_box_);
  start_ = new QPushButton(tr("Start check (Enter)"));
  start_->setStyleSheet(QStringLiteral("font-size: 14pt; font-weight: bold; padding: 6px 18px;"));
  document_ = new QPushButton(tr("Document (F6)"));
  recheck_ = new QPushButton(tr("Home-visit re-inquiry (F7)"));
  for (QWidget* w : std::initializer_list<QWidget*>{visual_, pin_, mode_note_}) {
    layout->addWidget(w);
  }
  layout->addSpacing(16);
  layout->addWidget(route_label);
  layout->addWidget(route_box_);
  layout->addStretch();
  for (QPushButton* b : {start_, document_, recheck_}) layout->addWidget(b);
  connect(start_, &QPushButton::clicked, this, &StationWindow::StartCheck);
  connect(document_, &QPushButton::clicked, this, &StationWindow::RecordDocument);
  connect(recheck_, &QPushButton::clicked, this, &StationWindow::Recheck);
  return row;
}

void StationWindow::Start() {
  watcher_->Start();
  RefreshRecent();
}

v1::IdentityMode StationWindow::mode() const {
  return pin_->isChecked() ? v1::IDENTITY_MODE_PIN : v1::IDENTITY_MODE_VISUAL;
}

v1::CheckRoute StationWindow::route() const {
  return static_cast<v1::CheckRoute>(route_box_->currentData().toInt());
}

bool StationWindow::may_switch_mode() const {
  return status_.config().local_mode_override_allowed();
}

void StationWindow::ApplyStatus(const v1::AgentStatus& status) {
  const std::string previous_reader = status_.reader_status();
  // Results that came by file (the face-recognition reader, a late answer) since the last status.
  const bool arrived =
      have_status_ && (status.route().face_files_picked() + status.route().late_answers() >
                       status_.route().face_files_picked() + status_.route().late_answers());
  status_ = status;
  have_status_ = true;
  agent_lost_ = false;
  agent_banner_->hide();
  ApplyConfig(status.config());
  ApplyReader(status);
  ApplyUplink(status);
  ApplyStore(status);
  ApplyCertificates(status);
  RefreshAllowanceStep();
  ShowChips();
  SetPhase(phase_);  // re-evaluates which buttons may be used
  if (arrived) {
    ShowArrival();
  } else if (!recent_loaded_ && idle()) {
    RefreshRecent();
  }
  // A card just placed on a ready reader starts the check: no key press at a busy counter.
  if (previous_reader == "ready" && status.reader_status() == "card_present" &&
      phase_ != Phase::kChecking && !pin_pad_) {
    StartCheck();
  }
  emit statusApplied();
}

void StationWindow::ApplyConfig(const v1::TerminalConfig& config) {
  const bool may_switch = config.local_mode_override_allowed();
  // HQ's default applies on start and on every new configuration; where staff may not switch,
  // it is the only mode.
  hq_mode_ = config.default_mode() == v1::IDENTITY_MODE_PIN ? v1::IDENTITY_MODE_PIN
                                                            : v1::IDENTITY_MODE_VISUAL;
  if (!config_seen_ || config.version() != config_version_ || !may_switch) {
    (hq_mode_ == v1::IDENTITY_MODE_PIN ? pin_ : visual_)->setChecked(true);
    mode_switched_ = false;
  }
  config_seen_ = true;
  config_version_ = config.version();
  visual_->setEnabled(may_switch);
  pin_->setEnabled(may_switch);
  // Where HQ fixes the mode only that mode is shown: two greyed buttons made staff squint to see
  // which one was set.
  visual_->setVisible(may_switch || hq_mode_ == v1::IDENTITY_MODE_VISUAL);
  pin_->setVisible(may_switch || hq_mode_ == v1::IDENTITY_MODE_PIN);
  mode_note_->setText(may_switch ? tr("(HQ default: %1)").arg(Labels::Mode(config.default_mode()))
                                 : tr("(set by HQ)"));
  std::vector<v1::CheckRoute> routes;
  for (int r : config.allowed_routes()) routes.push_back(static_cast<v1::CheckRoute>(r));
  if (routes.empty()) routes.push_back(v1::CHECK_ROUTE_COUNTER);
  const v1::CheckRoute current = route();
  route_box_->clear();
  for (auto r : routes) route_box_->addItem(Labels::Route(r), r);
  int keep = route_box_->findData(current);
  route_box_->setCurrentIndex(keep >= 0 ? keep : 0);
  recheck_->setVisible(std::find(routes.begin(), routes.end(), v1::CHECK_ROUTE_HOME_VISIT) !=
                       routes.end());
  site_->setText(QString::fromStdString(config.site_name().empty() ? status_.site_name()
                                                                   : config.site_name()));
}

void StationWindow::ApplyReader(const v1::AgentStatus& s) {
  const QString name = QString::fromStdString(s.reader_name());
  const std::string& rs = s.reader_status();
  // Not compliant when the daemon's probe says so, or when a check on this very reader was refused
  // for it (a daemon that has not probed yet leaves extended_apdu false, which proves nothing).
  const bool probed_bad = s.extended_apdu_known() && !s.extended_apdu();
  const bool not_compliant =
      !name.isEmpty() && rs != "no_reader" &&
      (probed_bad || (!noncompliant_reader_.isEmpty() && noncompliant_reader_ == name));
  if (rs == "no_reader" || name.isEmpty()) {
    reader_->setText(tr("No card reader is connected. Check the USB cable."));
  } else if (not_compliant) {
    reader_->setText(tr("Reader: %1 — not usable (no extended APDU)").arg(name));
  } else if (rs == "card_present") {
    reader_->setText(tr("Reader: %1 — card placed").arg(name));
  } else if (rs == "busy") {
    reader_->setText(tr("Reader: %1 — reading…").arg(name));
  } else {
    reader_->setText(tr("Reader: %1 — ready").arg(name));
  }
  reader_banner_->setText(
      ErrorText::For("card.reader_not_compliant", ErrorCode::kFailedPrecondition).text);
  reader_banner_->setVisible(not_compliant);
}

void StationWindow::ApplyUplink(const v1::AgentStatus& s) {
  const qulonglong depth = s.outbox_depth();
  // HQ refusing this terminal is not an outage: waiting for the network would never end it.
  const bool pending = !s.connected() && s.hq_refusal() == "device.pending";
  const bool revoked = !s.connected() && s.hq_refusal() == "device.revoked";
  const bool stale = !s.connected() && s.hq_refusal() == "device.stale_certificate";
  const bool unknown = !s.connected() && s.hq_refusal() == "device.unknown";
  // HQ older than this terminal would drop what it does not know: results wait here.
  const bool held = s.connected() && s.hq_older();
  connection_->setText(held            ? tr("HQ: connected — results kept here")
                       : s.connected() ? tr("HQ: connected")
                       : pending       ? tr("HQ: waiting for approval")
                       : revoked       ? tr("HQ: terminal revoked")
                       : stale         ? tr("HQ: certificate replaced")
                       : unknown       ? tr("HQ: terminal not registered")
                                       : tr("HQ: offline"));
  connection_->setStyleSheet(QLatin1String(kChip) + (s.connected() && !held
                                                         ? QStringLiteral("color: #1b6e20;")
                                                         : QStringLiteral("color: #b00020;")));
  queue_->setText(tr("Results waiting to be sent: %1").arg(depth));
  if (pending) {
    offline_banner_->setText(
        s.verification_code().empty()
            ? tr("This terminal is waiting for HQ's approval. Tell HQ the verification code.")
            : tr("This terminal is waiting for HQ's approval. Tell HQ the verification code: %1.")
                  .arg(QString::fromStdString(s.verification_code())));
  } else if (held) {
    offline_banner_->setText(
        tr("HQ's server is older than this terminal, so results are kept here and not sent "
           "yet. Checks go on as usual. Ask HQ to update its server. Waiting to be sent: %1.")
            .arg(depth));
  } else if (revoked) {
    offline_banner_->setText(
        tr("HQ has revoked this terminal. Results will not be sent. Contact HQ."));
  } else if (stale) {
    offline_banner_->setText(
        tr("HQ replaced this terminal's certificate with a newer one (this PC may have been put "
           "back to an older backup, or copied). Results are kept on this terminal but not sent. "
           "Contact HQ. Waiting to be sent: %1.")
            .arg(depth));
  } else if (unknown) {
    offline_banner_->setText(
        tr("HQ has no record of this terminal (HQ's data may have been restored from a backup "
           "taken before it was enrolled). Results are kept on this terminal and are not sent "
           "until it is enrolled again. Contact HQ to enroll it again. Waiting to be sent: %1.")
            .arg(depth));
  } else {
    offline_banner_->setText(
        tr("Not connected to HQ. Checks go on as usual: results are saved on this terminal and "
           "sent automatically when the connection returns. Waiting to be sent: %1.")
            .arg(depth));
  }
  offline_banner_->setVisible(!s.connected() || held);
  outbox_banner_->setText(tr("%1 results are waiting to be sent — more than usual. Check the "
                             "network cable and tell HQ. Nothing is lost; keep checking.")
                              .arg(depth));
  // Held on purpose, the backlog is no network fault: the banner above says why.
  outbox_banner_->setVisible(s.outbox_warning() && !held);
  // Measured against HQ's clock at its welcome: every check is dated by this PC's clock.
  const int64_t skew = s.clock_skew_seconds();
  if (domain::ClockSkewMatters(skew)) {
    const int64_t minutes = std::llabs(skew) / 60;
    const QString amount = minutes >= 2 * 24 * 60
                               ? tr("%n days", "", static_cast<int>(minutes / 1440))
                           : minutes >= 120 ? tr("%n hours", "", static_cast<int>(minutes / 60))
                                            : tr("%n minutes", "", static_cast<int>(minutes));
    clock_banner_->setText(
        (skew > 0 ? tr("This PC's clock is %1 ahead of HQ's. Checks are dated by it, and HQ may "
                       "refuse them. Keep checking, and ask your administrator to set the clock.")
                  : tr("This PC's clock is %1 behind HQ's. Checks are dated by it, and HQ may "
                       "refuse them. Keep checking, and ask your administrator to set the clock."))
            .arg(amount));
  }
  clock_banner_->setVisible(domain::ClockSkewMatters(skew));
}

// A check whose answer was shown but not saved is the one thing a stop of this PC can lose: the
// staff hear it at once, with the cause the administrator needs.
void StationWindow::ApplyStore(const v1::AgentStatus& s) {
  const int unsaved = static_cast<int>(std::min<uint64_t>(s.unsaved_results(), 1000000));
  const auto cause_of = [this](const std::string& why, bool reading) {
    return why == "outbox.full"      ? tr("the disk is full")
           : why == "outbox.busy"    ? tr("another program holds the results file")
           : why == "outbox.damaged" ? tr("the results file is damaged")
           : reading                 ? tr("the results file cannot be read")
                                     : tr("the results file cannot be written");
  };
  QStringList store_text;
  if (unsaved > 0) {
    store_text << tr("%n check(s) could not be saved on this terminal (%1). The results on the "
                     "screen are valid, and this terminal keeps trying to save them. Do not shut "
                     "it down; call your administrator.",
                     "", unsaved)
                      .arg(cause_of(s.store_problem(), false));
  }
  // The uplink cannot read what waits: nothing reaches HQ, though nothing is lost either.
  const bool unreadable = !s.outbox_read_problem().empty();
  if (unreadable) {
    store_text << tr("The saved results cannot be read (%1), so none is sent to HQ. They are kept "
                     "on this terminal; keep checking, and call your administrator.")
                      .arg(cause_of(s.outbox_read_problem(), true));
  }
  // The daemon found the results file damaged at start and rebuilt it from what still read.
  const bool repaired = unsaved == 0 && s.store_problem() == "outbox.repaired";
  if (repaired) {
    store_text << tr(
        "The results file of this terminal was damaged and has been repaired: the "
        "results that could still be read were moved to a new file, and the damaged "
        "file is kept for support. Checks continue; tell your administrator.");
    const int lost = static_cast<int>(std::min<uint64_t>(s.damaged_results(), 1000000));
    if (lost > 0) {
      store_text << tr("%n result(s) could not be read, and are not sent to HQ.", "", lost);
    }
  }
  unsaved_banner_->setText(store_text.join(QLatin1Char('\n')));
  unsaved_banner_->setVisible(unsaved > 0 || unreadable || repaired);
  const int refused = static_cast<int>(std::min<uint64_t>(s.refused_results(), 1000000));
  if (refused > 0) {
    refused_banner_->setText(
        tr("HQ did not accept %n result(s) of the last 30 days. They can "
           "still be viewed on this terminal. Tell HQ.",
           "", refused));
  }
  refused_banner_->setVisible(refused > 0);
}

// The certificate calendar's counter banner (issue 19): the 資格確認端末's certificate from 30
// days (the date read from its file, else HQ's record), this terminal's own from 7 days
// (domain::CounterNoticeOn). Expired: red, with the way through for the patient in front.
void StationWindow::ApplyCertificates(const v1::AgentStatus& s) {
  std::optional<domain::Date> terminal, device;
  if (s.terminal_certificate().problem().empty() && s.terminal_certificate().has_not_after()) {
    terminal = domain::JapanDateOf(s.terminal_certificate().not_after().seconds());
  } else if (auto day = domain::ParseIsoDate(s.config().terminal_certificate().last_valid_day());
             day.ok()) {
    terminal = *day;
  }
  if (s.has_certificate_not_after()) {
    device = domain::JapanDateOf(s.certificate_not_after().seconds());
  }
  const auto notice =
      domain::CounterNoticeOn(terminal, device, domain::JapanDateOf(std::time(nullptr)));
  cert_banner_->setVisible(notice.has_value());
  if (!notice) return;
  const bool own = notice->which == domain::CounterCert::kDevice;
  const int days = notice->status.days_left;
  QString text;
  if (notice->status.urgency == domain::CertUrgency::kExpired) {
    text = own ? tr("This terminal's certificate has expired: results cannot be sent to HQ "
                    "(they are kept here) — contact HQ")
               : tr("The on-site eligibility terminal's certificate has expired: online "
                    "eligibility checks cannot be made — contact HQ, and confirm eligibility with "
                    "documents such as the 資格確認書");
  } else if (days == 0) {
    text = own ? tr("This terminal's certificate expires today — contact HQ")
               : tr("The on-site eligibility terminal's certificate expires today — contact HQ");
  } else {
    text = own ? tr("This terminal's certificate expires in %1 days — contact HQ").arg(days)
               : tr("The on-site eligibility terminal's certificate expires in %1 days — contact "
                    "HQ")
                     .arg(days);
  }
  cert_banner_->setText(text);
  cert_banner_->setStyleSheet(
      QLatin1String(notice->status.urgency == domain::CertUrgency::kExpired ? kRed : kAmber) +
      QLatin1String(kBannerBox));
}

void StationWindow::ShowChips() {
  for (QLabel* l : {connection_, reader_, queue_, site_}) l->setVisible(!l->text().isEmpty());
}

void StationWindow::AgentLost(const QString& reason) {
  agent_banner_->setText(ErrorText::For(reason.toStdString(), ErrorCode::kUnavailable).text +
                         tr(" (reconnecting automatically)"));
  agent_banner_->show();
  connection_->setText(tr("Check service: not reachable"));
  reader_->clear();  // what the daemon said last is no longer known to be true
  queue_->clear();
  ShowChips();
  connection_->setStyleSheet(QLatin1String(kChip) + QStringLiteral("color: #b00020;"));
  have_status_ = false;
  agent_lost_ = true;
  SetPhase(phase_);
}

}  // namespace kakunin::station
