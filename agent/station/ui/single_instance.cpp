#include "agent/station/ui/single_instance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace kakunin::station {

SingleInstance::SingleInstance(const QString& key, QObject* parent) : QObject(parent) {
  // The user's own runtime folder (Qt makes and checks it: 0700, this user's). Never a shared
  // one such as /tmp, where another local user could hold the lock and keep the window shut.
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
  if (dir.isEmpty()) return;
  // One daemon, however its socket is spelled.
  const QString canonical = QFileInfo(key).canonicalFilePath();
  const QString id =
      QString::fromLatin1(QCryptographicHash::hash((canonical.isEmpty() ? key : canonical).toUtf8(),
                                                   QCryptographicHash::Sha256)
                              .toHex()
                              .left(16));
  name_ = dir + QStringLiteral("/kakunin-station-") + id + QStringLiteral(".sock");
  lock_ = std::make_unique<QLockFile>(dir + QStringLiteral("/kakunin-station-") + id +
                                      QStringLiteral(".lock"));
  // Held for as long as the window is open, however long: never stale by age, only when its
  // process is gone.
  lock_->setStaleLockTime(0);
}

bool SingleInstance::Claim() {
  if (!lock_) return true;  // no private runtime folder: a window each, as before
  if (lock_->tryLock(0)) {
    // A socket file left by a window that crashed would refuse the listen.
    QLocalServer::removeServer(name_);
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    if (!server_.listen(name_)) {
      // Still the one window (the lock says so); a second start just cannot bring it forward.
      qWarning("kakunin-station: cannot listen on %s: %s", qPrintable(name_),
               qPrintable(server_.errorString()));
    }
    connect(&server_, &QLocalServer::newConnection, this, [this] {
      while (QLocalSocket* c = server_.nextPendingConnection()) {
        connect(c, &QLocalSocket::readyRead, this, [this, c] {
          if (c->readAll().contains("raise")) emit activationRequested();
          c->disconnectFromServer();
        });
        connect(c, &QLocalSocket::disconnected, c, &QObject::deleteLater);
      }
    });
    return true;
  }
  // The window may still be starting: its socket comes right after its lock.
  QDeadlineTimer deadline(3000);
  while (!deadline.hasExpired()) {
    QLocalSocket socket;
    socket.connectToServer(name_);
    if (socket.waitForConnected(500)) {
      socket.write("raise\n");
      socket.waitForBytesWritten(1000);
      socket.waitForDisconnected(1000);
      return false;
    }
    QThread::msleep(100);
  }
  return false;
}

}  // namespace kakunin::station
