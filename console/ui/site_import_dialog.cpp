#include "console/ui/site_import_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QVBoxLayout>
#include <algorithm>

#include "common/site/site_import.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

const QColor kErrorBackground(0xff, 0xdd, 0xdd);

}  // namespace

QString SiteImportDialog::ColumnTitle(const QString& id) {
  if (id == QLatin1String("site_id")) return tr("Site ID");
  if (id == QLatin1String("name")) return tr("Institution name");
  if (id == QLatin1String("institution_code")) return tr("Institution code");
  if (id == QLatin1String("facility_kind")) return tr("Facility kind");
  if (id == QLatin1String("transitional")) return tr("Transitional measure");
  if (id == QLatin1String("transitional_event_date")) return tr("Measure date");
  if (id == QLatin1String("code_override_reason")) return tr("Reason for keeping the code");
  if (id == QLatin1String("address")) return tr("Address");
  if (id == QLatin1String("phone")) return tr("Telephone");
  if (id == QLatin1String("email")) return tr("E-mail");
  if (id == QLatin1String("opening_hours")) return tr("Opening hours");
  return id;
}

SiteImportDialog::SiteImportDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Import sites from a CSV file"));
  auto* layout = new QVBoxLayout(this);
  auto* help = new QLabel(
      tr("A CSV file from a spreadsheet (UTF-8 or Shift_JIS) with a header row. Required "
         "columns: institution name, institution code, facility kind."));
  help->setWordWrap(true);
  layout->addWidget(help);
  auto* row = new QHBoxLayout;
  choose_ = new QPushButton(tr("Choose &file…"));
  connect(choose_, &QPushButton::clicked, this, &SiteImportDialog::ChooseFile);
  row->addWidget(choose_);
  file_ = PlainLabel(tr("No file chosen."));
  row->addWidget(file_, 1);
  layout->addLayout(row);
  summary_ = PlainLabel();
  summary_->setObjectName(QStringLiteral("importSummary"));
  summary_->setWordWrap(true);
  layout->addWidget(summary_);
  table_ = new QTableWidget;
  table_->setObjectName(QStringLiteral("importPreview"));
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->verticalHeader()->setVisible(false);
  layout->addWidget(table_, 1);

  auto* buttons = new QDialogButtonBox;
  import_ = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
  clean_rows_ =
      buttons->addButton(tr("Import the &correct rows only"), QDialogButtonBox::ActionRole);
  buttons->addButton(tr("Close"), QDialogButtonBox::RejectRole);
  // Import does not close: the dialog stays to show the server's answer.
  connect(import_, &QPushButton::clicked, this, [this] { emit importRequested(csv_, false); });
  connect(clean_rows_, &QPushButton::clicked, this, [this] { emit importRequested(csv_, true); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(1100, 640);
  UpdateButtons();
}

void SiteImportDialog::ChooseFile() {
  QString path = QFileDialog::getOpenFileName(this, tr("Choose a CSV file"), QString(),
                                              tr("CSV files (*.csv *.txt);;All files (*)"));
  if (!path.isEmpty()) LoadFile(path);
}

bool SiteImportDialog::LoadFile(const QString& path) {
  QFile f(path);
  // One byte over the limit is enough for the server to say "too large".
  const qint64 limit = static_cast<qint64>(site::ImportLimits{}.max_file_bytes) + 1;
  if (!f.open(QIODevice::ReadOnly)) {
    ShowError(tr("Cannot open %1.").arg(path));
    return false;
  }
  csv_ = f.read(limit);
  file_->setText(QFileInfo(path).fileName());
  has_preview_ = false;
  table_->clear();
  table_->setRowCount(0);
  summary_->setText(tr("Checking…"));
  UpdateButtons();
  emit previewRequested(csv_);
  return true;
}

void SiteImportDialog::ShowPreview(const v1::ImportSitesResponse& p) {
  preview_ = p;
  has_preview_ = p.file_error_reason().empty();
  table_->clear();
  summary_->setStyleSheet(QString());
  if (!has_preview_) {
    table_->setRowCount(0);
    table_->setColumnCount(0);
    ShowError(tr("This file cannot be imported: %1").arg(Q(p.file_error_message())));
    UpdateButtons();
    return;
  }
  // Row number, the row's problems in words (first: a wide file scrolls), then the file's
  // columns.
  QStringList headers{tr("Row"), tr("Problems")};
  for (const auto& c : p.columns()) headers << ColumnTitle(Q(c));
  constexpr int kFirstCell = 2;
  table_->setColumnCount(headers.size());
  table_->setHorizontalHeaderLabels(headers);
  table_->setRowCount(p.rows_size());
  const int problems_col = 1;
  for (int r = 0; r < p.rows_size(); ++r) {
    const auto& row = p.rows(r);
    auto* number = new QTableWidgetItem(QString::number(row.row()));
    number->setData(Qt::UserRole, row.row());
    table_->setItem(r, 0, number);
    for (int c = 0; c < row.cells_size(); ++c) {
      table_->setItem(r, c + kFirstCell, new QTableWidgetItem(Q(row.cells(c))));
    }
    QStringList messages;
    for (const auto& e : row.errors()) {
      int col = 0;  // the row as a whole: its number is marked
      for (int c = 0; c < p.columns_size(); ++c) {
        if (p.columns(c) == e.column()) col = c + kFirstCell;
      }
      auto* item = table_->item(r, col);
      if (!item) {
        item = new QTableWidgetItem;
        table_->setItem(r, col, item);
      }
      item->setBackground(kErrorBackground);
      QString tip = item->toolTip();
      item->setToolTip(tip.isEmpty() ? Q(e.message()) : tip + QLatin1Char('\n') + Q(e.message()));
      const QString where = col == 0 ? tr("Row") : ColumnTitle(Q(e.column()));
      messages << QStringLiteral("%1: %2").arg(where, Q(e.message()));
    }
    auto* problems = new QTableWidgetItem(messages.join(QLatin1Char(' ')));
    if (!messages.isEmpty()) problems->setForeground(QColor(0xb0, 0x00, 0x20));
    table_->setItem(r, problems_col, problems);
  }
  table_->resizeColumnsToContents();
  // Long messages would push the cells they are about out of sight; the tooltip has them whole.
  table_->setColumnWidth(problems_col, std::min(table_->columnWidth(problems_col), 420));
  const int total = p.rows_size();
  const int bad = p.error_rows();
  if (bad == 0) {
    summary_->setText(tr("%n site(s), no errors. Nothing is saved until you import.", "", total));
  } else {
    summary_->setStyleSheet(QStringLiteral("color: #b00020;"));
    summary_->setText(
        tr("%n site(s): ", "", total) + tr("%n row(s) with errors, ", "", bad) +
        tr("%n correct. Fix the file and choose it again, or import the correct rows only.", "",
           total - bad));
  }
  UpdateButtons();
}

void SiteImportDialog::ShowImported(const v1::ImportSitesResponse& result) {
  if (!result.file_error_reason().empty() || (result.saved() == 0 && result.error_rows() > 0)) {
    // The file changed on the server's side (a code registered meanwhile): show why.
    ShowPreview(result);
    return;
  }
  has_preview_ = false;
  summary_->setStyleSheet(QString());
  summary_->setText(tr("%n site(s) imported.", "", result.saved()));
  UpdateButtons();
}

void SiteImportDialog::ShowError(const QString& text) {
  summary_->setStyleSheet(QStringLiteral("color: #b00020;"));
  summary_->setText(text);
}

void SiteImportDialog::SetBusy(bool busy) {
  busy_ = busy;
  UpdateButtons();
}

void SiteImportDialog::UpdateButtons() {
  const bool ready = has_preview_ && !busy_;
  const int bad = preview_.error_rows();
  const int clean = preview_.rows_size() - bad;
  import_->setEnabled(ready && bad == 0 && clean > 0);
  clean_rows_->setEnabled(ready && bad > 0 && clean > 0);
  choose_->setEnabled(!busy_);
}

}  // namespace kakunin::console
