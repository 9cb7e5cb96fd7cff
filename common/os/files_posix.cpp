#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/os/files.h"

namespace kakunin::os {

std::optional<FileFacts> StatFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  FileFacts f;
  f.regular = S_ISREG(st.st_mode);
  f.size = static_cast<uintmax_t>(st.st_size);
  f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  f.identity = static_cast<uint64_t>(st.st_ino);
  return f;
}

Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes, bool* not_found) {
  if (not_found) *not_found = false;
  // O_NONBLOCK: a FIFO at the path must not hang the caller; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (not_found) *not_found = err == ENOENT;
    return MakeError(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                     "file.unreadable", path + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "file.unreadable", path + ": not a regular file");
  }
  std::string buf(max_bytes + 1, '\0');
  size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  buf.resize(got);
  return buf;
}

namespace {

// Creates `path` (never through what is already there), writes all of `data`, flushed to disk
// when `durable`; a file it could not finish is removed.
Status CreateAndWrite(const std::string& path, std::string_view data, FileAccess access,
                      bool durable) {
  const mode_t mode = access == FileAccess::kOwnerOnly       ? 0600
                      : access == FileAccess::kGroupReadable ? 0640
                                                             : 0644;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    const int err = errno;
    return MakeError(err == EEXIST ? ErrorCode::kAlreadyExists : ErrorCode::kUnavailable,
                     err == EEXIST ? "file.exists" : "file.unwritable",
                     path + ": " + std::strerror(err));
  }
  size_t put = 0;
  while (put < data.size()) {
    const ssize_t n = ::write(fd, data.data() + put, data.size() - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    put += static_cast<size_t>(n);
  }
  const bool written = put == data.size() && (!durable || ::fsync(fd) == 0);
  if (::close(fd) != 0 || !written) {
    ::unlink(path.c_str());
    return MakeError(ErrorCode::kUnavailable, "file.unwritable", "cannot write " + path);
  }
  return OkStatus();
}

}  // namespace

Status WriteNewFile(const std::string& path, std::string_view data, FileAccess access) {
  return CreateAndWrite(path, data, access, /*durable=*/false);
}

Status WriteFileDurable(const std::string& path, const std::string& data, FileAccess access) {
  const std::string tmp = path + ".tmp";
  // A leftover temp file (a crash between write and rename) is replaced, never reopened: what is
  // at that name, a link included, is not ours to write through.
  ::unlink(tmp.c_str());
  if (!CreateAndWrite(tmp, data, access, /*durable=*/true).ok() ||
      ::rename(tmp.c_str(), path.c_str()) != 0) {
    return MakeError(ErrorCode::kInternal, "agent.write", "cannot write " + path);
  }
  SyncDirectory(std::filesystem::path(path).parent_path().string());
  return OkStatus();
}

void SyncDirectory(const std::string& dir) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

void RestrictDirectory(const std::string& dir) { ::chmod(dir.c_str(), 0700); }

void RestrictNewFiles() { ::umask(0077); }

int64_t ProcessId() { return ::getpid(); }

std::string HostName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

Result<std::unique_ptr<InstanceLock>> InstanceLock::Take(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable, "os.lock_failed",
                     "cannot open " + path + ": " + std::strerror(errno));
  }
  // flock, not fcntl: it belongs to this open file, so nothing else in the process (SQLite's
  // own locks on other files) can drop it by closing a descriptor.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return MakeError(ErrorCode::kAlreadyExists, "os.locked",
                       path + " is held by another process");
    }
    return MakeError(ErrorCode::kUnavailable, "os.lock_failed",
                     "cannot lock " + path + ": " + std::strerror(err));
  }
  return std::unique_ptr<InstanceLock>(new InstanceLock(fd));
}

InstanceLock::~InstanceLock() { ::close(static_cast<int>(handle_)); }

std::string OsDescription() {
  utsname u{};
  if (::uname(&u) != 0) return "";
  return std::string(u.sysname) + " " + u.release;
}

std::optional<std::string> OtherOwnerIfRoot(const std::string& dir) {
  if (::geteuid() != 0) return std::nullopt;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || st.st_uid == 0) return std::nullopt;
  const passwd* pw = ::getpwuid(st.st_uid);
  return pw ? std::string(pw->pw_name) : std::to_string(st.st_uid);
}

}  // namespace kakunin::os
