// Retention on real PostgreSQL: patient data of October is viewable through 翌月末 (November 30)
// and dropped on December 1 — one partition, whole; November's stays until January 1; the
// non-personal result rows stay throughout, and each drop is recorded.

#include "server/storage/retention.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "server/storage/migrations.h"
#include "tests/harness/private_postgres.h"

namespace kakunin::server {
namespace {

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pg = testing::StartPrivatePostgres("kakunin-ret", "r");
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    dir_ = pg->dir;
    pg_ = std::move(pg->pg);
    conn_ = std::make_unique<pqxx::connection>(pg_->ConnectionString("r"));
    ASSERT_TRUE(ApplyMigrations(*conn_, AllMigrations()).ok());
    pqxx::work tx(*conn_);
    tx.exec("INSERT INTO sites(site_id, name) VALUES ('s', 'S')");
    tx.exec(
        "INSERT INTO devices(device_id, site_id, status, public_key_sha256, verification_code, "
        "cert_serial, cert_not_after) VALUES ('d', 's', 'active', '\\x00', '000 000', '01', "
        "now())");
    int seq = 0;
    // The last instant of October and the first of November in Japan, and one mid-November.
    for (const char* at :
         {"2026-10-31 23:59:59+09", "2026-11-01 00:00:00+09", "2026-11-15 12:00+09"}) {
      ++seq;
      std::string id = "00000000-0000-4000-8000-00000000000" + std::to_string(seq);
      tx.exec_params(
          "INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, mode, "
          "route, source, outcome) VALUES ('d', $1, $2::uuid, 's', $3::timestamptz, 1, 1, 1, 1)",
          seq, id, at);
      tx.exec_params("SELECT kakunin_patient_partition($1::timestamptz)", at);
      tx.exec_params(
          "INSERT INTO check_patient_data VALUES ($1::uuid, $2::timestamptz, 'k1', '\\x01')", id,
          at);
    }
    tx.commit();
  }
  void TearDown() override {
    conn_.reset();
    pg_.reset();
    testing::RemoveTree(dir_);
  }
  long long Count(const std::string& table) {
    pqxx::work tx(*conn_);
    return tx.exec1("SELECT count(*) FROM " + table)[0].as<long long>();
  }
  Result<RetentionReport> Purge(const char* today) {
    return PurgeExpiredPatientData(*conn_, *domain::ParseIsoDate(today), 1);
  }

  std::string dir_;
  std::unique_ptr<EmbeddedPostgres> pg_;
  std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(RetentionTest, DropsAWholeMonthTheDayAfterItsWindowEnds) {
  auto on_last_day = Purge("2026-11-30");
  ASSERT_TRUE(on_last_day.ok()) << on_last_day.error().ToString();
  EXPECT_TRUE(on_last_day->dropped.empty());
  EXPECT_EQ(Count("check_patient_data"), 3);

  auto day_after = Purge("2026-12-01");
  ASSERT_TRUE(day_after.ok());
  ASSERT_EQ(day_after->dropped, std::vector<std::string>{"check_patient_data_2026_10"});
  EXPECT_EQ(day_after->rows_removed, 1);
  EXPECT_EQ(Count("check_patient_data"), 2);  // both November checks, including 00:00 JST
  EXPECT_EQ(Count("check_results"), 3);       // statistics stay

  EXPECT_TRUE(Purge("2026-12-31")->dropped.empty());
  auto january = Purge("2027-01-01");
  ASSERT_TRUE(january.ok());
  EXPECT_EQ(january->dropped, std::vector<std::string>{"check_patient_data_2026_11"});
  EXPECT_EQ(Count("check_patient_data"), 0);
  EXPECT_EQ(Count("check_results"), 3);
  EXPECT_EQ(Count("retention_runs"), 2);
}

}  // namespace
}  // namespace kakunin::server
