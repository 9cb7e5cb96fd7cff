// An upgrade over real data: a database at the first schema version (0001) holding a site, a
// terminal and results with sealed patient fields, as the first server version stored them; then
// the current `kakunin-server serve` starts on it. Every later migration runs, nothing is lost
// (rows, operational columns, site settings), the sealed patient fields moved by 0002 still open
// with the same key, and `kakunin-server audit verify` finds the chain intact. With
// `migrate = manual` (replicas sharing a database) nothing changes the schema but
// `kakunin-server migrate`: serve waits for it (and stops cleanly while waiting), other commands
// refuse the older schema, and the waiting server starts once it ran.

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "common/core/bytes.h"
#include "kakunin/v1/common.pb.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/migrations.h"
#include "server/storage/sealer.h"
#include "tests/harness/private_postgres.h"

namespace kakunin::server {
namespace {
namespace fs = std::filesystem;
using testing::RemoveTree;
using testing::StartPrivatePostgres;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct OldResult {
  std::string check_id, name;
  int sequence, outcome;
};

class Upgrade : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pg = StartPrivatePostgres("kakunin-upgrade", "kakunin");
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    dir_ = pg->dir;
    pg_ = std::move(pg->pg);
    dsn_ = pg_->ConnectionString("kakunin");
    fs::create_directories(dir_ + "/server");
  }
  void TearDown() override {
    pg_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  std::string Sql(const std::string& sql) {
    auto r = pg_->Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }

  std::string dir_, dsn_;
  std::unique_ptr<EmbeddedPostgres> pg_;
};

TEST_F(Upgrade, FirstSchemaWithDataUpgradesIntact) {
  // The first schema, exactly as migration 0001 made it.
  {
    pqxx::connection conn(dsn_);
    auto first = ApplyMigrations(conn, {AllMigrations().front()});
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    ASSERT_EQ(first->to_version, 1);
  }
  // The first version's data: a site with its settings, an active terminal, three results this
  // month (inside their re-view window) with their patient fields sealed in the row.
  const std::string key_file = dir_ + "/server/patient.keys";
  ASSERT_TRUE(Sealer::CreateKeyFileIfMissing(key_file).ok());
  Sealer sealer;
  ASSERT_TRUE(sealer.LoadKeyFile(key_file).ok());
  const std::vector<OldResult> results = {
      {"0b6f3b7e-2f1a-4c1e-9d7e-000000000001", "山田 太郎", 1, 1},
      {"0b6f3b7e-2f1a-4c1e-9d7e-000000000002", "佐藤 花子", 2, 2},
      {"0b6f3b7e-2f1a-4c1e-9d7e-000000000003", "鈴木 一郎", 3, 1}};
  {
    pqxx::connection conn(dsn_);
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO sites(site_id, name, institution_code, facility_kind, settings) VALUES "
        "('honcho', '本町薬局', '1341234566', 'pharmacy', "
        "'{\"defaultMode\":\"IDENTITY_MODE_PIN\",\"autoApproveDevices\":true}')");
    tx.exec(
        "INSERT INTO devices(device_id, site_id, status, public_key_sha256, verification_code, "
        "cert_serial, cert_not_after, terminal_name, acked_sequence) VALUES ('dev-old', "
        "'honcho', 'active', '\\x00', '123 456', '01', now() + interval '300 days', "
        "'本町薬局1号機', 3)");
    // A branch manager as the first versions stored one: each site id inside SQL quotes.
    tx.exec(
        "INSERT INTO users(user_id, login, password_hash, role, site_ids) VALUES ('u-old', "
        "'tencho', 'x', 'branch_manager', '{''honcho'',''ekimae''}')");
    for (const auto& r : results) {
      v1::CheckResult patient;
      patient.mutable_eligibility()->set_name(r.name);
      auto blob = sealer.Seal(ToBytes(patient.SerializeAsString()), ToBytes(r.check_id));
      ASSERT_TRUE(blob.ok());
      tx.exec_params(
          "INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, mode, "
          "route, source, outcome, reader_name, patient_sealed, patient_key_id) VALUES "
          "('dev-old', $1, $2::uuid, 'honcho', now() - interval '1 minute', 1, 1, 1, $3, "
          "'Virtual PCD 00 00', $4, $5)",
          r.sequence, r.check_id, r.outcome, pqxx::binarystring(blob->data(), blob->size()),
          sealer.current_key_id());
    }
    tx.commit();
  }

