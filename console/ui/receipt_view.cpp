// The Subsidies page's receipt view (the rest of the page is in subsidies_page.cpp and
// subsidy_actions.cpp). What the administrator sees is checked against the SHA-256 the server
// stored at upload, so a file altered in the database is never shown as the receipt.
#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

#include "console/ui/subsidies_page.h"

namespace kakunin::console {

void SubsidiesPage::ViewReceipt(const QString& receipt_id) {
  if (!client_) return;
  Say(tr("Fetching the receipt…"));
  runner_.Run([client = client_, id = receipt_id.toStdString()] { return client->GetReceipt(id); },
              [this](Result<v1::Receipt>& r) {
                if (!r.ok()) return Fail(r.error());
                ShowReceiptFile(*r);
              });
}

void SubsidiesPage::ShowReceiptFile(const v1::Receipt& receipt) {
  const QByteArray bytes = QByteArray::fromStdString(receipt.content());
  const QString sha =
      QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
  const QString name = QString::fromStdString(receipt.filename());
  if (sha != QString::fromStdString(receipt.sha256_hex())) {
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    message_->setText(tr("%1 does not match the SHA-256 stored at upload; it is not shown. "
                         "Report this to the auditor.")
                          .arg(name));
    return;
  }
  QImage image;
  if (receipt.content_type() != "application/pdf" && image.loadFromData(bytes)) {
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Receipt %1").arg(name));
    auto* layout = new QVBoxLayout(dialog);
    auto* facts = new QLabel(tr("SHA-256 %1 (verified), %n byte(s)", "", bytes.size()).arg(sha));
    facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(facts);
    auto* picture = new QLabel;
    picture->setPixmap(QPixmap::fromImage(image));
    auto* scroll = new QScrollArea;
    scroll->setWidget(picture);
    layout->addWidget(scroll, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    // Our own word, so the button is Japanese even without Qt's translation (qtbase_ja).
    buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(900, 700);
    dialog->show();
  } else {
    // Qt Widgets has no PDF view: a private copy goes to the desktop's viewer.
    QDir dir(QStandardPaths::writableLocation(QStandardPaths::TempLocation) +
             QStringLiteral("/kakunin-receipts"));
    dir.mkpath(QStringLiteral("."));
    QFile copy(dir.filePath(QString::fromStdString(receipt.receipt_id()) + QStringLiteral(".pdf")));
    if (!copy.open(QIODevice::WriteOnly) || copy.write(bytes) != bytes.size()) {
      message_->setText(tr("Cannot write a copy of %1 to view it.").arg(name));
      return;
    }
    copy.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    copy.close();
    QDesktopServices::openUrl(QUrl::fromLocalFile(copy.fileName()));
  }
  Say(tr("%1: SHA-256 verified.").arg(name));
  emit receiptShown(QString::fromStdString(receipt.receipt_id()), sha, image.size());
}

}  // namespace kakunin::console
