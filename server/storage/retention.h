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
  // Another replica was purging (it holds the purge's advisory lock): this run did nothing.
  bool another_purging = false;
};

inline constexpr std::chrono::milliseconds kRetentionLockWait{2000};

// The month tables PurgeExpiredPatientData would drop today: a backup leaves their rows out, so
// that a restore (or a copy kept off the host) cannot bring back patient fields past their
// window.
Result<std::vector<std::string>> ExpiredPatientTables(pqxx::connection_base& conn,
                                                      const domain::Date& today, int months);

// `today` is Japan's civil date. A partition for month M is dropped when the last check of M is
// no longer viewable, i.e. today > ReviewDeadline(last day of M, months). Runs its own
// transactions on `conn`, which must not be in one.

Result<RetentionReport> PurgeExpiredPatientData(
    pqxx::connection_base& conn, const domain::Date& today, int months,
    std::chrono::milliseconds lock_wait = kRetentionLockWait);

// Signed audit heads kept at HQ thin out with age: every head of the last `keep_all`, then the
// newest of each Japanese day. A head is signed every `--head-interval` (10 s) while results
// come in, about 8,640 a day and 0.6 GB a year, yet an old day's history is checked as well by
// its last head as by all of them (and terminals keep their own copies).
//
// The walk goes up the heads' sizes (their primary key) in batches of `batch`, deleting a head
// when the next one is of the same Japanese day, and stops at the first head newer than the cut.
// `walk` keeps where it got to, so the next call starts there: each call looks at most at
// `max_rows` heads (a few hundred milliseconds), and the maintenance thread that also answers
// health is never held for long, even by a first run over years of heads. (A window over every
// old head took 3-4 s a batch and 37 s a run at a year of heads.)
inline constexpr std::chrono::hours kKeepEveryHeadFor{30 * 24};
struct HeadThinning {
  uint64_t after = 0;           // heads up to this size are thinned
  bool reached_recent = false;  // the last call got to the cut (or the end): nothing old left
};
Result<long long> ThinAuditHeads(pqxx::connection_base& conn,
                                 std::chrono::system_clock::time_point now, HeadThinning* walk,
                                 std::chrono::hours keep_all = kKeepEveryHeadFor,
                                 long long max_rows = 50'000, long long batch = 5'000);

}  // namespace kakunin::server
