#pragma once
// A small pool of libpqxx connections (a connection is not thread-safe). Broken
// connections are replaced on the next Acquire, so a database restart heals by itself, and one
// idle for longer than the pool's idle limit is replaced before it is used: something between
// HQ and the database (HAProxy's idle timeout of an hour, a firewall) may have cut it without a
// word, and its first statement would fail.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/core/result.h"
#include "server/storage/pg_connection.h"

namespace kakunin::server {

// How many of a pool's connections each owner (a console user) holds, for a pool that lends one
// owner at most `limit` at once (0: no limit). Not thread-safe: the pool guards it.
class OwnerShares {
 public:
  void set_limit(size_t limit) { limit_ = limit; }
  size_t limit() const { return limit_; }
  // No owner (the server's own work) and no limit: always.
  bool MayTake(const std::string& owner) const;
  void Took(const std::string& owner);
  void Gave(const std::string& owner);
  size_t held(const std::string& owner) const;
  // Owners holding any: an entry goes with its owner's last connection.
  size_t owners() const { return held_.size(); }

 private:
  size_t limit_ = 0;
  std::unordered_map<std::string, size_t> held_;
};

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> conn, std::string owner = {});
    ~Lease();
    Lease(Lease&&) = default;
    PgConnection& operator*() { return *conn_; }
    PgConnection* operator->() { return conn_.get(); }
    // Call after a broken-connection error: the connection is dropped, not returned.
    void Discard() { discard_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<PgConnection> conn_;
    std::string owner_;
    bool discard_ = false;
  };

  // Acquisitions on this thread while one lives are made for `owner` (the console's user; the
  // handler's thread runs the whole call). Scopes nest; the innermost names the owner.
  class OwnerScope {
   public:
    explicit OwnerScope(std::string owner);
    ~OwnerScope();
    OwnerScope(const OwnerScope&) = delete;
    OwnerScope& operator=(const OwnerScope&) = delete;

   private:
    std::string owner_;
    const std::string* previous_;
  };
  // One owner holds at most this many connections at once (0: no limit). Its further
  // acquisitions wait, within the acquire timeout, for its own to come back, while other owners
  // are served from the rest: a branch manager's script of slow reads in parallel left HQ and
  // every other branch waiting for a connection. A wait, not a refusal: the console itself makes
  // several calls at once after a login. Before serving.
  void SetOwnerLimit(size_t per_owner) { shares_.set_limit(per_owner); }

  // Session variables every new connection gets (SET name = value), e.g. a planner mode for
  // a pool that runs one statement only.
  using Settings = std::vector<std::pair<std::string, std::string>>;
  ConnectionPool(std::string dsn, size_t size, Settings settings = {})
      : dsn_(std::move(dsn)), size_(size), settings_(std::move(settings)) {}
  ~ConnectionPool();
  // Waits at most the acquire timeout for a connection. A database that hangs instead of
  // refusing (a stuck primary, a lock held for ever) keeps every connection busy: callers then
  // get db.unavailable, not a thread blocked for ever.
  Result<Lease> Acquire();
  static constexpr std::chrono::milliseconds kAcquireTimeout{20'000};
  void SetAcquireTimeout(std::chrono::milliseconds timeout) { acquire_timeout_ = timeout; }
  const std::string& dsn() const { return dsn_; }
  // How long one statement of a read-only transaction (ReadTx) may run on this pool's
  // connections; 0: no limit.
  void SetReadTimeout(std::chrono::milliseconds timeout) { read_timeout_ = timeout; }
  // A connection idle for longer is closed instead of used (well under HAProxy's hour).
  static constexpr std::chrono::milliseconds kMaxIdle{10 * 60 * 1000};
  void SetMaxIdle(std::chrono::milliseconds max_idle) { max_idle_ = max_idle; }
  std::chrono::milliseconds max_idle() const { return max_idle_; }

 private:
  void Release(std::unique_ptr<PgConnection> conn, bool discard, const std::string& owner);
  // Closes every idle connection (one found closed by the other end: the rest likely are too).
  void DropIdle();

  std::string dsn_;
  size_t size_;
  Settings settings_;
  std::chrono::milliseconds acquire_timeout_ = kAcquireTimeout;
  std::chrono::milliseconds read_timeout_{0};
  std::chrono::milliseconds max_idle_ = kMaxIdle;
  size_t outstanding_ = 0;
  OwnerShares shares_;
  std::mutex mu_;
  std::condition_variable cv_;
  struct Idle {
    std::unique_ptr<PgConnection> conn;
    std::chrono::steady_clock::time_point since;
  };
  std::vector<Idle> idle_;  // the most recently used last
};

}  // namespace kakunin::server
