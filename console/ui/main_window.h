#pragma once
// The console's main window: a login page, then the results page. Every server call runs on a
// worker thread; its answer comes back to the UI thread as a queued call.

#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "console/client/console_client.h"
#include "console/models/results_model.h"

namespace kakunin::console {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  MainWindow(QString server, std::string ca_pem, QWidget* parent = nullptr);
  ~MainWindow() override;
  void SetCredentials(const QString& login, const QString& password);
  ResultsModel* results_model() { return model_; }

 public slots:
  void StartLogin();
  void Refresh();

 signals:
  void loggedIn();
  void resultsLoaded(int rows);
  void failed(QString message);

 private:
  // Runs `work` off the UI thread, then `done` on it.
  void RunAsync(std::function<void()> work, std::function<void()> done);
  void ShowError(const Error& e);

  QString server_;
  std::string ca_pem_;
  std::unique_ptr<ConsoleClient> client_;
  QStackedWidget* pages_;
  QLineEdit* server_edit_;
  QLineEdit* login_edit_;
  QLineEdit* password_edit_;
  QPushButton* login_button_;
  QLabel* status_;
  ResultsModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* table_;
  QLabel* user_label_;
  std::vector<std::thread> workers_;
};

}  // namespace kakunin::console
