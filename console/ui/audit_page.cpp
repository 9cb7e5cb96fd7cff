#include "console/ui/audit_page.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>
#include <map>
#include <string_view>

#include "common/audit/events.h"
#include "console/models/audit_export.h"
#include "console/models/labels.h"
#include "console/ui/date_range.h"
#include "console/ui/error_text.h"
#include "console/ui/list_table.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

// Newest heads kept by an export: the newest covers the whole chain, older ones date changes.
constexpr uint32_t kHeadsToExport = 1000;
constexpr uint32_t kExportPageSize = 1000;

google::protobuf::Timestamp Seconds(int64_t s) {
  google::protobuf::Timestamp t;
  t.set_seconds(s);
  return t;
}

// An export file that appears complete or not at all (QSaveFile commits by rename), written a
// page at a time so a large search never sits in memory whole.
class ExportFile {
 public:
  explicit ExportFile(const QString& path) : file_(path) { ok_ = file_.open(QIODevice::WriteOnly); }
  void Write(const std::string& text) {
    ok_ = ok_ && file_.write(text.data(), static_cast<qint64>(text.size())) >= 0;
  }
  Status Commit() {
    if (ok_ && file_.commit()) return OkStatus();
    return MakeError(ErrorCode::kUnavailable, "export.write_failed",
                     file_.errorString().toStdString());
  }

 private:
  QSaveFile file_;
  bool ok_ = false;
};

}  // namespace

AuditPage::AuditPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("Audit log"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  layout->addWidget(title);
  layout->addWidget(BuildSearch());
  layout->addWidget(BuildActions());
  verify_label_ = PlainLabel();
  verify_label_->setObjectName(QStringLiteral("verifyResult"));
  verify_label_->setWordWrap(true);
  verify_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  verify_label_->hide();
  layout->addWidget(verify_label_);
  layout->addWidget(BuildVerifyDetail());

  model_ = new AuditModel(this);
  table_ = new QTableView;
  table_->setObjectName(QStringLiteral("auditTable"));
  table_->setModel(model_);
  SetUpListTable(table_, /*alternating_rows=*/false);
  detail_ = new QPlainTextEdit;
  detail_->setObjectName(QStringLiteral("auditDetail"));
  detail_->setReadOnly(true);
  detail_->setPlaceholderText(tr("Select an event to see all of its fields."));
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(table_);
  split->addWidget(detail_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  auto* bottom = new QHBoxLayout;
  message_ = PlainLabel();
  message_->setWordWrap(true);
  bottom->addWidget(message_, 1);
  bottom->addWidget(more_);
  layout->addLayout(bottom);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &AuditPage::ShowRecord);
}

QWidget* AuditPage::BuildSearch() {
  auto* box = new QWidget;
  auto* grid = new QGridLayout(box);
  grid->setContentsMargins(0, 0, 0, 0);
  auto add = [&](int row, int col, const QString& text, QWidget* w) {
    auto* l = new QLabel(text);
    l->setBuddy(w);
    grid->addWidget(l, row, col);
    grid->addWidget(w, row, col + 1);
  };
  auto* range = new DateRange(30);
  range_box_ = range->check();
  from_edit_ = range->from();
  to_edit_ = range->to();
  grid->addWidget(range, 0, 0, 1, 2);

  event_box_ = new QComboBox;
  event_box_->addItem(tr("All events"), QString());
  // Prefixes select a whole family ("device" finds device.enrolled, device.revoked, …); each
  // family is followed by its events, in the order of the shared list.
  const std::map<std::string_view, QString> families = {
      {"check", tr("Checks (all)")},
      {"result", tr("Patient details (all)")},
      {"visual_allowance", tr("Visual check permissions (all)")},
      {"device", tr("Terminals (all)")},
      {"user", tr("Users (all)")},
      {"site", tr("Sites (all)")},
      {"onboarding", tr("Onboarding (all)")},
      {"subsidy", tr("Subsidies (all)")},
      {"retention", tr("Retention (all)")},
      {"audit", tr("Audit log (all)")}};
  std::string_view family;
  for (std::string_view id : audit::kEventTypes) {
    const std::string_view prefix = id.substr(0, id.find('.'));
    if (prefix != family) {
      family = prefix;
      auto it = families.find(family);
      event_box_->addItem(
          it != families.end() ? it->second : Labels::AuditEvent(std::string(id)),
          QString::fromLatin1(family.data(), static_cast<qsizetype>(family.size())));
    }
    event_box_->addItem(QStringLiteral("  ") + Labels::AuditEvent(std::string(id)),
                        QString::fromLatin1(id.data(), static_cast<qsizetype>(id.size())));
  }
  add(0, 2, tr("&Event"), event_box_);
  site_box_ = new QComboBox;
  site_box_->addItem(tr("All sites"), QString());
  add(0, 4, tr("&Site"), site_box_);
  actor_edit_ = new QLineEdit;
  actor_edit_->setPlaceholderText(tr("User name (e.g. admin)"));
  actor_edit_->setClearButtonEnabled(true);
  device_edit_ = new QLineEdit;
  device_edit_->setPlaceholderText(tr("Terminal ID"));
  device_edit_->setClearButtonEnabled(true);
  add(1, 2, tr("&By"), actor_edit_);
  add(1, 4, tr("&Terminal"), device_edit_);
  search_ = new QPushButton(tr("&Search"));
  search_->setDefault(true);
  grid->addWidget(search_, 1, 6);
  grid->setColumnStretch(7, 1);
  connect(search_, &QPushButton::clicked, this, &AuditPage::Search);
  for (auto* e : {actor_edit_, device_edit_})
    connect(e, &QLineEdit::returnPressed, this, &AuditPage::Search);
  return box;
}

