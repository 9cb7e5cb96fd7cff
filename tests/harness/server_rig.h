#pragma once
// A real Kakunin HQ for tests: a private PostgreSQL, kakunin-server serving on a free port, one
// site with auto-approval, and an administrator (admin / Kakunin2026). Stopped by PID on
// destruction.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "server/storage/embedded_postgres.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

inline constexpr char kAdminPassword[] = "Kakunin2026";

class ServerRig {
 public:
  // `dir` must be traversable by the unprivileged PostgreSQL user (chmod 755).
  // `server_args` are added to every `kakunin-server serve` this rig starts.
  static Result<std::unique_ptr<ServerRig>> Start(const std::string& dir,
                                                  const std::string& site_id,
                                                  const std::string& site_name,
                                                  std::vector<std::string> server_args = {});
  ~ServerRig();

  // `kakunin-server <command words> --db DSN <options>`; the output when it exits 0.
  Result<std::string> Cli(const std::vector<std::string>& words,
                          const std::vector<std::string>& options, const std::string& input = "");
  Result<std::string> IssueToken(const std::string& site_id);
  // HQ outages: stop the server by PID, start it again on the same address.
  void StopServer();
  Status StartServer(const std::map<std::string, std::string>& env = {});
  // Replaces the extra `serve` arguments for the next StartServer.
  void SetServerArgs(std::vector<std::string> args) { server_args_ = std::move(args); }
  // SIGKILL, then reap: no clean shutdown of any kind.
  void KillServer();
  // A second replica on the same database and data directory (same CA and keys); its address.
  Result<std::string> StartReplica();
  bool server_running() { return server_ && server_->running(); }
  pid_t server_pid() const { return server_ ? server_->pid() : -1; }
  // The server process's peak resident memory so far (VmHWM), in KiB; -1 when not running.
  long ServerPeakRssKiB() const;
  const std::string& dsn() const { return dsn_; }
  std::string data_dir() const { return dir_ + "/server"; }

  const std::string& address() const { return address_; }
  // The port of `--metrics-listen` among the server arguments (0 without): Start may have moved
  // it when another process took the one asked for first.
  int metrics_port() const;
  const std::string& ca_path() const { return ca_path_; }
  server::EmbeddedPostgres& pg() { return *pg_; }
  std::string ServerLog() const { return server_ ? server_->ReadLog() : ""; }

 private:
  std::string dir_, dsn_, address_, ca_path_;
  std::string listen_ = "127.0.0.1:0";
  std::unique_ptr<server::EmbeddedPostgres> pg_;
  std::optional<Process> server_;
  std::vector<std::string> server_args_;
  std::vector<Process> replicas_;
};

}  // namespace kakunin::testing
