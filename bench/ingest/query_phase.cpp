#include "bench/ingest/query_phase.h"

#include <grpcpp/grpcpp.h>
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "kakunin/v1/console.grpc.pb.h"

namespace kakunin::bench {
namespace {

using Clock = std::chrono::steady_clock;
using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

constexpr char kAdminLogin[] = "bench-admin";
constexpr char kAdminPassword[] = "Kakunin2026-bench";
constexpr int kPageSize = 100;
constexpr int64_t kHourUs = 3600LL * 1'000'000;
constexpr int64_t kDayUs = 24 * kHourUs;

void Progress(const std::string& line) { std::cerr << "[ingest-bench] " << line << std::endl; }

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

Result<PgResult> Exec(PGconn* conn, const std::string& sql) {
  PgResult r(PQexec(conn, sql.c_str()), &PQclear);
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kUnavailable, "bench.query_phase",
                     sql.substr(0, 200) + ": " + PQerrorMessage(conn));
  }
  return r;
}

Result<int64_t> ExecCount(PGconn* conn, const std::string& sql) {
  KAKUNIN_ASSIGN_OR_RETURN(PgResult r, Exec(conn, sql));
  return std::stoll(PQgetvalue(r.get(), 0, 0));
}

std::string Micros(int64_t us) {
  return "('epoch'::timestamptz + " + std::to_string(us) + "::bigint * interval '1 microsecond')";
}

// Row g of the load: its terminal, site, time and check id follow from g, so the bench knows
// the exact rows every page must hold.
struct Layout {
  int64_t rows, devices, per_site, start_us, step_us;
  int64_t At(int64_t g) const { return start_us + g * step_us; }
  int64_t Site(int64_t g) const { return (g % devices) / per_site; }
  static std::string CheckId(int64_t g) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(g));
    return buf;
  }
  static std::string SiteId(int64_t s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "qsite-%03lld", static_cast<long long>(s));
    return buf;
  }
  std::string Token(int64_t g) const { return std::to_string(At(g)) + "/" + CheckId(g); }
};

// Terminals and sites as rows (no enrollment: the phase measures reads), then the checks in
// chunks of a transaction each, oldest first as terminals would have sent them.
Status Load(PGconn* conn, const QueryOptions& o, const Layout& l) {
  KAKUNIN_RETURN_IF_ERROR(
      Exec(conn,
           "INSERT INTO sites (site_id, name, institution_code) SELECT 'qsite-' || lpad(s::text, "
           "3, '0'), '薬局 ' || s, lpad((1300000000 + s)::text, 10, '0') FROM generate_series(0, " +
               std::to_string(o.sites - 1) +
               ") s; INSERT INTO devices (device_id, site_id, status, public_key_sha256, "
               "verification_code, cert_serial, cert_not_after, reader_name, extended_apdu, "
               "last_seen) SELECT 'qdev-' || lpad(d::text, 5, '0'), 'qsite-' || lpad((d / " +
               std::to_string(o.devices_per_site) +
               ")::text, 3, '0'), 'active', '\\x00', '000000', 'q' || d, now() + interval '1 "
               "year', 'ACS ACR1251CL', true, now() FROM generate_series(0, " +
               std::to_string(l.devices - 1) + ") d"));
  constexpr int64_t kChunk = 500'000;
  for (int64_t lo = 0; lo < l.rows; lo += kChunk) {
    const int64_t hi = std::min(l.rows, lo + kChunk);
    // h spreads modes, sources and outcomes over the rows: 20 % visual, 50 % PIN, 30 % face
    // reader; 4 % errors, about 3 % fallbacks, 0.5 % names with 外字.
    const std::string sql =
        "INSERT INTO check_results (device_id, sequence, check_id, site_id, checked_at, "
        "received_at, mode, route, source, outcome, reader_name, extended_apdu, error_reason, "
        "apdu_count, duration_ms, name_unrepresentable) SELECT 'qdev-' || lpad((g % " +
        std::to_string(l.devices) + ")::text, 5, '0'), g / " + std::to_string(l.devices) +
        " + 1, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'qsite-' || "
        "lpad((g % " +
        std::to_string(l.devices) + " / " + std::to_string(l.per_site) +
        ")::text, 3, '0'), t, t + interval '2 seconds', CASE WHEN h < 200 THEN 1 WHEN h < 700 "
        "THEN 2 ELSE 3 END, 1, CASE WHEN h >= 700 THEN 4 WHEN h % 50 = 0 THEN 2 WHEN h % 97 = 1 "
        "THEN 3 ELSE 1 END, CASE WHEN h % 25 = 3 THEN 9 ELSE 1 END, 'ACS ACR1251CL', true, CASE "
        "WHEN h % 25 = 3 THEN 'card.unreadable' ELSE '' END, 14, 850, h % 211 = 5 FROM (SELECT "
        "g, (g * 2654435761) % 1000 AS h, 'epoch'::timestamptz + (" +
        std::to_string(l.start_us) + " + g * " + std::to_string(l.step_us) +
        ") * interval '1 microsecond' AS t FROM generate_series(" + std::to_string(lo) +
        "::bigint, " + std::to_string(hi - 1) + ") g) x";
    KAKUNIN_RETURN_IF_ERROR(Exec(conn, sql));
    Progress("query phase: loaded " + std::to_string(hi) + " of " + std::to_string(l.rows));
  }
  // Sealed patient fields (random bytes of a sealed blob's size) for the last 45 days: retention
  // drops older months, so a real table holds about that much.
  const int64_t cut_us = std::max(l.start_us, l.At(l.rows - 1) - 45 * kDayUs);
  KAKUNIN_RETURN_IF_ERROR(Exec(conn, "SELECT kakunin_patient_partition(d) FROM generate_series(" +
                                         Micros(cut_us) + ", " + Micros(l.At(l.rows - 1) + kDayUs) +
                                         ", interval '1 day') d"));
  KAKUNIN_RETURN_IF_ERROR(
      Exec(conn,
           "INSERT INTO check_patient_data (check_id, checked_at, key_id, sealed) SELECT "
           "check_id, checked_at, 'bench', decode(repeat(md5(check_id::text), 6), 'hex') FROM "
           "check_results WHERE checked_at >= " +
               Micros(cut_us) + " AND device_id LIKE 'qdev-%'; ANALYZE"));
  return OkStatus();
}

