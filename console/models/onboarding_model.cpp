#include "console/models/onboarding_model.h"

#include <QBrush>
#include <QDate>

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

QString DateText(const std::string& iso) {
  return Labels::Date(QDate::fromString(QString::fromStdString(iso), Qt::ISODate));
}

const std::vector<std::string>& StageIds() {
  static const std::vector<std::string> kIds = {
      "application", "review",          "user_settings_received", "terminal_installed",
      "activation",  "operation_start", "subsidy_claimed"};
  return kIds;
}

}  // namespace

QString OnboardingLabels::Stage(const std::string& id) {
  if (id == "application") return tr("Application");
  if (id == "review") return tr("Review");
  if (id == "user_settings_received") return tr("User settings received");
  if (id == "terminal_installed") return tr("Terminal installed");
  if (id == "activation") return tr("Activation");
  if (id == "operation_start") return tr("Operation start");
  if (id == "subsidy_claimed") return tr("Subsidy claimed");
  return QString::fromStdString(id);
}

QString OnboardingLabels::Region(const std::string& id) {
  if (id == "hokkaido") return tr("Hokkaido");
  if (id == "tohoku") return tr("Tohoku");
  if (id == "kanto") return tr("Kanto");
  if (id == "chubu") return tr("Chubu");
  if (id == "kinki") return tr("Kinki");
  if (id == "chugoku") return tr("Chugoku");
  if (id == "shikoku") return tr("Shikoku");
  if (id == "kyushu_okinawa") return tr("Kyushu and Okinawa");
  return QString::fromStdString(id);
}

QString OnboardingLabels::Basis(const std::string& id) {
  if (id == "transitional_measure") {
    return tr("end of the transitional measure (online checks required from this day)");
  }
  if (id == "subsidy_claim") return tr("subsidy claim deadline (claims follow the start)");
  if (id == "measure_end_unknown") {
    return tr("unknown: the transitional measure's end date has not been given");
  }
  return tr("no rule sets a deadline");
}

QString OnboardingLabels::State(const std::string& id) {
  if (id == "done") return tr("Done");
  if (id == "overdue") return tr("Overdue");
  if (id == "pending") return tr("On schedule");
  return tr("No deadline");
}

QString OnboardingLabels::Cell(const v1::OnboardingStage& s) {
  QString text;
  if (s.state() == "done") {
    text = tr("Done %1").arg(DateText(s.done()));
  } else if (s.state() == "overdue") {
    text = tr("Overdue by %n day(s)", nullptr, -s.days_left()) + QLatin1Char('\n') +
           tr("Due %1").arg(DateText(s.due()));
  } else if (s.state() == "pending") {
    text = (s.days_left() == 0 ? tr("Due today") : tr("%n day(s) left", nullptr, s.days_left())) +
           QLatin1Char('\n') + tr("Due %1").arg(DateText(s.due()));
  } else {
    text = tr("No deadline");
  }
  if (!s.owner().empty()) {
    text += QLatin1Char('\n') + tr("Owner: %1").arg(QString::fromStdString(s.owner()));
  }
  return text;
}

QString OnboardingLabels::Detail(const v1::OnboardingStage& s) {
  QStringList lines;
  lines << tr("Deadline by the rules: %1 — %2")
               .arg(s.deadline().empty() ? QStringLiteral("—") : DateText(s.deadline()),
                    Basis(s.deadline_basis()));
  if (!s.planned().empty()) lines << tr("Planned: %1").arg(DateText(s.planned()));
  if (s.planned_after_deadline()) lines << tr("The plan is later than the deadline.");
  if (s.done_late()) lines << tr("Done after its due date.");
  if (!s.note().empty()) lines << QString::fromStdString(s.note());
  return lines.join(QLatin1Char('\n'));
}

void OnboardingModel::SetRows(std::vector<v1::OnboardingSite> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

void OnboardingModel::ReplaceRow(const v1::OnboardingSite& row) {
  for (size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].site_id() != row.site_id()) continue;
    rows_[i] = row;
    emit dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(i), columnCount() - 1));
    return;
  }
}

const v1::OnboardingSite* OnboardingModel::row(int r) const {
  return r >= 0 && r < static_cast<int>(rows_.size()) ? &rows_[r] : nullptr;
}

int OnboardingModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int OnboardingModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kFirstStage + kStageCount;
}

QVariant OnboardingModel::data(const QModelIndex& index, int role) const {
  const v1::OnboardingSite* site = row(index.row());
  if (site == nullptr) return {};
  const int c = index.column();
  if (c < kFirstStage) {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    if (c == kName) {
      const QString name = QString::fromStdString(site->name());
      return role == Qt::ToolTipRole ? Labels::PlainTip(name) : name;
    }
    return Labels::Prefecture(site->prefecture());
  }
  const int i = c - kFirstStage;
  if (i >= site->stages_size()) return {};
  const v1::OnboardingStage& s = site->stages(i);
  switch (role) {
    case Qt::DisplayRole:
      return OnboardingLabels::Cell(s);
    case Qt::ToolTipRole:
      return OnboardingLabels::Detail(s);
    case Qt::BackgroundRole:
      if (s.state() == "overdue") return QBrush(OverdueBackground());
      if (s.state() == "done") return QBrush(DoneBackground());
      return {};
    case Qt::ForegroundRole:
      if (s.state() == "overdue") return QBrush(OverdueText());
      return {};
    default:
      return {};
  }
}

QVariant OnboardingModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  if (section == kName) return tr("Store");
  if (section == kPrefecture) return tr("Prefecture");
  const int i = section - kFirstStage;
  if (i < 0 || i >= kStageCount) return {};
  return OnboardingLabels::Stage(StageIds()[i]);
}

}  // namespace kakunin::console
