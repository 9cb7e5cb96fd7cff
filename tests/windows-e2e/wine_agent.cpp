#include "tests/windows-e2e/wine_agent.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/core/bytes.h"
#include "common/rpc/status.h"
#include "tests/harness/agent_daemon.h"

namespace kakunin::testing {
namespace fs = std::filesystem;

namespace {

// As common/os/local_ipc_win.cpp writes and reads them.
constexpr char kEndpointHeader[] = "kakunin-local-endpoint 1";
constexpr char kSecretKey[] = "x-kakunin-local-secret";

// What a caller shows the daemon (common/os/local_ipc_win.cpp): a token of the endpoint file's
// secret, HMAC-SHA256(secret, "kakunin-local caller") in hex, never the secret itself.
std::string CallerToken(const std::string& secret) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const std::string message = "kakunin-local caller";
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  return ToHex(ByteView(mac, size));
}

std::string WithoutCr(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\r') out += c;
  }
  return out;
}

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  for (std::string dir; std::getline(ss, dir, ':');) {
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "test.read", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<WineSetup> FindWineSetup() {
  auto skip = [](const std::string& why) {
    return MakeError(ErrorCode::kFailedPrecondition, "test.no_wine", why);
  };
  WineSetup s;
  const char* exe = std::getenv("KAKUNIN_WIN_AGENT");
  if (!exe || !*exe) {
    return skip("KAKUNIN_WIN_AGENT is not set (path of the cross-built kakunin-agent.exe)");
  }
  // A Unix path: `wine /unix/path.exe` runs the program in the process it starts (a bare name
  // goes through start.exe, and the PID would not be the agent's).
  s.agent_exe = fs::absolute(exe).string();
  if (!fs::is_regular_file(s.agent_exe)) return skip("KAKUNIN_WIN_AGENT: no file " + s.agent_exe);
  for (const char* tool : {"wine", "wineserver", "wineboot"}) {
    if (!OnPath(tool)) return skip(std::string(tool) + " is not installed (apt-get install wine)");
  }
  const char* kit = std::getenv("KAKUNIN_WINE_WINSCARD");
  s.winscard_kit = kit && *kit ? kit : KAKUNIN_SOURCE_DIR "/../shared/windows/wine-winscard";
  if (!fs::is_regular_file(s.winscard_kit + "/install.sh")) {
    return skip("no WinSCard pair for Wine at " + s.winscard_kit + " (KAKUNIN_WINE_WINSCARD)");
  }
  return s;
}

std::string WinPath(const std::string& unix_path) { return "Z:" + unix_path; }

// --- WinscardPair --------------------------------------------------------------------------------

Result<std::unique_ptr<WinscardPair>> WinscardPair::Install(const std::string& kit) {
  auto pair = std::unique_ptr<WinscardPair>(new WinscardPair());
  pair->kit_ = kit;
  KAKUNIN_ASSIGN_OR_RETURN(auto status,
                           os::RunCommand({kit + "/install.sh", "--status"}, {}, "", true));
  if (status.output.find("winscard.dll: libwine's original") == std::string::npos) {
    return pair;  // already installed by someone else: theirs to remove
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand({kit + "/install.sh"}, {}, "", true));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "test.winscard",
                     "installing the WinSCard pair failed:\n" + out.output);
  }
  pair->installed_here_ = true;
  return pair;
}

WinscardPair::~WinscardPair() {
  if (installed_here_) (void)os::RunCommand({kit_ + "/install.sh", "--uninstall"}, {}, "", true);
}

// --- WinePrefix ----------------------------------------------------------------------------------

Result<std::unique_ptr<WinePrefix>> WinePrefix::Create(const std::string& dir) {
  auto prefix = std::unique_ptr<WinePrefix>(new WinePrefix());
  // No Mono or Gecko installer dialogs; no display (a console program needs none).
  prefix->env_ = {{"WINEPREFIX", dir},   {"WINEARCH", "win64"},
                  {"WINEDEBUG", "-all"}, {"WINEDLLOVERRIDES", "mscoree,mshtml="},
                  {"DISPLAY", ""},       {"WAYLAND_DISPLAY", ""}};
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand({"wineboot", "-u"}, prefix->env_, "", true,
                                                    std::chrono::seconds(300)));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "test.wineboot", "wineboot failed:\n" + out.output);
  }
  return prefix;
}

WinePrefix::~WinePrefix() {
  (void)os::RunCommand({"wineserver", "-k"}, env_, "", true, std::chrono::seconds(20));
  (void)os::RunCommand({"wineserver", "-w"}, env_, "", true, std::chrono::seconds(20));
}

// --- WineAgent -----------------------------------------------------------------------------------

WineAgent::WineAgent(WineSetup setup, const WinePrefix& prefix, std::string state_dir,
                     std::vector<std::string> run_args)
    : setup_(std::move(setup)),
      env_(prefix.env()),
      state_dir_(std::move(state_dir)),
      run_args_(std::move(run_args)) {}

WineAgent::~WineAgent() { Kill(); }

