#include "console/models/backup_warning.h"

#include "console/models/labels.h"

namespace kakunin::console {

QString BackupWarning::Text(const v1::Dashboard& d, int64_t now) {
  if (!d.has_last_backup()) return {};
  const auto& b = d.last_backup();
  if (!b.has_finished_at()) {
    return tr(
        "No backup of HQ has ever been taken. On HQ's server, create the passphrase file "
        "/etc/kakunin/backup.pass (see \"Backup and restore\" in the deployment guide), "
        "then check that the nightly backup runs with journalctl -u kakunin-backup.");
  }
  const int64_t age = now - b.finished_at().seconds();
  if (age < kWarnAfterSeconds) return {};
  const int days = static_cast<int>(age / 86400);
  //: %n = whole days since the newest backup (2 or more), %1 = when it finished.
  return tr("The last backup was %n day(s) ago (%1). The nightly backup is failing: on HQ's "
            "server, see why with journalctl -u kakunin-backup (for example, the passphrase file "
            "/etc/kakunin/backup.pass is missing).",
            nullptr, days)
      .arg(Labels::DateTime(b.finished_at().seconds()));
}

}  // namespace kakunin::console
