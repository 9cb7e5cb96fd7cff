#pragma once
// A few threads for work that blocks on the database but is started from gRPC's callback
// threads (a stream's opening, a terminal's hello). Those threads carry every terminal's
// stream: one of them waiting on PostgreSQL delays every other branch's acknowledgements.
// The number of threads also bounds how many of the pool's connections such work holds.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kakunin::server {

class BlockingWork {
 public:
  BlockingWork(size_t threads, size_t max_queued);
  // Runs what is queued, then joins.
  ~BlockingWork();
  BlockingWork(const BlockingWork&) = delete;
  BlockingWork& operator=(const BlockingWork&) = delete;

  // False, and `work` is not run, when max_queued tasks are already waiting.
  bool Post(std::function<void()> work);

 private:
  void Run();

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kakunin::server