struct Console {
  std::unique_ptr<v1::ConsoleService::Stub> stub;
  std::string token;
  void Authorize(grpc::ClientContext* ctx) const {
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(2));
  }
};

Error RpcError(const std::string& what, const grpc::Status& s) {
  return MakeError(ErrorCode::kUnavailable, "bench.query_phase",
                   what + ": " + std::to_string(s.error_code()) + " " + s.error_message());
}

Error Wrong(const std::string& what, const std::string& why) {
  return MakeError(ErrorCode::kDataLoss, "bench.query_phase", what + ": " + why);
}

// One untimed call (caches warm, as on a console in use), then `repeats` timed ones; every call
// is checked.
Result<QueryTiming> Time(const std::string& what, int repeats,
                         const std::function<Result<std::string>()>& call) {
  QueryTiming t;
  t.what = what;
  KAKUNIN_ASSIGN_OR_RETURN(t.answer, call());
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    KAKUNIN_ASSIGN_OR_RETURN(t.answer, call());
    ms.push_back(MsSince(t0));
  }
  std::sort(ms.begin(), ms.end());
  t.median_ms = ms[ms.size() / 2];
  t.max_ms = ms.back();
  return t;
}

// A results page holds exactly the rows `expected` (indexes of the load), newest first.
Result<std::string> Page(const Console& c, const std::string& what, const std::string& site,
                         const std::string& token, const std::vector<int64_t>& expected,
                         const Layout& l) {
  v1::QueryResultsRequest req;
  req.set_page_size(kPageSize);
  req.set_page_token(token);
  if (!site.empty()) req.mutable_filter()->set_site_id(site);
  grpc::ClientContext ctx;
  c.Authorize(&ctx);
  v1::QueryResultsResponse resp;
  if (auto s = c.stub->QueryResults(&ctx, req, &resp); !s.ok()) return RpcError(what, s);
  if (resp.rows_size() != kPageSize || resp.next_page_token().empty()) {
    return Wrong(what, std::to_string(resp.rows_size()) + " rows, want " +
                           std::to_string(kPageSize) + " and a next page");
  }
  std::pair<int64_t, std::string> previous;
  for (int i = 0; i < resp.rows_size(); ++i) {
    const auto& row = resp.rows(i);
    const auto& at = row.result().checked_at();
    std::pair<int64_t, std::string> key{at.seconds() * 1'000'000 + at.nanos() / 1000,
                                        row.check_id()};
    if (!site.empty() && row.site_id() != site) return Wrong(what, "a row of another site");
    if (!expected.empty() && key != std::pair{l.At(expected[i]), Layout::CheckId(expected[i])}) {
      return Wrong(what, "row " + std::to_string(i) + " is " + row.check_id() + ", want " +
                             Layout::CheckId(expected[i]));
    }
    if (i > 0 && !(key < previous)) return Wrong(what, "rows not newest first");
    previous = std::move(key);
  }
  return std::to_string(resp.rows_size()) + " rows";
}

