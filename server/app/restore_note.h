#pragma once
// The note restore leaves beside the head key (restore-pending.json, restore_record.h): what the
// restore's audit record must say. Read back at the server's start, from a file that may have
// been damaged, so its parse is pure (no I/O) and fuzzed.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::server {

struct PendingRestore {
  int64_t backup_created_at_us = 0;
  int64_t restored_at_us = 0;
  uint64_t backup_size = 0;  // the log's last record as restored
};

// The note's text, and back. Anything but an object of the three integers (none past
// INT64_MAX, the size not negative) is audit.restore_note_unreadable (kDataLoss); whether the times
// could be a restore's is AppendPendingRestore's question.
std::string FormatPendingRestore(const PendingRestore& p);
Result<PendingRestore> ParsePendingRestore(std::string_view text);

}  // namespace kakunin::server
