#pragma once
// COPY … FROM STDIN in PostgreSQL's binary format. PostgreSQL reads a binary field with a
// length and a memcpy where text needs a parser: a bytea arrives as its bytes, not as twice as
// many hex digits to decode, a timestamptz as eight bytes, not a date to parse (issue 18: text
// parsing was ≈ 14 % of the database's CPU in the ingest of a backlog).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class transaction_base;
}

namespace kakunin::server {

class PgConnection;

// The column types a binary row is encoded for. Fields arrive in their text form (as the text
// COPY takes them, so both ways share one row), except bytea: raw bytes.
enum class PgType : uint8_t { kText, kBool, kInt2, kInt4, kInt8, kUuid, kTimestampTz, kBytea };

// Microseconds since the Unix epoch from PgTimestamp's form ('2026-11-23 03:04:05.123456+00'),
// or nullopt for any other text.
std::optional<int64_t> ParsePgTimestamp(std::string_view text);

// What a binary COPY's data starts with (signature, flags, header extension) and ends with (a
// field count of -1).
inline constexpr std::string_view kBinaryCopyHeader{"PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19};
inline constexpr std::string_view kBinaryCopyTrailer{"\xff\xff", 2};

// Appends one field of `type` in binary form (its length, then its bytes) to `out`; false, with
// `out` unchanged, when `text` is not a value of that type.
bool AppendBinaryField(PgType type, std::string_view text, std::string* out);

class BinaryCopyWriter {
 public:
  // Starts the COPY in `tx`, which runs on `conn` (libpqxx's connection type has no virtual
  // member, so the transaction cannot say what kind of connection it has).
  BinaryCopyWriter(PgConnection& conn, pqxx::transaction_base& tx, const std::string& table,
                   const std::vector<std::string>& columns, std::vector<PgType> types);
  // An unfinished COPY is abandoned: PostgreSQL refuses it, and the transaction (or savepoint)
  // around it must roll back, as after any failed statement.
  ~BinaryCopyWriter();
  BinaryCopyWriter(const BinaryCopyWriter&) = delete;
  BinaryCopyWriter& operator=(const BinaryCopyWriter&) = delete;

  // One row: fields[pick[i]] is column i. Throws pqxx::data_exception when a field is not of
  // its column's type, pqxx::broken_connection when the connection is lost.
  void Row(const std::vector<std::string>& fields, const std::vector<size_t>& pick);
  // One row of every field, in order.
  void Row(const std::vector<std::string>& fields);
  // Ends the COPY and reads PostgreSQL's answer: throws as libpqxx would for the same error
  // (pqxx::unique_violation for a key already stored, …).
  void Complete();

 private:
  template <typename Field>
  void EncodeRow(size_t n, Field field);
  void Put(std::string_view bytes);
  void Abandon() noexcept;

  PgConnection& conn_;
  std::vector<PgType> types_;
  std::string row_;
  std::string query_;
  bool open_ = false;
};

}  // namespace kakunin::server
