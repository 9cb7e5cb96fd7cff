#pragma once
// The Audit page: search the tamper-evident trail (dates, actor, terminal, site, event type)
// with keyset paging, every field of one event, "verify chain" with the answer in plain words,
// and exports: the current search as CSV or JSON lines (ISO times), signed heads as JSON lines for
// auditors to keep as witnesses. Every call and every export runs off the UI thread.

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QWidget>
#include <memory>
#include <string>

#include "console/client/console_client.h"
#include "console/models/audit_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class AuditPage : public QWidget {
  Q_OBJECT
 public:
  explicit AuditPage(QWidget* parent = nullptr);
  void SetSession(std::shared_ptr<ConsoleClient> client);
  void SetPageSize(uint32_t rows) { page_size_ = rows; }

  AuditModel* model() { return model_; }
  QTableView* table() { return table_; }
  QPlainTextEdit* detail() { return detail_; }
  QCheckBox* range_box() { return range_box_; }
  QDateEdit* from_edit() { return from_edit_; }
  QDateEdit* to_edit() { return to_edit_; }
  QLineEdit* actor_edit() { return actor_edit_; }
  QLineEdit* device_edit() { return device_edit_; }
  QComboBox* site_box() { return site_box_; }
  QComboBox* event_box() { return event_box_; }
  QPushButton* search_button() { return search_; }
  QPushButton* more_button() { return more_; }
  QPushButton* verify_button() { return verify_; }
  QLabel* verify_label() { return verify_label_; }
  // The verifier's problem id and summary for support, folded under the banner.
  QLabel* verify_detail() { return verify_detail_; }
  int pending_calls() const { return runner_.pending(); }
  // The current search as the server's request (no page token).
  v1::QueryAuditRequest Query() const;
  bool SelectSeq(uint64_t seq);

 public slots:
  void Search();
  void LoadMore();
  void Verify();
  void ExportCsv();
  void ExportJson();
  void ExportHeads();
  // Without a file dialog (tests, scripted use).
  void ExportCsvTo(const QString& path);
  void ExportJsonTo(const QString& path);
  void ExportHeadsTo(const QString& path);

 signals:
  void recordsLoaded(int rows);
  // The site and terminal names arrived (or could not be had: ids are shown).
  void namesLoaded();
  void moreLoaded(int added);
  void verified(bool ok);
  void exported(QString path, int count);
  void failed(QString message);
  void sessionExpired();

 private:
  QWidget* BuildSearch();
  QWidget* BuildActions();
  QWidget* BuildVerifyDetail();
  void LoadSites();
  void ShowRecord();
  void ShowVerification(const v1::VerifyAuditResponse& v);
  // Every page of the current search, as CSV or as JSON lines (audit export's format).
  void ExportEventsTo(const QString& path, bool json);
  void Fail(const Error& error);
  void Inform(const QString& text, const QString& colour = QString());

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  uint32_t page_size_ = 100;
  std::string next_token_;
  uint64_t generation_ = 0;
  AuditModel* model_;
  QTableView* table_;
  QPlainTextEdit* detail_;
  QCheckBox* range_box_;
  QDateEdit* from_edit_;
  QDateEdit* to_edit_;
  QLineEdit* actor_edit_;
  QLineEdit* device_edit_;
  QComboBox* site_box_;
  QComboBox* event_box_;
  QPushButton* search_;
  QPushButton* more_;
  QPushButton* verify_;
  QPushButton* export_csv_;
  QPushButton* export_json_;
  QPushButton* export_heads_;
  QLabel* verify_label_;
  QToolButton* verify_more_;
  QLabel* verify_detail_;
  QLabel* message_;
};

}  // namespace kakunin::console
