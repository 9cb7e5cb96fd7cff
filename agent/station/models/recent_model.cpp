#include "agent/station/models/recent_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>

#include "agent/station/models/labels.h"
#include "common/domain/review_window.h"

namespace kakunin::station {

namespace {
domain::Date FromQDate(const QDate& d) { return {d.year(), d.month(), d.day()}; }
const QTimeZone& Tokyo() {
  static const QTimeZone tz(QByteArrayLiteral("Asia/Tokyo"));
  return tz;
}
}  // namespace

domain::Date RecentModel::CheckDate(const v1::CheckResult& r) {
  return FromQDate(QDateTime::fromSecsSinceEpoch(r.checked_at().seconds(), Tokyo()).date());
}

domain::Date RecentModel::TodayInJapan() {
  return FromQDate(QDateTime::currentDateTimeUtc().toTimeZone(Tokyo()).date());
}

int RecentModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RecentModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant RecentModel::Display(const v1::CheckResult& r, int column) const {
  switch (column) {
    case kTime:
      return Labels::CheckedAt(r);
    case kOutcome:
      return Labels::Outcome(r.outcome());
    case kName:
      return r.source() == v1::CHECK_SOURCE_DOCUMENT && r.eligibility().name().empty()
                 ? Labels::Document(r.document().kind())
                 : Labels::OrDash(r.eligibility().name());
    case kMode:
      return Labels::Mode(r.mode());
    case kRoute:
      return Labels::Route(r.route());
    case kSource:
      return Labels::Source(r.source());
    case kViewableUntil:
      return Labels::Date(domain::FormatIso(domain::ReviewDeadline(CheckDate(r))));
    default:
      return {};
  }
}

QVariant RecentModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= kColumnCount) return {};
  const v1::CheckResult& r = rows_[index.row()];
  if (role == Qt::DisplayRole) return Display(r, index.column());
  if (role == kCheckIdRole) return QString::fromStdString(r.check_id());
  if (role == Qt::ForegroundRole && index.column() == kOutcome &&
      r.outcome() != v1::OUTCOME_ELIGIBLE && r.outcome() != v1::OUTCOME_DOCUMENT_ACCEPTED) {
    return QBrush(QColor(0xB0, 0x00, 0x20));
  }
  return {};
}

QVariant RecentModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTime:
      return tr("Checked at");
    case kOutcome:
      return tr("Result");
    case kName:
      return tr("Name");
    case kMode:
      return tr("Identity");
    case kRoute:
      return tr("Route");
    case kSource:
      return tr("Based on");
    case kViewableUntil:
      return tr("Viewable until");
    default:
      return {};
  }
}

void RecentModel::SetResults(const std::vector<v1::CheckResult>& results,
                             const domain::Date& today) {
  beginResetModel();
  rows_.clear();
  for (const auto& r : results) {
    if (domain::IsViewable(CheckDate(r), today)) rows_.push_back(r);
  }
  std::stable_sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) {
    return a.checked_at().seconds() > b.checked_at().seconds();
  });
  endResetModel();
}

void RecentModel::Prepend(const v1::CheckResult& result) {
  auto it = std::find_if(rows_.begin(), rows_.end(),
                         [&](const auto& r) { return r.check_id() == result.check_id(); });
  if (it != rows_.end()) {
    int row = static_cast<int>(it - rows_.begin());
    *it = result;
    emit dataChanged(index(row, 0), index(row, kColumnCount - 1));
    return;
  }
  beginInsertRows({}, 0, 0);
  rows_.insert(rows_.begin(), result);
  endInsertRows();
}

}  // namespace kakunin::station
