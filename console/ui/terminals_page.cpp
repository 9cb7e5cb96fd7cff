#include "console/ui/terminals_page.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QToolButton>
#include <QVBoxLayout>

#include "console/client/allowance_client.h"
#include "console/models/labels.h"
#include "console/ui/allowance_history_dialog.h"
#include "console/ui/device_dialogs.h"
#include "console/ui/enrollment_token_dialog.h"
#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"
#include "console/ui/visual_allowance_dialog.h"

namespace kakunin::console {
namespace {

struct Listing {
  Result<v1::ListSitesResponse> sites;
  Result<v1::ListDevicesResponse> devices;
};

}  // namespace

TerminalsPage::TerminalsPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Terminals"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  layout->addWidget(title);
  model_ = new DevicesModel(this);
  proxy_ = new DeviceFilterModel(this);
  proxy_->setSourceModel(model_);
  layout->addWidget(BuildToolbar());  // its filters connect to the proxy
  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("terminalsTable"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(DevicesModel::kStatus, Qt::AscendingOrder);
  SetUpListTable(table_);
  layout->addWidget(table_, 1);
  message_ = PlainLabel();
  message_->setWordWrap(true);
  layout->addWidget(message_);

  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &TerminalsPage::UpdateActions);
  connect(proxy_, &QAbstractItemModel::modelReset, this, &TerminalsPage::UpdateActions);
  connect(proxy_, &QAbstractItemModel::dataChanged, this, &TerminalsPage::UpdateActions);
  // Double-click (or Enter) on a pending terminal starts its approval.
  connect(table_, &QTableView::activated, this, [this] {
    auto d = SelectedDevice();
    if (d && d->status() == v1::DEVICE_STATUS_PENDING) ApproveSelected();
  });
  setTabOrder(status_filter_, text_filter_);
  setTabOrder(text_filter_, table_);
  UpdateActions();
}

QAction* TerminalsPage::AddAction(const QString& text, const QKeySequence& key,
                                  void (TerminalsPage::*slot)()) {
  auto* a = new QAction(text, this);
  a->setShortcut(key);
  // Only while this page is shown: the other pages use the same keys for their own actions.
  a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                              key.toString(QKeySequence::NativeText)));
  connect(a, &QAction::triggered, this, slot);
  addAction(a);
  return a;
}

QWidget* TerminalsPage::BuildToolbar() {
  refresh_ = AddAction(tr("&Refresh"), QKeySequence::Refresh, &TerminalsPage::Refresh);
  token_ = AddAction(tr("Issue &token…"), QKeySequence(tr("Ctrl+T")), &TerminalsPage::IssueToken);
  approve_ =
      AddAction(tr("&Approve…"), QKeySequence(tr("Ctrl+Return")), &TerminalsPage::ApproveSelected);
  revoke_ = AddAction(tr("Re&voke…"), QKeySequence::Delete, &TerminalsPage::RevokeSelected);
  route_ = AddAction(tr("Eligibility r&oute…"), QKeySequence(tr("Ctrl+Shift+R")),
                     &TerminalsPage::EditRouteSelected);
  allow_visual_ = AddAction(tr("Allow one &visual check…"), QKeySequence(tr("Ctrl+Shift+V")),
                            &TerminalsPage::AllowVisualSelected);
  allowance_history_ = AddAction(tr("Visual check &history…"), QKeySequence(tr("Ctrl+Shift+H")),
                                 &TerminalsPage::ShowAllowanceHistory);
  export_ = AddAction(tr("&Export CSV…"), QKeySequence(tr("Ctrl+E")), &TerminalsPage::ExportCsv);

  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  for (QAction* a :
       {refresh_, token_, approve_, revoke_, route_, allow_visual_, allowance_history_, export_}) {
    auto* b = new QToolButton;
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setFocusPolicy(Qt::TabFocus);
    row->addWidget(b);
  }
  row->addSpacing(16);
  status_filter_ = new QComboBox;
  status_filter_->addItem(tr("All statuses"), static_cast<int>(v1::DEVICE_STATUS_UNSPECIFIED));
  for (auto s : {v1::DEVICE_STATUS_PENDING, v1::DEVICE_STATUS_ACTIVE, v1::DEVICE_STATUS_REVOKED})
    status_filter_->addItem(Labels::DeviceStatus(s), static_cast<int>(s));
  text_filter_ = new QLineEdit;
  text_filter_->setPlaceholderText(tr("Search ID, name, site, reader (Ctrl+F)"));
  text_filter_->setClearButtonEnabled(true);
  auto* find = new QAction(this);
  find->setShortcut(QKeySequence::Find);
  find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(find, &QAction::triggered, text_filter_, qOverload<>(&QWidget::setFocus));
  addAction(find);
  auto* status_label = new QLabel(tr("&Status"));
  status_label->setBuddy(status_filter_);
  row->addWidget(status_label);
  row->addWidget(status_filter_);
  row->addWidget(text_filter_, 1);
  summary_ = PlainLabel();
  row->addWidget(summary_);
  connect(status_filter_, &QComboBox::currentIndexChanged, this, [this] {
    proxy_->SetStatus(static_cast<v1::DeviceStatus>(status_filter_->currentData().toInt()));
  });
  connect(text_filter_, &QLineEdit::textChanged, proxy_, &DeviceFilterModel::SetText);
  return bar;
}

