#include "console/ui/subsidies_page.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QSplitter>
#include <QTextCharFormat>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/date_range.h"
#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

// What one refresh brings back; parts a role may not read stay errors and are left out.
struct SubsidyData {
  Result<v1::ListSitesResponse> sites = v1::ListSitesResponse();
  // Terminal names for claim items; a role that may not list terminals sees their ids.
  Result<v1::ListDevicesResponse> devices = v1::ListDevicesResponse();
  Result<v1::ListProgramsResponse> programs = v1::ListProgramsResponse();
  Result<v1::ListClaimsResponse> claims = v1::ListClaimsResponse();
  Result<v1::ListDeadlinesResponse> deadlines = v1::ListDeadlinesResponse();
  Result<v1::ListSiteObligationsResponse> obligations = v1::ListSiteObligationsResponse();
  std::optional<Result<v1::DailySummary>> summary;
};

namespace {

// Widest a column grows before its text wraps: a long programme name takes two lines rather
// than pushing the amounts and ids behind a horizontal scroll bar.
constexpr int kWidestColumn = 320;

void FitColumns(QTableView* view) {
  view->resizeColumnsToContents();
  for (int c = 0; c < view->model()->columnCount(); ++c) {
    if (view->columnWidth(c) > kWidestColumn) view->setColumnWidth(c, kWidestColumn);
  }
  view->resizeRowsToContents();
}

QString Q(const std::string& s) { return QString::fromStdString(s); }

QDate IsoToDate(const std::string& iso) { return QDate::fromString(Q(iso), Qt::ISODate); }

}  // namespace

QString SubsidyErrorText(const Error& e) {
  return SubsidyLabels::KnownReason(e.reason()).value_or(ErrorText::For(e));
}

SubsidiesPage::SubsidiesPage(QWidget* parent)
    : QWidget(parent), names_(std::make_shared<SubsidyNames>()) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Subsidies"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  layout->addWidget(title);
  auto* bar = new QWidget;
  BuildActions(bar);
  layout->addWidget(bar);
  banner_ = PlainLabel();
  banner_->setWordWrap(true);
  banner_->setObjectName(QStringLiteral("subsidyBanner"));
  layout->addWidget(banner_);

  programs_ = SubsidyTables::Programs(this);
  claims_ = SubsidyTables::Claims(names_, this);
  items_ = SubsidyTables::ClaimItems(names_, this);
  receipts_ = SubsidyTables::Receipts(this);
  deadlines_ = SubsidyTables::Deadlines(names_, this);
  obligations_ = SubsidyTables::Obligations(this);

  sections_ = new QTabWidget;
  sections_->addTab(BuildClaimsSection(), tr("Claims"));
  QTableView* unused = nullptr;
  sections_->addTab(BuildTable(programs_, &unused, 2), tr("Programmes"));
  sections_->addTab(BuildDeadlinesSection(), tr("Deadlines"));
  sections_->addTab(BuildTable(obligations_, &unused, 4), tr("Transitional measures (経過措置)"));
  summary_view_ = new QTextBrowser;
  sections_->addTab(summary_view_, tr("Daily summary"));
  layout->addWidget(sections_, 1);
  message_ = PlainLabel();
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(message_);
  UpdateActions();
}

QWidget* SubsidiesPage::BuildTable(QAbstractItemModel* model, QTableView** view, int sort_column) {
  auto* proxy = new QSortFilterProxyModel(this);
  proxy->setSourceModel(model);
  proxy->setSortRole(Qt::UserRole);
  auto* table = new QTableView;
  table->setModel(proxy);
  table->setSortingEnabled(true);
  table->sortByColumn(sort_column, Qt::AscendingOrder);
  SetUpListTable(table);
  // Long texts wrap inside a capped column (FitColumns) instead of being cut off.
  table->setWordWrap(true);
  *view = table;
  return table;
}

