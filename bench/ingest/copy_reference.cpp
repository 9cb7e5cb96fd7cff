#include "bench/ingest/copy_reference.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>

#include "server/storage/pg_binary_copy.h"

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

// One check_results row, exactly the columns the server's ingest inserts (and, for the
// designs measured beside it, `extra` more fields, already in COPY text).
void AppendRow(std::string& out, const std::string& device_id, const std::string& site_id,
               const v1::CheckResult& r, const std::string& extra) {
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
  out += extra;
  out += '\n';
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\\\x";  // COPY text: the backslash itself escaped
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// The other two rows the server writes per result, of the same sizes: the sealed patient
// fields (AES-256-GCM adds a 12-byte nonce and a 16-byte tag to the serialized fields) and the
// audit record (the server's details JSON, a SHA-256 digest, two chain hashes).
std::string SealedPatient(const v1::CheckResult& r) {
  v1::CheckResult patient;
  *patient.mutable_eligibility() = r.eligibility();
  return patient.SerializeAsString() + std::string(28, '\x5a');
}

void AppendPatientRow(std::string& out, const v1::CheckResult& r) {
  out += r.check_id() + '\t' + Timestamp(r.checked_at()) + "\tk1\t" + Hex(SealedPatient(r)) + '\n';
}

// A result's digest as the Merkle designs would keep it beside the row (a stand-in of the
// same size: only the bytes stored matter to PostgreSQL).
std::string Digest(int64_t seq) { return std::string(32, static_cast<char>(seq * 7 + 1)); }

// One audit record for a whole transaction: how many results, the first and last of them, and
// the Merkle root of their digests.
void AppendTransactionAuditRow(std::string& out, int64_t seq, int64_t results,
                               const v1::CheckResult& last) {
  const int64_t at_us = last.checked_at().seconds() * 1000000 + last.checked_at().nanos() / 1000;
  char details[256];
  std::snprintf(details, sizeof details,
                "{\"results\":%lld,\"first_check\":\"%s\",\"merkle_root\":\"%064llx\"}",
                static_cast<long long>(results), last.check_id().c_str(),
                static_cast<unsigned long long>(seq));
  std::string prev(32, static_cast<char>(seq)), hash(32, static_cast<char>(seq + 1));
  out += std::to_string(seq) + '\t' + Timestamp(last.checked_at()) + '\t' + std::to_string(at_us) +
         "\tcheck.results\tserver\t\t\t\t" + details + '\t' + Hex(prev) + '\t' + Hex(hash) + '\n';
}

void AppendAuditRow(std::string& out, int64_t seq, const std::string& device_id,
                    const std::string& site_id, const v1::CheckResult& r) {
  const int64_t at_us = r.checked_at().seconds() * 1000000 + r.checked_at().nanos() / 1000;
  char details[256];
  std::snprintf(details, sizeof details,
                "{\"sequence\":%llu,\"mode\":%d,\"route\":%d,\"source\":%d,\"outcome\":%d,"
                "\"digest\":\"%064llx\"}",
                static_cast<unsigned long long>(r.sequence()), static_cast<int>(r.mode()),
                static_cast<int>(r.route()), static_cast<int>(r.source()),
                static_cast<int>(r.outcome()), static_cast<unsigned long long>(seq));
  std::string prev(32, static_cast<char>(seq)), hash(32, static_cast<char>(seq + 1));
  out += std::to_string(seq) + '\t' + Timestamp(r.checked_at()) + '\t' + std::to_string(at_us) +
         "\tcheck.result\tdevice:" + device_id + '\t' + site_id + '\t' + device_id + '\t' +
         r.check_id() + '\t' + details + '\t' + Hex(prev) + '\t' + Hex(hash) + '\n';
}

// The types of the columns a COPY into `table` fills: `columns` (a comma list), or all of them.
Result<std::vector<server::PgType>> ColumnTypes(PGconn* conn, const std::string& table,
                                                const std::string& columns) {
  const std::string sql =
      columns.empty()
          ? "SELECT atttypid FROM pg_attribute WHERE attrelid = '" + table +
                "'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
          : "SELECT a.atttypid FROM unnest(string_to_array(replace('" + columns +
                "', ' ', ''), ',')) WITH ORDINALITY AS c(name, n) JOIN pg_attribute a ON "
                "a.attrelid = '" +
                table + "'::regclass AND a.attname = c.name ORDER BY c.n";
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn, sql.c_str()), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kUnavailable, "bench.copy", PQerrorMessage(conn));
  }
  std::vector<server::PgType> types;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    switch (std::stoi(PQgetvalue(r.get(), i, 0))) {
      case 16:
        types.push_back(server::PgType::kBool);
        break;
      case 17:
        types.push_back(server::PgType::kBytea);
        break;
      case 20:
        types.push_back(server::PgType::kInt8);
        break;
      case 21:
        types.push_back(server::PgType::kInt2);
        break;
      case 23:
        types.push_back(server::PgType::kInt4);
        break;
      case 25:
        types.push_back(server::PgType::kText);
        break;
      case 1184:
        types.push_back(server::PgType::kTimestampTz);
        break;
      case 2950:
        types.push_back(server::PgType::kUuid);
        break;
      default:
        return MakeError(ErrorCode::kInternal, "bench.copy",
                         table + ": a column of a type the binary reference does not write");
    }
  }
  return types;
}

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

