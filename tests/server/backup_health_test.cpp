// Whether HQ can see its backups, through a real kakunin-server on its own PostgreSQL: the
// backup command runs as the nightly unit runs it, /metrics is read as Prometheus reads it and
// GetDashboard as the console calls it.
// - Before any backup: kakunin_last_backup_timestamp_seconds is 0, and an HQ administrator's
//   dashboard carries a last backup without a time (none ever).
// - A backup whose passphrase file is missing, or empty, fails (exit 1) with Japanese that says
//   what to do, leaves no folder and records nothing: the gauge stays 0.
// - A backup that succeeds records one row (its folder, size, host, user, sealed); the gauge
//   and the administrator's dashboard show its time; a branch manager's dashboard carries no
//   backup at all.
// - The rows never travel in a backup: the dump's table of contents has the table, not its data.
// Every wait is on a condition with a bound (the server reads its gauges every second).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {
namespace fs = std::filesystem;

constexpr char kSite[] = "honcho";
constexpr auto kWait = std::chrono::seconds(30);

class BackupHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-backup-health");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_ + "/hq", kSite, "本町薬局",
                                {"--metrics-listen", "127.0.0.1:" + std::to_string(FreeTcpPort())});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ASSERT_TRUE(AddUser(*rig_, "manager-a", "branch_manager", kSite, kAdminPassword).ok());
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_));
    for (const char* login : {"admin", "manager-a"}) {
      auto token = ConsoleLogin(*console_, login, kAdminPassword);
      ASSERT_TRUE(token.ok()) << login << ": " << token.error().ToString();
      tokens_[login] = *token;
    }
  }
  void TearDown() override {
    if (HasFailure() && rig_) std::cerr << "server log:\n" << rig_->ServerLog();
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // `kakunin-server backup` as the unit runs it (--into, --keep), into `into`.
  CommandOutput Backup(const std::string& into, const std::vector<std::string>& keys) {
    std::vector<std::string> args = {
        KAKUNIN_SERVER_BIN, "backup", "--db", rig_->dsn(), "--data-dir",
        rig_->data_dir(),   "--into", into,   "--keep",    "14"};
    args.insert(args.end(), keys.begin(), keys.end());
    auto out = RunCommand(args, {}, "", /*merge_stderr=*/true);
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : CommandOutput{};
  }
  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }
  std::optional<double> Gauge() {
    auto r = HttpGet(rig_->metrics_port(), "/metrics");
    return r.ok() ? MetricValue(r->body, "kakunin_last_backup_timestamp_seconds") : std::nullopt;
  }
  // Waits until the gauge reads `value`; true when it did.
  bool GaugeIs(double value) {
    return WaitFor([&] { return Gauge() == value; }, kWait);
  }
  v1::Dashboard Dashboard(const std::string& login) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[login]);
    v1::GetDashboardRequest req;
    req.set_hourly(true);
    v1::Dashboard d;
    auto status = console_->GetDashboard(&ctx, req, &d);
    EXPECT_TRUE(status.ok()) << login << ": " << status.error_message();
    return d;
  }
  std::string Passphrase(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), 0600);
    return path;
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<v1::ConsoleService::Stub> console_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(BackupHealthTest, OnlyABackupThatSucceededIsRecordedAndShown) {
  // Never backed up: the gauge says 0, the administrator's dashboard a backup without a time.
  EXPECT_TRUE(GaugeIs(0)) << Gauge().value_or(-1);
  v1::Dashboard never = Dashboard("admin");
  EXPECT_TRUE(never.has_last_backup());
  EXPECT_FALSE(never.last_backup().has_finished_at());

  // The unit before anyone made the passphrase file: it fails, saying what to do.
  const std::string nightly = dir_ + "/nightly";
  fs::create_directories(nightly);
  auto missing = Backup(nightly, {"--passphrase-file", dir_ + "/backup.pass"});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_NE(missing.output.find("パスフレーズのファイルがないか空のため、バックアップを取って"
                                "いません"),
            std::string::npos)
      << missing.output;
  EXPECT_NE(missing.output.find("backup.no_passphrase"), std::string::npos) << missing.output;
  EXPECT_NE(missing.output.find("journalctl -u kakunin-backup"), std::string::npos)
      << missing.output;
  // Made, but left empty: the same.
  auto empty = Backup(nightly, {"--passphrase-file", Passphrase("empty.pass", "\n")});
  EXPECT_EQ(empty.exit_code, 1) << empty.output;
  EXPECT_NE(empty.output.find("backup.no_passphrase"), std::string::npos) << empty.output;
  EXPECT_NE(empty.output.find("is empty"), std::string::npos) << empty.output;
  EXPECT_TRUE(fs::is_empty(nightly));
  EXPECT_EQ(Sql("SELECT count(*) FROM backups"), "0");

  // One that succeeds is recorded once, as written.
  const std::string pass = Passphrase("backup.pass", "kinmokusei no kaori 2026\n");
  auto ok = Backup(nightly, {"--passphrase-file", pass});
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator(nightly)) folders.push_back(e.path());
  ASSERT_EQ(folders.size(), 1u);
  uint64_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(folders[0])) {
    if (e.is_regular_file()) bytes += e.file_size();
  }
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM backups"), "1");
  EXPECT_EQ(Sql("SELECT folder || '|' || host || '|' || bytes || '|' || sealed || '|' || "
                "(os_user <> '') FROM backups"),
            folders[0].string() + "|" + host + "|" + std::to_string(bytes) + "|true|true");
  const std::string finished = Sql("SELECT floor(extract(epoch FROM finished_at)) FROM backups");
  ASSERT_FALSE(finished.empty());
  const double at = std::stod(finished);
  EXPECT_NEAR(at, static_cast<double>(std::time(nullptr)), 600);

  // The running server shows it: the gauge, and the administrator's dashboard with its folder.
  EXPECT_TRUE(GaugeIs(at)) << Gauge().value_or(-1) << " != " << finished;
  v1::Dashboard after = Dashboard("admin");
  ASSERT_TRUE(after.last_backup().has_finished_at());
  EXPECT_EQ(after.last_backup().finished_at().seconds(), static_cast<int64_t>(at));
  EXPECT_EQ(after.last_backup().folder(), folders[0].string());
  EXPECT_EQ(after.last_backup().host(), host);
  EXPECT_EQ(after.last_backup().bytes(), bytes);
  // A branch manager cannot act on HQ's backups: none comes to them.
  EXPECT_FALSE(Dashboard("manager-a").has_last_backup());
}

