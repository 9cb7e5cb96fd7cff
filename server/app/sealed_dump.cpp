#include "server/app/sealed_dump.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>

#include "common/os/files.h"

namespace kakunin::server {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kMagic = "KAKUNIN-SEALED-DUMP-1\n";
constexpr size_t kChunk = 1 << 20;
// A box is its chunk plus nonce and tag; anything longer is not ours.
constexpr uint32_t kMaxBox = kChunk + 64;

Error Damaged(const std::string& message) {
  return MakeError(ErrorCode::kDataLoss, "restore.damaged", message);
}

// Our own file (the sealed dump): its failure is the cause, whatever the tool says after it.
Error Io(const std::string& what, int err) {
  return MakeError(ErrorCode::kUnavailable, "backup.io", what + ": " + std::strerror(err));
}

// The FIFO between us and the tool: its failure is explained by the tool's own error.
Error Pipe(const std::string& what, int err) {
  return MakeError(ErrorCode::kUnavailable, "backup.pipe", what + ": " + std::strerror(err));
}

Bytes Aad(uint64_t index, bool last) {
  return ToBytes("database.dump|" + std::to_string(index) + "|" + (last ? "1" : "0"));
}

// A FIFO in a fresh folder only this user can enter; removed with the object.
class Fifo {
 public:
  static Result<Fifo> Make() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/kakunin-dump-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return Io("mkdtemp " + pattern, errno);
    Fifo f;
    f.dir_ = pattern;
    f.path_ = pattern + "/dump";
    if (::mkfifo(f.path_.c_str(), 0600) != 0) return Io("mkfifo " + f.path_, errno);
    return f;
  }
  Fifo() = default;
  Fifo(Fifo&& o) noexcept : dir_(std::move(o.dir_)), path_(std::move(o.path_)) { o.dir_.clear(); }
  Fifo& operator=(Fifo&&) = delete;
  ~Fifo() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status WriteAll(int fd, const uint8_t* data, size_t size, const std::string& what,
                bool pipe = false) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return pipe ? Pipe(what, errno) : Io(what, errno);
    data += n;
    size -= static_cast<size_t>(n);
  }
  return OkStatus();
}

// Reads exactly `size` bytes; false at the end of the file before any of them.
Result<bool> ReadExactly(int fd, uint8_t* data, size_t size, const std::string& what) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Io(what, errno);
    if (n == 0) {
      if (got == 0) return false;
      return Damaged(what + " ends in the middle of a record");
    }
    got += static_cast<size_t>(n);
  }
  return true;
}

// Runs `tool` on the FIFO while `feed` works the other end on a thread of its own; the feed
// learns through `tool_done` that nobody will open the FIFO any more.
Status WithFifo(const DumpTool& tool,
                const std::function<Status(const std::string&, const std::atomic<bool>&)>& feed) {
  KAKUNIN_ASSIGN_OR_RETURN(Fifo fifo, Fifo::Make());
  std::atomic<bool> tool_done{false};
  Status fed = OkStatus();
  std::thread feeder([&] { fed = feed(fifo.path(), tool_done); });
  Status ran = tool(fifo.path());
  tool_done = true;
  feeder.join();
  // A damaged stream or our own file's failure (a full disk) explains the tool's ("unexpected
  // end of file", a broken pipe); a pipe the tool closed is explained by the tool's own error.
  if (!ran.ok() && (fed.ok() || fed.error().reason() == "backup.pipe")) return ran;
  if (!fed.ok()) return fed;
  return ran;
}

}  // namespace

