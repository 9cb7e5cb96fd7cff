#pragma once
// Runs blocking backend calls on a small thread pool and hands each answer back to the UI thread
// as a queued call on `receiver`. The destructor waits for calls in flight, so the owner cancels
// them first (StationBackend::CancelAll).

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>

namespace kakunin::station {

class AsyncCalls {
 public:
  explicit AsyncCalls(QObject* receiver) : receiver_(receiver) { pool_.setMaxThreadCount(4); }
  ~AsyncCalls() { pool_.waitForDone(); }
  AsyncCalls(const AsyncCalls&) = delete;
  AsyncCalls& operator=(const AsyncCalls&) = delete;

  // `work()` runs on a worker thread; `done(result)` later on the receiver's thread.
  template <typename Work, typename Done>
  void Run(Work work, Done done) {
    using T = std::invoke_result_t<Work>;
    ++pending_;
    pool_.start([this, work = std::move(work), done = std::move(done)]() mutable {
      auto out = std::make_shared<T>(work());
      QMetaObject::invokeMethod(
          receiver_,
          [this, out, done]() mutable {
            --pending_;
            done(*out);
          },
          Qt::QueuedConnection);
    });
  }

  // Calls whose answer has not reached the UI yet: tests wait on this reaching 0.
  int pending() const { return pending_.load(); }

 private:
  QObject* receiver_;
  QThreadPool pool_;
  std::atomic<int> pending_{0};
};

}  // namespace kakunin::station
