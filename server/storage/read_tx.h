#pragma once
// A read-only transaction whose every statement the pool bounds (ConnectionPool::SetReadTimeout):
// a console search or dashboard that runs too long is cancelled ("db.timeout") instead of
// keeping its connection after the person stopped waiting.
//
// Only read-only transactions get statement_timeout, with SET LOCAL: in a transaction that
// writes, a cancel that lands while COMMIT waits for the synchronous standby ends the wait with a
// warning and reports success for a commit the standby may not have. Waits for locks are bounded
// for every statement by the pool's lock_timeout, which never touches that wait.

#include <pqxx/transaction>
#include <string>

#include "server/storage/pg_connection.h"

namespace kakunin::server {

// The pool's read bound on every later statement of `tx`, a read-only transaction on `conn`
// (for a snapshot other than ReadTx's: the dashboard's, the audit walk's).
inline void BoundReads(pqxx::transaction_base& tx, const PgConnection& conn) {
  if (conn.read_timeout_ms() > 0) {
    tx.exec0("SET LOCAL statement_timeout = " + std::to_string(conn.read_timeout_ms()));
  }
}

class ReadTx : public pqxx::read_transaction {
 public:
  // namedclass is a virtual base: the most derived class names it.
  explicit ReadTx(PgConnection& conn)
      : pqxx::internal::namedclass{"transaction<READ COMMITTED>"}, pqxx::read_transaction(conn) {
    BoundReads(*this, conn);
  }
};

}  // namespace kakunin::server
