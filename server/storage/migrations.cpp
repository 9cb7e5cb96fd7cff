#include "server/storage/migrations.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

namespace kakunin::server {
namespace {
// Arbitrary but fixed: "kakunin" in ASCII, used as the advisory-lock key for migrations.
constexpr long long kMigrationLockKey = 0x6b616b756e696eLL;
}  // namespace

Result<int> AppliedSchemaVersion(pqxx::connection_base& conn) {
  try {
    pqxx::read_transaction tx(conn);
    auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists[0].as<bool>()) return 0;
    return tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what());
  }
}

Result<bool> DatabaseWritable(pqxx::connection_base& conn) {
  try {
    pqxx::read_transaction tx(conn);
    return tx
        .exec1(
            "SELECT NOT pg_is_in_recovery() AND "
            "current_setting('default_transaction_read_only') = 'off'")[0]
        .as<bool>();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what());
  }
}

Result<MigrationReport> ApplyMigrations(pqxx::connection_base& conn,
                                        const std::vector<Migration>& migrations) {
  MigrationReport report;
  try {
    pqxx::work tx(conn);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
    auto row = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations");
    report.from_version = row[0].as<int>();
    int latest_known = migrations.empty() ? 0 : migrations.back().version;
    if (report.from_version > latest_known) {
      return MakeError(ErrorCode::kFailedPrecondition, "db.schema_too_new",
                       "database schema is version " + std::to_string(report.from_version) +
                           " but this server knows only up to " + std::to_string(latest_known) +
                           "; run a newer kakunin-server");
    }
    report.to_version = report.from_version;
    // All pending migrations in the same transaction as the lock: a failure leaves nothing half
    // applied, and a second replica waits, then finds nothing to do.
    for (const auto& m : migrations) {
      if (m.version <= report.from_version) continue;
      spdlog::info("applying migration {:04d}_{}", m.version, m.name);
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", m.version,
                     m.name);
      report.to_version = m.version;
      ++report.applied;
    }
    tx.commit();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.migration_failed", e.what());
  }
  return report;
}

}  // namespace kakunin::server
