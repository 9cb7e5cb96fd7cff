#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/os/folder_watch.h"

namespace kakunin::os {
namespace {

class InotifyWatcher final : public FolderWatcher {
 public:
  InotifyWatcher()
      : inotify_fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)),
        wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~InotifyWatcher() override {
    for (int fd : {inotify_fd_, wake_fd_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  Status Watch(const std::string& dir) override {
    Unwatch();
    if (inotify_fd_ < 0) {
      return MakeError(ErrorCode::kUnavailable, "folder.watch", "inotify is not available");
    }
    watch_ = ::inotify_add_watch(inotify_fd_, dir.c_str(),
                                 IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE |
                                     IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF);
    if (watch_ < 0) return MakeError(ErrorCode::kUnavailable, "folder.watch", std::strerror(errno));
    return OkStatus();
  }

  void Unwatch() override {
    if (watch_ >= 0) ::inotify_rm_watch(inotify_fd_, watch_);
    watch_ = -1;
  }

  bool watching() const override { return watch_ >= 0; }

  std::vector<FolderEvent> Drain() override {
    std::vector<FolderEvent> events;
    alignas(inotify_event) char buf[16384];
    while (watch_ >= 0) {
      const ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t off = 0; off < n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
        off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
          watch_ = -1;
          events.push_back({FolderEvent::Kind::kFolderGone, ""});
          continue;
        }
        if (ev->len == 0) continue;
        const bool gone = ev->mask & (IN_DELETE | IN_MOVED_FROM);
        events.push_back({gone ? FolderEvent::Kind::kGone : FolderEvent::Kind::kChanged, ev->name});
      }
    }
    return events;
  }

  void Wait(std::chrono::milliseconds timeout) override {
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
    ::poll(fds, watch_ >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
  }

  void Wake() override {
    uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
  }

 private:
  int inotify_fd_;
  int wake_fd_;
  int watch_ = -1;
};

}  // namespace

std::unique_ptr<FolderWatcher> FolderWatcher::Create() {
  return std::make_unique<InotifyWatcher>();
}

}  // namespace kakunin::os
