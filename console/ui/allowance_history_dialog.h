#pragma once
// Issue 19: what became of a terminal's one-time 目視確認 permissions — granted by whom, why,
// used by which check or lapsed — for the last 30 days. The page loads the list and hands it
// here (or the server's refusal).

#include <QDialog>
#include <QLabel>
#include <QTableView>
#include <vector>

#include "console/models/allowance_model.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class AllowanceHistoryDialog : public QDialog {
  Q_OBJECT
 public:
  AllowanceHistoryDialog(const v1::Device& device, const QString& site_name, QWidget* parent);
  void SetAllowances(std::vector<v1::VisualAllowanceRecord> allowances);
  void ShowError(const QString& text);

  AllowanceModel* model() { return model_; }
  QTableView* table() { return table_; }
  QLabel* status_label() { return status_; }

 private:
  AllowanceModel* model_;
  QTableView* table_;
  QLabel* status_;
};

}  // namespace kakunin::console
