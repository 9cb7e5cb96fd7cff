#include "server/app/restore_record.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/os/files.h"
#include "server/audit/audit_store.h"

namespace kakunin::server {
namespace fs = std::filesystem;

fs::path PendingRestorePath(const fs::path& head_key_path) {
  return head_key_path.parent_path() / "restore-pending.json";
}

Status WritePendingRestore(const fs::path& head_key_path, const PendingRestore& p) {
  const nlohmann::json note = {{"backup_created_at_us", p.backup_created_at_us},
                               {"restored_at_us", p.restored_at_us},
                               {"backup_size", p.backup_size}};
  return os::WriteFileDurable(PendingRestorePath(head_key_path).string(), note.dump() + "\n",
                              os::FileAccess::kOwnerOnly);
}

namespace {

Result<PendingRestore> ParsePending(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [] {
    return MakeError(ErrorCode::kDataLoss, "audit.restore_note_unreadable",
                     "restore-pending.json cannot be read");
  };
  if (!j.is_object()) return bad();
  for (const char* key : {"backup_created_at_us", "restored_at_us", "backup_size"}) {
    if (!j.contains(key) || !j[key].is_number_integer()) return bad();
  }
  PendingRestore p;
  p.backup_created_at_us = j["backup_created_at_us"].get<int64_t>();
  p.restored_at_us = j["restored_at_us"].get<int64_t>();
  if (j["backup_size"].get<int64_t>() < 0) return bad();
  p.backup_size = j["backup_size"].get<uint64_t>();
  return p;
}

}  // namespace

Status AppendPendingRestore(AuditStore& store, const EVP_PKEY* head_key,
                            const fs::path& head_key_path) {
  const fs::path note = PendingRestorePath(head_key_path);
  std::error_code ec;
  if (!fs::exists(note, ec)) return OkStatus();
  KAKUNIN_ASSIGN_OR_RETURN(std::string text, os::ReadRegularFile(note.string(), 4096));
  auto set_aside = [&](const Error& why) {
    spdlog::error(
        "the restore's audit record cannot be appended ({}): a terminal's heads over the history "
        "the restore lost will read as tampering in `audit verify --witness`; the note is kept "
        "as {}.unrecorded",
        why.ToString(), note.string());
    fs::rename(note, note.string() + ".unrecorded", ec);
    return OkStatus();
  };
  auto pending = ParsePending(text);
  if (!pending.ok()) return set_aside(pending.error());
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
