#include "console/models/results_model.h"

#include <QDateTime>

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
    default:
      return tr("Unknown");
  }
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || role != Qt::DisplayRole || index.row() >= rowCount()) return {};
  const auto& row = rows_[static_cast<size_t>(index.row())];
  const auto& r = row.result();
  switch (index.column()) {
    case kTime:
      return QDateTime::fromSecsSinceEpoch(r.checked_at().seconds())
          .toString(QStringLiteral("yyyy/MM/dd HH:mm:ss"));
    case kSite:
      return QString::fromStdString(row.site_id());
    case kDevice:
      return QString::fromStdString(row.device_id());
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
  rows_ = std::move(rows);
  endResetModel();
}

void ResultsModel::AppendRows(std::vector<v1::ResultRow> rows) {
  if (rows.empty()) return;
  beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(rows.size()) - 1);
  for (auto& r : rows) rows_.push_back(std::move(r));
  endInsertRows();
}

}  // namespace kakunin::console
