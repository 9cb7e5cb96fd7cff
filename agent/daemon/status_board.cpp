#include "agent/daemon/status_board.h"

#include <google/protobuf/util/message_differencer.h>
#include <spdlog/spdlog.h>

namespace kakunin::agent {

v1::AgentStatus StatusBoard::Snapshot() const {
  std::lock_guard lock(mu_);
  return status_;
}

uint64_t StatusBoard::version() const {
  std::lock_guard lock(mu_);
  return version_;
}

void StatusBoard::Update(const std::function<void(v1::AgentStatus&)>& change) {
  std::lock_guard lock(mu_);
  v1::AgentStatus before = status_;
  change(status_);
  if (!google::protobuf::util::MessageDifferencer::Equals(before, status_)) {
    ++version_;
    cv_.notify_all();
  }
}

bool StatusBoard::SetDepth(uint64_t depth) {
  bool raised = false;
  Update([&](v1::AgentStatus& s) {
    uint32_t limit = s.config().outbox_warn_depth();
    if (limit == 0) limit = kDefaultOutboxWarnDepth;
    bool warn = depth > limit;
    if (warn && !s.outbox_warning()) {
      // Never dropped: the queue only grows until HQ is back; staff and HQ must know.
      spdlog::warn("outbox holds {} results (warning above {}); nothing is dropped", depth, limit);
      raised = true;
    } else if (!warn && s.outbox_warning()) {
      spdlog::info("outbox back to {} results", depth);
    }
    s.set_outbox_depth(depth);
    s.set_outbox_warning(warn);
  });
  return raised;
}

uint64_t StatusBoard::WaitChange(uint64_t seen,
                                 std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return version_ != seen; });
  return version_;
}

void StatusBoard::WakeAll() {
  std::lock_guard lock(mu_);
  ++version_;
  cv_.notify_all();
}

void StatusBoard::NoteReaderLooked() {
  std::lock_guard lock(mu_);
  reader_looked_ = true;
}

bool StatusBoard::reader_looked() const {
  std::lock_guard lock(mu_);
  return reader_looked_;
}

}  // namespace kakunin::agent
