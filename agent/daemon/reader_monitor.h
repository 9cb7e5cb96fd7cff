#pragma once
// Keeps the status board's reader fields current (no_reader / ready / card_present) by polling
// PC/SC with its own context, without waiting; while a check holds the reader it stays "busy"
// and is left alone.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "agent/daemon/status_board.h"

namespace kakunin::agent {

class ReaderMonitor {
 public:
  // `reader`: watch only this reader ("" = all; the first with a card is reported).
  ReaderMonitor(StatusBoard* board, std::function<bool()> reader_busy,
                std::chrono::milliseconds poll, std::string reader = "");
  ~ReaderMonitor();
  void Start();
  void Stop();

 private:
  void Run();
  StatusBoard* board_;
  std::function<bool()> reader_busy_;
  std::chrono::milliseconds poll_;
  std::string reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kakunin::agent
