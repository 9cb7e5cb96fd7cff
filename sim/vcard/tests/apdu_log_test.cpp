// Proves the APDU log never contains a PIN: VERIFY data is masked, every other command is kept.
#include "sim/vcard/apdu_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/vcard/tests/test_card.h"

namespace kakunin::vcard {
namespace {

TEST(MaskedCommandHex, HidesVerifyData) {
  EXPECT_EQ(MaskedCommandHex(*FromHex("00 20 00 80 04 31 32 33 34")), "00 20 00 80 04 ** ** ** **");
  EXPECT_EQ(MaskedCommandHex(*FromHex("00 20 00 80")), "00 20 00 80");
  EXPECT_EQ(MaskedCommandHex(*FromHex("00 20 00 80 00 00 04 31 32 33 34")),
            "00 20 00 80 00 00 04 ** ** ** **");
  // Malformed VERIFY: everything after the header is hidden.
  EXPECT_EQ(MaskedCommandHex(*FromHex("00 20 00 80 09 31 32 33 34")), "00 20 00 80 09 ** ** ** **");
  EXPECT_EQ(MaskedCommandHex(*FromHex("00 A4 02 0C 02 00 18")), "00 A4 02 0C 02 00 18");
}

TEST(ApduLog, WritesOneJsonObjectPerLineWithoutThePin) {
  const std::string path = testing::MakeTempDir() + "/apdu.jsonl";
  {
    ApduLog log;
    ASSERT_TRUE(log.Open(path).ok());
    log.Command(*FromHex("00 A4 02 0C 02 00 18"), "SELECT EF 0018");
    log.Response(*FromHex("90 00"), "9000");
    log.Command(*FromHex("00 20 00 80 04 31 32 33 34"), "VERIFY");
    log.Event("power off");
  }
  std::ifstream in(path);
  std::string line, all;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) {
    all += line + "\n";
    lines.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["dir"], "in");
  EXPECT_EQ(lines[0]["hex"], "00 A4 02 0C 02 00 18");
  EXPECT_EQ(lines[1]["dir"], "out");
  EXPECT_EQ(lines[2]["hex"], "00 20 00 80 04 ** ** ** **");
  EXPECT_EQ(lines[3]["dir"], "ctl");
  EXPECT_EQ(all.find("31 32 33 34"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::vcard
