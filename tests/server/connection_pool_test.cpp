// The connection pool against a real PostgreSQL: a pool whose connections all stay busy answers
// db.unavailable after its acquire timeout instead of blocking for ever, and serves again as soon
// as one comes back (also to a caller already waiting); every connection it opens carries the
// pool's session settings, also one opened after a broken one was discarded; a refused
// connection's error names no host, port or role (a stranger at Login may read it); a read
// (ReadTx) runs no longer than the pool's read bound and a wait for a lock no longer than its
// lock_timeout, both "db.timeout", while a transaction that writes never carries the read bound
// (its COMMIT must not be cancelled while it waits for a synchronous standby); a connection idle
// past the pool's idle limit is replaced before use, even one cut behind the pool's back; one the
// other end closed while it sat idle (a failover) is never handed out.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <pqxx/pqxx>

#include "server/storage/pg_text.h"
#include "server/storage/pool.h"
#include "server/storage/read_tx.h"
#include "tests/harness/private_postgres.h"

namespace kakunin::server {
namespace {

using ConnectionPoolTest = testing::PrivatePostgresSuite;

TEST_F(ConnectionPoolTest, AllConnectionsBusyIsARefusalAfterTheTimeoutNotAWaitForEver) {
  ConnectionPool pool(Dsn(), 1);
  pool.SetAcquireTimeout(std::chrono::milliseconds(300));
  std::optional<ConnectionPool::Lease> held;
  {
    auto first = pool.Acquire();
    ASSERT_TRUE(first.ok()) << first.error().ToString();
    held.emplace(std::move(*first));
  }
  const auto start = std::chrono::steady_clock::now();
  auto refused = pool.Acquire();
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().reason(), "db.unavailable");
  EXPECT_NE(refused.error().message().find("busy"), std::string::npos) << refused.error().message();
  EXPECT_GE(waited, std::chrono::milliseconds(300));

  // A caller already waiting gets the connection the moment it comes back.
  pool.SetAcquireTimeout(std::chrono::minutes(2));
  auto waiting = std::async(std::launch::async, [&] { return pool.Acquire(); });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  held.reset();
  auto served = waiting.get();
  ASSERT_TRUE(served.ok()) << served.error().ToString();
  pqxx::nontransaction tx(**served);
  EXPECT_EQ(tx.exec1("SELECT 1")[0].as<int>(), 1);
}

// HAProxy closes a database connection idle for an hour, and the pool does not hear of it: the
// next statement on it failed, and a console user read "database unavailable". A connection
// idle past the pool's limit is replaced instead of used; one used within it is kept.
TEST_F(ConnectionPoolTest, AConnectionIdlePastTheLimitIsReplacedEvenOneCutBehindItsBack) {
  ConnectionPool pool(Dsn(), 2);
  auto pid = [&] {
    auto lease = pool.Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease.ok()) return -1;
    pqxx::nontransaction tx(**lease);
    return tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
  };
  const int first = pid();
  EXPECT_EQ(pid(), first);  // within the limit: the same connection, pooled

  // Cut from the other side, as HAProxy does after its idle timeout.
  pqxx::connection admin(Dsn());
  {
    pqxx::nontransaction tx(admin);
    tx.exec1("SELECT pg_terminate_backend(" + std::to_string(first) + ")");
  }
  pool.SetMaxIdle(std::chrono::milliseconds(0));  // every idle connection is past the limit
  const int second = pid();
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);
}

// A failover closes every connection a pool holds while they sit idle, well within the idle
// limit. The first statement on each used to fail ("not connected"), one caller per connection:
// a console after a failover saw its catch-up fail eight times over. A connection closed by the
// other end is found before it is handed out, and its idle neighbours go with it.
TEST_F(ConnectionPoolTest, ConnectionsClosedByTheOtherEndWhileIdleAreNotHandedOut) {
  ConnectionPool pool(Dsn(), 3);
  std::vector<int> pids;
  {
    std::vector<ConnectionPool::Lease> held;
    for (int i = 0; i < 3; ++i) {
      auto lease = pool.Acquire();
      ASSERT_TRUE(lease.ok());
      pqxx::nontransaction tx(**lease);
      pids.push_back(tx.exec1("SELECT pg_backend_pid()")[0].as<int>());
      held.push_back(std::move(*lease));
    }
  }
  pqxx::connection admin(Dsn());
  {
    pqxx::nontransaction tx(admin);
    for (int pid : pids) tx.exec1("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  }
  // Gone before the pool is asked, so the test does not race the backends' exit.
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        pqxx::nontransaction tx(admin);
        std::string list;
        for (int pid : pids) list += (list.empty() ? "" : ",") + std::to_string(pid);
        return tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + list + ")")[0]
                   .as<int>() == 0;
      },
      std::chrono::seconds(10)));
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().ToString();
    pqxx::nontransaction tx(**lease);
    const int pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
    EXPECT_EQ(std::count(pids.begin(), pids.end(), pid), 0);
  }
}

