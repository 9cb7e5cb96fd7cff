#include "console/models/dashboard_model.h"

#include <QBrush>
#include <QColor>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QTimeZone>
#include <algorithm>
#include <map>

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

constexpr int64_t kJst = 9 * 3600;

int64_t BucketStart(int64_t s, bool hourly) {
  const int64_t step = hourly ? 3600 : 86400;
  // Japan has no DST: a day starts at 00:00 JST = 15:00 UTC the day before.
  const int64_t shifted = s + (hourly ? 0 : kJst);
  int64_t floored = shifted / step * step;
  if (floored > shifted) floored -= step;  // negative times round down, not towards zero
  return floored - (hourly ? 0 : kJst);
}

// Checks without a recorded mode count as visual, as before the face reader existed.
std::vector<uint64_t>& ByMode(DashboardSeries& s, v1::IdentityMode mode) {
  if (mode == v1::IDENTITY_MODE_PIN) return s.pin;
  if (mode == v1::IDENTITY_MODE_FACE_READER) return s.face_reader;
  return s.visual;
}

uint64_t& ByMode(SiteTotals& t, v1::IdentityMode mode) {
  if (mode == v1::IDENTITY_MODE_PIN) return t.pin;
  if (mode == v1::IDENTITY_MODE_FACE_READER) return t.face_reader;
  return t.visual;
}

void AddTo(SiteTotals& t, const v1::Dashboard::Bucket& b) {
  t.checks += b.checks();
  ByMode(t, b.mode()) += b.checks();
  t.failures += b.failures();
  t.fallbacks += b.fallbacks();
  t.names_unrepresentable += b.names_unrepresentable();
}

QVariant Count(uint64_t n) { return QVariant::fromValue<qulonglong>(n); }

QString Rate(uint64_t part, uint64_t whole) {
  return QStringLiteral("%1 %").arg(Percent(part, whole), 0, 'f', 1);
}

}  // namespace

double Percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

DashboardSeries FoldDashboard(const v1::Dashboard& d, int64_t from, int64_t to, bool hourly) {
  DashboardSeries s;
  s.hourly = hourly;
  const int64_t step = hourly ? 3600 : 86400;
  for (int64_t t = BucketStart(from, hourly); t < to; t += step) s.starts.push_back(t);
  const size_t n = s.starts.size();
  s.visual.assign(n, 0);
  s.pin.assign(n, 0);
  s.face_reader.assign(n, 0);
  s.names_unrepresentable.assign(n, 0);
  s.checks.assign(n, 0);
  s.failures.assign(n, 0);
  s.fallbacks.assign(n, 0);
  std::map<std::string, SiteTotals> sites;
  for (const auto& b : d.site_totals()) AddTo(sites[b.site_id()], b);
  const bool sites_from_buckets = d.site_totals().empty();
  for (const auto& b : d.buckets()) {
    auto it = std::lower_bound(s.starts.begin(), s.starts.end(), b.start().seconds());
    if (it == s.starts.end() || *it != b.start().seconds()) continue;  // outside the range
    const size_t i = static_cast<size_t>(it - s.starts.begin());
    if (sites_from_buckets && !b.site_id().empty()) AddTo(sites[b.site_id()], b);
    ByMode(s, b.mode())[i] += b.checks();
    s.checks[i] += b.checks();
    s.failures[i] += b.failures();
    s.fallbacks[i] += b.fallbacks();
    s.names_unrepresentable[i] += b.names_unrepresentable();
    s.total_checks += b.checks();
    s.total_failures += b.failures();
    s.total_fallbacks += b.fallbacks();
  }
  for (auto& [id, totals] : sites) {
    if (totals.checks == 0) continue;
    totals.site_id = id;
    s.sites.push_back(std::move(totals));
  }
  return s;
}

int DashboardModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(series_.starts.size());
}

int DashboardModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QString DashboardModel::BucketLabel(int64_t start, bool hourly) {
  const QDateTime t = QDateTime::fromSecsSinceEpoch(start, QTimeZone(kJst));
  //: Chart/table label of one hour, QDateTime::toString format (Japan time).
  if (hourly) return t.toString(tr("MM-dd HH:00"));
  static const char* const kWeekdays[] = {QT_TR_NOOP("Mon"), QT_TR_NOOP("Tue"), QT_TR_NOOP("Wed"),
                                          QT_TR_NOOP("Thu"), QT_TR_NOOP("Fri"), QT_TR_NOOP("Sat"),
                                          QT_TR_NOOP("Sun")};
  //: Chart/table label of one day: %1 the date (format MM-dd below), %2 the weekday.
  return tr("%1 (%2)").arg(t.toString(tr("MM-dd")), tr(kWeekdays[t.date().dayOfWeek() - 1]));
}

QVariant DashboardModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const size_t i = static_cast<size_t>(index.row());
  const auto& s = series_;
  if (role == Qt::TextAlignmentRole && index.column() != kTime) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kTime:
      return BucketLabel(s.starts[i], s.hourly);
    case kChecks:
      return Count(s.checks[i]);
    case kVisual:
      return Count(s.visual[i]);
    case kPin:
      return Count(s.pin[i]);
    case kFaceReader:
      return Count(s.face_reader[i]);
    case kFailures:
      return Count(s.failures[i]);
    case kFailureRate:
      return Rate(s.failures[i], s.checks[i]);
    case kFallbacks:
      return Count(s.fallbacks[i]);
    case kFallbackRate:
      return Rate(s.fallbacks[i], s.checks[i]);
    case kNamesUnrepresentable:
      return Count(s.names_unrepresentable[i]);
    default:
      return {};
  }
}

QVariant DashboardModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTime:
      return series_.hourly ? tr("Hour") : tr("Day");
    case kChecks:
      return tr("Checks");
    case kVisual:
      return Labels::IdentityMode(v1::IDENTITY_MODE_VISUAL);
    case kPin:
      return Labels::IdentityMode(v1::IDENTITY_MODE_PIN);
    case kFaceReader:
      return Labels::IdentityMode(v1::IDENTITY_MODE_FACE_READER);
    case kFailures:
      return tr("Failures");
    case kFailureRate:
      return tr("Failure rate");
    case kFallbacks:
      return tr("Fallbacks");
    case kFallbackRate:
      return tr("Fallback rate");
    case kNamesUnrepresentable:
      //: Column: names containing characters the system cannot show (外字, shown as ● or 〓).
      return tr("Names with unshowable characters");
    default:
      return {};
  }
}

void DashboardModel::SetSeries(DashboardSeries series) {
  beginResetModel();
  series_ = std::move(series);
  endResetModel();
}

int SiteTotalsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SiteTotalsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QString SiteTotalsModel::SiteName(const std::string& id) const {
  for (const auto& [sid, name] : site_names_) {
    if (sid == id && !name.empty()) return QString::fromStdString(name);
  }
  return QString::fromStdString(id);
}

QVariant SiteTotalsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const SiteTotals& t = rows_[static_cast<size_t>(index.row())];
  if (role == Qt::TextAlignmentRole && index.column() != kSite) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role == Qt::ToolTipRole && index.column() == kSite) return QString::fromStdString(t.site_id);
  if (role != Qt::DisplayRole && role != kSortRole) return {};
  const bool sort = role == kSortRole;
  switch (index.column()) {
    case kSite:
      return SiteName(t.site_id);
    case kChecks:
      return Count(t.checks);
    case kVisual:
      return Count(t.visual);
    case kPin:
      return Count(t.pin);
    case kFaceReader:
      return Count(t.face_reader);
    case kFailures:
      return Count(t.failures);
    case kFailureRate:
      return sort ? QVariant(Percent(t.failures, t.checks)) : Rate(t.failures, t.checks);
    case kFallbacks:
      return Count(t.fallbacks);
    case kFallbackRate:
      return sort ? QVariant(Percent(t.fallbacks, t.checks)) : Rate(t.fallbacks, t.checks);
    case kNamesUnrepresentable:
      return Count(t.names_unrepresentable);
    default:
      return {};
  }
}

