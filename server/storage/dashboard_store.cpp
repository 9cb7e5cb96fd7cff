#include "server/storage/dashboard_store.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "common/domain/card_failure.h"
#include "common/domain/reader_model.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {
namespace {

google::protobuf::Timestamp FromMicros(int64_t us) {
  google::protobuf::Timestamp t;
  t.set_seconds(us / 1'000'000);
  t.set_nanos(static_cast<int32_t>((us % 1'000'000) * 1000));
  return t;
}

// The dashboard reads the counts migrations 0011, 0012 and 0013 keep (per site by hour, day and
// month; sites folded by hour and day) for the whole Japanese hours, days and months of its range,
// and check_results only for the partial hours at its two ends (or the rest of those hours, when
// that is less): at most an hour of rows at each end whatever the table holds. The counts hard-code
// these enum values (triggers cannot include the proto).
static_assert(v1::OUTCOME_ERROR == 9 && v1::CHECK_SOURCE_RECHECK == 2 &&
              v1::CHECK_SOURCE_DOCUMENT == 3);

// Where the range's whole Japanese hours, days and months begin and end, as PostgreSQL cuts
// them: for each unit, the first whole one's start and the last whole one's end.
constexpr char kBounds[] =
    "WITH b AS (SELECT 'epoch'::timestamptz + $1::bigint * interval '1 microsecond' AS f, "
    "'epoch'::timestamptz + $2::bigint * interval '1 microsecond' AS t), "
    "u (unit, k) AS (VALUES ('hour', 1), ('day', 2), ('month', 3)), "
    "l AS (SELECT k, unit, f, date_trunc(unit, f AT TIME ZONE 'Asia/Tokyo') AS fl, "
    "date_trunc(unit, t AT TIME ZONE 'Asia/Tokyo') AS tl FROM b, u) "
    "SELECT (extract(epoch FROM CASE WHEN fl AT TIME ZONE 'Asia/Tokyo' = f THEN f ELSE "
    "(fl + ('1 ' || unit)::interval) AT TIME ZONE 'Asia/Tokyo' END) * 1e6)::bigint, "
    "(extract(epoch FROM tl AT TIME ZONE 'Asia/Tokyo') * 1e6)::bigint FROM l ORDER BY k";

struct Bounds {
  int64_t first_hour, last_hour, first_day, last_day, first_month, last_month;
};

// One part of the range [lo, hi) and where its counts come from; kResultsSubtracted are rows
// taken away from the counts of the hour they fall in.
enum class Source { kResults, kResultsSubtracted, kHourly, kDaily, kMonthly };
struct Part {
  Source source;
  int64_t lo_us, hi_us;
};

// What a query sums into one row: the bucket ("hour", "day", or "" for the whole range) and
// whether sites stay apart. `chain` reads the tables without sites (no scope to apply).
struct Grouping {
  std::string unit;
  bool by_site = false;
  bool chain = false;
};

std::string Instant(int64_t us) {
  return "('epoch'::timestamptz + " + std::to_string(us) + "::bigint * interval '1 microsecond')";
}

// One part as rows of (start, site_id, mode, checks, failures, fallbacks, unrepresentable).
std::string PartSql(const Part& p, const Grouping& g, bool scoped) {
  const std::string lo = Instant(p.lo_us), hi = Instant(p.hi_us);
  const std::string site = g.by_site ? "site_id" : "''::text";
  auto bucket = [&](const std::string& column, const std::string& column_unit) {
    if (g.unit.empty()) return std::string("NULL::timestamptz");
    if (g.unit == column_unit) return column;
    return "date_trunc('" + g.unit + "', " + column + " AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE " +
           "'Asia/Tokyo'";
  };
  const std::string scope = scoped ? " AND site_id = ANY($1::text[])" : "";
  if (p.source == Source::kResults || p.source == Source::kResultsSubtracted) {
    const std::string sign = p.source == Source::kResults ? "" : "-";
    return "SELECT " + bucket("checked_at", "") + " AS start, " + site + " AS site_id, mode, " +
           sign + "1 AS checks, " + sign + "(outcome = " + std::to_string(v1::OUTCOME_ERROR) +
           ")::int AS failures, " + sign + "(source IN (" +
           std::to_string(v1::CHECK_SOURCE_RECHECK) + ", " +
           std::to_string(v1::CHECK_SOURCE_DOCUMENT) + "))::int AS fallbacks, " + sign +
           "name_unrepresentable::int AS unrepresentable FROM check_results WHERE checked_at >= " +
           lo + " AND checked_at < " + hi + scope;
  }
  const std::string unit = p.source == Source::kHourly  ? "hour"
                           : p.source == Source::kDaily ? "day"
                                                        : "month";
  const std::string table = std::string("check_counts_") + (g.chain ? "chain_" : "") +
                            (unit == "month" ? "monthly"
                             : unit == "day" ? "daily"
                                             : "hourly");
  const std::string column = unit + "_start";
  return "SELECT " + bucket(column, unit) + " AS start, " + site +
         " AS site_id, mode, checks, failures, fallbacks, unrepresentable FROM " + table +
         " WHERE " + column + " >= " + lo + " AND " + column + " < " + hi + scope;
}

// Rows summed over parts and slots, grouped on the bucket's instant (cheaper than on its
// micros), in the order of the old single query: start, site, mode. The bounds and enum values
// are our own, written into the text; the scope is $1 when there is one.
std::string GroupSql(const std::vector<Part>& parts, const Grouping& g, bool scoped) {
  std::string sql =
      "SELECT (extract(epoch FROM start) * 1e6)::bigint AS start_us, site_id, mode, "
      "sum(checks) AS checks, sum(failures) AS failures, sum(fallbacks) AS fallbacks, "
      "sum(unrepresentable) AS unrepresentable FROM (";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) sql += " UNION ALL ";
    sql += PartSql(parts[i], g, scoped);
  }
  return sql +
         ") u GROUP BY start, site_id, mode HAVING sum(checks) > 0 ORDER BY start, site_id, "
         "mode";
}

