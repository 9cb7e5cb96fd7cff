#include "agent/daemon/seen_files.h"

namespace kakunin::agent {

SeenFiles::Entry& SeenFiles::At(const std::string& name) { return entries_[name]; }

bool SeenFiles::Gone(const std::string& name) {
  auto it = entries_.find(name);
  // Unknown: either finished and forgotten long ago, or reported when its appearance was looked
  // at (the add event always comes first).
  if (it == entries_.end()) return false;
  const bool unread = !it->second.done;
  entries_.erase(it);
  return unread;
}

std::vector<std::string> SeenFiles::Listed(const std::set<std::string>& names,
                                           Clock::time_point now) {
  std::vector<std::string> vanished;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    if (names.count(it->first) != 0) {
      e.missing_since.reset();
      ++it;
      continue;
    }
    if (!e.done) {
      vanished.push_back(it->first);
      it = entries_.erase(it);
      continue;
    }
    if (!e.missing_since) e.missing_since = now;
    if (now - *e.missing_since >= grace_) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  return vanished;
}

}  // namespace kakunin::agent
