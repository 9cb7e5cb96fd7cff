#pragma once
// Runs blocking client calls off the UI thread and hands their answer back to the UI thread as a
// queued call on `receiver`. Finished workers are joined as new ones start; the rest on
// destruction (a call is bounded by the client's deadline).

#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace kakunin::console {

class AsyncRunner {
 public:
  explicit AsyncRunner(QObject* receiver) : receiver_(receiver) {}
  ~AsyncRunner();
  AsyncRunner(const AsyncRunner&) = delete;
  AsyncRunner& operator=(const AsyncRunner&) = delete;

  // `work()` runs on a worker thread; `done(value)` on the receiver's thread with its result.
  template <typename Work, typename Done>
  void Run(Work work, Done done) {
    using T = std::invoke_result_t<Work>;
    auto out = std::make_shared<std::optional<T>>();
    Start([out, work = std::move(work)]() mutable { out->emplace(work()); },
          [out, done = std::move(done)]() mutable { done(**out); });
  }

  // Calls still running, so tests and the UI can tell when the console is idle.
  int pending() const { return pending_.load(); }

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  void Start(std::function<void()> work, std::function<void()> done);

  QObject* receiver_;
  std::vector<Worker> workers_;
  std::atomic<int> pending_{0};
};

}  // namespace kakunin::console
