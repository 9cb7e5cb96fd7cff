#pragma once
// Keeps the status board's reader fields current (no_reader / ready / card_present) with its own
// PC/SC context. Between patients it sleeps in SCardGetStatusChange (readers and the PnP
// notification) and wakes only when something changes, or every `refresh` for a fresh look.
// While a check holds the reader the status stays "busy" and the monitor looks again every
// `poll` until the check is over; it does the same while PC/SC is unavailable.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "agent/card/pcsc.h"
#include "agent/daemon/status_board.h"

namespace kakunin::agent {

class ReaderMonitor {
 public:
  // `reader`: watch only this reader ("" = all; the first with a card is reported).
  ReaderMonitor(StatusBoard* board, std::function<bool()> reader_busy,
                std::chrono::milliseconds poll, std::string reader = "",
                std::chrono::milliseconds refresh = std::chrono::seconds(30));
  ~ReaderMonitor();
  void Start();
  void Stop();

 private:
  void Run();
  // Waits up to `d` for Stop(); true when stopping.
  bool Pause(std::chrono::milliseconds d);
  void Report(const std::vector<card::ReaderState>& all);
  StatusBoard* board_;
  std::function<bool()> reader_busy_;
  std::chrono::milliseconds poll_, refresh_;
  std::string reader_;
  card::PcscContext* waiting_ = nullptr;  // the context Run() sleeps in (guarded by mu_)
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool exited_ = false;  // Run() has returned
  std::thread thread_;
};

}  // namespace kakunin::agent
