#include "agent/daemon/windows_service.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "agent/daemon/install_paths.h"
#include "common/log/event_log_sink_win.h"
#include "common/os/files.h"
#include "common/os/shutdown.h"
#include "common/os/utf16_win.h"
#include "common/os/win_security.h"

namespace kakunin::agent {
namespace {

constexpr wchar_t kDisplayName[] = L"Kakunin 資格確認エージェント";
constexpr wchar_t kDescription[] =
    L"マイナ保険証の資格確認を行い、結果を本部へ送ります（カードリーダー、送信待ちの結果、"
    L"本部との接続を管理します）。";
constexpr wchar_t kAccount[] = L"NT AUTHORITY\\LocalService";
constexpr char kEnrollBundleKeyUtf8[] = "SOFTWARE\\Kakunin\\Agent";
constexpr char kStaffGroupComment[] = "Kakunin 資格確認エージェントを窓口で使えるスタッフ";
constexpr wchar_t kEventSourceKey[] =
    L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\KakuninAgent";

Error ServiceError(const std::string& reason, const std::string& what, DWORD code) {
  std::string message = what + ": " + os::SystemMessage(code);
  if (code == ERROR_ACCESS_DENIED) message += " — 管理者として実行してください";
  return MakeError(code == ERROR_SERVICE_DOES_NOT_EXIST ? ErrorCode::kNotFound
                   : code == ERROR_ACCESS_DENIED        ? ErrorCode::kPermissionDenied
                                                        : ErrorCode::kInternal,
                   reason, message);
}

// Closes a service handle on every path.
struct ScHandle {
  SC_HANDLE h = nullptr;
  explicit ScHandle(SC_HANDLE handle) : h(handle) {}
  ~ScHandle() {
    if (h) ::CloseServiceHandle(h);
  }
  ScHandle(const ScHandle&) = delete;
  ScHandle& operator=(const ScHandle&) = delete;
  explicit operator bool() const { return h != nullptr; }
};

std::wstring ExePath() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (n < path.size()) {
      path.resize(n);
      return path;
    }
    path.resize(path.size() * 2);
  }
}

const char* StateName(DWORD state) {
  switch (state) {
    case SERVICE_STOPPED:
      return "STOPPED";
    case SERVICE_START_PENDING:
      return "START_PENDING";
    case SERVICE_STOP_PENDING:
      return "STOP_PENDING";
    case SERVICE_RUNNING:
      return "RUNNING";
    case SERVICE_CONTINUE_PENDING:
      return "CONTINUE_PENDING";
    case SERVICE_PAUSE_PENDING:
      return "PAUSE_PENDING";
    case SERVICE_PAUSED:
      return "PAUSED";
    default:
      return "UNKNOWN";
  }
}

// One ChangeServiceConfig2W setting. A level the service manager does not know (Wine 8 knows
// neither delayed start nor recovery; every Windows since Vista does) is a warning, not a failure.
Status Config2(SC_HANDLE service, DWORD level, void* info, const std::string& what,
               std::vector<std::string>* warnings) {
  if (::ChangeServiceConfig2W(service, level, info)) return OkStatus();
  const DWORD code = ::GetLastError();
  if (code == ERROR_INVALID_LEVEL) {
    warnings->push_back(what + ": このサービス管理は未対応です (" + os::SystemMessage(code) + ")");
    return OkStatus();
  }
  return ServiceError("service.install", what + "を設定できません", code);
}

