#include "agent/daemon/reader_monitor.h"

#include <memory>

#include "agent/card/pcsc.h"

namespace kakunin::agent {

ReaderMonitor::ReaderMonitor(StatusBoard* board, std::function<bool()> reader_busy,
                             std::chrono::milliseconds poll, std::string reader)
    : board_(board),
      reader_busy_(std::move(reader_busy)),
      poll_(poll),
      reader_(std::move(reader)) {}

ReaderMonitor::~ReaderMonitor() { Stop(); }

void ReaderMonitor::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ReaderMonitor::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void ReaderMonitor::Run() {
  std::unique_ptr<card::PcscContext> ctx;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (!reader_busy_()) {
      if (!ctx) {
        auto c = card::PcscContext::Establish();
        if (c.ok()) ctx = std::move(*c);
      }
      std::string status = "no_reader", name;
      auto states =
          ctx ? ctx->ReaderStates()
              : Result<std::vector<card::ReaderState>>(MakeError(ErrorCode::kUnavailable, "", ""));
      if (states.ok() && !reader_.empty()) {
        std::erase_if(*states, [&](const card::ReaderState& r) { return r.name != reader_; });
      }
      if (states.ok() && !states->empty()) {
        status = "ready";
        name = states->front().name;
        for (const auto& r : *states) {
          if (r.card_present) {
            status = "card_present";
            name = r.name;
            break;
          }
        }
      } else if (!states.ok()) {
        ctx.reset();  // pcscd restarted or gone: a fresh context next time
      }
      if (!reader_busy_()) {
        board_->Update([&](v1::AgentStatus& s) {
          s.set_reader_status(status);
          if (!name.empty()) s.set_reader_name(name);
        });
      }
    }
    lock.lock();
    cv_.wait_for(lock, poll_, [&] { return stopping_; });
  }
}

}  // namespace kakunin::agent
