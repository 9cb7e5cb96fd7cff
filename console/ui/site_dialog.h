#pragma once
// Creating or editing a site: 医療機関等コード checked as it is typed (format, check digit,
// 点数表 against the facility kind), 経過措置 category with its event date and the deadline the
// domain computes from them; the site's eligibility route (RouteEditor). The page sends the
// site; a refusal is shown here.

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "console/models/site_validation.h"
#include "console/ui/route_editor.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class SiteDialog : public QDialog {
  Q_OBJECT
 public:
  // `existing` is null for a new site; editing keeps every field this form does not show.
  SiteDialog(const v1::Site* existing, QWidget* parent);
  v1::Site site() const;
  void ShowError(const QString& text);
  void SetBusy(bool busy);
  static QString ProblemText(const SiteProblem& problem);

  // For tests and keyboard users alike: the fields by name.
  QLineEdit* site_id_edit() { return site_id_; }
  QLineEdit* name_edit() { return name_; }
  QLineEdit* code_edit() { return code_; }
  QLineEdit* override_reason_edit() { return override_reason_; }
  QComboBox* kind_box() { return kind_; }
  QComboBox* measure_box() { return measure_; }
  QCheckBox* event_known_box() { return event_known_; }
  QDateEdit* event_date_edit() { return event_date_; }
  QCheckBox* auto_approve_box() { return auto_approve_; }
  QPushButton* save_button() { return save_; }
  QLabel* code_status() { return code_status_; }
  QLabel* measure_end() { return measure_end_; }
  QLabel* problems_label() { return problems_; }
  RouteEditor* route_editor() { return route_; }

 signals:
  void saveRequested(v1::Site site);

 private:
  void Revalidate();
  void ShowCodeStatus();
  void ShowMeasure();
  bool CanSave() const;

  v1::Site original_;
  QLineEdit* site_id_;
  QLineEdit* name_;
  QLineEdit* code_;
  QLabel* code_status_;
  QLineEdit* override_reason_;
  QComboBox* kind_;
  QComboBox* measure_;
  QLabel* event_label_;
  QCheckBox* event_known_;
  QDateEdit* event_date_;
  QLabel* measure_end_;
  QComboBox* default_mode_;
  QCheckBox* auto_approve_;
  QCheckBox* local_override_;
  QLineEdit* phone_;
  RouteEditor* route_;
  QLabel* problems_;
  QPushButton* save_;
  bool busy_ = false;
};

}  // namespace kakunin::console
