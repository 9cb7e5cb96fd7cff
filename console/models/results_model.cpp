#include "console/models/results_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

#include "console/models/labels.h"

namespace kakunin::console {

int ResultsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QString ResultsModel::ModeText(v1::IdentityMode mode) {
  switch (mode) {
    case v1::IDENTITY_MODE_VISUAL:
      return tr("Visual check");
    case v1::IDENTITY_MODE_PIN:
      return tr("PIN");
    case v1::IDENTITY_MODE_FACE_READER:
      return tr("Face-recognition card reader");
    default:
      return tr("Unknown");
  }
}

QString ResultsModel::RouteText(v1::CheckRoute route) {
  switch (route) {
    case v1::CHECK_ROUTE_COUNTER:
      return tr("Counter");
    case v1::CHECK_ROUTE_HOME_VISIT:
      return tr("Home visit");
    case v1::CHECK_ROUTE_HOUSE_CALL:
      return tr("House call");
    case v1::CHECK_ROUTE_ONLINE:
      return tr("Online");
    case v1::CHECK_ROUTE_WARD:
      return tr("Ward");
    case v1::CHECK_ROUTE_FEVER:
      return tr("Fever clinic");
    case v1::CHECK_ROUTE_DRIVE_THROUGH:
      return tr("Drive-through");
    case v1::CHECK_ROUTE_DEVICE_FAILURE:
      return tr("Reader out of order");
    default:
      return tr("Other");
  }
}

QString ResultsModel::OutcomeText(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_ELIGIBLE:
      return tr("Eligible");
    case v1::OUTCOME_INELIGIBLE:
      return tr("Not eligible");
    case v1::OUTCOME_NOT_FOUND:
      return tr("Not found");
    case v1::OUTCOME_NOT_REGISTERED:
      return tr("Not registered as insurance card");
    case v1::OUTCOME_CERTIFICATE_EXPIRED:
      return tr("Certificate expired");
    case v1::OUTCOME_CERTIFICATE_REVOKED:
      return tr("Certificate revoked");
    case v1::OUTCOME_DOCUMENT_ACCEPTED:
      return tr("Document accepted");
    case v1::OUTCOME_DOCUMENT_REFUSED:
      return tr("Document not valid");
    case v1::OUTCOME_ERROR:
      return tr("Not completed");
    case v1::OUTCOME_MULTIPLE:
      return tr("Several qualifications");
    default:
      return tr("Unknown");
  }
}

QString ResultsModel::SourceText(v1::CheckSource source) {
  switch (source) {
    case v1::CHECK_SOURCE_CARD:
      return tr("My Number Card");
    case v1::CHECK_SOURCE_RECHECK:
      return tr("Re-query by insured number");
    case v1::CHECK_SOURCE_DOCUMENT:
      return tr("Document shown by the patient");
    case v1::CHECK_SOURCE_FACE_READER:
      return tr("Face-recognition card reader (on-site eligibility terminal)");
    default:
      return tr("Unknown");
  }
}

bool ResultsModel::IsProblem(v1::Outcome outcome) {
  return outcome != v1::OUTCOME_ELIGIBLE && outcome != v1::OUTCOME_DOCUMENT_ACCEPTED &&
         outcome != v1::OUTCOME_UNSPECIFIED;
}

QString ResultsModel::SiteName(const std::string& id) const {
  for (const auto& [site_id, name] : site_names_) {
    if (site_id == id) return QString::fromStdString(name);
  }
  return QString::fromStdString(id);
}

