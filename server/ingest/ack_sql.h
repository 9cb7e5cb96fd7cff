// The SQL that acknowledges terminals' results: each device up to the end of the contiguous run
// of its stored sequences above the one it had.

#pragma once

#include <cstdint>
#include <string>

namespace kakunin::server {

// How far above a device's acknowledgement one statement looks. A gap in a terminal's sequences
// (a broken terminal, rows HQ lost to a restore) keeps every later result unacknowledged until
// it is filled or closed, and each commit that took one of that terminal's batches read all of
// them again: 300,000 stored above a gap cost ≈ 270 ms in every such commit, shared with other
// branches' results. With the next sequence missing the statement now reads one index entry;
// with it stored, at most this many rows, so a run longer than that is acknowledged over
// several commits. One stream sends at most 4 × 2,000 results in one commit.
inline constexpr uint64_t kAckWindow = 10'000;

// CTEs `d` (the devices of the text array `ids`, their rows locked, `a` the acknowledged
// sequence) and `ack` (UPDATE … RETURNING device_id, acked_sequence). `own_inserts` names a CTE
// of (device_id, sequence) rows this statement inserted, which its snapshot cannot see, or is
// empty.
std::string AckCtes(const std::string& ids, const std::string& own_inserts);

// One statement: each device of the text array $1 acknowledged from what is stored; returns
// (device_id, acked_sequence).
const std::string& AckSql();

}  // namespace kakunin::server
