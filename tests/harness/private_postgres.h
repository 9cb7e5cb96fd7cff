#pragma once
// A test's own PostgreSQL: a temporary directory (readable by the unprivileged user initdb runs
// as), the server started in it, and one database made.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <memory>
#include <string>

#include "common/core/result.h"
#include "server/storage/embedded_postgres.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

struct PrivatePostgres {
  std::string dir;  // remove with RemoveTree after the server has stopped
  std::unique_ptr<server::EmbeddedPostgres> pg;
};

// `prefix` names the temporary directory; `dir`/pg holds the data.
inline Result<PrivatePostgres> StartPrivatePostgres(const std::string& prefix,
                                                    const std::string& database) {
  PrivatePostgres out;
  out.dir = MakeTempDir(prefix);
  ::chmod(out.dir.c_str(), 0755);
  server::EmbeddedPostgresOptions opts;
  opts.data_dir = out.dir + "/pg";
  KAKUNIN_ASSIGN_OR_RETURN(out.pg, server::EmbeddedPostgres::Start(opts));
  KAKUNIN_RETURN_IF_ERROR(out.pg->CreateDatabase(database));
  return out;
}

// A test suite whose tests share one private PostgreSQL with one database, "t".
class PrivatePostgresSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pg = StartPrivatePostgres("kakunin-pg", "t");
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    dir_ = pg->dir;
    pg_ = std::move(pg->pg);
  }
  static void TearDownTestSuite() {
    pg_.reset();
    RemoveTree(dir_);
  }
  static std::string Dsn() { return pg_->ConnectionString("t"); }

  static inline std::string dir_;
  static inline std::unique_ptr<server::EmbeddedPostgres> pg_;
};

}  // namespace kakunin::testing
