#include "console/ui/desk_settings.h"

namespace kakunin::console {

namespace {
constexpr char kServerKey[] = "server";
constexpr int kMaxServerChars = 1000;

bool Plausible(const QString& server) {
  if (server.isEmpty() || server.size() > kMaxServerChars) return false;
  for (QChar c : server) {
    if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) return false;
  }
  return true;
}
}  // namespace

QString InitialServer(const QSettings& settings, bool server_given, const QString& server_flag) {
  if (server_given) return server_flag;
  const QString remembered = settings.value(kServerKey).toString();
  return Plausible(remembered) ? remembered : server_flag;
}

void RememberServer(QSettings& settings, const QString& server) {
  if (!Plausible(server)) return;
  settings.setValue(kServerKey, server);
  settings.sync();
}

}  // namespace kakunin::console
