#include "server/app/restore_note.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace kakunin::server {

std::string FormatPendingRestore(const PendingRestore& p) {
  const nlohmann::json note = {{"backup_created_at_us", p.backup_created_at_us},
                               {"restored_at_us", p.restored_at_us},
                               {"backup_size", p.backup_size}};
  return note.dump() + "\n";
}

Result<PendingRestore> ParsePendingRestore(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [] {
    return MakeError(ErrorCode::kDataLoss, "audit.restore_note_unreadable",
                     "restore-pending.json cannot be read");
  };
  if (!j.is_object()) return bad();
  for (const char* key : {"backup_created_at_us", "restored_at_us", "backup_size"}) {
    if (!j.contains(key) || !j[key].is_number_integer()) return bad();
    // Past INT64_MAX the number would come back negative: not a note restore wrote.
    if (j[key].is_number_unsigned() && j[key].get<uint64_t>() > uint64_t{INT64_MAX}) return bad();
  }
  PendingRestore p;
  p.backup_created_at_us = j["backup_created_at_us"].get<int64_t>();
  p.restored_at_us = j["restored_at_us"].get<int64_t>();
  if (j["backup_size"].get<int64_t>() < 0) return bad();
  p.backup_size = j["backup_size"].get<uint64_t>();
  return p;
}

}  // namespace kakunin::server
