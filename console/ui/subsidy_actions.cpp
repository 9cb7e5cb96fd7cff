// SubsidiesPage: the daily summary view and what the toolbar does (receipt upload and deletion,
// state changes, export). The layout and loading are in subsidies_page.cpp.
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QTimeZone>

#include "console/models/labels.h"
#include "console/ui/error_text.h"
#include "console/ui/subsidies_page.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }
QString H(const QString& s) { return s.toHtmlEscaped(); }

}  // namespace

// The summary in the UI's language from its structured fields (its English lines are for logs).
void SubsidiesPage::ShowSummary(const v1::DailySummary& s) {
  using L = SubsidyLabels;
  QStringList days;
  for (int d : s.warning_days()) days << QString::number(d);
  QString h =
      QStringLiteral("<h2>%1</h2>").arg(H(tr("Daily summary for %1").arg(L::IsoDate(s.date()))));
  h +=
      QStringLiteral("<p>%1</p>")
          .arg(H(tr("Warnings at %1 days before a deadline.").arg(days.join(QStringLiteral("/")))));
  h += QStringLiteral("<h3>%1</h3><ul>")
           .arg(H(tr("Programmes: %1 open, %2 closed")
                      .arg(s.open_programs())
                      .arg(s.closed_programs())));
  for (const auto& p : s.programs()) {
    h += QStringLiteral("<li>%1 — %2 (%3)</li>")
             .arg(H(Q(p.name_ja())), H(L::Window(p)), H(L::IsoDate(p.deadline())));
  }
  h += QStringLiteral("</ul><h3>%1</h3><ul>").arg(H(tr("Claim deadlines needing attention")));
  for (const auto& d : s.deadline_warnings()) {
    h += QStringLiteral("<li><b>%1</b>: %2 — %3, %4</li>")
             .arg(H(names_->Site(d.site_id())), H(Q(d.program_name_ja())), H(L::DeadlineStatus(d)),
                  H(tr("still claimable %1").arg(L::Yen(d.claimable_yen()))));
  }
  if (s.deadline_warnings().empty()) h += QStringLiteral("<li>%1</li>").arg(H(tr("None.")));
  h += QStringLiteral("</ul><h3>%1</h3><ul>").arg(H(tr("Transitional measures needing attention")));
  for (const auto& o : s.measure_warnings()) {
    h += QStringLiteral("<li><b>%1</b>: %2 — %3</li>")
             .arg(H(Q(o.site_name())), H(Labels::Transitional(o.transitional())),
                  H(L::MeasureEnd(o)));
  }
  if (s.measure_warnings().empty()) h += QStringLiteral("<li>%1</li>").arg(H(tr("None.")));
  h += QStringLiteral("</ul><p>%1</p>")
           .arg(H(
               tr("Claims: %1 in progress (draft or ready), %2 submitted and awaiting a decision.")
                   .arg(s.claims_in_progress())
                   .arg(s.claims_submitted())));
  if (s.has_generated_at()) {
    h += QStringLiteral("<p><small>%1</small></p>")
             .arg(H(tr("Made %1").arg(Labels::DateTime(s.generated_at().seconds()))));
  }
  summary_view_->setHtml(h);
}

void SubsidiesPage::ReplaceClaim(const v1::Claim& claim) {
  std::vector<v1::Claim> rows = claims_->rows();
  for (auto& c : rows) {
    if (c.claim_id() == claim.claim_id()) c = claim;
  }
  claims_->SetRows(std::move(rows));
  SelectClaim(Q(claim.claim_id()));
  ShowClaimDetail();
  emit claimChanged(Q(claim.claim_id()));
}

void SubsidiesPage::PickUpload() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Upload receipt"), QString(),
                                   tr("Receipts (*.pdf *.jpg *.jpeg *.png);;All files (*)"));
  if (!path.isEmpty()) UploadReceiptFile(path);
}

void SubsidiesPage::UploadReceiptFile(const QString& path) {
  const auto claim = SelectedClaim();
  if (!client_ || !claim) return;
  QFile file(path);
  // 10 MiB is the server's limit; reading one byte more is enough for it to refuse clearly.
  constexpr qint64 kReadLimit = 10 * 1024 * 1024 + 1;
  if (!file.open(QIODevice::ReadOnly)) {
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    message_->setText(tr("Cannot read %1.").arg(path));
    return;
  }
  v1::Receipt receipt;
  receipt.set_claim_id(claim->claim_id());
  receipt.set_filename(QFileInfo(path).fileName().toStdString());
  receipt.set_kind(receipt_kind_->currentData().toString().toStdString());
  const QByteArray bytes = file.read(kReadLimit);
  receipt.set_content(bytes.constData(), static_cast<size_t>(bytes.size()));
  upload_->setEnabled(false);
  Say(tr("Uploading %1…").arg(QFileInfo(path).fileName()));
  runner_.Run(
      [client = client_, receipt] {
        // The claim again, so that the duplicate flags on it are the server's.
        auto uploaded = client->UploadReceipt(receipt);
        Result<v1::ListClaimsResponse> claims =
            uploaded.ok() ? client->ListClaims() : v1::ListClaimsResponse();
        return std::make_pair(std::move(uploaded), std::move(claims));
      },
      [this, name = QFileInfo(path).fileName()](auto& r) {
        UpdateActions();
        if (!r.first.ok()) {
          Fail(r.first.error());
          message_->setText(tr("%1 was refused: %2").arg(name, message_->text()));
          return;
        }
        if (r.second.ok()) {
          for (const auto& c : r.second->claims()) {
            if (c.claim_id() == r.first->claim_id()) ReplaceClaim(c);
          }
        }
        Say(r.first->duplicate_elsewhere()
                ? tr("%1 uploaded, but the same file is on another claim: check it is not claimed "
                     "twice.")
                      .arg(name)
                : tr("%1 uploaded (SHA-256 %2).").arg(name, Q(r.first->sha256_hex())));
        emit receiptUploaded(Q(r.first->sha256_hex()));
      });
}

