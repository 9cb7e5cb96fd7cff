#include "console/ui/users_page.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"
#include "console/ui/subsidies_page.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

QString PasswordRules() {
  return UsersPage::tr(
      "Passwords: 8–100 characters, with at least one upper-case letter, one lower-case letter "
      "and one digit.");
}

}  // namespace

UserDialog::UserDialog(const v1::User* existing, const std::vector<v1::Site>& sites,
                       QWidget* parent)
    : QDialog(parent) {
  if (existing) existing_ = *existing;
  setWindowTitle(existing ? tr("Change role and sites") : tr("New user"));
  auto* form = new QFormLayout(this);
  login_ = new QLineEdit(existing ? Q(existing->login()) : QString());
  login_->setEnabled(!existing);
  name_ = new QLineEdit(existing ? Q(existing->display_name()) : QString());
  name_->setEnabled(!existing);
  password_ = new QLineEdit;
  password_->setEchoMode(QLineEdit::Password);
  rules_ = new QLabel(PasswordRules());
  rules_->setWordWrap(true);
  role_ = new QComboBox;
  for (v1::Role r :
       {v1::ROLE_HQ_ADMIN, v1::ROLE_BRANCH_MANAGER, v1::ROLE_AUDITOR, v1::ROLE_STAFF}) {
    role_->addItem(SubsidyLabels::Role(r), static_cast<int>(r));
  }
  role_->setCurrentIndex(existing ? role_->findData(static_cast<int>(existing->role()))
                                  : role_->findData(static_cast<int>(v1::ROLE_STAFF)));
  sites_ = new QListWidget;
  for (const auto& s : sites) {
    auto* item = new QListWidgetItem(s.name().empty() ? Q(s.site_id()) : Q(s.name()));
    item->setData(Qt::UserRole, Q(s.site_id()));
    item->setToolTip(Q(s.site_id()));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    bool checked = false;
    if (existing) {
      for (const auto& id : existing->site_ids()) checked |= id == s.site_id();
    }
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    sites_->addItem(item);
  }
  form->addRow(tr("User name"), login_);
  form->addRow(tr("Display name"), name_);
  if (!existing) {
    form->addRow(tr("Password"), password_);
    form->addRow(QString(), rules_);
  }
  form->addRow(tr("Role"), role_);
  form->addRow(tr("Sites (branch roles)"), sites_);
  error_ = PlainLabel();
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020;"));
  form->addRow(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Save)->setText(tr("&Save"));
  buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  connect(buttons, &QDialogButtonBox::accepted, this, &UserDialog::saveRequested);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
  connect(role_, &QComboBox::currentIndexChanged, this, &UserDialog::UpdateRules);
  UpdateRules();
}

void UserDialog::UpdateRules() {
  // HQ roles see every site; the list matters for branch roles only.
  const auto role = static_cast<v1::Role>(role_->currentData().toInt());
  sites_->setEnabled(role == v1::ROLE_BRANCH_MANAGER || role == v1::ROLE_STAFF);
}

void UserDialog::ShowError(const QString& text) { error_->setText(text); }

v1::CreateUserRequest UserDialog::CreateRequest() const {
  v1::CreateUserRequest req;
  req.set_login(login_->text().trimmed().toStdString());
  req.set_display_name(name_->text().trimmed().toStdString());
  req.set_password(password_->text().toStdString());
  req.set_role(static_cast<v1::Role>(role_->currentData().toInt()));
  for (int i = 0; sites_->isEnabled() && i < sites_->count(); ++i) {
    if (sites_->item(i)->checkState() == Qt::Checked)
      req.add_site_ids(sites_->item(i)->data(Qt::UserRole).toString().toStdString());
  }
  return req;
}

v1::UpdateUserRequest UserDialog::UpdateRequest() const {
  const v1::CreateUserRequest fields = CreateRequest();
  v1::UpdateUserRequest req;
  req.set_user_id(existing_ ? existing_->user_id() : std::string());
  req.set_role(fields.role());
  *req.mutable_site_ids() = fields.site_ids();
  req.mutable_update_mask()->add_paths("role");
  req.mutable_update_mask()->add_paths("site_ids");
  return req;
}

