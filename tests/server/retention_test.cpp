// Retention on real PostgreSQL: patient data of October is viewable through 翌月末 (November 30)
// and dropped on December 1 — one partition, whole; November's stays until January 1; the
// non-personal result rows stay throughout, and each drop is recorded. A reader holding the table
// (a backup) neither makes terminals' inserts wait behind the purge nor loses it. Old signed audit
// heads thin to one a day.

#include "server/storage/retention.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
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
  Result<RetentionReport> Purge(const char* today,
                                std::chrono::milliseconds lock_wait = kRetentionLockWait) {
    return PurgeExpiredPatientData(*conn_, *domain::ParseIsoDate(today), 1, lock_wait);
  }
  std::string Dsn() { return pg_->ConnectionString("r"); }
  // Does the backend `pid` wait for a lock? Seen in pg_locks, not assumed after a delay.
  bool WaitsForALock(pqxx::connection& observer, int pid) {
    pqxx::nontransaction tx(observer);
    return tx.exec_params1("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted", pid)[0]
               .as<int>() > 0;
  }
  bool TableExists(const std::string& name) {
    pqxx::nontransaction tx(*conn_);
    return !tx.exec_params1("SELECT to_regclass($1)", name)[0].is_null();
  }
  // A terminal's patient row of November, written with a bound on how long it may wait.
  void InsertNovemberPatientRow(const std::string& check_id) {
    pqxx::connection writer(Dsn());
    pqxx::work tx(writer);
    tx.exec("SET LOCAL statement_timeout = '10s'");
    tx.exec_params(
        "INSERT INTO check_patient_data VALUES ($1::uuid, '2026-11-20 09:00+09', 'k1', '\\x02')",
        check_id);
    tx.commit();
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

// Every replica runs the hourly purge: one at a time. Two at once on the same month failed with
// errors other than a lock wait, which ended the run and left the later months for an hour.
TEST_F(RetentionTest, AReplicaThatFindsAnotherPurgingSkipsThisRun) {
  pqxx::connection other(Dsn());
  pqxx::nontransaction holder(other);
  ASSERT_TRUE(
      holder.exec1("SELECT pg_try_advisory_lock(hashtext('kakunin_retention'))")[0].as<bool>());
  auto skipped = Purge("2026-12-01");
  ASSERT_TRUE(skipped.ok()) << skipped.error().ToString();
  EXPECT_TRUE(skipped->another_purging);
  EXPECT_TRUE(skipped->dropped.empty());
  EXPECT_EQ(Count("check_patient_data"), 3);
  holder.exec("SELECT pg_advisory_unlock(hashtext('kakunin_retention'))");
  auto ran = Purge("2026-12-01");
  ASSERT_TRUE(ran.ok());
  EXPECT_FALSE(ran->another_purging);
  EXPECT_EQ(ran->dropped, std::vector<std::string>{"check_patient_data_2026_10"});
  // The lock is given back: the next run is not taken for another replica's.
  EXPECT_FALSE(Purge("2026-12-02")->another_purging);
}

// A backup (pg_dump) holds every table for the whole of its run. The purge that falls inside it
// waits for the backup, but terminals' patient rows do not wait for the purge: a DROP of the
// partition would have queued them all behind the backup (its ACCESS EXCLUSIVE lock).
TEST_F(RetentionTest, ABackupHoldingTheTableMakesNoInsertWaitAndThePurgeFollowsIt) {
  // Declared before the backup: on a failed assertion the backup ends first, so the purge can
  // finish and its future's destructor does not wait for ever.
  std::future<Result<RetentionReport>> purge;
  pqxx::connection reader_conn(Dsn());
  auto backup = std::make_unique<pqxx::work>(reader_conn);
  backup->exec("SELECT count(*) FROM check_patient_data");  // ACCESS SHARE until it ends
  const int purge_pid = conn_->backendpid();
  purge = std::async(std::launch::async,
                     [&] { return Purge("2026-12-01", std::chrono::seconds(120)); });
  pqxx::connection observer(Dsn());
  ASSERT_TRUE(testing::WaitFor([&] { return WaitsForALock(observer, purge_pid); },
                               std::chrono::seconds(60)));

  InsertNovemberPatientRow("00000000-0000-4000-8000-0000000000a1");  // throws if it timed out
  EXPECT_EQ(purge.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the purge did not wait for the backup";

  backup->commit();
  backup.reset();
  ASSERT_EQ(purge.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  auto r = purge.get();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->dropped, std::vector<std::string>{"check_patient_data_2026_10"});
  EXPECT_TRUE(r->waiting.empty());
  EXPECT_FALSE(TableExists("check_patient_data_2026_10"));
  EXPECT_EQ(Count("check_patient_data"), 3);  // November's two and the one written meanwhile
  EXPECT_EQ(Count("retention_runs"), 1);
}

// A purge that cannot get its locks within its bound gives up, says which month it left, and a
// later run finishes it: whether the month was left attached, half detached or detached.
TEST_F(RetentionTest, AMonthHeldLongerThanTheBoundIsLeftAndALaterRunDropsIt) {
  pqxx::connection reader_conn(Dsn());
  auto backup = std::make_unique<pqxx::work>(reader_conn);
  backup->exec("SELECT count(*) FROM check_patient_data");

  auto held = Purge("2026-12-01", std::chrono::milliseconds(200));
  ASSERT_TRUE(held.ok()) << held.error().ToString();
  EXPECT_TRUE(held->dropped.empty());
  EXPECT_EQ(held->waiting, std::vector<std::string>{"check_patient_data_2026_10"});
  EXPECT_TRUE(TableExists("check_patient_data_2026_10"));  // its data is not lost unrecorded
  EXPECT_EQ(Count("retention_runs"), 0);
  // The connection goes back to a pool: the bound set for the purge must not stay on it.
  {
    pqxx::nontransaction tx(*conn_);
    EXPECT_EQ(tx.exec1("SHOW lock_timeout")[0].as<std::string>(), "0");
  }
  // Expired data is no longer shown even before it is dropped (the detach went half way).
  EXPECT_EQ(Count("check_patient_data"), 2);

  backup->commit();
  backup.reset();
  auto later = Purge("2026-12-01", std::chrono::milliseconds(200));
  ASSERT_TRUE(later.ok()) << later.error().ToString();
  EXPECT_EQ(later->dropped, std::vector<std::string>{"check_patient_data_2026_10"});
  EXPECT_EQ(later->rows_removed, 1);
  EXPECT_TRUE(later->waiting.empty());
  EXPECT_FALSE(TableExists("check_patient_data_2026_10"));
  EXPECT_EQ(Count("retention_runs"), 1);
}

// A new month's partition is made while a backup holds the table, without waiting for it (the
// ingest writers make one inside their transaction when a month's first check arrives).
TEST_F(RetentionTest, ANewMonthsPartitionIsMadeWhileABackupHoldsTheTable) {
  pqxx::connection reader_conn(Dsn());
  pqxx::work backup(reader_conn);
  backup.exec("SELECT count(*) FROM check_patient_data");
  {
    pqxx::connection writer(Dsn());
    pqxx::work tx(writer);
    tx.exec("SET LOCAL statement_timeout = '10s'");
    EXPECT_EQ(
        tx.exec1("SELECT kakunin_patient_partition('2026-12-01 00:00:00+09')")[0].as<std::string>(),
        "check_patient_data_2026_12");
    tx.exec(
        "INSERT INTO check_patient_data VALUES ('00000000-0000-4000-8000-0000000000b1', "
        "'2026-12-01 00:00:00+09', 'k1', '\\x03')");
    tx.commit();
  }
  backup.commit();
  // The month's bounds are Japan's, and the row is found through the parent.
  pqxx::work tx(*conn_);
  EXPECT_EQ(tx.exec1("SELECT tableoid::regclass::text FROM check_patient_data WHERE check_id = "
                     "'00000000-0000-4000-8000-0000000000b1'")[0]
                .as<std::string>(),
            "check_patient_data_2026_12");
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM check_patient_data_2026_11")[0].as<int>(), 2);
}

// Two ingest writers meet a new month at once: the second waits for the first's partition and
// then uses it (a stale catalog cache once made it try to create the table again and fail the
// whole commit).
TEST_F(RetentionTest, TwoWritersMeetingANewMonthBothStore) {
  pqxx::connection first_conn(Dsn());
  pqxx::connection second_conn(Dsn());
  {
    // Each session has looked for the month before (a cached "no such table").
    pqxx::nontransaction warm(second_conn);
    EXPECT_TRUE(warm.exec1("SELECT to_regclass('check_patient_data_2027_03')")[0].is_null());
  }
  pqxx::work first(first_conn);
  EXPECT_EQ(
      first.exec1("SELECT kakunin_patient_partition('2027-03-05 10:00+09')")[0].as<std::string>(),
      "check_patient_data_2027_03");
  auto second = std::async(std::launch::async, [&] {
    pqxx::work tx(second_conn);
    tx.exec("SELECT kakunin_patient_partition('2027-03-06 10:00+09')");
    tx.exec(
        "INSERT INTO check_patient_data VALUES ('00000000-0000-4000-8000-0000000000c2', "
        "'2027-03-06 10:00+09', 'k1', '\\x05')");
    tx.commit();
  });
  pqxx::connection observer(Dsn());
  const int second_pid = second_conn.backendpid();
  ASSERT_TRUE(testing::WaitFor([&] { return WaitsForALock(observer, second_pid); },
                               std::chrono::seconds(60)));
  first.exec(
      "INSERT INTO check_patient_data VALUES ('00000000-0000-4000-8000-0000000000c1', "
      "'2027-03-05 10:00+09', 'k1', '\\x04')");
  first.commit();
  ASSERT_EQ(second.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_NO_THROW(second.get());
  EXPECT_EQ(Count("check_patient_data_2027_03"), 2);
}

// Signed heads older than 30 days thin to the newest of each Japanese day; newer ones all stay.
// A run that may remove fewer than are due leaves the rest for the next.
TEST_F(RetentionTest, OldAuditHeadsThinToTheNewestOfEachJapaneseDay) {
  {
    pqxx::work tx(*conn_);
    const std::pair<int, const char*> heads[] = {
        {10, "2026-09-01 00:10+09"},    {11, "2026-09-01 12:00+09"},
        {12, "2026-09-01 23:59:59+09"},  // the newest of September 1st in Japan
        {13, "2026-09-02 00:00+09"},     // alone on the 2nd (still the 1st in UTC)
        {20, "2026-12-01 09:00+09"},    {21, "2026-12-01 10:00+09"}};  // within 30 days
    for (const auto& [size, at] : heads) {
      tx.exec_params(
          "INSERT INTO audit_heads(size, root_hash, signed_at, signed_at_us, key_id, signature) "
          "VALUES ($1, '\\x00', $2::timestamptz, 0, 'k', '\\x00')",
          size, at);
    }
    tx.commit();
  }
  auto sizes = [&] {
    pqxx::work tx(*conn_);
    return tx.exec1("SELECT string_agg(size::text, ',' ORDER BY size) FROM audit_heads")[0]
        .as<std::string>();
  };
  // 2026-12-06 09:00 in Japan.
  const auto now = std::chrono::system_clock::from_time_t(1796515200);
  HeadThinning walk;
  auto one = ThinAuditHeads(*conn_, now, &walk, kKeepEveryHeadFor, /*max_rows=*/1, /*batch=*/1);
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  EXPECT_EQ(*one, 1);
  EXPECT_FALSE(walk.reached_recent);
  auto rest = ThinAuditHeads(*conn_, now, &walk, kKeepEveryHeadFor, 50'000, /*batch=*/2);
  ASSERT_TRUE(rest.ok()) << rest.error().ToString();
  EXPECT_EQ(*rest, 1);
  EXPECT_TRUE(walk.reached_recent);
  EXPECT_EQ(sizes(), "12,13,20,21");
  // A day later the cut has moved past December 1st: its newest head stays, and the walk goes
  // on from where it got to. A fresh walk from the start finds nothing more.
  auto later = ThinAuditHeads(*conn_, now + std::chrono::hours(24 * 31), &walk);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(*later, 1);
  EXPECT_EQ(sizes(), "12,13,21");
  HeadThinning fresh;
  auto again = ThinAuditHeads(*conn_, now + std::chrono::hours(24 * 31), &fresh);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_TRUE(fresh.reached_recent);
}
}  // namespace
}  // namespace kakunin::server
