#include "tests/harness/card/pcscd_instance.h"

#include <PCSC/winscard.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace kakunin::testing {
namespace {

bool PcscdSocketAnswers() {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, kPcscdSocket, sizeof(addr.sun_path) - 1);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

// True when a socket is in LISTEN state on `port` (any local address). Read from /proc so that
// the check does not connect: a probe connection would look like a card to vpcd.
bool TcpPortListening(int port) {
  char wanted[8];
  std::snprintf(wanted, sizeof(wanted), ":%04X", port);
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == "0A" && local.size() > 5 && local.ends_with(wanted)) return true;
    }
  }
  return false;
}

std::vector<std::string> ListReaders() {
  SCARDCONTEXT ctx = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx) != SCARD_S_SUCCESS) {
    return {};
  }
  DWORD size = 0;
  std::vector<std::string> out;
  if (SCardListReaders(ctx, nullptr, nullptr, &size) == SCARD_S_SUCCESS && size > 0) {
    std::string buffer(size, '\0');
    if (SCardListReaders(ctx, nullptr, buffer.data(), &size) == SCARD_S_SUCCESS) {
      for (const char* p = buffer.c_str(); *p; p += std::strlen(p) + 1) out.emplace_back(p);
    }
  }
  SCardReleaseContext(ctx);
  return out;
}

bool HasReaders(const std::vector<std::string>& wanted) {
  const auto readers = ListReaders();
  for (const auto& name : wanted) {
    bool found = false;
    for (const auto& reader : readers) found = found || reader == name;
    if (!found) return false;
  }
  return true;
}

}  // namespace

Status CheckNoOtherPcscd() {
  if (!PcscdSocketAnswers()) return OkStatus();
  std::string pid;
  std::ifstream("/run/pcscd/pcscd.pid") >> pid;
  return MakeError(ErrorCode::kFailedPrecondition, "pcscd.already_running",
                   std::string("another pcscd answers on ") + kPcscdSocket +
                       (pid.empty() ? "" : " (pid " + pid + ")") +
                       "; stop it (systemctl stop pcscd.socket pcscd) — tests that start pcscd "
                       "must run alone (CTest RESOURCE_LOCK pcscd)");
}

Result<std::unique_ptr<PcscdLock>> PcscdLock::Acquire(std::chrono::milliseconds timeout) {
  int fd = ::open(kPcscdLockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable, "pcscd.lock",
                     std::string("cannot open ") + kPcscdLockFile + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0666);  // other users' tests share it
  std::unique_ptr<PcscdLock> lock(new PcscdLock(fd));
  if (!WaitFor([fd] { return ::flock(fd, LOCK_EX | LOCK_NB) == 0; }, timeout)) {
    return MakeError(ErrorCode::kDeadlineExceeded, "pcscd.lock",
                     std::string("another test holds ") + kPcscdLockFile + " for too long");
  }
  return lock;
}

PcscdLock::~PcscdLock() { ::close(fd_); }