// COPY text as built above (no NULLs; bytea as hex, its backslash escaped) in binary format.
Result<std::string> TextToBinary(const std::string& text,
                                 const std::vector<server::PgType>& types) {
  std::string out(server::kBinaryCopyHeader), field;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find('\n', at);
    if (end == std::string::npos) {
      return MakeError(ErrorCode::kInternal, "bench.copy", "COPY text without its last newline");
    }
    out += static_cast<char>(types.size() >> 8);
    out += static_cast<char>(types.size() & 0xff);
    size_t column = 0;
    for (size_t from = at; from <= end; ++column) {
      size_t to = text.find('\t', from);
      if (to == std::string::npos || to > end) to = end;
      field.clear();
      for (size_t k = from; k < to; ++k) {  // undo AppendField's escapes
        if (text[k] != '\\' || k + 1 == to) {
          field += text[k];
          continue;
        }
        const char e = text[++k];
        field += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
      }
      if (column >= types.size()) {
        return MakeError(ErrorCode::kInternal, "bench.copy", "a row with more fields than columns");
      }
      if (types[column] == server::PgType::kBytea && field.rfind("\\x", 0) == 0) {
        std::string raw;
        for (size_t k = 2; k + 1 < field.size(); k += 2) {
          raw += static_cast<char>(HexValue(field[k]) << 4 | HexValue(field[k + 1]));
        }
        field.swap(raw);
      }
      if (!server::AppendBinaryField(types[column], field, &out)) {
        return MakeError(ErrorCode::kInternal, "bench.copy",
                         "field " + std::to_string(column + 1) + " is not of its column's type");
      }
      from = to + 1;
    }
    if (column != types.size()) {
      return MakeError(ErrorCode::kInternal, "bench.copy", "a row without one field per column");
    }
    at = end + 1;
  }
  out += server::kBinaryCopyTrailer;
  return out;
}

