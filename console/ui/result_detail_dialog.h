#pragma once
// One check in full: what the terminal recorded and, only when the server sent them (allowed
// role, within the re-view window, not a live-feed row), the patient's eligibility details.
// The server's GetResult is not implemented, so the dialog shows the row the list holds.

#include <QDialog>
#include <QGroupBox>
#include <QLabel>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class ResultDetailDialog : public QDialog {
  Q_OBJECT
 public:
  ResultDetailDialog(const v1::ResultRow& row, const QString& site_name, QWidget* parent);
  // Null when the server sent no patient fields.
  QGroupBox* patient_box() { return patient_; }
  QLabel* patient_note() { return note_; }

 private:
  QGroupBox* patient_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace kakunin::console
