#include "console/ui/dashboard_page.h"

#include <QDateTime>
#include <QFont>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QSplitter>
#include <QTabWidget>
#include <QTimeZone>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "console/models/backup_warning.h"
#include "console/models/labels.h"
#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

struct Answer {
  Result<v1::Dashboard> dashboard;
  Result<v1::ListSitesResponse> sites;
};

// One bar set per identity mode, in the same colours on every chart.
// The charts' legends share a narrow column with their plot: "顔認証付きカードリーダー" was cut
// to "顔認証付きカード…". The tiles and the table keep the full names.
struct ModeSets {
  QBarSet* visual = new QBarSet(Labels::IdentityMode(v1::IDENTITY_MODE_VISUAL));
  QBarSet* pin = new QBarSet(Labels::IdentityMode(v1::IDENTITY_MODE_PIN));
  //: Chart legend: checks made at a face-recognition card reader (keep it short).
  QBarSet* face = new QBarSet(DashboardPage::tr("Face reader", "chart legend"));
  ModeSets() {
    visual->setColor(QColor("#90a4ae"));
    pin->setColor(QColor("#3949ab"));
    face->setColor(QColor("#00897b"));
  }
  void AppendTo(QAbstractBarSeries* series) const { series->append({visual, pin, face}); }
};

QChart* NewChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  return chart;
}

// The time axis: bars stand at 0 … n-1. Every sixth hour (every third day when there are many)
// is labelled right under its bar, counting back from the newest so that "now" always has its
// label; each label owns the stretch since the previous one. Every third hour was too close at
// the console's default size (1280×640): Qt cut every label to 「...」.
QCategoryAxis* TimeAxis(const DashboardSeries& s) {
  auto* x = new QCategoryAxis;
  const int n = static_cast<int>(s.starts.size());
  const int step = s.hourly ? 6 : (n > 10 ? 3 : 1);
  x->setRange(-0.5, std::max(0, n - 1) + 0.5);
  for (int i = (n - 1) % step; i < n; i += step) {
    const QDateTime t =
        QDateTime::fromSecsSinceEpoch(s.starts[static_cast<size_t>(i)], QTimeZone(9 * 3600));
    //: Hour label on the chart's time axis (%1 = 0–23).
    x->append(s.hourly ? DashboardPage::tr("%1h").arg(t.time().hour())
                       : QStringLiteral("%1/%2").arg(t.date().month()).arg(t.date().day()),
              i);
  }
  x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  return x;
}

// A count or a percentage axis from 0 with whole-number ticks, at most `ticks` of them: "%d"
// under nice numbers of 0 … 1.1 read 「0 0 1 1」, and five ticks on a small chart were cut to
// 「...」.
void WholeNumberTicks(QValueAxis* axis, double max, int ticks) {
  const double wanted = std::max(1.0, max) / std::max(1, ticks - 1);
  double interval = 1;
  for (double decade = 1;; decade *= 10) {
    if (decade >= wanted) {
      interval = decade;
      break;
    }
    if (2 * decade >= wanted) {
      interval = 2 * decade;
      break;
    }
    if (5 * decade >= wanted) {
      interval = 5 * decade;
      break;
    }
  }
  const double top = interval * std::max(1.0, std::ceil(std::max(1.0, max) / interval));
  axis->setRange(0, top);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(interval);
  axis->setLabelFormat(QStringLiteral("%d"));
}

// The charts by time share a narrow column: no axis title (the labels say 時 or the date, the
// range box says the period), whole-number ticks, three at most.
void AttachAxes(QChart* chart, QAbstractSeries* series, const DashboardSeries& s, double max_y) {
  auto* x = TimeAxis(s);
  QFont small = x->labelsFont();
  small.setPointSize(8);
  x->setLabelsFont(small);
  x->setGridLineVisible(false);
  auto* y = new QValueAxis;
  y->setLabelsFont(small);
  WholeNumberTicks(y, max_y, 3);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
}

// The view releases its previous chart on setChart; it is deleted only after that.
void ReplaceChart(QChartView* view, QChart* chart) {
  QChart* old = view->chart();
  view->setChart(chart);
  delete old;
}

}  // namespace

