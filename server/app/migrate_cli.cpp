// Schema migrations (server/migrations): applied at start by default (`migrate = auto`), or only
// by `kakunin-server migrate` (`migrate = manual`), where serve waits for it and other commands
// refuse an older schema. Replicas sharing one database use manual: a package upgrade on one
// host then does not change the schema under the others (deploy/README.md, "Upgrading").
#include <signal.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <pqxx/pqxx>

#include "common/cli/language.h"
#include "server/app/app_common.h"
#include "server/storage/migrations.h"

namespace kakunin::server {

Status Migrate(const std::string& dsn) {
  try {
    pqxx::connection conn(dsn);
    KAKUNIN_ASSIGN_OR_RETURN(auto report, ApplyMigrations(conn, AllMigrations()));
    if (report.applied > 0) {
      spdlog::info("schema migrated from {} to {}", report.from_version, report.to_version);
    }
    return OkStatus();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what());
  }
}

// With `migrate = manual` nothing changes the schema but `kakunin-server migrate`: a package
// upgrade on one host must not migrate a database other replicas still serve from.
Status CheckSchema(const std::string& dsn) {
  const int wanted = AllMigrations().back().version;
  int applied = 0;
  try {
    pqxx::connection conn(dsn);
    KAKUNIN_ASSIGN_OR_RETURN(applied, AppliedSchemaVersion(conn));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what());
  }
  if (applied > wanted) {
    return MakeError(ErrorCode::kFailedPrecondition, "db.schema_too_new",
                     "database schema is version " + std::to_string(applied) +
                         " but this server knows only up to " + std::to_string(wanted) +
                         "; run a newer kakunin-server");
  }
  if (applied < wanted) {
    return MakeError(ErrorCode::kFailedPrecondition, "db.schema_old",
                     "database schema is version " + std::to_string(applied) +
                         " and this server needs " + std::to_string(wanted) +
                         " (migrate = manual): run `kakunin-server migrate` once every replica is "
                         "upgraded");
  }
  return OkStatus();
}

Result<bool> AutoMigrate(const cli::Flags& f) {
  const std::string when = f.Get("migrate");
  if (when != "auto" && when != "manual") {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                     cli::Localized("--migrate must be auto or manual (given: '" + when + "')",
                                    "--migrate は auto か manual です（指定: '" + when + "'）"));
  }
  return when == "auto";
}

Result<Database> OpenMigratedDatabase(const cli::Flags& f) {
  KAKUNIN_ASSIGN_OR_RETURN(bool automatic, AutoMigrate(f));
  KAKUNIN_ASSIGN_OR_RETURN(Database db, OpenDatabase(f));
  KAKUNIN_RETURN_IF_ERROR(automatic ? Migrate(db.dsn) : CheckSchema(db.dsn));
  return db;
}

// migrate = manual: a schema older than this binary is waited for, not changed (the other
// replicas may still serve from it); one `kakunin-server migrate` ends the wait. Not ready, not
// listening meanwhile. False when a stop signal came first.
bool WaitForMigration(const std::string& dsn, const sigset_t& stop_signals) {
  bool told = false;
  while (true) {
    Status s = CheckSchema(dsn);
    if (s.ok()) {
      if (told) spdlog::info("schema up to date; starting");
      return true;
    }
    if (s.error().reason() != "db.schema_old") {
      if (!told || s.error().reason() != "db.unavailable") {
        spdlog::error("{}", s.error().ToString());
      }
    } else if (!told) {
      spdlog::warn("{}; waiting for `kakunin-server migrate`", s.error().message());
    }
    told = true;
    const timespec every{5, 0};
    if (::sigtimedwait(&stop_signals, nullptr, &every) > 0) return false;
  }
}

int MigrateCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server migrate [--data-dir DIR | --db DSN]",
      cli::Localized(
          "Brings the database's schema up to this version, in one transaction under a\n"
          "lock (a second one waits, then finds nothing to do). With migrate = manual, run\n"
          "it once every replica runs this version; they wait for it.\n"
          "Exit codes: 0 up to date, 1 failed, 2 bad input.",
          "データベースのスキーマをこの版まで更新します。ロックを取り、1 つの\n"
          "トランザクションで行います（同時に実行した 2 つ目は待ってから、何もせずに\n"
          "終わります）。migrate = manual のときは、すべてのレプリカをこの版にしてから\n"
          "一度実行してください。レプリカはこの更新を待っています。\n"
          "終了コード: 0 最新になった、1 失敗、2 入力の誤り"));
  AddCommonFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 2)) return *end;
  auto db = OpenDatabase(f);
  if (!db.ok()) return Fail(db.error());
  try {
    pqxx::connection conn(db->dsn);
    auto report = ApplyMigrations(conn, AllMigrations());
    if (!report.ok()) return Fail(report.error());
    if (report->applied == 0) {
      std::cout << "スキーマは最新です（バージョン " << report->to_version << "）\n";
    } else {
      std::cout << "スキーマをバージョン " << report->from_version << " から " << report->to_version
                << " に更新しました（" << report->applied << " 件）\n";
    }
  } catch (const std::exception& e) {
    return Fail(MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what()));
  }
  return 0;
}

}  // namespace kakunin::server
