#include "console/ui/failure_report_page.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QTableView* MakeTable(QAbstractItemModel* model) {
  auto* table = new QTableView;
  table->setModel(model);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
  table->setWordWrap(true);
  return table;
}

}  // namespace

FailureReportPage::FailureReportPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  days_box_ = new QComboBox;
  days_box_->addItem(tr("Last 7 days"), 7);
  days_box_->addItem(tr("Last 30 days"), 30);
  refresh_ = new QPushButton(tr("Refresh"));
  summary_ = PlainLabel();
  summary_->setWordWrap(true);
  bar->addWidget(new QLabel(tr("Period")));
  bar->addWidget(days_box_);
  bar->addWidget(refresh_);
  bar->addStretch(1);
  layout->addLayout(bar);
  layout->addWidget(summary_);

  stores_ = new FailureReportModel(FailureReportModel::kStores, this);
  models_ = new FailureReportModel(FailureReportModel::kReaderModels, this);
  stores_table_ = MakeTable(stores_);
  models_table_ = MakeTable(models_);
  stores_title_ = new QLabel;
  models_title_ = new QLabel;
  for (QLabel* title : {stores_title_, models_title_}) {
    title->setStyleSheet(QStringLiteral("font-weight: bold;"));
  }
  layout->addWidget(stores_title_);
  layout->addWidget(stores_table_, 1);
  layout->addWidget(models_title_);
  layout->addWidget(models_table_, 1);
  stores_title_->setText(tr("By store"));
  models_title_->setText(tr("By card-reader model"));

  connect(days_box_, &QComboBox::currentIndexChanged, this, &FailureReportPage::Refresh);
  connect(refresh_, &QPushButton::clicked, this, &FailureReportPage::Refresh);
}

void FailureReportPage::SetSession(std::shared_ptr<ConsoleClient> client) {
  client_ = std::move(client);
  loaded_once_ = false;  // a new session may see other stores
}

void FailureReportPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  const auto days = static_cast<uint32_t>(days_box_->currentData().toUInt());
  runner_.Run([client = client_, days] { return client->GetFailureReport(days); },
              [this](Result<v1::FailureReport>& r) {
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

void FailureReportPage::Show(const v1::FailureReport& r) {
  const double rate = r.card_checks() == 0 ? 0.0 : 100.0 * r.failures() / r.card_checks();
  // Why a failure here is narrower than the dashboard's: the service's faults and answers are
  // not the store's card readers.
  summary_->setText(
      tr("%1 – %2: %3 card checks, %4 failed on the card or the card reader "
         "(%5 %). The service's answers and faults are not counted.")
          .arg(Labels::DateTime(r.from().seconds()), Labels::DateTime(r.to().seconds()))
          .arg(r.card_checks())
          .arg(r.failures())
          .arg(rate, 0, 'f', 1) +
      // A terminal that sends a new reader name or reason with every check makes more groups
      // than HQ reads: the report says what it left out rather than look whole.
      (r.partial() ? QStringLiteral("\n") +
                         tr("Terminals sent more different reader names and reasons than the "
                            "report reads: only the most frequent are counted (%1 of %2 card "
                            "checks). Look for a terminal that sends unusual reader names.")
                             .arg(r.card_checks())
                             .arg(r.all_card_checks())
                   : QString()));
  stores_->SetRows({r.sites().begin(), r.sites().end()});
  models_->SetRows({r.reader_models().begin(), r.reader_models().end()});
  // A cut table says so: HQ must not read the top rows as the whole chain.
  stores_title_->setText(
      r.sites_total() > static_cast<uint32_t>(r.sites_size())
          ? tr("By store (worst %1 of %2)").arg(r.sites_size()).arg(r.sites_total())
          : tr("By store"));
  models_title_->setText(r.reader_models_total() > static_cast<uint32_t>(r.reader_models_size())
                             ? tr("By card-reader model (worst %1 of %2)")
                                   .arg(r.reader_models_size())
                                   .arg(r.reader_models_total())
                             : tr("By card-reader model"));
  for (QTableView* t : {stores_table_, models_table_}) {
    t->resizeColumnsToContents();
    t->resizeRowsToContents();
  }
}

}  // namespace kakunin::console
