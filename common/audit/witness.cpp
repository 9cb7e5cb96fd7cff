#include "common/audit/witness.h"

#include <algorithm>
#include <set>
#include <utility>

namespace kakunin::audit {
namespace {
constexpr int64_t kFutureTolerance = 86'400'000'000LL;  // a day
// The Japanese calendar day of a time (JST has no daylight saving: UTC+9 all year).
int64_t JapanDay(int64_t unix_us) {
  int64_t s = unix_us / 1'000'000 + 9 * 3600;
  return s >= 0 ? s / 86400 : (s - 86399) / 86400;
}
}  // namespace

std::vector<SignedHead> WitnessHeadsToKeep(std::vector<SignedHead> heads, int64_t now_us) {
  // Newest by signing time, not by size: after HQ is restored from a backup its new heads are
  // smaller than the lost history's, and they are the ones worth keeping. Heads dated more than
  // a day ahead (HQ's clock once ran ahead) come last and hold no day: else they would take the
  // newest places for good.
  const auto ahead = [now_us](const SignedHead& h) {
    return h.signed_at_us > now_us && h.signed_at_us - now_us > kFutureTolerance;
  };
  std::sort(heads.begin(), heads.end(), [&](const SignedHead& a, const SignedHead& b) {
    if (ahead(a) != ahead(b)) return ahead(b);
    return a.signed_at_us != b.signed_at_us ? a.signed_at_us > b.signed_at_us : a.size > b.size;
  });
  std::set<std::pair<uint64_t, Bytes>> seen;
  std::erase_if(heads, [&](const SignedHead& h) {
    return !seen.insert({h.size, h.root_hash}).second;
  });
  const int64_t today = JapanDay(now_us);
  std::vector<SignedHead> kept;
  std::set<int64_t> days;
  for (size_t i = 0; i < heads.size(); ++i) {
    const int64_t day = JapanDay(heads[i].signed_at_us);
    bool recent = i < kRecentHeads;
    // Newest first, so the first head met of a day is that day's newest.
    bool daily = !ahead(heads[i]) && today - day < kDailyHeadsDays && days.insert(day).second;
    if (recent || daily) kept.push_back(heads[i]);
    if (recent) days.insert(day);
  }
  return kept;
}

}  // namespace kakunin::audit
