#include "server/rpc/change_budget.h"

namespace kakunin::server {

bool ChangeBudget::Take(const std::string& user_id, Clock::time_point now) {
  std::lock_guard lock(mu_);
  const auto since = now - std::chrono::minutes(1);
  if (recent_.size() >= max_tracked_ && !recent_.contains(user_id)) {
    for (auto it = recent_.begin(); it != recent_.end();) {
      it = it->second.empty() || it->second.back() < since ? recent_.erase(it) : std::next(it);
    }
    // Still full of users active this minute: forget them rather than grow.
    if (recent_.size() >= max_tracked_) recent_.clear();
  }
  auto& times = recent_[user_id];
  while (!times.empty() && times.front() < since) times.pop_front();
  if (static_cast<int>(times.size()) >= per_minute_) return false;
  times.push_back(now);
  return true;
}

}  // namespace kakunin::server
