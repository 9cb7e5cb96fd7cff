#include "console/ui/device_dialogs.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>
#include <algorithm>

#include "console/models/labels.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

QLabel* ErrorLabel() {
  auto* l = PlainLabel();
  l->setWordWrap(true);
  l->setStyleSheet(QStringLiteral("color: #b00020;"));
  l->hide();
  return l;
}

// Who the terminal is, the same way in both dialogs.
QFormLayout* DeviceFacts(const v1::Device& d, const QString& site_name) {
  auto* form = new QFormLayout;
  form->addRow(QCoreApplication::translate("kakunin::console::DeviceDialogs", "Terminal ID"),
               PlainLabel(Q(d.device_id())));
  form->addRow(QCoreApplication::translate("kakunin::console::DeviceDialogs", "Terminal name"),
               PlainLabel(Q(d.facts().terminal_name())));
  form->addRow(QCoreApplication::translate("kakunin::console::DeviceDialogs", "Site"),
               PlainLabel(site_name));
  form->addRow(QCoreApplication::translate("kakunin::console::DeviceDialogs", "Host"),
               PlainLabel(Q(d.facts().hostname())));
  return form;
}

}  // namespace

ApproveDeviceDialog::ApproveDeviceDialog(const v1::Device& device, const QString& site_name,
                                         QWidget* parent)
    : QDialog(parent), device_id_(Q(device.device_id())), code_(Q(device.verification_code())) {
  setWindowTitle(tr("Approve terminal"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("Ask the branch to read the verification code on the terminal's screen. Approve only "
         "if it is exactly the code below."));
  intro->setWordWrap(true);
  layout->addWidget(intro);
  layout->addLayout(DeviceFacts(device, site_name));

  auto* code = PlainLabel(code_);
  code->setObjectName(QStringLiteral("verificationCode"));
  code->setAlignment(Qt::AlignCenter);
  code->setTextInteractionFlags(Qt::TextSelectableByMouse);
  code->setStyleSheet(QStringLiteral(
      "font-family: 'Noto Sans Mono CJK JP', monospace; font-size: 30pt; font-weight: bold; "
      "letter-spacing: 4px; padding: 8px; border: 2px solid #1d5fa8; border-radius: 6px;"));
  layout->addWidget(new QLabel(tr("Verification code")));
  layout->addWidget(code);

  confirm_ = new QCheckBox(tr("The terminal shows this same &code"));
  layout->addWidget(confirm_);
  error_ = ErrorLabel();
  layout->addWidget(error_);

  auto* buttons = new QDialogButtonBox;
  approve_ = buttons->addButton(tr("&Approve"), QDialogButtonBox::AcceptRole);
  auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
  cancel->setText(tr("Cancel"));
  approve_->setEnabled(false);
  approve_->setAutoDefault(false);
  cancel->setDefault(true);
  layout->addWidget(buttons);

  connect(confirm_, &QCheckBox::toggled, approve_, &QPushButton::setEnabled);
  connect(approve_, &QPushButton::clicked, this,
          [this] { emit approveRequested(device_id_, code_); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  confirm_->setFocus();
}

void ApproveDeviceDialog::ShowError(const QString& text) {
  error_->setText(text);
  error_->show();
  SetBusy(false);
}

void ApproveDeviceDialog::SetBusy(bool busy) {
  approve_->setEnabled(!busy && confirm_->isChecked());
  confirm_->setEnabled(!busy);
}

RevokeDeviceDialog::RevokeDeviceDialog(const v1::Device& device, const QString& site_name,
                                       QWidget* parent)
    : QDialog(parent), device_id_(Q(device.device_id())) {
  setWindowTitle(tr("Revoke terminal"));
  auto* layout = new QVBoxLayout(this);
  auto* warning = new QLabel(
      tr("A revoked terminal is disconnected at once and can no longer send results to HQ. "
         "This cannot be undone: to use the terminal again, enroll it with a new token."));
  warning->setWordWrap(true);
  warning->setStyleSheet(QStringLiteral("color: #8a3b00; font-weight: bold;"));
  layout->addWidget(warning);
  layout->addLayout(DeviceFacts(device, site_name));
  // Its unsent results can never reach HQ once it is revoked (a replaced PC's above all): said,
  // and confirmed, while the PC may still send them.
  if (device.outbox_depth() > 0) {
    const int unsent = static_cast<int>(std::min<uint64_t>(device.outbox_depth(), 1000000000));
    unsent_ = new QLabel(
        tr("This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is "
           "revoked they can never be sent. If the PC still works, connect it and let it send "
           "them first (kakunin-agent status shows what waits).",
           "", unsent)
            .arg(device.has_last_seen() ? Labels::DateTime(device.last_seen().seconds())
                                        : tr("time unknown")));
    unsent_->setWordWrap(true);
    unsent_->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(unsent_);
    strand_ = new QCheckBox(tr("Revoke anyway: its unsent results will not reach HQ"));
    layout->addWidget(strand_);
  }

  auto* form = new QFormLayout;
  reason_ = new QComboBox;
  reason_->setEditable(true);
  reason_->addItems({QString(), tr("Terminal lost or stolen"), tr("Terminal replaced"),
                     tr("Site closed or moved"), tr("Suspected key compromise")});
  reason_->lineEdit()->setPlaceholderText(tr("Choose or type a reason (required)"));
  auto* reason_label = new QLabel(tr("&Reason"));
  reason_label->setBuddy(reason_);
  form->addRow(reason_label, reason_);
  layout->addLayout(form);
  error_ = ErrorLabel();
  layout->addWidget(error_);

  auto* buttons = new QDialogButtonBox;
  revoke_ = buttons->addButton(tr("Re&voke"), QDialogButtonBox::DestructiveRole);
  auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
  cancel->setText(tr("Cancel"));
  revoke_->setEnabled(false);
  revoke_->setAutoDefault(false);
  cancel->setDefault(true);
  layout->addWidget(buttons);

  connect(reason_, &QComboBox::currentTextChanged, this,
          [this] { revoke_->setEnabled(MayRevoke()); });
  if (strand_) {
    connect(strand_, &QCheckBox::toggled, this, [this] { revoke_->setEnabled(MayRevoke()); });
  }
  connect(revoke_, &QPushButton::clicked, this,
          [this] { emit revokeRequested(device_id_, reason_->currentText().trimmed()); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  reason_->setFocus();
}

void RevokeDeviceDialog::ShowError(const QString& text) {
  error_->setText(text);
  error_->show();
  SetBusy(false);
}

bool RevokeDeviceDialog::MayRevoke() const {
  return !reason_->currentText().trimmed().isEmpty() &&
         (strand_ == nullptr || strand_->isChecked());
}

void RevokeDeviceDialog::SetBusy(bool busy) {
  revoke_->setEnabled(!busy && MayRevoke());
  reason_->setEnabled(!busy);
  if (strand_) strand_->setEnabled(!busy);
}

DeviceRouteDialog::DeviceRouteDialog(const v1::Device& device, const QString& site_name,
                                     const v1::RouteSettings& site_route, QWidget* parent)
    : QDialog(parent), device_id_(Q(device.device_id())) {
  setWindowTitle(tr("Eligibility route of the terminal"));
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(DeviceFacts(device, site_name));
  editor_ = new RouteEditor(RouteEditor::Scope::kTerminal);
  editor_->SetSiteRoute(site_route);
  editor_->SetSettings(device.route_override());
  layout->addWidget(editor_);
  error_ = ErrorLabel();
  layout->addWidget(error_);

  auto* buttons = new QDialogButtonBox;
  save_ = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
  save_->setDefault(true);
  buttons->addButton(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  layout->addWidget(buttons);
  setMinimumWidth(640);

  connect(editor_, &RouteEditor::changed, this, [this] { SetBusy(busy_); });
  connect(save_, &QPushButton::clicked, this, [this] {
    SetBusy(true);
    emit routeRequested(device_id_, editor_->settings());
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  SetBusy(false);
  editor_->route_box()->setFocus();
}

void DeviceRouteDialog::ShowError(const QString& text) {
  error_->setText(text);
  error_->show();
  SetBusy(false);
}

void DeviceRouteDialog::SetBusy(bool busy) {
  busy_ = busy;
  save_->setEnabled(!busy && editor_->valid());
}

}  // namespace kakunin::console
