#pragma once
// The raw COPY reference for kakunin-ingest-bench: the rows the server stores in check_results
// for this run's results, sent with libpq's COPY … FROM STDIN (text format) into a fresh
// `LIKE check_results INCLUDING ALL` table (same columns, defaults, primary key, unique and
// secondary indexes), one transaction per `transaction_rows` rows, synchronous_commit=on.
// No staging table, no patient table, no sealing, no audit: what PostgreSQL alone needs to
// store the same rows durably. With `all_tables`, each transaction also copies the other two
// rows the server writes per result, of the same sizes, into copies of check_patient_data and
// audit_log: what PostgreSQL alone needs for everything the server stores.

#include <cstdint>
#include <string>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "common/core/result.h"

namespace kakunin::bench {

struct CopyReport {
  double seconds = 0;
  int64_t rows = 0;
  int64_t transactions = 0;
};

// Agent i's rows belong to devices[i % size]; rows are interleaved one message batch per
// agent at a time, as they arrive at the server. The COPY text is built before the clock
// starts. The table's row count is checked afterwards.
Result<CopyReport> RunCopyReference(const std::string& dsn, const std::vector<Device>& devices,
                                    const std::string& site_id, const ResultFactory& factory,
                                    const LoadOptions& load, int transaction_rows,
                                    bool all_tables = false);

}  // namespace kakunin::bench
