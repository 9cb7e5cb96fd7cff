#include "console/ui/visual_allowance_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QVBoxLayout>

#include "common/domain/visual_allowance.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

QString AllowanceReasonProblem(const QString& reason) {
  const std::string utf8 = reason.toStdString();
  const std::string_view why = domain::CheckAllowanceReason(utf8);
  return why.empty() ? QString() : QString::fromStdString(domain::AllowanceRefusalMessage(why));
}

VisualAllowanceDialog::VisualAllowanceDialog(const v1::Device& device, const QString& site_name,
                                             QWidget* parent)
    : QDialog(parent), device_id_(QString::fromStdString(device.device_id())) {
  setWindowTitle(tr("Allow one visual check"));
  auto* layout = new QVBoxLayout(this);
  auto* what = new QLabel(
      tr("The patient's PIN cannot be used and HQ does not allow the visual check at this "
         "store. Allow staff at this terminal to check ONE card with the visual check "
         "(comparing the patient with the card's photo). The permission lapses after %1 "
         "minutes if unused. Your name and the reason are kept in the audit trail for good: do not "
         "write the patient's name or anything else about the patient.")
          .arg(domain::kVisualAllowanceTtlSeconds / 60));
  what->setWordWrap(true);
  layout->addWidget(what);
  auto* facts = new QFormLayout;
  facts->addRow(tr("Terminal"),
                PlainLabel(QString::fromStdString(device.facts().terminal_name().empty()
                                                      ? device.device_id()
                                                      : device.facts().terminal_name())));
  facts->addRow(tr("Store"), PlainLabel(site_name));
  reason_ = new QLineEdit;
  reason_->setObjectName(QStringLiteral("allowanceReason"));
  reason_->setPlaceholderText(tr("e.g. PIN locked; identity confirmed against the card's photo"));
  auto* reason_label = new QLabel(tr("&Reason"));
  reason_label->setBuddy(reason_);
  facts->addRow(reason_label, reason_);
  layout->addLayout(facts);
  problem_ = PlainLabel();
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #8a3b00;"));
  layout->addWidget(problem_);
  error_ = PlainLabel();
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020;"));
  error_->hide();
  layout->addWidget(error_);

  auto* buttons = new QDialogButtonBox;
  allow_ = buttons->addButton(tr("&Allow once"), QDialogButtonBox::AcceptRole);
  auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
  cancel->setText(tr("Cancel"));
  allow_->setAutoDefault(false);
  layout->addWidget(buttons);
  connect(reason_, &QLineEdit::textChanged, this, &VisualAllowanceDialog::Check);
  connect(allow_, &QPushButton::clicked, this,
          [this] { emit grantRequested(device_id_, reason_->text().trimmed()); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  Check();
  reason_->setFocus();
}

void VisualAllowanceDialog::Check() {
  const QString reason = reason_->text().trimmed();
  const QString problem = AllowanceReasonProblem(reason);
  // An empty field is not yet a mistake: say nothing until something is typed.
  problem_->setText(reason.isEmpty() ? QString() : problem);
  allow_->setEnabled(problem.isEmpty());
}

void VisualAllowanceDialog::ShowError(const QString& text) {
  error_->setText(text);
  error_->show();
  SetBusy(false);
}

void VisualAllowanceDialog::SetBusy(bool busy) {
  reason_->setEnabled(!busy);
  allow_->setEnabled(!busy && AllowanceReasonProblem(reason_->text().trimmed()).isEmpty());
}

}  // namespace kakunin::console
