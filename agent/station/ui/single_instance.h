#pragma once
// One staff window per user and daemon. Two windows on one reader both started a check for
// each card placed on it (a card placed starts the check by itself): one was refused as busy
// and showed an error at the counter, and in PIN mode both opened a PIN pad. A staff member who
// starts the window again (a second double-click) now brings the open one to the front.
//
// A lock file in the user's runtime folder says which process is the window (a crashed one's
// lock is taken over: QLockFile checks its PID); the window listens on a local socket beside it
// for "come to the front".

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <memory>

namespace kakunin::station {

class SingleInstance : public QObject {
  Q_OBJECT
 public:
  // `key`: what makes two windows the same one — the daemon's socket path.
  explicit SingleInstance(const QString& key, QObject* parent = nullptr);

  // True: this process is the window (also when the user has no private runtime folder to
  // keep the lock in). False: another one is; it was asked to come to the front (or did not
  // answer within 3 s, and a second window is still not opened).
  bool Claim();

 signals:
  void activationRequested();

 private:
  QString name_;
  std::unique_ptr<QLockFile> lock_;
  QLocalServer server_;
};

}  // namespace kakunin::station
