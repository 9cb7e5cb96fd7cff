// The binary COPY against a real PostgreSQL: rows it writes read back exactly as the text COPY
// of the same fields stores them (every type the ingest uses, Japanese text, bytes of every
// value, the ends of the ranges); a key already stored throws unique_violation and leaves the
// connection usable for the savepoint's rollback and what follows; a field that is not of its
// type, and a COPY abandoned half way, store nothing; a connection cut during the COPY is
// broken_connection, not a hang.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "server/storage/pg_binary_copy.h"
#include "server/storage/pg_connection.h"
#include "server/storage/pg_text.h"
#include "tests/harness/private_postgres.h"

namespace kakunin::server {
namespace {

const std::vector<std::string> kColumns = {"t", "b", "s", "i", "l", "u", "at", "raw"};
const std::vector<PgType> kTypes = {PgType::kText,        PgType::kBool, PgType::kInt2,
                                    PgType::kInt4,        PgType::kInt8, PgType::kUuid,
                                    PgType::kTimestampTz, PgType::kBytea};
const std::vector<size_t> kAll = {0, 1, 2, 3, 4, 5, 6, 7};

class BinaryCopyTest : public testing::PrivatePostgresSuite {
 protected:
  void SetUp() override {
    conn_ = std::make_unique<PgConnection>(Dsn());
    pqxx::work tx(*conn_);
    for (const char* table : {"by_binary", "by_text"}) {
      tx.exec(std::string("DROP TABLE IF EXISTS ") + table);
      tx.exec(std::string("CREATE TABLE ") + table +
              " (t text NOT NULL, b boolean NOT NULL, s smallint NOT NULL, i integer NOT NULL,"
              " l bigint PRIMARY KEY, u uuid NOT NULL, at timestamptz NOT NULL, raw bytea NOT "
              "NULL)");
    }
    tx.commit();
  }
  // Every row of `table` as text, in key order.
  std::vector<std::string> Rows(const std::string& table) {
    pqxx::work tx(*conn_);
    std::vector<std::string> rows;
    for (const auto& r : tx.exec("SELECT t, b::text, s::text, i::text, l::text, u::text, "
                                 "at::text, encode(raw, 'hex') FROM " +
                                 table + " ORDER BY l")) {
      std::string line;
      for (const auto& f : r) line += std::string(f.c_str()) + "|";
      rows.push_back(line);
    }
    return rows;
  }
  int64_t Count(const std::string& table) {
    pqxx::work tx(*conn_);
    return tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
  }

