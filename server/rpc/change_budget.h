#pragma once
// How many audited changes one console user may make a minute. Each grant, receipt upload or
// delete and claim edit writes an audit record under the lock ingest shares and wakes every
// replica's live feed; a branch manager's script looping over them used to slow every branch.
// A sliding minute per user; memory bounded (at most `max_tracked` users remembered).

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kakunin::server {

class ChangeBudget {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ChangeBudget(int per_minute = 60, size_t max_tracked = 10000)
      : per_minute_(per_minute), max_tracked_(max_tracked) {}

  // Whether `user_id` may make one more change at `now`; a change allowed is counted.
  bool Take(const std::string& user_id, Clock::time_point now = Clock::now());

 private:
  int per_minute_;
  size_t max_tracked_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> recent_;
};

// How many console calls one user may have running at once. Each holds a thread and one of the
// console's database connections for as long as it runs; a script firing reads in parallel took
// every one of them and left the other HQ users' consoles waiting. Live watches do not count
// (they have their own bound).
class CallsInFlight {
 public:
  explicit CallsInFlight(int per_user = 8) : per_user_(per_user) {}
  // A slot for one call of `user_id`, given back when the last copy goes; null when the user
  // already has `per_user` calls running.
  std::shared_ptr<void> Enter(const std::string& user_id);
  int running(const std::string& user_id);

 private:
  void Leave(const std::string& user_id);
  int per_user_;
  std::mutex mu_;
  std::unordered_map<std::string, int> running_;
};

}  // namespace kakunin::server
