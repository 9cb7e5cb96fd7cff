#include "server/storage/pool.h"

#include <poll.h>
#include <spdlog/spdlog.h>

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

}  // namespace

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ && conn_) pool_->Release(std::move(conn_), discard_);
}

ConnectionPool::~ConnectionPool() = default;

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<PgConnection> conn;
  std::vector<Idle> stale;  // closed outside the lock (a close may wait on the network)
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, acquire_timeout_,
                      [&] { return !idle_.empty() || outstanding_ < size_; })) {
      return MakeError(ErrorCode::kUnavailable, "db.unavailable",
                       "all " + std::to_string(size_) + " database connections stayed busy for " +
                           std::to_string(acquire_timeout_.count()) + " ms");
    }
    ++outstanding_;
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
    return Lease(this, std::move(conn));
  }
  try {
    conn = std::make_unique<PgConnection>(dsn_);
    for (const auto& [name, value] : settings_) conn->set_variable(name, value);
    conn->set_read_timeout_ms(static_cast<int>(read_timeout_.count()));
    return Lease(this, std::move(conn));
  } catch (const std::exception& e) {
    std::lock_guard lock(mu_);
    --outstanding_;
    cv_.notify_one();
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

void ConnectionPool::Release(std::unique_ptr<PgConnection> conn, bool discard) {
  std::lock_guard lock(mu_);
  --outstanding_;
  if (!discard && conn->is_open()) {
    idle_.push_back({std::move(conn), std::chrono::steady_clock::now()});
  }
  cv_.notify_one();
}

}  // namespace kakunin::server