void SubsidiesPage::BuildActions(QWidget* bar) {
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
    return AddToolAction(this, row, text, key, slot);
  };
  refresh_ = add(tr("&Refresh"), QKeySequence::Refresh, [this] { Refresh(); });
  row->addSpacing(12);
  receipt_kind_ = new QComboBox;
  receipt_kind_->addItem(SubsidyLabels::ReceiptKind("receipt"), QStringLiteral("receipt"));
  receipt_kind_->addItem(SubsidyLabels::ReceiptKind("itemisation"), QStringLiteral("itemisation"));
  row->addWidget(receipt_kind_);
  upload_ = add(tr("&Upload receipt…"), QKeySequence(tr("Ctrl+U")), [this] { PickUpload(); });
  delete_receipt_ = add(tr("&Delete receipt…"), {}, [this] { AskDeleteReceipt(); });
  row->addSpacing(12);
  const std::pair<v1::ClaimState, QString> states[] = {
      {v1::CLAIM_STATE_DRAFT, tr("Back to draft")},
      {v1::CLAIM_STATE_READY, tr("Mark ready")},
      {v1::CLAIM_STATE_SUBMITTED, tr("Record filing…")},
      {v1::CLAIM_STATE_GRANTED, tr("Record grant")},
      {v1::CLAIM_STATE_REFUSED, tr("Record refusal")}};
  for (const auto& [state, text] : states) {
    state_actions_.push_back(add(text, {}, [this, state = state] { AskStateChange(state); }));
  }
  row->addSpacing(12);
  export_csv_ = add(tr("Export &CSV…"), {}, [this] { PickExport(false); });
  export_pdf_ = add(tr("Export &PDF…"), QKeySequence::Print, [this] { PickExport(true); });
  row->addStretch(1);
}

QWidget* SubsidiesPage::BuildClaimsSection() {
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(BuildTable(claims_, &claims_view_, 0));
  claims_proxy_ = qobject_cast<QSortFilterProxyModel*>(claims_view_->model());
  auto* detail = new QWidget;
  auto* detail_layout = new QVBoxLayout(detail);
  detail_layout->setContentsMargins(0, 0, 0, 0);
  claim_heading_ = PlainLabel();
  claim_heading_->setWordWrap(true);
  detail_layout->addWidget(claim_heading_);
  auto* lists = new QSplitter(Qt::Horizontal);
  lists->addWidget(BuildTable(items_, &items_view_, 0));
  lists->addWidget(BuildTable(receipts_, &receipts_view_, 0));
  receipts_view_->setToolTip(tr("Double-click or Enter: view the receipt"));
  connect(receipts_view_, &QTableView::activated, this, [this](const QModelIndex& index) {
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(receipts_view_->model());
    const int row = proxy ? proxy->mapToSource(index).row() : index.row();
    ViewReceipt(QString::fromStdString(receipts_->RowAt(row).receipt_id()));
  });
  connect(receipts_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this] { UpdateActions(); });
  detail_layout->addWidget(lists, 1);
  splitter->addWidget(detail);
  connect(claims_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    ShowClaimDetail();
    UpdateActions();
  });
  return splitter;
}

QWidget* SubsidiesPage::BuildDeadlinesSection() {
  auto* splitter = new QSplitter(Qt::Horizontal);
  calendar_ = new QCalendarWidget;
  calendar_->setGridVisible(true);
  //: Locale of the deadline calendar's month and weekday names (ja in the Japanese UI).
  calendar_->setLocale(QLocale(tr("en")));
  calendar_->setVerticalHeaderFormat(QCalendarWidget::NoVerticalHeader);
  ShowYearBeforeMonth(calendar_);
  calendar_->setSelectedDate(Labels::JapanToday());  // Qt's default is the machine's today
  splitter->addWidget(calendar_);
  QTableView* view = nullptr;
  splitter->addWidget(BuildTable(deadlines_, &view, 0));
  // What can still be claimed first: most days left on top, the closed ones below.
  view->sortByColumn(1, Qt::DescendingOrder);
  splitter->setStretchFactor(1, 1);
  return splitter;
}

void SubsidiesPage::SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role) {
  client_ = std::make_shared<SubsidyClient>(std::move(client));
  role_ = role;
  UpdateActions();
}

std::optional<v1::Claim> SubsidiesPage::SelectedClaim() const {
  auto rows = claims_view_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  return claims_->RowAt(claims_proxy_->mapToSource(rows.first()).row());
}

