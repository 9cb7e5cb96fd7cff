#pragma once
// The daemon's live state, shared by the uplink, the reader monitor and the local API: one
// AgentStatus behind a mutex, with a version that WatchStatus streams wait on. The outbox
// warning is decided here, so every writer of the depth raises (and logs) it the same way.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "kakunin/v1/local.pb.h"

namespace kakunin::agent {

// Used until HQ's settings say otherwise (TerminalConfig.outbox_warn_depth = 0).
inline constexpr uint32_t kDefaultOutboxWarnDepth = 10000;

class StatusBoard {
 public:
  v1::AgentStatus Snapshot() const;
  uint64_t version() const;
  // Applies `change`; watchers wake when the status differs afterwards.
  void Update(const std::function<void(v1::AgentStatus&)>& change);
  // Sets the depth and the warning (depth above HQ's warn depth). Returns true when the warning
  // was just raised (the uplink tells HQ at once).
  bool SetDepth(uint64_t depth);
  // Waits until the version moves past `seen` or `deadline` passes; the current version.
  uint64_t WaitChange(uint64_t seen, std::chrono::steady_clock::time_point deadline) const;
  // Wakes every watcher (shutdown).
  void WakeAll();
  // The reader monitor has looked at the readers once. Until then the status says "no_reader"
  // (the counter's screen) but heartbeats say nothing of the reader, so that HQ does not count
  // every PC that has just started as one without a reader.
  void NoteReaderLooked();
  bool reader_looked() const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  v1::AgentStatus status_;
  uint64_t version_ = 1;
  bool reader_looked_ = false;
};

}  // namespace kakunin::agent
