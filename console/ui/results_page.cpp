#include "console/ui/results_page.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QVBoxLayout>

#include "common/domain/review_window.h"
#include "console/models/labels.h"
#include "console/ui/date_range.h"
#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"
#include "console/ui/result_detail_dialog.h"

namespace kakunin::console {
namespace {

struct Choices {
  Result<v1::ListSitesResponse> sites;
  Result<v1::ListDevicesResponse> devices;
};

google::protobuf::Timestamp Seconds(int64_t s) {
  google::protobuf::Timestamp t;
  t.set_seconds(s);
  return t;
}

// Refills a combo box, keeping the current choice when it is still offered.
void Refill(QComboBox* box, const QString& all,
            const std::vector<std::pair<QString, QString>>& items) {
  const QString kept = box->currentData().toString();
  box->clear();
  box->addItem(all, QString());
  for (const auto& [id, text] : items) box->addItem(text, id);
  box->setCurrentIndex(std::max(0, box->findData(kept)));
}

}  // namespace

ResultsPage::ResultsPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title_row = new QHBoxLayout;
  auto* title = new QLabel(tr("Eligibility checks"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  live_ = PlainLabel();
  live_->setObjectName(QStringLiteral("liveState"));
  title_row->addWidget(title);
  title_row->addStretch(1);
  title_row->addWidget(live_);
  layout->addLayout(title_row);
  layout->addWidget(BuildFilters());

  model_ = new ResultsModel(this);
  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("resultsTable"));
  // Server order (newest first) is the paging order: no client-side sorting.
  table_->setModel(model_);
  SetUpListTable(table_, /*alternating_rows=*/false);
  layout->addWidget(table_, 1);
  auto* bottom = new QHBoxLayout;
  summary_ = PlainLabel();
  message_ = PlainLabel();
  message_->setWordWrap(true);
  bottom->addWidget(summary_);
  bottom->addWidget(message_, 1);
  bottom->addWidget(more_);
  layout->addLayout(bottom);

  connect(table_, &QTableView::activated, this, &ResultsPage::ShowSelected);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          [this] { detail_->setEnabled(table_->selectionModel()->hasSelection()); });
  ShowLiveState(tr("Live updates: not connected"), QStringLiteral("#555555"));
}

QWidget* ResultsPage::BuildFilters() {
  auto* box = new QWidget;
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 0, 0, 0);
  auto add = [&](int row, int col, const QString& text, QWidget* w) {
    auto* l = new QLabel(text);
    l->setBuddy(w);
    grid->addWidget(l, row, col);
    grid->addWidget(w, row, col + 1);
  };
  site_box_ = new QComboBox;
  site_box_->addItem(tr("All sites"), QString());
  device_box_ = new QComboBox;
  device_box_->addItem(tr("All terminals"), QString());
  add(0, 0, tr("&Site"), site_box_);
  add(0, 2, tr("&Terminal"), device_box_);

  auto* range = new DateRange(7);
  range_box_ = range->check();
  from_edit_ = range->from();
  to_edit_ = range->to();
  grid->addWidget(range, 0, 4, 1, 3);

  mode_box_ = new QComboBox;
  mode_box_->addItem(tr("All"), 0);
  for (auto m : {v1::IDENTITY_MODE_VISUAL, v1::IDENTITY_MODE_PIN, v1::IDENTITY_MODE_FACE_READER})
    mode_box_->addItem(ResultsModel::ModeText(m), static_cast<int>(m));
  route_box_ = new QComboBox;
  route_box_->addItem(tr("All"), 0);
  for (int r = v1::CHECK_ROUTE_COUNTER; r <= v1::CHECK_ROUTE_DEVICE_FAILURE; ++r)
    route_box_->addItem(ResultsModel::RouteText(static_cast<v1::CheckRoute>(r)), r);
  outcome_box_ = new QComboBox;
  outcome_box_->addItem(tr("All"), 0);
  for (int o = v1::OUTCOME_ELIGIBLE; o <= v1::OUTCOME_MULTIPLE; ++o)
    outcome_box_->addItem(ResultsModel::OutcomeText(static_cast<v1::Outcome>(o)), o);
  add(1, 0, tr("&Identity"), mode_box_);
  add(1, 2, tr("&Route"), route_box_);
  add(1, 4, tr("&Outcome"), outcome_box_);

  search_ = new QPushButton(tr("&Search"));
  search_->setDefault(true);
  detail_ = new QPushButton(tr("&Details…"));
  detail_->setEnabled(false);
  more_ = new QPushButton(tr("&More"));
  more_->setEnabled(false);
  grid->addWidget(search_, 1, 6);
  grid->addWidget(detail_, 1, 7);
  grid->setColumnStretch(8, 1);
  connect(search_, &QPushButton::clicked, this, &ResultsPage::Search);
  connect(more_, &QPushButton::clicked, this, &ResultsPage::LoadMore);
  connect(detail_, &QPushButton::clicked, this, &ResultsPage::ShowSelected);
  return box;
}

