#pragma once
// The live feed: keeps ConsoleService.Watch open from a worker thread and reconnects with
// backoff whenever the stream ends (server restart, network loss), handing every event to the
// owner's (UI) thread as a queued signal. The server replays nothing, so after a reconnect
// (streamOpened(true)) the owner fetches what it may have missed.

#include <QObject>
#include <QString>
#include <chrono>
#include <memory>
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
  // Cancels the stream and joins the worker. A call that does not end within kStopWait (see
  // the .cpp: gRPC 1.51 can lose a cancelled call's end) is left to finish on its own, so
  // closing a page or logging out never freezes the window.
  ~ResultWatcher() override;

  // Starts watching; when already watching, switches to `request` at once (no backoff).
  void Watch(const v1::WatchRequest& request);
  // Workers left behind by destroyed watchers whose call had not ended (tests, diagnostics).
  static int abandoned_workers();
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
  // What the worker shares with the watcher; the worker holds it, so it outlives a watcher
  // destroyed while a call will not end.
  struct Shared;
  static void Run(std::shared_ptr<Shared> shared, std::shared_ptr<ConsoleClient> client,
                  Backoff backoff);

  std::shared_ptr<ConsoleClient> client_;
  const Backoff backoff_;
  std::shared_ptr<Shared> shared_;
  std::thread worker_;
  // UI thread only.
  bool open_ = false;
  int reconnects_ = 0;
  std::optional<Error> last_error_;
};

}  // namespace kakunin::console
