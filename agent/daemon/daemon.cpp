#include "agent/daemon/daemon.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "agent/check/card_check.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/operator_text.h"
#include "agent/daemon/local_service.h"
#include "agent/daemon/reader_monitor.h"
#include "agent/uplink/terminal_state.h"
#include "common/crypto/x509.h"
#include "common/os/files.h"
#include "common/os/local_ipc.h"
#include "common/os/shutdown.h"
#include "common/rpc/server_limits.h"

namespace kakunin::agent {
namespace fs = std::filesystem;
namespace {

// How often the housekeeping thread tries again to save checks the outbox would not take.
constexpr std::chrono::seconds kRetryUnsavedEvery{5};

// The status as the daemon starts: identity, HQ's last settings (offline starts follow them).
void InitialStatus(StatusBoard& board, const TerminalState& state) {
  v1::TerminalConfig config = LoadConfigOrDefault(state.dir);
  board.Update([&](v1::AgentStatus& s) {
    s.set_device_id(state.device_id);
    s.set_verification_code(state.verification_code);
    s.set_site_name(config.site_name());
    *s.mutable_config() = config;
    s.set_reader_status("no_reader");
    s.set_pin_tries_left(-1);
  });
}

// A repair of the outbox is logged once, by the process that made it, and shown in the status
// (store_problem "outbox.repaired") for kRepairShown after it, whoever made it (a command run
// while the daemon was stopped).
constexpr int64_t kRepairShown = 14 * 24 * 3600;

bool RepairedLately(LocalStore& store) {
  if (const auto& made = store.repair()) spdlog::error("outbox: {}", OutboxRepairText(*made));
  auto last = store.LastRepair();
  if (!last.ok() || !last->has_value()) return false;
  const bool lately = std::time(nullptr) - (*last)->repaired_at < kRepairShown;
  if (lately && !store.repair()) {
    spdlog::warn("outbox: repaired by a command while the service was stopped: {}",
                 OutboxRepairText(**last));
  }
  return lately;
}

std::unique_ptr<grpc::Server> Serve(os::LocalListener& listener, LocalService* service) {
  grpc::ServerBuilder builder;
  listener.AddTo(builder);
  rpc::RefuseCompressedMessages(builder);
  builder.RegisterService(service);
  auto server = builder.BuildAndStart();
  if (server && !listener.Started().ok()) return nullptr;
  return server;
}

}  // namespace

std::string LocalSocketPath(const std::string& state_dir, const std::string& socket_path) {
  if (!socket_path.empty()) return socket_path;
  if (os::PathFromUtf8(state_dir).lexically_normal() == os::PathFromUtf8(SystemStateDir())) {
    return SystemSocket();
  }
  return state_dir + "/" + kSocketName;
}

Status RunDaemon(DaemonOptions o) {
  os::RestrictNewFiles();  // files the daemon creates are its own (the key file is 0600 regardless)
  KAKUNIN_ASSIGN_OR_RETURN(auto state, LoadTerminalState(o.state_dir));
  os::RestrictDirectory(o.state_dir);
  // One daemon per terminal state: a second one (run by hand beside the service) took the
  // first one's socket, sent the same outbox, and on its way out left staff with no daemon.
  auto instance = os::InstanceLock::Take(o.state_dir + "/agent.lock");
  if (!instance.ok()) {
    if (instance.error().reason() != "os.locked") return instance.error();
    return MakeError(
        ErrorCode::kAlreadyExists, "agent.already_running",
        "the agent's service already runs for " + o.state_dir + " (kakunin-agent status shows it)");
  }
  std::string socket = LocalSocketPath(o.state_dir, o.socket_path);
  KAKUNIN_ASSIGN_OR_RETURN(auto listener, os::LocalListener::Prepare(socket, o.state_dir));
  // Before any thread starts: the stop request is taken by this thread, never by a worker.
  auto shutdown = os::ShutdownSignal::Install();

  StatusBoard board;
  InitialStatus(board, state);
  // The branch manager's one-time 目視確認 (issue 19): from HQ through the uplink, used by one
  // card check; outlives both.
  VisualAllowanceSlot allowances(&board);
  // This process holds agent.lock: a damaged outbox is repaired here, and the terminal checks on.
  KAKUNIN_ASSIGN_OR_RETURN(
      auto store, LocalStore::Open(o.state_dir + "/outbox.db", LocalStore::OnDamage::kRepair));
  const bool repaired_lately = RepairedLately(*store);
  AgentCore core(std::move(store), &board, o.eligibility, o.reader);
  if (repaired_lately) core.SetStoreNote("outbox.repaired");
  core.SetCardTimeout(o.card_timeout);
  core.SetStateDir(o.state_dir);
  KAKUNIN_RETURN_IF_ERROR(core.RefreshDepth());
  // Without a saved floor (an older agent's outbox, a repaired one), the device certificate's
  // start: a time HQ signed, so never ahead of the truth, and a terminal never welcomed again
  // (revoked, offline for good) still purges.
  int64_t issued = 0;
  if (auto cert = crypto::CertificateFromPem(state.cert_pem); cert.ok()) {
    issued = static_cast<int64_t>(crypto::NotBefore(cert->get()));
  }
  KAKUNIN_RETURN_IF_ERROR(core.LoadTimeFloor(issued));
  o.uplink.state_dir = o.state_dir;
  UplinkLoop uplink(o.uplink, &board);
  core.SetOnSaved([&](bool warning_raised) { uplink.Wake(warning_raised); });
  // HQ's time at each welcome is the purge's floor; the first in this run is followed by a
  // purge (the one at start went by the saved floor, or waited for this).
  std::atomic<bool> purge_soon{false}, hq_time_heard{false};
  uplink.SetOnHqTime([&](int64_t hq_time) {
    core.HqTimeIs(hq_time);
    if (!hq_time_heard.exchange(true)) purge_soon = true;
  });
  uplink.SetVisualAllowances(&allowances);
  core.SetVisualAllowances(&allowances);
  KAKUNIN_RETURN_IF_ERROR(uplink.Start());
  ReaderMonitor monitor(
      &board, [&] { return core.reader_busy(); }, o.reader_poll, o.reader);
  monitor.Start();
  o.files.state_dir = o.state_dir;
  o.files.service_endpoint_set = !o.eligibility.endpoint.empty();
  TerminalFilesWatcher files(o.files, &core, &board);
  files.Start();

  // The re-view window's purge: at start (before anything is served) and then hourly; HQ's
  // refusals are forgotten after kRefusalsShown with it.
  auto purge = [&core, &uplink] {
    auto n = core.PurgeExpiredRecent();
    if (!n.ok()) {
      spdlog::warn("re-view copies not purged: {}", n.error().ToString());
    } else if (*n > 0) {
      spdlog::info("{} results past their re-view window deleted from this terminal", *n);
    }
    uplink.ShowRefusals();
  };
  purge();
  std::mutex housekeeping_mu;
  std::condition_variable housekeeping_cv;
  bool housekeeping_stop = false;
  std::thread housekeeping([&] {
    auto next_purge = std::chrono::steady_clock::now() + std::chrono::hours(1);
    std::unique_lock lock(housekeeping_mu);
    while (!housekeeping_cv.wait_for(lock, kRetryUnsavedEvery, [&] { return housekeeping_stop; })) {
      lock.unlock();
      // Checks whose answer was shown but not saved (a full disk, a locked outbox): again.
      if (core.unsaved() > 0) core.RetryUnsaved();
      if (purge_soon.exchange(false) || std::chrono::steady_clock::now() >= next_purge) {
        purge();
        next_purge = std::chrono::steady_clock::now() + std::chrono::hours(1);
      }
      lock.lock();
    }
  });
  auto stop_housekeeping = [&] {
    {
      std::lock_guard lock(housekeeping_mu);
      housekeeping_stop = true;
    }
    housekeeping_cv.notify_all();
    housekeeping.join();
  };

  LocalService service(&core, &board);
  auto server = Serve(*listener, &service);
  if (!server) {
    stop_housekeeping();
    return MakeError(ErrorCode::kUnavailable, "agent.socket",
                     "cannot listen on " + listener->Describe());
  }
  spdlog::info("kakunin-agent {} serving on {} ({} results waiting)", kAgentVersion,
               listener->Describe(), board.Snapshot().outbox_depth());
  spdlog::info("stopping on {}", shutdown->Wait());
  core.CancelCardWait();
  service.Shutdown();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  // Nothing adds to what waits any more (no check starts, no face file is read, a stuck card's
  // late result is only logged): a last try for what the outbox would not take.
  files.Stop();
  core.StopLateSaves();
  if (size_t lost = core.RetryUnsaved(); lost > 0) {
    spdlog::error(
        "{} results (checks shown to the staff, face-reader files read) could not be saved and "
        "are lost with this stop: record them again from the screen or on paper",
        lost);
  }
  monitor.Stop();
  uplink.Stop();
  stop_housekeeping();
  listener->Remove();
  return OkStatus();
}

}  // namespace kakunin::agent
