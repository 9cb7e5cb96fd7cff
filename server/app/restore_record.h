#pragma once
// The restore's audit record (AuditStore::AppendRestored) must follow the backup's last record.
// `kakunin-server restore` notes what it will append beside the head key before it tries; when
// it could not (the key unreadable, the database gone for a moment), the server appends it at its
// start, before anything else writes to the log. Without this a failed append could never be
// made good, and every terminal's heads over the lost history read as tampering for good.

#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>

#include "common/core/result.h"
#include "server/app/restore_note.h"

namespace kakunin::server {

class AuditStore;

// restore-pending.json beside the head key.
std::filesystem::path PendingRestorePath(const std::filesystem::path& head_key_path);
Status WritePendingRestore(const std::filesystem::path& head_key_path, const PendingRestore& p);

// Appends the pending record, if one is noted, and removes the note once the log holds it. A
// record that can no longer follow the backup's last (others were appended first) is reported
// as an error and its note kept as restore-pending.json.unrecorded, for the person who restored.
// The note stays when the database cannot be reached (tried again at the next start); one that
// cannot be read, or names impossible times, is set aside too. `head_key_path` is where the
// restore put the key (DATA/audit/head.key): the note is beside it.
Status AppendPendingRestore(AuditStore& store, const EVP_PKEY* head_key,
                            const std::filesystem::path& head_key_path);

}  // namespace kakunin::server
