#pragma once
// A private PostgreSQL 15 cluster owned by this process: used by the server when no database is
// configured (the "embedded default"), by the demo, and by integration tests.
//
// The cluster lives in <data_dir>/pgdata, its socket in <data_dir>/run (mode 0700, no TCP unless
// asked). PostgreSQL refuses to run as root, so when we are root initdb and postgres run as an
// unprivileged user (default "nobody") that owns <data_dir>. postgres runs as our child in the
// foreground and gets SIGINT (fast shutdown) if we die, so a killed server leaves no orphan.

#include <chrono>
#include <memory>
#include <string>

#include "common/core/result.h"
#include "common/os/process.h"

namespace kakunin::server {

struct EmbeddedPostgresOptions {
  std::string data_dir;                // created if missing; reused across starts
  int port = 0;                        // 0: pick a free port
  bool listen_tcp = false;             // also listen on 127.0.0.1:port
  std::string run_as_user = "nobody";  // only used when running as root
  std::string bin_dir;                 // "": search /usr/lib/postgresql/15/bin, then PATH
  std::string superuser = "kakunin";   // database superuser created by initdb
  std::string log_path;                // "": <data_dir>/postgres.log
};

class EmbeddedPostgres {
 public:
  static Result<std::unique_ptr<EmbeddedPostgres>> Start(EmbeddedPostgresOptions options);
  ~EmbeddedPostgres();

  // libpq connection string for `dbname` over the private socket.
  std::string ConnectionString(const std::string& dbname) const;
  Status CreateDatabase(const std::string& dbname);
  // Runs SQL through psql as the superuser (for tests and tamper experiments). A non-zero exit is
  // an error carrying psql's stderr; stdout holds only the rows (notices go to stderr).
  Result<std::string> Psql(const std::string& dbname, const std::string& sql);
  // For a query that always yields exactly one row (count(*), an aggregate): the row, trimmed.
  // No row, several rows, or a NULL row (printed as "<NULL>") is an error, never "".
  Result<std::string> PsqlRow(const std::string& dbname, const std::string& sql);
  // Fast shutdown, waits for exit.
  Status Stop();
  // Stop then start again on the same port (tests: "database restarted mid-stream").
  Status Restart();
  // Whether our postmaster still runs (false after it died, e.g. kill -9).
  bool Alive() { return process_.running(); }
  // After the postmaster died: start a new one on the same port once every process of the old
  // cluster is gone (a new postmaster refuses shared memory still attached by old backends).
  Status Relaunch();

  int port() const { return options_.port; }
  const std::string& socket_dir() const { return socket_dir_; }
  const std::string& data_dir() const { return options_.data_dir; }
  pid_t pid() const { return process_.pid(); }

 private:
  explicit EmbeddedPostgres(EmbeddedPostgresOptions options) : options_(std::move(options)) {}
  Status Init();
  Status Launch();
  // Waits until the postmaster named in postmaster.pid (if any, and not ours) has exited.
  Status WaitForOldPostmaster(std::chrono::seconds limit);
  // psql as the superuser; with `mark_null`, NULL prints as "<NULL>" instead of nothing.
  Result<std::string> RunPsql(const std::string& dbname, const std::string& sql, bool mark_null);
  std::string Bin(const std::string& name) const;

  EmbeddedPostgresOptions options_;
  std::string pgdata_;
  std::string socket_dir_;
  os::Process process_;
  bool drop_privileges_ = false;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
};

}  // namespace kakunin::server
