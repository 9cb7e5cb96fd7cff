// kakunin_os on Windows: the helpers the agent's unit tests use (temp folders, ports, waiting).
// Child processes are not needed on Windows yet: Start and RunCommand say so.
#include <windows.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "common/os/files.h"
#include "common/os/process.h"

namespace kakunin::os {
namespace fs = std::filesystem;
namespace {

Error NotOnWindows() {
  return MakeError(ErrorCode::kUnimplemented, "os.no_child_processes",
                   "child processes are not supported on Windows yet");
}

void StartWinsock() {
  static std::once_flag once;
  std::call_once(once, [] {
    WSADATA data;
    ::WSAStartup(MAKEWORD(2, 2), &data);
  });
}

int BoundPort(SOCKET s) {
  sockaddr_in addr{};
  int len = sizeof addr;
  if (::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return ntohs(addr.sin_port);
}

SOCKET Bind(int port) {
  SOCKET s = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (s == INVALID_SOCKET) return s;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<u_short>(port));
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::closesocket(s);
    return INVALID_SOCKET;
  }
  return s;
}

}  // namespace

Process::~Process() = default;
Process::Process(Process&& other) noexcept = default;
Process& Process::operator=(Process&& other) noexcept = default;
Result<Process> Process::Start(ProcessOptions) { return NotOnWindows(); }
bool Process::running() { return false; }
int Process::Stop(std::chrono::milliseconds) { return -1; }
int Process::Kill() { return -1; }
void Process::Signal(int) {}
std::optional<int> Process::Wait(std::chrono::milliseconds) { return std::nullopt; }
std::string Process::ReadLog() const { return ""; }

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

bool TcpPortOpen(int port) {
  StartWinsock();
  SOCKET s = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (s == INVALID_SOCKET) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<u_short>(port));
  const bool open = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::closesocket(s);
  return open;
}

int FreeTcpPort() {
  StartWinsock();
  SOCKET s = Bind(0);
  if (s == INVALID_SOCKET) return -1;
  const int port = BoundPort(s);
  ::closesocket(s);
  return port;
}

int FreeTcpPortPair() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int port = FreeTcpPort();
    if (port <= 0 || port >= 65535) continue;
    SOCKET s = Bind(port + 1);
    if (s == INVALID_SOCKET) continue;
    ::closesocket(s);
    return port;
  }
  return -1;
}

std::string MakeTempDir(const std::string& prefix) {
  std::random_device rd;
  const fs::path base = fs::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path dir = base / (prefix + "-" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(dir, ec)) return PathToUtf8(dir);
  }
  return "";
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(PathFromUtf8(path), ec);
}

int DecodeStatus(int wait_status) { return wait_status; }

Result<CommandOutput> RunCommand(const std::vector<std::string>&,
                                 const std::map<std::string, std::string>&, const std::string&,
                                 bool, std::chrono::milliseconds) {
  return NotOnWindows();
}

}  // namespace kakunin::os
