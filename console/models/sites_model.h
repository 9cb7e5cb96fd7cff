#pragma once
// A thin table model over the sites the server lists (ListSites), with the 経過措置 deadline the
// domain computes from each site's data and the site's eligibility route.

#include <QAbstractTableModel>
#include <optional>
#include <string>
#include <vector>

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

  explicit SitesModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

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

 private:
  QVariant Display(const v1::Site& s, int column) const;
  QVariant CodeWarning(const v1::Site& s, int role) const;

  std::vector<v1::Site> sites_;
};

}  // namespace kakunin::console
