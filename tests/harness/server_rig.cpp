#include "tests/harness/server_rig.h"

#include <filesystem>
#include <fstream>

namespace kakunin::testing {
namespace fs = std::filesystem;

Result<std::unique_ptr<ServerRig>> ServerRig::Start(const std::string& dir,
                                                    const std::string& site_id,
                                                    const std::string& site_name) {
  auto rig = std::unique_ptr<ServerRig>(new ServerRig());
  rig->dir_ = dir;
  server::EmbeddedPostgresOptions o;
  o.data_dir = dir + "/pg";
  KAKUNIN_ASSIGN_OR_RETURN(rig->pg_, server::EmbeddedPostgres::Start(o));
  KAKUNIN_RETURN_IF_ERROR(rig->pg_->CreateDatabase("kakunin"));
  rig->dsn_ = rig->pg_->ConnectionString("kakunin");
  auto site = rig->Cli({"site", "add"}, {"--id", site_id, "--name", site_name, "--code",
                                         "1341234567", "--auto-approve"});
  if (!site.ok()) return site.error();
  auto admin = rig->Cli({"admin", "create"}, {"--login", "admin", "--password-stdin"},
                        std::string(kAdminPassword) + "\n");
  if (!admin.ok()) return admin.error();

  ProcessOptions so;
  so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        rig->dsn_,      "--data-dir",
             dir + "/server",    "--listen", "127.0.0.1:0", "--ready-file", dir + "/server.port"};
  so.log_path = dir + "/server.log";
  KAKUNIN_ASSIGN_OR_RETURN(auto proc, Process::Start(so));
  rig->server_ = std::move(proc);
  bool ready = WaitFor([&] { return fs::exists(dir + "/server.port") || !rig->server_->running(); },
                       std::chrono::seconds(30));
  if (!ready || !rig->server_->running()) {
    return MakeError(ErrorCode::kUnavailable, "rig.server",
                     "server did not start:\n" + rig->ServerLog());
  }
  int port = 0;
  std::ifstream(dir + "/server.port") >> port;
  rig->address_ = "127.0.0.1:" + std::to_string(port);
  rig->ca_path_ = dir + "/server/pki/ca.pem";
  return rig;
}

ServerRig::~ServerRig() {
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
