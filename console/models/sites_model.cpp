#include "console/models/sites_model.h"

#include <QBrush>
#include <QColor>
#include <QDate>
#include <QDateTime>
#include <algorithm>

#include "common/domain/facility.h"
#include "console/models/labels.h"
#include "console/models/site_validation.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

QDate ToQDate(const domain::Date& d) { return QDate(d.year, d.month, d.day); }

}  // namespace

SitesModel::SitesModel(QObject* parent) : QAbstractTableModel(parent) {}

// A console left open past midnight moves on with Japan's calendar.
domain::Date SitesModel::Today() const {
  return today_ ? *today_ : domain::JapanDateOf(QDateTime::currentSecsSinceEpoch());
}

void SitesModel::SetToday(const domain::Date& today) {
  beginResetModel();
  today_ = today;
  endResetModel();
}

bool SitesModel::UnderMeasure(const v1::Site& site) const {
  auto m = MeasureOf(site);
  return m && !domain::IsMeasureOver(*m, Today());
}

int SitesModel::CountUnderMeasure() const {
  return static_cast<int>(std::count_if(sites_.begin(), sites_.end(),
                                        [this](const v1::Site& s) { return UnderMeasure(s); }));
}

int SitesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(sites_.size());
}

int SitesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

QVariant SitesModel::Display(const v1::Site& s, int column) const {
  switch (column) {
    case kSiteId:
      return Q(s.site_id());
    case kName:
      return Q(s.name());
    case kInstitutionCode:
      return Q(s.institution_code());
    case kPrefecture:
      // The code's first two digits are the prefecture; the server's column may be empty.
      return Labels::Prefecture(s.prefecture().empty() ? s.institution_code().substr(0, 2)
                                                       : s.prefecture());
    case kFacilityKind:
      return Labels::FacilityKind(s.facility_kind());
    case kTransitional:
      return Labels::Transitional(s.transitional());
    case kEventDate: {
      if (s.transitional() == v1::TRANSITIONAL_CATEGORY_UNSPECIFIED) return QString();
      auto d = domain::ParseIsoDate(s.transitional_event_date());
      return d.ok() ? Labels::Date(ToQDate(*d)) : tr("Not yet known");
    }
    case kMeasureEnds: {
      if (s.transitional() == v1::TRANSITIONAL_CATEGORY_UNSPECIFIED) return QString();
      auto last = MeasureLastDayOf(s);
      if (!last.ok()) return tr("Depends on the date");
      if (*last < Today()) return tr("Ended on %1").arg(Labels::Date(ToQDate(*last)));
      return tr("Until %1").arg(Labels::Date(ToQDate(*last)));
    }
    case kDefaultMode:
      return Labels::IdentityMode(s.default_mode());
    case kRoute:
      return Labels::EligibilityRoute(s.route());
    case kAutoApprove:
      return s.auto_approve_devices() ? tr("Automatic") : tr("By HQ");
  }
  return {};
}

// A stored code that fails the check digit without a recorded reason is flagged, not hidden:
// sites registered before this check (or from the command line) may carry one.
QVariant SitesModel::CodeWarning(const v1::Site& s, int role) const {
  auto check = CheckInstitutionCode(s.institution_code());
  if (check.ok()) return {};
  if (check.override_allowed && !s.code_override_reason().empty()) {
    if (role == Qt::ToolTipRole)
      return Labels::PlainTip(tr("Check digit overridden: %1").arg(Q(s.code_override_reason())));
    return {};
  }
  if (role == Qt::ForegroundRole) return QBrush(QColor(0xB0, 0x00, 0x20));
  if (check.expected_digit >= 0)
    return tr("The check digit does not match (expected %1).").arg(check.expected_digit);
  return tr("Not a valid 10-digit institution code.");
}

QVariant SitesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& s = sites_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return Display(s, index.column());
    case Qt::ForegroundRole:
    case Qt::ToolTipRole:
      if (index.column() == kInstitutionCode) return CodeWarning(s, role);
      return {};
    case kSortRole:
      if (index.column() == kEventDate) return Q(s.transitional_event_date());
      if (index.column() == kMeasureEnds) {
        auto last = MeasureLastDayOf(s);
        return last.ok() ? Q(domain::FormatIso(*last)) : QString();
      }
      return Display(s, index.column());
    case kSiteIdRole:
      return Q(s.site_id());
  }
  return {};
}

QVariant SitesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kSiteId:
      return tr("Site ID");
    case kName:
      return tr("Institution name");
    case kInstitutionCode:
      return tr("Institution code");
    case kPrefecture:
      return tr("Prefecture");
    case kFacilityKind:
      return tr("Facility kind");
    case kTransitional:
      return tr("Transitional measure");
    case kEventDate:
      return tr("Event date");
    case kMeasureEnds:
      return tr("Deferred until");
    case kDefaultMode:
      return tr("Default identity check");
    case kRoute:
      return tr("Eligibility route");
    case kAutoApprove:
      return tr("Terminal approval");
  }
  return {};
}

void SitesModel::SetSites(std::vector<v1::Site> sites) {
  beginResetModel();
  sites_ = std::move(sites);
  endResetModel();
}

void SitesModel::UpdateSite(const v1::Site& site) {
  int row = RowOf(site.site_id());
  if (row < 0) {
    beginInsertRows({}, rowCount(), rowCount());
    sites_.push_back(site);
    endInsertRows();
    return;
  }
  sites_[static_cast<size_t>(row)] = site;
  emit dataChanged(index(row, 0), index(row, kColumnCount - 1));
}

std::optional<v1::Site> SitesModel::SiteAt(int row) const {
  if (row < 0 || row >= rowCount()) return std::nullopt;
  return sites_[static_cast<size_t>(row)];
}

int SitesModel::RowOf(const std::string& site_id) const {
  for (size_t i = 0; i < sites_.size(); ++i) {
    if (sites_[i].site_id() == site_id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace kakunin::console
