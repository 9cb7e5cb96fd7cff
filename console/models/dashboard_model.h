#pragma once
// The dashboard's numbers as the page draws them: GetDashboard's buckets (one per time ×
// identity mode, sites folded by the server) summed into one row per hour or day of the range,
// with empty hours and days kept (a chart with gaps closed up would lie about quiet periods);
// one row per site for the whole range (Dashboard.site_totals); and the nearest subsidy
// deadlines as a table.

#include <QAbstractTableModel>
#include <string>
#include <vector>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

// One site's figures over the whole range.
struct SiteTotals {
  std::string site_id;
  uint64_t checks = 0, visual = 0, pin = 0, face_reader = 0;  // by identity mode
  uint64_t failures = 0, fallbacks = 0, names_unrepresentable = 0;
};

struct DashboardSeries {
  bool hourly = false;
  std::vector<int64_t> starts;                        // bucket starts (Unix seconds), ascending
  std::vector<SiteTotals> sites;                      // sites with checks in the range, by id
  std::vector<uint64_t> visual, pin, face_reader;     // [bucket], by identity mode
  std::vector<uint64_t> checks, failures, fallbacks;  // [bucket]
  std::vector<uint64_t> names_unrepresentable;        // [bucket]: names with 外字 (● or 〓)
  uint64_t total_checks = 0, total_failures = 0, total_fallbacks = 0;
};

// Buckets of [from, to): whole Japanese hours or days (00:00 JST) covering the range. Sites
// come from Dashboard.site_totals, or from buckets per site when there are none (a server
// before issue 18).
DashboardSeries FoldDashboard(const v1::Dashboard& dashboard, int64_t from_seconds,
                              int64_t to_seconds, bool hourly);
// Percent of `part` in `whole`, 0 when there is nothing.
double Percent(uint64_t part, uint64_t whole);

// One row per hour or day: the table twin of the charts (keyboard- and screen-reader-friendly).
class DashboardModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    kTime,
    kChecks,
    kVisual,
    kPin,
    kFaceReader,
    kFailures,
    kFailureRate,
    kFallbacks,
    kFallbackRate,
    kNamesUnrepresentable,
    kColumnCount
  };
  explicit DashboardModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetSeries(DashboardSeries series);
  const DashboardSeries& series() const { return series_; }
  // "11月23日 14時" (hourly) or "11月23日(月)" (daily), in Japan time.
  static QString BucketLabel(int64_t start_seconds, bool hourly);

 private:
  DashboardSeries series_;
};

// One row per site over the whole range (Dashboard.site_totals), shown by name. Qt::UserRole
// holds each cell's value to sort by (numbers, not their text).
class SiteTotalsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    kSite,
    kChecks,
    kVisual,
    kPin,
    kFaceReader,
    kFailures,
    kFailureRate,
    kFallbacks,
    kFallbackRate,
    kNamesUnrepresentable,
    kColumnCount
  };
  static constexpr int kSortRole = Qt::UserRole;
  explicit SiteTotalsModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetSites(std::vector<SiteTotals> sites);
  void SetSiteNames(std::vector<std::pair<std::string, std::string>> names);
  // The site's name when known, else its id.
  QString SiteName(const std::string& id) const;

 private:
  std::vector<SiteTotals> rows_;
  std::vector<std::pair<std::string, std::string>> site_names_;
};

// The nearest subsidy deadlines, soonest first, warnings coloured.
class DeadlinesModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kDaysLeft, kDeadline, kSite, kProgram, kClaimable, kColumnCount };
  explicit DeadlinesModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  void SetDeadlines(std::vector<v1::Deadline> deadlines);
  void SetSiteNames(std::vector<std::pair<std::string, std::string>> names);

 private:
  QString SiteName(const std::string& id) const;
  std::vector<v1::Deadline> rows_;
  std::vector<std::pair<std::string, std::string>> site_names_;
};

}  // namespace kakunin::console