TEST_F(ConnectionPoolTest, EveryNewConnectionCarriesThePoolsSettings) {
  ConnectionPool pool(Dsn(), 1, {{"plan_cache_mode", "force_generic_plan"}});
  ConnectionPool plain(Dsn(), 1);
  auto show = [](ConnectionPool& p) {
    auto lease = p.Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease.ok()) return std::string();
    pqxx::nontransaction tx(**lease);
    return tx.exec1("SHOW plan_cache_mode")[0].as<std::string>();
  };
  EXPECT_EQ(show(pool), "force_generic_plan");
  EXPECT_EQ(show(plain), "auto");
  {
    // A connection found broken is dropped; the one opened in its place has the settings too.
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    const int pid = (*lease)->backendpid();
    auto other = plain.Acquire();
    ASSERT_TRUE(other.ok());
    pqxx::nontransaction tx(**other);
    EXPECT_TRUE(tx.exec1("SELECT pg_terminate_backend(" + std::to_string(pid) + ")")[0].as<bool>());
    lease->Discard();
  }
  EXPECT_EQ(show(pool), "force_generic_plan");
}

TEST_F(ConnectionPoolTest, ARefusedConnectionTellsTheCallerNothingAboutTheDatabase) {
  // The real server with a role it does not know: libpq's text names the host, port and role.
  ConnectionPool pool(Dsn() + " user=kakunin_no_such_role", 1);
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.error().reason(), "db.unavailable");
  const std::string said = lease.error().ToString();
  for (const char* secret : {"kakunin_no_such_role", "FATAL", "port", "/"}) {
    EXPECT_EQ(said.find(secret), std::string::npos) << secret << " in: " << said;
  }
}

TEST_F(ConnectionPoolTest, AReadPastThePoolsBoundIsCancelledAndWritesNeverCarryIt) {
  ConnectionPool pool(Dsn(), 1);
  pool.SetReadTimeout(std::chrono::milliseconds(300));
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  const auto start = std::chrono::steady_clock::now();
  std::optional<Error> error;
  try {
    ReadTx tx(**lease);
    tx.exec("SELECT pg_sleep(20)");
  } catch (const std::exception& e) {
    error = DbError(e);
  }
  ASSERT_TRUE(error.has_value()) << "a 20 s read ran to its end";
  EXPECT_EQ(error->reason(), "db.timeout") << error->ToString();
  EXPECT_EQ(error->code(), ErrorCode::kDeadlineExceeded);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  {
    // The same connection, afterwards: the bound was the read's own (SET LOCAL).
    pqxx::work tx(**lease);
    EXPECT_EQ(tx.exec1("SHOW statement_timeout")[0].as<std::string>(), "0");
    tx.commit();
  }
  {
    ReadTx tx(**lease);
    EXPECT_EQ(tx.exec1("SHOW statement_timeout")[0].as<std::string>(), "300ms");
  }
  // A pool without a bound adds nothing.
  ConnectionPool plain(Dsn(), 1);
  auto other = plain.Acquire();
  ASSERT_TRUE(other.ok());
  ReadTx tx(**other);
  EXPECT_EQ(tx.exec1("SHOW statement_timeout")[0].as<std::string>(), "0");
}

TEST_F(ConnectionPoolTest, AWaitForAnotherSessionsLockEndsAtThePoolsLockTimeout) {
  ConnectionPool holder(Dsn(), 1);
  ConnectionPool pool(Dsn(), 1, {{"lock_timeout", "300"}});
  auto held = holder.Acquire();
  ASSERT_TRUE(held.ok());
  {
    pqxx::work setup(**held);
    setup.exec("CREATE TABLE IF NOT EXISTS pool_lock_probe (v int)");
    setup.commit();
  }
  pqxx::work lock(**held);
  lock.exec("LOCK TABLE pool_lock_probe IN ACCESS EXCLUSIVE MODE");
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  std::optional<Error> error;
  const auto start = std::chrono::steady_clock::now();
  try {
    pqxx::work tx(**lease);
    tx.exec("INSERT INTO pool_lock_probe VALUES (1)");
    tx.commit();
  } catch (const std::exception& e) {
    error = DbError(e);
  }
  ASSERT_TRUE(error.has_value()) << "the insert did not wait for the lock";
  EXPECT_EQ(error->reason(), "db.timeout") << error->ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  lock.abort();
  // Once the lock is gone, the same connection writes.
  pqxx::work tx(**lease);
  tx.exec("INSERT INTO pool_lock_probe VALUES (2)");
  tx.commit();
}

}  // namespace
}  // namespace kakunin::server
