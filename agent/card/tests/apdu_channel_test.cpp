// ApduChannel over a scripted transport: 61xx is followed with GET RESPONSE, 6Cxx re-sends
// with the right Le, malformed answers become clear errors, counters add up, and a forbidden
// SELECT never reaches the transport.

#include "agent/card/apdu_channel.h"

#include <gtest/gtest.h>

#include "agent/card/tests/fake_card.h"

namespace kakunin::card {
namespace {

using testing::ScriptedTransport;
using testing::Sw;
using testing::WithSw;

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

TEST(ApduChannelTest, FollowsGetResponseAndConcatenates) {
  ScriptedTransport t;
  t.answers = {Sw(0x6100), WithSw(Bytes(256, 0xAA), 0x6104), WithSw(Hex("01020304"), 0x9000)};
  ApduChannel channel(t);
  auto r = channel.Exchange({.ins = 0xB0, .ne = 65536, .force_extended = true});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->ok());
  EXPECT_EQ(r->data.size(), 260u);
  ASSERT_EQ(t.commands.size(), 3u);
  EXPECT_EQ(t.commands[1], Hex("00C0000000"));  // 61 00 = 256 more
  EXPECT_EQ(t.commands[2], Hex("00C0000004"));
  EXPECT_EQ(channel.counters().apdus, 3u);
  EXPECT_EQ(channel.counters().bytes_out, 7u + 5u + 5u);
  EXPECT_EQ(channel.counters().bytes_in, 2u + 258u + 6u);
}

TEST(ApduChannelTest, GetResponseUsesAnInterindustryClass) {
  ScriptedTransport t;
  t.answers = {Sw(0x6102), WithSw(Hex("0102"), 0x9000)};
  ApduChannel channel(t);
  ASSERT_TRUE(channel.Exchange({.cla = 0x80, .ins = 0x2A, .data = Hex("01"), .ne = 256}).ok());
  EXPECT_EQ(t.commands[1], Hex("00C0000002"));
}

TEST(ApduChannelTest, ResendsOnceWithTheLengthThe6CAsksFor) {
  ScriptedTransport t;
  t.answers = {Sw(0x6C10), WithSw(Bytes(16, 0x55), 0x9000)};
  ApduChannel channel(t);
  auto r = channel.Exchange({.ins = 0xB0, .ne = 256});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data.size(), 16u);
  EXPECT_EQ(t.commands[1], Hex("00B0000010"));
}

TEST(ApduChannelTest, A6CLoopIsNotFollowedForever) {
  ScriptedTransport t;
  t.answers = {Sw(0x6C10), Sw(0x6C10), Sw(0x6C10)};
  ApduChannel channel(t);
  auto r = channel.Exchange({.ins = 0xB0, .ne = 256});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sw(), 0x6C10);
  EXPECT_EQ(t.commands.size(), 2u);
}

TEST(ApduChannelTest, EndlessGetResponseIsCut) {
  ScriptedTransport t;
  for (int i = 0; i < 400; ++i) t.answers.push_back(WithSw(Bytes(256, 0), 0x6100));
  ApduChannel channel(t);
  auto r = channel.Exchange({.ins = 0xB0, .ne = 256});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "card.bad_response");
  EXPECT_LE(t.commands.size(), 258u);
}

TEST(ApduChannelTest, MalformedResponsesAreClearErrors) {
  for (const Bytes& raw : {Bytes{}, Bytes{0x90}}) {
    ScriptedTransport t;
    t.answers = {raw};
    ApduChannel channel(t);
    auto r = channel.Exchange({.ins = 0xB0, .ne = 256});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "card.bad_response");
  }
}

TEST(ApduChannelTest, TransportErrorsPassThrough) {
  ScriptedTransport t;
  t.answers = {MakeError(ErrorCode::kUnavailable, "card.removed", "gone")};
  ApduChannel channel(t);
  auto r = channel.Exchange({.ins = 0xB0, .ne = 256});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "card.removed");
}

TEST(ApduChannelTest, ForbiddenSelectNeverReachesTheTransport) {
  ScriptedTransport t;
  t.answers = {Sw(0x9000)};
  ApduChannel channel(t);
  CommandApdu select{.ins = 0xA4, .p1 = 0x04, .p2 = 0x0C, .data = Hex("D3921000310001010408")};
  auto r = channel.Exchange(select);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "card.forbidden_aid");
  EXPECT_TRUE(t.commands.empty());
  EXPECT_EQ(channel.counters().apdus, 0u);
}

}  // namespace
}  // namespace kakunin::card
