#pragma once
// A backup that succeeded, recorded in the database it copied (table backups, migration 0020),
// so that the running server can say when the newest was taken: /metrics and the console's
// dashboard. Written by `kakunin-server backup` once the folder is whole (dump checked, keys and
// manifest written); never carried in a backup (the dump leaves the table's rows out).

#include <cstdint>
#include <filesystem>
#include <string>

#include "common/core/result.h"

namespace kakunin::server {

// The table whose rows no dump carries (pg_dump --exclude-table-data).
inline constexpr char kBackupsTable[] = "backups";

struct BackupRecord {
  std::string folder;  // the backup folder, absolute
  std::string host;    // this host's name
  std::string os_user;
  uint64_t bytes = 0;  // the folder's regular files, summed
  bool sealed = true;
  int schema_version = 0;
};

// The record of the backup written into `folder`: its size, this host and the user running it.
BackupRecord DescribeBackup(const std::filesystem::path& folder, bool sealed, int schema_version);

// Inserts `record` (finished now, at the database's clock) into `dsn`'s table backups.
// backup.not_recorded when the database refuses it.
Status RecordBackup(const std::string& dsn, const BackupRecord& record);

}  // namespace kakunin::server
