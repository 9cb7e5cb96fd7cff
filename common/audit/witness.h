#pragma once
// Which signed audit heads a terminal keeps as a witness. Keeping only the newest few lets a
// consistent rewrite of the chain go unnoticed once enough new heads have been signed (32 heads
// were about five minutes); so a terminal keeps the newest `kRecentHeads`, and besides them the
// newest head of each Japanese calendar day for `kDailyHeadsDays` days. That is at most 432
// short lines (~150 KiB), and a rewrite reaching back up to 400 days still meets a head that
// contradicts it.

#include <cstdint>
#include <vector>

#include "common/audit/chain.h"

namespace kakunin::audit {

inline constexpr size_t kRecentHeads = 32;
inline constexpr int kDailyHeadsDays = 400;

// The heads to keep of `heads` (any order, duplicates by size and hash dropped), newest (by
// signing time) first. `now_us` is the current time, Unix microseconds.
std::vector<SignedHead> WitnessHeadsToKeep(std::vector<SignedHead> heads, int64_t now_us);

}  // namespace kakunin::audit
