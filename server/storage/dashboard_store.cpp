#include "server/storage/dashboard_store.h"

#include <pqxx/pqxx>

#include "server/storage/pg_text.h"

namespace kakunin::server {
namespace {

google::protobuf::Timestamp FromMicros(int64_t us) {
  google::protobuf::Timestamp t;
  t.set_seconds(us / 1'000'000);
  t.set_nanos(static_cast<int32_t>((us % 1'000'000) * 1000));
  return t;
}

// One pass over the time range (index check_results_time); hours and days are Japan's, so a
// day bucket starts at 00:00 JST. Buckets come back as instants (UTC micros).
constexpr char kBuckets[] =
    "SELECT (extract(epoch FROM date_trunc($3, c.checked_at AT TIME ZONE 'Asia/Tokyo') "
    "AT TIME ZONE 'Asia/Tokyo') * 1e6)::bigint AS start_us, c.site_id, c.mode, "
    "count(*) AS checks, count(*) FILTER (WHERE c.outcome = $4) AS failures, "
    "count(*) FILTER (WHERE c.source IN ($5, $6)) AS fallbacks, "
    "count(*) FILTER (WHERE c.name_unrepresentable) AS unrepresentable "
    "FROM check_results c "
    "WHERE c.checked_at >= 'epoch'::timestamptz + $1::bigint * interval '1 microsecond' "
    "AND c.checked_at < 'epoch'::timestamptz + $2::bigint * interval '1 microsecond' "
    "AND ($7 = false OR c.site_id = ANY($8::text[])) "
    "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

// The fleet from the devices table (one row per terminal, kept current by heartbeats).
constexpr char kFleet[] =
    "SELECT count(*) FILTER (WHERE online) AS online, count(*) FILTER (WHERE NOT online) AS "
    "offline, count(*) FILTER (WHERE status = 'active' AND NOT extended_apdu) AS non_compliant, "
    "coalesce(sum(outbox_depth), 0)::bigint AS backlog FROM (SELECT status, extended_apdu, "
    "outbox_depth, coalesce(last_seen > now() - interval '90 seconds', false) AS online "
    "FROM devices WHERE status <> 'revoked' AND ($1 = false OR site_id = ANY($2::text[]))) d";

}  // namespace

Result<v1::Dashboard> DashboardStore::Compute(const DashboardQuery& q) {
  const bool scoped = q.site_scope != nullptr;
  const std::string scope = scoped ? PgTextArray(*q.site_scope) : "{}";
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::read_transaction tx(*conn);
    v1::Dashboard out;
    auto buckets = tx.exec_params(
        kBuckets, q.from_us, q.to_us, std::string(q.hourly ? "hour" : "day"),
        static_cast<int>(v1::OUTCOME_ERROR), static_cast<int>(v1::CHECK_SOURCE_RECHECK),
        static_cast<int>(v1::CHECK_SOURCE_DOCUMENT), scoped, scope);
    for (const auto& r : buckets) {
      auto* b = out.add_buckets();
      *b->mutable_start() = FromMicros(r["start_us"].as<int64_t>());
      b->set_site_id(r["site_id"].c_str());
      b->set_mode(static_cast<v1::IdentityMode>(r["mode"].as<int>()));
      b->set_checks(r["checks"].as<uint64_t>());
      b->set_failures(r["failures"].as<uint64_t>());
      b->set_fallbacks(r["fallbacks"].as<uint64_t>());
      b->set_names_unrepresentable(r["unrepresentable"].as<uint64_t>());
      out.set_names_unrepresentable(out.names_unrepresentable() + b->names_unrepresentable());
    }
    auto fleet = tx.exec_params(kFleet, scoped, scope)[0];
    out.set_devices_online(fleet["online"].as<uint32_t>());
    out.set_devices_offline(fleet["offline"].as<uint32_t>());
    out.set_devices_non_compliant(fleet["non_compliant"].as<uint32_t>());
    out.set_outbox_backlog(fleet["backlog"].as<uint64_t>());
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