std::optional<v1::Receipt> SubsidiesPage::SelectedReceipt() const {
  auto rows = receipts_view_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  auto* proxy = qobject_cast<QSortFilterProxyModel*>(receipts_view_->model());
  return receipts_->RowAt(proxy ? proxy->mapToSource(rows.first()).row() : rows.first().row());
}

bool SubsidiesPage::SelectReceipt(const QString& receipt_id) {
  auto* proxy = qobject_cast<QSortFilterProxyModel*>(receipts_view_->model());
  for (int r = 0; r < proxy->rowCount(); ++r) {
    const int source = proxy->mapToSource(proxy->index(r, 0)).row();
    if (Q(receipts_->RowAt(source).receipt_id()) == receipt_id) {
      receipts_view_->selectRow(r);
      return true;
    }
  }
  return false;
}

bool SubsidiesPage::SelectClaim(const QString& claim_id) {
  for (int r = 0; r < claims_proxy_->rowCount(); ++r) {
    const int source = claims_proxy_->mapToSource(claims_proxy_->index(r, 0)).row();
    if (Q(claims_->RowAt(source).claim_id()) == claim_id) {
      claims_view_->selectRow(r);
      return true;
    }
  }
  return false;
}

void SubsidiesPage::UpdateActions() {
  const bool writer = client_ && (role_ == v1::ROLE_HQ_ADMIN || role_ == v1::ROLE_BRANCH_MANAGER);
  const auto claim = SelectedClaim();
  refresh_->setEnabled(client_ != nullptr);
  upload_->setEnabled(writer && claim.has_value());
  // Only a draft's receipts can go (the server says the same).
  delete_receipt_->setEnabled(writer && claim && claim->state() == v1::CLAIM_STATE_DRAFT &&
                              SelectedReceipt().has_value());
  export_csv_->setEnabled(claim.has_value());
  export_pdf_->setEnabled(claim.has_value());
  for (size_t i = 0; i < state_actions_.size(); ++i) {
    // Branch managers move their drafts between draft and ready; the rest is HQ's.
    const bool hq_step = i >= 2;
    state_actions_[i]->setEnabled(
        claim.has_value() &&
        (role_ == v1::ROLE_HQ_ADMIN || (!hq_step && role_ == v1::ROLE_BRANCH_MANAGER)));
  }
}

void SubsidiesPage::Fail(const Error& error) {
  const QString text = SubsidyErrorText(error);
  message_->setStyleSheet(QStringLiteral("color: #b00020;"));
  message_->setText(text);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void SubsidiesPage::Say(const QString& text) {
  message_->setStyleSheet(QString());
  message_->setText(text);
}

void SubsidiesPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  const bool summary_allowed = role_ == v1::ROLE_HQ_ADMIN || role_ == v1::ROLE_AUDITOR;
  runner_.Run(
      [client = client_, summary_allowed, hq = role_ == v1::ROLE_HQ_ADMIN] {
        auto data = std::make_shared<SubsidyData>();
        data->sites = client->session().ListSites();
        data->devices = client->session().ListDevices();
        data->programs = client->ListPrograms();
        data->claims = client->ListClaims();
        data->deadlines = client->ListDeadlines();
        data->obligations = client->ListSiteObligations();
        if (summary_allowed) {
          auto stored = client->GetDailySummary(false);
          // Before the day's summary time nothing is stored yet: HQ sees one made now.
          if (!stored.ok() && stored.error().code() == ErrorCode::kNotFound && hq) {
            stored = client->GetDailySummary(true);
          }
          data->summary = std::move(stored);
        }
        return data;
      },
      [this](std::shared_ptr<SubsidyData>& data) {
        refresh_->setEnabled(true);
        ApplyLoaded(*data);
      });
}