// The `n` rows before g (older), of `site` when >= 0.
std::vector<int64_t> Before(const Layout& l, int64_t g, int64_t site, int n) {
  std::vector<int64_t> out;
  for (int64_t i = g - 1; i >= 0 && static_cast<int>(out.size()) < n; --i) {
    if (site < 0 || l.Site(i) == site) out.push_back(i);
  }
  return out;
}

// A dashboard's rows as text, one "start_us|site|mode|checks|failures|fallbacks|外字" line each.
struct Counts {
  uint64_t checks = 0, failures = 0, fallbacks = 0, unrepresentable = 0;
};
using CountKey = std::tuple<int64_t, std::string, int>;

void AddLine(std::string* out, const CountKey& k, const Counts& c) {
  *out += std::to_string(std::get<0>(k)) + "|" + std::get<1>(k) + "|" +
          std::to_string(std::get<2>(k)) + "|" + std::to_string(c.checks) + "|" +
          std::to_string(c.failures) + "|" + std::to_string(c.fallbacks) + "|" +
          std::to_string(c.unrepresentable) + "\n";
}

int64_t Us(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000 + t.nanos() / 1000;
}

// The dashboard over [from, to) as the console asks for it (sites folded, one total per site),
// against the raw aggregation of check_results in SQL: the query GetDashboard ran before issue
// 18 (buckets per site), folded here by site and by time. Every bucket and every site's row must
// be equal.
Result<QueryTiming> Dashboard(const Console& c, PGconn* conn, const std::string& what,
                              int64_t from_us, int64_t to_us, bool hourly, int repeats) {
  int buckets = 0, sites = 0;
  auto call = [&]() -> Result<std::string> {
    v1::GetDashboardRequest req;
    req.mutable_from()->set_seconds(from_us / 1'000'000);
    req.mutable_from()->set_nanos(static_cast<int32_t>(from_us % 1'000'000 * 1000));
    req.mutable_to()->set_seconds(to_us / 1'000'000);
    req.mutable_to()->set_nanos(static_cast<int32_t>(to_us % 1'000'000 * 1000));
    req.set_hourly(hourly);
    req.set_site_detail(v1::DASHBOARD_SITE_DETAIL_TOTALS);
    grpc::ClientContext ctx;
    c.Authorize(&ctx);
    v1::Dashboard d;
    if (auto s = c.stub->GetDashboard(&ctx, req, &d); !s.ok()) return RpcError(what, s);
    std::string text = "buckets\n";
    for (const auto& b : d.buckets()) {
      AddLine(&text, {Us(b.start()), b.site_id(), b.mode()},
              {b.checks(), b.failures(), b.fallbacks(), b.names_unrepresentable()});
    }
    text += "sites\n";
    for (const auto& b : d.site_totals()) {
      AddLine(&text, {Us(b.start()), b.site_id(), b.mode()},
              {b.checks(), b.failures(), b.fallbacks(), b.names_unrepresentable()});
    }
    buckets = d.buckets_size();
    sites = d.site_totals_size();
    return text;
  };
  KAKUNIN_ASSIGN_OR_RETURN(QueryTiming t, Time(what, repeats, call));
  const auto t0 = Clock::now();
  KAKUNIN_ASSIGN_OR_RETURN(
      PgResult raw,
      Exec(conn, "SELECT (extract(epoch FROM date_trunc('" + std::string(hourly ? "hour" : "day") +
                     "', checked_at AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo') * "
                     "1e6)::bigint, site_id, mode, count(*) AS n, count(*) FILTER (WHERE outcome "
                     "= 9) AS f, count(*) FILTER (WHERE source IN (2, 3)) AS fb, count(*) FILTER "
                     "(WHERE name_unrepresentable) AS u FROM check_results WHERE checked_at >= " +
                     Micros(from_us) + " AND checked_at < " + Micros(to_us) + " GROUP BY 1, 2, 3"));
  t.raw_sql_ms = MsSince(t0);
  std::map<CountKey, Counts> by_time, by_site;
  for (int i = 0; i < PQntuples(raw.get()); ++i) {
    const int mode = std::stoi(PQgetvalue(raw.get(), i, 2));
    const Counts n{
        std::stoull(PQgetvalue(raw.get(), i, 3)), std::stoull(PQgetvalue(raw.get(), i, 4)),
        std::stoull(PQgetvalue(raw.get(), i, 5)), std::stoull(PQgetvalue(raw.get(), i, 6))};
    for (Counts* sum : {&by_time[{std::stoll(PQgetvalue(raw.get(), i, 0)), "", mode}],
                        &by_site[{from_us, PQgetvalue(raw.get(), i, 1), mode}]}) {
      sum->checks += n.checks;
      sum->failures += n.failures;
      sum->fallbacks += n.fallbacks;
      sum->unrepresentable += n.unrepresentable;
    }
  }
  std::string want = "buckets\n";
  for (const auto& [k, n] : by_time) AddLine(&want, k, n);
  want += "sites\n";
  for (const auto& [k, n] : by_site) AddLine(&want, k, n);
  if (t.answer != want) {
    const size_t at =
        std::mismatch(t.answer.begin(), t.answer.end(), want.begin(), want.end()).first -
        t.answer.begin();
    return Wrong(what, "differs from the raw SQL at character " + std::to_string(at) + ": \"" +
                           t.answer.substr(at > 40 ? at - 40 : 0, 120) + "\", raw SQL \"" +
                           want.substr(at > 40 ? at - 40 : 0, 120) + "\"");
  }
  t.answer = std::to_string(buckets) + " buckets + " + std::to_string(sites) + " sites";
  return t;
}

}  // namespace