// Description, delayed automatic start, and recovery: restart after 5 s, 30 s, 60 s; the count
// starts again after a day without failure; an exit with an error counts as a failure too.
Status Configure(SC_HANDLE service, std::vector<std::string>* warnings) {
  SERVICE_DESCRIPTIONW description{const_cast<wchar_t*>(kDescription)};
  KAKUNIN_RETURN_IF_ERROR(
      Config2(service, SERVICE_CONFIG_DESCRIPTION, &description, "説明", warnings));
  SERVICE_DELAYED_AUTO_START_INFO delayed{TRUE};
  KAKUNIN_RETURN_IF_ERROR(
      Config2(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &delayed, "遅延自動起動", warnings));
  SC_ACTION actions[] = {
      {SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 30000}, {SC_ACTION_RESTART, 60000}};
  SERVICE_FAILURE_ACTIONSW failure{};
  failure.dwResetPeriod = 24 * 60 * 60;
  failure.cActions = 3;
  failure.lpsaActions = actions;
  KAKUNIN_RETURN_IF_ERROR(Config2(service, SERVICE_CONFIG_FAILURE_ACTIONS, &failure,
                                  "回復動作（失敗時の再起動）", warnings));
  SERVICE_FAILURE_ACTIONS_FLAG flag{TRUE};
  return Config2(service, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag,
                 "回復動作（エラー終了も失敗とする）", warnings);
}

// The Event Log source: messages come from kakunin-agent.exe's own message table (one message,
// "%1"), so the Event Viewer shows the text as written.
Status RegisterEventSource() {
  HKEY key = nullptr;
  LSTATUS rc = ::RegCreateKeyExW(HKEY_LOCAL_MACHINE, kEventSourceKey, 0, nullptr, 0, KEY_SET_VALUE,
                                 nullptr, &key, nullptr);
  if (rc != ERROR_SUCCESS) {
    return ServiceError("service.install", "イベントログのソースを登録できません",
                        static_cast<DWORD>(rc));
  }
  const std::wstring exe = ExePath();
  const DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
  rc = ::RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ,
                        reinterpret_cast<const BYTE*>(exe.c_str()),
                        static_cast<DWORD>((exe.size() + 1) * sizeof(wchar_t)));
  if (rc == ERROR_SUCCESS) {
    rc = ::RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD,
                          reinterpret_cast<const BYTE*>(&types), sizeof types);
  }
  ::RegCloseKey(key);
  if (rc != ERROR_SUCCESS) {
    return ServiceError("service.install", "イベントログのソースを登録できません",
                        static_cast<DWORD>(rc));
  }
  return OkStatus();
}

Result<DWORD> CurrentState(SC_HANDLE service) {
  SERVICE_STATUS_PROCESS status{};
  DWORD needed = 0;
  if (!::QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status),
                              sizeof status, &needed)) {
    return ServiceError("service.status", "状態を取得できません", ::GetLastError());
  }
  return status.dwCurrentState;
}

