#include "server/storage/pg_text.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <pqxx/pqxx>

namespace kakunin::server {

Error DbError(const std::exception& e) {
  spdlog::error("database: {}", e.what());
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", "the database is unreachable");
  }
  if (dynamic_cast<const pqxx::data_exception*>(&e)) {
    return MakeError(ErrorCode::kInvalidArgument, "db.invalid_input",
                     "the database refused a value as out of range or malformed");
  }
  return MakeError(ErrorCode::kUnavailable, "db.error",
                   "the database could not complete the request; HQ's log has the details");
}

bool IsTransientDbFailure(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return true;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    return state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0 || state == "25006";
  }
  return false;
}

std::string PgTextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string PgTimestamp(int64_t unix_micros) {
  int64_t secs = unix_micros / 1000000;
  int64_t micros = unix_micros % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  time_t t = static_cast<time_t>(secs);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

std::string PgByteaHex(ByteView bytes) { return "\\x" + ToHex(bytes); }

}  // namespace kakunin::server

// tablewriter is deprecated in libpqxx 6.4 in favour of stream_to, which cannot take runtime
// rows; it is the documented raw-line COPY path of this version.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <pqxx/tablewriter>

namespace kakunin::server {

CopyWriter::CopyWriter(pqxx::transaction_base& tx, const std::string& table,
                       const std::vector<std::string>& columns)
    : writer_(std::make_unique<pqxx::tablewriter>(tx, table, columns.begin(), columns.end())) {}

CopyWriter::~CopyWriter() = default;

void CopyWriter::Row(const std::vector<std::string>& fields) {
  line_.clear();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line_ += '\t';
    for (char c : fields[i]) {
      switch (c) {
        case '\\':
          line_ += "\\\\";
          break;
        case '\t':
          line_ += "\\t";
          break;
        case '\n':
          line_ += "\\n";
          break;
        case '\r':
          line_ += "\\r";
          break;
        default:
          line_ += c;
      }
    }
  }
  writer_->write_raw_line(line_);
}

void CopyWriter::Complete() { writer_->complete(); }

}  // namespace kakunin::server
#pragma GCC diagnostic pop