QWidget* AuditPage::BuildActions() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  verify_ = new QPushButton(tr("&Verify the audit log for tampering"));
  export_csv_ = new QPushButton(tr("Export search as &CSV…"));
  export_json_ = new QPushButton(tr("Export search as &JSON…"));
  export_heads_ = new QPushButton(tr("Export signed &heads…"));
  more_ = new QPushButton(tr("&More"));
  more_->setEnabled(false);
  row->addWidget(verify_);
  row->addWidget(export_csv_);
  row->addWidget(export_json_);
  row->addWidget(export_heads_);
  row->addStretch(1);
  connect(verify_, &QPushButton::clicked, this, &AuditPage::Verify);
  connect(export_csv_, &QPushButton::clicked, this, &AuditPage::ExportCsv);
  connect(export_json_, &QPushButton::clicked, this, &AuditPage::ExportJson);
  connect(export_heads_, &QPushButton::clicked, this, &AuditPage::ExportHeads);
  connect(more_, &QPushButton::clicked, this, &AuditPage::LoadMore);
  return bar;
}

// The verifier's own summary is written for support (in English): folded away under the
// banner, never inside it.
QWidget* AuditPage::BuildVerifyDetail() {
  verify_more_ = new QToolButton;
  verify_more_->setObjectName(QStringLiteral("verifyDetailToggle"));
  verify_more_->setText(tr("Details for support"));
  verify_more_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  verify_more_->setArrowType(Qt::RightArrow);
  verify_more_->setCheckable(true);
  verify_more_->setAutoRaise(true);
  verify_more_->hide();
  verify_detail_ = PlainLabel();
  verify_detail_->setObjectName(QStringLiteral("verifyDetail"));
  verify_detail_->setWordWrap(true);
  verify_detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  verify_detail_->hide();
  connect(verify_more_, &QToolButton::toggled, this, [this](bool open) {
    verify_more_->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    verify_detail_->setVisible(open);
  });
  auto* box = new QWidget;
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  column->addWidget(verify_more_, 0, Qt::AlignLeft);
  column->addWidget(verify_detail_);
  return box;
}

void AuditPage::SetSession(std::shared_ptr<ConsoleClient> client) {
  client_ = std::move(client);
  LoadSites();
  Search();
}

void AuditPage::LoadSites() {
  runner_.Run(
      [client = client_] { return std::make_pair(client->ListSites(), client->ListDevices()); },
      [this](auto& r) {
        // Without a list, searching by site is not offered and ids stand in for names.
        std::map<std::string, QString> sites, devices;
        if (r.first.ok()) {
          const QString kept = site_box_->currentData().toString();
          site_box_->clear();
          site_box_->addItem(tr("All sites"), QString());
          for (const auto& s : r.first->sites()) {
            sites[s.site_id()] = QString::fromStdString(s.name());
            site_box_->addItem(sites[s.site_id()], QString::fromStdString(s.site_id()));
          }
          site_box_->setCurrentIndex(std::max(0, site_box_->findData(kept)));
        }
        if (r.second.ok()) {
          for (const auto& d : r.second->devices()) {
            devices[d.device_id()] = Labels::TerminalName(d);
          }
        }
        model_->SetNames(std::move(sites), std::move(devices));
        table_->resizeColumnsToContents();
        emit namesLoaded();
      });
}

