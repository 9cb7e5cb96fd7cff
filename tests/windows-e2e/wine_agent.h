#pragma once
// The Windows agent (kakunin-agent.exe, cross-built) as a child process of a Linux test, under
// Wine 8 (issue 23): the rest of the rig (PostgreSQL, kakunin-server, pcscd + vpcd, the virtual
// card, the eligibility emulator) is the Linux harness, unchanged.
// - WineSetup finds what is needed (KAKUNIN_WIN_AGENT names the .exe; wine on PATH; the shared
//   kit's WinSCard pair); when something is missing the caller skips, with the reason.
// - WinscardPair puts the kit's working winscard.dll into the system Wine (Debian's is a stub) and
//   takes it out again if it was not there before (as tests/windows/run-wine-tests.sh does).
//   Take it while holding the pcscd lock, so two card tests do not install and remove it under
//   each other.
// - WinePrefix is a fresh WINEPREFIX (wineboot); destroying it ends every process of the prefix
//   with `wineserver -k`.
// - WineAgent runs `kakunin-agent.exe run` and reaches it as its own CLI does on Windows: the
//   endpoint file (loopback port + per-start secret), gRPC local-TCP credentials.
//   Kill() is SIGKILL to the Linux process of the .exe: `wine` execs the loader in place, so that
//   PID is the Windows process itself, and it dies as on TerminateProcess (no code of the agent
//   runs); the wineserver notices the closed connection and frees its handles.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/local.grpc.pb.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

// A command's output without its trailing newline and spaces.
inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct WineSetup {
  std::string agent_exe;     // KAKUNIN_WIN_AGENT
  std::string winscard_kit;  // KAKUNIN_WINE_WINSCARD or ../shared/windows/wine-winscard
};

// kFailedPrecondition with the reason to skip when the Windows agent cannot run here.
Result<WineSetup> FindWineSetup();

// A Unix path as the Windows program sees it (drive Z: is the Unix root in every prefix).
std::string WinPath(const std::string& unix_path);

class WinscardPair {
 public:
  static Result<std::unique_ptr<WinscardPair>> Install(const std::string& kit);
  ~WinscardPair();  // uninstalls when Install put it there

 private:
  WinscardPair() = default;
  std::string kit_;
  bool installed_here_ = false;
};

class WinePrefix {
 public:
  // A new prefix in `dir` (wineboot -u: 10–30 s).
  static Result<std::unique_ptr<WinePrefix>> Create(const std::string& dir);
  ~WinePrefix();  // wineserver -k, then waits for it
  // The environment every wine command of this prefix runs with.
  const std::map<std::string, std::string>& env() const { return env_; }
  const std::string& dir() const { return env_.at("WINEPREFIX"); }

 private:
  WinePrefix() = default;
  std::map<std::string, std::string> env_;
};

class WineAgent {
 public:
  WineAgent(WineSetup setup, const WinePrefix& prefix, std::string state_dir,
            std::vector<std::string> run_args = {});
  ~WineAgent();

  // `kakunin-agent.exe <args>` to completion (the CLI); output with CR LF made LF.
  Result<os::CommandOutput> Cli(std::vector<std::string> args,
                                std::chrono::milliseconds timeout = std::chrono::seconds(120));
  // `kakunin-agent.exe enroll` into the state dir.
  Status Enroll(const std::string& server, const std::string& token, const std::string& ca_path);
  // Starts `run` and waits until its endpoint answers GetStatus.
  Status Start(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  void Kill();  // SIGKILL to the .exe's process, reaped
  bool running() { return process_ && process_->running(); }
  // The Linux process of the .exe (the Windows process itself), -1 when not started.
  pid_t pid() const { return process_ ? process_->pid() : -1; }
  std::string ReadLog() const;      // of the latest start
  std::string ReadAllLogs() const;  // of every start, in order
  const std::string& state_dir() const { return state_dir_; }

  Result<v1::AgentStatus> GetStatus();
  Result<v1::ListRecentResponse> ListRecent();
  Result<v1::AgentStatus> WaitStatus(const std::function<bool(const v1::AgentStatus&)>& condition,
                                     std::chrono::milliseconds timeout);

 private:
  Status Connect();

  WineSetup setup_;
  std::map<std::string, std::string> env_;
  std::string state_dir_, log_path_;
  std::vector<std::string> run_args_;
  std::optional<Process> process_;
  std::unique_ptr<v1::AgentLocal::Stub> stub_;
  std::string token_;  // shown to the daemon instead of the secret
  int starts_ = 0;
};

}  // namespace kakunin::testing
