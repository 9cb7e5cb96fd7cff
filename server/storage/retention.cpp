#include "server/storage/retention.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

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
}  // namespace

Result<RetentionReport> PurgeExpiredPatientData(pqxx::connection_base& conn,
                                                const domain::Date& today, int months) {
  RetentionReport report;
  try {
    pqxx::work tx(conn);
    auto parts = tx.exec(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'check_patient_data' "
        "ORDER BY c.relname");
    for (const auto& row : parts) {
      std::string name = row[0].c_str();
      auto month = PartitionMonth(name);
      if (!month) continue;
      domain::Date deadline = domain::ReviewDeadline(domain::EndOfMonth(*month), months);
      if (today <= deadline) continue;
      auto n = tx.exec1("SELECT count(*) FROM " + tx.quote_name(name))[0].as<long long>();
      tx.exec("DROP TABLE " + tx.quote_name(name));
      tx.exec_params(
          "INSERT INTO retention_runs(partition_name, month, rows_removed) VALUES ($1, $2::date, "
          "$3) "
          "ON CONFLICT (partition_name) DO UPDATE SET rows_removed = EXCLUDED.rows_removed, "
          "removed_at = now()",
          name, domain::FormatIso(*month), n);
      AppendAuditInTx(tx, {AuditEvent("retention.purged", "system", "", "", name,
                                      "{\"month\":\"" + domain::FormatIso(*month) + "\",\"rows\":" +
                                          std::to_string(n) + ",\"viewable_until\":\"" +
                                          domain::FormatIso(deadline) + "\"}")});
      report.dropped.push_back(name);
      report.rows_removed += n;
      spdlog::info("retention: dropped {} ({} patient records, viewable until {})", name, n,
                   domain::FormatIso(deadline));
    }
    tx.commit();
  } catch (const std::exception& e) {
    return DbError(e);
  }
  return report;
}

}  // namespace kakunin::server