// Keeps the parts that hold time.
std::vector<Part> NonEmpty(const std::vector<Part>& parts) {
  std::vector<Part> out;
  for (const Part& p : parts) {
    if (p.lo_us < p.hi_us) out.push_back(p);
  }
  return out;
}

constexpr int64_t kHourUs = int64_t{3600} * 1'000'000;

// The partial hours at the range's two ends, and the whole hours between them.
struct Edges {
  std::vector<Part> head, tail;
  int64_t hours_lo, hours_hi;
};

// A partial hour is its rows in the range, or, when the rows of its hour outside the range are
// fewer, the whole hour's counts less those rows. Fewer is judged by time, taking nothing to lie
// after `now_us` (a terminal may date a check at most ten minutes ahead, ValidateCheckResult): the
// live dashboard's last hour is then its counts, whatever this hour's backlog (bench/README,
// "The hour in progress").
Edges CutEdges(int64_t from, int64_t to, const Bounds& b, int64_t now_us) {
  Edges e{{}, {}, b.first_hour, b.last_hour};
  const Part head{Source::kResults, from, std::min(b.first_hour, to)};
  if (head.lo_us < head.hi_us) {
    const int64_t hour = b.first_hour - kHourUs;  // the hour holding `from`
    // Only when the head runs to the end of its hour (the range is not inside one hour).
    if (b.first_hour <= to && from - hour < head.hi_us - head.lo_us) {
      e.hours_lo = hour;
      e.head = {{Source::kResultsSubtracted, hour, from}};
    } else {
      e.head = {head};
    }
  }
  const Part tail{Source::kResults, std::max(b.first_hour, b.last_hour), to};
  if (tail.lo_us < tail.hi_us) {
    const int64_t hour_end = tail.lo_us + kHourUs;  // tail.lo_us is the hour holding `to`
    if (std::max<int64_t>(0, std::min(hour_end, now_us) - to) < to - tail.lo_us) {
      e.hours_hi = hour_end;
      e.tail = {{Source::kResultsSubtracted, to, hour_end}};
    } else {
      e.tail = {tail};
    }
  }
  return e;
}

