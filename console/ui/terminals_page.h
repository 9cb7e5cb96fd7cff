#pragma once
// The Terminals page: every terminal with its status and health, a token to enroll a new one,
// approval after comparing the verification code, revocation with a reason, the terminal's own
// eligibility route, CSV export.

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QTableView>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "console/client/console_client.h"
#include "console/models/devices_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class TerminalsPage : public QWidget {
  Q_OBJECT
 public:
  explicit TerminalsPage(QWidget* parent = nullptr);
  // The logged-in session: only HQ administrators get the actions that change terminals.
  void SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role);

  DevicesModel* model() { return model_; }
  DeviceFilterModel* proxy() { return proxy_; }
  QTableView* table() { return table_; }
  QAction* refresh_action() { return refresh_; }
  QAction* token_action() { return token_; }
  QAction* approve_action() { return approve_; }
  QAction* revoke_action() { return revoke_; }
  QAction* route_action() { return route_; }
  // Issue 19: the branch manager's one-time 目視確認 for the selected terminal.
  QAction* allow_visual_action() { return allow_visual_; }
  // What became of the selected terminal's one-time permissions (every role but staff).
  QAction* allowance_history_action() { return allowance_history_; }
  QComboBox* status_filter() { return status_filter_; }
  QLineEdit* text_filter() { return text_filter_; }
  // The dialog the page has open, if any (token, approve, revoke or route).
  QDialog* open_dialog() { return dialog_; }
  // Selects the row of `device_id` (in the filtered view); false when it is not shown.
  bool SelectDevice(const QString& device_id);
  int pending_calls() const { return runner_.pending(); }

 public slots:
  void Refresh();
  void IssueToken();
  void ApproveSelected();
  void RevokeSelected();
  void EditRouteSelected();
  void AllowVisualSelected();
  void ShowAllowanceHistory();
  void ExportCsv();

 signals:
  void devicesLoaded(int count);
  void tokenIssued(QString token);
  void deviceChanged(QString device_id, int status);
  void failed(QString message);
  void sessionExpired();

 private:
  QWidget* BuildToolbar();
  std::optional<v1::Device> SelectedDevice() const;
  QString SiteName(const std::string& site_id) const;
  v1::RouteSettings SiteRoute(const std::string& site_id) const;
  void ShowSites(std::vector<v1::Site> sites);
  // A terminal the server returned after an action: its row, the summary, the message line.
  void Applied(const v1::Device& device, const QString& message);
  void UpdateActions();
  void UpdateSummary();
  void Fail(const Error& error);
  void Inform(const QString& text);
  QAction* AddAction(const QString& text, const QKeySequence& key, void (TerminalsPage::*slot)());

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  bool can_admin_ = false;
  bool can_allow_visual_ = false;     // HQ administrators and branch managers
  bool can_list_allowances_ = false;  // every role but staff, as the server allows
  std::vector<v1::Site> sites_;
  DevicesModel* model_;
  DeviceFilterModel* proxy_;
  QTableView* table_;
  QComboBox* status_filter_;
  QLineEdit* text_filter_;
  QLabel* summary_;
  QLabel* message_;
  QAction* refresh_;
  QAction* token_;
  QAction* approve_;
  QAction* revoke_;
  QAction* route_;
  QAction* allow_visual_;
  QAction* allowance_history_;
  QAction* export_;
  QPointer<QDialog> dialog_;
};

}  // namespace kakunin::console
