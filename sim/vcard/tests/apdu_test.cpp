// Proves the command-APDU parser handles the four ISO cases in short and extended form and
// rejects lengths that do not add up.
#include "sim/vcard/apdu.h"

#include <gtest/gtest.h>

namespace kakunin::vcard {
namespace {

CommandApdu Parse(std::string_view hex) {
  auto apdu = ParseCommandApdu(*FromHex(hex));
  EXPECT_TRUE(apdu.ok()) << hex;
  return apdu.ok() ? *apdu : CommandApdu{};
}

TEST(ParseCommandApdu, ShortCases) {
  CommandApdu case1 = Parse("00 20 00 80");
  EXPECT_TRUE(case1.data.empty());
  EXPECT_FALSE(case1.le);

  CommandApdu case2 = Parse("00 B0 00 00 00");
  EXPECT_EQ(case2.le, 256u);
  EXPECT_FALSE(case2.extended);

  CommandApdu case3 = Parse("00 A4 02 0C 02 00 0A");
  EXPECT_EQ(ToHex(case3.data), "000a");
  EXPECT_FALSE(case3.le);

  CommandApdu case4 = Parse("80 2A 00 80 03 01 02 03 00");
  EXPECT_EQ(case4.cla, 0x80);
  EXPECT_EQ(case4.ins, 0x2A);
  EXPECT_EQ(ToHex(case4.data), "010203");
  EXPECT_EQ(case4.le, 256u);
}

TEST(ParseCommandApdu, ExtendedCases) {
  CommandApdu read_all = Parse("00 B0 00 00 00 00 00");
  EXPECT_TRUE(read_all.extended);
  EXPECT_EQ(read_all.le, 65536u);

  CommandApdu read_some = Parse("00 B0 00 00 00 07 D0");
  EXPECT_EQ(read_some.le, 2000u);

  CommandApdu case3 = Parse("00 A4 02 0C 00 00 02 00 0A");
  EXPECT_TRUE(case3.extended);
  EXPECT_EQ(ToHex(case3.data), "000a");

  CommandApdu case4 = Parse("80 2A 00 80 00 00 02 AA BB 00 00");
  EXPECT_EQ(ToHex(case4.data), "aabb");
  EXPECT_EQ(case4.le, 65536u);
}

TEST(ParseCommandApdu, RejectsInconsistentLengths) {
  for (const char* hex : {"00", "00 A4 04", "00 A4 02 0C 03 00 0A", "00 A4 02 0C 02 00 0A 00 00",
                          "00 B0 00 00 00 00", "00 A4 02 0C 00 00 05 00 0A"}) {
    auto apdu = ParseCommandApdu(*FromHex(hex));
    ASSERT_FALSE(apdu.ok()) << hex;
    EXPECT_EQ(apdu.error().reason(), "apdu.wrong_length");
  }
}

TEST(MakeResponse, AppendsTheStatusWord) {
  const Bytes data = {0x01, 0x02};
  EXPECT_EQ(ToHex(MakeResponse(data, 0x9000)), "01029000");
  EXPECT_EQ(ResponseStatus(MakeResponse(0x63C2)), 0x63C2);
}

}  // namespace
}  // namespace kakunin::vcard
