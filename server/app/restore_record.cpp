#include "server/app/restore_record.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/os/files.h"
#include "server/audit/audit_store.h"

namespace kakunin::server {
namespace fs = std::filesystem;

fs::path PendingRestorePath(const fs::path& head_key_path) {
  return head_key_path.parent_path() / "restore-pending.json";
}

Status WritePendingRestore(const fs::path& head_key_path, const PendingRestore& p) {
  return os::WriteFileDurable(PendingRestorePath(head_key_path).string(), FormatPendingRestore(p),
                              os::FileAccess::kOwnerOnly);
}

Status AppendPendingRestore(AuditStore& store, const EVP_PKEY* head_key,
                            const fs::path& head_key_path) {
  const fs::path note = PendingRestorePath(head_key_path);
  std::error_code ec;
  if (!fs::exists(note, ec)) return OkStatus();
  auto set_aside = [&](const Error& why) {
    spdlog::error(
        "the restore's audit record cannot be appended ({}): a terminal's heads over the history "
        "the restore lost will read as tampering in `audit verify --witness`; the note is kept "
        "as {}.unrecorded",
        why.ToString(), note.string());
    fs::rename(note, note.string() + ".unrecorded", ec);
    return OkStatus();
  };
  // A note that cannot be read, or says what no restore could have, is set aside: the server
  // starts, and the person who restored is told in the log.
  auto text = os::ReadRegularFile(note.string(), 4096);
  if (!text.ok()) return set_aside(text.error());
  auto pending = ParsePendingRestore(*text);
  if (!pending.ok()) return set_aside(pending.error());
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  if (pending->restored_at_us <= 0 || pending->restored_at_us > now_us ||
      pending->backup_created_at_us < 0 ||
      pending->backup_created_at_us > pending->restored_at_us) {
    return set_aside(MakeError(ErrorCode::kDataLoss, "audit.restore_note_unreadable",
                               "restore-pending.json names times no restore could have"));
  }
  auto statement = store.AppendRestored(head_key, pending->backup_created_at_us,
                                        pending->restored_at_us, pending->backup_size);
  if (!statement.ok()) {
    if (statement.error().reason() == "audit.restore_recorded") {
      fs::remove(note, ec);
      return OkStatus();
    }
    if (statement.error().reason() == "audit.restore_too_late") return set_aside(statement.error());
    return statement.error();  // the database: tried again at the next start
  }
  spdlog::warn("the restore's audit record was appended now, after record {} (restore could not)",
               statement->backup_size);
  fs::remove(note, ec);
  return OkStatus();
}

}  // namespace kakunin::server
