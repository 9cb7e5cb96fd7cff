#pragma once
// One check in full: what the terminal recorded and, only when GetResult sent them (the site's
// branch roles, within the re-view window), the patient's eligibility details and the check's
// other sealed fields (certificate, 受診券, staff member, the service's error text); otherwise a
// note saying why they are not shown.

#include <QDialog>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class ResultDetailDialog : public QDialog {
  Q_OBJECT
 public:
  // What people call the check's site and terminal (the ids go in the support section).
  struct Names {
    QString site, terminal;
  };
  // `refusal`: why the server would not open the patient fields (empty when it answered).
  ResultDetailDialog(const v1::ResultRow& row, const Names& names, const QString& refusal,
                     QWidget* parent);
  // Null when the server sent no patient fields.
  QGroupBox* patient_box() { return patient_; }
  QLabel* patient_note() { return note_; }
  // Null when the server sent none of the check's other sealed fields (CheckResult 12-18).
  QGroupBox* record_box() { return record_; }
  // Ids and codes for support, folded away until asked for.
  QWidget* support_box() { return support_; }

  // What GetResult alone may send: the patient fields and the other sealed fields. A row shown
  // after a refusal goes without them, whatever it held.
  static void DropSealedFields(v1::CheckResult* result);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void FitHeight();
  QWidget* BuildSupport(const v1::ResultRow& row);
  void AddPatient(const v1::CheckResult& result, QVBoxLayout* layout);
  void AddRecord(const v1::CheckResult& result, QVBoxLayout* layout);

  QWidget* support_ = nullptr;
  QGroupBox* patient_ = nullptr;
  QGroupBox* record_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace kakunin::console
