#include "agent/station/ui/single_instance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace kakunin::station {

SingleInstance::SingleInstance(const QString& key, QObject* parent) : QObject(parent) {
  QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
  if (dir.isEmpty()) dir = QDir::tempPath();
  QDir().mkpath(dir);
  const QString id = QString::fromLatin1(
      QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
  name_ = dir + QStringLiteral("/kakunin-station-") + id + QStringLiteral(".sock");
  lock_ = std::make_unique<QLockFile>(dir + QStringLiteral("/kakunin-station-") + id +
                                      QStringLiteral(".lock"));
  // Held for as long as the window is open, however long: never stale by age, only when its
  // process is gone.
  lock_->setStaleLockTime(0);
}

bool SingleInstance::Claim() {
  if (lock_->tryLock(0)) {
    // A socket file left by a window that crashed would refuse the listen.
    QLocalServer::removeServer(name_);
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    server_.listen(name_);
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
