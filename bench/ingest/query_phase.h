#pragma once
// The query phase of kakunin-ingest-bench (issue 18: "dashboards flat at 10 M results"). Rows go
// straight into the real schema by INSERT … SELECT inside PostgreSQL (the migrations' triggers
// included, so the dashboard's counts are kept as in production): `rows` checks of `sites` sites
// with `devices_per_site` terminals each, evenly over `days` days up to now, with sealed-size
// patient rows for the last 45 days (what retention keeps). Then the console's own RPCs go
// through the running kakunin-server as HQ: QueryResults page 1 and deep pages (keyset page
// tokens), with and without a site filter, and GetDashboard by hour over a day and by day over
// 30 and 365 days as the console asks for it (sites folded, one row per site). Each answer is
// checked — the exact check ids of a page, every dashboard bucket and site row against the raw
// aggregation in SQL — and a wrong one fails the phase.

#include <cstdint>
#include <string>
#include <vector>

#include "bench/ingest/bench_rig.h"
#include "common/core/result.h"

namespace kakunin::bench {

struct QueryOptions {
  int64_t rows = 0;  // 0: the phase is skipped
  int sites = 200;
  int devices_per_site = 5;
  int days = 395;   // about 13 months
  int repeats = 5;  // timed calls per RPC, after one untimed call
};

struct QueryTiming {
  std::string what;
  std::string answer;  // e.g. "100 rows" or "219000 buckets"
  double median_ms = 0;
  double max_ms = 0;
  double raw_sql_ms = -1;  // the same figures aggregated from check_results in SQL, if any
};

struct QueryReport {
  int64_t rows = 0;
  double load_seconds = 0;
  std::vector<QueryTiming> timings;
};

inline constexpr double kQueryBoundMs = 100;

Result<QueryReport> RunQueryPhase(BenchRig& rig, const QueryOptions& options);
void PrintQueryTable(const QueryOptions& options, const QueryReport& report);

}  // namespace kakunin::bench
