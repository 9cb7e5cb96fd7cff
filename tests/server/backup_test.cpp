// Backup and restore round trip on a real HQ (kakunin-server + PostgreSQL): a server with a
// terminal's results is backed up beside its live server; its database and keys are then lost
// (an empty database, an empty data directory); `kakunin-server restore` brings them back, and
// the restarted server takes the same terminal with its own certificate, continues its
// sequence (the results it sent after the backup, lost with HQ, are closed as a gap at its
// hello), opens every sealed patient field and verifies the audit chain. The backup's keys are
// sealed with a passphrase, and so is the dump: no key and no row is in the folder in the clear, a
// wrong passphrase restores nothing, and a backup without either --passphrase-file or
// --keys-in-clear is refused. A restore over a live, non-empty target and a damaged backup are
// refused with a reason. The restore records, signed, where the backup ended, so heads a terminal
// kept over the history the restore lost are set aside by `audit verify --witness` instead of read
// as tampering; when the restore could not append that record, the server does at its start.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <set>
#include <tuple>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "server/app/backup_keys.h"
#include "server/storage/sealer.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {
namespace fs = std::filesystem;

constexpr char kSite[] = "honcho";

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-backup");
    ::chmod(dir_.c_str(), 0755);
    // Heads every second: the test keeps heads signed over what the restore loses.
    auto rig = ServerRig::Start(dir_ + "/hq", kSite, "本町薬局", {"--head-interval", "1"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
  }
  void TearDown() override {
    if (HasFailure() && rig_) std::cerr << "server log:\n" << rig_->ServerLog();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  CommandOutput Server(std::vector<std::string> args,
                       const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), KAKUNIN_SERVER_BIN);
    auto out = RunCommand(args, env, "", /*merge_stderr=*/true);
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : CommandOutput{};
  }
  // Heads signed over everything recorded so far, written as a terminal keeps them (its witness
  // file); "" when they could not be.
  std::string KeepHeadsAsATerminalWould(const std::string& data) {
    const bool signed_all = WaitFor(
        [&] {
          return Sql("SELECT coalesce((SELECT max(size) FROM audit_heads), 0) >= "
                     "(SELECT max(seq) FROM audit_log)") == "t";
        },
        std::chrono::seconds(20));
    EXPECT_TRUE(signed_all);
    const std::string witness = dir_ + "/audit_heads.jsonl";
    auto heads =
        Server({"audit", "heads", "--db", rig_->dsn(), "--data-dir", data, "--out", witness});
    EXPECT_EQ(heads.exit_code, 0) << heads.output;
    return signed_all && heads.exit_code == 0 ? witness : "";
  }
  // `audit verify --witness` over the restored log: it passes, names one verified restore and
  // sets aside heads over the lost history. Returns its summary ("" when it could not be read).
  std::string VerifyAcrossTheRestore(const std::string& data, const std::string& witness) {
    auto witnessed = Server({"audit", "verify", "--db", rig_->dsn(), "--data-dir", data,
                             "--witness", witness, "--json"});
    EXPECT_EQ(witnessed.exit_code, 0) << witnessed.output;
    auto report = nlohmann::json::parse(witnessed.output, nullptr, false);
    if (!report.is_object() || !report["restores"].is_array() || report["restores"].size() != 1) {
      ADD_FAILURE() << "no report naming one restore: " << witnessed.output;
      return "";
    }
    EXPECT_GE(report["heads_set_aside"].get<int>(), 1) << witnessed.output;
    EXPECT_TRUE(report["restores"][0]["verified"].get<bool>()) << witnessed.output;
    return report.value("summary", "");
  }
  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(BackupTest, RoundTripIntoAnEmptyDatabaseAndDataDirectory) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  {
    auto stream = TerminalStream::Open(*rig_, *terminal);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    auto ack = (*stream)->Send(MakeResults(1, 10));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(*ack, 10u);
  }
  // A chain of 200 stores' worth of sites with long notes: the dump is several MiB, so its
  // sealed form spans many records (the first version's records over 1 MiB never restored).
  Sql("INSERT INTO sites(site_id, name, settings) SELECT 'bulk-' || g, 'store ' || g, "
      "jsonb_build_object('note', (SELECT string_agg(md5(g::text || ':' || k), '') "
      "FROM generate_series(1, 40) k)) FROM generate_series(1, 3000) g");
  const std::string data = rig_->data_dir(), backup = dir_ + "/backup";
  const std::string pass = dir_ + "/backup.pass", wrong = dir_ + "/wrong.pass";
  std::ofstream(pass) << "kinmokusei no kaori 2026\n";
  std::ofstream(wrong) << "kinmokusei no kaori 2025\n";
  ::chmod(pass.c_str(), 0600);
  ::chmod(wrong.c_str(), 0600);
  // The keys' fate must be chosen; a passphrase file others may read is refused.
  auto unchosen = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", backup});
  EXPECT_EQ(unchosen.exit_code, 2) << unchosen.output;
  EXPECT_NE(unchosen.output.find("--passphrase-file"), std::string::npos) << unchosen.output;
  ::chmod(pass.c_str(), 0644);
  auto open_pass = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", backup,
                           "--passphrase-file", pass});
  EXPECT_EQ(open_pass.exit_code, 2) << open_pass.output;
  EXPECT_NE(open_pass.output.find("chmod 600"), std::string::npos) << open_pass.output;
  ::chmod(pass.c_str(), 0600);
  EXPECT_FALSE(fs::exists(backup + "/database.dump"));
  // Beside the live server.
  auto out = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", backup,
                     "--passphrase-file", pass});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  struct stat st {};
  ASSERT_EQ(::stat(backup.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((backup + "/patient.keys.sealed").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << std::oct << (st.st_mode & 0777);
  EXPECT_TRUE(fs::exists(backup + "/pki/ca.key.sealed"));
  EXPECT_TRUE(fs::exists(backup + "/audit/head.key.sealed"));
  EXPECT_FALSE(fs::exists(backup + "/patient.keys"));
  // The dump is sealed too: it holds the sites, the users' password hashes, the audit log.
  EXPECT_TRUE(fs::exists(backup + "/database.sealed-dump"));
  EXPECT_FALSE(fs::exists(backup + "/database.dump"));
  // No key's bytes are anywhere in the folder: the patient keys' hex, the CA's PEM. Nor is the
  // dump's: pg_dump's magic, the site's name, the terminal's id.
  const std::string patient_keys = ReadFile(data + "/patient.keys");
  const std::string key_hex = patient_keys.substr(patient_keys.find(':') + 1, 64);
  ASSERT_EQ(key_hex.size(), 64u) << patient_keys;
  for (const auto& e : fs::recursive_directory_iterator(backup)) {
    if (!e.is_regular_file()) continue;
    const std::string bytes = ReadFile(e.path().string());
    EXPECT_EQ(bytes.find(key_hex), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find("PRIVATE KEY"), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find("PGDMP"), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find("本町薬局"), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find(terminal->device_id), std::string::npos) << e.path();
  }
  // Scheduled: a new folder each time in --into, the newest --keep kept, nothing else touched.
  const std::string nightly = dir_ + "/nightly";
  fs::create_directories(nightly + "/mine");
  fs::create_directories(nightly + "/kakunin-20000101-000000");  // no manifest: not ours
  std::vector<std::string> made;
  for (int night = 0; night < 3; ++night) {
    auto run = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--into", nightly,
                       "--keep", "2", "--passphrase-file", pass});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(run.output, m, std::regex("(kakunin-\\d{8}-\\d{6}(-\\d+)?)")))
        << run.output;
    made.push_back(m[1]);
  }
  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(nightly)) left.insert(e.path().filename());
  EXPECT_EQ(left, (std::set<std::string>{"mine", "kakunin-20000101-000000", made[1], made[2]}));
  EXPECT_LT(made[1], made[2]);
  auto keep_alone = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out",
                            dir_ + "/one", "--keep", "2", "--passphrase-file", pass});
  EXPECT_EQ(keep_alone.exit_code, 2) << keep_alone.output;

  // The nightly unit's way: beside a running server only, never starting the embedded
  // database itself (a server starting at the same moment would find it taken).
  auto stopped =
      Server({"backup", "--config", "", "--data-dir", dir_ + "/no-server", "--into", dir_ + "/unit",
              "--keep", "14", "--keys-in-clear", "--running-database-only"});
  EXPECT_NE(stopped.exit_code, 0);
  EXPECT_NE(stopped.output.find("backup.server_not_running"), std::string::npos) << stopped.output;
  EXPECT_FALSE(fs::exists(dir_ + "/no-server/postgres"));
  EXPECT_FALSE(fs::exists(dir_ + "/unit"));  // no empty folder left each night

  // In the clear only when asked, and never both.
  auto both = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", dir_ + "/clear",
                      "--passphrase-file", pass, "--keys-in-clear"});
  EXPECT_EQ(both.exit_code, 2) << both.output;
  auto clear = Server({"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", dir_ + "/clear",
                       "--keys-in-clear"});
  ASSERT_EQ(clear.exit_code, 0) << clear.output;
  EXPECT_EQ(ReadFile(dir_ + "/clear/patient.keys"), patient_keys);
  EXPECT_NE(clear.output.find("鍵は暗号化されていません"), std::string::npos) << clear.output;
  // After the backup the terminal goes on: 11-15 acknowledged, so it keeps none of them.
  {
    auto stream = TerminalStream::Open(*rig_, *terminal);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    auto ack = (*stream)->Send(MakeResults(11, 5));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(*ack, 15u);
  }

  // What a terminal witnessed: heads signed over the history the restore will lose (11-15).
  const std::string witness = KeepHeadsAsATerminalWould(data);
  ASSERT_FALSE(witness.empty());

  // A restore over the live installation is refused, and changes nothing.
  auto live = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", backup,
                      "--passphrase-file", pass});
  EXPECT_NE(live.exit_code, 0);
  EXPECT_NE(live.output.find("restore.target_not_empty"), std::string::npos) << live.output;

  // Everything lost: the database emptied, the data directory gone.
  rig_->StopServer();
  ASSERT_TRUE(rig_->pg().Psql("postgres", "DROP DATABASE kakunin").ok());
  ASSERT_TRUE(rig_->pg().CreateDatabase("kakunin").ok());
  RemoveTree(data);
  fs::create_directories(data);

  // A damaged backup is refused before anything is written.
  const std::string damaged = dir_ + "/damaged";
  fs::copy(backup, damaged, fs::copy_options::recursive);
  std::ofstream(damaged + "/patient.keys.sealed", std::ios::app) << "#";
  auto bad = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", damaged,
                     "--passphrase-file", pass});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("restore.damaged"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(data + "/patient.keys"));

  // A dump changed by whoever held the folder (a user added, say), its sum in the manifest
  // fixed to match: the passphrase's seal over the manifest tells, and nothing is restored.
  const std::string forged = dir_ + "/forged";
  fs::copy(backup, forged, fs::copy_options::recursive);
  std::ofstream(forged + "/database.sealed-dump", std::ios::app) << "-- one more row";
  {
    auto manifest = nlohmann::json::parse(ReadFile(forged + "/MANIFEST.json"));
    std::ifstream dump(forged + "/database.sealed-dump", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(dump)), std::istreambuf_iterator<char>());
    manifest["files"]["database.sealed-dump"] = ToHex(crypto::Sha256(ToBytes(bytes)));
    std::ofstream(forged + "/MANIFEST.json", std::ios::trunc) << manifest.dump(2);
  }
  auto tampered = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", forged,
                          "--passphrase-file", pass});
  EXPECT_NE(tampered.exit_code, 0);
  EXPECT_NE(tampered.output.find("its manifest was changed"), std::string::npos) << tampered.output;
  EXPECT_FALSE(fs::exists(data + "/patient.keys"));

  // Without the passphrase, or with a wrong one: nothing is restored.
  auto no_pass = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", backup});
  EXPECT_EQ(no_pass.exit_code, 2) << no_pass.output;
  EXPECT_NE(no_pass.output.find("--passphrase-file"), std::string::npos) << no_pass.output;
  auto wrong_pass = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", backup,
                            "--passphrase-file", wrong});
  EXPECT_NE(wrong_pass.exit_code, 0);
  EXPECT_NE(wrong_pass.output.find("restore.wrong_passphrase"), std::string::npos)
      << wrong_pass.output;
  EXPECT_FALSE(fs::exists(data + "/patient.keys"));
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_tables WHERE tablename = 'check_results'"), "0");

  auto restored = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", backup,
                          "--passphrase-file", pass});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  ASSERT_EQ(::stat((data + "/patient.keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  EXPECT_EQ(ReadFile(data + "/patient.keys"), patient_keys);
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();

  // The terminal goes on with its own certificate and its sequence. The restored HQ lacks
  // 11-15, which the terminal no longer has: its hello says it holds nothing below 16, so HQ
  // closes that gap (audited) and acknowledges what follows.
  {
    auto stream = TerminalStream::Open(*rig_, *terminal);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    v1::Hello hello;
    hello.set_last_sequence(15);
    hello.set_lowest_held_sequence(16);
    ASSERT_TRUE((*stream)->SendHello(hello).ok());
    auto ack = (*stream)->Send(MakeResults(16, 2));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(*ack, 17u);
  }
  EXPECT_EQ(
      Sql("SELECT count(*) FROM check_results WHERE device_id = '" + terminal->device_id + "'"),
      "12");
  EXPECT_EQ(Sql("SELECT details FROM audit_log WHERE event = 'device.sequence_gap'"),
            R"({"from":"11","to":"15","missing":5})");
  EXPECT_EQ(Sql("SELECT count(*) FROM sites WHERE site_id LIKE 'bulk-%'"), "3000");
  // Every sealed patient field opens with the restored keys.
  server::Sealer sealer;
  ASSERT_TRUE(sealer.LoadKeyFile(data + "/patient.keys").ok());
  pqxx::connection conn(rig_->dsn());
  pqxx::read_transaction tx(conn);
  auto rows = tx.exec("SELECT check_id::text, key_id, sealed FROM check_patient_data");
  ASSERT_EQ(rows.size(), 12u);
  for (const auto& row : rows) {
    pqxx::binarystring sealed(row[2]);
    auto opened = sealer.Open(
        row[1].c_str(), ByteView(reinterpret_cast<const uint8_t*>(sealed.data()), sealed.size()),
        ToBytes(row[0].c_str()));
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    v1::CheckResult patient;
    ASSERT_TRUE(patient.ParseFromArray(opened->data(), static_cast<int>(opened->size())));
    EXPECT_EQ(patient.eligibility().name(), kPatientName);
  }
  tx.commit();
  auto verify = Server({"audit", "verify", "--db", rig_->dsn(), "--data-dir", data});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("監査ログは正常です。"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("バックアップから復元されました"), std::string::npos)
      << verify.output;
  // The restore said, signed, where the backup ended: the terminal's heads over what was lost
  // are set aside, not reported as a rewritten history; the older ones still match.
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'audit.restored'"), "1");
  EXPECT_NE(VerifyAcrossTheRestore(data, witness).find("restored from a backup"),
            std::string::npos);
}

// The restore could not append its record (here by fault injection; a key or the database that
// failed at that moment): it says the server will, and the server does at its start, before
// anything else is written, so the terminal's heads over the lost history are still explained.
TEST_F(BackupTest, ARestoreRecordThatCouldNotBeAppendedIsAppendedByTheServer) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  auto send = [&](uint64_t first) {
    auto stream = TerminalStream::Open(*rig_, *terminal);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    auto ack = (*stream)->Send(MakeResults(first, 5));
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(*ack, first + 4);
  };
  send(1);
  // A patient month past its window that the hourly purge has not dropped yet: the backup leaves
  // its rows out, so a restore (or a copy kept off the host) cannot bring them back.
  Sql("SELECT kakunin_patient_partition('2020-01-15 09:00+09')");
  Sql("INSERT INTO check_patient_data VALUES ('00000000-0000-4000-8000-0000000000aa', "
      "'2020-01-15 09:00+09', 'k1', '\\x01')");
  ASSERT_EQ(Sql("SELECT count(*) FROM check_patient_data_2020_01"), "1");
  const std::string data = rig_->data_dir(), backup = dir_ + "/backup";
  auto out = Server(
      {"backup", "--db", rig_->dsn(), "--data-dir", data, "--out", backup, "--keys-in-clear"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  send(6);
  const std::string witness = KeepHeadsAsATerminalWould(data);
  ASSERT_FALSE(witness.empty());

  rig_->StopServer();
  ASSERT_TRUE(rig_->pg().Psql("postgres", "DROP DATABASE kakunin").ok());
  ASSERT_TRUE(rig_->pg().CreateDatabase("kakunin").ok());
  RemoveTree(data);
  fs::create_directories(data);
  auto restored = Server({"restore", "--db", rig_->dsn(), "--data-dir", data, "--from", backup},
                         {{"KAKUNIN_FAULT_SKIP_RESTORE_RECORD", "1"}});
  ASSERT_EQ(restored.exit_code, 0) << restored.output;
  EXPECT_NE(restored.output.find("サーバーの起動時にもう一度追加します"), std::string::npos)
      << restored.output;
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'audit.restored'"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_patient_data_2020_01"), "0");
  EXPECT_EQ(Sql("SELECT count(*) > 0 FROM check_patient_data"), "t");  // this month's are kept
  const std::string note = data + "/audit/restore-pending.json";
  ASSERT_TRUE(fs::exists(note));
  const std::string backup_end = Sql("SELECT max(seq) FROM audit_log");

  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  // Appended before the server listened, right after the backup's last record.
  EXPECT_EQ(Sql("SELECT seq - 1 FROM audit_log WHERE event = 'audit.restored'"), backup_end);
  EXPECT_FALSE(fs::exists(note));
  VerifyAcrossTheRestore(data, witness);

  // A note nobody can honour any more (the log went on without it) is set aside with an error,
  // not appended out of place, and the server starts.
  rig_->StopServer();
  std::ofstream(note) << R"({"backup_created_at_us":1,"restored_at_us":2,"backup_size":3})";
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'audit.restored'"), "1");
  EXPECT_FALSE(fs::exists(note));
  EXPECT_TRUE(fs::exists(note + ".unrecorded"));
  EXPECT_NE(rig_->ServerLog().find("audit.restore_too_late"), std::string::npos);

  // One that names a restore in the future is not signed either; the server starts.
  rig_->StopServer();
  std::ofstream(note) << R"({"backup_created_at_us":1,"restored_at_us":99999999999999999,)"
                      << R"("backup_size":3})";
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'audit.restored'"), "1");
  EXPECT_FALSE(fs::exists(note));
  EXPECT_NE(rig_->ServerLog().find("audit.restore_note_unreadable"), std::string::npos);
}

// The nightly backup must not show the database's password to every user in `ps`.
TEST(BackupPassword, LeavesTheCommandLineAndGoesToTheEnvironment) {
  auto [dsn, env] = server::PasswordOutOfArgv(
      "host=db.example.jp port=5432 dbname=kakunin user=kakunin password=s3cret connect_timeout=3");
  EXPECT_EQ(dsn, "host=db.example.jp port=5432 dbname=kakunin user=kakunin connect_timeout=3");
  EXPECT_EQ(env, (std::map<std::string, std::string>{{"PGPASSWORD", "s3cret"}}));
  std::tie(dsn, env) = server::PasswordOutOfArgv(R"(password='it\'s a pass' dbname=kakunin)");
  EXPECT_EQ(dsn, " dbname=kakunin");
  EXPECT_EQ(env.at("PGPASSWORD"), "it's a pass");
  std::tie(dsn, env) = server::PasswordOutOfArgv("host=/run/pg dbname=kakunin");
  EXPECT_EQ(dsn, "host=/run/pg dbname=kakunin");
  EXPECT_TRUE(env.empty());
}

// "12 characters or more" as the operator counts them: four kana (12 bytes) are too short,
// twelve are enough.
TEST(BackupPassphrase, CountsCharactersNotBytes) {
  const std::string dir = MakeTempDir("kakunin-passphrase");
  auto read = [&](const std::string& line) {
    const std::string path = dir + "/backup.pass";
    std::ofstream(path, std::ios::trunc) << line << "\n";
    ::chmod(path.c_str(), 0600);
    return server::ReadPassphraseFile(path);
  };
  auto kana4 = read("あいうえ");
  ASSERT_FALSE(kana4.ok());
  EXPECT_EQ(kana4.error().reason(), "backup.passphrase_short");
  auto kana11 = read("あいうえおかきくけこさ");
  ASSERT_FALSE(kana11.ok());
  EXPECT_EQ(kana11.error().reason(), "backup.passphrase_short");
  auto kana12 = read("あいうえおかきくけこさし");
  ASSERT_TRUE(kana12.ok()) << kana12.error().ToString();
  EXPECT_EQ(*kana12, "あいうえおかきくけこさし");
  EXPECT_FALSE(read("short pass1").ok());  // 11
  EXPECT_TRUE(read("long enough1").ok());  // 12
  RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::testing::hq
