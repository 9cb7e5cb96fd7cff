#pragma once
// The Sites page: every site with its 医療機関等コード, facility kind and 経過措置, created and
// edited through SiteDialog (HQ administrators only).

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QWidget>
#include <memory>
#include <optional>

#include "console/client/console_client.h"
#include "console/models/sites_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class SitesPage : public QWidget {
  Q_OBJECT
 public:
  explicit SitesPage(QWidget* parent = nullptr);
  void SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role);

  SitesModel* model() { return model_; }
  QSortFilterProxyModel* proxy() { return proxy_; }
  QTableView* table() { return table_; }
  QAction* new_action() { return new_; }
  QAction* edit_action() { return edit_; }
  QAction* import_action() { return import_; }
  QDialog* open_dialog() { return dialog_; }
  bool SelectSite(const QString& site_id);

 public slots:
  void Refresh();
  void NewSite();
  void EditSelected();
  void ImportSites();

 signals:
  void sitesLoaded(int count);
  void siteSaved(QString site_id);
  void failed(QString message);
  void sessionExpired();

 private:
  std::optional<v1::Site> SelectedSite() const;
  void OpenDialog(const v1::Site* existing);
  void UpdateActions();
  void Fail(const Error& error);
  QAction* AddAction(const QString& text, const QKeySequence& key, void (SitesPage::*slot)());

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  bool can_admin_ = false;
  SitesModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* table_;
  QLineEdit* filter_;
  QLabel* summary_;
  QLabel* message_;
  QAction* refresh_;
  QAction* new_;
  QAction* edit_;
  QAction* import_;
  QPointer<QDialog> dialog_;
};

}  // namespace kakunin::console
