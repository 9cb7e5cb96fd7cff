#pragma once
// What the terminal-files watcher remembers of the names in the `res` folder, and which of them
// disappeared before they were read. Two sources tell it that a file is gone — a folder event
// and a listing that no longer has the name — and they arrive in either order; a read file must
// not count as vanished because its events were queued behind the listing that already dropped
// it. So a finished name is kept as a tombstone for `grace` after it left the listing, and each
// unread disappearance is reported exactly once, by whichever source sees it first. Pure (no I/O).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kakunin::agent {

class SeenFiles {
 public:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    uintmax_t size = 0;
    int64_t mtime_ns = 0;
    bool done = false;  // read and recorded, or deliberately passed over
    Clock::time_point first_failure{};
    bool failing = false;
    std::optional<Clock::time_point> missing_since;  // left the listing (done entries only)
  };

  explicit SeenFiles(std::chrono::milliseconds grace = std::chrono::seconds(30)) : grace_(grace) {}

  // The entry for a name that is being looked at (created if new).
  Entry& At(const std::string& name);
  // A folder event said `name` is gone. True when it went unread (not done) and was not
  // already reported by a listing; the name is forgotten either way.
  bool Gone(const std::string& name);
  // A complete listing of the folder. Returns the names that left it unread (each once);
  // finished names that left it are forgotten `grace` later.
  std::vector<std::string> Listed(const std::set<std::string>& names, Clock::time_point now);
  void Clear() { entries_.clear(); }
  size_t size() const { return entries_.size(); }

 private:
  std::chrono::milliseconds grace_;
  std::map<std::string, Entry> entries_;
};

}  // namespace kakunin::agent
