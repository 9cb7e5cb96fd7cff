#include <gtest/gtest.h>

#include "server/storage/pool.h"

namespace kakunin::server {
namespace {

TEST(OwnerShares, AnOwnerAtItsShareWaitsWhileOthersAndTheServerDoNot) {
  OwnerShares shares;
  shares.set_limit(2);
  EXPECT_TRUE(shares.MayTake("u-script"));
  shares.Took("u-script");
  shares.Took("u-script");
  EXPECT_EQ(shares.held("u-script"), 2u);
  EXPECT_FALSE(shares.MayTake("u-script"));
  EXPECT_TRUE(shares.MayTake("u-hq"));
  EXPECT_TRUE(shares.MayTake(""));  // the server's own work has no owner
  shares.Gave("u-script");
  EXPECT_TRUE(shares.MayTake("u-script"));
}

TEST(OwnerShares, WithoutALimitEveryoneMayTakeAndEntriesGoWithTheirLast) {
  OwnerShares shares;
  for (int i = 0; i < 10; ++i) shares.Took("u-a");
  EXPECT_TRUE(shares.MayTake("u-a"));
  shares.Took("");  // not counted
  EXPECT_EQ(shares.owners(), 1u);
  for (int i = 0; i < 10; ++i) shares.Gave("u-a");
  shares.Gave("");
  shares.Gave("u-never");
  EXPECT_EQ(shares.owners(), 0u);
  EXPECT_EQ(shares.held("u-a"), 0u);
}

}  // namespace
}  // namespace kakunin::server
