#pragma once
// The raw COPY reference for kakunin-ingest-bench: the rows the server stores in check_results
// for this run's results, sent with libpq's COPY … FROM STDIN (binary or text format) into a fresh
// `LIKE check_results INCLUDING ALL` table (same columns, defaults, primary key, unique and
// secondary indexes), one transaction per `transaction_rows` rows, synchronous_commit=on.
// No staging table, no patient table, no sealing, no audit: what PostgreSQL alone needs to
// store the same rows durably. The other shapes add what else is stored per result, of the
// same sizes, into copies of check_patient_data and audit_log (see CopyShape).

#include <cstdint>
#include <string>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "common/core/result.h"

namespace kakunin::bench {

// What each transaction copies. kAllThree is what the server stores today; the last two are
// designs it does not implement, measured so the cost of the data model can be weighed (issue
// 18): the audit chain would hold one record per transaction carrying the Merkle root of its
// results' digests (each result row keeping its 32-byte digest, so any one result can still be
// proved against the chain), with the sealed patient fields in their own row or in the result's.
enum class CopyShape {
  kResultRows,           // check_results rows only
  kAllThree,             // + the sealed patient row + an audit record per result
  kAuditPerTransaction,  // result rows with a digest + patient rows + one audit record
  kOneRowPerResult,      // result rows with digest and sealed patient fields + one audit record
};

// Text by default: measured side by side, PostgreSQL took these rows in text no slower than in
// binary (bench/README), so text stays the stricter reference. Binary is what the server sends
// a backlog in (server/storage/pg_binary_copy.h): the same text, turned into binary before the
// clock starts.
enum class CopyFormat { kText, kBinary };

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
                                    CopyShape shape = CopyShape::kResultRows,
                                    CopyFormat format = CopyFormat::kText);

}  // namespace kakunin::bench
