#include "agent/station/ui/fallback_dialogs.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QRegularExpressionValidator>
#include <ctime>
#include <optional>
#include <utility>

#include "agent/station/models/labels.h"
#include "common/domain/check_digit.h"
#include "common/domain/documents.h"

namespace kakunin::station {

namespace {

QDateEdit* NewDateEdit(const QDate& initial) {
  auto* edit = new QDateEdit(initial);
  edit->setLocale(Labels::DateEditLocale());
  edit->setDisplayFormat(Labels::DateEditFormat());
  edit->setCalendarPopup(true);
  return edit;
}

QLineEdit* NewDigitsEdit(int max_length) {
  auto* edit = new QLineEdit;
  edit->setMaxLength(max_length);
  edit->setValidator(new QRegularExpressionValidator(
      QRegularExpression(QStringLiteral("[0-9]{0,%1}").arg(max_length)), edit));
  return edit;
}

std::string Std(const QLineEdit* e) { return e->text().trimmed().toStdString(); }
std::string Iso(const QDateEdit* e) { return e->date().toString(Qt::ISODate).toStdString(); }

// Buttons with the default on the action, so Enter records and Escape cancels. Plain buttons
// rather than QDialogButtonBox, which moves the default to Cancel when it is shown.
QPushButton* AddButtons(QDialog* dialog, QFormLayout* form, const QString& action,
                        const QString& cancel_text) {
  auto* row = new QHBoxLayout;
  auto* cancel = new QPushButton(cancel_text);
  cancel->setAutoDefault(false);
  auto* button = new QPushButton(action);
  button->setDefault(true);
  row->addStretch();
  row->addWidget(cancel);
  row->addWidget(button);
  QObject::connect(button, &QPushButton::clicked, dialog, &QDialog::accept);
  QObject::connect(cancel, &QPushButton::clicked, dialog, &QDialog::reject);
  form->addRow(row);
  return button;
}

// What is wrong with a typed insurer number, or empty when it is fine: the same check digit the
// daemon applies, so a typo is caught while the document is still in front of staff.
QString InsurerProblem(const QLineEdit* edit, bool required) {
  if (edit->text().isEmpty()) {
    return required ? DocumentDialog::tr("Enter the insurer number (6 or 8 digits).") : QString();
  }
  auto insurer = domain::ValidateInsurerNumber(Std(edit));
  if (insurer.outcome == domain::DigitCheckOutcome::kInvalidFormat) {
    return DocumentDialog::tr("The insurer number has 6 or 8 digits.");
  }
  if (!insurer.ok()) {
    return DocumentDialog::tr("The insurer number's last digit should be %1. Check for a typo.")
        .arg(insurer.expected_digit);
  }
  return {};
}

QLabel* NewProblemLabel() {
  auto* label = new QLabel;
  label->setStyleSheet(QStringLiteral("color: #b00020;"));
  label->setWordWrap(true);
  return label;
}

}  // namespace

DocumentDialog::DocumentDialog(QWidget* parent, std::optional<domain::Date> on_day)
    : QDialog(parent) {
  const domain::Date on = on_day.value_or(domain::JapanDateOf(std::time(nullptr)));
  setWindowTitle(tr("Confirm with a document"));
  auto* form = new QFormLayout(this);
  auto* intro =
      new QLabel(tr("Record the document the patient showed. Never turn a patient "
                    "away: if this document is not valid, ask for another one."));
  intro->setWordWrap(true);
  form->addRow(intro);
  kind_ = new QComboBox;
  // Each kind the form offers, with the rule that may retire it (none for the first three).
  const std::pair<v1::DocumentKind, std::optional<domain::DocumentKind>> kinds[] = {
      {v1::DOCUMENT_KIND_CARD_WITH_PORTAL, std::nullopt},
      {v1::DOCUMENT_KIND_CARD_WITH_NOTICE, std::nullopt},
      {v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE, std::nullopt},
      {v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD, domain::DocumentKind::kLegacyInsuranceCard},
      {v1::DOCUMENT_KIND_NOTICE_ONLY, domain::DocumentKind::kNoticeAlone}};
  for (const auto& [kind, rule] : kinds) {
    if (rule && !domain::StillAccepted(*rule, on)) continue;
    kind_->addItem(Labels::Document(kind), static_cast<int>(kind));
  }
  form->addRow(tr("&Document"), kind_);
  const QDate today(on.year, on.month, on.day);
  has_issued_ = new QCheckBox(tr("Issue date printed"));
  issued_ = NewDateEdit(today);
  auto* issued_row = new QHBoxLayout;
  issued_row->addWidget(has_issued_);
  issued_row->addWidget(issued_);
  form->addRow(tr("&Issued on"), issued_row);
  has_expiry_ = new QCheckBox(tr("Expiry printed"));
  expiry_ = NewDateEdit(today);
  auto* expiry_row = new QHBoxLayout;
  expiry_row->addWidget(has_expiry_);
  expiry_row->addWidget(expiry_);
  form->addRow(tr("&Expires on"), expiry_row);
  elderly_ = new QCheckBox(tr("Late-elderly (後期高齢者) card"));
  form->addRow(QString(), elderly_);
  insurer_ = NewDigitsEdit(8);
  symbol_ = new QLineEdit;
  number_ = new QLineEdit;
  branch_ = NewDigitsEdit(2);
  note_ = new QLineEdit;
  // HQ takes 1,024 bytes: 341 characters of three bytes each always fit (the daemon checks the
  // bytes).
  note_->setMaxLength(341);
  symbol_->setMaxLength(26);  // 80 bytes at HQ
  number_->setMaxLength(26);
  form->addRow(tr("Insurer number"), insurer_);
  form->addRow(tr("Symbol"), symbol_);
  form->addRow(tr("Number"), number_);
  form->addRow(tr("Branch"), branch_);
  form->addRow(tr("&Note"), note_);
  problem_ = NewProblemLabel();
  form->addRow(problem_);
  record_ = AddButtons(this, form, tr("Record"), tr("Cancel (Esc)"));
  connect(kind_, &QComboBox::currentIndexChanged, this, &DocumentDialog::UpdateFields);
  connect(has_issued_, &QCheckBox::toggled, this, &DocumentDialog::UpdateFields);
  connect(has_expiry_, &QCheckBox::toggled, this, &DocumentDialog::UpdateFields);
  connect(insurer_, &QLineEdit::textChanged, this, &DocumentDialog::Validate);
  connect(expiry_, &QDateEdit::dateChanged, this, [this] {
    expiry_entered_ = true;
    Validate();
  });
  UpdateFields();
  Validate();
}

// The insurer number is optional on a document (not every one shows it), but when typed it must
// pass the check digit.
void DocumentDialog::Validate() {
  QString problem = InsurerProblem(insurer_, /*required=*/false);
  const auto kind = static_cast<v1::DocumentKind>(kind_->currentData().toInt());
  if (problem.isEmpty() && kind == v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE && !expiry_entered_) {
    problem = tr("Enter the expiry date printed on the eligibility certificate.");
  }
  problem_->setText(problem);
  record_->setEnabled(problem.isEmpty());
}

void DocumentDialog::UpdateFields() {
  auto kind = static_cast<v1::DocumentKind>(kind_->currentData().toInt());
  const bool dated = kind == v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE ||
                     kind == v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD;
  has_issued_->setEnabled(kind == v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
  issued_->setEnabled(has_issued_->isEnabled() && has_issued_->isChecked());
  // Always printed on a 資格確認書: the box is ticked and fixed there.
  const bool certificate = kind == v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE;
  if (certificate) has_expiry_->setChecked(true);
  has_expiry_->setEnabled(dated && !certificate);
  expiry_->setEnabled(dated && has_expiry_->isChecked());
  elderly_->setEnabled(kind == v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD);
  Validate();
}

v1::FallbackDocument DocumentDialog::document() const {
  v1::FallbackDocument d;
  d.set_kind(static_cast<v1::DocumentKind>(kind_->currentData().toInt()));
  if (issued_->isEnabled()) d.set_issued_on(Iso(issued_));
  if (expiry_->isEnabled()) d.set_expires_on(Iso(expiry_));
  d.set_elderly_scheme(elderly_->isEnabled() && elderly_->isChecked());
  d.set_insurer_number(Std(insurer_));
  d.set_insured_symbol(Std(symbol_));
  d.set_insured_number(Std(number_));
  d.set_insured_branch_number(Std(branch_));
  d.set_note(note_->text().trimmed().toStdString());
  return d;
}

RecheckDialog::RecheckDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Home visit: re-inquiry"));
  auto* form = new QFormLayout(this);
  auto* intro =
      new QLabel(tr("For later visits of a regular home visit: enter the insured "
                    "number taken at the first visit and the date of birth."));
  intro->setWordWrap(true);
  form->addRow(intro);
  insurer_ = NewDigitsEdit(8);
  symbol_ = new QLineEdit;
  number_ = new QLineEdit;
  branch_ = NewDigitsEdit(2);
  // Must be entered: the date the field starts at (1950-01-01) was sent as the patient's when
  // left alone, and the answer sent staff to the 申立書 (a pharmacist's review). Any change
  // counts, so a patient born on that very day is entered by changing it and back.
  birth_ = NewDateEdit(QDate(1950, 1, 1));
  form->addRow(tr("&Insurer number"), insurer_);
  form->addRow(tr("&Symbol"), symbol_);
  form->addRow(tr("&Number"), number_);
  form->addRow(tr("&Branch"), branch_);
  // Beside it, the same date in the era: a patient who says 昭和25年 is checked against it.
  birth_era_ = new QLabel;
  auto* birth_row = new QHBoxLayout;
  birth_row->addWidget(birth_);
  birth_row->addWidget(birth_era_, 1);
  connect(birth_, &QDateEdit::dateChanged, this, [this] {
    birth_entered_ = true;
    birth_era_->setText(Labels::EraDate(birth_->date()));
    Validate();
  });
  auto* birth_label = new QLabel(tr("&Date of birth"));
  birth_label->setBuddy(birth_);  // Alt+D still reaches the date, inside the row
  form->addRow(birth_label, birth_row);
  problem_ = NewProblemLabel();
  form->addRow(problem_);
  send_ = AddButtons(this, form, tr("Re-inquire"), tr("Cancel (Esc)"));
  for (QLineEdit* e : {insurer_, number_}) {
    connect(e, &QLineEdit::textChanged, this, &RecheckDialog::Validate);
  }
  Validate();
}

void RecheckDialog::Validate() {
  QString problem = InsurerProblem(insurer_, /*required=*/true);
  if (problem.isEmpty() && number_->text().trimmed().isEmpty()) {
    problem = tr("Enter the insured number.");
  }
  if (problem.isEmpty() && !birth_entered_) {
    problem = tr("Enter the date of birth.");
  }
  problem_->setText(problem);
  send_->setEnabled(problem.isEmpty());
}

v1::RecheckRequest RecheckDialog::request() const {
  v1::RecheckRequest r;
  r.set_insurer_number(Std(insurer_));
  r.set_insured_symbol(Std(symbol_));
  r.set_insured_number(Std(number_));
  r.set_insured_branch_number(Std(branch_));
  r.set_birth_date(Iso(birth_));
  r.set_route(v1::CHECK_ROUTE_HOME_VISIT);
  return r;
}

}  // namespace kakunin::station