// Polls until the service reaches `wanted` (the SCM has no wait call).
Status WaitForState(SC_HANDLE service, DWORD wanted, std::chrono::seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    KAKUNIN_ASSIGN_OR_RETURN(DWORD state, CurrentState(service));
    if (state == wanted) return OkStatus();
    if (std::chrono::steady_clock::now() >= deadline) {
      return MakeError(ErrorCode::kDeadlineExceeded, "service.timeout",
                       std::string("サービスが ") + StateName(wanted) + " になりません（現在 " +
                           StateName(state) + "）");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Result<std::unique_ptr<ScHandle>> OpenAgentService(DWORD access) {
  auto manager = std::make_unique<ScHandle>(::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
  if (!*manager) return ServiceError("service.open", "OpenSCManagerW", ::GetLastError());
  auto service = std::make_unique<ScHandle>(::OpenServiceW(manager->h, kServiceName, access));
  if (!*service) {
    const DWORD code = ::GetLastError();
    if (code == ERROR_SERVICE_DOES_NOT_EXIST) {
      return MakeError(ErrorCode::kNotFound, "service.not_installed",
                       "サービス KakuninAgent は登録されていません");
    }
    return ServiceError("service.open", "OpenServiceW", code);
  }
  return service;
}

}  // namespace

std::wstring ServiceCommandLine() { return L"\"" + ExePath() + L"\" service run"; }

Status EnsureStateDirectory(const std::string& dir) {
  KAKUNIN_RETURN_IF_ERROR(os::SecureServiceDirectory(dir));
  std::error_code ec;
  std::filesystem::create_directories(os::PathFromUtf8(dir + "\\logs"), ec);
  return OkStatus();
}

Status InstallService(std::vector<std::string>* warnings) {
  ScHandle manager(::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE));
  if (!manager) return ServiceError("service.install", "OpenSCManagerW", ::GetLastError());
  const std::wstring command = ServiceCommandLine();
  ScHandle service(::CreateServiceW(manager.h, kServiceName, kDisplayName, SERVICE_ALL_ACCESS,
                                    SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
                                    SERVICE_ERROR_NORMAL, command.c_str(), nullptr, nullptr,
                                    nullptr, kAccount, L""));
  if (!service && ::GetLastError() == ERROR_SERVICE_EXISTS) {
    // Installed before (perhaps from another folder): the same settings again.
    service.h = ::OpenServiceW(manager.h, kServiceName, SERVICE_ALL_ACCESS);
    if (service && !::ChangeServiceConfigW(service.h, SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
                                           SERVICE_ERROR_NORMAL, command.c_str(), nullptr, nullptr,
                                           nullptr, kAccount, L"", kDisplayName)) {
      return ServiceError("service.install", "ChangeServiceConfigW", ::GetLastError());
    }
  }
  if (!service) return ServiceError("service.install", "CreateServiceW", ::GetLastError());
  KAKUNIN_RETURN_IF_ERROR(Configure(service.h, warnings));
  KAKUNIN_RETURN_IF_ERROR(RegisterEventSource());
  // The bundle's key: the MSI wrote it (readable by every user) just before this runs.
  KAKUNIN_RETURN_IF_ERROR(os::SecureMachineKey(kEnrollBundleKeyUtf8));
  if (auto s = os::EnsureLocalGroup(os::kStaffGroup, kStaffGroupComment); !s.ok()) {
    warnings->push_back("スタッフ用グループ " + std::string(os::kStaffGroup) +
                        " を作れません（管理者以外は使えません）: " + s.error().message());
  }
  return EnsureStateDirectory(SystemStateDir());
}

Status UninstallService() {
  KAKUNIN_ASSIGN_OR_RETURN(auto service,
                           OpenAgentService(SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE));
  KAKUNIN_ASSIGN_OR_RETURN(DWORD state, CurrentState(service->h));
  if (state != SERVICE_STOPPED) {
    SERVICE_STATUS status{};
    ::ControlService(service->h, SERVICE_CONTROL_STOP, &status);
    KAKUNIN_RETURN_IF_ERROR(WaitForState(service->h, SERVICE_STOPPED, std::chrono::seconds(30)));
  }
  if (!::DeleteService(service->h)) {
    return ServiceError("service.uninstall", "DeleteService", ::GetLastError());
  }
  ::RegDeleteKeyW(HKEY_LOCAL_MACHINE, kEventSourceKey);
  return OkStatus();
}

Status StartAgentService(std::chrono::seconds wait) {
  KAKUNIN_ASSIGN_OR_RETURN(auto service, OpenAgentService(SERVICE_START | SERVICE_QUERY_STATUS));
  if (!::StartServiceW(service->h, 0, nullptr) &&
      ::GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) {
    return ServiceError("service.start", "StartServiceW", ::GetLastError());
  }
  return WaitForState(service->h, SERVICE_RUNNING, wait);
}

Status StopAgentService(std::chrono::seconds wait) {
  KAKUNIN_ASSIGN_OR_RETURN(auto service, OpenAgentService(SERVICE_STOP | SERVICE_QUERY_STATUS));
  SERVICE_STATUS status{};
  if (!::ControlService(service->h, SERVICE_CONTROL_STOP, &status) &&
      ::GetLastError() != ERROR_SERVICE_NOT_ACTIVE) {
    return ServiceError("service.stop", "ControlService", ::GetLastError());
  }
  return WaitForState(service->h, SERVICE_STOPPED, wait);
}

Result<std::string> QueryServiceState() {
  KAKUNIN_ASSIGN_OR_RETURN(auto service, OpenAgentService(SERVICE_QUERY_STATUS));
  KAKUNIN_ASSIGN_OR_RETURN(DWORD state, CurrentState(service->h));
  return std::string(StateName(state));
}

std::string PendingEnrollBundle() {
  DWORD size = 0;
  if (::RegGetValueW(HKEY_LOCAL_MACHINE, kEnrollBundleKey, kEnrollBundleValue, RRF_RT_REG_SZ,
                     nullptr, nullptr, &size) != ERROR_SUCCESS ||
      size < sizeof(wchar_t)) {
    return "";
  }
  std::wstring text(size / sizeof(wchar_t), L'\0');
  if (::RegGetValueW(HKEY_LOCAL_MACHINE, kEnrollBundleKey, kEnrollBundleValue, RRF_RT_REG_SZ,
                     nullptr, text.data(), &size) != ERROR_SUCCESS) {
    return "";
  }
  text.resize(wcsnlen(text.c_str(), text.size()));
  std::string bundle = os::Narrow(text);
  // Blanks around a pasted bundle are not part of it.
  const auto first = bundle.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return bundle.substr(first, bundle.find_last_not_of(" \t\r\n") - first + 1);
}

void InitServiceLogging(const std::string& state_dir, const std::string& level) {
  static std::shared_ptr<spdlog::logger> logger = [&] {
    std::vector<spdlog::sink_ptr> sinks;
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          state_dir + "\\logs\\agent.log", 5 * 1024 * 1024, 5));
      sinks.back()->set_pattern("%Y-%m-%d %H:%M:%S.%e %l [%t] %v");
    } catch (const spdlog::spdlog_ex&) {
      // No file (folder not writable): the Event Log still says what goes wrong.
    }
    auto events = std::make_shared<EventLogSink>(kServiceNameUtf8);
    events->set_level(spdlog::level::warn);
    sinks.push_back(events);
    return std::make_shared<spdlog::logger>("kakunin-agent", sinks.begin(), sinks.end());
  }();
  spdlog::set_default_logger(logger);
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") lvl = spdlog::level::info;
  logger->set_level(lvl);
  logger->flush_on(spdlog::level::info);
}

