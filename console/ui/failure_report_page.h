#pragma once
// 読み取り失敗 (issue 19): which stores and which card-reader models fail most over the last 7 or
// 30 days, with the failures by kind in words. HQ sees every store, a branch manager only theirs
// (the server decides). The main window loads it when first shown; then on 更新 or a change of
// period.

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QWidget>
#include <memory>

#include "console/client/console_client.h"
#include "console/models/failure_report_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class FailureReportPage : public QWidget {
  Q_OBJECT
 public:
  explicit FailureReportPage(QWidget* parent = nullptr);
  // Keeps the client; nothing is loaded until Refresh.
  void SetSession(std::shared_ptr<ConsoleClient> client);
  void EndSession() { client_.reset(); }

  FailureReportModel* stores() { return stores_; }
  FailureReportModel* reader_models() { return models_; }
  QComboBox* days_box() { return days_box_; }
  QLabel* summary() { return summary_; }
  bool loaded_once() const { return loaded_once_; }

 public slots:
  void Refresh();

 signals:
  void loaded();
  void failed(QString message);
  void sessionExpired();

 private:
  void Show(const v1::FailureReport& report);

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  bool loaded_once_ = false;
  QComboBox* days_box_;
  QPushButton* refresh_;
  QLabel* summary_;
  QLabel* stores_title_;
  QLabel* models_title_;
  FailureReportModel* stores_;
  FailureReportModel* models_;
  QTableView* stores_table_;
  QTableView* models_table_;
};

}  // namespace kakunin::console
