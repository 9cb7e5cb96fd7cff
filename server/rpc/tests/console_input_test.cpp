// The console's edge check (CheckConsoleRequest): ids, text, repeated fields, whatever the request.
#include "server/rpc/console_input.h"

#include <gtest/gtest.h>

#include "kakunin/v1/console.pb.h"

namespace kakunin::server {
namespace {

std::string Refusal(const google::protobuf::Message& m) {
  const Status s = CheckConsoleRequest(m);
  if (s.ok()) return "";
  EXPECT_EQ(s.error().reason(), "console.bad_field");
  return s.error().message();
}

TEST(ConsoleInput, OrdinaryRequestsPass) {
  v1::UpsertClaimRequest claim;
  claim.mutable_claim()->set_site_id("honcho-01");
  auto* item = claim.mutable_claim()->add_items();
  item->set_device_id("dev-0a1b2c3d");
  item->set_description("カードリーダー\n2台");
  EXPECT_EQ(Refusal(claim), "");
  v1::CreateUserRequest user;
  user.set_login("manager");
  for (int i = 0; i < 200; ++i) user.add_site_ids("site-" + std::to_string(i));
  EXPECT_EQ(Refusal(user), "");
}

// The review's way in: a terminal id with a NUL and megabytes after it matched the user's own
// terminal in the database and went whole into the audit record.
TEST(ConsoleInput, AnIdWithANulOrOfMegabytesIsRefusedNamingTheFieldNotTheValue) {
  v1::UpsertClaimRequest claim;
  auto* item = claim.mutable_claim()->add_items();
  item->set_device_id(std::string("dev-0a1b\0", 9) + std::string(1 << 20, 'A'));
  const std::string refused = Refusal(claim);
  EXPECT_EQ(refused.rfind("claim.items[0].device_id: ", 0), 0u) << refused;
  EXPECT_LT(refused.size(), 200u);
  v1::RevokeDeviceRequest revoke;
  revoke.set_device_id("dev x");
  EXPECT_NE(Refusal(revoke), "");
  revoke.set_device_id(std::string(65, 'a'));
  EXPECT_NE(Refusal(revoke), "");
  revoke.set_device_id(std::string(64, 'a'));
  EXPECT_EQ(Refusal(revoke), "");
}

TEST(ConsoleInput, TextIsBoundedAndHasNoNul) {
  v1::RevokeDeviceRequest revoke;
  revoke.set_device_id("dev-1");
  revoke.set_reason(std::string("盗難\0", 7));
  EXPECT_EQ(Refusal(revoke), "reason: contains a NUL character");
  revoke.set_reason(std::string(kConsoleTextBytes + 1, 'x'));
  EXPECT_NE(Refusal(revoke), "");
  // A programme's JSON has the programme file's own, larger bound.
  v1::UpsertProgramRequest programme;
  programme.mutable_program()->set_data_json(std::string(kConsoleTextBytes + 1, ' '));
  EXPECT_EQ(Refusal(programme), "");
}

TEST(ConsoleInput, RepeatedFieldsAreBounded) {
  v1::CreateUserRequest user;
  for (int i = 0; i <= kConsoleRepeated; ++i) user.add_site_ids("s1");
  EXPECT_EQ(Refusal(user), "site_ids: more than 1000 entries");
  v1::CreateUserRequest odd;
  odd.add_site_ids("honcho");
  odd.add_site_ids("本町");
  EXPECT_EQ(Refusal(odd).rfind("site_ids[1]: ", 0), 0u);
}

}  // namespace
}  // namespace kakunin::server