Result<std::unique_ptr<PcscdInstance>> PcscdInstance::Start(PcscdOptions options) {
  std::unique_ptr<PcscdInstance> instance(new PcscdInstance());
  // Serialise with other tests on this machine (other ctest runs do not see our RESOURCE_LOCK).
  KAKUNIN_ASSIGN_OR_RETURN(instance->lock_, PcscdLock::Acquire(options.lock_timeout));
  // A pcscd started outside this harness may be finishing; give it a short while.
  WaitFor([] { return !PcscdSocketAnswers(); }, options.foreign_pcscd_timeout);
  KAKUNIN_RETURN_IF_ERROR(CheckNoOtherPcscd());
  instance->dir_ = MakeTempDir("kakunin-pcscd");
  instance->base_port_ = FreeTcpPortPair();
  const std::string conf_dir = instance->dir_ + "/reader.conf.d";
  ::mkdir(conf_dir.c_str(), 0755);
  {
    char port_hex[16];
    std::snprintf(port_hex, sizeof(port_hex), "0x%04X", instance->base_port_);
    std::ofstream conf(conf_dir + "/vpcd");
    conf << "FRIENDLYNAME \"Virtual PCD\"\n"
         << "DEVICENAME   /dev/null:" << port_hex << "\n"
         << "LIBPATH      " << kVpcdDriver << "\n"
         << "CHANNELID    " << port_hex << "\n";
    if (!conf) {
      return MakeError(ErrorCode::kInternal, "pcscd.config", "cannot write " + conf_dir);
    }
  }
  ProcessOptions process;
  process.argv = {options.binary, "-f", "-c", conf_dir};
  if (options.apdu_log) process.argv.push_back("-a");
  if (options.debug) process.argv.push_back("-d");
  process.log_path = instance->dir_ + "/pcscd.log";
  process.parent_death_signal = SIGTERM;  // never outlive a crashed test
  KAKUNIN_ASSIGN_OR_RETURN(instance->process_, Process::Start(std::move(process)));

  PcscdInstance* self = instance.get();
  const bool ready = WaitFor(
      [self] {
        return !self->process_.running() ||
               (TcpPortListening(self->port(0)) && TcpPortListening(self->port(1)) &&
                HasReaders({self->reader_name(0), self->reader_name(1)}));
      },
      options.start_timeout);
  if (!ready || !self->process_.running()) {
    const std::string log = self->process_.ReadLog();
    return MakeError(ErrorCode::kUnavailable, "pcscd.start",
                     std::string(ready ? "pcscd exited" : "pcscd not ready in time") +
                         " (vpcd ports " + std::to_string(self->port(0)) + "/" +
                         std::to_string(self->port(1)) + "); log: " + log.substr(0, 2000));
  }
  return instance;
}

PcscdInstance::~PcscdInstance() {
  Stop();
  if (!dir_.empty() && std::getenv("KAKUNIN_KEEP_TEST_DIRS") == nullptr) RemoveTree(dir_);
  // lock_ is released after pcscd has exited (member order).
}

int PcscdInstance::Stop() {
  if (stopped_ || process_.pid() <= 0) return 0;
  stopped_ = true;
  const int status = DecodeStatus(process_.Stop());
  // pcscd removes its socket on a clean exit. If it was killed, the socket file is ours (no
  // other pcscd answered when we started) and would make the next pcscd refuse to start.
  if (::access(kPcscdSocket, F_OK) == 0 && !PcscdSocketAnswers()) {
    ::unlink(kPcscdSocket);
    std::string pid;
    std::ifstream("/run/pcscd/pcscd.pid") >> pid;
    if (pid == std::to_string(process_.pid())) ::unlink("/run/pcscd/pcscd.pid");
  }
  return status;
}

std::string PcscdInstance::reader_name(int slot) const {
  return slot == 0 ? "Virtual PCD 00 00" : "Virtual PCD 00 01";
}

Status PcscdInstance::WaitForCard(int slot, bool present, std::chrono::milliseconds timeout) const {
  SCARDCONTEXT ctx = 0;
  if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx) != SCARD_S_SUCCESS) {
    return MakeError(ErrorCode::kUnavailable, "pcscd.context", "SCardEstablishContext failed");
  }
  const std::string reader = reader_name(slot);
  const bool ok = WaitFor(
      [&] {
        SCARD_READERSTATE state{};
        state.szReader = reader.c_str();
        state.dwCurrentState = SCARD_STATE_UNAWARE;
        if (SCardGetStatusChange(ctx, 0, &state, 1) != SCARD_S_SUCCESS) return false;
        const bool has_card = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
        return has_card == present;
      },
      timeout);
  SCardReleaseContext(ctx);
  if (ok) return OkStatus();
  return MakeError(ErrorCode::kDeadlineExceeded, "pcscd.card_wait",
                   reader + (present ? ": no card appeared" : ": the card did not leave"));
}

}  // namespace kakunin::testing