DashboardPage::DashboardPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* head = new QHBoxLayout;
  auto* title = new QLabel(tr("Dashboard"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  range_box_ = new QComboBox;
  range_box_->addItem(tr("Last 24 hours, by hour"), true);
  range_box_->addItem(tr("Last 14 days, by day"), false);
  refresh_ = new QPushButton(tr("&Refresh"));
  updated_ = PlainLabel();
  updated_->setStyleSheet(QStringLiteral("color: #555555;"));
  head->addWidget(title);
  head->addStretch(1);
  head->addWidget(updated_);
  head->addWidget(range_box_);
  head->addWidget(refresh_);
  layout->addLayout(head);
  // Above everything else: without a backup, every figure below can be lost.
  backup_ = PlainLabel();
  backup_->setObjectName(QStringLiteral("backupWarning"));
  backup_->setWordWrap(true);
  backup_->setStyleSheet(QStringLiteral(
      "color: #b71c1c; font-weight: bold; background: #fdecea; border: 1px solid #f5c2c0; "
      "border-radius: 4px; padding: 6px;"));
  backup_->hide();
  layout->addWidget(backup_);
  layout->addWidget(BuildTiles());
  names_ = PlainLabel();
  names_->setObjectName(QStringLiteral("namesUnrepresentable"));
  names_->setWordWrap(true);
  layout->addWidget(names_);
  layout->addWidget(BuildCharts(), 1);
  connect(refresh_, &QPushButton::clicked, this, &DashboardPage::Refresh);
  connect(range_box_, &QComboBox::currentIndexChanged, this, &DashboardPage::Refresh);
  connect(&timer_, &QTimer::timeout, this, &DashboardPage::Refresh);
  SetRefreshInterval(std::chrono::minutes(1));
}

QWidget* DashboardPage::BuildTiles() {
  const QString captions[kTileCount] = {
      tr("Checks"),           tr("Failure rate"),      tr("Fallback rate"),
      tr("Terminals online"), tr("Terminals offline"), tr("Readers without extended APDU"),
      tr("Unsent results")};
  auto* row = new QWidget;
  auto* grid = new QHBoxLayout(row);
  grid->setContentsMargins(0, 0, 0, 0);
  for (int t = 0; t < kTileCount; ++t) {
    auto* tile = new QFrame;
    tile->setObjectName(QStringLiteral("tile"));
    tile->setStyleSheet(QStringLiteral(
        "QFrame#tile { background: #f5f7fa; border: 1px solid #d0d7de; border-radius: 6px; }"));
    auto* v = new QVBoxLayout(tile);
    tile_values_[t] = new QLabel(QStringLiteral("–"));
    tile_values_[t]->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold;"));
    auto* caption = new QLabel(captions[t]);
    caption->setWordWrap(true);
    caption->setStyleSheet(QStringLiteral("color: #444444;"));
    v->addWidget(tile_values_[t]);
    v->addWidget(caption);
    grid->addWidget(tile, 1);
  }
  return row;
}

QWidget* DashboardPage::BuildCharts() {
  model_ = new DashboardModel(this);
  deadlines_ = new DeadlinesModel(this);
  site_chart_ = new QChartView;
  mode_chart_ = new QChartView;
  rate_chart_ = new QChartView;
  for (auto* v : {site_chart_, mode_chart_, rate_chart_}) {
    v->setRenderHint(QPainter::Antialiasing);
    v->setMinimumHeight(200);
  }
  auto* charts = new QWidget;
  auto* grid = new QGridLayout(charts);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(site_chart_, 0, 0, 2, 1);
  grid->addWidget(mode_chart_, 0, 1);
  grid->addWidget(rate_chart_, 1, 1);
  grid->setColumnStretch(0, 3);
  grid->setColumnStretch(1, 2);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  site_totals_ = new SiteTotalsModel(this);
  site_sort_ = new QSortFilterProxyModel(this);
  site_sort_->setSourceModel(site_totals_);
  site_sort_->setSortRole(SiteTotalsModel::kSortRole);
  site_table_ = new QTableView;
  site_table_->setModel(site_sort_);
  site_table_->setSortingEnabled(true);
  site_table_->sortByColumn(SiteTotalsModel::kChecks, Qt::DescendingOrder);
  site_table_->verticalHeader()->hide();
  site_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* views = new QTabWidget;
  views->addTab(charts, tr("Charts"));
  views->addTab(table_, tr("Table"));
  //: Tab: one row per site with its checks, rates and 外字 names over the period.
  views->addTab(site_table_, tr("By site"));

  auto* side = new QWidget;
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(0, 0, 0, 0);
  auto* deadlines_title = new QLabel(tr("Nearest subsidy deadlines"));
  deadlines_title->setStyleSheet(QStringLiteral("font-weight: bold;"));
  deadline_table_ = new QTableView;
  deadline_table_->setModel(deadlines_);
  deadline_table_->verticalHeader()->hide();
  deadline_table_->setTextElideMode(Qt::ElideRight);
  deadline_table_->setWordWrap(false);
  deadline_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  deadline_table_->horizontalHeader()->setSectionResizeMode(DeadlinesModel::kProgram,
                                                            QHeaderView::Stretch);
  side_layout->addWidget(deadlines_title);
  side_layout->addWidget(deadline_table_, 1);
  // Issue 19: certificates at 90/60/30/7 days or expired (the calendar page lists them all).
  cert_warnings_ = new CertCalendarModel(this);
  auto* certs_title = new QLabel(CertCalendarModel::tr("Certificates expiring (90/60/30/7 days)"));
  certs_title->setStyleSheet(QStringLiteral("font-weight: bold;"));
  cert_table_ = new QTableView;
  cert_table_->setModel(cert_warnings_);
  cert_table_->verticalHeader()->hide();
  cert_table_->setWordWrap(false);
  for (int c : {CertCalendarModel::kLastDay, CertCalendarModel::kDetails}) {
    cert_table_->hideColumn(c);
  }
  cert_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  side_layout->addWidget(certs_title);
  side_layout->addWidget(cert_table_, 1);

  auto* split = new QSplitter;
  split->addWidget(views);
  split->addWidget(side);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 1);
  split->setSizes({860, 480});
  return split;
}