std::vector<Part> Concat(std::vector<Part> a, const std::vector<Part>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// [from, to) as its partial hours at both ends and whole hours (whole days between them when
// daily); days are made of whole hours. Parts are grouped in zones whose buckets do not overlap
// and follow each other: by day, the partial day at each end is one zone and the whole days
// between them another, read in index order without re-sorting.
std::vector<std::vector<Part>> SplitRange(int64_t from, int64_t to, const Bounds& b, bool hourly,
                                          int64_t now_us) {
  const Edges e = CutEdges(from, to, b, now_us);
  std::vector<std::vector<Part>> zones;
  if (!hourly && b.first_day < b.last_day) {
    zones = {NonEmpty(Concat(e.head, {{Source::kHourly, e.hours_lo, b.first_day}})),
             NonEmpty({{Source::kDaily, b.first_day, b.last_day}}),
             NonEmpty(Concat({{Source::kHourly, b.last_day, e.hours_hi}}, e.tail))};
  } else {
    zones = {NonEmpty(Concat(Concat(e.head, {{Source::kHourly, e.hours_lo, e.hours_hi}}), e.tail))};
  }
  std::erase_if(zones, [](const auto& zone) { return zone.empty(); });
  return zones;
}

// [from, to) for one total per site: the partial hours at both ends, hours for the partial days,
// days for the partial months, whole months between (a year is 12 months, not 365 days).
std::vector<Part> SplitTotals(int64_t from, int64_t to, const Bounds& b, int64_t now_us) {
  const Edges e = CutEdges(from, to, b, now_us);
  std::vector<Part> middle;
  if (b.first_day >= b.last_day) {
    middle = {{Source::kHourly, e.hours_lo, e.hours_hi}};
  } else if (b.first_month >= b.last_month) {
    middle = {{Source::kHourly, e.hours_lo, b.first_day},
              {Source::kDaily, b.first_day, b.last_day},
              {Source::kHourly, b.last_day, e.hours_hi}};
  } else {
    middle = {{Source::kHourly, e.hours_lo, b.first_day},
              {Source::kDaily, b.first_day, b.first_month},
              {Source::kMonthly, b.first_month, b.last_month},
              {Source::kDaily, b.last_month, b.last_day},
              {Source::kHourly, b.last_day, e.hours_hi}};
  }
  return NonEmpty(Concat(Concat(e.head, middle), e.tail));
}

// The buckets of `rows` (GroupSql's columns, by position: a year by day and site is some
// 200,000 rows); `start` replaces the start of whole-range totals.
void AddBuckets(const pqxx::result& rows, const google::protobuf::Timestamp* start,
                google::protobuf::RepeatedPtrField<v1::Dashboard::Bucket>* out) {
  out->Reserve(out->size() + static_cast<int>(rows.size()));
  for (const auto& r : rows) {
    auto* b = out->Add();
    *b->mutable_start() = start ? *start : FromMicros(r[0].as<int64_t>());
    b->set_site_id(r[1].c_str());
    b->set_mode(static_cast<v1::IdentityMode>(r[2].as<int>()));
    b->set_checks(r[3].as<uint64_t>());
    b->set_failures(r[4].as<uint64_t>());
    b->set_fallbacks(r[5].as<uint64_t>());
    b->set_names_unrepresentable(r[6].as<uint64_t>());
  }
}

// The fleet from the devices table (one row per terminal, kept current by heartbeats).
constexpr char kFleet[] =
    "SELECT count(*) FILTER (WHERE online) AS online, count(*) FILTER (WHERE NOT online) AS "
    "offline, count(*) FILTER (WHERE status = 'active' AND NOT extended_apdu) AS non_compliant, "
    "least(coalesce(sum(outbox_depth), 0), 9223372036854775807)::bigint AS backlog FROM (SELECT "
    "status, extended_apdu, "
    "outbox_depth, coalesce(last_seen > now() - interval '90 seconds', false) AS online "
    "FROM devices WHERE status <> 'revoked' AND ($1 = false OR site_id = ANY($2::text[]))) d";

// The window: from 00:00 Japan time `days`-1 days before today, until now (one transaction,
// so now() is the same instant in both queries).
constexpr char kFailureWindow[] =
    "SELECT (extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') - "
    "($1::int - 1) * interval '1 day') AT TIME ZONE 'Asia/Tokyo') * 1e6)::bigint AS from_us, "
    "(extract(epoch FROM now()) * 1e6)::bigint AS to_us";

// Card checks per site, reader name and (for failed ones) reason; names and reasons are cut as
// in the results list, since terminals send them. Both are a terminal's text, so one terminal
// can make as many groups as it sends results: only the kFailureGroupsRead most frequent are
// read (PostgreSQL keeps the top ones in a bounded heap), with the number of groups and of card
// checks over all of them.
constexpr int kFailureGroupsRead = 10000;
constexpr char kFailureRows[] =
    "SELECT * FROM (SELECT c.site_id, coalesce(max(s.name), '') AS site_name, "
    "left(c.reader_name, 128) AS reader, CASE WHEN c.outcome = $3 THEN left(c.error_reason, 64) "
    "END AS reason, count(*) AS n, count(*) OVER () AS groups, sum(count(*)) OVER () AS checks "
    "FROM check_results c LEFT JOIN sites s ON s.site_id = c.site_id "
    "WHERE c.source = $2 "
    "AND c.checked_at >= 'epoch'::timestamptz + $1::bigint * interval '1 microsecond' "
    "AND ($4 = false OR c.site_id = ANY($5::text[])) "
    "GROUP BY c.site_id, 3, 4) g ORDER BY n DESC, site_id, reader, reason LIMIT $6";

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
    ReadTx tx(*conn);
    v1::FailureReport out;
    out.set_days(static_cast<uint32_t>(q.days));
    auto window = tx.exec_params(kFailureWindow, q.days)[0];
    const auto from_us = window["from_us"].as<int64_t>();
    *out.mutable_from() = FromMicros(from_us);
    *out.mutable_to() = FromMicros(window["to_us"].as<int64_t>());
    auto rows =
        tx.exec_params(kFailureRows, from_us, static_cast<int>(v1::CHECK_SOURCE_CARD),
                       static_cast<int>(v1::OUTCOME_ERROR), scoped, scope, kFailureGroupsRead);
    std::map<std::string, Tally> sites, models;
    if (!rows.empty()) {
      out.set_partial(rows[0]["groups"].as<uint64_t>() > rows.size());
      out.set_all_card_checks(rows[0]["checks"].as<uint64_t>());
    }
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
    // One snapshot for every query, as the single query before issue 18 had.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*conn);
    BoundReads(tx, *conn);
    auto run = [&](const std::string& sql) {
      return scoped ? tx.exec_params(sql, scope) : tx.exec(sql);
    };
    v1::Dashboard out;
    auto bounds = tx.exec_params(kBounds, q.from_us, q.to_us);
    const Bounds b{bounds[0][0].as<int64_t>(), bounds[0][1].as<int64_t>(),
                   bounds[1][0].as<int64_t>(), bounds[1][1].as<int64_t>(),
                   bounds[2][0].as<int64_t>(), bounds[2][1].as<int64_t>()};
    // Folded for everyone, the chain-wide tables serve callers who see every site; a branch
    // manager's few sites are summed from the per-site tables.
    const Grouping buckets{q.hourly ? "hour" : "day", q.buckets_by_site,
                           !q.buckets_by_site && !scoped};
    for (const auto& parts : SplitRange(q.from_us, q.to_us, b, q.hourly, q.now_us)) {
      AddBuckets(run(GroupSql(parts, buckets, scoped)), nullptr, out.mutable_buckets());
    }
    for (const auto& bucket : out.buckets()) {
      out.set_names_unrepresentable(out.names_unrepresentable() + bucket.names_unrepresentable());
    }
    if (q.site_totals) {
      const auto from = FromMicros(q.from_us);
      AddBuckets(
          run(GroupSql(SplitTotals(q.from_us, q.to_us, b, q.now_us), {"", true, false}, scoped)),
          &from, out.mutable_site_totals());
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

Result<v1::Dashboard::Backup> DashboardStore::LastBackup() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto r = tx.exec(
        "SELECT (extract(epoch FROM finished_at) * 1000000)::bigint, folder, host, bytes "
        "FROM backups ORDER BY finished_at DESC LIMIT 1");
    v1::Dashboard::Backup b;
    if (r.empty()) return b;
    *b.mutable_finished_at() = FromMicros(r[0][0].as<int64_t>());
    b.set_folder(r[0][1].as<std::string>());
    b.set_host(r[0][2].as<std::string>());
    b.set_bytes(r[0][3].as<uint64_t>());
    return b;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
