#pragma once
// The system under test for kakunin-ingest-bench: a private PostgreSQL, one kakunin-server
// child (serving on a free loopback port, /metrics on another), a site with auto-approval, and
// enrolled terminals. Everything is stopped by PID when the rig goes (server first, then
// PostgreSQL); the temporary directory is removed unless kept.

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "common/core/result.h"
#include "server/storage/embedded_postgres.h"
#include "tests/harness/process.h"

namespace kakunin::bench {

// The one site every bench terminal belongs to (auto-approval on).
inline constexpr char kBenchSiteId[] = "bench";

struct RigOptions {
  std::string server_bin;
  std::vector<std::string> server_args;  // added to `kakunin-server serve`
  std::string pg_user = "nobody";        // PostgreSQL refuses to run as root
  bool keep = false;                     // leave the directory (and its logs) behind
};

// Cumulative CPU seconds (user + system) of the three parties, to say where a phase's time went.
struct CpuSeconds {
  double server = 0;
  double postgres = 0;  // postmaster, its live children and the children it has reaped
  double bench = 0;     // this process: agents, the COPY client, the reference sink
};
CpuSeconds operator-(const CpuSeconds& a, const CpuSeconds& b);

class BenchRig {
 public:
  static Result<std::unique_ptr<BenchRig>> Start(const RigOptions& options);
  ~BenchRig();

  // Enrolls `n` terminals (one token each, EC P-256 key, CSR) with the server.
  Result<std::vector<Device>> Enroll(int n);
  // A console user with the HQ role (`kakunin-server admin create`), for the query phase.
  Status CreateConsoleAdmin(const std::string& login, const std::string& password);
  // One value from psql (trimmed), e.g. a count.
  Result<std::string> Query(const std::string& sql);
  Result<int64_t> Count(const std::string& sql);
  // The server's Prometheus text, parsed into "name{labels}" → value.
  Result<std::map<std::string, double>> Metrics();
  // VmRSS of the server process, in MiB.
  Result<double> ServerRssMiB();
  CpuSeconds Cpu();
  bool ServerRunning();
  std::string ServerLogTail(size_t bytes = 4000);

  const StreamTarget& target() const { return target_; }
  const std::string& dsn() const { return dsn_; }
  const std::string& dir() const { return dir_; }
  pid_t server_pid() const { return server_ ? server_->pid() : -1; }
  // The server's TLS identity, for the reference sink (same handshake as the server).
  const std::string& server_key_pem() const { return server_key_pem_; }
  const std::string& server_cert_pem() const { return server_cert_pem_; }

 private:
  BenchRig() = default;
  Status StartServer(const RigOptions& options);
  Result<std::string> Cli(const std::vector<std::string>& words,
                          const std::vector<std::string>& options, const std::string& input = "");

  std::string dir_, dsn_, server_bin_;
  bool keep_ = false;
  int metrics_port_ = 0;
  StreamTarget target_;
  std::string server_key_pem_, server_cert_pem_;
  std::unique_ptr<server::EmbeddedPostgres> pg_;
  std::optional<testing::Process> server_;
};

// Raises RLIMIT_NOFILE to the hard limit (children inherit it); returns the new soft limit.
uint64_t RaiseFdLimit();

}  // namespace kakunin::bench
