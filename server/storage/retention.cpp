#include "server/storage/retention.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <pqxx/pqxx>
#include <string_view>

#include "common/domain/review_window.h"
#include "server/audit/audit_store.h"
#include "server/storage/pg_text.h"

namespace kakunin::server {
namespace {
constexpr std::string_view kPrefix = "check_patient_data_";

// "check_patient_data_2026_10" → 2026-10-01; anything else is not ours to drop.
std::optional<domain::Date> PartitionMonth(const std::string& name) {
  if (name.size() != kPrefix.size() + 7 || name.compare(0, kPrefix.size(), kPrefix) != 0) {
    return std::nullopt;
  }
  auto text = name.substr(kPrefix.size());
  if (text[4] != '_') return std::nullopt;
  auto d = domain::ParseIsoDate(text.substr(0, 4) + "-" + text.substr(5, 2) + "-01");
  if (!d.ok()) return std::nullopt;
  return *d;
}

// Another session held what this step needed for longer than lock_timeout.
bool LockNotAvailable(const pqxx::sql_error& e) { return e.sqlstate() == "55P03"; }

struct Table {
  std::string name;
  domain::Date month;
  bool attached = false;
  bool detach_pending = false;  // a concurrent detach that was interrupted
};

// Every month table, attached or left detached by an earlier run that could not drop it.
std::vector<Table> MonthTables(pqxx::connection_base& conn) {
  pqxx::nontransaction tx(conn);
  auto rows = tx.exec(
      "SELECT c.relname, i.inhrelid IS NOT NULL, coalesce(i.inhdetachpending, false) "
      "FROM pg_class c LEFT JOIN pg_inherits i ON i.inhrelid = c.oid "
      "AND i.inhparent = 'check_patient_data'::regclass "
      "WHERE c.relkind = 'r' AND c.relname LIKE 'check\\_patient\\_data\\_%' "
      "AND pg_table_is_visible(c.oid) ORDER BY c.relname");
  std::vector<Table> out;
  for (const auto& row : rows) {
    std::string name = row[0].c_str();
    auto month = PartitionMonth(name);
    if (!month) continue;
    out.push_back({name, *month, row[1].as<bool>(), row[2].as<bool>()});
  }
  return out;
}

// Puts the session's lock_timeout back as the pool set it (RESET would clear the pool's bound).
struct RestoreLockTimeout {
  explicit RestoreLockTimeout(pqxx::connection_base& c) : conn(c) {
    pqxx::nontransaction tx(conn);
    before = tx.exec1("SHOW lock_timeout")[0].as<std::string>();
  }
  ~RestoreLockTimeout() {
    try {
      pqxx::nontransaction tx(conn);
      tx.exec("SET lock_timeout = " + tx.quote(before));
    } catch (const std::exception&) {
      // A broken connection: the pool replaces it, and a new one gets the pool's settings.
    }
  }
  pqxx::connection_base& conn;
  std::string before;
};

// Drops one detached month table, records and audits it, in one transaction.
long long DropDetached(pqxx::connection_base& conn, const Table& t, const domain::Date& deadline,
                       std::chrono::milliseconds lock_wait) {
  pqxx::work tx(conn);
  tx.exec("SET LOCAL lock_timeout = " + std::to_string(lock_wait.count()));
  const std::string table = tx.quote_name(t.name);
  tx.exec("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
  const auto n = tx.exec1("SELECT count(*) FROM " + table)[0].as<long long>();
  tx.exec("DROP TABLE " + table);
  tx.exec_params(
      "INSERT INTO retention_runs(partition_name, month, rows_removed) VALUES ($1, $2::date, $3) "
      "ON CONFLICT (partition_name) DO UPDATE SET rows_removed = EXCLUDED.rows_removed, "
      "removed_at = now()",
      t.name, domain::FormatIso(t.month), n);
  AppendAuditInTx(tx, {AuditEvent("retention.purged", "system", "", "", t.name,
                                  "{\"month\":\"" + domain::FormatIso(t.month) + "\",\"rows\":" +
                                      std::to_string(n) + ",\"viewable_until\":\"" +
                                      domain::FormatIso(deadline) + "\"}")});
  tx.commit();
  return n;
}

// The purge's session lock: every replica runs the hourly purge, and two at once on the same
// month failed with errors other than a lock wait ("not a partition"), which ended the run and
// left the later months for an hour.
struct PurgeLock {
  explicit PurgeLock(pqxx::connection_base& c) : conn(c) {
    pqxx::nontransaction tx(conn);
    held = tx.exec1("SELECT pg_try_advisory_lock(hashtext('kakunin_retention'))")[0].as<bool>();
  }
  ~PurgeLock() {
    if (!held) return;
    try {
      pqxx::nontransaction tx(conn);
      tx.exec("SELECT pg_advisory_unlock(hashtext('kakunin_retention'))");
    } catch (const std::exception&) {
      // A broken connection: its session, and the lock with it, is gone.
    }
  }
  pqxx::connection_base& conn;
  bool held = false;
};

// The last day a month table's checks may be viewed; the day after, it goes.
domain::Date LastViewableDay(const Table& t, int months) {
  return domain::ReviewDeadline(domain::EndOfMonth(t.month), months);
}
}  // namespace

Result<std::vector<std::string>> ExpiredPatientTables(pqxx::connection_base& conn,
                                                      const domain::Date& today, int months) {
  try {
    std::vector<std::string> out;
    for (const Table& t : MonthTables(conn)) {
      if (today > LastViewableDay(t, months)) out.push_back(t.name);
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<RetentionReport> PurgeExpiredPatientData(pqxx::connection_base& conn,
                                                const domain::Date& today, int months,
                                                std::chrono::milliseconds lock_wait) {
  RetentionReport report;
  try {
    PurgeLock lock(conn);
    if (!lock.held) {
      report.another_purging = true;
      return report;
    }
    for (const Table& t : MonthTables(conn)) {
      const domain::Date deadline = LastViewableDay(t, months);
      if (today <= deadline) continue;
      try {
        if (t.attached) {
          // Outside a transaction (PostgreSQL requires it); the session's lock_timeout bounds
          // both of its waits and is put back whatever happens (the connection goes back to a
          // pool).
          RestoreLockTimeout restore{conn};
          pqxx::nontransaction tx(conn);
          tx.exec("SET lock_timeout = " + std::to_string(lock_wait.count()));
          tx.exec("ALTER TABLE check_patient_data DETACH PARTITION " + tx.quote_name(t.name) +
                  (t.detach_pending ? " FINALIZE" : " CONCURRENTLY"));
        }
        const long long n = DropDetached(conn, t, deadline, lock_wait);
        report.dropped.push_back(t.name);
        report.rows_removed += n;
        spdlog::info("retention: dropped {} ({} patient records, viewable until {})", t.name, n,
                     domain::FormatIso(deadline));
      } catch (const pqxx::sql_error& e) {
        if (!LockNotAvailable(e)) throw;
        report.waiting.push_back(t.name);
        spdlog::warn(
            "retention: {} is expired but another session (a backup?) holds it; it is left for "
            "a later run",
            t.name);
      }
    }
  } catch (const std::exception& e) {
    return DbError(e);
  }
  return report;
}

Result<long long> ThinAuditHeads(pqxx::connection_base& conn,
                                 std::chrono::system_clock::time_point now, HeadThinning* walk,
                                 std::chrono::hours keep_all, long long max_rows, long long batch) {
  const auto cut =
      std::chrono::duration_cast<std::chrono::seconds>((now - keep_all).time_since_epoch()).count();
  long long removed = 0, examined = 0;
  walk->reached_recent = false;
  try {
    while (examined < max_rows && !walk->reached_recent) {
      pqxx::work tx(conn);
      // One more than the batch: the last head's fate needs the one after it.
      const auto rows = tx.exec_params(
          "SELECT size, ((signed_at AT TIME ZONE 'Asia/Tokyo')::date)::text, "
          "signed_at < to_timestamp($2) FROM audit_heads WHERE size > $1 ORDER BY size LIMIT $3",
          static_cast<int64_t>(walk->after), static_cast<int64_t>(cut),
          static_cast<int64_t>(batch + 1));
      std::vector<std::string> doomed;
      size_t i = 0;
      for (; i + 1 < rows.size(); ++i) {
        if (!rows[i][2].as<bool>()) {
          walk->reached_recent = true;
          break;
        }
        // The newest head of its day is the last before the day changes.
        if (std::string_view(rows[i][1].c_str()) == rows[i + 1][1].c_str()) {
          doomed.push_back(rows[i][0].c_str());
        }
        walk->after = rows[i][0].as<uint64_t>();
      }
      // The end of the heads: the newest head always stays.
      if (rows.size() <= static_cast<size_t>(batch)) walk->reached_recent = true;
      examined += static_cast<long long>(i) + 1;
      if (!doomed.empty()) {
        removed += tx.exec_params("DELETE FROM audit_heads WHERE size = ANY($1::bigint[])",
                                  PgTextArray(doomed))
                       .affected_rows();
      }
      tx.commit();
    }
  } catch (const std::exception& e) {
    return DbError(e);
  }
  if (removed > 0) spdlog::info("retention: {} older audit heads thinned to one a day", removed);
  return removed;
}

}  // namespace kakunin::server
