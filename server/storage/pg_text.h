#pragma once
// Text forms PostgreSQL accepts for parameters and COPY fields: arrays, timestamps, bytea.
// libpqxx 6.4 has no array or optional-bytea parameter types, so these few are spelled here.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::server {

// A database exception as the one error idiom. The SQL text goes to HQ's log, never to a
// client: a lost connection is "db.unavailable", input PostgreSQL refused (SQLSTATE class 22,
// which edge validation should have caught) is INVALID_ARGUMENT "db.invalid_input", a statement
// cancelled (57014: statement_timeout) or a lock waited for too long (55P03: lock_timeout)
// DEADLINE_EXCEEDED "db.timeout", anything else "db.error".
Error DbError(const std::exception& e);

// True for failures that a new connection may not see: the connection was lost or cut
// (SQLSTATE class 08, an administrator's or crash shutdown 57P0x, a leader change), the commit's
// outcome is unknown (in doubt), or the session reached a standby (25006, read-only). In a
// Patroni cluster these are what a failover looks like from the client.
bool IsTransientDbFailure(const std::exception& e);

// True for a statement cancelled (57014: statement_timeout, an administrator's cancel) or a wait
// for a lock past lock_timeout (55P03): the database made the caller wait too long.
bool IsDatabaseTimeout(const std::exception& e);

// '{"a","b"}' with every element quoted (commas, quotes and backslashes are safe).
std::string PgTextArray(const std::vector<std::string>& items);
// '2026-11-23 03:04:05.123456+00' for microseconds since the Unix epoch (UTC).
std::string PgTimestamp(int64_t unix_micros);
void PgTimestamp(int64_t unix_micros, std::string* out);  // the same, into a reused string
// '\x0a1b…' — bytea's hex input form.
std::string PgByteaHex(ByteView bytes);
void PgByteaHex(ByteView bytes, std::string* out);  // the same, into a reused string

}  // namespace kakunin::server

namespace pqxx {
class transaction_base;
class tablewriter;
}  // namespace pqxx

namespace kakunin::server {

// One row of COPY text format: the fields escaped (backslash, tab, newline, carriage return),
// joined by tabs, ending in a newline; appended to `out`. With `pick`, only the fields at those
// indexes, in that order.
void AppendCopyRow(const std::vector<std::string>& fields, std::string* out);
void AppendCopyRow(const std::vector<std::string>& fields, const std::vector<size_t>& pick,
                   std::string* out);

// COPY … FROM STDIN in text format, one row of already-textual fields at a time. libpqxx 6.4's
// stream_to takes only tuples; its tablewriter takes raw lines, so escaping happens here.
class CopyWriter {
 public:
  CopyWriter(pqxx::transaction_base& tx, const std::string& table,
             const std::vector<std::string>& columns);
  ~CopyWriter();
  void Row(const std::vector<std::string>& fields);
  // The fields at `pick`, in that order.
  void Row(const std::vector<std::string>& fields, const std::vector<size_t>& pick);
  void Complete();

 private:
  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string line_;
};

}  // namespace kakunin::server
