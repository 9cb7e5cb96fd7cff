#include "console/ui/sites_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QToolButton>
#include <QVBoxLayout>

#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"
#include "console/ui/site_dialog.h"
#include "console/ui/site_import_dialog.h"

namespace kakunin::console {

SitesPage::SitesPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Sites"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  layout->addWidget(title);

  refresh_ = AddAction(tr("&Refresh"), QKeySequence::Refresh, &SitesPage::Refresh);
  new_ = AddAction(tr("&New site…"), QKeySequence::New, &SitesPage::NewSite);
  edit_ = AddAction(tr("&Edit…"), QKeySequence(tr("F2")), &SitesPage::EditSelected);
  import_ = AddAction(tr("&Import from CSV…"), QKeySequence(tr("Ctrl+I")), &SitesPage::ImportSites);
  auto* row = new QHBoxLayout;
  for (QAction* a : {refresh_, new_, edit_, import_}) {
    auto* b = new QToolButton;
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setFocusPolicy(Qt::TabFocus);
    row->addWidget(b);
  }
  row->addSpacing(16);
  filter_ = new QLineEdit;
  filter_->setPlaceholderText(tr("Search name, ID or code (Ctrl+F)"));
  filter_->setClearButtonEnabled(true);
  row->addWidget(filter_, 1);
  summary_ = PlainLabel();
  row->addWidget(summary_);
  layout->addLayout(row);
  auto* find = new QAction(this);
  find->setShortcut(QKeySequence::Find);
  find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(find, &QAction::triggered, filter_, qOverload<>(&QWidget::setFocus));
  addAction(find);

  model_ = new SitesModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(SitesModel::kSortRole);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy_->setFilterKeyColumn(-1);  // any column
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("sitesTable"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(SitesModel::kSiteId, Qt::AscendingOrder);
  SetUpListTable(table_);
  layout->addWidget(table_, 1);
  message_ = PlainLabel();
  message_->setWordWrap(true);
  layout->addWidget(message_);

  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &SitesPage::UpdateActions);
  connect(table_, &QTableView::activated, this, &SitesPage::EditSelected);
  setTabOrder(filter_, table_);
  UpdateActions();
}

QAction* SitesPage::AddAction(const QString& text, const QKeySequence& key,
                              void (SitesPage::*slot)()) {
  auto* a = new QAction(text, this);
  a->setShortcut(key);
  a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                              key.toString(QKeySequence::NativeText)));
  connect(a, &QAction::triggered, this, slot);
  addAction(a);
  return a;
}

void SitesPage::SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role) {
  client_ = std::move(client);
  can_admin_ = role == v1::ROLE_HQ_ADMIN;
  UpdateActions();
}

std::optional<v1::Site> SitesPage::SelectedSite() const {
  auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  return model_->SiteAt(proxy_->mapToSource(rows.first()).row());
}

bool SitesPage::SelectSite(const QString& site_id) {
  for (int r = 0; r < proxy_->rowCount(); ++r) {
    QModelIndex i = proxy_->index(r, 0);
    if (i.data(SitesModel::kSiteIdRole).toString() == site_id) {
      table_->setCurrentIndex(i);
      table_->selectRow(r);
      return true;
    }
  }
  return false;
}

void SitesPage::UpdateActions() {
  refresh_->setEnabled(client_ != nullptr);
  new_->setEnabled(client_ && can_admin_);
  import_->setEnabled(client_ && can_admin_);
  edit_->setEnabled(client_ && can_admin_ && SelectedSite().has_value());
}

void SitesPage::Fail(const Error& error) {
  QString text = ErrorText::For(error);
  message_->setStyleSheet(QStringLiteral("color: #b00020;"));
  message_->setText(text);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void SitesPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  runner_.Run([client = client_] { return client->ListSites(); },
              [this](Result<v1::ListSitesResponse>& r) {
                refresh_->setEnabled(true);
                if (!r.ok()) return Fail(r.error());
                model_->SetSites({r->sites().begin(), r->sites().end()});
                table_->resizeColumnsToContents();
                const int deferred = model_->CountUnderMeasure();
                summary_->setText(tr("%n site(s)", "", model_->rowCount()) + QStringLiteral(" · ") +
                                  tr("%n under a transitional measure", "", deferred));
                message_->clear();
                UpdateActions();
                emit sitesLoaded(model_->rowCount());
              });
}

void SitesPage::NewSite() {
  if (client_ && can_admin_) OpenDialog(nullptr);
}

void SitesPage::EditSelected() {
  auto s = SelectedSite();
  if (client_ && can_admin_ && s) OpenDialog(&*s);
}

void SitesPage::OpenDialog(const v1::Site* existing) {
  auto* dialog = new SiteDialog(existing, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &SiteDialog::saveRequested, this,
          [this, dialog = QPointer(dialog)](const v1::Site& site) {
            runner_.Run(
                [client = client_, site] { return client->UpsertSite(site); },
                [this, dialog](Result<v1::Site>& r) {
                  if (!r.ok()) {
                    if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                    return Fail(r.error());
                  }
                  model_->UpdateSite(*r);
                  if (dialog) dialog->accept();
                  SelectSite(QString::fromStdString(r->site_id()));
                  message_->setStyleSheet(QString());
                  message_->setText(tr("Site %1 saved.").arg(QString::fromStdString(r->name())));
                  emit siteSaved(QString::fromStdString(r->site_id()));
                });
          });
  dialog->open();
}

void SitesPage::ImportSites() {
  if (!client_ || !can_admin_) return;
  auto* dialog = new SiteImportDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  // The same call twice: a dry run for the preview, then the import the person chose.
  auto send = [this, dialog = QPointer(dialog)](const QByteArray& csv, bool dry_run,
                                                bool clean_rows_only) {
    v1::ImportSitesRequest req;
    req.set_csv(csv.toStdString());
    req.set_dry_run(dry_run);
    req.set_clean_rows_only(clean_rows_only);
    if (dialog) dialog->SetBusy(true);
    runner_.Run([client = client_, req] { return client->ImportSites(req); },
                [this, dialog, dry_run](Result<v1::ImportSitesResponse>& r) {
                  if (dialog) dialog->SetBusy(false);
                  if (!r.ok()) {
                    if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                    return Fail(r.error());
                  }
                  if (!dialog) return;
                  if (dry_run) return dialog->ShowPreview(*r);
                  dialog->ShowImported(*r);
                  if (r->saved() > 0) {
                    message_->setStyleSheet(QString());
                    message_->setText(tr("%n site(s) imported.", "", r->saved()));
                    Refresh();
                  }
                });
  };
  connect(dialog, &SiteImportDialog::previewRequested, this,
          [send](const QByteArray& csv) { send(csv, true, false); });
  connect(
      dialog, &SiteImportDialog::importRequested, this,
      [send](const QByteArray& csv, bool clean_rows_only) { send(csv, false, clean_rows_only); });
  dialog->open();
}

}  // namespace kakunin::console
