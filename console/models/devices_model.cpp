#include "console/models/devices_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QTextDocument>

#include "console/export/csv_field.h"
#include "console/models/device_health.h"
#include "console/models/labels.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

const char* StatusId(v1::DeviceStatus s) {
  switch (s) {
    case v1::DEVICE_STATUS_PENDING:
      return "pending";
    case v1::DEVICE_STATUS_ACTIVE:
      return "active";
    case v1::DEVICE_STATUS_REVOKED:
      return "revoked";
    default:
      return "unknown";
  }
}

// Stable ids for exports: "site" while the terminal follows its site.
QString RouteId(const v1::RouteSettings& own) {
  switch (own.route()) {
    case v1::ELIGIBILITY_ROUTE_SERVICE_API:
      return QStringLiteral("service-api");
    case v1::ELIGIBILITY_ROUTE_TERMINAL_FILES:
      return QStringLiteral("terminal-files");
    default:
      return QStringLiteral("site");
  }
}

}  // namespace

int DevicesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(devices_.size());
}

int DevicesModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumnCount;
}

int64_t DevicesModel::Now() const {
  return now_for_testing_ ? now_for_testing_ : QDateTime::currentSecsSinceEpoch();
}

QString DevicesModel::RouteText(const v1::Device& d) const {
  auto it = site_routes_.find(d.site_id());
  return Labels::DeviceRoute(d.route_override(),
                             it == site_routes_.end() ? v1::RouteSettings() : it->second);
}

QVariant DevicesModel::Display(const v1::Device& d, int column) const {
  const auto& f = d.facts();
  switch (column) {
    case kDevice:
      return Q(d.device_id());
    case kName:
      return f.terminal_name().empty() ? Q(f.hostname()) : Q(f.terminal_name());
    case kSite: {
      auto it = site_names_.find(d.site_id());
      return it == site_names_.end() ? Q(d.site_id()) : Q(it->second);
    }
    case kStatus:
      return Labels::DeviceStatus(d.status());
    case kOnline:
      // The server's flag is only "seen lately"; a revoked terminal is cut off whatever it says.
      if (d.status() == v1::DEVICE_STATUS_REVOKED) return tr("Cut off");
      return d.online() ? tr("Online") : tr("Offline");
    case kHealth:
      return DeviceHealth::Text(d);
    case kLastSeen:
      return d.has_last_seen() ? Labels::DateTime(d.last_seen().seconds()) : tr("Never");
    case kReader:
      return f.reader_name().empty() ? tr("No reader") : Q(f.reader_name());
    case kExtendedApdu:
      // Without a reader the probe never ran: unknown, not "unsupported".
      if (f.reader_name().empty()) return QStringLiteral("—");
      return f.extended_apdu() ? tr("Supported") : tr("Not supported");
    case kRoute:
      return RouteText(d);
    case kAgentVersion:
      return Q(f.agent_version());
    case kCertificateExpiry:
      return Labels::DateTime(d.certificate_not_after().seconds());
    case kQueueDepth:
      return QString::number(d.outbox_depth());
  }
  return {};
}

QVariant DevicesModel::SortValue(const v1::Device& d, int column) const {
  switch (column) {
    case kStatus:
      return static_cast<int>(d.status());
    case kOnline:
      return d.online() && d.status() != v1::DEVICE_STATUS_REVOKED;
    case kHealth:
      return DeviceHealth::SortKey(d);
    case kLastSeen:
      return static_cast<qlonglong>(d.last_seen().seconds());
    case kCertificateExpiry:
      return static_cast<qlonglong>(d.certificate_not_after().seconds());
    case kQueueDepth:
      return static_cast<qulonglong>(d.outbox_depth());
    default:
      return Display(d, column);
  }
}

QVariant DevicesModel::Foreground(const v1::Device& d, int column) const {
  if (d.status() == v1::DEVICE_STATUS_REVOKED) return QBrush(QColor(0x80, 0x80, 0x80));
  // Red, not the warnings' amber: a branch without a reader, or whose results are not kept, needs
  // someone now.
  if (column == kHealth && DeviceHealth::NeedsAttention(d)) return QBrush(QColor(0xB0, 0x00, 0x00));
  const auto& f = d.facts();
  bool warn = false;
  if (column == kStatus) warn = d.status() == v1::DEVICE_STATUS_PENDING;
  if (column == kOnline) warn = !d.online() && d.status() == v1::DEVICE_STATUS_ACTIVE;
  if (column == kExtendedApdu) warn = !f.reader_name().empty() && !f.extended_apdu();
  if (column == kCertificateExpiry) {
    warn = d.certificate_not_after().seconds() - Now() < kCertificateWarningSeconds;
  }
  if (column == kQueueDepth) warn = d.outbox_depth() > 0;
  if (!warn) return {};
  return QBrush(QColor(0xB0, 0x40, 0x00));
}

