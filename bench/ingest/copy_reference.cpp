#include "bench/ingest/copy_reference.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>

namespace kakunin::bench {
namespace {

using Clock = std::chrono::steady_clock;
using PgConn = std::unique_ptr<PGconn, decltype(&PQfinish)>;

constexpr char kColumns[] =
    "device_id, sequence, check_id, site_id, checked_at, mode, route, source, outcome, "
    "reader_name, extended_apdu, error_reason, apdu_count, duration_ms";

Status Exec(PGconn* conn, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn, sql.c_str()), &PQclear);
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kUnavailable, "bench.copy", sql + ": " + PQerrorMessage(conn));
  }
  return OkStatus();
}

// COPY text format: backslash, tab, newline and carriage return escaped.
void AppendField(std::string& line, const std::string& v) {
  for (char c : v) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

// The timestamp as the server writes it: UTC with microseconds.
std::string Timestamp(const google::protobuf::Timestamp& t) {
  const time_t secs = static_cast<time_t>(t.seconds());
  tm utc{};
  gmtime_r(&secs, &utc);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, t.nanos() / 1000);
  return buf;
}

// One check_results row, exactly the columns the server's ingest inserts.
void AppendRow(std::string& out, const std::string& device_id, const std::string& site_id,
               const v1::CheckResult& r) {
  const std::string fields[] = {device_id,
                                std::to_string(r.sequence()),
                                r.check_id(),
                                site_id,
                                Timestamp(r.checked_at()),
                                std::to_string(static_cast<int>(r.mode())),
                                std::to_string(static_cast<int>(r.route())),
                                std::to_string(static_cast<int>(r.source())),
                                std::to_string(static_cast<int>(r.outcome())),
                                r.reader().name(),
                                r.reader().extended_apdu() ? "t" : "f",
                                r.error_reason(),
                                std::to_string(r.apdu_count()),
                                std::to_string(r.duration_ms())};
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i) out += '\t';
    AppendField(out, fields[i]);
  }
  out += '\n';
}

Status CopyOne(PGconn* conn, const std::string& data) {
  KAKUNIN_RETURN_IF_ERROR(Exec(conn, "BEGIN"));
  {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(
        PQexec(conn, (std::string("COPY bench_copy (") + kColumns + ") FROM STDIN").c_str()),
        &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) {
      return MakeError(ErrorCode::kUnavailable, "bench.copy",
                       std::string("COPY refused: ") + PQerrorMessage(conn));
    }
  }
  if (PQputCopyData(conn, data.data(), static_cast<int>(data.size())) != 1 ||
      PQputCopyEnd(conn, nullptr) != 1) {
    return MakeError(ErrorCode::kUnavailable, "bench.copy", PQerrorMessage(conn));
  }
  bool failed = false;
  while (PGresult* r = PQgetResult(conn)) {
    failed |= PQresultStatus(r) != PGRES_COMMAND_OK;
    PQclear(r);
  }
  if (failed) {
    return MakeError(ErrorCode::kUnavailable, "bench.copy",
                     std::string("COPY failed: ") + PQerrorMessage(conn));
  }
  return Exec(conn, "COMMIT");
}

}  // namespace

Result<CopyReport> RunCopyReference(const std::string& dsn, const std::vector<Device>& devices,
                                    const std::string& site_id, const ResultFactory& factory,
                                    const LoadOptions& load, int transaction_rows) {
  PgConn conn(PQconnectdb(dsn.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, "bench.copy", PQerrorMessage(conn.get()));
  }
  // LIKE … INCLUDING ALL: the same defaults, primary key, unique and secondary indexes (a
  // copy of the table does not take its foreign key to devices; the server's insert checks it).
  KAKUNIN_RETURN_IF_ERROR(Exec(conn.get(),
                               "SET client_min_messages = warning; "
                               "DROP TABLE IF EXISTS bench_copy; "
                               "CREATE TABLE bench_copy (LIKE check_results INCLUDING ALL); "
                               "SET synchronous_commit = on"));

  // Build every transaction's COPY text before the clock starts.
  std::vector<std::string> transactions(1);
  int64_t rows = 0, in_current = 0;
  std::vector<uint64_t> sent(static_cast<size_t>(load.agents), 0);
  for (bool more = true; more;) {
    more = false;
    for (int a = 0; a < load.agents; ++a) {
      const uint64_t last = static_cast<uint64_t>(ResultsFor(load, a));
      const uint64_t end = std::min<uint64_t>(sent[a] + static_cast<uint64_t>(load.batch), last);
      for (uint64_t s = sent[a] + 1; s <= end; ++s) {
        if (in_current == transaction_rows) {
          transactions.emplace_back();
          in_current = 0;
        }
        AppendRow(transactions.back(), devices[static_cast<size_t>(a) % devices.size()].device_id,
                  site_id, factory.Make(a, s));
        ++in_current;
        ++rows;
      }
      sent[a] = end;
      more |= end < last;
    }
  }

  const auto t0 = Clock::now();
  for (const std::string& data : transactions) {
    KAKUNIN_RETURN_IF_ERROR(CopyOne(conn.get(), data));
  }
  CopyReport report;
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  report.rows = rows;
  report.transactions = static_cast<int64_t>(transactions.size());

  std::unique_ptr<PGresult, decltype(&PQclear)> count(
      PQexec(conn.get(), "SELECT count(*) FROM bench_copy"), &PQclear);
  if (PQresultStatus(count.get()) != PGRES_TUPLES_OK ||
      std::stoll(PQgetvalue(count.get(), 0, 0)) != rows) {
    return MakeError(ErrorCode::kDataLoss, "bench.copy",
                     "bench_copy does not hold the " + std::to_string(rows) + " rows copied");
  }
  return report;
}

}  // namespace kakunin::bench