  std::unique_ptr<PgConnection> conn_;
};

std::string AllBytes() {
  std::string out;
  for (int i = 0; i < 256; ++i) out += static_cast<char>(i);
  return out;
}

TEST_F(BinaryCopyTest, RowsReadBackAsTheTextCopyOfTheSameFieldsStoresThem) {
  // Text rows as the text COPY takes them; the binary rows differ only in bytea (raw bytes).
  std::vector<std::vector<std::string>> rows = {
      {"薬局 テスト\t改行\n", "t", "-32768", "2147483647", "9223372036854775807",
       "0123abcd-0000-4000-8000-00000000ff01", PgTimestamp(1795046645123456), AllBytes()},
      {"", "f", "32767", "-2147483648", "-9223372036854775808",
       "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF", PgTimestamp(0), ""},
      {"Virtual PCD 00 00", "t", "0", "0", "1", "00000000-0000-0000-0000-000000000000",
       PgTimestamp(253402300799999999), std::string(5000, '\\')},
  };
  for (int i = 0; i < 2000; ++i) {
    rows.push_back({"結果 " + std::to_string(i), i % 2 ? "t" : "f", std::to_string(i % 300),
                    std::to_string(i * 1000), std::to_string(1000 + i),
                    "6f1c2d3e-4a5b-4c6d-8e7f-" + std::string(8 - std::to_string(i).size(), '0') +
                        std::to_string(i) + "abcd",
                    PgTimestamp(1795046645123456 + i * 7919), AllBytes().substr(i % 256)});
  }
  {
    pqxx::work tx(*conn_);
    BinaryCopyWriter binary(*conn_, tx, "by_binary", kColumns, kTypes);
    for (const auto& r : rows) binary.Row(r, kAll);
    binary.Complete();
    tx.commit();
  }
  {
    pqxx::work tx(*conn_);
    CopyWriter text(tx, "by_text", kColumns);
    for (auto r : rows) {
      r[7] = PgByteaHex(AsBytes(r[7]));
      text.Row(r);
    }
    text.Complete();
    tx.commit();
  }
  const auto by_binary = Rows("by_binary");
  ASSERT_EQ(by_binary.size(), rows.size());
  EXPECT_EQ(by_binary, Rows("by_text"));
  // The row of the largest key: its text with a tab and a newline, as sent.
  EXPECT_EQ(by_binary.back().substr(0, by_binary.back().find('|')), "薬局 テスト\t改行\n");
}

TEST_F(BinaryCopyTest, AKeyAlreadyStoredThrowsUniqueViolationAndTheSavepointRollsBackAlone) {
  const std::vector<std::string> row = {
      "a", "t", "1", "1", "7", "0123abcd-0000-4000-8000-00000000ff01", PgTimestamp(0), "x"};
  pqxx::work tx(*conn_);
  {
    BinaryCopyWriter first(*conn_, tx, "by_binary", kColumns, kTypes);
    first.Row(row, kAll);
    first.Complete();
  }
  bool refused = false;
  try {
    pqxx::subtransaction again(tx, "again");
    BinaryCopyWriter second(*conn_, again, "by_binary", kColumns, kTypes);
    second.Row(row, kAll);
    second.Complete();
    again.commit();
  } catch (const pqxx::unique_violation& e) {
    refused = true;
    EXPECT_EQ(e.sqlstate(), "23505");
  }
  EXPECT_TRUE(refused);
  // The transaction goes on: the same connection runs statements, the first row commits.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM by_binary")[0].as<int>(), 1);
  tx.commit();
  EXPECT_EQ(Count("by_binary"), 1);
}

TEST_F(BinaryCopyTest, AFieldNotOfItsTypeOrACopyAbandonedHalfWayStoresNothing) {
  std::vector<std::string> row = {
      "a", "t", "1", "1", "7", "0123abcd-0000-4000-8000-00000000ff01", PgTimestamp(0), "x"};
  pqxx::work tx(*conn_);
  try {
    pqxx::subtransaction part(tx, "part");
    BinaryCopyWriter copy(*conn_, part, "by_binary", kColumns, kTypes);
    copy.Row(row, kAll);
    row[4] = "8";
    row[2] = "70000";  // beyond smallint
    copy.Row(row, kAll);
    ADD_FAILURE() << "a smallint of 70000 was taken";
  } catch (const pqxx::data_exception& e) {
    EXPECT_NE(std::string(e.what()).find("column 3"), std::string::npos) << e.what();
  }
  {
    pqxx::subtransaction part(tx, "half");
    BinaryCopyWriter copy(*conn_, part, "by_binary", kColumns, kTypes);
    row[2] = "1";
    copy.Row(row, kAll);
    // Destroyed without Complete (a caller's error return in the middle of its rows).
  }
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM by_binary")[0].as<int>(), 0);
  tx.commit();
  EXPECT_EQ(Count("by_binary"), 0);
}

TEST_F(BinaryCopyTest, AConnectionCutDuringTheCopyIsBrokenConnection) {
  const int pid = [&] {
    pqxx::nontransaction q(*conn_);
    return q.exec1("SELECT pg_backend_pid()")[0].as<int>();
  }();
  pqxx::work tx(*conn_);
  BinaryCopyWriter copy(*conn_, tx, "by_binary", kColumns, kTypes);
  {
    pqxx::connection admin(Dsn());
    pqxx::nontransaction q(admin);
    q.exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  }
  const std::vector<std::string> row = {"a",
                                        "t",
                                        "1",
                                        "1",
                                        "7",
                                        "0123abcd-0000-4000-8000-00000000ff01",
                                        PgTimestamp(0),
                                        std::string(1 << 16, 'x')};
  bool broken = false;
  try {
    // libpq may buffer the first rows; the end of the COPY reads the server's answer.
    for (int i = 0; i < 64; ++i) copy.Row(row, kAll);
    copy.Complete();
  } catch (const pqxx::broken_connection&) {
    broken = true;
  } catch (const pqxx::sql_error& e) {
    // The server's own farewell (57P01, terminating connection) may arrive first.
    broken = IsTransientDbFailure(e);
    EXPECT_TRUE(broken) << e.sqlstate() << " " << e.what();
  }
  EXPECT_TRUE(broken);
}

}  // namespace
}  // namespace kakunin::server
