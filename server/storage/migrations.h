#pragma once
// Versioned schema migrations (server/migrations/NNNN_name.sql), applied at start-up in order,
// each in its own transaction and recorded in schema_migrations. A database whose schema is
// newer than this binary is refused: an old binary must not write into a schema it does not know.

#include <pqxx/connection>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::server {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& AllMigrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  int applied = 0;
};

// The newest version recorded in schema_migrations (0 on an empty database).
Result<int> AppliedSchemaVersion(pqxx::connection_base& conn);

// True when this connection's server takes writes: a primary, not a standby nor a demoted old
// leader of a cluster (pg_is_in_recovery), and not read-only by default.
Result<bool> DatabaseWritable(pqxx::connection_base& conn);

// Serialised across replicas with an advisory lock, so two servers starting together are safe.
Result<MigrationReport> ApplyMigrations(pqxx::connection_base& conn,
                                        const std::vector<Migration>& migrations);

}  // namespace kakunin::server
