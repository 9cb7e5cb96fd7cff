#include "tests/harness/server_rig.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace kakunin::testing {
namespace fs = std::filesystem;

namespace {

// The value after `--metrics-listen` in `args` (const or not); nullptr without one.
template <class Args>
auto MetricsAddress(Args& args) -> decltype(&args.front()) {
  auto flag = std::find(args.begin(), args.end(), "--metrics-listen");
  return flag == args.end() || std::next(flag) == args.end() ? nullptr : &*std::next(flag);
}

}  // namespace

Result<std::unique_ptr<ServerRig>> ServerRig::Start(const std::string& dir,
                                                    const std::string& site_id,
                                                    const std::string& site_name,
                                                    std::vector<std::string> server_args) {
  auto rig = std::unique_ptr<ServerRig>(new ServerRig());
  rig->dir_ = dir;
  rig->server_args_ = std::move(server_args);
  server::EmbeddedPostgresOptions o;
  o.data_dir = dir + "/pg";
  KAKUNIN_ASSIGN_OR_RETURN(rig->pg_, server::EmbeddedPostgres::Start(o));
  KAKUNIN_RETURN_IF_ERROR(rig->pg_->CreateDatabase("kakunin"));
  rig->dsn_ = rig->pg_->ConnectionString("kakunin");
  auto site = rig->Cli({"site", "add"}, {"--id", site_id, "--name", site_name, "--code",
                                         "1341234566", "--auto-approve"});
  if (!site.ok()) return site.error();
  auto admin = rig->Cli({"admin", "create"}, {"--login", "admin", "--password-stdin"},
                        std::string(kAdminPassword) + "\n");
  if (!admin.ok()) return admin.error();

  // A metrics port the test found free can be taken before the server binds it (an outgoing
  // connection of a test running beside this one): only that failure gets another free port.
  Status started = rig->StartServer();
  for (int attempt = 1; !started.ok() && attempt < 3; ++attempt) {
    std::string* address = MetricsAddress(rig->server_args_);
    if (address == nullptr || started.error().message().find("metrics.bind") == std::string::npos) {
      break;
    }
    rig->StopServer();
    *address = "127.0.0.1:" + std::to_string(FreeTcpPort());
    started = rig->StartServer();
  }
  KAKUNIN_RETURN_IF_ERROR(started);
  return rig;
}

int ServerRig::metrics_port() const {
  const std::string* address = MetricsAddress(server_args_);
  const size_t colon = address ? address->rfind(':') : std::string::npos;
  return colon == std::string::npos ? 0 : std::atoi(address->c_str() + colon + 1);
}

Status ServerRig::StartServer(const std::map<std::string, std::string>& env) {
  const std::string port_file = dir_ + "/server.port";
  fs::remove(port_file);
  ProcessOptions so;
  so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",  dsn_,           "--data-dir",
             dir_ + "/server",   "--listen", listen_, "--ready-file", port_file};
  so.argv.insert(so.argv.end(), server_args_.begin(), server_args_.end());
  so.env = env;
  so.log_path = dir_ + "/server.log";
  KAKUNIN_ASSIGN_OR_RETURN(auto proc, Process::Start(so));
  server_ = std::move(proc);
  bool ready = WaitFor([&] { return fs::exists(port_file) || !server_->running(); },
                       std::chrono::seconds(30));
  if (!ready || !server_->running()) {
    return MakeError(ErrorCode::kUnavailable, "rig.server",
                     "server did not start:\n" + ServerLog());
  }
  int port = 0;
  std::ifstream(port_file) >> port;
  address_ = "127.0.0.1:" + std::to_string(port);
  listen_ = address_;  // a restart keeps the address the terminals know
  ca_path_ = dir_ + "/server/pki/ca.pem";
  return OkStatus();
}

void ServerRig::KillServer() {
  if (!server_) return;
  server_->Kill();
  server_.reset();
}

Result<std::string> ServerRig::StartReplica() {
  int n = static_cast<int>(replicas_.size()) + 1;
  const std::string port_file = dir_ + "/replica" + std::to_string(n) + ".port";
  fs::remove(port_file);
  ProcessOptions so;
  so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        dsn_,           "--data-dir",
             dir_ + "/server",   "--listen", "127.0.0.1:0", "--ready-file", port_file};
  so.argv.insert(so.argv.end(), server_args_.begin(), server_args_.end());
  so.log_path = dir_ + "/replica" + std::to_string(n) + ".log";
  KAKUNIN_ASSIGN_OR_RETURN(auto proc, Process::Start(so));
  replicas_.push_back(std::move(proc));
  Process& p = replicas_.back();
  if (!WaitFor([&] { return fs::exists(port_file) || !p.running(); }, std::chrono::seconds(30)) ||
      !p.running()) {
    return MakeError(ErrorCode::kUnavailable, "rig.replica",
                     "replica did not start:\n" + p.ReadLog());
  }
  int port = 0;
  std::ifstream(port_file) >> port;
  return "127.0.0.1:" + std::to_string(port);
}

void ServerRig::StopServer() {
  if (server_) server_->Stop();
  server_.reset();
}

long ServerRig::ServerPeakRssKiB() const {
  std::ifstream in("/proc/" + std::to_string(server_pid()) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

ServerRig::~ServerRig() {
  for (auto& r : replicas_) r.Stop();
  if (server_) server_->Stop();
}

Result<std::string> ServerRig::Cli(const std::vector<std::string>& words,
                                   const std::vector<std::string>& options,
                                   const std::string& input) {
  std::vector<std::string> argv = {KAKUNIN_SERVER_BIN};
  argv.insert(argv.end(), words.begin(), words.end());
  argv.insert(argv.end(), {"--db", dsn_});
  argv.insert(argv.end(), options.begin(), options.end());
  KAKUNIN_ASSIGN_OR_RETURN(auto out, RunCommand(argv, {}, input, true));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "rig.cli", words[0] + " failed: " + out.output);
  }
  return out.output;
}

Result<std::string> ServerRig::IssueToken(const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto out, Cli({"token", "issue"}, {"--site", site_id}));
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace kakunin::testing
