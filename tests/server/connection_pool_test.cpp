// The connection pool against a real PostgreSQL: a pool whose connections all stay busy answers
// db.unavailable after its acquire timeout instead of blocking for ever, and serves again as soon
// as one comes back (also to a caller already waiting); every connection it opens carries the
// pool's session settings, also one opened after a broken one was discarded; a refused
// connection's error names no host, port or role (a stranger at Login may read it).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <pqxx/pqxx>

#include "server/storage/pool.h"
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

}  // namespace
}  // namespace kakunin::server
