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

std::shared_ptr<void> CallsInFlight::Enter(const std::string& user_id) {
  {
    std::lock_guard lock(mu_);
    int& n = running_[user_id];
    if (n >= per_user_) return nullptr;
    ++n;
  }
  // The map's size is the number of users with calls running: an entry goes with its last call.
  // The pointer only has to be non-null; the deleter gives the slot back.
  return std::shared_ptr<void>(this, [this, user_id](void*) { Leave(user_id); });
}

int CallsInFlight::running(const std::string& user_id) {
  std::lock_guard lock(mu_);
  auto it = running_.find(user_id);
  return it == running_.end() ? 0 : it->second;
}

void CallsInFlight::Leave(const std::string& user_id) {
  std::lock_guard lock(mu_);
  auto it = running_.find(user_id);
  if (it != running_.end() && --it->second <= 0) running_.erase(it);
}

}  // namespace kakunin::server
