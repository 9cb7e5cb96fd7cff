#pragma once
// Files and folders where Linux and Windows differ: facts about a file, bounded reads that do not
// get in the way of other programs, durable replacement, restricting a folder to the agent.
// Paths are UTF-8 everywhere (on Windows they become UTF-16 here, at the seam).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::os {

// UTF-8 text <-> a path. On Linux the bytes as they are. On Windows std::filesystem would read a
// char string in the ANSI code page (CP932 on a Japanese system), so non-ASCII folder names need
// these at the seam.
inline std::filesystem::path PathFromUtf8(const std::string& utf8) {
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}
inline std::string PathToUtf8(const std::filesystem::path& path) {
  const std::u8string u8 = path.u8string();
  return std::string(u8.begin(), u8.end());
}

struct FileFacts {
  bool regular = false;
  uintmax_t size = 0;
  int64_t mtime_ns = 0;   // last write, nanoseconds since the Unix epoch
  uint64_t identity = 0;  // inode (Linux) / file index (Windows): a replaced file differs
};

// Facts about the file at `path` (following links); nullopt when it cannot be read.
std::optional<FileFacts> StatFile(const std::string& path);

// Up to `max_bytes` + 1 bytes of a regular file, so a caller can tell "too large". Never blocks
// on a FIFO or device; on Windows the file is opened with full sharing (read, write, delete), so
// the program that owns it may still rename or delete it while we read. `not_found` is set when
// the file is absent (a vanished file is not a failure for folder watchers).
Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes,
                                    bool* not_found = nullptr);

// 0600 / 0644 / 0640 on Linux. kGroupReadable is for patient data another program must read
// (the 資格確認端末's requests, the receipt computer's hand-off): readable by the folder's
// group when the folder is setgid to it, not by every account of the PC. Windows: the folder's
// access list, whatever the kind.
enum class FileAccess { kOwnerOnly, kReadable, kGroupReadable };
// Atomic and durable: a temp file written and flushed, then renamed over `path` (MoveFileEx with
// replace and write-through on Windows), then the folder synced where that exists.
Status WriteFileDurable(const std::string& path, const std::string& data, FileAccess access);
// Creates `path`, which must not exist yet, and writes `data` to it. Never follows a link at
// `path` nor opens what is already there: for folders other programs write in (the
// 資格確認端末's req/res, a hand-off folder), where a planted link must not make us write over
// a file of our own. Fails with file.exists when something is at `path`.
Status WriteNewFile(const std::string& path, std::string_view data, FileAccess access);
// Makes a completed rename in `dir` durable (fsync of the folder; nothing to do on Windows).
void SyncDirectory(const std::string& dir);
// The agent's own folder: 0700 on Linux. On Windows the folder's ACL is set by the installer
// (service install), so nothing is done here.
void RestrictDirectory(const std::string& dir);
// Files this process creates from now on are its own (umask 0077; nothing on Windows).
void RestrictNewFiles();
// The name of the user who owns `dir`, when this process runs as root and `dir` exists and is
// another user's (a service's folder): what root would leave there, that user could not read.
// Nothing otherwise, and always nothing on Windows.
std::optional<std::string> OtherOwnerIfRoot(const std::string& dir);

// Held while one process alone may work on a folder (the agent's state: two daemons on one
// outbox would both send it, and the second took the first one's socket). Released when
// destroyed or when the process ends, however it ends.
class InstanceLock {
 public:
  // Takes the lock on `path` (created if missing). Fails with os.locked when another process
  // holds it.
  static Result<std::unique_ptr<InstanceLock>> Take(const std::string& path);
  ~InstanceLock();
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  explicit InstanceLock(intptr_t handle) : handle_(handle) {}
  intptr_t handle_;  // a file descriptor (Linux) or a HANDLE (Windows)
};

// The current process id (a unique name for a probe file).
int64_t ProcessId();
// This machine's name and "sysname release" (Linux 6.1.0-…, Windows 10.0.19045).
std::string HostName();
std::string OsDescription();

}  // namespace kakunin::os
