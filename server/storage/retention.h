#pragma once
// The retention job: patient data of a check may be re-viewed until its window ends (翌月末 by
// default, configurable in months); after that the whole month's partition of
// check_patient_data is dropped. Non-personal rows in check_results stay for statistics.
// Each drop is recorded in retention_runs.

#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"

namespace kakunin::server {

struct RetentionReport {
  std::vector<std::string> dropped;  // partition names
  long long rows_removed = 0;
};

// `today` is Japan's civil date. A partition for month M is dropped when the last check of M is
// no longer viewable, i.e. today > ReviewDeadline(last day of M, months).
Result<RetentionReport> PurgeExpiredPatientData(pqxx::connection_base& conn,
                                                const domain::Date& today, int months);

}  // namespace kakunin::server
