#include "server/rpc/watch_registry.h"

#include <spdlog/spdlog.h>

namespace kakunin::server {

// Thread-safe in gRPC; under the registry's lock, the context is still alive.
void WatchRegistry::End(WatchSlot& w) {
  w.ended = true;
  w.ctx->TryCancel();
}

WatchRegistry::Entry::~Entry() {
  std::lock_guard lock(registry_->mu_);
  registry_->watches_.erase(it_);
}

WatchRegistry::Entry WatchRegistry::Add(const std::string& user_id, const std::string& token,
                                        grpc::ServerContext* ctx) {
  std::lock_guard lock(mu_);
  size_t held = 0;
  for (const auto& w : watches_) held += w.user_id == user_id && !w.ended;
  // TryCancel under the lock: an entry leaves only under it, before its context is gone.
  for (auto it = watches_.begin(); held >= kPerUser && it != watches_.end(); ++it) {
    if (it->user_id != user_id || it->ended) continue;
    spdlog::warn("user {}: a watch beyond {} ends the oldest", user_id, kPerUser);
    End(*it);
    --held;
  }
  return Entry(this, watches_.insert(watches_.end(), {user_id, token, ctx, false}));
}

void WatchRegistry::EndSession(const std::string& token) {
  std::lock_guard lock(mu_);
  for (auto& w : watches_) {
    if (w.token == token) End(w);
  }
}

void WatchRegistry::EndUser(const std::string& user_id) {
  std::lock_guard lock(mu_);
  for (auto& w : watches_) {
    if (w.user_id == user_id) End(w);
  }
}

size_t WatchRegistry::size() {
  std::lock_guard lock(mu_);
  return watches_.size();
}

}  // namespace kakunin::server
