// QueryAudit's page token is a record number and nothing else: the tokens the server hands out
// read back, and a sign, a blank, a 20th digit or a number past INT64_MAX (which strtoull used
// to take, and the query turned into an empty page) is refused.
#include "server/audit/audit_page_token.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace kakunin::server {
namespace {

TEST(AuditPageTokenTest, ReadsTheNumbersTheServerWrites) {
  for (int64_t seq :
       {int64_t{1}, int64_t{42}, int64_t{1000000}, std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(ParseAuditPageToken(std::to_string(seq)), seq);
  }
  EXPECT_EQ(ParseAuditPageToken("0007"), 7);  // leading zeros are still the number
}

TEST(AuditPageTokenTest, RefusesAnythingElse) {
  for (const std::string& token : std::vector<std::string>{
           "", "0", "-1", "+1", " 1", "1 ", "1x", "0x10", "1e3", "１", "9223372036854775808",
           "18446744073709551615", "99999999999999999999", "00000000000000000001",
           std::string{'1', '\0', '2'}}) {
    EXPECT_EQ(ParseAuditPageToken(token), std::nullopt) << token;
  }
}

}  // namespace
}  // namespace kakunin::server
