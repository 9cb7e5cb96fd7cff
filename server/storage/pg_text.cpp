#include "server/storage/pg_text.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <pqxx/pqxx>

namespace kakunin::server {

Error DbError(const std::exception& e) {
  spdlog::error("database: {}", e.what());
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", "the database is unreachable");
  }
  if (IsDatabaseTimeout(e)) {
    const bool lock = static_cast<const pqxx::sql_error&>(e).sqlstate() == "55P03";
    return MakeError(ErrorCode::kDeadlineExceeded, "db.timeout",
                     lock ? "the database waited too long for data another session holds"
                          : "the database did not finish in time; the statement was cancelled");
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

bool IsDatabaseTimeout(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql && (sql->sqlstate() == "57014" || sql->sqlstate() == "55P03");
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

void PgTimestamp(int64_t unix_micros, std::string* out) {
  // Civil-calendar arithmetic rather than gmtime_r + snprintf: this runs for every result of
  // every ingest batch, and gmtime_r takes glibc's time-zone lock each call.
  namespace chrono = std::chrono;
  const chrono::sys_time<chrono::microseconds> t{chrono::microseconds(unix_micros)};
  const auto day = chrono::floor<chrono::days>(t);
  const chrono::year_month_day ymd{day};
  const chrono::hh_mm_ss<chrono::microseconds> hms{t - day};
  char buf[40];
  char* p = buf;
  auto put = [&p](long long v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
    p += width;
  };
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // outside what four digits say; never a result's time
    *out = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}.{:06d}+00", year,
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       hms.subseconds().count());
    return;
  }
  put(year, 4);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.day()), 2);
  *p++ = ' ';
  put(hms.hours().count(), 2);
  *p++ = ':';
  put(hms.minutes().count(), 2);
  *p++ = ':';
  put(hms.seconds().count(), 2);
  *p++ = '.';
  put(hms.subseconds().count(), 6);
  *p++ = '+';
  *p++ = '0';
  *p++ = '0';
  out->assign(buf, p);
}

std::string PgTimestamp(int64_t unix_micros) {
  std::string out;
  PgTimestamp(unix_micros, &out);
  return out;
}

void PgByteaHex(ByteView bytes, std::string* out) {
  out->assign("\\x");
  AppendHex(bytes, out);
}

std::string PgByteaHex(ByteView bytes) {
  std::string out;
  PgByteaHex(bytes, &out);
  return out;
}

namespace {
void AppendCopyField(const std::string& v, std::string* out) {
  // Runs without a special character (nearly all of a field: sealed bytes are hex) go in whole.
  size_t from = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    const char* escaped = nullptr;
    switch (v[k]) {
      case '\\':
        escaped = "\\\\";
        break;
      case '\t':
        escaped = "\\t";
        break;
      case '\n':
        escaped = "\\n";
        break;
      case '\r':
        escaped = "\\r";
        break;
      default:
        continue;
    }
    out->append(v, from, k - from);
    *out += escaped;
    from = k + 1;
  }
  out->append(v, from, std::string::npos);
}

// `n` fields, the i-th being field(i).
template <typename Field>
void AppendCopyFields(size_t n, Field field, std::string* out) {
  for (size_t i = 0; i < n; ++i) {
    if (i) *out += '\t';
    AppendCopyField(field(i), out);
  }
  *out += '\n';
}
}  // namespace

void AppendCopyRow(const std::vector<std::string>& fields, std::string* out) {
  AppendCopyFields(
      fields.size(), [&](size_t i) -> const std::string& { return fields[i]; }, out);
}

void AppendCopyRow(const std::vector<std::string>& fields, const std::vector<size_t>& pick,
                   std::string* out) {
  AppendCopyFields(
      pick.size(), [&](size_t i) -> const std::string& { return fields[pick[i]]; }, out);
}

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
  AppendCopyRow(fields, &line_);
  line_.pop_back();  // write_raw_line adds the newline
  writer_->write_raw_line(line_);
}

void CopyWriter::Row(const std::vector<std::string>& fields, const std::vector<size_t>& pick) {
  line_.clear();
  AppendCopyRow(fields, pick, &line_);
  line_.pop_back();  // write_raw_line adds the newline
  writer_->write_raw_line(line_);
}

void CopyWriter::Complete() { writer_->complete(); }

}  // namespace kakunin::server
#pragma GCC diagnostic pop
