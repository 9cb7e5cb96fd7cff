#include "server/storage/dashboard_store.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "common/domain/card_failure.h"
#include "common/domain/reader_model.h"
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

// The window: from 00:00 Japan time `days`-1 days before today, until now (one transaction,
// so now() is the same instant in both queries).
constexpr char kFailureWindow[] =
    "SELECT (extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') - "
    "($1::int - 1) * interval '1 day') AT TIME ZONE 'Asia/Tokyo') * 1e6)::bigint AS from_us, "
    "(extract(epoch FROM now()) * 1e6)::bigint AS to_us";

// Card checks per site, reader name and (for failed ones) reason; names and reasons are cut as
// in the results list, since terminals send them.
constexpr char kFailureRows[] =
    "SELECT c.site_id, coalesce(max(s.name), '') AS site_name, left(c.reader_name, 128) AS "
    "reader, CASE WHEN c.outcome = $3 THEN left(c.error_reason, 64) END AS reason, "
    "count(*) AS n FROM check_results c LEFT JOIN sites s ON s.site_id = c.site_id "
    "WHERE c.source = $2 "
    "AND c.checked_at >= 'epoch'::timestamptz + $1::bigint * interval '1 microsecond' "
    "AND ($4 = false OR c.site_id = ANY($5::text[])) "
    "GROUP BY c.site_id, 3, 4";

v1::CardFailureKind ToProto(domain::CardFailureKind k) {
  using K = domain::CardFailureKind;
  switch (k) {
    case K::kUnreadable:
      return v1::CARD_FAILURE_UNREADABLE;
    case K::kPinLocked:
      return v1::CARD_FAILURE_PIN_LOCKED;
    case K::kPin:
      return v1::CARD_FAILURE_PIN;
    case K::kReaderNotCompliant:
      return v1::CARD_FAILURE_READER_NOT_COMPLIANT;
    case K::kReaderMissing:
      return v1::CARD_FAILURE_READER_MISSING;
    case K::kCardPlacement:
      return v1::CARD_FAILURE_CARD_PLACEMENT;
    case K::kNotMyNumberCard:
      return v1::CARD_FAILURE_NOT_MY_NUMBER_CARD;
    case K::kOther:
      return v1::CARD_FAILURE_OTHER;
  }
  return v1::CARD_FAILURE_OTHER;
}

struct Tally {
  std::string name;
  uint64_t checks = 0;
  uint64_t failures = 0;
  std::map<v1::CardFailureKind, uint64_t> kinds;
  std::set<std::string> reader_names;
};

// Most failures first, then the higher rate, then the key, so the order is stable.
void AddRows(const std::map<std::string, Tally>& tallies, int limit, bool models,
             google::protobuf::RepeatedPtrField<v1::FailureReportRow>* out) {
  std::vector<v1::FailureReportRow> rows;
  rows.reserve(tallies.size());
  for (const auto& [key, t] : tallies) {
    v1::FailureReportRow row;
    row.set_key(key);
    row.set_name(t.name);
    row.set_card_checks(t.checks);
    row.set_failures(t.failures);
    row.set_failure_rate(t.checks == 0 ? 0.0 : static_cast<double>(t.failures) / t.checks);
    std::vector<std::pair<v1::CardFailureKind, uint64_t>> kinds(t.kinds.begin(), t.kinds.end());
    std::stable_sort(kinds.begin(), kinds.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [kind, count] : kinds) {
      auto* r = row.add_reasons();
      r->set_kind(kind);
      r->set_count(count);
    }
    if (models) row.set_reader_names(static_cast<uint32_t>(t.reader_names.size()));
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.failures() != b.failures()) return a.failures() > b.failures();
    if (a.failure_rate() != b.failure_rate()) return a.failure_rate() > b.failure_rate();
    return a.key() < b.key();
  });
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) {
    *out->Add() = std::move(rows[i]);
  }
}

}  // namespace

Result<v1::FailureReport> DashboardStore::FailureReport(const FailureReportQuery& q) {
  if ((q.days != 7 && q.days != 30) || q.limit < 1 || q.limit > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "failures.bad_query",
                     "days must be 7 or 30 and limit 1-100");
  }
  const bool scoped = q.site_scope != nullptr;
  const std::string scope = scoped ? PgTextArray(*q.site_scope) : "{}";
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::read_transaction tx(*conn);
    v1::FailureReport out;
    out.set_days(static_cast<uint32_t>(q.days));
    auto window = tx.exec_params(kFailureWindow, q.days)[0];
    const auto from_us = window["from_us"].as<int64_t>();
    *out.mutable_from() = FromMicros(from_us);
    *out.mutable_to() = FromMicros(window["to_us"].as<int64_t>());
    auto rows = tx.exec_params(kFailureRows, from_us, static_cast<int>(v1::CHECK_SOURCE_CARD),
                               static_cast<int>(v1::OUTCOME_ERROR), scoped, scope);
    std::map<std::string, Tally> sites, models;
    for (const auto& r : rows) {
      const std::string reader = r["reader"].c_str();
      const auto n = r["n"].as<uint64_t>();
      Tally& site = sites[r["site_id"].c_str()];
      Tally& model = models[domain::ReaderModel(reader)];
      site.name = r["site_name"].c_str();
      model.reader_names.insert(reader);
      for (Tally* t : {&site, &model}) t->checks += n;
      out.set_card_checks(out.card_checks() + n);
      if (r["reason"].is_null()) continue;
      auto kind = domain::ClassifyCardFailure(r["reason"].c_str());
      if (!kind) continue;  // the service's fault, not the card's or the reader's
      for (Tally* t : {&site, &model}) {
        t->failures += n;
        t->kinds[ToProto(*kind)] += n;
      }
      out.set_failures(out.failures() + n);
    }
    out.set_sites_total(static_cast<uint32_t>(sites.size()));
    out.set_reader_models_total(static_cast<uint32_t>(models.size()));
    AddRows(sites, q.limit, false, out.mutable_sites());
    AddRows(models, q.limit, true, out.mutable_reader_models());
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

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
