#pragma once
// Issuing a one-time enrollment token: pick the site and how long the token lives, then show it
// once, as text to type on the terminal and as a QR code to scan. The page makes the call.

#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class EnrollmentTokenDialog : public QDialog {
  Q_OBJECT
 public:
  EnrollmentTokenDialog(const std::vector<v1::Site>& sites, const QString& preselected_site_id,
                        QWidget* parent);
  void ShowToken(const v1::EnrollmentToken& token, const QString& site_name);
  void ShowError(const QString& text);

  QComboBox* site_box() { return site_; }
  QPushButton* issue_button() { return issue_; }
  QString token_text() const { return token_->text(); }
  QString bundle_text() const { return bundle_->text(); }
  QImage qr_image() const { return qr_image_; }

 signals:
  void issueRequested(QString site_id, uint ttl_seconds);

 private:
  QWidget* BuildRequestStep();
  QWidget* BuildTokenStep();

  QStackedWidget* steps_;
  QComboBox* site_;
  QComboBox* ttl_;
  QPushButton* issue_;
  QLabel* error_;
  QLineEdit* token_;
  QLineEdit* bundle_;
  QLabel* qr_;
  QLabel* expiry_;
  QLabel* token_site_;
  QImage qr_image_;
};

}  // namespace kakunin::console
