#pragma once
// Issue 19: the branch manager allows ONE card check in 目視確認 on one terminal (where HQ does
// not let staff switch), with a reason. The reason is checked as the server checks it
// (common/domain/visual_allowance.h) while it is typed; the page makes the call and closes the
// dialog or shows the server's refusal here.

#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class VisualAllowanceDialog : public QDialog {
  Q_OBJECT
 public:
  VisualAllowanceDialog(const v1::Device& device, const QString& site_name, QWidget* parent);
  void ShowError(const QString& text);
  void SetBusy(bool busy);
  QLineEdit* reason_edit() { return reason_; }
  QPushButton* allow_button() { return allow_; }
  QLabel* problem_label() { return problem_; }

 signals:
  void grantRequested(QString device_id, QString reason);

 private:
  void Check();

  QString device_id_;
  QLineEdit* reason_;
  QLabel* problem_;
  QPushButton* allow_;
  QLabel* error_;
};

// The Japanese sentence for a reason the rule refuses; empty when the reason may be sent.
QString AllowanceReasonProblem(const QString& reason);

}  // namespace kakunin::console