// --- service run ---------------------------------------------------------------------------
namespace {

ServiceHooks g_hooks;
SERVICE_STATUS_HANDLE g_status_handle = nullptr;
std::atomic<DWORD> g_checkpoint{0};
int g_exit_code = 0;

void Report(DWORD state, DWORD exit_code = NO_ERROR, DWORD wait_hint_ms = 0) {
  SERVICE_STATUS status{};
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted =
      state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
  // A non-zero exit is a failure to the SCM, so the recovery actions restart the service.
  status.dwWin32ExitCode = exit_code == NO_ERROR ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
  status.dwServiceSpecificExitCode = exit_code;
  status.dwWaitHint = wait_hint_ms;
  const bool pending = state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING;
  status.dwCheckPoint = pending ? ++g_checkpoint : 0;
  ::SetServiceStatus(g_status_handle, &status);
}

DWORD WINAPI Control(DWORD control, DWORD, void*, void*) {
  switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
      // The daemon stops its server within 5 s (agent/daemon/daemon.cpp): the hint covers it.
      Report(SERVICE_STOP_PENDING, NO_ERROR, 15000);
      os::RequestStop();
      return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
      return NO_ERROR;
    default:
      return ERROR_CALL_NOT_IMPLEMENTED;
  }
}

// The bundle's token is spent once enrolled, so it goes (`service install` gave LocalService the
// key; if it could not delete it, the MSI's uninstall does).
void ForgetEnrollBundle() {
  const LSTATUS rc = ::RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, kEnrollBundleKey, kEnrollBundleValue);
  if (rc != ERROR_SUCCESS && rc != ERROR_FILE_NOT_FOUND) {
    spdlog::warn("登録用バンドルをレジストリから消せません: {}",
                 os::SystemMessage(static_cast<DWORD>(rc)));
  }
}