void SubsidiesPage::ApplyLoaded(SubsidyData& d) {
  const Error* error = !d.sites.ok()         ? &d.sites.error()
                       : !d.programs.ok()    ? &d.programs.error()
                       : !d.claims.ok()      ? &d.claims.error()
                       : !d.deadlines.ok()   ? &d.deadlines.error()
                       : !d.obligations.ok() ? &d.obligations.error()
                                             : nullptr;
  if (error) return Fail(*error);
  const QString selected = SelectedClaim() ? Q(SelectedClaim()->claim_id()) : QString();
  names_->SetSites(*d.sites);
  if (d.devices.ok()) {
    for (const auto& device : d.devices->devices()) {
      names_->devices[device.device_id()] = Labels::TerminalName(device);
    }
  }
  names_->SetPrograms(*d.programs);
  programs_->SetRows({d.programs->programs().begin(), d.programs->programs().end()});
  claims_->SetRows({d.claims->claims().begin(), d.claims->claims().end()});
  deadlines_->SetRows({d.deadlines->deadlines().begin(), d.deadlines->deadlines().end()});
  obligations_->SetRows({d.obligations->sites().begin(), d.obligations->sites().end()});
  if (!selected.isEmpty()) SelectClaim(selected);
  if (!SelectedClaim() && claims_->rowCount() > 0) claims_view_->selectRow(0);
  ShowClaimDetail();
  MarkCalendar();
  int open = 0, closed = 0, warned = 0;
  for (const auto& p : programs_->rows()) (p.closed() ? closed : open)++;
  for (const auto& dl : deadlines_->rows()) warned += !dl.closed() && dl.warning_threshold() > 0;
  banner_->setText(
      tr("Programmes: %1 open, %2 closed. Deadline warnings: %3.")
          .arg(open)
          .arg(closed)
          .arg(warned) +
      (open == 0 ? QStringLiteral(" ") + tr("Every programme is past its deadline: nothing can be "
                                            "claimed now.")
                 : QString()));
  banner_->setStyleSheet(warned > 0 || open == 0
                             ? QStringLiteral("background: #fbe0a8; padding: 4px;")
                             : QStringLiteral("padding: 4px;"));
  if (d.summary && d.summary->ok()) ShowSummary(**d.summary);
  if (d.summary && !d.summary->ok())
    summary_view_->setPlainText(SubsidyErrorText(d.summary->error()));
  for (auto* view : findChildren<QTableView*>()) FitColumns(view);
  Say(tr("%n claim(s) loaded.", "", claims_->rowCount()));
  UpdateActions();
  emit loaded();
}

void SubsidiesPage::ShowClaimDetail() {
  const auto claim = SelectedClaim();
  if (!claim) {
    items_->SetRows({});
    receipts_->SetRows({});
    claim_heading_->setText(tr("Select a claim to see its items and receipts."));
    return;
  }
  items_->SetRows({claim->items().begin(), claim->items().end()});
  receipts_->SetRows({claim->receipts().begin(), claim->receipts().end()});
  FitColumns(items_view_);
  FitColumns(receipts_view_);
  QString heading = tr("%1 — %2: %3, subsidy %4 (most %5)")
                        .arg(names_->Site(claim->site_id()), names_->Programme(claim->program_id()),
                             SubsidyLabels::ClaimState(claim->state()),
                             SubsidyLabels::Yen(claim->computed_amount_yen()),
                             SubsidyLabels::Yen(claim->max_payable_yen()));
  if (!claim->official_wording().empty()) {
    heading += QStringLiteral(" ") + tr("(leaflet: %1)").arg(Q(claim->official_wording()));
  }
  claim_heading_->setText(heading);
}

void SubsidiesPage::MarkCalendar() {
  calendar_->setDateTextFormat(QDate(), QTextCharFormat());  // clears every mark
  QDate focus;
  for (const auto& d : deadlines_->rows()) {
    const QDate date = IsoToDate(d.deadline());
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    f.setBackground(d.closed() ? ClosedColour()
                               : (d.warning_threshold() > 0 ? WarningColour(d.warning_threshold())
                                                            : QColor(0xc8, 0xe6, 0xc9)));
    f.setToolTip(Labels::PlainTip(
        QStringLiteral("%1: %2").arg(Q(d.program_name_ja()), SubsidyLabels::DeadlineStatus(d))));
    calendar_->setDateTextFormat(date, f);
    // Show the nearest open deadline, else the latest closed one.
    if (!d.closed() && (!focus.isValid() || date < focus)) focus = date;
  }
  if (!focus.isValid()) {
    for (const auto& d : deadlines_->rows()) focus = std::max(focus, IsoToDate(d.deadline()));
  }
  if (focus.isValid()) calendar_->setSelectedDate(focus);
}

}  // namespace kakunin::console
