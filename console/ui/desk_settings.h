#pragma once
// What a desk remembers between runs: HQ's address after a login that worked, so that the console
// started from the desktop menu (no --server) reaches HQ again instead of 127.0.0.1:7443.
// Kept in the user's QSettings (~/.config/Kakunin/console.conf); nothing about a session.

#include <QSettings>
#include <QString>

namespace kakunin::console {

// --server's value when it was given; else the address remembered on this desk; else
// --server's value all the same (its default).
QString InitialServer(const QSettings& settings, bool server_given, const QString& server_flag);
// After a login that worked. An address with control characters or over 1,000 characters is not
// HQ's and is not kept.
void RememberServer(QSettings& settings, const QString& server);

}  // namespace kakunin::console
