#pragma once
// A thin table model over the sites the server lists (ListSites), with the 経過措置 deadline the
// domain computes from each site's data and the site's eligibility route.

#include <QAbstractTableModel>
#include <optional>
#include <string>
#include <vector>

#include "common/domain/date.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class SitesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    kSiteId,
    kName,
    kInstitutionCode,
    kPrefecture,
    kFacilityKind,
    kTransitional,
    kEventDate,
    kMeasureEnds,
    kDefaultMode,
    kRoute,
    kAutoApprove,
    kColumnCount
  };
  enum Role { kSortRole = Qt::UserRole, kSiteIdRole };

  explicit SitesModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetSites(std::vector<v1::Site> sites);
  // Applies one site the server returned after a save: replaced in place or appended.
  void UpdateSite(const v1::Site& site);
  std::optional<v1::Site> SiteAt(int row) const;
  int RowOf(const std::string& site_id) const;
  const std::vector<v1::Site>& sites() const { return sites_; }
  // The day "ended" is judged on: Japan's today (read each time) unless a test sets it.
  void SetToday(const domain::Date& today);
  // Under a 経過措置 today, by the domain's rule (IsMeasureOver; an unknown end is not over),
  // the same rule the 経過措置 tab's server figures use.
  bool UnderMeasure(const v1::Site& site) const;
  int CountUnderMeasure() const;

 private:
  QVariant Display(const v1::Site& s, int column) const;
  QVariant CodeWarning(const v1::Site& s, int role) const;
  domain::Date Today() const;

  std::vector<v1::Site> sites_;
  std::optional<domain::Date> today_;
};

}  // namespace kakunin::console
