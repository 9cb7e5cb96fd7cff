// card-info over the fake card: the fields, the JSON form, and that it spends no PIN try.

#include "agent/card/card_info.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/card/card_info_cli.h"
#include "agent/card/tests/fake_card.h"

namespace kakunin::card {
namespace {

using testing::FakeJpkiCard;

TEST(CardInfoTest, ReadsCertificateAndTriesWithoutSpendingOne) {
  FakeJpkiCard fake;
  fake.tries_left = 2;
  auto info = ReadCardInfoFrom(fake, CardInfo{.reader = "Test Reader"});
  ASSERT_TRUE(info.ok()) << info.error().ToString();
  EXPECT_TRUE(info->jpki_present);
  EXPECT_TRUE(info->extended_apdu);
  EXPECT_EQ(info->probe_diagnosis, "compliant");
  ASSERT_TRUE(info->certificate.has_value());
  EXPECT_NE(info->certificate->subject.find("CN=Kakunin Test User Auth"), std::string::npos);
  EXPECT_EQ(info->certificate->not_after, "2030-03-17T17:46:40Z");  // time_t 1900000000
  EXPECT_FALSE(info->certificate->serial.empty());
  EXPECT_EQ(info->pin_tries_left, 2);
  EXPECT_EQ(fake.tries_left, 2);
  EXPECT_EQ(info->counters.apdus, 5u);

  auto j = nlohmann::json::parse(CardInfoToJson(*info));
  EXPECT_EQ(j["reader"], "Test Reader");
  EXPECT_EQ(j["extended_apdu"], true);
  EXPECT_EQ(j["jpki_present"], true);
  EXPECT_EQ(j["pin_tries_left"], 2);
  EXPECT_EQ(j["not_after"], "2030-03-17T17:46:40Z");
  EXPECT_EQ(j["serial"], info->certificate->serial);
  EXPECT_TRUE(j["issuer"].is_string());
}

TEST(CardInfoTest, ForeignCardHasNoJpki) {
  FakeJpkiCard fake;
  fake.has_jpki = false;
  auto info = ReadCardInfoFrom(fake, CardInfo{.reader = "R"});
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->jpki_present);
  auto j = nlohmann::json::parse(CardInfoToJson(*info));
  EXPECT_TRUE(j["subject"].is_null());
  EXPECT_TRUE(j["pin_tries_left"].is_null());
}

TEST(CardInfoTest, NonCompliantReaderStillShowsTheCertificate) {
  FakeJpkiCard fake;
  fake.extended_supported = false;
  auto info = ReadCardInfoFrom(fake, CardInfo{.reader = "R"});
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->extended_apdu);
  EXPECT_EQ(info->probe_diagnosis, "reader_not_compliant");
  EXPECT_TRUE(info->certificate.has_value());
  EXPECT_NE(CardInfoToText(*info).find(
                "マイナンバーカード対応（拡張APDU）: 非対応（この機種では読めません）（reader_not_"
                "compliant）"),
            std::string::npos)
      << CardInfoToText(*info);
}

TEST(CardInfoCliTest, UsageErrorsAndHelp) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCardInfoCommand({"--bogus"}, out, err), 2);
  EXPECT_NE(err.str().find("不明な指定です"), std::string::npos) << err.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(RunCardInfoCommand({"--reader"}, out2, err2), 2);
  std::ostringstream out3, err3;
  EXPECT_EQ(RunCardInfoCommand({"--help"}, out3, err3), 0);
  EXPECT_NE(out3.str().find("kakunin-agent card-info [--reader NAME]"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::card
