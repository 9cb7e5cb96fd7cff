#include "server/storage/pg_binary_copy.h"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <pqxx/except>
#include <pqxx/transaction_base>

#include "server/storage/pg_connection.h"

namespace kakunin::server {
namespace {

// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00:00 UTC).
constexpr int64_t kPgEpochUnixMicros = 946'684'800'000'000;

void PutBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) *out += static_cast<char>((v >> (8 * i)) & 0xff);
}

template <typename Int>
bool ParseInt(std::string_view text, Int* v) {
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, *v);
  return ec == std::errc() && p == end && !text.empty();
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Two-digit (or four, six) decimal at text[at, at + n).
bool Digits(std::string_view text, size_t at, size_t n, int64_t* v) {
  *v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *v = *v * 10 + (text[i] - '0');
  }
  return true;
}

[[noreturn]] void ThrowFor(const PGresult* res, const std::string& query) {
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string sqlstate = state ? state : "";
  const std::string message = PQresultErrorMessage(res);
  if (sqlstate == "23505") throw pqxx::unique_violation(message, query, sqlstate.c_str());
  if (sqlstate == "23503") throw pqxx::foreign_key_violation(message, query, sqlstate.c_str());
  if (sqlstate == "23502") throw pqxx::not_null_violation(message, query, sqlstate.c_str());
  if (sqlstate == "23514") throw pqxx::check_violation(message, query, sqlstate.c_str());
  if (sqlstate.rfind("23", 0) == 0) {
    throw pqxx::integrity_constraint_violation(message, query, sqlstate.c_str());
  }
  if (sqlstate.rfind("22", 0) == 0) throw pqxx::data_exception(message, query, sqlstate.c_str());
  if (sqlstate.rfind("08", 0) == 0) throw pqxx::broken_connection(message);
  if (sqlstate == "40001") throw pqxx::serialization_failure(message);
  if (sqlstate == "40P01") throw pqxx::deadlock_detected(message);
  if (sqlstate.rfind("53", 0) == 0) {
    throw pqxx::insufficient_resources(message, query, sqlstate.c_str());
  }
  throw pqxx::sql_error(message, query, sqlstate.c_str());
}

}  // namespace

