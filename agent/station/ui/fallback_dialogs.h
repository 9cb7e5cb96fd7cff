#pragma once
// Two forms staff fill in when the card is not read: the fallback document they saw (資格確認書,
// マイナ + 資格情報のお知らせ, マイナ + マイナポータル, legacy 健康保険証), and the home-visit
// re-inquiry (再照会) by insured number and birth date. Whether a document is valid is decided by
// the daemon (common/domain/documents.h); its answer is shown on the result card.

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <optional>

#include "common/domain/date.h"
#include "kakunin/v1/local.pb.h"

namespace kakunin::station {

class DocumentDialog : public QDialog {
  Q_OBJECT
 public:
  // `today` (Japan's date; the clock's when unset) decides which kinds are offered: those that
  // can no longer be valid (the legacy card, お知らせ alone, after their dates) are not.
  explicit DocumentDialog(QWidget* parent = nullptr,
                          std::optional<domain::Date> today = std::nullopt);
  v1::FallbackDocument document() const;

  QComboBox* kind_box() const { return kind_; }
  QCheckBox* expiry_box() const { return has_expiry_; }
  QDateEdit* expiry_edit() const { return expiry_; }
  QPushButton* record_button() const { return record_; }
  QLineEdit* insurer_edit() const { return insurer_; }
  QLabel* problem_label() const { return problem_; }

 private:
  void UpdateFields();
  void Validate();

  QComboBox* kind_;
  QCheckBox* has_issued_;
  QDateEdit* issued_;
  QCheckBox* has_expiry_;
  QDateEdit* expiry_;
  QCheckBox* elderly_;
  QLineEdit* insurer_;
  QLineEdit* symbol_;
  QLineEdit* number_;
  QLineEdit* branch_;
  QLineEdit* note_;
  QLabel* problem_;
  QPushButton* record_;
  // A 資格確認書 always has its expiry printed: it must be typed (the field starts at today,
  // which left as it is recorded a valid certificate as expiring today, or unticked as refused).
  bool expiry_entered_ = false;
};

class RecheckDialog : public QDialog {
  Q_OBJECT
 public:
  explicit RecheckDialog(QWidget* parent = nullptr);
  v1::RecheckRequest request() const;

  QLineEdit* insurer_edit() const { return insurer_; }
  QLineEdit* number_edit() const { return number_; }
  QDateEdit* birth_edit() const { return birth_; }
  // The chosen date of birth in the Japanese era, as patients often give it.
  QLabel* birth_era_label() const { return birth_era_; }
  QLabel* problem_label() const { return problem_; }
  QPushButton* send_button() const { return send_; }

 private:
  void Validate();

  QLineEdit* insurer_;
  QLineEdit* symbol_;
  QLineEdit* number_;
  QLineEdit* branch_;
  QDateEdit* birth_;
  QLabel* birth_era_;
  bool birth_entered_ = false;
  QLabel* problem_;
  QPushButton* send_;
};

}  // namespace kakunin::station
