#include "sim/oqs/face_deleter.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "sim/oqs/face_reader.h"
#include "sim/oqs/xml_support.h"

namespace kakunin::sim {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

Error DeleterError(ErrorCode code, const std::string& what) {
  return MakeError(code, "oqs.face_deleter", what);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Files seen appearing, each deleted `after` later (one delay for all, so the queue is in order).
class DeleteQueue {
 public:
  DeleteQueue(std::string dir, milliseconds after) : dir_(std::move(dir)), after_(after) {}
  void Add(const std::string& name) { queue_.emplace_back(Clock::now() + after_, name); }
  bool empty() const { return queue_.empty(); }
  int deleted() const { return deleted_; }

  void DeleteDue() {
    while (!queue_.empty() && queue_.front().first <= Clock::now()) {
      const fs::path path = fs::path(dir_) / queue_.front().second;
      // Gone already is fine: a receipt computer may have taken it first.
      if (::unlink(path.c_str()) == 0) {
        ++deleted_;
      } else if (errno != ENOENT) {
        std::cerr << "face-delete: " << path.string() << ": " << std::strerror(errno) << "\n";
      }
      queue_.pop_front();
    }
  }
  // poll() timeout: until the next deletion, -1 when there is none.
  int PollTimeoutMs() const {
    if (queue_.empty()) return -1;
    const auto left = queue_.front().first - Clock::now();
    return static_cast<int>(std::max<long long>(0, std::chrono::ceil<milliseconds>(left).count()));
  }
  // After an inotify overflow events were lost: take every face answer present now.
  void AddAllPresent() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      if (IsFaceAnswerName(e.path().filename().string())) Add(e.path().filename().string());
    }
  }

 private:
  std::string dir_;
  milliseconds after_;
  std::deque<std::pair<Clock::time_point, std::string>> queue_;
  int deleted_ = 0;
};

// Reads every queued inotify event (the fd is non-blocking).
Status ReadEvents(int fd, DeleteQueue* queue) {
  alignas(inotify_event) char buf[16 * 1024];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return OkStatus();
    if (n <= 0) return DeleterError(ErrorCode::kInternal, "inotify read failed");
    for (char* p = buf; p < buf + n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) queue->AddAllPresent();
      if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
        return DeleterError(ErrorCode::kUnavailable, "the watched folder went away");
      }
      if (ev->len > 0 && !(ev->mask & IN_ISDIR) && IsFaceAnswerName(ev->name)) {
        queue->Add(ev->name);
      }
    }
  }
}

// The watched loop: returns after the first signal once the queue is empty, or at a second one.
Status WatchLoop(int inotify_fd, int signal_fd, DeleteQueue* queue) {
  bool stopping = false;
  while (true) {
    queue->DeleteDue();
    if (stopping && queue->empty()) return OkStatus();
    pollfd fds[2] = {{inotify_fd, POLLIN, 0}, {signal_fd, POLLIN, 0}};
    if (::poll(fds, 2, queue->PollTimeoutMs()) < 0 && errno != EINTR) {
      return DeleterError(ErrorCode::kInternal, std::string("poll: ") + std::strerror(errno));
    }
    // Events before the signal: a file renamed into place before SIGTERM is already queued.
    if (!stopping) KAKUNIN_RETURN_IF_ERROR(ReadEvents(inotify_fd, queue));
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info;
      if (::read(signal_fd, &info, sizeof info) <= 0) continue;
      if (stopping) return OkStatus();  // asked twice: leave the rest
      stopping = true;
    }
  }
}

Status WaitForReadyLine(int fd, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string got;
  while (got.find('\n') == std::string::npos) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return DeleterError(ErrorCode::kDeadlineExceeded, "deleter never got ready");
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;  // timeout or EINTR: check again
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return DeleterError(ErrorCode::kUnavailable, "deleter exited before it was ready");
    if (n > 0) got.append(buf, static_cast<size_t>(n));
  }
  if (got.substr(0, got.find('\n')) != "ready") {
    return DeleterError(ErrorCode::kInternal, "unexpected line from the deleter: " + got);
  }
  return OkStatus();
}

}  // namespace

bool IsFaceAnswerName(const std::string& name) {
  return name.size() > kFaceAnswerPrefix.size() + 4 && name.rfind(kFaceAnswerPrefix, 0) == 0 &&
         name.compare(name.size() - 4, 4, ".xml") == 0;
}

Status RunFaceDeleter(const FaceDeleterOptions& o, const std::function<void()>& ready) {
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  sigprocmask(SIG_BLOCK, &sigs, nullptr);  // they arrive through the signalfd instead
  Fd signal_fd(::signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK));
  Fd inotify_fd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (signal_fd.get() < 0 || inotify_fd.get() < 0) {
    return DeleterError(ErrorCode::kInternal, std::string("setup: ") + std::strerror(errno));
  }
  const uint32_t mask = IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
  if (::inotify_add_watch(inotify_fd.get(), o.dir.c_str(), mask) < 0) {
    return MakeError(ErrorCode::kNotFound, "oqs.io",
                     o.dir + ": cannot watch: " + std::strerror(errno));
  }
  if (!o.pid_file.empty()) {
    KAKUNIN_RETURN_IF_ERROR(WriteFileAtomically(o.pid_file, std::to_string(::getpid()) + "\n"));
  }
  ready();
  DeleteQueue queue(o.dir, o.after);
  Status status = WatchLoop(inotify_fd.get(), signal_fd.get(), &queue);
  std::cerr << "face-delete: deleted " << queue.deleted() << " files\n";
  return status;
}

FaceDeleterProcess::~FaceDeleterProcess() { (void)Stop(); }

FaceDeleterProcess::FaceDeleterProcess(FaceDeleterProcess&& other) noexcept {
  *this = std::move(other);
}

FaceDeleterProcess& FaceDeleterProcess::operator=(FaceDeleterProcess&& other) noexcept {
  if (this != &other) {
    (void)Stop();
    pid_ = std::exchange(other.pid_, -1);
    after_ = other.after_;
  }
  return *this;
}

Result<FaceDeleterProcess> FaceDeleterProcess::Start(const std::string& dir, milliseconds after,
                                                     milliseconds ready_timeout) {
  std::vector<std::string> args = {
      "kakunin-oqs-sim", "face-delete", "--dir", dir, "--after-ms", std::to_string(after.count())};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return DeleterError(ErrorCode::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);  // the ready line comes back through the pipe
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the dropper
    if (::getppid() != parent) _exit(1);
    ::execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    return DeleterError(ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno));
  }
  FaceDeleterProcess p;
  p.pid_ = pid;
  p.after_ = after;
  Status ready = WaitForReadyLine(pipe_fds[0], ready_timeout);
  ::close(pipe_fds[0]);
  if (!ready.ok()) return ready.error();  // p's destructor stops it
  return p;
}

Status FaceDeleterProcess::Stop() {
  if (pid_ <= 0) return OkStatus();
  const pid_t pid = std::exchange(pid_, -1);
  ::kill(pid, SIGTERM);
  const auto deadline = Clock::now() + after_ + std::chrono::seconds(10);
  int status = 0;
  while (true) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return DeleterError(ErrorCode::kInternal, "waitpid failed");
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return DeleterError(ErrorCode::kDeadlineExceeded, "deleter did not stop; killed");
    }
    std::this_thread::sleep_for(milliseconds(5));  // bounded wait for its exit
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return DeleterError(ErrorCode::kInternal,
                        "deleter ended with status " + std::to_string(status));
  }
  return OkStatus();
}

}  // namespace kakunin::sim
