#include "agent/station/ui/pin_pad_dialog.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace kakunin::station {

namespace {
const char* kKeyStyle = "font-size: 24pt; font-weight: bold; min-width: 84px; min-height: 64px;";
}

PinPadDialog::PinPadDialog(int tries_left, bool may_switch_mode, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("PIN entry"));
  setObjectName(QStringLiteral("pinPad"));
  setMinimumWidth(560);
  auto* layout = new QVBoxLayout(this);
  auto* prompt = new QLabel(tr("Please enter the 4-digit PIN of your My Number Card."));
  prompt->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  prompt->setWordWrap(true);
  edit_ = new QLineEdit;
  edit_->setEchoMode(QLineEdit::Password);
  edit_->setMaxLength(4);
  edit_->setAlignment(Qt::AlignCenter);
  edit_->setValidator(
      new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,4}")), edit_));
  edit_->setStyleSheet(QStringLiteral("font-size: 30pt; letter-spacing: 12px;"));
  tries_ = new QLabel(tries_left >= 0 ? tr("Tries left: %n", "", tries_left)
                                      : tr("Tries left: shown after the card is read"));
  tries_->setStyleSheet(QStringLiteral("font-size: 13pt;"));
  guard_ = new QLabel;
  guard_->setWordWrap(true);
  guard_->setStyleSheet(
      QStringLiteral("background: #fde7ea; color: #b00020; font-size: 13pt; "
                     "font-weight: bold; padding: 6px;"));
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setStyleSheet(QStringLiteral("color: #b00020; font-size: 13pt;"));
  message_->hide();
  for (QWidget* w : std::initializer_list<QWidget*>{prompt, edit_, tries_, guard_, message_}) {
    layout->addWidget(w);
  }
  auto* grid = new QGridLayout;
  BuildKeys(grid);
  layout->addLayout(grid);

  layout->addLayout(BuildButtons(may_switch_mode));
  connect(edit_, &QLineEdit::textChanged, this, &PinPadDialog::UpdateButtons);

  ApplyGuard(tries_left, may_switch_mode);
  UpdateButtons();
  edit_->setFocus();
}

PinPadDialog::~PinPadDialog() {
  // Do not leave the PIN in the widget's buffer longer than needed.
  edit_->clear();
}

QHBoxLayout* PinPadDialog::BuildButtons(bool may_switch_mode) {
  auto* buttons = new QHBoxLayout;
  visual_ = new QPushButton(tr("Use the visual check instead"));
  visual_->setVisible(may_switch_mode);
  auto* cancel = new QPushButton(tr("Cancel (Esc)"));
  ok_ = new QPushButton(tr("OK (Enter)"));
  ok_->setDefault(true);
  ok_->setStyleSheet(QString::fromLatin1(kKeyStyle) + QStringLiteral("font-size: 16pt;"));
  buttons->addWidget(visual_);
  buttons->addStretch();
  buttons->addWidget(cancel);
  buttons->addWidget(ok_);
  connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
  connect(ok_, &QPushButton::clicked, this, [this] {
    if (edit_->text().size() == 4 && !blocked_) accept();
  });
  connect(visual_, &QPushButton::clicked, this, [this] { done(kSwitchToVisual); });
  return buttons;
}

void PinPadDialog::ApplyGuard(int tries_left, bool may_switch_mode) {
  // One try left: the daemon's guard refuses VERIFY; do not let the patient type at all.
  blocked_ = tries_left >= 0 && tries_left <= 1;
  // The patient reads this: the photo is promised only where HQ lets staff use it.
  if (tries_left == 1) {
    guard_->setText(may_switch_mode
                        ? tr("Only one try is left. To keep the card from locking, the PIN cannot "
                             "be used now. Staff will check your identity by the card's photo.")
                        : tr("Only one try is left. To keep the card from locking, the PIN cannot "
                             "be used now. Staff will confirm your identity another way."));
  } else if (tries_left == 0) {
    guard_->setText(may_switch_mode
                        ? tr("The PIN is locked. It can be unlocked at the city office. Staff "
                             "will check your identity by the card's photo.")
                        : tr("The PIN is locked. It can be unlocked at the city office. Staff "
                             "will confirm your identity another way."));
  }
  guard_->setVisible(blocked_);
  edit_->setEnabled(!blocked_);
}

void PinPadDialog::BuildKeys(QGridLayout* grid) {
  keys_.resize(10);
  for (int d = 0; d <= 9; ++d) {
    auto* key = new QPushButton(QString::number(d));
    key->setStyleSheet(QString::fromLatin1(kKeyStyle));
    key->setFocusPolicy(Qt::NoFocus);  // the keyboard types into the field; Tab stays short
    key->setAutoDefault(false);
    connect(key, &QPushButton::clicked, this, [this, d] { Press(d); });
    keys_[d] = key;
    if (d > 0) grid->addWidget(key, (d - 1) / 3, (d - 1) % 3);
  }
  back_ = new QPushButton(tr("Delete"));
  back_->setStyleSheet(QString::fromLatin1(kKeyStyle) + QStringLiteral("font-size: 14pt;"));
  back_->setFocusPolicy(Qt::NoFocus);
  back_->setAutoDefault(false);
  connect(back_, &QPushButton::clicked, this, [this] { edit_->backspace(); });
  grid->addWidget(back_, 3, 0);
  grid->addWidget(keys_[0], 3, 1);
}

void PinPadDialog::Press(int digit) {
  if (blocked_ || edit_->text().size() >= 4) return;
  edit_->insert(QString::number(digit));
}

void PinPadDialog::SetMessage(const QString& text) {
  message_->setText(text);
  message_->setVisible(!text.isEmpty());
}

void PinPadDialog::UpdateButtons() {
  ok_->setEnabled(!blocked_ && edit_->text().size() == 4);
  for (auto* k : keys_) k->setEnabled(!blocked_);
  back_->setEnabled(!blocked_);
}

}  // namespace kakunin::station