// Worth trying the bundle again later: HQ unreachable or slow, or busy with other enrollments
// (enroll.busy, enroll.rate_limited: the token is still good). A whole chain installed at once
// meets HQ's turn-taking; giving up then would leave terminals waiting for an administrator.
bool Transient(const Error& e) {
  return e.code() == ErrorCode::kUnavailable || e.code() == ErrorCode::kDeadlineExceeded ||
         e.code() == ErrorCode::kResourceExhausted;
}

// Until the terminal is enrolled: the MSI's bundle, retried with backoff while HQ cannot be
// reached; else (or after a refusal) wait for `kakunin-agent enroll` by an administrator.
// False when a stop came first.
bool AwaitEnrollment() {
  auto backoff = std::chrono::seconds(5);
  bool bundle_refused = false, said_waiting = false;
  while (!g_hooks.enrolled()) {
    const std::string bundle = bundle_refused ? "" : PendingEnrollBundle();
    std::chrono::milliseconds pause = std::chrono::seconds(30);
    if (!bundle.empty()) {
      spdlog::info("未登録の端末です。インストール時の登録用バンドルで本部に登録します");
      auto s = g_hooks.enroll(bundle);
      if (s.ok()) {
        spdlog::info("本部への登録が完了しました");
        ForgetEnrollBundle();
        continue;
      }
      if (Transient(s.error())) {
        spdlog::warn("本部に接続できないか、本部が混み合っています（{} 秒後に再試行）: {}",
                     backoff.count(), s.error().ToString());
        pause = backoff;
        backoff = std::min(backoff * 2, std::chrono::seconds(300));
      } else {
        spdlog::error(
            "登録用バンドルで登録できませんでした: {}。管理者が kakunin-agent enroll "
            "で登録してください",
            s.error().ToString());
        bundle_refused = true;
      }
    } else if (!said_waiting) {
      spdlog::warn(
          "未登録の端末です。管理者が kakunin-agent enroll --bundle ... で登録するまで"
          "待ちます");
      said_waiting = true;
    }
    if (os::StopRequested(pause)) return false;
  }
  return true;
}

void WINAPI ServiceMain(DWORD, wchar_t**) {
  g_status_handle = ::RegisterServiceCtrlHandlerExW(kServiceName, Control, nullptr);
  if (!g_status_handle) return;
  Report(SERVICE_START_PENDING, NO_ERROR, 10000);
  os::IgnoreLogoff();
  const std::string dir = SystemStateDir();
  const Status folder = EnsureStateDirectory(dir);
  InitServiceLogging(dir, "info");
  if (!folder.ok()) spdlog::error("状態フォルダー {}: {}", dir, folder.error().ToString());
  // Running before enrollment and the daemon's start: neither may hold the SCM up.
  Report(SERVICE_RUNNING);
  spdlog::info("サービス {} を開始しました（{}）", kServiceNameUtf8, dir);
  int rc = 0;
  if (AwaitEnrollment()) {
    rc = g_hooks.run_daemon([&](const std::string& level) { InitServiceLogging(dir, level); });
  }
  if (rc != 0) spdlog::error("サービスが異常終了しました（終了コード {}）", rc);
  spdlog::info("サービス {} を停止しました", kServiceNameUtf8);
  spdlog::default_logger()->flush();
  g_exit_code = rc;
  Report(SERVICE_STOPPED, static_cast<DWORD>(rc));
}

}  // namespace

int RunAsService(ServiceHooks hooks) {
  g_hooks = std::move(hooks);
  SERVICE_TABLE_ENTRYW table[] = {{const_cast<wchar_t*>(kServiceName), ServiceMain},
                                  {nullptr, nullptr}};
  if (!::StartServiceCtrlDispatcherW(table)) {
    const DWORD code = ::GetLastError();
    if (code == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
      std::fprintf(stderr,
                   "kakunin-agent: service run はサービス管理 (SCM) から起動されるものです。"
                   "手元で動かすには kakunin-agent run を使ってください\n");
    } else {
      std::fprintf(stderr, "kakunin-agent: StartServiceCtrlDispatcherW: %s\n",
                   os::SystemMessage(code).c_str());
    }
    return 2;
  }
  return g_exit_code;
}

}  // namespace kakunin::agent