  // The current server starts on it.
  testing::ProcessOptions so;
  so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        dsn_,           "--data-dir",
             dir_ + "/server",   "--listen", "127.0.0.1:0", "--ready-file", dir_ + "/server.port"};
  so.log_path = dir_ + "/server.log";
  auto server = testing::Process::Start(so);
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(
      testing::WaitFor([&] { return fs::exists(dir_ + "/server.port") || !server->running(); },
                       std::chrono::seconds(60)))
      << server->ReadLog();
  ASSERT_TRUE(server->running()) << server->ReadLog();
  server->Stop();

  EXPECT_EQ(Sql("SELECT max(version) FROM schema_migrations"),
            std::to_string(AllMigrations().back().version));
  EXPECT_EQ(Sql("SELECT string_agg(sequence || ':' || outcome || ':' || reader_name, ',' ORDER BY "
                "sequence) FROM check_results WHERE device_id = 'dev-old'"),
            "1:1:Virtual PCD 00 00,2:2:Virtual PCD 00 00,3:1:Virtual PCD 00 00");
  EXPECT_EQ(Sql("SELECT name || '|' || (settings->>'defaultMode') FROM sites"),
            "本町薬局|IDENTITY_MODE_PIN");
  EXPECT_EQ(Sql("SELECT status || '|' || acked_sequence || '|' || route_settings::text FROM "
                "devices"),
            "active|3|{}");
  // Plain site ids (0017), which SQL can compare: 'honcho' = ANY(site_ids).
  EXPECT_EQ(Sql("SELECT site_ids::text || '|' || ('honcho' = ANY(site_ids)) FROM users WHERE "
                "login = 'tencho'"),
            "{honcho,ekimae}|true");
  // The sealed fields moved (0002) and still open with the same key, bound to their check.
  pqxx::connection conn(dsn_);
  pqxx::read_transaction tx(conn);
  auto rows = tx.exec("SELECT check_id::text, key_id, sealed FROM check_patient_data ORDER BY 1");
  ASSERT_EQ(rows.size(), results.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0].c_str(), results[i].check_id);
    pqxx::binarystring sealed(rows[i][2]);
    auto opened =
        sealer.Open(rows[i][1].c_str(),
                    ByteView(reinterpret_cast<const uint8_t*>(sealed.data()), sealed.size()),
                    ToBytes(results[i].check_id));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    v1::CheckResult patient;
    ASSERT_TRUE(patient.ParseFromArray(opened->data(), static_cast<int>(opened->size())));
    EXPECT_EQ(patient.eligibility().name(), results[i].name);
  }
  tx.commit();
  // The upgraded schema takes the current writes (an audited route change on the old site), and
  // the audit chain the later migrations started verifies with them.
  auto route = testing::RunCommand({KAKUNIN_SERVER_BIN, "site", "route", "--db", dsn_, "--id",
                                    "honcho", "--route", "terminal-files", "--req-dir",
                                    "/srv/oqs/req", "--res-dir", "/srv/oqs/res"});
  ASSERT_TRUE(route.ok());
  ASSERT_EQ(route->exit_code, 0) << route->output << route->error_output;
  EXPECT_EQ(Sql("SELECT name || '|' || (settings->>'defaultMode') || '|' || "
                "(settings->'route'->>'resDir') FROM sites"),
            "本町薬局|IDENTITY_MODE_PIN|/srv/oqs/res");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'site.saved'"), "1");
  auto verify = testing::RunCommand(
      {KAKUNIN_SERVER_BIN, "audit", "verify", "--db", dsn_, "--data-dir", dir_ + "/server"});
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->exit_code, 0) << verify->output << verify->error_output;
}