Status DumpSealed(const DumpTool& dump, const Sealer& sealer, const std::string& out) {
  Fd file;
  file.fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (file.fd < 0) return Io("open " + out, errno);
  // Before the tool starts: a feed that failed before any read would leave pg_dump waiting
  // for a reader for ever.
  KAKUNIN_RETURN_IF_ERROR(
      WriteAll(file.fd, reinterpret_cast<const uint8_t*>(kMagic.data()), kMagic.size(), out));
  auto feed = [&](const std::string& fifo, const std::atomic<bool>& tool_done) -> Status {
    // Non-blocking open: it returns at once, so a pg_dump that fails before it opens the FIFO
    // cannot leave this thread waiting for ever.
    Fd in;
    in.fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (in.fd < 0) return Pipe("open " + fifo, errno);
    Bytes chunk;
    chunk.reserve(kChunk);
    uint64_t index = 0;
    auto emit = [&](bool last) -> Status {
      KAKUNIN_ASSIGN_OR_RETURN(Bytes box, sealer.Seal(chunk, Aad(index++, last)));
      OPENSSL_cleanse(chunk.data(), chunk.size());
      chunk.clear();
      const uint32_t n = static_cast<uint32_t>(box.size());
      const uint8_t head[5] = {static_cast<uint8_t>(last ? 1 : 0), static_cast<uint8_t>(n >> 24),
                               static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8),
                               static_cast<uint8_t>(n)};
      KAKUNIN_RETURN_IF_ERROR(WriteAll(file.fd, head, sizeof head, out));
      return WriteAll(file.fd, box.data(), box.size(), out);
    };
    uint8_t buf[64 * 1024];
    bool done = false;
    while (!done) {
      pollfd p{in.fd, POLLIN, 0};
      // A bounded wait, so the end of a pg_dump that never opened the FIFO is seen.
      int r = ::poll(&p, 1, 100);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return Pipe("poll " + fifo, errno);
      const bool last_look = r == 0 && tool_done.load();
      if (r == 0 && !last_look) continue;
      for (;;) {
        ssize_t n = ::read(in.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;  // the writer is still there
        if (n < 0) return Pipe("read " + fifo, errno);
        if (n == 0) {
          // No writer: gone after writing (POLLHUP), or never came and the tool has ended.
          done = (p.revents & POLLHUP) != 0 || last_look;
          break;
        }
        // Records hold exactly kChunk bytes but the last: a read may end anywhere.
        for (size_t off = 0; off < static_cast<size_t>(n);) {
          const size_t take = std::min(static_cast<size_t>(n) - off, kChunk - chunk.size());
          chunk.insert(chunk.end(), buf + off, buf + off + take);
          off += take;
          if (chunk.size() == kChunk) KAKUNIN_RETURN_IF_ERROR(emit(false));
        }
      }
      if (last_look) done = true;
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return emit(true);
  };
  Status s = WithFifo(dump, feed);
  if (s.ok() && ::fsync(file.fd) != 0) s = Io("fsync " + out, errno);
  return s;
}

namespace {

// Opens `in` record by record, handing each record's bytes to `take`; false from `take` stops.
Status ForEachRecord(const Sealer& sealer, int fd, const std::string& in,
                     const std::function<Status(const Bytes&)>& take) {
  for (uint64_t index = 0;; ++index) {
    uint8_t rec[5];
    KAKUNIN_ASSIGN_OR_RETURN(bool more, ReadExactly(fd, rec, sizeof rec, in));
    if (!more) return Damaged(in + " is cut off: its last record is missing");
    const bool last = rec[0] == 1;
    const uint32_t n = (uint32_t{rec[1]} << 24) | (uint32_t{rec[2]} << 16) |
                       (uint32_t{rec[3]} << 8) | uint32_t{rec[4]};
    if (rec[0] > 1 || n > kMaxBox) {
      return Damaged(in + ": record " + std::to_string(index) + " is not a sealed dump's");
    }
    Bytes box(n);
    KAKUNIN_ASSIGN_OR_RETURN(bool whole, ReadExactly(fd, box.data(), n, in));
    if (!whole && n > 0) return Damaged(in + " is cut off");
    auto plain = sealer.Open("backup", box, Aad(index, last));
    if (!plain.ok()) {
      return Damaged(in + ": record " + std::to_string(index) +
                     " does not open (changed, moved, or of another backup)");
    }
    Status s = take(*plain);
    OPENSSL_cleanse(plain->data(), plain->size());
    KAKUNIN_RETURN_IF_ERROR(s);
    if (last) return OkStatus();
  }
}

// The file, past its magic line; "restore.sealed_dump_unreadable" when it has none.
Status OpenSealedFile(const std::string& in, Fd& file) {
  file.fd = ::open(in.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) return Io("open " + in, errno);
  std::string magic(kMagic.size(), '\0');
  auto head = ReadExactly(file.fd, reinterpret_cast<uint8_t*>(magic.data()), magic.size(), in);
  if (!head.ok()) return head.error();
  if (!*head || magic != kMagic) {
    return MakeError(ErrorCode::kInvalidArgument, "restore.sealed_dump_unreadable",
                     in + " is not a sealed dump");
  }
  return OkStatus();
}

}  // namespace

Status CheckSealed(const Sealer& sealer, const std::string& in) {
  Fd file;
  KAKUNIN_RETURN_IF_ERROR(OpenSealedFile(in, file));
  return ForEachRecord(sealer, file.fd, in, [](const Bytes&) { return OkStatus(); });
}

Status RestoreSealed(const DumpTool& restore, const Sealer& sealer, const std::string& in) {
  Fd file;
  KAKUNIN_RETURN_IF_ERROR(OpenSealedFile(in, file));
  auto feed = [&](const std::string& fifo, const std::atomic<bool>& tool_done) -> Status {
    // The tool opens its end when it is ready; it may also fail first and never open it.
    Fd out;
    while ((out.fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
      if (errno != ENXIO) return Pipe("open " + fifo, errno);
      if (tool_done.load()) return OkStatus();  // the tool's own error says why
      ::poll(nullptr, 0, 50);
    }
    ::fcntl(out.fd, F_SETFL, ::fcntl(out.fd, F_GETFL) & ~O_NONBLOCK);
    return ForEachRecord(sealer, file.fd, in, [&](const Bytes& plain) {
      return WriteAll(out.fd, plain.data(), plain.size(), "pg_restore's input", /*pipe=*/true);
    });
  };
  return WithFifo(restore, feed);
}

}  // namespace kakunin::server
