#pragma once
// 導入状況 (issue 19): the whole chain's onboarding as a board — stores × stages, overdue cells in
// red, done cells in a calm green — filtered by region (地方), prefecture and the stage stores are
// at, or to the stores with an overdue stage; CSVで書き出す saves what is shown. HQ
// administrators open a stage with a double click and change it in a small dialog; others read.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QWidget>
#include <memory>

#include "console/client/console_client.h"
#include "console/models/onboarding_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class OnboardingStageDialog;

class OnboardingPage : public QWidget {
  Q_OBJECT
 public:
  explicit OnboardingPage(QWidget* parent = nullptr);
  // `may_edit`: HQ administrators change stages; the server refuses anyone else anyway.
  void SetSession(std::shared_ptr<ConsoleClient> client, bool may_edit);
  void EndSession() { client_.reset(); }

  OnboardingModel* model() { return model_; }
  QTableView* table() { return table_; }
  QComboBox* region_box() { return region_box_; }
  QComboBox* prefecture_box() { return prefecture_box_; }
  QComboBox* stage_box() { return stage_box_; }
  QCheckBox* overdue_only() { return overdue_only_; }
  QLabel* summary() { return summary_; }
  QPushButton* export_button() { return export_; }
  bool loaded_once() const { return loaded_once_; }
  const v1::ListOnboardingResponse& board() const { return board_; }

  // The dialog for one cell (row, stage index), opened but not shown; null when not allowed.
  OnboardingStageDialog* EditStage(int row, int stage_index);
  // Writes the board as shown; false (with the message on the summary line) when it cannot.
  bool ExportTo(const QString& path);

 public slots:
  void Refresh();

 signals:
  void loaded();
  void failed(QString message);
  void sessionExpired();

 private:
  void Show(const v1::ListOnboardingResponse& board);
  void ChooseExportFile();

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  bool may_edit_ = false;
  bool loaded_once_ = false;
  v1::ListOnboardingResponse board_;
  QComboBox* region_box_;
  QComboBox* prefecture_box_;
  QComboBox* stage_box_;
  QCheckBox* overdue_only_;
  QPushButton* refresh_;
  QPushButton* export_;
  QLabel* summary_;
  OnboardingModel* model_;
  QTableView* table_;
};

}  // namespace kakunin::console