void SubsidiesPage::AskDeleteReceipt() {
  const auto receipt = SelectedReceipt();
  if (!receipt) return;
  // Our own buttons, so that they read in Japanese without Qt's translation (qtbase_ja).
  QMessageBox ask(this);
  ask.setIcon(QMessageBox::Question);
  ask.setWindowTitle(tr("Delete receipt"));
  ask.setText(tr("Delete %1 from this claim?").arg(Q(receipt->filename())));
  ask.setInformativeText(
      tr("The file is removed from the server. The audit trail keeps its name and SHA-256."));
  auto* remove = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
  ask.setDefaultButton(ask.addButton(tr("Cancel"), QMessageBox::RejectRole));
  ask.exec();
  if (ask.clickedButton() == static_cast<QAbstractButton*>(remove)) {
    DeleteReceipt(Q(receipt->receipt_id()));
  }
}

void SubsidiesPage::DeleteReceipt(const QString& receipt_id) {
  if (!client_) return;
  QString name = receipt_id;
  for (const auto& r : receipts_->rows()) {
    if (Q(r.receipt_id()) == receipt_id) name = Q(r.filename());
  }
  delete_receipt_->setEnabled(false);
  Say(tr("Deleting %1…").arg(name));
  runner_.Run(
      [client = client_, id = receipt_id.toStdString()] { return client->DeleteReceipt(id); },
      [this, name, receipt_id](Result<v1::Claim>& r) {
        UpdateActions();
        if (!r.ok()) {
          Fail(r.error());
          message_->setText(tr("%1 was not deleted: %2").arg(name, message_->text()));
          return;
        }
        ReplaceClaim(*r);
        Say(tr("%1 was deleted from the claim.").arg(name));
        emit receiptDeleted(receipt_id);
      });
}

void SubsidiesPage::AskStateChange(v1::ClaimState state) {
  QString via;
  if (state == v1::CLAIM_STATE_SUBMITTED) {
    const QStringList routes = {tr("Portal"), tr("Post")};
    // An instance rather than QInputDialog::getItem: its buttons get our own words, Japanese
    // even without Qt's translation (qtbase_ja).
    QInputDialog ask(this);
    ask.setWindowTitle(tr("Record filing"));
    ask.setLabelText(tr("How was the claim filed?"));
    ask.setComboBoxItems(routes);
    ask.setComboBoxEditable(false);
    ask.setOkButtonText(tr("Record"));
    ask.setCancelButtonText(tr("Cancel"));
    if (ask.exec() != QDialog::Accepted) return;
    via = ask.textValue() == routes[0] ? QStringLiteral("portal") : QStringLiteral("post");
  }
  ChangeSelectedClaimState(state, via);
}

void SubsidiesPage::ChangeSelectedClaimState(v1::ClaimState state, const QString& via) {
  const auto claim = SelectedClaim();
  if (!client_ || !claim) return;
  v1::ChangeClaimStateRequest req;
  req.set_claim_id(claim->claim_id());
  req.set_state(state);
  req.set_submitted_via(via.toStdString());
  runner_.Run([client = client_, req] { return client->ChangeClaimState(req); },
              [this](Result<v1::Claim>& r) {
                if (!r.ok()) return Fail(r.error());
                ReplaceClaim(*r);
                Say(tr("The claim is now: %1.").arg(SubsidyLabels::ClaimState(r->state())));
              });
}

std::optional<ClaimDocument> SubsidiesPage::DocumentForSelected() const {
  const auto claim = SelectedClaim();
  if (!claim) return std::nullopt;
  ClaimDocument doc;
  doc.claim = *claim;
  if (auto it = names_->site_records.find(claim->site_id()); it != names_->site_records.end()) {
    doc.site = it->second;
  }
  if (auto it = names_->programme_records.find(claim->program_id());
      it != names_->programme_records.end()) {
    doc.programme = it->second;
  }
  doc.category_names = names_->categories;
  doc.generated_at =
      QDateTime::currentDateTime().toTimeZone(QTimeZone(9 * 3600)).toString(Qt::ISODate);
  return doc;
}

void SubsidiesPage::PickExport(bool pdf) {
  const auto doc = DocumentForSelected();
  if (!doc) return;
  const QString suggested = ClaimExport::BaseName(*doc) + (pdf ? ".pdf" : ".csv");
  const QString path = QFileDialog::getSaveFileName(
      this, pdf ? tr("Export claim as PDF") : tr("Export claim as CSV"), suggested,
      pdf ? tr("PDF (*.pdf)") : tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  pdf ? ExportPdf(path) : ExportCsv(path);
}

void SubsidiesPage::ExportCsv(const QString& path) {
  const auto doc = DocumentForSelected();
  if (!doc) return;
  if (auto s = ClaimExport::WriteCsv(*doc, path); !s.ok()) {
    return Fail(s.error());
  }
  Say(tr("Saved %1.").arg(path));
  emit exported(path);
}

void SubsidiesPage::ExportPdf(const QString& path) {
  const auto doc = DocumentForSelected();
  if (!doc) return;
  if (auto s = ClaimExport::WritePdf(*doc, path); !s.ok()) {
    return Fail(s.error());
  }
  Say(tr("Saved %1.").arg(path));
  emit exported(path);
}

}  // namespace kakunin::console