void DashboardPage::SetSession(std::shared_ptr<ConsoleClient> client) {
  client_ = std::move(client);
  SetRefreshInterval(interval_);  // EndSession stopped the timer
  Refresh();
}

void DashboardPage::EndSession() {
  client_.reset();
  timer_.stop();
}

void DashboardPage::SetRefreshInterval(std::chrono::milliseconds interval) {
  interval_ = interval;
  timer_.stop();
  if (interval.count() > 0) timer_.start(interval);
}

void DashboardPage::Refresh() {
  // A refresh still running is enough; timers must not pile calls up behind a slow server.
  if (!client_ || in_flight_) return;
  in_flight_ = true;
  const bool hourly = range_box_->currentData().toBool();
  const int64_t now = QDateTime::currentSecsSinceEpoch();
  const int64_t from = now - (hourly ? 23 * 3600 : 13 * 86400);
  v1::GetDashboardRequest req;
  req.mutable_from()->set_seconds(from);
  req.mutable_to()->set_seconds(now + 1);
  req.set_hourly(hourly);
  // Sites folded by the server (chart and table by time), plus one row per site for the table.
  req.set_site_detail(v1::DASHBOARD_SITE_DETAIL_TOTALS);
  // Ask from the start of the first shown hour or day, so its bucket is whole.
  const int64_t first = FoldDashboard({}, from, from + 1, hourly).starts.front();
  req.mutable_from()->set_seconds(first);
  runner_.Run(
      [client = client_, req] {
        return Answer{client->GetDashboard(req), client->ListSites()};
      },
      [this, first, now, hourly](Answer& a) {
        in_flight_ = false;
        if (!a.dashboard.ok()) {
          const QString text = ErrorText::For(a.dashboard.error());
          if (ErrorText::NeedsLogin(a.dashboard.error())) emit sessionExpired();
          updated_->setText(text);
          emit failed(text);
          return;
        }
        if (a.sites.ok()) {
          site_names_.clear();
          for (const auto& s : a.sites->sites()) site_names_.emplace_back(s.site_id(), s.name());
          deadlines_->SetSiteNames(site_names_);
          site_totals_->SetSiteNames(site_names_);
        }
        Show(*a.dashboard, first, now + 1, hourly);
        emit loaded();
      });
}

void DashboardPage::Show(const v1::Dashboard& d, int64_t from, int64_t to, bool hourly) {
  model_->SetSeries(FoldDashboard(d, from, to, hourly));
  site_totals_->SetSites(model_->series().sites);
  deadlines_->SetDeadlines({d.nearest_deadlines().begin(), d.nearest_deadlines().end()});
  cert_warnings_->SetEntries({d.certificate_warnings().begin(), d.certificate_warnings().end()});
  ShowTiles(d);
  ShowNames(d.names_unrepresentable());
  ShowBackup(d);
  DrawSiteChart();
  DrawModeChart();
  DrawRateChart();
  updated_->setText(
      tr("Updated %1").arg(Labels::DateTimeSeconds(QDateTime::currentSecsSinceEpoch())));
}

void DashboardPage::ShowTiles(const v1::Dashboard& d) {
  const auto& s = model_->series();
  auto set = [this](Tile t, const QString& text, bool warn) {
    tile_values_[t]->setText(text);
    tile_values_[t]->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold; color: %1;")
                                       .arg(warn ? "#b71c1c" : "#1a1a1a"));
  };
  const double failure = Percent(s.total_failures, s.total_checks);
  const double fallback = Percent(s.total_fallbacks, s.total_checks);
  set(kChecks, QLocale().toString(static_cast<qulonglong>(s.total_checks)), false);
  set(kFailureRate, QStringLiteral("%1 %").arg(failure, 0, 'f', 1), failure >= 5.0);
  set(kFallbackRate, QStringLiteral("%1 %").arg(fallback, 0, 'f', 1), fallback >= 10.0);
  set(kOnline, QString::number(d.devices_online()), false);
  set(kOffline, QString::number(d.devices_offline()), d.devices_offline() > 0);
  set(kNonCompliant, QString::number(d.devices_non_compliant()), d.devices_non_compliant() > 0);
  set(kBacklog, QLocale().toString(static_cast<qulonglong>(d.outbox_backlog())),
      d.outbox_backlog() > 0);
}

