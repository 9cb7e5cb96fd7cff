#pragma once
// `kakunin-server backup` and `kakunin-server restore` (issue 16), behind their thin command
// lines (backup_cli.cpp): the folder's layout, sealing and checks are described in backup.cpp.

#include "common/cli/flags.h"
#include "common/core/result.h"

namespace kakunin::server {

// A backup into --out or --into, as backup's options say.
Status RunBackup(const cli::Flags& f);
// A restore from --from into the data directory or --db, as restore's options say.
Status RunRestore(const cli::Flags& f);

}  // namespace kakunin::server