Result<os::CommandOutput> WineAgent::Cli(std::vector<std::string> args,
                                         std::chrono::milliseconds timeout) {
  args.insert(args.begin(), {"wine", setup_.agent_exe});
  KAKUNIN_ASSIGN_OR_RETURN(auto out, os::RunCommand(args, env_, "", false, timeout));
  out.output = WithoutCr(out.output);
  out.error_output = WithoutCr(out.error_output);
  return out;
}

Status WineAgent::Enroll(const std::string& server, const std::string& token,
                         const std::string& ca_path) {
  KAKUNIN_ASSIGN_OR_RETURN(auto out, Cli({"enroll", "--server", server, "--token", token, "--ca",
                                          WinPath(ca_path), "--state-dir", WinPath(state_dir_)}));
  if (out.exit_code != 0) {
    // The exit status too: once (2026-12-06, under load) the command printed its success and
    // still ended non-zero, which only the status can tell apart (a crash at exit under Wine?).
    return MakeError(ErrorCode::kInternal, "test.enroll",
                     "enroll failed (exit " + std::to_string(out.exit_code) + "): " + out.output +
                         out.error_output);
  }
  return OkStatus();
}

Status WineAgent::Start(std::chrono::milliseconds timeout) {
  ProcessOptions o;
  o.argv = {"wine",        setup_.agent_exe, "run", "--state-dir", WinPath(state_dir_),
            "--log-level", "debug"};
  o.argv.insert(o.argv.end(), run_args_.begin(), run_args_.end());
  o.env = env_;
  // One log per start: a killed agent's last words stay readable.
  log_path_ = state_dir_ + "/../agent-" + std::to_string(++starts_) + ".log";
  o.log_path = log_path_;
  o.parent_death_signal = 9;
  std::error_code ec;
  fs::remove(state_dir_ + "/agent.endpoint", ec);  // a killed agent's: wait for the new one
  KAKUNIN_ASSIGN_OR_RETURN(auto p, Process::Start(o));
  process_ = std::move(p);
  bool ready = WaitFor([&] { return !process_->running() || (Connect().ok() && GetStatus().ok()); },
                       timeout);
  if (!ready || !process_->running()) {
    return MakeError(ErrorCode::kUnavailable, "test.agent",
                     "kakunin-agent.exe run did not start:\n" + ReadLog());
  }
  // Kill() must reach the agent itself: the process started is the .exe, not a launcher.
  auto cmdline = Slurp("/proc/" + std::to_string(process_->pid()) + "/cmdline");
  if (!cmdline.ok() || cmdline->substr(0, cmdline->find('\0')) != setup_.agent_exe) {
    return MakeError(ErrorCode::kInternal, "test.agent_pid",
                     "PID " + std::to_string(process_->pid()) + " is not " + setup_.agent_exe);
  }
  return OkStatus();
}

// The endpoint file as the Windows CLI reads it: header, address, secret.
Status WineAgent::Connect() {
  if (stub_) return OkStatus();
  KAKUNIN_ASSIGN_OR_RETURN(auto text, Slurp(state_dir_ + "/agent.endpoint"));
  std::istringstream in(WithoutCr(text));
  std::string header, address, secret;
  std::getline(in, header);
  std::getline(in, address);
  std::getline(in, secret);
  if (header != kEndpointHeader || address.empty() || secret.empty()) {
    return MakeError(ErrorCode::kUnavailable, "test.endpoint", "endpoint file not complete yet");
  }
  token_ = CallerToken(secret);
  stub_ = v1::AgentLocal::NewStub(
      grpc::CreateChannel(address, grpc::experimental::LocalCredentials(LOCAL_TCP)));
  return OkStatus();
}

void WineAgent::Kill() {
  if (process_) process_->Kill();
  process_.reset();
  stub_.reset();
}

std::string WineAgent::ReadLog() const {
  auto text = Slurp(log_path_);
  return text.ok() ? WithoutCr(*text) : "";
}

std::string WineAgent::ReadAllLogs() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i) {
    auto text = Slurp(state_dir_ + "/../agent-" + std::to_string(i) + ".log");
    if (text.ok()) all += WithoutCr(*text);
  }
  return all;
}

Result<v1::AgentStatus> WineAgent::GetStatus() {
  KAKUNIN_RETURN_IF_ERROR(Connect());
  grpc::ClientContext ctx;
  ctx.AddMetadata(kSecretKey, token_);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::AgentStatus status;
  auto s = stub_->GetStatus(&ctx, v1::GetStatusRequest(), &status);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "test.agent_unreachable", "GetStatus");
  return status;
}

Result<v1::ListRecentResponse> WineAgent::ListRecent() {
  KAKUNIN_RETURN_IF_ERROR(Connect());
  grpc::ClientContext ctx;
  ctx.AddMetadata(kSecretKey, token_);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ListRecentResponse recent;
  auto s = stub_->ListRecent(&ctx, v1::ListRecentRequest(), &recent);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "test.agent_unreachable", "ListRecent");
  return recent;
}

Result<v1::AgentStatus> WineAgent::WaitStatus(
    const std::function<bool(const v1::AgentStatus&)>& condition,
    std::chrono::milliseconds timeout) {
  return WaitForAgentStatus([this] { return GetStatus(); }, condition, timeout);
}

}  // namespace kakunin::testing