void TerminalsPage::SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role) {
  client_ = std::move(client);
  can_admin_ = role == v1::ROLE_HQ_ADMIN;
  can_allow_visual_ = role == v1::ROLE_HQ_ADMIN || role == v1::ROLE_BRANCH_MANAGER;
  can_list_allowances_ = role != v1::ROLE_STAFF && role != v1::ROLE_UNSPECIFIED;
  UpdateActions();
}

std::optional<v1::Device> TerminalsPage::SelectedDevice() const {
  auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  return model_->DeviceAt(proxy_->mapToSource(rows.first()).row());
}

bool TerminalsPage::SelectDevice(const QString& device_id) {
  for (int r = 0; r < proxy_->rowCount(); ++r) {
    QModelIndex i = proxy_->index(r, 0);
    if (i.data(DevicesModel::kDeviceIdRole).toString() == device_id) {
      table_->setCurrentIndex(i);
      table_->selectRow(r);
      return true;
    }
  }
  return false;
}

QString TerminalsPage::SiteName(const std::string& site_id) const {
  for (const auto& s : sites_) {
    if (s.site_id() == site_id) return QString::fromStdString(s.name());
  }
  return QString::fromStdString(site_id);
}

v1::RouteSettings TerminalsPage::SiteRoute(const std::string& site_id) const {
  for (const auto& s : sites_) {
    if (s.site_id() == site_id) return s.route();
  }
  return {};
}

void TerminalsPage::ShowSites(std::vector<v1::Site> sites) {
  sites_ = std::move(sites);
  std::map<std::string, std::string> names;
  std::map<std::string, v1::RouteSettings> routes;
  for (const auto& s : sites_) {
    names[s.site_id()] = s.name();
    routes[s.site_id()] = s.route();
  }
  model_->SetSiteNames(std::move(names));
  model_->SetSiteRoutes(std::move(routes));
}

void TerminalsPage::UpdateActions() {
  auto d = SelectedDevice();
  const bool ready = client_ != nullptr;
  refresh_->setEnabled(ready);
  token_->setEnabled(ready && can_admin_);
  approve_->setEnabled(ready && can_admin_ && d && d->status() == v1::DEVICE_STATUS_PENDING);
  revoke_->setEnabled(ready && can_admin_ && d && d->status() != v1::DEVICE_STATUS_REVOKED);
  route_->setEnabled(ready && can_admin_ && d && d->status() != v1::DEVICE_STATUS_REVOKED);
  allow_visual_->setEnabled(ready && can_allow_visual_ && d &&
                            d->status() == v1::DEVICE_STATUS_ACTIVE);
  allowance_history_->setEnabled(ready && can_list_allowances_ && d);
  export_->setEnabled(model_->rowCount() > 0);
}