TEST_F(Upgrade, ManualMigrationWaitsForTheMigrateCommand) {
  {
    pqxx::connection conn(dsn_);
    ASSERT_TRUE(ApplyMigrations(conn, {AllMigrations().front()}).ok());
  }
  const std::string latest = std::to_string(AllMigrations().back().version);
  auto serve = [&] {
    testing::ProcessOptions so;
    so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        dsn_,           "--data-dir",
               dir_ + "/server",   "--listen", "127.0.0.1:0", "--ready-file", dir_ + "/server.port",
               "--migrate",        "manual"};
    so.log_path = dir_ + "/server.log";
    return testing::Process::Start(so);
  };
  auto waits = [&](testing::Process& p) {
    return testing::WaitFor(
        [&] {
          return p.ReadLog().find("waiting for `kakunin-server migrate`") != std::string::npos ||
                 !p.running();
        },
        std::chrono::seconds(60));
  };
  // The upgraded replica waits, and a stop while it waits is clean.
  auto first = serve();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(waits(*first)) << first->ReadLog();
  ASSERT_TRUE(first->running()) << first->ReadLog();
  EXPECT_NE(first->ReadLog().find("database schema is version 1 and this server needs " + latest),
            std::string::npos)
      << first->ReadLog();
  EXPECT_FALSE(fs::exists(dir_ + "/server.port"));
  EXPECT_EQ(first->Stop(), 0) << first->ReadLog();
  EXPECT_EQ(Sql("SELECT max(version) FROM schema_migrations"), "1");

  // Another command refuses the older schema instead of migrating it.
  auto refused = testing::RunCommand({KAKUNIN_SERVER_BIN, "site", "add", "--id", "honcho", "--name",
                                      "本町薬局", "--db", dsn_, "--data-dir", dir_ + "/server",
                                      "--migrate", "manual"});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->exit_code, 1) << refused->output << refused->error_output;
  EXPECT_NE(refused->error_output.find("kakunin-server migrate"), std::string::npos)
      << refused->error_output;
  EXPECT_EQ(Sql("SELECT max(version) FROM schema_migrations"), "1");

  // Waiting again; `migrate` run elsewhere ends the wait.
  auto second = serve();
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(waits(*second)) << second->ReadLog();
  auto migrated = testing::RunCommand(
      {KAKUNIN_SERVER_BIN, "migrate", "--db", dsn_, "--data-dir", dir_ + "/server"});
  ASSERT_TRUE(migrated.ok());
  EXPECT_EQ(migrated->exit_code, 0) << migrated->error_output;
  EXPECT_NE(migrated->output.find("スキーマをバージョン 1 から " + latest + " に更新しました"),
            std::string::npos)
      << migrated->output;
  ASSERT_TRUE(
      testing::WaitFor([&] { return fs::exists(dir_ + "/server.port") || !second->running(); },
                       std::chrono::seconds(60)))
      << second->ReadLog();
  EXPECT_TRUE(second->running()) << second->ReadLog();
  EXPECT_EQ(second->Stop(), 0);
  auto again = testing::RunCommand(
      {KAKUNIN_SERVER_BIN, "migrate", "--db", dsn_, "--data-dir", dir_ + "/server"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->exit_code, 0);
  EXPECT_NE(again->output.find("スキーマは最新です（バージョン " + latest + "）"),
            std::string::npos)
      << again->output;
  auto bad = testing::RunCommand({KAKUNIN_SERVER_BIN, "serve", "--db", dsn_, "--data-dir",
                                  dir_ + "/server", "--migrate", "sometimes"});
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->exit_code, 2) << bad->error_output;
  EXPECT_NE(bad->error_output.find(
                "kakunin-server: --migrate は auto か manual です（指定: 'sometimes'）。"),
            std::string::npos)
      << bad->error_output;
}

}  // namespace
}  // namespace kakunin::server