Result<QueryReport> RunQueryPhase(BenchRig& rig, const QueryOptions& o) {
  QueryReport report;
  report.rows = o.rows;
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  Layout l{o.rows, static_cast<int64_t>(o.sites) * o.devices_per_site, o.devices_per_site, 0,
           std::max<int64_t>(1, o.days * kDayUs / o.rows)};
  // Whole seconds: a page's checked_at comes back as a Timestamp and is compared exactly.
  l.step_us = std::max<int64_t>(1'000'000, l.step_us / 1'000'000 * 1'000'000);
  l.start_us = now_us / 1'000'000 * 1'000'000 - o.rows * l.step_us;

  PgConn conn(PQconnectdb(rig.dsn().c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, "bench.query_phase", PQerrorMessage(conn.get()));
  }
  Progress("query phase: loading " + std::to_string(o.rows) + " checks of " +
           std::to_string(o.sites) + " sites over " + std::to_string(o.days) + " days");
  const auto load0 = Clock::now();
  KAKUNIN_RETURN_IF_ERROR(Load(conn.get(), o, l));
  report.load_seconds = MsSince(load0) / 1000;
  KAKUNIN_ASSIGN_OR_RETURN(
      int64_t loaded,
      ExecCount(conn.get(), "SELECT count(*) FROM check_results WHERE device_id LIKE 'qdev-%'"));
  if (loaded != o.rows) {
    return Wrong("load", std::to_string(loaded) + " rows, want " + std::to_string(o.rows));
  }
  Progress("query phase: loaded in " + std::to_string(report.load_seconds) + " s");

  KAKUNIN_RETURN_IF_ERROR(rig.CreateConsoleAdmin(kAdminLogin, kAdminPassword));
  Console c;
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = rig.target().ca_pem;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);  // a year by day and site is several MiB
  c.stub = v1::ConsoleService::NewStub(
      grpc::CreateCustomChannel(rig.target().address, grpc::SslCredentials(tls), args));
  {
    v1::LoginRequest req;
    req.set_login(kAdminLogin);
    req.set_password(kAdminPassword);
    v1::LoginResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (auto s = c.stub->Login(&ctx, req, &resp); !s.ok()) return RpcError("login", s);
    c.token = resp.session_token();
  }

  const int64_t site = std::min<int64_t>(17, o.sites - 1);
  const std::string site_id = Layout::SiteId(site);
  const int64_t mid = o.rows / 2, oldest = std::min<int64_t>(o.rows - 1, 20 * kPageSize);
  auto last_of_site = [&](int64_t below) {
    std::vector<int64_t> one = Before(l, below, site, 1);
    return one.empty() ? int64_t{0} : one.front();
  };
  // A site has a row every devices / per_site rows: the oldest cursor with a full page below.
  const int64_t site_mid = last_of_site(mid);
  const int64_t site_oldest = last_of_site((kPageSize + 2) * (l.devices / l.per_site));
  struct PageCase {
    std::string what, site, token;
    std::vector<int64_t> expected;  // empty: newest rows, which the other phases also wrote
  };
  std::vector<PageCase> pages = {
      {"QueryResults page 1, all sites", "", "", {}},
      {"QueryResults deep page (6 months back)", "", l.Token(mid), Before(l, mid, -1, kPageSize)},
      {"QueryResults oldest pages", "", l.Token(oldest), Before(l, oldest, -1, kPageSize)},
      {"QueryResults page 1, one site", site_id, "", Before(l, o.rows, site, kPageSize)},
      {"QueryResults deep page, one site", site_id, l.Token(site_mid),
       Before(l, site_mid, site, kPageSize)},
      {"QueryResults oldest pages, one site", site_id, l.Token(site_oldest),
       Before(l, site_oldest, site, kPageSize)},
  };
  for (const auto& p : pages) {
    if (!p.expected.empty() && p.expected.size() != static_cast<size_t>(kPageSize)) continue;
    Progress("query phase: " + p.what);
    KAKUNIN_ASSIGN_OR_RETURN(QueryTiming t, Time(p.what, o.repeats, [&] {
                               return Page(c, p.what, p.site, p.token, p.expected, l);
                             }));
    report.timings.push_back(std::move(t));
  }

  const int64_t end_us = now_us;
  struct DashboardCase {
    std::string what;
    int64_t span_us;
    bool hourly;
  };
  for (const auto& d : {DashboardCase{"GetDashboard 24 h by hour", kDayUs, true},
                        DashboardCase{"GetDashboard 30 days by day", 30 * kDayUs, false},
                        DashboardCase{"GetDashboard 365 days by day", 365 * kDayUs, false}}) {
    Progress("query phase: " + d.what);
    KAKUNIN_ASSIGN_OR_RETURN(QueryTiming t, Dashboard(c, conn.get(), d.what, end_us - d.span_us,
                                                      end_us, d.hourly, o.repeats));
    report.timings.push_back(std::move(t));
  }
  return report;
}

