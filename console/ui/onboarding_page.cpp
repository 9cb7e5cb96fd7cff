#include "console/ui/onboarding_page.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QVBoxLayout>

#include "console/export/onboarding_export.h"
#include "console/models/labels.h"
#include "console/ui/error_text.h"
#include "console/ui/onboarding_stage_dialog.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

const char* const kRegions[] = {"hokkaido", "tohoku",  "kanto",   "chubu",
                                "kinki",    "chugoku", "shikoku", "kyushu_okinawa"};
const char* const kStages[] = {"application",        "review",     "user_settings_received",
                               "terminal_installed", "activation", "operation_start",
                               "subsidy_claimed"};

}  // namespace

OnboardingPage::OnboardingPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* bar = new QHBoxLayout;
  region_box_ = new QComboBox;
  region_box_->addItem(tr("All regions"), QString());
  for (const char* id : kRegions) region_box_->addItem(OnboardingLabels::Region(id), id);
  prefecture_box_ = new QComboBox;
  prefecture_box_->addItem(tr("All prefectures"), QString());
  for (int code = 1; code <= 47; ++code) {
    const QString two = QStringLiteral("%1").arg(code, 2, 10, QLatin1Char('0'));
    prefecture_box_->addItem(Labels::Prefecture(two.toStdString()), two);
  }
  stage_box_ = new QComboBox;
  stage_box_->addItem(tr("Every stage"), QString());
  for (const char* id : kStages) {
    stage_box_->addItem(tr("Now at: %1").arg(OnboardingLabels::Stage(id)), id);
  }
  overdue_only_ = new QCheckBox(tr("Overdue only"));
  refresh_ = new QPushButton(tr("Refresh"));
  export_ = new QPushButton(tr("Export as CSV"));
  export_->setEnabled(false);
  bar->addWidget(new QLabel(tr("Region")));
  bar->addWidget(region_box_);
  bar->addWidget(new QLabel(tr("Prefecture")));
  bar->addWidget(prefecture_box_);
  bar->addWidget(new QLabel(tr("Stage")));
  bar->addWidget(stage_box_);
  bar->addWidget(overdue_only_);
  bar->addStretch(1);
  bar->addWidget(refresh_);
  bar->addWidget(export_);
  layout->addLayout(bar);
  summary_ = PlainLabel();
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  model_ = new OnboardingModel(this);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->setWordWrap(true);
  layout->addWidget(table_, 1);

  for (QComboBox* box : {region_box_, prefecture_box_, stage_box_}) {
    connect(box, &QComboBox::currentIndexChanged, this, &OnboardingPage::Refresh);
  }
  connect(overdue_only_, &QCheckBox::toggled, this, &OnboardingPage::Refresh);
  connect(refresh_, &QPushButton::clicked, this, &OnboardingPage::Refresh);
  connect(export_, &QPushButton::clicked, this, &OnboardingPage::ChooseExportFile);
  connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    if (auto* dialog = EditStage(index.row(), index.column() - OnboardingModel::kFirstStage)) {
      dialog->open();
    }
  });
}

void OnboardingPage::SetSession(std::shared_ptr<ConsoleClient> client, bool may_edit) {
  client_ = std::move(client);
  may_edit_ = may_edit;
  loaded_once_ = false;  // a new session may see other stores
}

void OnboardingPage::Refresh() {
  if (!client_) return;
  refresh_->setEnabled(false);
  v1::ListOnboardingRequest req;
  req.set_region(region_box_->currentData().toString().toStdString());
  req.set_prefecture(prefecture_box_->currentData().toString().toStdString());
  req.set_stage(stage_box_->currentData().toString().toStdString());
  req.set_overdue_only(overdue_only_->isChecked());
  runner_.Run([client = client_, req] { return client->ListOnboarding(req); },
              [this](Result<v1::ListOnboardingResponse>& r) {
                refresh_->setEnabled(true);
                if (!r.ok()) {
                  const QString text = ErrorText::For(r.error());
                  if (ErrorText::NeedsLogin(r.error())) emit sessionExpired();
                  ErrorText::Show(summary_, text, QString::fromLatin1(ErrorText::kAlarm));
                  emit failed(text);
                  return;
                }
                Show(*r);
                loaded_once_ = true;
                emit loaded();
              });
}

void OnboardingPage::Show(const v1::ListOnboardingResponse& board) {
  board_ = board;
  int overdue_stores = 0, overdue_stages = 0, finished = 0;
  for (const auto& s : board.sites()) {
    overdue_stores += s.overdue() > 0 ? 1 : 0;
    overdue_stages += s.overdue();
    finished += s.next_stage().empty() ? 1 : 0;
  }
  const QDate today = QDate::fromString(QString::fromStdString(board.today()), Qt::ISODate);
  ErrorText::Show(summary_, tr("%1 of %2 stores shown (as of %3): %4 stores have overdue stages "
                               "(%5 stages in all), %6 stores have finished every stage.")
                                .arg(board.sites_size())
                                .arg(board.sites_total())
                                .arg(Labels::Date(today))
                                .arg(overdue_stores)
                                .arg(overdue_stages)
                                .arg(finished));
  model_->SetRows({board.sites().begin(), board.sites().end()});
  export_->setEnabled(true);
  table_->resizeColumnsToContents();
  table_->resizeRowsToContents();
}

OnboardingStageDialog* OnboardingPage::EditStage(int row, int stage_index) {
  const v1::OnboardingSite* site = model_->row(row);
  if (!may_edit_ || site == nullptr || stage_index < 0 || stage_index >= site->stages_size()) {
    return nullptr;
  }
  auto* dialog = new OnboardingStageDialog(client_, *site, stage_index, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &OnboardingStageDialog::saved, this, [this](const v1::OnboardingSite& updated) {
    model_->ReplaceRow(updated);
    for (auto& s : *board_.mutable_sites()) {
      if (s.site_id() == updated.site_id()) s = updated;
    }
    table_->resizeRowsToContents();
  });
  return dialog;
}

bool OnboardingPage::ExportTo(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
      file.write(OnboardingExport::Csv(board_)) < 0) {
    ErrorText::Show(summary_, tr("Could not write %1.").arg(path),
                    QString::fromLatin1(ErrorText::kAlarm));
    return false;
  }
  return true;
}

void OnboardingPage::ChooseExportFile() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export as CSV"),
      QStringLiteral("onboarding-%1.csv").arg(QString::fromStdString(board_.today())),
      tr("CSV files (*.csv)"));
  if (!path.isEmpty()) ExportTo(path);
}

}  // namespace kakunin::console