void TerminalsPage::UpdateSummary() {
  int pending = 0, online = 0;
  for (int r = 0; r < model_->rowCount(); ++r) {
    auto d = model_->DeviceAt(r);
    pending += d->status() == v1::DEVICE_STATUS_PENDING;
    online += d->online() && d->status() != v1::DEVICE_STATUS_REVOKED;
  }
  summary_->setText(tr("%n terminal(s)", "", model_->rowCount()) + QStringLiteral(" · ") +
                    tr("%n awaiting approval", "", pending) + QStringLiteral(" · ") +
                    tr("%n online", "", online));
}

void TerminalsPage::Fail(const Error& error) {
  QString text = ErrorText::For(error);
  message_->setStyleSheet(QStringLiteral("color: #b00020;"));
  message_->setText(text);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void TerminalsPage::Inform(const QString& text) {
  message_->setStyleSheet(QString());
  message_->setText(text);
}

void TerminalsPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  Inform(tr("Loading…"));
  runner_.Run(
      [client = client_] {
        return Listing{client->ListSites(), client->ListDevices()};
      },
      [this](Listing& r) {
        refresh_->setEnabled(true);
        if (!r.sites.ok()) return Fail(r.sites.error());
        if (!r.devices.ok()) return Fail(r.devices.error());
        const QString selected =
            SelectedDevice() ? QString::fromStdString(SelectedDevice()->device_id()) : QString();
        ShowSites({r.sites->sites().begin(), r.sites->sites().end()});
        model_->SetDevices({r.devices->devices().begin(), r.devices->devices().end()});
        table_->resizeColumnsToContents();
        if (!selected.isEmpty()) SelectDevice(selected);
        UpdateSummary();
        Inform(QString());
        emit devicesLoaded(model_->rowCount());
      });
}