UsersPage::UsersPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Users and roles"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  layout->addWidget(title);
  auto* row = new QHBoxLayout;
  auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
    return AddToolAction(this, row, text, key, slot);
  };
  refresh_ = add(tr("&Refresh"), QKeySequence::Refresh, [this] { Refresh(); });
  new_ = add(tr("&New user…"), QKeySequence::New, [this] { OpenDialog(nullptr); });
  edit_ = add(tr("Change &role and sites…"), QKeySequence(tr("F2")), [this] {
    if (auto u = SelectedUser()) OpenDialog(&*u);
  });
  lock_ = add(tr("&Lock"), {}, [this] { SetLocked(true); });
  unlock_ = add(tr("U&nlock"), {}, [this] { SetLocked(false); });
  row->addStretch(1);
  layout->addLayout(row);
  rules_ = new QLabel(PasswordRules());
  rules_->setWordWrap(true);
  layout->addWidget(rules_);
  model_ = SubsidyTables::Users(names_, this);
  table_ = new QTableView;
  table_->setModel(model_);
  SetUpListTable(table_);
  layout->addWidget(table_, 1);
  message_ = PlainLabel();
  message_->setWordWrap(true);
  layout->addWidget(message_);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &UsersPage::UpdateActions);
  UpdateActions();
}

void UsersPage::SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role) {
  client_ = std::make_shared<SubsidyClient>(std::move(client));
  is_admin_ = role == v1::ROLE_HQ_ADMIN;
  UpdateActions();
}

std::optional<v1::User> UsersPage::SelectedUser() const {
  auto rows = table_->selectionModel()->selectedRows();
  if (rows.isEmpty()) return std::nullopt;
  return model_->RowAt(rows.first().row());
}

bool UsersPage::SelectUser(const QString& login) {
  for (int r = 0; r < model_->rowCount(); ++r) {
    if (Q(model_->RowAt(r).login()) == login) {
      table_->selectRow(r);
      return true;
    }
  }
  return false;
}

void UsersPage::UpdateActions() {
  const bool ready = client_ && is_admin_;
  const auto user = SelectedUser();
  refresh_->setEnabled(ready);
  new_->setEnabled(ready);
  edit_->setEnabled(ready && user.has_value());
  lock_->setEnabled(ready && user && !user->disabled());
  unlock_->setEnabled(ready && user && (user->disabled() || user->locked()));
}

void UsersPage::Fail(const Error& error) {
  const QString text = SubsidyErrorText(error);
  message_->setStyleSheet(QStringLiteral("color: #b00020;"));
  message_->setText(text);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void UsersPage::Refresh() {
  if (!client_ || !is_admin_) return;
  refresh_->setEnabled(false);
  runner_.Run(
      [client = client_] {
        return std::make_pair(client->ListUsers(), client->session().ListSites());
      },
      [this](auto& r) {
        UpdateActions();
        if (!r.first.ok()) return Fail(r.first.error());
        if (r.second.ok()) {
          sites_.assign(r.second->sites().begin(), r.second->sites().end());
          names_->SetSites(*r.second);
        }
        const QString selected = SelectedUser() ? Q(SelectedUser()->login()) : QString();
        model_->SetRows({r.first->users().begin(), r.first->users().end()});
        if (!selected.isEmpty()) SelectUser(selected);
        table_->resizeColumnsToContents();
        message_->setStyleSheet(QString());
        message_->setText(tr("%n user(s).", "", model_->rowCount()));
        UpdateActions();
        emit loaded(model_->rowCount());
      });
}

void UsersPage::OpenDialog(const v1::User* existing) {
  if (!client_ || !is_admin_) return;
  auto* dialog = new UserDialog(existing, sites_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog_ = dialog;
  const bool create = existing == nullptr;
  connect(dialog, &UserDialog::saveRequested, this,
          [this, dialog, create] { Save(dialog, create); });
  dialog->open();
}

void UsersPage::Save(UserDialog* dialog, bool create) {
  QPointer<UserDialog> guard(dialog);
  auto done = [this, guard](Result<v1::User>& r) { Apply(r, guard); };
  if (create) {
    runner_.Run(
        [client = client_, req = dialog->CreateRequest()] { return client->CreateUser(req); },
        done);
  } else {
    runner_.Run(
        [client = client_, req = dialog->UpdateRequest()] { return client->UpdateUser(req); },
        done);
  }
}

void UsersPage::Apply(Result<v1::User>& r, UserDialog* dialog) {
  if (!r.ok()) {
    if (dialog) dialog->ShowError(SubsidyErrorText(r.error()));
    return Fail(r.error());
  }
  if (dialog) dialog->accept();
  message_->setStyleSheet(QString());
  message_->setText(tr("User %1 saved.").arg(Q(r->login())));
  emit userSaved(Q(r->login()));
  Refresh();
}

void UsersPage::SetLocked(bool locked) {
  const auto user = SelectedUser();
  if (!client_ || !is_admin_ || !user) return;
  v1::UpdateUserRequest req;
  req.set_user_id(user->user_id());
  req.set_disabled(locked);
  req.set_unlock(!locked);  // also clears a lockout after failed logins
  req.mutable_update_mask()->add_paths("disabled");
  runner_.Run([client = client_, req] { return client->UpdateUser(req); },
              [this](Result<v1::User>& r) { Apply(r, nullptr); });
}

}  // namespace kakunin::console
