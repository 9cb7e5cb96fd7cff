#include "common/os/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace kakunin::os {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> MergedEnv(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) all[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : all) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

int DecodeStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

Process::~Process() {
  if (pid_ > 0 && !exit_status_) Stop();
}

Process::Process(Process&& other) noexcept { *this = std::move(other); }

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !exit_status_) Stop();
    pid_ = other.pid_;
    exit_status_ = other.exit_status_;
    options_ = std::move(other.options_);
    other.pid_ = -1;
    other.exit_status_.reset();
  }
  return *this;
}

Result<Process> Process::Start(ProcessOptions options) {
  if (options.argv.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "process.no_argv", "empty argv");
  }
  std::vector<std::string> argv = options.argv;
  std::vector<std::string> env = MergedEnv(options.env);
  auto c_argv = CStrings(argv);
  auto c_env = CStrings(env);

  int log_fd = -1;
  if (!options.log_path.empty()) {
    log_fd = ::open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      return MakeError(ErrorCode::kInternal, "process.log_open",
                       "cannot open " + options.log_path + ": " + std::strerror(errno));
    }
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    if (log_fd >= 0) ::close(log_fd);
    return MakeError(ErrorCode::kInternal, "process.fork", std::strerror(errno));
  }
  if (pid == 0) {
    // Own process group, so that a test runner's Ctrl-C does not race our own shutdown.
    ::setpgid(0, 0);
    if (log_fd >= 0) {
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) _exit(126);
    if (options.gid) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(*options.gid) != 0) _exit(126);
    }
    if (options.uid && ::setuid(*options.uid) != 0) _exit(126);
    // After setuid: a credential change clears the parent-death signal.
    if (options.parent_death_signal != 0) ::prctl(PR_SET_PDEATHSIG, options.parent_death_signal);
    ::execvpe(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  if (log_fd >= 0) ::close(log_fd);
  Process p;
  p.pid_ = pid;
  p.options_ = std::move(options);
  return p;
}

bool Process::running() {
  if (pid_ <= 0 || exit_status_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = DecodeStatus(status);
    return false;
  }
  return r == 0;
}

std::optional<int> Process::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_status_;
  auto deadline = Clock::now() + timeout;
  while (!exit_status_) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_status_ = DecodeStatus(status);
      break;
    }
    if (r < 0) {
      exit_status_ = -1;
      break;
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return exit_status_;
}

void Process::Signal(int sig) {
  if (pid_ > 0 && !exit_status_) ::kill(pid_, sig);
}

int Process::Stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return -1;
  if (exit_status_) return *exit_status_;
  ::kill(pid_, options_.stop_signal);
  if (auto s = Wait(grace)) return *s;
  return Kill();
}

int Process::Kill() {
  if (pid_ <= 0) return -1;
  if (exit_status_) return *exit_status_;
  ::kill(pid_, SIGKILL);
  auto s = Wait(std::chrono::seconds(30));
  return s.value_or(-1);
}

std::string Process::ReadLog() const {
  if (options_.log_path.empty()) return "";
  std::ifstream in(options_.log_path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool TcpPortOpen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

namespace {
int BindPort(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int got = ntohs(addr.sin_port);
  ::close(fd);
  return got;
}
}  // namespace

int FreeTcpPort() { return BindPort(0); }

int FreeTcpPortPair() {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int p = BindPort(0);
    if (p > 0 && p < 65535 && BindPort(p + 1) == p + 1) return p;
  }
  return -1;
}

std::string MakeTempDir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  char* dir = ::mkdtemp(buf.data());
  return dir ? std::string(dir) : std::string();
}

void RemoveTree(const std::string& path) {
  if (path.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

Result<CommandOutput> RunCommand(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env,
                                 const std::string& stdin_data, bool merge_stderr,
                                 std::chrono::milliseconds timeout) {
  if (argv.empty()) return MakeError(ErrorCode::kInvalidArgument, "process.no_argv", "empty argv");
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kInternal, "process.pipe", std::strerror(errno));
  }
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    int e = errno;
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return MakeError(ErrorCode::kInternal, "process.pipe", std::strerror(e));
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    int e = errno;
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
    return MakeError(ErrorCode::kInternal, "process.pipe", std::strerror(e));
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = MergedEnv(env);
  auto c_argv = CStrings(args);
  auto c_env = CStrings(envs);
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      ::close(fd);
    }
    return MakeError(ErrorCode::kInternal, "process.fork", std::strerror(e));
  }
  if (pid == 0) {
    ::dup2(in_pipe[0], STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(merge_stderr ? out_pipe[1] : err_pipe[1], STDERR_FILENO);
    ::execvpe(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  // Small inputs only (PINs, short documents, SQL): fits in the pipe buffer. A child that exits
  // without reading gives EPIPE, which is its business (its exit status says what happened).
  size_t written = 0;
  while (written < stdin_data.size()) {
    ssize_t n = ::write(in_pipe[1], stdin_data.data() + written, stdin_data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  ::close(in_pipe[1]);

  // Both pipes are drained until EOF (a child writing much to stderr must not block on a full
  // pipe while we wait on stdout). Any read error other than EINTR is reported, never taken as
  // "the child printed nothing".
  CommandOutput result;
  auto deadline = Clock::now() + timeout;
  char buf[4096];
  bool timed_out = false;
  std::optional<Error> io_error;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.output, &result.error_output};
  int open_fds = 2;
  while (open_fds > 0 && !io_error) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int r = ::poll(fds, 2, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      io_error = MakeError(ErrorCode::kInternal, "process.poll", std::strerror(errno));
      break;
    }
    if (r == 0) continue;  // the deadline check above decides
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (fds[i].revents & POLLNVAL) {
        io_error = MakeError(ErrorCode::kInternal, "process.pipe_closed",
                             "a pipe to the child was closed under us");
        break;
      }
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) {
        io_error = MakeError(ErrorCode::kInternal, "process.read", std::strerror(errno));
        break;
      }
      if (n == 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_fds;
        continue;
      }
      sinks[i]->append(buf, static_cast<size_t>(n));
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  if (timed_out || io_error) ::kill(pid, SIGKILL);
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (timed_out) {
    return MakeError(ErrorCode::kDeadlineExceeded, "process.timeout",
                     "command timed out: " + argv.front());
  }
  if (io_error) return *io_error;
  if (waited != pid) {
    // Someone else reaped our child: its exit status is unknown, so success cannot be claimed.
    return MakeError(
        ErrorCode::kInternal, "process.wait",
        "cannot learn the exit status of " + argv.front() + ": " + std::strerror(errno));
  }
  result.exit_code = DecodeStatus(status);
  return result;
}

}  // namespace kakunin::os
