#pragma once
// 証明書カレンダー (issue 19): every certificate that can stop a store from checking, most urgent
// first — the on-site 資格確認端末's and each Kakunin terminal's — with warnings at 90/60/30/7
// days and stores with an expired certificate in red. HQ administrators record a store's
// 資格確認端末 certificate (its last day or issue date, and the path of its file on the store's
// PCs) with 「資格確認端末の証明書を登録…」. Loaded when first shown, then on 更新.

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QWidget>
#include <memory>

#include "console/client/console_client.h"
#include "console/models/cert_calendar_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

// HQ's record of one store's 資格確認端末 certificate; the server validates and answers in
// Japanese, shown in the dialog.
class TerminalCertificateDialog : public QDialog {
  Q_OBJECT
 public:
  TerminalCertificateDialog(std::shared_ptr<ConsoleClient> client,
                            const std::vector<v1::CertificateEntry>& stores,
                            QWidget* parent = nullptr);
  QComboBox* store_box() { return store_; }
  QLineEdit* last_day_edit() { return last_day_; }
  QLineEdit* issued_edit() { return issued_; }
  QLineEdit* path_edit() { return path_; }
  QLabel* error_label() { return error_; }
  QPushButton* save_button() { return save_; }

 signals:
  void saved(v1::CertificateEntry entry);

 private:
  void Save();
  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  QComboBox* store_;
  QLineEdit* last_day_;
  QLineEdit* issued_;
  QLineEdit* path_;
  QLabel* error_;
  QPushButton* save_;
};

class CertCalendarPage : public QWidget {
  Q_OBJECT
 public:
  explicit CertCalendarPage(QWidget* parent = nullptr);
  // Keeps the client; HQ administrators may record certificates.
  void SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role);
  void EndSession() { client_.reset(); }

  CertCalendarModel* model() { return model_; }
  QTableView* table() { return table_; }
  QLabel* summary() { return summary_; }
  QCheckBox* warnings_only() { return warnings_only_; }
  QPushButton* record_button() { return record_; }
  bool loaded_once() const { return loaded_once_; }
  // Shows a calendar as if loaded (and what Refresh does with an answer).
  void Show(const v1::CertificateCalendar& calendar);
  // The tab's title, in this page's translation context.
  static QString Title() { return tr("Certificate calendar"); }

 public slots:
  void Refresh();
  void OpenRecordDialog();

 signals:
  void loaded();
  void failed(QString message);
  void sessionExpired();

 private:
  void ApplyFilter();
  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  bool loaded_once_ = false;
  std::vector<v1::CertificateEntry> all_;
  QLabel* summary_;
  QCheckBox* warnings_only_;
  QPushButton* refresh_;
  QPushButton* record_;
  CertCalendarModel* model_;
  QTableView* table_;
};

}  // namespace kakunin::console
