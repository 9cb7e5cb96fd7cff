#include "console/ui/cert_calendar_page.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

TerminalCertificateDialog::TerminalCertificateDialog(
    std::shared_ptr<ConsoleClient> client, const std::vector<v1::CertificateEntry>& stores,
    QWidget* parent)
    : QDialog(parent), client_(std::move(client)) {
  setWindowTitle(tr("Eligibility terminal certificate"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  store_ = new QComboBox;
  for (const auto& e : stores) {
    if (e.kind() != v1::CERTIFICATE_KIND_TERMINAL) continue;
    store_->addItem(CertCalendarModel::Store(e), QString::fromStdString(e.site_id()));
  }
  last_day_ = new QLineEdit;
  last_day_->setPlaceholderText(QStringLiteral("2027-03-31"));
  issued_ = new QLineEdit;
  issued_->setPlaceholderText(QStringLiteral("2024-01-01"));
  path_ = new QLineEdit;
  path_->setPlaceholderText(QStringLiteral("/mnt/oqs/cert/terminal.cer"));
  form->addRow(tr("Store"), store_);
  form->addRow(tr("Valid until"), last_day_);
  form->addRow(tr("or issued on"), issued_);
  form->addRow(tr("Certificate file on the store's PC"), path_);
  layout->addLayout(form);
  auto* hint = new QLabel(
      tr("Enter the expiry date, or the issue date (valid 3 years 3 months). With a file path, "
         "the store's terminals read the certificate (never its private key) and its own date "
         "is used. Leave everything empty to clear the record."));
  hint->setWordWrap(true);
  layout->addWidget(hint);
  error_ = PlainLabel();
  error_->setWordWrap(true);
  layout->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  // Our own word, so the button is Japanese even without Qt's translation (qtbase_ja).
  buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  save_ = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
  layout->addWidget(buttons);
  connect(save_, &QPushButton::clicked, this, &TerminalCertificateDialog::Save);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void TerminalCertificateDialog::Save() {
  if (!client_) return;
  v1::SetTerminalCertificateExpiryRequest req;
  req.set_site_id(store_->currentData().toString().toStdString());
  req.set_last_valid_day(last_day_->text().trimmed().toStdString());
  req.set_issued_on(issued_->text().trimmed().toStdString());
  req.set_certificate_path(path_->text().trimmed().toStdString());
  save_->setEnabled(false);
  runner_.Run([client = client_, req] { return client->SetTerminalCertificateExpiry(req); },
              [this](Result<v1::CertificateEntry>& r) {
                save_->setEnabled(true);
                if (!r.ok()) {
                  // The server's refusals of a record are Japanese sentences for this person.
                  const bool ours = r.error().reason().starts_with("cert.");
                  ErrorText::Show(error_,
                                  ours ? QString::fromStdString(r.error().message())
                                       : ErrorText::For(r.error()),
                                  QStringLiteral("#b00020"));
                  return;
                }
                emit saved(*r);
                accept();
              });
}

CertCalendarPage::CertCalendarPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  warnings_only_ = new QCheckBox(tr("Warnings only (90 days or less, expired, no date)"));
  refresh_ = new QPushButton(tr("Refresh"));
  record_ = new QPushButton(tr("Record eligibility terminal certificate…"));
  record_->setVisible(false);
  bar->addWidget(warnings_only_);
  bar->addStretch(1);
  bar->addWidget(record_);
  bar->addWidget(refresh_);
  layout->addLayout(bar);
  summary_ = PlainLabel();
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  model_ = new CertCalendarModel(this);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setWordWrap(false);
  layout->addWidget(table_, 1);
  connect(refresh_, &QPushButton::clicked, this, &CertCalendarPage::Refresh);
  connect(record_, &QPushButton::clicked, this, &CertCalendarPage::OpenRecordDialog);
  connect(warnings_only_, &QCheckBox::toggled, this, &CertCalendarPage::ApplyFilter);
}

// Filters what was loaded; the summary's counts stay the server's.
void CertCalendarPage::ApplyFilter() {
  std::vector<v1::CertificateEntry> rows;
  for (const auto& e : all_) {
    if (!warnings_only_->isChecked() || e.urgency() != v1::CERTIFICATE_URGENCY_FINE) {
      rows.push_back(e);
    }
  }
  model_->SetEntries(std::move(rows));
  table_->resizeColumnsToContents();
}

void CertCalendarPage::SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role) {
  client_ = std::move(client);
  loaded_once_ = false;
  record_->setVisible(role == v1::ROLE_HQ_ADMIN);
}

void CertCalendarPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  runner_.Run([client = client_] { return client->GetCertificateCalendar(""); },
              [this](Result<v1::CertificateCalendar>& r) {
                refresh_->setEnabled(true);
                if (!r.ok()) {
                  const QString text = ErrorText::For(r.error());
                  if (ErrorText::NeedsLogin(r.error())) emit sessionExpired();
                  summary_->setText(text);
                  emit failed(text);
                  return;
                }
                Show(*r);
                loaded_once_ = true;
                emit loaded();
              });
}

void CertCalendarPage::Show(const v1::CertificateCalendar& cal) {
  all_.assign(cal.entries().begin(), cal.entries().end());
  summary_->setText(
      tr("As of %1: %2 stores. Expired (checks stop, in red): %3 stores. Warnings at 90/60/30/7 "
         "days: %4 certificates. Stores without an eligibility terminal date: %5.")
          .arg(Labels::Date(QDate::fromString(QString::fromStdString(cal.today()), Qt::ISODate)))
          .arg(cal.sites())
          .arg(cal.sites_expired())
          .arg(cal.warnings())
          .arg(cal.unknown()));
  summary_->setStyleSheet(cal.sites_expired() > 0 ? QStringLiteral("color: #b00020;") : QString());
  ApplyFilter();
}

void CertCalendarPage::OpenRecordDialog() {
  if (!client_) return;
  auto* dialog = new TerminalCertificateDialog(client_, all_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &TerminalCertificateDialog::saved, this, &CertCalendarPage::Refresh);
  dialog->open();
}

}  // namespace kakunin::console