v1::ResultFilter ResultsPage::Filter() const {
  v1::ResultFilter f;
  f.set_site_id(site_box_->currentData().toString().toStdString());
  f.set_device_id(device_box_->currentData().toString().toStdString());
  if (range_box_->isChecked()) {
    *f.mutable_from() = Seconds(Labels::JapanMidnight(from_edit_->date()));
    // The whole last day: up to the last second before the next midnight.
    *f.mutable_to() = Seconds(Labels::JapanMidnight(to_edit_->date().addDays(1)) - 1);
  }
  f.set_mode(static_cast<v1::IdentityMode>(mode_box_->currentData().toInt()));
  f.set_route(static_cast<v1::CheckRoute>(route_box_->currentData().toInt()));
  f.set_outcome(static_cast<v1::Outcome>(outcome_box_->currentData().toInt()));
  return f;
}

void ResultsPage::SetSession(std::shared_ptr<ConsoleClient> client) {
  EndSession();
  client_ = std::move(client);
  LoadChoices();
  Search();
}

void ResultsPage::EndSession() {
  // Deleting the watcher cancels its stream; the worker is joined within milliseconds.
  delete watcher_;
  watcher_ = nullptr;
  ShowLiveState(tr("Live updates: not connected"), QStringLiteral("#555555"));
}

void ResultsPage::LoadChoices() {
  runner_.Run(
      [client = client_] {
        return Choices{client->ListSites(), client->ListDevices()};
      },
      [this](Choices& c) {
        if (!c.sites.ok()) return Fail(c.sites.error());
        // Staff may search their site's checks but not list its terminals: no terminal filter.
        const bool devices_denied =
            !c.devices.ok() && c.devices.error().code() == ErrorCode::kPermissionDenied;
        if (!c.devices.ok() && !devices_denied) return Fail(c.devices.error());
        device_box_->setEnabled(!devices_denied);
        std::vector<std::pair<QString, QString>> sites, devices;
        site_names_.clear();
        for (const auto& s : c.sites->sites()) {
          site_names_.emplace_back(s.site_id(), s.name());
          sites.emplace_back(QString::fromStdString(s.site_id()), QString::fromStdString(s.name()));
        }
        const v1::ListDevicesResponse none;
        std::map<std::string, QString> device_names;
        for (const auto& d : (devices_denied ? none : *c.devices).devices()) {
          device_names[d.device_id()] = Labels::TerminalName(d);
          devices.emplace_back(QString::fromStdString(d.device_id()), Labels::TerminalName(d));
        }
        Refill(site_box_, tr("All sites"), sites);
        Refill(device_box_, tr("All terminals"), devices);
        model_->SetSiteNames(site_names_);
        model_->SetDeviceNames(std::move(device_names));
        emit choicesLoaded();
      });
}

void ResultsPage::Search() {
  if (!client_) return;
  const uint64_t generation = ++generation_;
  v1::QueryResultsRequest req;
  *req.mutable_filter() = Filter();
  req.set_page_size(page_size_);
  StartWatching(req.filter());
  search_->setEnabled(false);
  more_->setEnabled(false);
  Inform(tr("Loading…"));
  runner_.Run([client = client_, req] { return client->QueryResults(req); },
              [this, generation](Result<v1::QueryResultsResponse>& r) {
                if (generation != generation_) return;
                search_->setEnabled(true);
                if (!r.ok()) return Fail(r.error());
                next_token_ = r->next_page_token();
                model_->SetRows({r->rows().begin(), r->rows().end()});
                more_->setEnabled(!next_token_.empty());
                table_->resizeColumnsToContents();
                Inform(QString());
                CheckRangeApplied(*r);
                UpdateSummary();
                emit resultsLoaded(model_->rowCount());
              });
}

