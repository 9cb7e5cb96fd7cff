#pragma once
// Bulk onboarding of stores (issue 19): choose a CSV file, see every row with each problem on
// its cell (red, the message beside the row and as the cell's tooltip), then import — only when
// the file is clean, or its clean rows only on request. The page sends the file to the server
// (ImportSites, first as a dry run); this dialog only shows and asks.

#include <QByteArray>
#include <QDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class SiteImportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SiteImportDialog(QWidget* parent);

  // Reads the file and asks for a preview; false (with the reason shown) when it cannot be read.
  bool LoadFile(const QString& path);
  void ShowPreview(const v1::ImportSitesResponse& preview);
  void ShowImported(const v1::ImportSitesResponse& result);
  void ShowError(const QString& text);
  void SetBusy(bool busy);

  static QString ColumnTitle(const QString& column_id);

  QTableWidget* table() { return table_; }
  QLabel* summary_label() { return summary_; }
  QLabel* file_label() { return file_; }
  QPushButton* choose_button() { return choose_; }
  QPushButton* import_button() { return import_; }
  QPushButton* clean_rows_button() { return clean_rows_; }

 signals:
  void previewRequested(QByteArray csv);
  void importRequested(QByteArray csv, bool clean_rows_only);

 private:
  void ChooseFile();
  void UpdateButtons();

  QByteArray csv_;
  v1::ImportSitesResponse preview_;
  bool has_preview_ = false;
  bool busy_ = false;
  QLabel* file_;
  QPushButton* choose_;
  QLabel* summary_;
  QTableWidget* table_;
  QPushButton* import_;
  QPushButton* clean_rows_;
};

}  // namespace kakunin::console
