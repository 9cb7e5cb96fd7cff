#pragma once
// The live feed: keeps ConsoleService.Watch open from a worker thread and reconnects with
// backoff whenever the stream ends (server restart, network loss), handing every event to the
// owner's (UI) thread as a queued signal. The server replays nothing, so after a reconnect
// (streamOpened(true)) the owner fetches what it may have missed.

#include <QObject>
#include <QString>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/core/result.h"
#include "console/client/console_client.h"

namespace kakunin::console {

class WatchCall;

class ResultWatcher : public QObject {
  Q_OBJECT
 public:
  // Waits between attempts: doubling from `first` up to `longest`; back to `first` once a
  // stream has opened.
  struct Backoff {
    std::chrono::milliseconds first{500};
    std::chrono::milliseconds longest{8000};
  };
  ResultWatcher(std::shared_ptr<ConsoleClient> client, Backoff backoff, QObject* parent = nullptr);
  explicit ResultWatcher(std::shared_ptr<ConsoleClient> client, QObject* parent = nullptr)
      : ResultWatcher(std::move(client), Backoff{}, parent) {}
  // Cancels the stream and joins the worker (a cancel ends the call within milliseconds).
  ~ResultWatcher() override;

  // Starts watching; when already watching, switches to `request` at once (no backoff).
  void Watch(const v1::WatchRequest& request);
  // UI-thread view: between streamOpened and streamLost/stopped.
  bool is_open() const { return open_; }
  int reconnects() const { return reconnects_; }
  // Why the stream last ended or why watching stopped (for ErrorText).
  const std::optional<Error>& last_error() const { return last_error_; }

 signals:
  // The server has the subscription in place; `after_loss`: a previous stream had ended.
  void streamOpened(bool after_loss);
  void resultReceived(const kakunin::v1::ResultRow& row);
  void deviceReceived(const kakunin::v1::Device& device);
  // The stream ended (reason id in last_error()); the next attempt comes in `retry_ms`.
  void streamLost(int retry_ms);
  // No more attempts: the session is gone or the role may not watch (see last_error()).
  void stopped();

 private:
  void Run();
  // Runs `fn` on this object's thread; dropped if the watcher is gone by then.
  template <typename Fn>
  void Post(Fn fn);

  std::shared_ptr<ConsoleClient> client_;
  const Backoff backoff_;
  // Shared with the worker, under mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  v1::WatchRequest request_;
  bool stopping_ = false;
  bool restart_ = false;
  WatchCall* current_ = nullptr;
  std::thread worker_;
  // UI thread only.
  bool open_ = false;
  int reconnects_ = 0;
  std::optional<Error> last_error_;
};

}  // namespace kakunin::console
