#pragma once
// The console's dashboard figures, computed by PostgreSQL in a handful of aggregate queries:
// checks per Japanese hour or day by identity mode (and site, when asked), per-site totals of
// the range (with failures and fallbacks), and the fleet's state from the terminals' latest
// heartbeats. Nothing here reads patient data.

#include <cstdint>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/console.pb.h"
#include "server/storage/pool.h"

namespace kakunin::server {

struct DashboardQuery {
  int64_t from_us = 0;  // checked_at >= from
  int64_t to_us = 0;    // checked_at < to
  bool hourly = false;  // else Japanese calendar days
  // The request's "now" (the default `to`): which side of a partial hour is read row by row.
  int64_t now_us = 0;
  // Issue 18: buckets per site (else sites folded, site_id empty), and per-site totals of the
  // whole range (Dashboard.site_totals).
  bool buckets_by_site = false;
  bool site_totals = false;
  // Sites the caller may see; nullptr = every site. Folding sums these sites only.
  const std::vector<std::string>* site_scope = nullptr;
};

// HQ's failure report (issue 19): card checks of the last `days` Japanese calendar days (today
// included) per site and per reader model.
struct FailureReportQuery {
  int days = 7;    // 7 or 30
  int limit = 20;  // rows per table, 1–100
  // Sites the caller may see; nullptr = every site.
  const std::vector<std::string>* site_scope = nullptr;
};

class DashboardStore {
 public:
  explicit DashboardStore(ConnectionPool* pool) : pool_(pool) {}

  // Buckets and fleet figures; nearest deadlines are the subsidy store's and added by the caller.
  // A failure is an OUTCOME_ERROR check (not completed); a fallback is one whose answer rests on
  // something other than the card (再照会 or a document). Online = not revoked and seen within
  // the last 90 s (as in ListDevices); non-compliant = an active terminal whose reader lacks
  // extended APDUs; the backlog is Σ outbox depth last reported by non-revoked terminals.
  Result<v1::Dashboard> Compute(const DashboardQuery& query);

  // Failures (common/domain/card_failure.h) and card checks grouped by site and by reader; the
  // readers' PC/SC names are merged into models here (domain::ReaderModel), not in SQL. Rows
  // with the most failures first, cut at `limit`.
  Result<v1::FailureReport> FailureReport(const FailureReportQuery& query);

  // The newest backup recorded in this database (table backups), finished_at unset when none
  // ever was. For HQ administrators: the caller decides who sees it.
  Result<v1::Dashboard::Backup> LastBackup();

 private:
  ConnectionPool* pool_;
};

}  // namespace kakunin::server
