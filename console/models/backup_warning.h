#pragma once
// What HQ's administrators read on the dashboard about HQ's own backups (Dashboard.last_backup,
// recorded by `kakunin-server backup`): a warning when none was ever taken, or when the newest
// is older than two days (the nightly backup has failed at least once, or stopped). Nothing
// when the dashboard carries no backup: another role, or a server older than this console.

#include <QCoreApplication>
#include <QString>
#include <cstdint>

#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class BackupWarning {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::BackupWarning)

 public:
  // Two nights: one backup that failed once and worked the next night says nothing; one that
  // keeps failing is named the morning after its second night.
  static constexpr int64_t kWarnAfterSeconds = 48 * 3600;
  // The warning with what to do, or empty when there is none. `now` in Unix seconds.
  static QString Text(const v1::Dashboard& dashboard, int64_t now);
};

}  // namespace kakunin::console
