#include "console/ui/enrollment_token_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPixmap>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/plain_label.h"
#include "console/ui/qr_image.h"

namespace kakunin::console {
namespace {
constexpr int kQrScale = 6;  // pixels per module: about 200 px, easy for a phone camera
}  // namespace

EnrollmentTokenDialog::EnrollmentTokenDialog(const std::vector<v1::Site>& sites,
                                             const QString& preselected_site_id, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Issue enrollment token"));
  steps_ = new QStackedWidget;
  steps_->addWidget(BuildRequestStep());
  steps_->addWidget(BuildTokenStep());
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(steps_);
  for (const auto& s : sites) {
    site_->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.name()),
                                                 QString::fromStdString(s.site_id())),
                   QString::fromStdString(s.site_id()));
  }
  int preselected = site_->findData(preselected_site_id);
  if (preselected >= 0) site_->setCurrentIndex(preselected);
  issue_->setEnabled(site_->count() > 0);
  site_->setFocus();
}

QWidget* EnrollmentTokenDialog::BuildRequestStep() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  auto* intro = new QLabel(
      tr("A token lets one terminal join the chosen site. It can be used once and is shown "
         "only now."));
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  site_ = new QComboBox;
  ttl_ = new QComboBox;
  ttl_->addItem(tr("1 hour"), 3600u);
  ttl_->addItem(tr("24 hours"), 24u * 3600);
  ttl_->addItem(tr("7 days"), 7u * 24 * 3600);
  auto* site_label = new QLabel(tr("&Site"));
  site_label->setBuddy(site_);
  auto* ttl_label = new QLabel(tr("&Valid for"));
  ttl_label->setBuddy(ttl_);
  form->addRow(site_label, site_);
  form->addRow(ttl_label, ttl_);
  layout->addLayout(form);
  error_ = PlainLabel();
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020;"));
  error_->hide();
  layout->addWidget(error_);
  auto* buttons = new QDialogButtonBox;
  issue_ = buttons->addButton(tr("&Issue"), QDialogButtonBox::AcceptRole);
  issue_->setDefault(true);
  buttons->addButton(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  layout->addWidget(buttons);
  connect(issue_, &QPushButton::clicked, this, [this] {
    issue_->setEnabled(false);
    error_->hide();
    emit issueRequested(site_->currentData().toString(), ttl_->currentData().toUInt());
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  return page;
}

QWidget* EnrollmentTokenDialog::BuildTokenStep() {
  auto* page = new QWidget;
  auto* layout = new QHBoxLayout(page);
  qr_ = new QLabel;
  qr_->setObjectName(QStringLiteral("enrollmentQr"));
  qr_->setAlignment(Qt::AlignCenter);
  layout->addWidget(qr_);

  auto* right = new QVBoxLayout;
  token_site_ = PlainLabel();
  token_site_->setStyleSheet(QStringLiteral("font-size: 13pt; font-weight: bold;"));
  right->addWidget(token_site_);
  right->addWidget(new QLabel(tr("Enrollment token")));
  token_ = new QLineEdit;
  token_->setObjectName(QStringLiteral("enrollmentToken"));
  token_->setReadOnly(true);
  token_->setMinimumWidth(380);
  token_->setStyleSheet(QStringLiteral(
      "font-family: 'Noto Sans Mono CJK JP', monospace; font-size: 12pt; padding: 4px;"));
  auto* copy = new QPushButton(tr("&Copy"));
  auto* token_row = new QHBoxLayout;
  token_row->addWidget(token_);
  token_row->addWidget(copy);
  right->addLayout(token_row);
  expiry_ = new QLabel;
  right->addWidget(expiry_);
  // The bundle names HQ, pins its CA and carries the token: nothing else goes to the store.
  right->addWidget(new QLabel(tr("Enrollment bundle (the same as the QR code)")));
  bundle_ = new QLineEdit;
  bundle_->setObjectName(QStringLiteral("enrollmentBundle"));
  bundle_->setReadOnly(true);
  auto* copy_bundle = new QPushButton(tr("Copy &bundle"));
  auto* bundle_row = new QHBoxLayout;
  bundle_row->addWidget(bundle_);
  bundle_row->addWidget(copy_bundle);
  right->addLayout(bundle_row);
  connect(copy_bundle, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(bundle_->text()); });
  auto* how =
      new QLabel(tr("On the terminal, scan the QR code, or paste the bundle:\n"
                    "kakunin-agent enroll --bundle '<bundle>'\n\n"
                    "This token is shown only once and works for one terminal. Then compare the "
                    "verification code the terminal shows before approving it."));
  how->setWordWrap(true);
  how->setTextInteractionFlags(Qt::TextSelectableByMouse);
  right->addWidget(how);
  right->addStretch();
  auto* buttons = new QDialogButtonBox;
  auto* close = buttons->addButton(QDialogButtonBox::Close);
  close->setText(tr("Close"));
  right->addWidget(buttons);
  layout->addLayout(right, 1);
  connect(copy, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(token_->text()); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
  return page;
}

void EnrollmentTokenDialog::ShowToken(const v1::EnrollmentToken& token, const QString& site_name) {
  token_->setText(QString::fromStdString(token.token()));
  bundle_->setText(QString::fromStdString(token.qr_payload()));
  bundle_->setCursorPosition(0);
  token_site_->setText(site_name);
  expiry_->setText(tr("Valid until %1").arg(Labels::DateTime(token.expires_at().seconds())));
  auto qr = RenderQrCode(QString::fromStdString(token.qr_payload()), kQrScale);
  if (qr.ok()) {
    qr_image_ = *qr;
    qr_->setPixmap(QPixmap::fromImage(qr_image_));
  } else {
    qr_->setText(
        tr("The QR code could not be drawn. Copy the enrollment bundle below and paste it on the "
           "terminal."));
  }
  steps_->setCurrentIndex(1);
  token_->setFocus();
  token_->selectAll();
  adjustSize();
}

void EnrollmentTokenDialog::ShowError(const QString& text) {
  error_->setText(text);
  error_->show();
  issue_->setEnabled(true);
}

}  // namespace kakunin::console