// 外字 the system shows as ● or 〓: the name on file may differ from the card's, so staff look.
void DashboardPage::ShowNames(uint64_t count) {
  names_->setText(tr("Names with characters the system cannot show (● or 〓): %1 in this "
                     "period. Check each against the name on the card.")
                      .arg(QLocale().toString(static_cast<qulonglong>(count))));
  names_->setStyleSheet(count > 0 ? QStringLiteral("color: #b71c1c; font-weight: bold;")
                                  : QStringLiteral("color: #444444;"));
}

void DashboardPage::ShowBackup(const v1::Dashboard& d) {
  const QString text = BackupWarning::Text(d, QDateTime::currentSecsSinceEpoch());
  backup_->setText(text);
  backup_->setVisible(!text.isEmpty());
}

void DashboardPage::DrawSiteChart() {
  const auto& s = model_->series();
  // The busiest sites only: 200 bars say nothing; the "By site" tab lists every one.
  std::vector<const SiteTotals*> top;
  for (const auto& t : s.sites) top.push_back(&t);
  std::stable_sort(top.begin(), top.end(),
                   [](const SiteTotals* a, const SiteTotals* b) { return a->checks > b->checks; });
  if (top.size() > static_cast<size_t>(kChartSites)) top.resize(kChartSites);
  std::reverse(top.begin(), top.end());  // horizontal bars are drawn from the bottom up
  auto* chart =
      NewChart(top.size() < s.sites.size()
                   //: Chart title: %1 sites with the most checks shown, of %2 sites with checks.
                   ? tr("Checks by site (busiest %1 of %2)").arg(top.size()).arg(s.sites.size())
                   : tr("Checks by site"));
  auto* series = new QHorizontalStackedBarSeries;
  ModeSets sets;
  QStringList names;
  uint64_t peak = 0;
  for (const SiteTotals* t : top) {
    *sets.visual << static_cast<double>(t->visual);
    *sets.pin << static_cast<double>(t->pin);
    *sets.face << static_cast<double>(t->face_reader);
    names << site_totals_->SiteName(t->site_id);
    peak = std::max(peak, t->checks);
  }
  sets.AppendTo(series);
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(names);
  auto* x = new QValueAxis;
  QFont small = x->labelsFont();
  small.setPointSize(8);
  y->setLabelsFont(small);
  x->setLabelsFont(small);
  WholeNumberTicks(x, static_cast<double>(peak), 5);
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(y);
  series->attachAxis(x);
  ReplaceChart(site_chart_, chart);
}

void DashboardPage::DrawModeChart() {
  const auto& s = model_->series();
  auto* chart = NewChart(tr("Checks by identity mode"));
  auto* series = new QStackedBarSeries;
  ModeSets sets;
  for (size_t i = 0; i < s.starts.size(); ++i) {
    *sets.visual << static_cast<double>(s.visual[i]);
    *sets.pin << static_cast<double>(s.pin[i]);
    *sets.face << static_cast<double>(s.face_reader[i]);
  }
  sets.AppendTo(series);
  chart->addSeries(series);
  const uint64_t peak = s.checks.empty() ? 0 : *std::max_element(s.checks.begin(), s.checks.end());
  AttachAxes(chart, series, s, static_cast<double>(peak));
  ReplaceChart(mode_chart_, chart);
}

void DashboardPage::DrawRateChart() {
  const auto& s = model_->series();
  auto* chart = NewChart(tr("Failure and fallback rates (%)"));
  auto* failures = new QLineSeries;
  failures->setName(tr("Failure rate"));
  failures->setColor(QColor("#c62828"));
  auto* fallbacks = new QLineSeries;
  //: Chart legend; the tile above spells out what counts as a fallback.
  fallbacks->setName(tr("Fallback rate", "chart legend"));
  fallbacks->setColor(QColor("#f9a825"));
  double peak = 0;
  for (size_t i = 0; i < s.starts.size(); ++i) {
    const double f = Percent(s.failures[i], s.checks[i]);
    const double b = Percent(s.fallbacks[i], s.checks[i]);
    failures->append(static_cast<double>(i), f);
    fallbacks->append(static_cast<double>(i), b);
    peak = std::max({peak, f, b});
  }
  chart->addSeries(failures);
  chart->addSeries(fallbacks);
  AttachAxes(chart, failures, s, std::min(100.0, peak));
  fallbacks->attachAxis(chart->axes(Qt::Horizontal).front());
  fallbacks->attachAxis(chart->axes(Qt::Vertical).front());
  ReplaceChart(rate_chart_, chart);
}

}  // namespace kakunin::console
