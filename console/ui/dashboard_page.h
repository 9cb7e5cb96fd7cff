#pragma once
// The Dashboard page: checks per hour (last 24 h) or per day (last 14 days) by identity mode,
// failure and fallback rates, the busiest sites and a table of every site over the period, the
// fleet (online / offline / readers without extended APDUs / unsent results), the names with
// 外字 to check on the card, the nearest subsidy deadlines and, for HQ administrators, a warning
// when HQ's own backup is missing or old. Figures come from GetDashboard
// (sites folded by the server, with one total per site) on a worker thread; the page refreshes
// itself every minute while shown.

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QWidget>
#include <QtCharts/QChartView>
#include <chrono>
#include <memory>

#include "console/client/console_client.h"
#include "console/models/cert_calendar_model.h"
#include "console/models/dashboard_model.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class DashboardPage : public QWidget {
  Q_OBJECT
 public:
  enum Tile {
    kChecks,
    kFailureRate,
    kFallbackRate,
    kOnline,
    kOffline,
    kNonCompliant,
    kBacklog,
    kTileCount
  };
  explicit DashboardPage(QWidget* parent = nullptr);
  void SetSession(std::shared_ptr<ConsoleClient> client);
  void EndSession();
  // 0 turns automatic refresh off.
  void SetRefreshInterval(std::chrono::milliseconds interval);

  DashboardModel* model() { return model_; }
  DeadlinesModel* deadlines() { return deadlines_; }
  // Issue 18: one row per site over the period (Dashboard.site_totals), sortable in the view.
  SiteTotalsModel* site_totals() { return site_totals_; }
  QTableView* site_table() { return site_table_; }
  // Issue 19: certificates at a warning threshold or expired (Dashboard.certificate_warnings).
  CertCalendarModel* certificate_warnings() { return cert_warnings_; }
  QComboBox* range_box() { return range_box_; }
  QLabel* tile_value(Tile t) { return tile_values_[t]; }
  // Names with 外字 in the period (Dashboard.names_unrepresentable), each to check on the card.
  QLabel* names_label() { return names_; }
  // HQ's own backups, for HQ administrators: hidden unless none was ever taken or the newest is
  // over two days old (Dashboard.last_backup, BackupWarning).
  QLabel* backup_label() { return backup_; }
  // The busiest sites (at most kChartSites), as bars by identity mode.
  QChartView* site_chart() { return site_chart_; }
  static constexpr int kChartSites = 10;
  QChartView* mode_chart() { return mode_chart_; }
  QChartView* rate_chart() { return rate_chart_; }
  int pending_calls() const { return runner_.pending(); }

 public slots:
  void Refresh();

 signals:
  void loaded();
  void failed(QString message);
  void sessionExpired();

 private:
  QWidget* BuildTiles();
  QWidget* BuildCharts();
  void Show(const v1::Dashboard& dashboard, int64_t from, int64_t to, bool hourly);
  void ShowTiles(const v1::Dashboard& dashboard);
  void ShowNames(uint64_t names_unrepresentable);
  void ShowBackup(const v1::Dashboard& dashboard);
  void DrawSiteChart();
  void DrawModeChart();
  void DrawRateChart();

  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  std::vector<std::pair<std::string, std::string>> site_names_;
  bool in_flight_ = false;
  QTimer timer_;
  std::chrono::milliseconds interval_{0};
  DashboardModel* model_;
  DeadlinesModel* deadlines_;
  SiteTotalsModel* site_totals_;
  QSortFilterProxyModel* site_sort_;
  CertCalendarModel* cert_warnings_;
  QComboBox* range_box_;
  QPushButton* refresh_;
  QLabel* updated_;
  QLabel* tile_values_[kTileCount] = {};
  QLabel* names_;
  QLabel* backup_;
  QChartView* site_chart_;
  QChartView* mode_chart_;
  QChartView* rate_chart_;
  QTableView* table_;
  QTableView* site_table_;
  QTableView* deadline_table_;
  QTableView* cert_table_;
};

}  // namespace kakunin::console
