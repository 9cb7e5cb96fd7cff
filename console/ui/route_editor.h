#pragma once
// HQ's eligibility route for a site or one terminal: the online eligibility service (API), or
// the on-site 資格確認端末's req/res folders; a terminal may also follow its site. Only the rows
// of the chosen route are shown; the settings are checked as they are typed with the server's
// rules, so a refusal is shown here, in the server's words, before anything is sent.

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::console {

class RouteEditor : public QGroupBox {
  Q_OBJECT
 public:
  enum class Scope { kSite, kTerminal };
  explicit RouteEditor(Scope scope, QWidget* parent = nullptr);

  void SetSettings(const v1::RouteSettings& route);
  // What the form says; the settings given to SetSettings when they mean the same (fields the
  // form does not show stay as they were). A terminal that follows its site: empty settings.
  v1::RouteSettings settings() const;
  // The site's route, named where a terminal follows it.
  void SetSiteRoute(const v1::RouteSettings& site_route);
  // The first problem of the form's settings (the server's reason ids), or OK.
  Status Check() const;
  bool valid() const { return Check().ok(); }
  // Whether the row holding `field` is shown for the chosen route.
  bool IsRowShown(QWidget* field) const { return form_->isRowVisible(field); }

  QComboBox* route_box() { return route_; }
  QLineEdit* req_edit() { return req_; }
  QLineEdit* res_edit() { return res_; }
  QSpinBox* timeout_box() { return timeout_; }
  QComboBox* encoding_box() { return encoding_; }
  QLineEdit* code_edit() { return code_; }
  QCheckBox* face_pickup_box() { return face_pickup_; }
  QLineEdit* handoff_edit() { return handoff_; }
  QComboBox* handoff_encoding_box() { return handoff_encoding_; }
  QLabel* note_label() { return note_; }
  QLabel* problem_label() { return problem_; }

 signals:
  void changed();

 private:
  void BuildFields();
  void BuildLayout();
  v1::EligibilityRoute CurrentRoute() const;
  v1::RouteSettings Collect() const;
  void UpdateRows();
  void Revalidate();

  Scope scope_;
  v1::RouteSettings original_;
  v1::RouteSettings site_route_;
  QFormLayout* form_;
  QComboBox* route_;
  QLabel* note_;
  QLineEdit* req_;
  QLineEdit* res_;
  QSpinBox* timeout_;
  QComboBox* encoding_;
  QLineEdit* code_;
  QCheckBox* face_pickup_;
  QLineEdit* handoff_;
  QComboBox* handoff_encoding_;
  QLabel* problem_;
};

}  // namespace kakunin::console
