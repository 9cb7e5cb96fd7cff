#pragma once
// The Subsidies page (補助金): programmes (open or closed), claims per site with their items
// (and the terminals they paid for) and receipts, amounts, receipt upload and deletion, state
// changes,
// the deadline calendar and list with warnings, HQ's daily summary, the 経過措置 view of sites,
// and export of a claim (CSV, PDF). Every call runs on a worker thread (AsyncRunner).

#include <QAction>
#include <QBoxLayout>
#include <QCalendarWidget>
#include <QComboBox>
#include <QLabel>
#include <QSize>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QWidget>
#include <memory>
#include <optional>

#include "console/client/subsidy_client.h"
#include "console/export/claim_export.h"
#include "console/models/subsidy_models.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

struct SubsidyData;  // one refresh's answers (subsidies_page.cpp)

// What staff read for a failed subsidy or user call: the reasons these pages explain
// themselves (SubsidyLabels::Reason), else ErrorText.
QString SubsidyErrorText(const Error& error);

// A toolbar action of `owner` (its shortcut active within it) shown as a text button in `row`.
template <typename Slot>
QAction* AddToolAction(QWidget* owner, QBoxLayout* row, const QString& text,
                       const QKeySequence& key, Slot slot) {
  auto* a = new QAction(text, owner);
  if (!key.isEmpty()) a->setShortcut(key);
  a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  QObject::connect(a, &QAction::triggered, owner, slot);
  owner->addAction(a);
  auto* b = new QToolButton;
  b->setDefaultAction(a);
  b->setToolButtonStyle(Qt::ToolButtonTextOnly);
  row->addWidget(b);
  return a;
}

class SubsidiesPage : public QWidget {
  Q_OBJECT
 public:
  enum Section {
    kClaimsSection,
    kProgrammesSection,
    kDeadlinesSection,
    kMeasuresSection,
    kSummarySection
  };
  explicit SubsidiesPage(QWidget* parent = nullptr);
  void SetSession(std::shared_ptr<ConsoleClient> client, v1::Role role);

  ProgramsModel* programs_model() { return programs_; }
  ClaimsModel* claims_model() { return claims_; }
  ClaimItemsModel* items_model() { return items_; }
  ReceiptsModel* receipts_model() { return receipts_; }
  DeadlineBoardModel* deadlines_model() { return deadlines_; }
  ObligationsModel* obligations_model() { return obligations_; }
  QTabWidget* sections() { return sections_; }
  QCalendarWidget* calendar() { return calendar_; }
  QTextBrowser* summary_view() { return summary_view_; }
  QLabel* message() { return message_; }
  QComboBox* receipt_kind_box() { return receipt_kind_; }
  bool SelectClaim(const QString& claim_id);
  std::optional<v1::Claim> SelectedClaim() const;
  bool SelectReceipt(const QString& receipt_id);
  std::optional<v1::Receipt> SelectedReceipt() const;
  QAction* delete_receipt_action() { return delete_receipt_; }

 public slots:
  void Refresh();
  // The file dialogs call these; tests call them directly with a path.
  void UploadReceiptFile(const QString& path);
  // Deletes a receipt of the selected draft claim (the toolbar asks first).
  void DeleteReceipt(const QString& receipt_id);
  void ChangeSelectedClaimState(v1::ClaimState state, const QString& via);
  void ExportCsv(const QString& path);
  void ExportPdf(const QString& path);
  // Fetches the receipt's file, checks it against its stored SHA-256, and shows it (images in
  // a dialog; PDFs in the desktop's viewer, from a private temporary copy).
  void ViewReceipt(const QString& receipt_id);

 signals:
  void loaded();
  void receiptUploaded(QString sha256);
  void receiptDeleted(QString receipt_id);
  void claimChanged(QString claim_id);
  void exported(QString path);
  // A receipt shown: its verified SHA-256 and, for images, the picture's size.
  void receiptShown(QString receipt_id, QString sha256, QSize image_size);
  void failed(QString message);
  void sessionExpired();

 private:
  QWidget* BuildClaimsSection();
  QWidget* BuildDeadlinesSection();
  QWidget* BuildTable(QAbstractItemModel* model, QTableView** view, int sort_column);
  void BuildActions(QWidget* bar);
  void ApplyLoaded(SubsidyData& data);
  void ShowClaimDetail();
  void MarkCalendar();
  void ShowSummary(const v1::DailySummary& summary);
  void UpdateActions();
  void Fail(const Error& error);
  void Say(const QString& text);
  void ReplaceClaim(const v1::Claim& claim);
  std::optional<ClaimDocument> DocumentForSelected() const;
  void PickUpload();
  void AskDeleteReceipt();
  void PickExport(bool pdf);
  void AskStateChange(v1::ClaimState state);
  void ShowReceiptFile(const v1::Receipt& receipt);

  AsyncRunner runner_{this};
  std::shared_ptr<SubsidyClient> client_;
  v1::Role role_ = v1::ROLE_UNSPECIFIED;
  std::shared_ptr<SubsidyNames> names_;
  ProgramsModel* programs_;
  ClaimsModel* claims_;
  ClaimItemsModel* items_;
  ReceiptsModel* receipts_;
  DeadlineBoardModel* deadlines_;
  ObligationsModel* obligations_;
  QSortFilterProxyModel* claims_proxy_ = nullptr;
  QTableView* claims_view_ = nullptr;
  QTableView* items_view_ = nullptr;
  QTableView* receipts_view_ = nullptr;
  QTabWidget* sections_;
  QCalendarWidget* calendar_ = nullptr;
  QTextBrowser* summary_view_;
  QLabel* banner_;
  QLabel* claim_heading_ = nullptr;
  QLabel* message_;
  QComboBox* receipt_kind_ = nullptr;
  QAction* refresh_;
  QAction* upload_;
  QAction* delete_receipt_;
  QAction* export_csv_;
  QAction* export_pdf_;
  std::vector<QAction*> state_actions_;
};

}  // namespace kakunin::console
