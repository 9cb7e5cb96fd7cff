#include "console/ui/allowance_history_dialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

AllowanceHistoryDialog::AllowanceHistoryDialog(const v1::Device& device, const QString& site_name,
                                               QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Visual check permissions"));
  auto* layout = new QVBoxLayout(this);
  auto* what = PlainLabel(tr("One-time visual checks allowed on %1 (%2) in the last 30 days.")
                              .arg(Labels::TerminalName(device), site_name));
  what->setWordWrap(true);
  layout->addWidget(what);
  model_ = new AllowanceModel(this);
  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("allowanceTable"));
  table_->setModel(model_);
  SetUpListTable(table_);
  layout->addWidget(table_, 1);
  status_ = PlainLabel(tr("Loading…"));
  status_->setWordWrap(true);
  layout->addWidget(status_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(900, 360);
}

void AllowanceHistoryDialog::SetAllowances(std::vector<v1::VisualAllowanceRecord> allowances) {
  const auto count = static_cast<int>(allowances.size());
  model_->SetRows(std::move(allowances));
  table_->resizeColumnsToContents();
  status_->setStyleSheet(QString());
  status_->setText(count == 0 ? tr("No visual check was allowed on this terminal in the last "
                                   "30 days.")
                              : tr("%n permission(s)", "", count));
}

void AllowanceHistoryDialog::ShowError(const QString& text) {
  status_->setStyleSheet(QStringLiteral("color: #b00020;"));
  status_->setText(text);
}

}  // namespace kakunin::console