QString ResultsModel::DeviceName(const std::string& id) const {
  auto it = device_names_.find(id);
  return it == device_names_.end() ? QString::fromStdString(id) : it->second;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Entry& e = rows_[static_cast<size_t>(index.row())];
  const auto& r = e.row.result();
  if (role == kCheckIdRole) return QString::fromStdString(e.row.check_id());
  if (role == kLiveRole) return e.live;
  // Live rows stand out until the next search, so staff see what just came in.
  if (role == Qt::BackgroundRole && e.live) return QBrush(QColor(0xe3, 0xf2, 0xfd));
  if (role == Qt::ForegroundRole && index.column() == kOutcome && IsProblem(r.outcome())) {
    return QBrush(QColor(0xb0, 0x00, 0x20));
  }
  // Names for people; the ids support staff ask for stay one hover away.
  if (role == Qt::ToolTipRole && index.column() == kSite) {
    return QString::fromStdString(e.row.site_id());
  }
  if (role == Qt::ToolTipRole && index.column() == kDevice) {
    return QString::fromStdString(e.row.device_id());
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case kTime:
      return Labels::DateTimeSeconds(r.checked_at().seconds());
    case kSite:
      return SiteName(e.row.site_id());
    case kDevice:
      return DeviceName(e.row.device_id());
    case kMode:
      return ModeText(r.mode());
    case kRoute:
      return RouteText(r.route());
    case kOutcome:
      return OutcomeText(r.outcome());
    case kReader:
      return QString::fromStdString(r.reader().name());
  }
  return {};
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kTime:
      return tr("Checked at");
    case kSite:
      return tr("Site");
    case kDevice:
      return tr("Terminal");
    case kMode:
      return tr("Identity");
    case kRoute:
      return tr("Route");
    case kOutcome:
      return tr("Outcome");
    case kReader:
      return tr("Reader");
  }
  return {};
}

void ResultsModel::SetRows(std::vector<v1::ResultRow> rows) {
  beginResetModel();
  rows_.clear();
  ids_.clear();
  for (auto& r : rows) {
    if (!ids_.insert(r.check_id()).second) continue;
    rows_.push_back({std::move(r), false});
  }
  endResetModel();
}

int ResultsModel::AppendRows(std::vector<v1::ResultRow> rows) {
  std::vector<Entry> fresh;
  for (auto& r : rows) {
    if (ids_.count(r.check_id()) == 0) fresh.push_back({std::move(r), false});
  }
  if (fresh.empty()) return 0;
  const int n = static_cast<int>(fresh.size());
  beginInsertRows({}, rowCount(), rowCount() + n - 1);
  for (auto& e : fresh) {
    ids_.insert(e.row.check_id());
    rows_.push_back(std::move(e));
  }
  endInsertRows();
  return n;
}

bool ResultsModel::PrependRow(v1::ResultRow row, bool live) {
  if (ids_.count(row.check_id()) != 0) return false;
  beginInsertRows({}, 0, 0);
  ids_.insert(row.check_id());
  rows_.insert(rows_.begin(), {std::move(row), live});
  endInsertRows();
  return true;
}

int64_t ResultsModel::NewestShown() const {
  int64_t newest = 0;
  for (const Entry& e : rows_) {
    int64_t at = e.row.result().checked_at().seconds();
    if (e.row.has_received_at()) at = std::min(at, e.row.received_at().seconds());
    newest = std::max(newest, at);
  }
  return newest;
}

std::optional<v1::ResultRow> ResultsModel::RowAt(int row) const {
  if (row < 0 || row >= rowCount()) return std::nullopt;
  return rows_[static_cast<size_t>(row)].row;
}

void ResultsModel::SetSiteNames(std::vector<std::pair<std::string, std::string>> names) {
  site_names_ = std::move(names);
  if (rowCount() > 0) {
    emit dataChanged(index(0, kSite), index(rowCount() - 1, kSite), {Qt::DisplayRole});
  }
}

void ResultsModel::SetDeviceNames(std::map<std::string, QString> names) {
  device_names_ = std::move(names);
  if (rowCount() > 0) {
    emit dataChanged(index(0, kDevice), index(rowCount() - 1, kDevice), {Qt::DisplayRole});
  }
}

}  // namespace kakunin::console