QVariant DevicesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
    return {};
  const auto& d = devices_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
      return Display(d, index.column());
    case Qt::ToolTipRole:
      if (index.column() == kStatus && d.status() == v1::DEVICE_STATUS_REVOKED) {
        // Plain text whatever was typed (a reason written before HQ checked it may hold markup).
        const QString tip = tr("Reason: %1").arg(Q(d.revoke_reason()));
        return Labels::PlainTip(tip);
      }
      if (index.column() == kHealth && DeviceHealth::Severity(d) >= 2) {
        return Labels::PlainTip(DeviceHealth::Advice(d));
      }
      if (index.column() == kName) {
        // A tooltip renders what looks like markup; the host name is the terminal's to choose.
        const QString tip = Q(d.facts().hostname() + " · " + d.facts().os());
        return Labels::PlainTip(tip);
      }
      return {};
    case Qt::ForegroundRole:
      return Foreground(d, index.column());
    case Qt::BackgroundRole:
      if (index.column() == kHealth && d.status() != v1::DEVICE_STATUS_REVOKED &&
          DeviceHealth::NeedsAttention(d)) {
        return QBrush(QColor(0xFF, 0xE4, 0xE1));
      }
      return {};
    case Qt::FontRole:
      if ((index.column() == kStatus && d.status() == v1::DEVICE_STATUS_PENDING) ||
          (index.column() == kHealth && d.status() != v1::DEVICE_STATUS_REVOKED &&
           DeviceHealth::NeedsAttention(d))) {
        QFont bold;
        bold.setBold(true);
        return bold;
      }
      return {};
    case Qt::TextAlignmentRole:
      if (index.column() == kQueueDepth)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
      return {};
    case kSortRole:
      return SortValue(d, index.column());
    case kDeviceIdRole:
      return Q(d.device_id());
    case kStatusRole:
      return static_cast<int>(d.status());
  }
  return {};
}

QVariant DevicesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kDevice:
      return tr("Terminal ID");
    case kName:
      return tr("Terminal name");
    case kSite:
      return tr("Site");
    case kStatus:
      return tr("Status");
    case kOnline:
      return tr("Connection");
    case kHealth:
      return tr("Reader and results");
    case kLastSeen:
      return tr("Last seen");
    case kReader:
      return tr("Card reader");
    case kExtendedApdu:
      return tr("Extended APDU");
    case kRoute:
      return tr("Eligibility route");
    case kAgentVersion:
      return tr("Agent version");
    case kCertificateExpiry:
      return tr("Certificate expires");
    case kQueueDepth:
      return tr("Unsent results");
  }
  return {};
}

void DevicesModel::SetDevices(std::vector<v1::Device> devices) {
  beginResetModel();
  devices_ = std::move(devices);
  endResetModel();
}

void DevicesModel::SetSiteNames(std::map<std::string, std::string> site_names) {
  site_names_ = std::move(site_names);
  if (!devices_.empty()) {
    emit dataChanged(index(0, kSite), index(rowCount() - 1, kSite), {Qt::DisplayRole});
  }
}

void DevicesModel::SetSiteRoutes(std::map<std::string, v1::RouteSettings> site_routes) {
  site_routes_ = std::move(site_routes);
  if (!devices_.empty()) {
    emit dataChanged(index(0, kRoute), index(rowCount() - 1, kRoute), {Qt::DisplayRole});
  }
}

void DevicesModel::UpdateDevice(const v1::Device& device) {
  int row = RowOf(device.device_id());
  if (row < 0) {
    beginInsertRows({}, rowCount(), rowCount());
    devices_.push_back(device);
    endInsertRows();
    return;
  }
  devices_[static_cast<size_t>(row)] = device;
  emit dataChanged(index(row, 0), index(row, kColumnCount - 1));
}

std::optional<v1::Device> DevicesModel::DeviceAt(int row) const {
  if (row < 0 || row >= rowCount()) return std::nullopt;
  return devices_[static_cast<size_t>(row)];
}

int DevicesModel::RowOf(const std::string& device_id) const {
  for (size_t i = 0; i < devices_.size(); ++i) {
    if (devices_[i].device_id() == device_id) return static_cast<int>(i);
  }
  return -1;
}

QString DevicesModel::ToCsv() const {
  // Stable English ids in the header and the status column, so scripts can read exports.
  QString out = QStringLiteral(
      "device_id,terminal_name,site_id,status,online,last_seen,reader,extended_apdu,"
      "agent_version,certificate_not_after,outbox_depth,route,revoke_reason,reader_status,"
      "store_status,unsaved_results\r\n");
  for (const auto& d : devices_) {
    const auto& f = d.facts();
    QStringList row = {Q(d.device_id()),
                       Q(f.terminal_name()),
                       Q(d.site_id()),
                       QString::fromLatin1(StatusId(d.status())),
                       d.online() ? QStringLiteral("true") : QStringLiteral("false"),
                       Labels::IsoDateTime(d.last_seen().seconds()),
                       Q(f.reader_name()),
                       f.extended_apdu() ? QStringLiteral("true") : QStringLiteral("false"),
                       Q(f.agent_version()),
                       Labels::IsoDateTime(d.certificate_not_after().seconds()),
                       QString::number(d.outbox_depth()),
                       RouteId(d.route_override()),
                       Q(d.revoke_reason()),
                       Q(d.reader_status()),
                       Q(d.store_status()),
                       QString::number(d.unsaved_results())};
    for (auto& field : row) field = CsvField(field);
    out += row.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  }
  return out;
}

DeviceFilterModel::DeviceFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(DevicesModel::kSortRole);
  setSortCaseSensitivity(Qt::CaseInsensitive);
}

void DeviceFilterModel::SetStatus(v1::DeviceStatus status) {
  status_ = status;
  invalidateFilter();
}

void DeviceFilterModel::SetText(const QString& text) {
  text_ = text.trimmed();
  invalidateFilter();
}

bool DeviceFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const auto* m = sourceModel();
  if (status_ != v1::DEVICE_STATUS_UNSPECIFIED &&
      m->index(source_row, 0, source_parent).data(DevicesModel::kStatusRole).toInt() != status_) {
    return false;
  }
  if (text_.isEmpty()) return true;
  for (int c : {DevicesModel::kDevice, DevicesModel::kName, DevicesModel::kSite,
                DevicesModel::kReader, DevicesModel::kHealth}) {
    if (m->index(source_row, c, source_parent)
            .data()
            .toString()
            .contains(text_, Qt::CaseInsensitive))
      return true;
  }
  return false;
}

}  // namespace kakunin::console
