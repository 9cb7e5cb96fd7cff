#include "console/ui/async_runner.h"

#include <QMetaObject>
#include <algorithm>

namespace kakunin::console {

AsyncRunner::~AsyncRunner() {
  for (auto& w : workers_) w.thread.join();
}

void AsyncRunner::Start(std::function<void()> work, std::function<void()> done) {
  // Reap workers that have finished so a long session does not pile up threads.
  std::erase_if(workers_, [](Worker& w) {
    if (!w.finished->load()) return false;
    w.thread.join();
    return true;
  });
  auto finished = std::make_shared<std::atomic<bool>>(false);
  ++pending_;
  std::thread t([this, finished, work = std::move(work), done = std::move(done)]() mutable {
    work();
    QMetaObject::invokeMethod(
        receiver_,
        [this, done = std::move(done)]() mutable {
          --pending_;
          done();
        },
        Qt::QueuedConnection);
    finished->store(true);
  });
  workers_.push_back({std::move(t), std::move(finished)});
}

}  // namespace kakunin::console
