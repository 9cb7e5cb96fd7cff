#pragma once
// A real Kakunin HQ for tests: a private PostgreSQL, kakunin-server serving on a free port, one
// site with auto-approval, and an administrator (admin / Kakunin2026). Stopped by PID on
// destruction.

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
  static Result<std::unique_ptr<ServerRig>> Start(const std::string& dir,
                                                  const std::string& site_id,
                                                  const std::string& site_name);
  ~ServerRig();

  // `kakunin-server <command words> --db DSN <options>`; the output when it exits 0.
  Result<std::string> Cli(const std::vector<std::string>& words,
                          const std::vector<std::string>& options, const std::string& input = "");
  Result<std::string> IssueToken(const std::string& site_id);
  // HQ outages: stop the server by PID, start it again on the same address.
  void StopServer();
  Status StartServer();

  const std::string& address() const { return address_; }
  const std::string& ca_path() const { return ca_path_; }
  server::EmbeddedPostgres& pg() { return *pg_; }
  std::string ServerLog() const { return server_ ? server_->ReadLog() : ""; }

 private:
  std::string dir_, dsn_, address_, ca_path_;
  std::string listen_ = "127.0.0.1:0";
  std::unique_ptr<server::EmbeddedPostgres> pg_;
  std::optional<Process> server_;
};

}  // namespace kakunin::testing