void TerminalsPage::IssueToken() {
  if (!client_ || !can_admin_) return;
  auto d = SelectedDevice();
  auto* dialog =
      new EnrollmentTokenDialog(sites_, d ? QString::fromStdString(d->site_id()) : QString(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &EnrollmentTokenDialog::issueRequested, this,
          [this, dialog = QPointer(dialog)](const QString& site_id, uint ttl) {
            runner_.Run([client = client_, id = site_id.toStdString(),
                         ttl] { return client->IssueEnrollmentToken(id, ttl); },
                        [this, dialog, site_id](Result<v1::EnrollmentToken>& r) {
                          if (!r.ok()) {
                            if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                            return Fail(r.error());
                          }
                          if (dialog) dialog->ShowToken(*r, SiteName(site_id.toStdString()));
                          Inform(tr("Enrollment token issued for %1.").arg(SiteName(r->site_id())));
                          emit tokenIssued(QString::fromStdString(r->token()));
                        });
          });
  dialog->open();
}

void TerminalsPage::ApproveSelected() {
  auto d = SelectedDevice();
  if (!client_ || !can_admin_ || !d || d->status() != v1::DEVICE_STATUS_PENDING) return;
  auto* dialog = new ApproveDeviceDialog(*d, SiteName(d->site_id()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &ApproveDeviceDialog::approveRequested, this,
          [this, dialog = QPointer(dialog)](const QString& id, const QString& code) {
            dialog->SetBusy(true);
            runner_.Run(
                [client = client_, id = id.toStdString(), code = code.toStdString()] {
                  return client->ApproveDevice(id, code);
                },
                [this, dialog](Result<v1::Device>& r) {
                  if (!r.ok()) {
                    if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                    return Fail(r.error());
                  }
                  if (dialog) dialog->accept();
                  Applied(*r,
                          tr("Terminal %1 approved.").arg(QString::fromStdString(r->device_id())));
                });
          });
  dialog->open();
}

void TerminalsPage::RevokeSelected() {
  auto d = SelectedDevice();
  if (!client_ || !can_admin_ || !d || d->status() == v1::DEVICE_STATUS_REVOKED) return;
  auto* dialog = new RevokeDeviceDialog(*d, SiteName(d->site_id()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &RevokeDeviceDialog::revokeRequested, this,
          [this, dialog = QPointer(dialog)](const QString& id, const QString& reason) {
            dialog->SetBusy(true);
            runner_.Run(
                [client = client_, id = id.toStdString(), reason = reason.toStdString()] {
                  return client->RevokeDevice(id, reason);
                },
                [this, dialog](Result<v1::Device>& r) {
                  if (!r.ok()) {
                    if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                    return Fail(r.error());
                  }
                  if (dialog) dialog->accept();
                  Applied(*r,
                          tr("Terminal %1 revoked.").arg(QString::fromStdString(r->device_id())));
                });
          });
  dialog->open();
}

void TerminalsPage::Applied(const v1::Device& device, const QString& message) {
  model_->UpdateDevice(device);
  UpdateSummary();
  Inform(message);
  emit deviceChanged(QString::fromStdString(device.device_id()), device.status());
}

void TerminalsPage::EditRouteSelected() {
  auto d = SelectedDevice();
  if (!client_ || !can_admin_ || !d || d->status() == v1::DEVICE_STATUS_REVOKED) return;
  auto* dialog = new DeviceRouteDialog(*d, SiteName(d->site_id()), SiteRoute(d->site_id()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &DeviceRouteDialog::routeRequested, this,
          [this, dialog = QPointer(dialog)](const QString& id, const v1::RouteSettings& route) {
            runner_.Run([client = client_, id = id.toStdString(),
                         route] { return client->SetDeviceRoute(id, route); },
                        [this, dialog](Result<v1::Device>& r) {
                          if (!r.ok()) {
                            if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                            return Fail(r.error());
                          }
                          if (dialog) dialog->accept();
                          Applied(*r, tr("Eligibility route of terminal %1 saved.")
                                          .arg(QString::fromStdString(r->device_id())));
                        });
          });
  dialog->open();
}

void TerminalsPage::AllowVisualSelected() {
  auto d = SelectedDevice();
  if (!client_ || !can_allow_visual_ || !d || d->status() != v1::DEVICE_STATUS_ACTIVE) return;
  auto* dialog = new VisualAllowanceDialog(*d, SiteName(d->site_id()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  connect(dialog, &VisualAllowanceDialog::grantRequested, this,
          [this, dialog = QPointer(dialog)](const QString& id, const QString& reason) {
            dialog->SetBusy(true);
            runner_.Run(
                [client = client_, id = id.toStdString(), reason = reason.toStdString()] {
                  return GrantVisualAllowance(*client, id, reason);
                },
                [this, dialog](Result<v1::VisualAllowanceRecord>& r) {
                  if (!r.ok()) {
                    if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                    return Fail(r.error());
                  }
                  if (dialog) dialog->accept();
                  const QDateTime until = QDateTime::fromSecsSinceEpoch(r->expires_at().seconds());
                  Inform(tr("One visual check allowed on terminal %1 until %2; the counter "
                            "shows it now.")
                             .arg(QString::fromStdString(r->device_id()),
                                  until.toString(QStringLiteral("HH:mm"))));
                });
          });
  dialog->open();
}

void TerminalsPage::ShowAllowanceHistory() {
  auto d = SelectedDevice();
  if (!client_ || !can_list_allowances_ || !d) return;
  auto* dialog = new AllowanceHistoryDialog(*d, SiteName(d->site_id()), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  runner_.Run([client = client_, id = d->device_id()] { return ListVisualAllowances(*client, id); },
              [this, dialog = QPointer(dialog)](Result<v1::ListVisualAllowancesResponse>& r) {
                if (!r.ok()) {
                  if (dialog) dialog->ShowError(ErrorText::For(r.error()));
                  return Fail(r.error());
                }
                if (dialog) dialog->SetAllowances({r->allowances().begin(), r->allowances().end()});
              });
  dialog->open();
}

void TerminalsPage::ExportCsv() {
  QString path = QFileDialog::getSaveFileName(
      this, tr("Export terminals"), QStringLiteral("terminals.csv"), tr("CSV files (*.csv)"));
  if (path.isEmpty()) return;
  QFile file(path);
  // UTF-8 with a BOM: Excel in Japan otherwise reads the names as Shift_JIS.
  if (!file.open(QIODevice::WriteOnly) || file.write("\xEF\xBB\xBF") < 0 ||
      file.write(model_->ToCsv().toUtf8()) < 0) {
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    message_->setText(tr("Could not write %1. Choose another folder.").arg(path));
    return;
  }
  Inform(tr("Exported to %1.").arg(path));
}

}  // namespace kakunin::console
