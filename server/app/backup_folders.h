#pragma once
// The folders of scheduled backups (`kakunin-server backup --into DIR --keep N`): each run makes
// its own, and only those are ever rotated away.

#include <filesystem>

#include "common/core/result.h"

namespace kakunin::server {

inline constexpr char kBackupManifest[] = "MANIFEST.json";

// A scheduled backup's own folder in `into`, made (0700): kakunin-YYYYMMDD-HHMMSS (UTC), with a
// suffix when that second is taken; names sort by age.
Result<std::filesystem::path> NewBackupFolder(const std::filesystem::path& into);

// After a scheduled backup succeeded: the oldest of `into`'s backups beyond `keep` go, never
// `made`. Nothing else in the folder is touched.
void KeepNewest(const std::filesystem::path& into, const std::filesystem::path& made, int keep);

}  // namespace kakunin::server