v1::QueryAuditRequest AuditPage::Query() const {
  v1::QueryAuditRequest q;
  if (range_box_->isChecked()) {
    *q.mutable_from() = Seconds(Labels::JapanMidnight(from_edit_->date()));
    *q.mutable_to() = Seconds(Labels::JapanMidnight(to_edit_->date().addDays(1)) - 1);
  }
  q.set_actor(AuditModel::ActorFilter(actor_edit_->text()));
  q.set_device_id(device_edit_->text().trimmed().toStdString());
  q.set_site_id(site_box_->currentData().toString().toStdString());
  q.set_event_type(event_box_->currentData().toString().toStdString());
  q.set_page_size(page_size_);
  return q;
}

void AuditPage::Search() {
  if (!client_) return;
  // The server takes ids only (its edge check); the table shows terminals by name, so a name
  // typed here is told apart here, with what to type instead.
  static const QRegularExpression kId(QStringLiteral("^[A-Za-z0-9._:-]{0,64}$"));
  if (!kId.match(device_edit_->text().trimmed()).hasMatch()) {
    Inform(tr("In Terminal, enter the terminal's ID (dev- followed by letters and digits; shown "
              "when you point at a terminal's name), not its name."),
           QStringLiteral("#b00020"));
    return;
  }
  const uint64_t generation = ++generation_;
  search_->setEnabled(false);
  more_->setEnabled(false);
  Inform(tr("Loading…"));
  runner_.Run([client = client_, q = Query()] { return client->QueryAudit(q); },
              [this, generation](Result<v1::QueryAuditResponse>& r) {
                if (generation != generation_) return;
                search_->setEnabled(true);
                if (!r.ok()) return Fail(r.error());
                next_token_ = r->next_page_token();
                model_->SetRecords({r->records().begin(), r->records().end()});
                more_->setEnabled(!next_token_.empty());
                detail_->clear();
                table_->resizeColumnsToContents();
                Inform(tr("%n event(s) shown", "", model_->rowCount()));
                emit recordsLoaded(model_->rowCount());
              });
}

void AuditPage::LoadMore() {
  if (!client_ || next_token_.empty()) return;
  const uint64_t generation = generation_;
  auto q = Query();
  q.set_page_token(next_token_);
  more_->setEnabled(false);
  runner_.Run([client = client_, q] { return client->QueryAudit(q); },
              [this, generation](Result<v1::QueryAuditResponse>& r) {
                if (generation != generation_) return;
                if (!r.ok()) {
                  more_->setEnabled(true);
                  return Fail(r.error());
                }
                next_token_ = r->next_page_token();
                model_->AppendRecords({r->records().begin(), r->records().end()});
                more_->setEnabled(!next_token_.empty());
                Inform(tr("%n event(s) shown", "", model_->rowCount()));
                emit moreLoaded(r->records_size());
              });
}

void AuditPage::ShowRecord() {
  auto record = model_->RecordAt(table_->currentIndex().row());
  if (!record) return;
  detail_->setPlainText(AuditModel::DetailText(*record, model_->SiteName(record->site_id()),
                                               model_->DeviceName(record->device_id())));
}

bool AuditPage::SelectSeq(uint64_t seq) {
  for (int r = 0; r < model_->rowCount(); ++r) {
    if (model_->RecordAt(r)->seq() != seq) continue;
    table_->setCurrentIndex(model_->index(r, 0));
    table_->selectRow(r);
    return true;
  }
  return false;
}

void AuditPage::Verify() {
  if (!client_) return;
  verify_->setEnabled(false);
  verify_label_->setStyleSheet(QString());
  verify_label_->setText(tr("Checking the whole audit log on the server for tampering…"));
  verify_label_->show();
  verify_more_->setChecked(false);
  verify_more_->hide();
  runner_.Run([client = client_] { return client->VerifyAudit(v1::VerifyAuditRequest()); },
              [this](Result<v1::VerifyAuditResponse>& r) {
                verify_->setEnabled(true);
                if (!r.ok()) {
                  verify_label_->hide();
                  return Fail(r.error());
                }
                ShowVerification(*r);
                emit verified(r->ok());
              });
}

