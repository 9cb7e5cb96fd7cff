#include "agent/daemon/daemon.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "agent/check/card_check.h"
#include "agent/cli/cli_common.h"
#include "agent/daemon/local_service.h"
#include "agent/daemon/reader_monitor.h"
#include "agent/uplink/terminal_state.h"

namespace kakunin::agent {
namespace fs = std::filesystem;
namespace {

// The status as the daemon starts: identity, HQ's last settings (offline starts follow them).
void InitialStatus(StatusBoard& board, const TerminalState& state) {
  v1::TerminalConfig config = LoadConfigOrDefault(state.dir);
  board.Update([&](v1::AgentStatus& s) {
    s.set_device_id(state.device_id);
    s.set_site_name(config.site_name());
    *s.mutable_config() = config;
    s.set_reader_status("no_reader");
    s.set_pin_tries_left(-1);
  });
}

// Inside the state directory only the daemon's user reaches the socket (directory 0700). A
// socket directory of its own (/run/kakunin-agent) is 0750, so the daemon's group reaches it; a
// directory the daemon does not own, or a shared sticky one like /tmp, is refused rather than
// re-moded under other users' feet.
Status PrepareSocket(const std::string& path, const std::string& state_dir) {
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  bool in_state = fs::weakly_canonical(dir, ec) == fs::weakly_canonical(state_dir, ec);
  fs::create_directories(dir, ec);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & S_ISVTX)) {
    return MakeError(ErrorCode::kPermissionDenied, "agent.socket_dir",
                     "the socket needs a directory of its own, owned by this user (e.g. "
                     "/run/kakunin-agent); " +
                         dir.string() + " is not");
  }
  if (::chmod(dir.c_str(), in_state ? 0700 : 0750) != 0) {
    return MakeError(ErrorCode::kPermissionDenied, "agent.socket_dir",
                     "cannot restrict " + dir.string());
  }
  fs::remove(path, ec);  // left behind by a killed daemon
  return OkStatus();
}

std::unique_ptr<grpc::Server> Serve(const std::string& path, LocalService* service) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + path, grpc::InsecureServerCredentials());
  builder.RegisterService(service);
  auto server = builder.BuildAndStart();
  if (server) ::chmod(path.c_str(), 0660);
  return server;
}

// SIGTERM/SIGINT are taken by sigwait on the main thread, never by a worker.
sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

std::string LocalSocketPath(const std::string& state_dir, const std::string& socket_path) {
  if (!socket_path.empty()) return socket_path;
  if (fs::path(state_dir).lexically_normal() == fs::path(kSystemStateDir)) return kSystemSocket;
  return state_dir + "/" + kSocketName;
}

Status RunDaemon(DaemonOptions o) {
  ::umask(0077);  // files the daemon creates are its own (the key file is 0600 regardless)
  KAKUNIN_ASSIGN_OR_RETURN(auto state, LoadTerminalState(o.state_dir));
  ::chmod(o.state_dir.c_str(), 0700);
  std::string socket = LocalSocketPath(o.state_dir, o.socket_path);
  KAKUNIN_RETURN_IF_ERROR(PrepareSocket(socket, o.state_dir));
  sigset_t signals = ShutdownSignals();

  StatusBoard board;
  InitialStatus(board, state);
  // The branch manager's one-time 目視確認 (issue 19): from HQ through the uplink, used by one
  // card check; outlives both.
  VisualAllowanceSlot allowances(&board);
  KAKUNIN_ASSIGN_OR_RETURN(auto store, LocalStore::Open(o.state_dir + "/outbox.db"));
  AgentCore core(std::move(store), &board, o.eligibility, o.reader);
  core.SetCardTimeout(o.card_timeout);
  core.SetStateDir(o.state_dir);
  KAKUNIN_RETURN_IF_ERROR(core.RefreshDepth());
  o.uplink.state_dir = o.state_dir;
  UplinkLoop uplink(o.uplink, &board);
  core.SetOnSaved([&](bool warning_raised) { uplink.Wake(warning_raised); });
  uplink.SetVisualAllowances(&allowances);
  core.SetVisualAllowances(&allowances);
  KAKUNIN_RETURN_IF_ERROR(uplink.Start());
  ReaderMonitor monitor(
      &board, [&] { return core.reader_busy(); }, o.reader_poll, o.reader);
  monitor.Start();
  o.files.state_dir = o.state_dir;
  TerminalFilesWatcher files(o.files, &core, &board);
  files.Start();

  LocalService service(&core, &board);
  auto server = Serve(socket, &service);
  if (!server) {
    return MakeError(ErrorCode::kUnavailable, "agent.socket", "cannot listen on unix:" + socket);
  }
  spdlog::info("kakunin-agent {} serving on unix:{} ({} results waiting)", kAgentVersion, socket,
               board.Snapshot().outbox_depth());
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("stopping on signal {}", sig);
  core.CancelCardWait();
  service.Shutdown();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  monitor.Stop();
  files.Stop();
  uplink.Stop();
  std::error_code ec;
  fs::remove(socket, ec);
  return OkStatus();
}

}  // namespace kakunin::agent
