#pragma once
// Pieces shared by kakunin-server's commands (server_app.cpp, audit_cli.cpp).

#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli/flags.h"
#include "common/core/result.h"
#include "common/domain/date.h"
#include "kakunin/v1/common.pb.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"

namespace kakunin::server {

// --data-dir, --db, --pg-user, --log-level, --log-json.
void AddCommonFlags(cli::Flags& f);

// The database: --db, else the embedded cluster under --data-dir (attached when another
// kakunin-server process already runs it, started and owned otherwise).
struct Database {
  std::unique_ptr<EmbeddedPostgres> embedded;
  std::string dsn;
};
// The database named by --db / KAKUNIN_DB, else the embedded one in the data directory. With
// `attach`, a running embedded cluster is used as it is (commands beside a running server);
// without (serve), the server waits for a cluster of an earlier life to finish shutting down and
// starts its own — attaching to a dying one fails moments later.
Result<Database> OpenDatabase(const cli::Flags& f, bool attach = true);
// The embedded PostgreSQL of `data_dir` when its postmaster runs (the server's, usually): its
// connection string.
std::optional<std::string> RunningEmbeddedDsn(const std::string& data_dir);
// OpenDatabase (attached), then its schema migrated to this version (`migrate = auto`), or
// checked to be this version (`manual`: db.schema_old otherwise): for commands that write.
Result<Database> OpenMigratedDatabase(const cli::Flags& f);
// `--migrate`: true for auto, false for manual; anything else is refused.
Result<bool> AutoMigrate(const cli::Flags& f);
Status Migrate(const std::string& dsn);
// The schema is exactly this binary's: db.schema_old or db.schema_too_new otherwise.
Status CheckSchema(const std::string& dsn);
// serve with migrate = manual: until the schema is this binary's (true), or a stop signal among
// `stop_signals` (blocked by the caller) arrives (false). Rechecked every 5 s.
bool WaitForMigration(const std::string& dsn, const sigset_t& stop_signals);
int MigrateCommand(int argc, char** argv);
// The fleet's store over OpenMigratedDatabase's database, for commands about sites and
// terminals.
struct OpenedFleet {
  Database db;
  std::unique_ptr<ConnectionPool> pool;
  std::unique_ptr<FleetStore> store;
};
Result<OpenedFleet> OpenFleetStore(const cli::Flags& f);
// The server's configuration file (--config, else /etc/kakunin/server.toml when it exists) for
// a command other than serve: its [database] and data_dir, so that `kakunin-server admin …` on
// an installed HQ needs no flags. Settings the command does not take are left to serve.
Status ApplyServerConfig(cli::Flags& f);
// The default configuration file of every command.
inline constexpr char kDefaultConfig[] = "/etc/kakunin/server.toml";
// Connections of the terminals' own pool beside one per ingest writer: stream opens, hellos,
// heartbeats, renewals and the live feed's device events are short reads and writes.
inline constexpr int kTerminalSpareConnections = 4;
// `serve`'s options (the common ones included), shared with config-template so the documented
// file comes from the very declarations the server parses (server_settings.cpp).
void AddServeFlags(cli::Flags& f);
// The numbers `serve` takes, read and range-checked ("cli.bad_value" names the option) before a
// database is started or a key made.
struct ServeNumbers {
  int cert_days = 0, writers = 0, batch_max = 0, head_interval = 0, connections = 0,
      catchup_rate = 0, warn_depth = 0, streams_per_terminal = 0, stream_opens = 0,
      query_timeout = 0, lock_timeout = 0, claim_receipts = 0, claim_receipt_mib = 0,
      per_source = 0, per_name = 0, hash_concurrency = 0, db_retry = 0, idle_seconds = 0,
      connection_idle_seconds = 0;
};
Result<ServeNumbers> ReadServeNumbers(const cli::Flags& f);
// `kakunin-server config-template [--set NAME=VALUE,…]`
int ConfigTemplateCommand(int argc, char** argv);
Status Migrate(const std::string& dsn);
domain::Date TodayInJapan();
// Prints the error; exit code 2 for bad input, 1 otherwise.
int Fail(const Error& e);
// A command's start: its flags parsed from argv[first] on, the configuration file applied,
// --help printed, logging set up at `log_level`. An exit code when the command ends there (0
// after --help, Fail's for bad flags), nothing when it goes on.
std::optional<int> BeginCommand(cli::Flags& f, int argc, char** argv, int first,
                                std::string_view log_level = "warn");
std::vector<std::string> SplitComma(const std::string& s);

// --route and its folders, for `site add`, `site route` and `terminal route`.
void AddRouteFlags(cli::Flags& f);
Result<v1::RouteSettings> RouteFromFlags(const cli::Flags& f);
// `kakunin-server site route …` / `terminal route …`
int SiteRoute(int argc, char** argv);
int TerminalRoute(int argc, char** argv);
// `kakunin-server site import FILE [--dry-run] [--clean-rows-only]` (site_import_cli.cpp)
int SiteImport(int argc, char** argv);

// `kakunin-server admin create`, `site add`, `token issue`, `retention run` (setup_cli.cpp)
int AdminCreate(int argc, char** argv);
int SiteAdd(int argc, char** argv);
int TokenIssue(int argc, char** argv);
int RetentionRun(int argc, char** argv);

// `kakunin-server backup …` / `restore …`
int BackupCommand(int argc, char** argv);
int RestoreCommand(int argc, char** argv);

// `kakunin-server audit verify|export|heads …`
int AuditCommand(int argc, char** argv);
// `kakunin-server subsidy summary …`
int SubsidyCommand(int argc, char** argv);

}  // namespace kakunin::server
