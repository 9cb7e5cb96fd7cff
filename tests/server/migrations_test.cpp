// Migrations against a real PostgreSQL: the first start applies every migration and records it,
// a second start is a no-op, and a database whose schema is newer than the binary is refused.

#include "server/storage/migrations.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "tests/harness/private_postgres.h"

namespace kakunin::server {
namespace {

TEST(Migrations, ApplyOnceThenNoOpThenRefuseNewerSchema) {
  auto pg = testing::StartPrivatePostgres("kakunin-mig", "m");
  ASSERT_TRUE(pg.ok()) << pg.error().ToString();
  const std::string dir = pg->dir;
  auto conn_ptr = std::make_unique<pqxx::connection>(pg->pg->ConnectionString("m"));
  pqxx::connection& conn = *conn_ptr;

  auto first = ApplyMigrations(conn, AllMigrations());
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, AllMigrations().back().version);
  EXPECT_EQ(first->applied, static_cast<int>(AllMigrations().size()));

  auto second = ApplyMigrations(conn, AllMigrations());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->applied, 0);

  {
    pqxx::work tx(conn);
    tx.exec("INSERT INTO schema_migrations(version, name) VALUES (9999, 'from_the_future')");
    tx.commit();
  }
  auto third = ApplyMigrations(conn, AllMigrations());
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().reason(), "db.schema_too_new");
  conn_ptr.reset();
  pg->pg.reset();
  testing::RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::server
