#pragma once
// The retention job: patient data of a check may be re-viewed until its window ends (翌月末 by
// default, configurable in months); after that the whole month's partition of
// check_patient_data is detached and dropped. Non-personal rows in check_results stay for
// statistics. Each drop is recorded in retention_runs and audited.
//
// Neither step may stall ingest. A plain DROP of a partition takes ACCESS EXCLUSIVE on
// check_patient_data and waits behind any reader of it (a pg_dump backup holds every table for
// its whole run); every writer's insert of patient rows then queues behind the DROP. So the
// partition is first detached CONCURRENTLY (no lock that inserts wait for), then dropped alone;
// every wait is bounded by `lock_wait`, and a partition still held is left for a later run.

#include <chrono>
#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"

namespace kakunin::server {

struct RetentionReport {
  std::vector<std::string> dropped;  // partition names
  long long rows_removed = 0;
  // Expired, but another session held them longer than `lock_wait`: no longer viewable once
  // detached; dropped by a later run.
  std::vector<std::string> waiting;
};

inline constexpr std::chrono::milliseconds kRetentionLockWait{2000};

// `today` is Japan's civil date. A partition for month M is dropped when the last check of M is
// no longer viewable, i.e. today > ReviewDeadline(last day of M, months). Runs its own
// transactions on `conn`, which must not be in one.
Result<RetentionReport> PurgeExpiredPatientData(
    pqxx::connection_base& conn, const domain::Date& today, int months,
    std::chrono::milliseconds lock_wait = kRetentionLockWait);

}  // namespace kakunin::server