void ResultsPage::LoadMore() {
  if (!client_ || next_token_.empty()) return;
  const uint64_t generation = generation_;
  v1::QueryResultsRequest req;
  *req.mutable_filter() = Filter();
  req.set_page_size(page_size_);
  req.set_page_token(next_token_);
  more_->setEnabled(false);
  runner_.Run([client = client_, req] { return client->QueryResults(req); },
              [this, generation](Result<v1::QueryResultsResponse>& r) {
                if (generation != generation_) return;
                if (!r.ok()) {
                  more_->setEnabled(true);
                  return Fail(r.error());
                }
                next_token_ = r->next_page_token();
                int added = model_->AppendRows({r->rows().begin(), r->rows().end()});
                more_->setEnabled(!next_token_.empty());
                CheckRangeApplied(*r);
                UpdateSummary();
                emit moreLoaded(added);
              });
}

void ResultsPage::StartWatching(const v1::ResultFilter& filter) {
  v1::WatchRequest req;
  *req.mutable_filter() = filter;
  if (watcher_) return watcher_->Watch(req);
  watcher_ = new ResultWatcher(client_, backoff_, this);
  connect(watcher_, &ResultWatcher::resultReceived, this, &ResultsPage::OnLiveResult);
  connect(watcher_, &ResultWatcher::streamOpened, this, [this](bool after_loss) {
    ShowLiveState(tr("● Live updates on"), QStringLiteral("#1b5e20"));
    // The server replays nothing: fetch what arrived while the stream was down.
    if (after_loss) CatchUp();
    emit liveOpened(after_loss);
  });
  connect(watcher_, &ResultWatcher::streamLost, this, [this](int retry_ms) {
    ShowLiveState(tr("Live updates interrupted: reconnecting in %1 s…")
                      .arg(QString::number(retry_ms / 1000.0, 'f', 1)),
                  QStringLiteral("#e65100"));
    emit liveLost();
  });
  connect(watcher_, &ResultWatcher::stopped, this, [this] {
    ShowLiveState(tr("Live updates stopped"), QStringLiteral("#b00020"));
    if (watcher_->last_error()) Fail(*watcher_->last_error());
  });
  watcher_->Watch(req);
}

void ResultsPage::CatchUp() {
  if (!client_) return;
  const uint64_t generation = generation_;
  // Resume from the newest check shown before the loss: page back (newest first) until a page
  // reaches it, so that however many came in meanwhile — on whichever replica — none is left
  // out. The margin covers terminals' clocks and commits still in flight at the loss; the model
  // drops the rows it already shows, so the margin adds nothing twice.
  constexpr int64_t kMarginSeconds = 120;
  constexpr int kMaxPages = 50;
  const int64_t resume_from = model_->NewestShown() - kMarginSeconds;
  v1::QueryResultsRequest req;
  *req.mutable_filter() = Filter();
  req.set_page_size(page_size_);
  runner_.Run(
      [client = client_, req, resume_from]() mutable -> Result<std::vector<v1::ResultRow>> {
        std::vector<v1::ResultRow> rows;
        for (int page = 0; page < kMaxPages; ++page) {
          auto r = client->QueryResults(req);
          if (!r.ok()) return r.error();
          bool reached = false;
          for (auto& row : *r->mutable_rows()) {
            reached = reached || row.result().checked_at().seconds() < resume_from;
            rows.push_back(std::move(row));
          }
          if (reached || r->next_page_token().empty()) break;
          req.set_page_token(r->next_page_token());
        }
        return rows;
      },
      [this, generation](Result<std::vector<v1::ResultRow>>& r) {
        if (generation != generation_ || !r.ok()) return;
        // Oldest first, so the newest missed row ends up on top.
        // Added together, measured once: resizing the columns per row would cost each row a
        // pass over the table (thousands of rows after a long gap).
        int added = 0;
        for (auto it = r->rbegin(); it != r->rend(); ++it) {
          if (!InRange(*it) || !model_->PrependRow(*it)) continue;
          ++added;
          emit liveRowAdded(QString::fromStdString(it->check_id()));
        }
        if (added > 0) {
          table_->resizeColumnsToContents();
          UpdateSummary();
        }
        emit caughtUp();
      });
}

