#pragma once
// The result of one check as staff see it: a coloured headline (資格有効 / 資格喪失 / …), the
// warnings that must not be missed (loss date and reason, 医療扶助, ● in the name, an expired
// card certificate in its grace period), then every field of the answer, grouped, in words.
// Codes and card diagnostics (区分 codes, reason ids, ATR, APDU counts) are for the help desk:
// they sit in a collapsed 「サポート用の詳細」 section that staff open only when asked.

#include <QFrame>
#include <QGroupBox>
#include <QLabel>
#include <map>
#include <string>

#include "kakunin/v1/common.pb.h"

class QFormLayout;
class QToolButton;

namespace kakunin::station {

struct FieldRow;  // one labelled value of the card (result_card.cpp)

class ResultCard : public QFrame {
  Q_OBJECT
 public:
  explicit ResultCard(QWidget* parent = nullptr);

  // others_in_next_step: the counter's next step already says what the other records mean
  // (use the new insurance; ask which one), so the card does not say it again.
  void Show(const v1::CheckResult& result, bool others_in_next_step = false);
  void Clear();

  // For tests and screen readers: the value shown for a field key ("name", "loss_reason", …).
  QString FieldText(const std::string& key) const;
  // Whether the row of `key` is shown (rows most checks leave empty are hidden then).
  bool RowShown(const std::string& key) const;
  QLabel* headline() const { return headline_; }
  QLabel* loss_banner() const { return loss_banner_; }
  // A warning shown with the result (coverage lost or ending, the 医療券 not covering today,
  // 外字 in the name, the 受診券's insurer not matching, a certificate in its grace): the
  // counter's "continue" sentence then asks staff to read it first.
  bool HasWarnings() const { return has_warnings_; }
  QLabel* aid_banner() const { return aid_banner_; }
  QLabel* warning_banner() const { return warning_banner_; }
  QGroupBox* insurance_group() const { return insurance_group_; }
  QGroupBox* aid_group() const { return aid_group_; }
  QGroupBox* document_group() const { return document_group_; }
  // The answer's other records (a new qualification, or several at once); hidden when none.
  QGroupBox* others_group() const { return others_group_; }
  QLabel* others_text() const { return others_; }
  // The support details: collapsed on every new result, opened with the toggle.
  QToolButton* details_toggle() const { return details_toggle_; }
  QGroupBox* details_group() const { return details_group_; }

 private:
  template <size_t N>
  QGroupBox* AddGroup(const QString& title, const FieldRow (&rows)[N]);
  void AddRow(QFormLayout* form, const std::string& key, const QString& label);
  void ShowRow(const std::string& key, bool shown);
  void Set(const std::string& key, const QString& value);
  void BuildGroups();
  QWidget* BuildDetails();
  void ShowDetails(bool open);
  void ShowHeadline(const v1::CheckResult& r);
  void ShowBanners(const v1::CheckResult& r);
  void ShowPatient(const v1::Eligibility& e);
  void ShowInsurance(const v1::Eligibility& e);
  void ShowOthers(const v1::Eligibility& e);
  void ShowAidBanner(const v1::CheckResult& r);
  void ShowAid(const v1::CheckResult& r);
  void ShowDocument(const v1::FallbackDocument& d);
  void ShowRecord(const v1::CheckResult& r);
  void ShowSupport(const v1::CheckResult& r);
  static QString Verification(const v1::CheckResult& r);

  QLabel* headline_;
  QLabel* loss_banner_;
  QLabel* aid_banner_;
  bool has_warnings_ = false;         // set by ShowBanners and ShowAidBanner
  bool others_in_next_step_ = false;  // the argument of the last Show
  QLabel* warning_banner_;
  QGroupBox* insurance_group_ = nullptr;
  QGroupBox* aid_group_ = nullptr;
  QGroupBox* document_group_ = nullptr;
  QGroupBox* others_group_ = nullptr;
  QLabel* others_ = nullptr;
  QToolButton* details_toggle_ = nullptr;
  QGroupBox* details_group_ = nullptr;
  std::map<std::string, QLabel*> values_;
};

}  // namespace kakunin::station
