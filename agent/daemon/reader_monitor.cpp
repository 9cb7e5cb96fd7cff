#include "agent/daemon/reader_monitor.h"

#include <memory>

namespace kakunin::agent {

ReaderMonitor::ReaderMonitor(StatusBoard* board, std::function<bool()> reader_busy,
                             std::chrono::milliseconds poll, std::string reader,
                             std::chrono::milliseconds refresh)
    : board_(board),
      reader_busy_(std::move(reader_busy)),
      poll_(poll),
      refresh_(refresh),
      reader_(std::move(reader)) {}

ReaderMonitor::~ReaderMonitor() { Stop(); }

void ReaderMonitor::Start() {
  thread_ = std::thread([this] { Run(); });
}

void ReaderMonitor::Stop() {
  {
    std::unique_lock lock(mu_);
    stopping_ = true;
    cv_.notify_all();
    // Out of SCardGetStatusChange at once. A cancel that lands just before the thread enters
    // the call is lost (PC/SC cancels only a call in progress), so it is repeated until the
    // thread has left.
    while (thread_.joinable() && !exited_) {
      if (waiting_ != nullptr) waiting_->Cancel();
      cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return exited_; });
    }
  }
  if (thread_.joinable()) thread_.join();
}

bool ReaderMonitor::Pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stopping_; });
  return stopping_;
}

void ReaderMonitor::Report(const std::vector<card::ReaderState>& all) {
  std::string status = "no_reader", name;
  for (const auto& r : all) {
    if (!reader_.empty() && r.name != reader_) continue;
    if (name.empty()) {
      status = "ready";
      name = r.name;
    }
    if (r.card_present) {
      status = "card_present";
      name = r.name;
      break;
    }
  }
  if (reader_busy_()) {  // the check's own status ("busy") stands
    board_->NoteReaderLooked();
    return;
  }
  board_->Update([&](v1::AgentStatus& s) {
    s.set_reader_status(status);
    if (!name.empty()) s.set_reader_name(name);
  });
  board_->NoteReaderLooked();  // after: a heartbeat never carries the placeholder
}

void ReaderMonitor::Run() {
  std::unique_ptr<card::PcscContext> ctx;
  std::vector<card::ReaderState> known;  // every reader, as last reported
  bool have_known = false;
  auto drop_context = [&] {
    std::lock_guard lock(mu_);
    waiting_ = nullptr;
    ctx.reset();
  };
  // pcscd (or the Smart Card service) is not there or went away: no reader, and a fresh
  // context after a pause. True when stopping.
  auto unavailable = [&] {
    drop_context();
    have_known = false;
    Report({});
    return Pause(poll_);
  };
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    if (reader_busy_()) {
      // A check holds the reader; look again shortly, then afresh once it is over.
      have_known = false;
      if (Pause(poll_)) break;
      continue;
    }
    if (!ctx) {
      auto c = card::PcscContext::Establish();
      if (!c.ok()) {
        if (unavailable()) break;
        continue;
      }
      std::lock_guard lock(mu_);
      if (stopping_) break;
      ctx = std::move(*c);
      waiting_ = ctx.get();
    }
    // A first look; after it, sleep until a change (or the refresh).
    auto states = have_known ? ctx->WaitForStateChange(known, refresh_) : ctx->ReaderStates();
    if (!states.ok() && states.error().reason() == "card.no_reader") {
      states = std::vector<card::ReaderState>{};
    }
    if (!states.ok()) {
      const std::string& why = states.error().reason();
      if (why == "card.timeout") {
        have_known = false;                                   // the refresh: look afresh
      } else if (why != "card.cancelled" && unavailable()) {  // cancelled: Stop()
        break;
      }
      continue;
    }
    known = *states;
    have_known = true;
    Report(known);
  }
  drop_context();
  std::lock_guard lock(mu_);
  exited_ = true;
  cv_.notify_all();
}

}  // namespace kakunin::agent
