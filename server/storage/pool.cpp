#include "server/storage/pool.h"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <pqxx/pqxx>
#include <string>

namespace kakunin::server {

namespace {

// A connection the server (or HAProxy, at a failover) closed while it sat idle has its end of
// file waiting to be read, and an idle connection has nothing else to read. Such a one is dropped
// rather than handed to a caller whose query would fail on it: after a failover every idle
// connection of a pool is dead, and a console then saw one failed call per connection.
bool ClosedWhileIdle(const PgConnection& conn) {
  const int fd = conn.sock();
  if (fd < 0) return true;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) != 0;
}

thread_local const std::string* t_owner = nullptr;
// The pools this thread holds a lease of for an owner: a call that takes a second connection
// while holding one never waits for its own share (it would wait for itself).
thread_local std::vector<const ConnectionPool*> t_holding;

}  // namespace

bool OwnerShares::MayTake(const std::string& owner) const {
  return limit_ == 0 || owner.empty() || held(owner) < limit_;
}

void OwnerShares::Took(const std::string& owner) {
  if (!owner.empty()) ++held_[owner];
}

void OwnerShares::Gave(const std::string& owner) {
  auto it = held_.find(owner);
  if (it != held_.end() && --it->second == 0) held_.erase(it);
}

size_t OwnerShares::held(const std::string& owner) const {
  auto it = held_.find(owner);
  return it == held_.end() ? 0 : it->second;
}

ConnectionPool::OwnerScope::OwnerScope(std::string owner)
    : owner_(std::move(owner)), previous_(t_owner) {
  t_owner = &owner_;
}

ConnectionPool::OwnerScope::~OwnerScope() { t_owner = previous_; }

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> conn,
                             std::string owner)
    : pool_(pool), conn_(std::move(conn)), owner_(std::move(owner)) {
  if (!owner_.empty()) t_holding.push_back(pool_);
}

ConnectionPool::Lease::~Lease() {
  if (!pool_ || !conn_) return;
  if (!owner_.empty()) {
    if (auto it = std::find(t_holding.begin(), t_holding.end(), pool_); it != t_holding.end()) {
      t_holding.erase(it);
    }
  }
  pool_->Release(std::move(conn_), discard_, owner_);
}

ConnectionPool::~ConnectionPool() = default;

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<PgConnection> conn;
  std::vector<Idle> stale;  // closed outside the lock (a close may wait on the network)
  const std::string owner = t_owner ? *t_owner : std::string();
  const bool nested =
      !owner.empty() && std::find(t_holding.begin(), t_holding.end(), this) != t_holding.end();
  const std::string& waits_as = nested ? std::string() : owner;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, acquire_timeout_, [&] {
          return (!idle_.empty() || outstanding_ < size_) && shares_.MayTake(waits_as);
        })) {
      if (!shares_.MayTake(waits_as)) {
        return MakeError(ErrorCode::kResourceExhausted, "db.share_busy",
                         "your other calls held all " + std::to_string(shares_.limit()) +
                             " database connections one user may hold at once for " +
                             std::to_string(acquire_timeout_.count()) + " ms");
      }
      return MakeError(ErrorCode::kUnavailable, "db.unavailable",
                       "all " + std::to_string(size_) + " database connections stayed busy for " +
                           std::to_string(acquire_timeout_.count()) + " ms");
    }
    ++outstanding_;
    shares_.Took(owner);
    // The oldest are first: those idle too long go, the most recently used is taken.
    const auto now = std::chrono::steady_clock::now();
    auto fresh = idle_.begin();
    while (fresh != idle_.end() && now - fresh->since >= max_idle_) ++fresh;
    stale.assign(std::make_move_iterator(idle_.begin()), std::make_move_iterator(fresh));
    idle_.erase(idle_.begin(), fresh);
    if (!idle_.empty()) {
      conn = std::move(idle_.back().conn);
      idle_.pop_back();
    }
  }
  stale.clear();
  if (conn && conn->is_open() && ClosedWhileIdle(*conn)) {
    spdlog::info("database: an idle connection was closed by the other end; opening another");
    DropIdle();  // its neighbours went with it (a failover, a restarted server)
    conn.reset();
  }
  if (conn && conn->is_open()) {
    conn->set_read_timeout_ms(static_cast<int>(read_timeout_.count()));
    return Lease(this, std::move(conn), owner);
  }
  try {
    conn = std::make_unique<PgConnection>(dsn_);
    for (const auto& [name, value] : settings_) conn->set_variable(name, value);
    conn->set_read_timeout_ms(static_cast<int>(read_timeout_.count()));
    return Lease(this, std::move(conn), owner);
  } catch (const std::exception& e) {
    std::lock_guard lock(mu_);
    --outstanding_;
    shares_.Gave(owner);
    cv_.notify_all();
    // libpq's text names hosts, ports and roles: HQ's log gets it, a caller (who may be a
    // stranger at Login or Enroll) does not.
    spdlog::error("database: cannot connect: {}", e.what());
    return MakeError(ErrorCode::kUnavailable, "db.unavailable", "cannot connect to the database");
  }
}

void ConnectionPool::DropIdle() {
  std::vector<Idle> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(idle_);
  }
}

void ConnectionPool::Release(std::unique_ptr<PgConnection> conn, bool discard,
                             const std::string& owner) {
  std::lock_guard lock(mu_);
  --outstanding_;
  shares_.Gave(owner);
  if (!discard && conn->is_open()) {
    idle_.push_back({std::move(conn), std::chrono::steady_clock::now()});
  }
  // Every waiter looks: the first in line may be an owner at its share, who must not swallow
  // the wake-up another owner could use.
  cv_.notify_all();
}

}  // namespace kakunin::server
