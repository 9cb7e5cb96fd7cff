// Proves the XML co-payment ratio parses to a percentage, displays as 割, and refuses garbage.
#include "common/domain/copayment.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(CopaymentTest, ParsesThreeDigitPercentages) {
  struct Case {
    const char* xml;
    int percent;
    const char* wari;
  };
  const Case cases[] = {
      {"030", 30, "3割"}, {"020", 20, "2割"},   {"010", 10, "1割"},
      {"000", 0, "0割"},  {"100", 100, "10割"}, {"015", 15, "1割5分"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.xml);
    Result<int> r = ParseCopaymentRatio(c.xml);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, c.percent);
    EXPECT_EQ(FormatCopaymentWari(*r), c.wari);
  }
}

TEST(CopaymentTest, RefusesGarbage) {
  for (const char* xml :
       {"", "30", "3", "0300", " 30", "03 ", "3割", "abc", "-30", "101", "999", "０３０"}) {
    SCOPED_TRACE(xml);
    Result<int> r = ParseCopaymentRatio(xml);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "copayment.invalid");
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(CopaymentTest, OutOfRangePercentHasNoDisplay) {
  EXPECT_EQ(FormatCopaymentWari(-10), "");
  EXPECT_EQ(FormatCopaymentWari(101), "");
}

}  // namespace
}  // namespace kakunin::domain
