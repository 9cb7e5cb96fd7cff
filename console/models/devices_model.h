#pragma once
// A thin table model over the terminals the server lists (ListDevices), and the proxy that
// filters them by status and by text.

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class DevicesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    kDevice,
    kName,
    kSite,
    kStatus,
    kOnline,
    kHealth,  // the reader and the outbox, from the last heartbeat (DeviceHealth)
    kLastSeen,
    kReader,
    kExtendedApdu,
    kRoute,
    kAgentVersion,
    kCertificateExpiry,
    kQueueDepth,
    kColumnCount
  };
  enum Role {
    kSortRole = Qt::UserRole,  // raw values: times as seconds, depths as numbers
    kDeviceIdRole,
    kStatusRole,  // v1::DeviceStatus as int
  };
  // A certificate this close to its end is shown as a warning.
  static constexpr int64_t kCertificateWarningSeconds = 30LL * 86400;

  explicit DevicesModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // Replaces the rows; `site_names` maps site ids to names for display.
  void SetDevices(std::vector<v1::Device> devices);
  void SetSiteNames(std::map<std::string, std::string> site_names);
  // The sites' eligibility routes, named for terminals that follow their site.
  void SetSiteRoutes(std::map<std::string, v1::RouteSettings> site_routes);
  // Applies one device the server returned after an action, in place (dataChanged).
  void UpdateDevice(const v1::Device& device);
  std::optional<v1::Device> DeviceAt(int row) const;
  int RowOf(const std::string& device_id) const;
  // The whole list as CSV, times in ISO 8601 (+09:00), for spreadsheets and audits.
  QString ToCsv() const;

  // The clock the certificate warning compares against; tests pin it.
  void SetNowForTesting(int64_t unix_seconds) { now_for_testing_ = unix_seconds; }

 private:
  QVariant Display(const v1::Device& d, int column) const;
  QVariant SortValue(const v1::Device& d, int column) const;
  QVariant Foreground(const v1::Device& d, int column) const;
  QString RouteText(const v1::Device& d) const;
  int64_t Now() const;

  std::vector<v1::Device> devices_;
  std::map<std::string, std::string> site_names_;
  std::map<std::string, v1::RouteSettings> site_routes_;
  int64_t now_for_testing_ = 0;
};

// Filters terminals by status (or all) and by a text found in id, name, site, host, reader or
// health (「カードリーダー」 finds those without one).
class DeviceFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit DeviceFilterModel(QObject* parent = nullptr);
  // DEVICE_STATUS_UNSPECIFIED shows every status.
  void SetStatus(v1::DeviceStatus status);
  void SetText(const QString& text);

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  v1::DeviceStatus status_ = v1::DEVICE_STATUS_UNSPECIFIED;
  QString text_;
};

}  // namespace kakunin::console