void PrintQueryTable(const QueryOptions& o, const QueryReport& r) {
  std::printf(
      "\nquery phase: %lld checks (%d sites, %d terminals each, %d days) loaded in %.0f s "
      "(%.0f rows/s, triggers included)\n\n",
      static_cast<long long>(r.rows), o.sites, o.devices_per_site, o.days, r.load_seconds,
      r.load_seconds > 0 ? static_cast<double>(r.rows) / r.load_seconds : 0.0);
  std::printf("%-40s %-26s %9s %9s %7s %6s %12s\n", "console RPC (as HQ)", "answer", "median",
              "max", "bound", "ratio", "raw SQL");
  for (const auto& t : r.timings) {
    char raw[32] = "";
    if (t.raw_sql_ms >= 0) std::snprintf(raw, sizeof raw, "%.0f ms", t.raw_sql_ms);
    std::printf("%-40s %-26s %6.1f ms %6.1f ms %4.0f ms %6.2f %12s\n", t.what.c_str(),
                t.answer.c_str(), t.median_ms, t.max_ms, kQueryBoundMs, t.median_ms / kQueryBoundMs,
                raw);
  }
  std::printf(
      "\nmedian and max of %d calls after one untimed call, through the server's TLS port; "
      "every answer\nchecked (a page's exact check ids; a dashboard as the console asks for it, "
      "sites folded plus one\nrow per site and mode, bucket by bucket and site by site against "
      "the raw SQL aggregation, which is\nthe query GetDashboard ran before issue 18 (buckets "
      "per site), timed once by libpq).\n",
      o.repeats);
}

}  // namespace kakunin::bench
