#pragma once
// Windows only: kakunin-agent as a Windows service (issue 23). `service install` registers
// "KakuninAgent" (LocalService, delayed automatic start, restart on failure), the Event Log
// source and the state folder's ACL; `service run` is what the SCM starts (the MSI registers the
// same command line). The daemon itself and enrollment come in as hooks from the CLI, so this
// file knows only the service's life cycle.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::agent {

inline constexpr wchar_t kServiceName[] = L"KakuninAgent";
inline constexpr char kServiceNameUtf8[] = "KakuninAgent";
// Where the MSI (msiexec /i ... BUNDLE=...) leaves an enrollment bundle for the service.
inline constexpr wchar_t kEnrollBundleKey[] = L"SOFTWARE\\Kakunin\\Agent";
inline constexpr wchar_t kEnrollBundleValue[] = L"EnrollBundle";

// The command line the SCM runs: "<this exe>" service run.
std::wstring ServiceCommandLine();

// Registers (or, when registered, reconfigures) the service; sets the state folder's ACL, the
// Event Log source, the bundle key's ACL (SYSTEM, Administrators, LocalService) and creates the
// staff group (os::kStaffGroup). Needs an administrator. Errors: service.* with the system's
// message. Settings the service manager does not support (Wine) are skipped and named in
// `warnings`.
Status InstallService(std::vector<std::string>* warnings);
// Stops the service when it runs, then removes it and its Event Log source. The state folder
// (identity, outbox) stays.
Status UninstallService();
Status StartAgentService(std::chrono::seconds wait);
Status StopAgentService(std::chrono::seconds wait);
// "RUNNING", "STOPPED", "START_PENDING", ...; service.not_installed (kNotFound) when absent.
Result<std::string> QueryServiceState();

// The state folder with its ACL (service install, and every service start: the MSI never runs
// `service install`).
Status EnsureStateDirectory(const std::string& dir);

// The bundle the MSI left in the registry ("" when none).
std::string PendingEnrollBundle();

struct ServiceHooks {
  std::function<bool()> enrolled;
  // Enrolls as `kakunin-agent enroll --bundle TEXT` does.
  std::function<Status(const std::string& bundle)> enroll;
  // The daemon (`kakunin-agent run` with the default settings); returns its exit code.
  // `init_logging(level)` is what it calls instead of logging to stderr.
  std::function<int(const std::function<void(const std::string&)>& init_logging)> run_daemon;
};

// `service run`: hands this thread to the SCM (StartServiceCtrlDispatcherW) until the service
// stops. Returns the exit code; 2 when not started by the SCM.
int RunAsService(ServiceHooks hooks);

// The service's logging: a rolling file <state dir>\logs\agent.log (5 MiB x 5) and warnings and
// errors to the Event Log. Safe to call again (only the level changes).
void InitServiceLogging(const std::string& state_dir, const std::string& level);

}  // namespace kakunin::agent
