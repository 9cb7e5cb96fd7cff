// libFuzzer target: the restore note (restore-pending.json, server/app/restore_note.h) the server
// reads at its start. Invariants (a violation traps): no exception escapes; anything refused is
// audit.restore_note_unreadable; a note taken has no number past INT64_MAX and, written again,
// reads back the same.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/app/restore_note.h"

namespace {

namespace server = kakunin::server;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto note = server::ParsePendingRestore(text);
  if (!note.ok()) {
    Check(note.error().reason() == "audit.restore_note_unreadable");
    return 0;
  }
  Check(note->backup_size <= uint64_t{INT64_MAX});
  auto again = server::ParsePendingRestore(server::FormatPendingRestore(*note));
  Check(again.ok() && again->backup_created_at_us == note->backup_created_at_us &&
        again->restored_at_us == note->restored_at_us && again->backup_size == note->backup_size);
  return 0;
}
