#pragma once
// Users and roles (HQ administrators only): every console user with role, sites and account
// state; create (the password rules shown), change role and sites, lock and unlock.

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QTableView>
#include <QWidget>
#include <memory>
#include <optional>

#include "console/client/subsidy_client.h"
#include "console/models/subsidy_models.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

// Create (no user given) or edit a user's role and sites.
class UserDialog : public QDialog {
  Q_OBJECT
 public:
  UserDialog(const v1::User* existing, const std::vector<v1::Site>& sites, QWidget* parent);
  QLineEdit* login_edit() { return login_; }
  QLineEdit* name_edit() { return name_; }
  QLineEdit* password_edit() { return password_; }
  QComboBox* role_box() { return role_; }
  QListWidget* site_list() { return sites_; }
  QLabel* error_label() { return error_; }
  void ShowError(const QString& text);
  v1::CreateUserRequest CreateRequest() const;
  v1::UpdateUserRequest UpdateRequest() const;
  bool creating() const { return !existing_.has_value(); }

 signals:
  void saveRequested();

 private:
  void UpdateRules();
  std::optional<v1::User> existing_;
  QLineEdit* login_;
  QLineEdit* name_;
  QLineEdit* password_;
  QLabel* rules_;
  QComboBox* role_;
  QListWidget* sites_;
  QLabel* error_;
};

class UsersPage : public QWidget {
  Q_OBJECT
 public:
  explicit UsersPage(QWidget* parent = nullptr);
  void SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role);
  UsersModel* model() { return model_; }
  QTableView* table() { return table_; }
  QAction* new_action() { return new_; }
  QAction* edit_action() { return edit_; }
  QAction* lock_action() { return lock_; }
  QAction* unlock_action() { return unlock_; }
  UserDialog* open_dialog() { return dialog_; }
  QLabel* message() { return message_; }
  bool SelectUser(const QString& login);

 public slots:
  void Refresh();

 signals:
  void loaded(int count);
  void userSaved(QString login);
  void failed(QString message);
  void sessionExpired();

 private:
  std::optional<v1::User> SelectedUser() const;
  void OpenDialog(const v1::User* existing);
  void SetLocked(bool locked);
  void Save(UserDialog* dialog, bool create);
  void Apply(Result<v1::User>& r, UserDialog* dialog);
  void UpdateActions();
  void Fail(const Error& error);

  AsyncRunner runner_{this};
  std::shared_ptr<SubsidyClient> client_;
  bool is_admin_ = false;
  std::vector<v1::Site> sites_;
  std::shared_ptr<SubsidyNames> names_ = std::make_shared<SubsidyNames>();
  UsersModel* model_;
  QTableView* table_;
  QLabel* rules_;
  QLabel* message_;
  QAction* refresh_;
  QAction* new_;
  QAction* edit_;
  QAction* lock_;
  QAction* unlock_;
  QPointer<UserDialog> dialog_;
};

}  // namespace kakunin::console