std::optional<int64_t> ParsePgTimestamp(std::string_view t) {
  // 'YYYY-MM-DD HH:MM:SS.ffffff+00': 29 characters, exactly as PgTimestamp writes them.
  if (t.size() != 29 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' ||
      t[16] != ':' || t[19] != '.' || t.substr(26) != "+00") {
    return std::nullopt;
  }
  int64_t y, mo, d, h, mi, s, us;
  if (!Digits(t, 0, 4, &y) || !Digits(t, 5, 2, &mo) || !Digits(t, 8, 2, &d) ||
      !Digits(t, 11, 2, &h) || !Digits(t, 14, 2, &mi) || !Digits(t, 17, 2, &s) ||
      !Digits(t, 20, 6, &us) || h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  namespace chrono = std::chrono;
  const chrono::year_month_day ymd{chrono::year(static_cast<int>(y)),
                                   chrono::month(static_cast<unsigned>(mo)),
                                   chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  const int64_t days = chrono::sys_days(ymd).time_since_epoch().count();
  return ((days * 24 + h) * 60 + mi) * 60'000'000 + s * 1'000'000 + us;
}

bool AppendBinaryField(PgType type, std::string_view text, std::string* out) {
  switch (type) {
    case PgType::kText:
    case PgType::kBytea:
      PutBigEndian(text.size(), 4, out);
      out->append(text);
      return true;
    case PgType::kBool:
      if (text != "t" && text != "f") return false;
      PutBigEndian(1, 4, out);
      *out += text == "t" ? '\1' : '\0';
      return true;
    case PgType::kInt2: {
      int16_t v;
      if (!ParseInt(text, &v)) return false;
      PutBigEndian(2, 4, out);
      PutBigEndian(static_cast<uint16_t>(v), 2, out);
      return true;
    }
    case PgType::kInt4: {
      int32_t v;
      if (!ParseInt(text, &v)) return false;
      PutBigEndian(4, 4, out);
      PutBigEndian(static_cast<uint32_t>(v), 4, out);
      return true;
    }
    case PgType::kInt8: {
      int64_t v;
      if (!ParseInt(text, &v)) return false;
      PutBigEndian(8, 4, out);
      PutBigEndian(static_cast<uint64_t>(v), 8, out);
      return true;
    }
    case PgType::kUuid: {
      // The canonical form only (8-4-4-4-12): what edge validation lets through.
      if (text.size() != 36) return false;
      char bytes[16];
      size_t n = 0;
      for (size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (text[i++] != '-') return false;
          continue;
        }
        const int hi = HexDigit(text[i]), lo = HexDigit(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        bytes[n++] = static_cast<char>(hi << 4 | lo);
        i += 2;
      }
      PutBigEndian(16, 4, out);
      out->append(bytes, 16);
      return true;
    }
    case PgType::kTimestampTz: {
      const auto micros = ParsePgTimestamp(text);
      if (!micros) return false;
      PutBigEndian(8, 4, out);
      PutBigEndian(static_cast<uint64_t>(*micros - kPgEpochUnixMicros), 8, out);
      return true;
    }
  }
  return false;
}

BinaryCopyWriter::BinaryCopyWriter(PgConnection& conn, pqxx::transaction_base& tx,
                                   const std::string& table,
                                   const std::vector<std::string>& columns,
                                   std::vector<PgType> types)
    : conn_(conn), types_(std::move(types)) {
  if (&tx.conn() != &conn) throw pqxx::usage_error("binary COPY: the transaction is elsewhere");
  if (types_.size() != columns.size()) throw pqxx::usage_error("binary COPY: a type per column");
  query_ = "COPY " + tx.quote_name(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) query_ += ", ";
    query_ += tx.quote_name(columns[i]);
  }
  query_ += ") FROM STDIN (FORMAT binary)";
  // Through libpqxx, so a refusal (no such table, a transaction already failed) throws as any
  // statement's would; libpqxx takes a COPY's start as a successful result.
  tx.exec(query_);
  open_ = true;
  Put(kBinaryCopyHeader);
}

BinaryCopyWriter::~BinaryCopyWriter() { Abandon(); }

void BinaryCopyWriter::Put(std::string_view bytes) {
  PGconn* pg = conn_.raw();
  if (!pg || PQputCopyData(pg, bytes.data(), static_cast<int>(bytes.size())) != 1) {
    open_ = false;
    throw pqxx::broken_connection("lost the database connection during COPY: " +
                                  std::string(pg ? PQerrorMessage(pg) : ""));
  }
}

// `n` fields, the i-th being field(i).
template <typename Field>
void BinaryCopyWriter::EncodeRow(size_t n, Field field) {
  if (n != types_.size()) throw pqxx::usage_error("binary COPY: a field per column");
  row_.clear();
  PutBigEndian(n, 2, &row_);
  for (size_t i = 0; i < n; ++i) {
    if (!AppendBinaryField(types_[i], field(i), &row_)) {
      throw pqxx::data_exception(
          "binary COPY: a field of column " + std::to_string(i + 1) + " is not of its type", query_,
          "22P02");
    }
  }
  Put(row_);
}

void BinaryCopyWriter::Row(const std::vector<std::string>& fields,
                           const std::vector<size_t>& pick) {
  EncodeRow(pick.size(), [&](size_t i) -> const std::string& { return fields[pick[i]]; });
}

void BinaryCopyWriter::Row(const std::vector<std::string>& fields) {
  EncodeRow(fields.size(), [&](size_t i) -> const std::string& { return fields[i]; });
}

void BinaryCopyWriter::Complete() {
  Put(kBinaryCopyTrailer);
  open_ = false;
  PGconn* pg = conn_.raw();
  if (PQputCopyEnd(pg, nullptr) != 1) {
    throw pqxx::broken_connection("lost the database connection ending COPY: " +
                                  std::string(PQerrorMessage(pg)));
  }
  // Read every result, so the connection is idle again for libpqxx; the first error wins.
  PGresult* failed = nullptr;
  while (PGresult* res = PQgetResult(pg)) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && !failed) {
      failed = res;
    } else {
      PQclear(res);
    }
  }
  if (failed) {
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{failed};
    if (PQstatus(pg) == CONNECTION_BAD) throw pqxx::broken_connection(PQerrorMessage(pg));
    ThrowFor(failed, query_);
  }
}

void BinaryCopyWriter::Abandon() noexcept {
  if (!open_) return;
  open_ = false;
  PGconn* pg = conn_.raw();
  if (!pg) return;
  // PostgreSQL answers with an error that fails the transaction; read it to leave the
  // connection idle for the rollback.
  if (PQputCopyEnd(pg, "abandoned by the writer") == 1) {
    while (PGresult* res = PQgetResult(pg)) PQclear(res);
  }
}

}  // namespace kakunin::server