QVariant SiteTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kSite:
      return tr("Site");
    case kChecks:
      return tr("Checks");
    case kVisual:
      return Labels::IdentityMode(v1::IDENTITY_MODE_VISUAL);
    case kPin:
      return Labels::IdentityMode(v1::IDENTITY_MODE_PIN);
    case kFaceReader:
      return Labels::IdentityMode(v1::IDENTITY_MODE_FACE_READER);
    case kFailures:
      return tr("Failures");
    case kFailureRate:
      return tr("Failure rate");
    case kFallbacks:
      return tr("Fallbacks");
    case kFallbackRate:
      return tr("Fallback rate");
    case kNamesUnrepresentable:
      //: Column: names containing characters the system cannot show (外字, shown as ● or 〓).
      return tr("Names with unshowable characters");
    default:
      return {};
  }
}

void SiteTotalsModel::SetSites(std::vector<SiteTotals> sites) {
  beginResetModel();
  rows_ = std::move(sites);
  endResetModel();
}

void SiteTotalsModel::SetSiteNames(std::vector<std::pair<std::string, std::string>> names) {
  site_names_ = std::move(names);
  if (!rows_.empty()) emit dataChanged(index(0, kSite), index(rowCount() - 1, kSite));
}

int DeadlinesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DeadlinesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QString DeadlinesModel::SiteName(const std::string& id) const {
  for (const auto& [sid, name] : site_names_) {
    if (sid == id) return QString::fromStdString(name);
  }
  return QString::fromStdString(id);
}

QVariant DeadlinesModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& d = rows_[static_cast<size_t>(index.row())];
  // 7 days or fewer in red, 30 or fewer in amber (the server's warning thresholds).
  if (role == Qt::ForegroundRole && index.column() == kDaysLeft && d.warning_threshold() > 0) {
    return QBrush(QColor(d.days_left() <= 7 ? "#b71c1c" : "#e65100"));
  }
  if (role == Qt::TextAlignmentRole &&
      (index.column() == kDaysLeft || index.column() == kClaimable))
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  // The programme's full name when the column is too narrow for it.
  if (role == Qt::ToolTipRole && index.column() == kProgram)
    return Labels::PlainTip(QString::fromStdString(d.program_name_ja()));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kSite:
      return SiteName(d.site_id());
    case kProgram:
      return QString::fromStdString(d.program_name_ja().empty() ? d.program_id()
                                                                : d.program_name_ja());
    case kDeadline:
      return Labels::Date(QDate::fromString(QString::fromStdString(d.deadline()), Qt::ISODate));
    case kDaysLeft:
      return d.days_left() == 0 ? tr("today") : tr("%n day(s)", nullptr, d.days_left());
    case kClaimable:
      return tr("%1 yen").arg(
          QLocale(QLocale::Japanese).toString(static_cast<qlonglong>(d.claimable_yen())));
    default:
      return {};
  }
}

QVariant DeadlinesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kSite:
      return tr("Site");
    case kProgram:
      return tr("Subsidy");
    case kDeadline:
      return tr("Deadline");
    case kDaysLeft:
      return tr("Left");
    case kClaimable:
      return tr("Claimable");
    default:
      return {};
  }
}

void DeadlinesModel::SetDeadlines(std::vector<v1::Deadline> deadlines) {
  beginResetModel();
  rows_ = std::move(deadlines);
  endResetModel();
}

void DeadlinesModel::SetSiteNames(std::vector<std::pair<std::string, std::string>> names) {
  site_names_ = std::move(names);
  if (!rows_.empty()) emit dataChanged(index(0, kSite), index(rowCount() - 1, kSite));
}

}  // namespace kakunin::console
