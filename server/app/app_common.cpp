// What the server's commands share (app_common.h): the database they open, how they fail,
// how they begin.
#include "server/app/app_common.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/cli/flags.h"
#include "common/log/log.h"
#include "common/os/files.h"
#include "server/app/operator_text.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {
namespace fs = std::filesystem;

std::optional<std::string> RunningEmbeddedDsn(const std::string& data_dir) {
  const std::string dir = data_dir + "/postgres";
  std::ifstream pidfile(dir + "/pgdata/postmaster.pid");
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(pidfile, line)) lines.push_back(line);
  if (lines.size() < 4) return std::nullopt;
  // Line 1 is the PID, line 4 the port: attach when that postmaster is alive.
  pid_t pid = std::atoi(lines[0].c_str());
  if (pid <= 0 || ::kill(pid, 0) != 0) return std::nullopt;
  std::error_code ec;
  const auto canonical = fs::canonical(dir, ec);
  if (ec) return std::nullopt;
  return "host=" + canonical.string() + "/run port=" + lines[3] + " user=kakunin dbname=kakunin";
}

// Root on a host where the data folder is another user's (the package's `kakunin`): a command
// run so would start the embedded PostgreSQL as --pg-user and hand that user the folder, or leave
// root's files among the service's, and the service could no longer start. Refused, with the
// command that works.
Status RefuseRootInAnotherUsersDataDir(const std::string& data_dir) {
  const auto owner = os::OtherOwnerIfRoot(data_dir);
  if (!owner) return OkStatus();
  return MakeError(ErrorCode::kFailedPrecondition, "server.run_as_owner",
                   "the data folder " + data_dir + " belongs to " + *owner +
                       "; run the command as that user: sudo -u " + *owner + " kakunin-server …");
}

Result<Database> OpenDatabase(const cli::Flags& f, bool attach) {
  KAKUNIN_RETURN_IF_ERROR(RefuseRootInAnotherUsersDataDir(f.Get("data-dir")));
  Database db;
  db.dsn = f.GetOrEnv("db", "KAKUNIN_DB");
  if (!db.dsn.empty()) return db;
  std::string dir = f.Get("data-dir") + "/postgres";
  if (attach) {
    if (auto running = RunningEmbeddedDsn(f.Get("data-dir"))) {
      db.dsn = *running;
      return db;
    }
  }
  EmbeddedPostgresOptions opts;
  opts.data_dir = dir;
  opts.run_as_user = f.Get("pg-user");
  KAKUNIN_ASSIGN_OR_RETURN(db.embedded, EmbeddedPostgres::Start(opts));
  (void)db.embedded->CreateDatabase("kakunin");  // exists after the first start
  db.dsn = db.embedded->ConnectionString("kakunin");
  spdlog::info("embedded PostgreSQL running (pid {}, socket {})", db.embedded->pid(),
               db.embedded->socket_dir());
  return db;
}

Result<OpenedFleet> OpenFleetStore(const cli::Flags& f) {
  OpenedFleet o;
  KAKUNIN_ASSIGN_OR_RETURN(o.db, OpenMigratedDatabase(f));
  o.pool = std::make_unique<ConnectionPool>(o.db.dsn, 1);
  o.store = std::make_unique<FleetStore>(o.pool.get(), nullptr);
  return o;
}

// Japan's civil date now (UTC+9, no daylight saving).
domain::Date TodayInJapan() { return domain::JapanDateOf(std::time(nullptr)); }

int Fail(const Error& e) {
  std::cerr << OperatorLines(e);
  return e.code() == ErrorCode::kInvalidArgument ? 2 : 1;
}

std::optional<int> BeginCommand(cli::Flags& f, int argc, char** argv, int first,
                                std::string_view log_level) {
  if (auto s = f.Parse(argc, argv, first); !s.ok()) return Fail(s.error());
  if (auto s = ApplyServerConfig(f); !s.ok()) return Fail(s.error());
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  InitLogging("kakunin-server", LogFormat::kText, log_level);
  return std::nullopt;
}

std::vector<std::string> SplitComma(const std::string& s) { return cli::SplitList(s); }

}  // namespace kakunin::server
