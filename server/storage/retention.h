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

// Signed audit heads kept at HQ thin out with age: every head of the last `keep_all`, then the
// newest of each Japanese day. A head is signed every `--head-interval` (10 s) while results
// come in, about 8,640 a day and 0.6 GB a year, yet an old day's history is checked as well by
// its last head as by all of them (and terminals keep their own copies). At most `max_rows` go
// per call, in transactions of `batch`, so a first run over years of heads does not hold the
// maintenance thread: the next call goes on. Returns how many went.
inline constexpr std::chrono::hours kKeepEveryHeadFor{30 * 24};
Result<long long> ThinAuditHeads(pqxx::connection_base& conn,
                                 std::chrono::system_clock::time_point now,
                                 std::chrono::hours keep_all = kKeepEveryHeadFor,
                                 long long max_rows = 500'000, long long batch = 50'000);

}  // namespace kakunin::server
