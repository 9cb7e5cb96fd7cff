#pragma once
// The Results page: eligibility checks newest first, searched on the server (site, terminal,
// dates, identity mode, route, outcome) with keyset paging ("More" fetches the next page), and
// live rows from the watch stream on top. Double-click shows one check in full.

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QWidget>
#include <memory>
#include <string>

#include "console/client/console_client.h"
#include "console/client/result_watcher.h"
#include "console/models/results_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class ResultsPage : public QWidget {
  Q_OBJECT
 public:
  explicit ResultsPage(QWidget* parent = nullptr);
  // The logged-in session: loads the filter choices, searches and starts the live feed.
  void SetSession(std::shared_ptr<ConsoleClient> client);
  // Stops the live feed (logout, expired session).
  void EndSession();
  // Rows per search page; tests use small pages to exercise paging.
  void SetPageSize(uint32_t rows) { page_size_ = rows; }
  void SetWatchBackoff(ResultWatcher::Backoff backoff) { backoff_ = backoff; }

  ResultsModel* model() { return model_; }
  QTableView* table() { return table_; }
  QComboBox* site_box() { return site_box_; }
  QComboBox* device_box() { return device_box_; }
  QCheckBox* range_box() { return range_box_; }
  QDateEdit* from_edit() { return from_edit_; }
  QDateEdit* to_edit() { return to_edit_; }
  QComboBox* mode_box() { return mode_box_; }
  QComboBox* route_box() { return route_box_; }
  QComboBox* outcome_box() { return outcome_box_; }
  QPushButton* search_button() { return search_; }
  QPushButton* more_button() { return more_; }
  QLabel* live_label() { return live_; }
  QLabel* message_label() { return message_; }
  ResultWatcher* watcher() { return watcher_; }
  QDialog* open_dialog() { return dialog_; }
  int pending_calls() const { return runner_.pending(); }
  // What the filter widgets ask for, as the server's filter.
  v1::ResultFilter Filter() const;
  bool SelectCheck(const QString& check_id);

 public slots:
  void Search();
  void LoadMore();
  void ShowSelected();

 signals:
  void choicesLoaded();
  void resultsLoaded(int rows);
  void moreLoaded(int added);
  void liveRowAdded(QString check_id);
  // The detail dialog is open (after GetResult answered).
  void detailOpened();
  // The live feed is (again) in place; `after_loss`: it had been interrupted.
  void liveOpened(bool after_loss);
  void liveLost();
  // After a lost live feed came back: what it missed is fetched and shown.
  void caughtUp();
  void failed(QString message);
  void sessionExpired();

 private:
  QWidget* BuildFilters();
  void LoadChoices();
  void StartWatching(const v1::ResultFilter& filter);
  void CatchUp();
  void OnLiveResult(const v1::ResultRow& row);
  void ShowLiveState(const QString& text, const QString& colour);
  bool InRange(const v1::ResultRow& row) const;
  void CheckRangeApplied(const v1::QueryResultsResponse& page);
  void UpdateSummary();
  void Fail(const Error& error);
  static QString RefusalText(const v1::ResultRow& row, const Error& error);
  void Inform(const QString& text, const QString& colour = QString());

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  ResultWatcher* watcher_ = nullptr;
  ResultWatcher::Backoff backoff_;
  uint32_t page_size_ = 100;
  std::string next_token_;
  // Answers of a superseded search (or its "More") are dropped.
  uint64_t generation_ = 0;
  std::vector<std::pair<std::string, std::string>> site_names_;
  ResultsModel* model_;
  QTableView* table_;
  QComboBox* site_box_;
  QComboBox* device_box_;
  QCheckBox* range_box_;
  QDateEdit* from_edit_;
  QDateEdit* to_edit_;
  QComboBox* mode_box_;
  QComboBox* route_box_;
  QComboBox* outcome_box_;
  QPushButton* search_;
  QPushButton* more_;
  QPushButton* detail_;
  QLabel* live_;
  QLabel* summary_;
  QLabel* message_;
  QPointer<QDialog> dialog_;
};

}  // namespace kakunin::console