void AuditPage::ShowVerification(const v1::VerifyAuditResponse& v) {
  if (v.ok()) {
    verify_label_->setStyleSheet(
        QStringLiteral("color: #1b5e20; background: #e8f5e9; font-weight: bold; padding: 6px;"));
    verify_label_->setText(tr("✔ The audit log is intact: %n record(s) checked, none altered.", "",
                              static_cast<int>(v.records_checked())));
    return;
  }
  verify_label_->setStyleSheet(
      QStringLiteral("color: #b00020; background: #fdecea; font-weight: bold; padding: 6px;"));
  QString text = tr("✖ The audit log has been tampered with or damaged. From record %1 on it "
                    "cannot be trusted.")
                     .arg(v.first_bad_seq());
  text += QLatin1Char('\n') + tr("Problem: %1").arg(Labels::AuditProblem(v.problem()));
  verify_detail_->setText(QStringLiteral("%1\n%2").arg(QString::fromStdString(v.problem()),
                                                       QString::fromStdString(v.detail())));
  verify_more_->show();
  text +=
      QLatin1Char('\n') + tr("%n record(s) checked.", "", static_cast<int>(v.records_checked()));
  verify_label_->setText(text);
}

void AuditPage::ExportCsv() {
  QString path = QFileDialog::getSaveFileName(this, tr("Export audit events"),
                                              QStringLiteral("audit.csv"), tr("CSV files (*.csv)"));
  if (!path.isEmpty()) ExportCsvTo(path);
}

void AuditPage::ExportJson() {
  QString path = QFileDialog::getSaveFileName(
      this, tr("Export audit events"), QStringLiteral("audit.jsonl"), tr("JSON lines (*.jsonl)"));
  if (!path.isEmpty()) ExportJsonTo(path);
}

void AuditPage::ExportHeads() {
  QString path =
      QFileDialog::getSaveFileName(this, tr("Export signed heads"),
                                   QStringLiteral("audit-heads.jsonl"), tr("JSON lines (*.jsonl)"));
  if (!path.isEmpty()) ExportHeadsTo(path);
}

void AuditPage::ExportCsvTo(const QString& path) { ExportEventsTo(path, false); }

void AuditPage::ExportJsonTo(const QString& path) { ExportEventsTo(path, true); }

void AuditPage::ExportEventsTo(const QString& path, bool json) {
  if (!client_) return;
  export_csv_->setEnabled(false);
  export_json_->setEnabled(false);
  Inform(tr("Exporting…"));
  auto q = Query();
  q.set_page_size(kExportPageSize);
  // Every page of the search, not just the rows on screen.
  runner_.Run(
      [client = client_, q, path, json]() mutable -> Result<int> {
        ExportFile file(path);
        if (!json) file.Write(AuditCsvHeader());
        int count = 0;
        do {
          auto page = client->QueryAudit(q);
          if (!page.ok()) return page.error();  // the partial file is discarded
          file.Write(json ? AuditJsonLines(*page) : AuditCsvRows(*page));
          count += page->records_size();
          q.set_page_token(page->next_page_token());
        } while (!q.page_token().empty());
        if (auto s = file.Commit(); !s.ok()) return s.error();
        return count;
      },
      [this, path](Result<int>& r) {
        export_csv_->setEnabled(true);
        export_json_->setEnabled(true);
        if (!r.ok()) return Fail(r.error());
        Inform(tr("%n event(s) exported to %1.", "", *r).arg(path));
        emit exported(path, *r);
      });
}

void AuditPage::ExportHeadsTo(const QString& path) {
  if (!client_) return;
  export_heads_->setEnabled(false);
  Inform(tr("Exporting…"));
  runner_.Run(
      [client = client_, path]() -> Result<int> {
        auto heads = client->ListSignedHeads(kHeadsToExport);
        if (!heads.ok()) return heads.error();
        ExportFile file(path);
        file.Write(HeadsJsonLines(*heads));
        if (auto s = file.Commit(); !s.ok()) return s.error();
        return heads->heads_size();
      },
      [this, path](Result<int>& r) {
        export_heads_->setEnabled(true);
        if (!r.ok()) return Fail(r.error());
        Inform(
            tr("%n signed head(s) exported to %1. Keep this file as a witness.", "", *r).arg(path));
        emit exported(path, *r);
      });
}

void AuditPage::Fail(const Error& error) {
  const QString text = ErrorText::For(error);
  ErrorText::Show(message_, text, ErrorText::kAlarm);
  emit failed(text);
  if (ErrorText::NeedsLogin(error)) emit sessionExpired();
}

void AuditPage::Inform(const QString& text, const QString& colour) {
  ErrorText::Show(message_, text, colour);
}

}  // namespace kakunin::console
