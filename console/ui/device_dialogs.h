#pragma once
// The decisions an administrator takes on a terminal. The dialogs only collect the decision; the
// page makes the call and either closes the dialog or shows the server's refusal in it.

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QPushButton>

#include "console/ui/route_editor.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

// Approve a pending terminal after comparing its verification code with the terminal's screen
// (the code derives from the terminal's key, so a matching code means the key HQ is about to
// trust is the one on the counter).
class ApproveDeviceDialog : public QDialog {
  Q_OBJECT
 public:
  ApproveDeviceDialog(const v1::Device& device, const QString& site_name, QWidget* parent);
  void ShowError(const QString& text);
  void SetBusy(bool busy);
  QString code() const { return code_; }
  QCheckBox* confirm_box() { return confirm_; }
  QPushButton* approve_button() { return approve_; }

 signals:
  void approveRequested(QString device_id, QString verification_code);

 private:
  QString device_id_;
  QString code_;
  QCheckBox* confirm_;
  QPushButton* approve_;
  QLabel* error_;
};

// Revoke a terminal with a reason; the terminal is cut off at once and cannot come back.
class RevokeDeviceDialog : public QDialog {
  Q_OBJECT
 public:
  RevokeDeviceDialog(const v1::Device& device, const QString& site_name, QWidget* parent);
  void ShowError(const QString& text);
  void SetBusy(bool busy);
  QComboBox* reason_box() { return reason_; }
  QPushButton* revoke_button() { return revoke_; }
  // When the terminal last reported results not yet sent: what is said, and the box that
  // must be ticked before Revoke (null otherwise).
  QLabel* unsent_label() { return unsent_; }
  QCheckBox* strand_box() { return strand_; }

 signals:
  void revokeRequested(QString device_id, QString reason);

 private:
  bool MayRevoke() const;

  QString device_id_;
  QComboBox* reason_;
  QPushButton* revoke_;
  QLabel* error_;
  QLabel* unsent_ = nullptr;
  QCheckBox* strand_ = nullptr;
};

// The terminal's own eligibility route, or back to its site's (SetDeviceRoute). Save stays off
// while the route editor finds a problem; the server's refusal is shown here too.
class DeviceRouteDialog : public QDialog {
  Q_OBJECT
 public:
  DeviceRouteDialog(const v1::Device& device, const QString& site_name,
                    const v1::RouteSettings& site_route, QWidget* parent);
  void ShowError(const QString& text);
  void SetBusy(bool busy);
  RouteEditor* editor() { return editor_; }
  QPushButton* save_button() { return save_; }
  QLabel* error_label() { return error_; }

 signals:
  void routeRequested(QString device_id, v1::RouteSettings route);

 private:
  QString device_id_;
  RouteEditor* editor_;
  QPushButton* save_;
  QLabel* error_;
  bool busy_ = false;
};

}  // namespace kakunin::console
