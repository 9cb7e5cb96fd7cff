// The privacy deny-list: SELECTs that could reach the applications holding the individual
// number or card-face data are recognised in every encoding; everything else passes.

#include "agent/card/deny_list.h"

#include <gtest/gtest.h>

namespace kakunin::card {
namespace {

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

TEST(DenyListTest, RefusesTheTwoForbiddenApplications) {
  // 券面事項入力補助AP and 券面AP, as public implementations select them.
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C0AD3921000310001010408")));
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C0AD3921000310001010402")));
  Status s = CheckCommandAllowed(Hex("00A4040C0AD3921000310001010408"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "card.forbidden_aid");
  EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
}

TEST(DenyListTest, RefusesOtherEncodingsOfTheSameSelect) {
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A404000AD392100031000101040800")));    // with Le, FCI
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C00000AD3921000310001010408")));  // extended Lc
  EXPECT_TRUE(IsForbiddenSelect(Hex("04A4040C0AD3921000310001010408")));      // other channel
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C05D392100031")));                // prefix only
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C03D39210")));  // partial name selection
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A4040C0AD39210")));  // Lc lies about the length
  EXPECT_TRUE(IsForbiddenSelect(Hex("00A40400")));          // no name at all
  EXPECT_TRUE(IsForbiddenSelect(Hex("10A4040C02D392")));    // chained SELECT
}

TEST(DenyListTest, AllowsWhatTheAgentSends) {
  EXPECT_FALSE(IsForbiddenSelect(Hex("00A4040C0AD392F000260100000001")));  // JPKI AP
  EXPECT_FALSE(IsForbiddenSelect(Hex("00A4020C02000A")));                  // SELECT EF
  EXPECT_FALSE(IsForbiddenSelect(Hex("00B00000000000")));
  EXPECT_FALSE(IsForbiddenSelect(Hex("00200080")));
  EXPECT_FALSE(IsForbiddenSelect(Hex("00A4")));  // too short to be anything
  EXPECT_FALSE(IsForbiddenSelect({}));
  EXPECT_TRUE(CheckCommandAllowed(Hex("00A4040C0AD392F000260100000001")).ok());
}

}  // namespace
}  // namespace kakunin::card