bool ResultsPage::InRange(const v1::ResultRow& row) const {
  if (!range_box_->isChecked()) return true;
  const auto f = Filter();
  const int64_t at = row.result().checked_at().seconds();
  return at >= f.from().seconds() && at <= f.to().seconds();
}

void ResultsPage::OnLiveResult(const v1::ResultRow& row) {
  // The watch stream filters by everything except dates; a past date range gets no live rows.
  if (!InRange(row)) return;
  if (!model_->PrependRow(row)) return;
  // A live row may hold longer words than the rows the columns were sized for.
  table_->resizeColumnsToContents();
  UpdateSummary();
  emit liveRowAdded(QString::fromStdString(row.check_id()));
}

void ResultsPage::CheckRangeApplied(const v1::QueryResultsResponse& page) {
  for (const auto& row : page.rows()) {
    if (InRange(row)) continue;
    // Say so rather than hide rows: the server is expected to filter by date itself.
    Inform(tr("The server did not apply the date range: checks outside it are listed too."),
           QStringLiteral("#e65100"));
    return;
  }
}

void ResultsPage::UpdateSummary() {
  QString text = tr("%n check(s) shown", "", model_->rowCount());
  if (!next_token_.empty()) text += QStringLiteral(" · ") + tr("more on the server");
  summary_->setText(text);
}

void ResultsPage::ShowSelected() {
  auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return;
  auto row = model_->RowAt(rows.first().row());
  if (!row) return;
  QString site = QString::fromStdString(row->site_id());
  for (const auto& [id, name] : site_names_) {
    if (id == row->site_id()) site = QString::fromStdString(name);
  }
  if (!client_) return;
  // The list row has no patient fields (live rows never do): GetResult decides, off the UI
  // thread, whether this user may see them now.
  detail_->setEnabled(false);
  runner_.Run([client = client_, id = row->check_id()] { return client->GetResult(id); },
              [this, list_row = *row, site,
               terminal = model_->DeviceName(row->device_id())](Result<v1::ResultRow>& r) {
                detail_->setEnabled(table_->selectionModel()->hasSelection());
                QString refusal;
                if (!r.ok() && ErrorText::NeedsLogin(r.error())) return Fail(r.error());
                v1::ResultRow shown = r.ok() ? *r : list_row;
                if (!r.ok()) {
                  // Refused: nothing sealed the list may hold is shown either.
                  refusal = RefusalText(list_row, r.error());
                  ResultDetailDialog::DropSealedFields(shown.mutable_result());
                }
                auto* dialog = new ResultDetailDialog(shown, {site, terminal}, refusal, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                dialog_ = dialog;
                dialog->open();
                emit detailOpened();
              });
}

QString ResultsPage::RefusalText(const v1::ResultRow& row, const Error& error) {
  if (error.reason() != "results.review_window_closed") return ErrorText::For(error);
  // The window's last day in Japanese style, from the check's Japanese calendar date.
  const auto last =
      domain::ReviewDeadline(domain::JapanDateOf(row.result().checked_at().seconds()));
  return tr("The re-view window for this check ended on %1 (the end of the month after the "
            "check): patient details can no longer be shown.")
      .arg(Labels::Date(QDate(last.year, last.month, last.day)));
}

bool ResultsPage::SelectCheck(const QString& check_id) {
  for (int r = 0; r < model_->rowCount(); ++r) {
    QModelIndex i = model_->index(r, 0);
    if (i.data(ResultsModel::kCheckIdRole).toString() == check_id) {
      table_->setCurrentIndex(i);
      table_->selectRow(r);
      return true;
    }
  }
  return false;
}

void ResultsPage::ShowLiveState(const QString& text, const QString& colour) {
  live_->setText(text);
  live_->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(colour));
}

void ResultsPage::Fail(const Error& error) {
  const QString text = ErrorText::For(error);
  ErrorText::Show(message_, text, ErrorText::kAlarm);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void ResultsPage::Inform(const QString& text, const QString& colour) {
  ErrorText::Show(message_, text, colour);
}

}  // namespace kakunin::console
