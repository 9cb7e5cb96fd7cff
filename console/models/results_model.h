#pragma once
// A thin table model over result rows: pages fetched by the client layer (newest first, keyset
// paging appends older pages) and live rows from the watch stream prepended on top.

#include <QAbstractTableModel>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class ResultsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kTime, kSite, kDevice, kMode, kRoute, kOutcome, kReader, kColumnCount };
  enum Role {
    kCheckIdRole = Qt::UserRole,
    kLiveRole,  // bool: the row came from the live feed, not a search
  };
  explicit ResultsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetRows(std::vector<v1::ResultRow> rows);
  // Appends the next (older) page; rows already shown are skipped. Returns how many were added.
  int AppendRows(std::vector<v1::ResultRow> rows);
  // Puts a row on top unless its check is already shown (the live feed and a search overlap).
  bool PrependRow(v1::ResultRow row, bool live = true);
  std::optional<v1::ResultRow> RowAt(int row) const;
  // The newest check shown, each counted at the time HQ received it when that is earlier (0
  // when none): where the live feed's catch-up resumes after a loss. A terminal whose clock runs
  // ahead (up to ten minutes; HQ restamps beyond) must not move that point past the other
  // branches' checks made meanwhile.
  int64_t NewestShown() const;
  // Shown names for site ids (ids are shown when a name is unknown).
  void SetSiteNames(std::vector<std::pair<std::string, std::string>> names);
  // Shown names for terminal ids (Labels::TerminalName); the id stays in the cell's tooltip.
  void SetDeviceNames(std::map<std::string, QString> names);
  QString DeviceName(const std::string& id) const;

  static QString ModeText(v1::IdentityMode mode);
  static QString RouteText(v1::CheckRoute route);
  static QString OutcomeText(v1::Outcome outcome);
  static QString SourceText(v1::CheckSource source);
  // Outcomes that need a second look by staff (shown in red).
  static bool IsProblem(v1::Outcome outcome);

 private:
  struct Entry {
    v1::ResultRow row;
    bool live = false;
  };
  QString SiteName(const std::string& id) const;

  std::vector<Entry> rows_;
  std::unordered_set<std::string> ids_;
  std::vector<std::pair<std::string, std::string>> site_names_;
  std::map<std::string, QString> device_names_;
};

}  // namespace kakunin::console