TEST_F(BackupHealthTest, TheRecordsOfBackupsDoNotTravelInOne) {
  const std::string pass = Passphrase("backup.pass", "kinmokusei no kaori 2026\n");
  auto first = Backup(dir_ + "/nightly", {"--passphrase-file", pass});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(Sql("SELECT count(*) FROM backups"), "1");
  // The second dump is taken while the first's row is there; it must not carry it (a database
  // restored from it elsewhere has not been backed up there).
  const std::string clear = dir_ + "/clear";
  auto out = RunCommand({KAKUNIN_SERVER_BIN, "backup", "--db", rig_->dsn(), "--data-dir",
                         rig_->data_dir(), "--out", clear, "--keys-in-clear"},
                        {}, "", /*merge_stderr=*/true);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->exit_code, 0) << out->output;
  EXPECT_EQ(Sql("SELECT count(*) FROM backups WHERE NOT sealed"), "1");
  const std::string debian = "/usr/lib/postgresql/15/bin/pg_restore";
  auto list = RunCommand({::access(debian.c_str(), X_OK) == 0 ? debian : "pg_restore", "--list",
                          clear + "/database.dump"},
                         {}, "", /*merge_stderr=*/true);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->exit_code, 0) << list->output;
  EXPECT_NE(list->output.find("TABLE public backups"), std::string::npos) << list->output;
  EXPECT_EQ(list->output.find("TABLE DATA public backups"), std::string::npos) << list->output;
  // The table of contents does list other tables' data: the check above can fail.
  EXPECT_NE(list->output.find("TABLE DATA public sites"), std::string::npos) << list->output;
}

}  // namespace
}  // namespace kakunin::testing::hq
