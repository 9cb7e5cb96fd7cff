// The restore note (restore-pending.json) read back at the server's start: what restore writes
// reads back the same, and a note of any other shape is audit.restore_note_unreadable (the server
// sets it aside and starts), never an exception out of the start.
#include "server/app/restore_note.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kakunin::server {
namespace {

TEST(RestoreNoteTest, WhatRestoreWritesReadsBack) {
  const PendingRestore p{1700000000000000, 1700000100000000, 123456};
  auto back = ParsePendingRestore(FormatPendingRestore(p));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->backup_created_at_us, p.backup_created_at_us);
  EXPECT_EQ(back->restored_at_us, p.restored_at_us);
  EXPECT_EQ(back->backup_size, p.backup_size);
}

TEST(RestoreNoteTest, EveryOtherShapeIsUnreadableNotAnException) {
  const std::vector<std::string> bad = {
      "",
      "{",
      "[]",
      "null",
      "{}",
      R"({"backup_created_at_us": 1, "restored_at_us": 2})",
      R"({"backup_created_at_us": "1", "restored_at_us": 2, "backup_size": 3})",
      R"({"backup_created_at_us": 1, "restored_at_us": 2.5, "backup_size": 3})",
      R"({"backup_created_at_us": 1, "restored_at_us": null, "backup_size": 3})",
      R"({"backup_created_at_us": 1, "restored_at_us": 2, "backup_size": -3})",
      R"({"backup_created_at_us": 1, "restored_at_us": 2, "backup_size": [3]})",
      R"({"backup_created_at_us": 1, "restored_at_us": 2, "backup_size": 9223372036854775808})",
      R"({"backup_created_at_us": 18446744073709551615, "restored_at_us": 2, "backup_size": 3})",
  };
  for (const auto& text : bad) {
    Result<PendingRestore> note(MakeError(ErrorCode::kInternal, "unset", ""));
    ASSERT_NO_THROW(note = ParsePendingRestore(text)) << text;
    ASSERT_FALSE(note.ok()) << text;
    EXPECT_EQ(note.error().reason(), "audit.restore_note_unreadable") << text;
  }
}

}  // namespace
}  // namespace kakunin::server
