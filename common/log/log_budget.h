#pragma once
// A budget of log lines for one kind of event that strangers or a broken terminal can repeat at
// will (refused logins, refused stream opens). journald drops every line of a program past its
// rate, other branches' errors too, so such a kind writes at most `lines` per `window`; the
// lines held back are counted and named in the next line written.

#include <chrono>
#include <cstdint>
#include <mutex>

namespace kakunin {

class LogBudget {
 public:
  using Clock = std::chrono::steady_clock;
  LogBudget(uint32_t lines, Clock::duration window) : lines_(lines), window_(window) {}

  // True when a line may be written at `now`; then *held_back is the number of lines refused
  // since the last one written (to be said in it), and the count starts again.
  bool Take(uint64_t* held_back, Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mu_);
    if (now - window_start_ >= window_) {
      window_start_ = now;
      written_ = 0;
    }
    if (written_ >= lines_) {
      ++held_back_;
      return false;
    }
    ++written_;
    *held_back = held_back_;
    held_back_ = 0;
    return true;
  }

 private:
  const uint32_t lines_;
  const Clock::duration window_;
  std::mutex mu_;
  Clock::time_point window_start_{};
  uint32_t written_ = 0;
  uint64_t held_back_ = 0;
};

}  // namespace kakunin