Status CopyInto(PGconn* conn, const std::string& table, const std::string& data, bool binary) {
  {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(
        PQexec(conn,
               ("COPY " + table + " FROM STDIN" + (binary ? " (FORMAT binary)" : "")).c_str()),
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
  return OkStatus();
}

// One transaction's rows, per table.
struct Transaction {
  std::string results, patients, audit;
};

std::string ResultColumns(CopyShape shape) {
  switch (shape) {
    case CopyShape::kResultRows:
    case CopyShape::kAllThree:
      return kColumns;
    case CopyShape::kAuditPerTransaction:
      return std::string(kColumns) + ", digest";
    case CopyShape::kOneRowPerResult:
      return std::string(kColumns) + ", digest, sealed";
  }
  return kColumns;
}

Status CopyOne(PGconn* conn, const Transaction& t, CopyShape shape, bool binary) {
  KAKUNIN_RETURN_IF_ERROR(Exec(conn, "BEGIN"));
  KAKUNIN_RETURN_IF_ERROR(
      CopyInto(conn, "bench_copy (" + ResultColumns(shape) + ")", t.results, binary));
  if (!t.patients.empty()) {
    KAKUNIN_RETURN_IF_ERROR(CopyInto(conn, "bench_copy_patient", t.patients, binary));
  }
  if (!t.audit.empty()) {
    KAKUNIN_RETURN_IF_ERROR(CopyInto(conn, "bench_copy_audit", t.audit, binary));
  }
  return Exec(conn, "COMMIT");
}

}  // namespace

Result<CopyReport> RunCopyReference(const std::string& dsn, const std::vector<Device>& devices,
                                    const std::string& site_id, const ResultFactory& factory,
                                    const LoadOptions& load, int transaction_rows, CopyShape shape,
                                    CopyFormat format) {
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
                               "DROP TABLE IF EXISTS bench_copy_patient; "
                               "CREATE TABLE bench_copy_patient "
                               "(LIKE check_patient_data INCLUDING ALL); "
                               "DROP TABLE IF EXISTS bench_copy_audit; "
                               "CREATE TABLE bench_copy_audit (LIKE audit_log INCLUDING ALL); "
                               "SET synchronous_commit = on"));
  if (shape == CopyShape::kAuditPerTransaction || shape == CopyShape::kOneRowPerResult) {
    KAKUNIN_RETURN_IF_ERROR(Exec(conn.get(), "ALTER TABLE bench_copy ADD COLUMN digest bytea"));
  }
  if (shape == CopyShape::kOneRowPerResult) {
    KAKUNIN_RETURN_IF_ERROR(Exec(conn.get(), "ALTER TABLE bench_copy ADD COLUMN sealed bytea"));
  }
  const bool patient_rows =
      shape == CopyShape::kAllThree || shape == CopyShape::kAuditPerTransaction;
  const bool audit_per_transaction =
      shape == CopyShape::kAuditPerTransaction || shape == CopyShape::kOneRowPerResult;

  // Build every transaction's COPY text before the clock starts.
  std::vector<Transaction> transactions(1);
  int64_t rows = 0, in_current = 0, audit_rows = 0;
  v1::CheckResult last;
  auto close_transaction = [&] {
    if (audit_per_transaction && in_current > 0) {
      AppendTransactionAuditRow(transactions.back().audit, ++audit_rows, in_current, last);
    }
  };
  std::vector<uint64_t> sent(static_cast<size_t>(load.agents), 0);
  for (bool more = true; more;) {
    more = false;
    for (int a = 0; a < load.agents; ++a) {
      const uint64_t last_seq = static_cast<uint64_t>(ResultsFor(load, a));
      const uint64_t end =
          std::min<uint64_t>(sent[a] + static_cast<uint64_t>(load.batch), last_seq);
      for (uint64_t s = sent[a] + 1; s <= end; ++s) {
        if (in_current == transaction_rows) {
          close_transaction();
          transactions.emplace_back();
          in_current = 0;
        }
        const std::string& device_id = devices[static_cast<size_t>(a) % devices.size()].device_id;
        const v1::CheckResult r = factory.Make(a, s);
        std::string extra;
        if (audit_per_transaction) extra = '\t' + Hex(Digest(rows + 1));
        if (shape == CopyShape::kOneRowPerResult) extra += '\t' + Hex(SealedPatient(r));
        AppendRow(transactions.back().results, device_id, site_id, r, extra);
        if (patient_rows) AppendPatientRow(transactions.back().patients, r);
        if (shape == CopyShape::kAllThree) {
          AppendAuditRow(transactions.back().audit, ++audit_rows, device_id, site_id, r);
        }
        if (audit_per_transaction) last = r;
        ++in_current;
        ++rows;
      }
      sent[a] = end;
      more |= end < last_seq;
    }
  }
  close_transaction();
  const bool binary = format == CopyFormat::kBinary;
  if (binary) {  // before the clock too
    KAKUNIN_ASSIGN_OR_RETURN(auto result_types,
                             ColumnTypes(conn.get(), "bench_copy", ResultColumns(shape)));
    KAKUNIN_ASSIGN_OR_RETURN(auto patient_types, ColumnTypes(conn.get(), "bench_copy_patient", ""));
    KAKUNIN_ASSIGN_OR_RETURN(auto audit_types, ColumnTypes(conn.get(), "bench_copy_audit", ""));
    for (Transaction& t : transactions) {
      KAKUNIN_ASSIGN_OR_RETURN(t.results, TextToBinary(t.results, result_types));
      if (!t.patients.empty()) {
        KAKUNIN_ASSIGN_OR_RETURN(t.patients, TextToBinary(t.patients, patient_types));
      }
      if (!t.audit.empty()) {
        KAKUNIN_ASSIGN_OR_RETURN(t.audit, TextToBinary(t.audit, audit_types));
      }
    }
  }

  const auto t0 = Clock::now();
  for (const Transaction& t : transactions) {
    KAKUNIN_RETURN_IF_ERROR(CopyOne(conn.get(), t, shape, binary));
  }
  CopyReport report;
  report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  report.rows = rows;
  report.transactions = static_cast<int64_t>(transactions.size());

  const std::pair<const char*, int64_t> expected[] = {
      {"bench_copy", rows},
      {"bench_copy_patient", patient_rows ? rows : 0},
      {"bench_copy_audit", audit_rows}};
  for (const auto& [table, want] : expected) {
    std::unique_ptr<PGresult, decltype(&PQclear)> count(
        PQexec(conn.get(), (std::string("SELECT count(*) FROM ") + table).c_str()), &PQclear);
    if (PQresultStatus(count.get()) != PGRES_TUPLES_OK ||
        std::stoll(PQgetvalue(count.get(), 0, 0)) != want) {
      return MakeError(
          ErrorCode::kDataLoss, "bench.copy",
          std::string(table) + " does not hold the " + std::to_string(want) + " rows copied");
    }
  }
  // Not kept: the next reference (or the query phase) starts from the server's own tables.
  KAKUNIN_RETURN_IF_ERROR(
      Exec(conn.get(), "DROP TABLE bench_copy, bench_copy_patient, bench_copy_audit"));
  return report;
}

}  // namespace kakunin::bench
