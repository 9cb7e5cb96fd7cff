// Proves the PIN format rule never echoes the PIN, and that the lock guard refuses VERIFY at
// one try left (a typo would lock the card) and at zero.
#include "common/domain/pin.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(PinTest, AcceptsExactlyFourAsciiDigits) {
  for (const char* pin : {"0000", "1234", "9999", "0912"}) {
    SCOPED_TRACE(pin);
    EXPECT_TRUE(ValidatePinFormat(pin).ok());
  }
}

TEST(PinTest, RefusesOtherShapesWithoutEchoingThePin) {
  struct Case {
    const char* pin;
    const char* reason;
  };
  const Case cases[] = {
      {"", "pin.wrong_length"},      {"123", "pin.wrong_length"},    {"12345", "pin.wrong_length"},
      {"１２３４", "pin.fullwidth"},  // named, not "12 chars"
      {"12３4", "pin.fullwidth"},    {"ひとつ", "pin.wrong_length"}, {"12a4", "pin.not_digits"},
      {"12 4", "pin.not_digits"},    {"-123", "pin.not_digits"},     {"+123", "pin.not_digits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reason);
    const Status status = ValidatePinFormat(c.pin);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().reason(), c.reason);
    if (c.pin[0] != '\0') {
      EXPECT_EQ(status.error().ToString().find(c.pin), std::string::npos);
    }
  }
  // Characters are counted, not bytes.
  EXPECT_NE(ValidatePinFormat("ひとつ").error().message().find("got 3 characters"),
            std::string::npos);
  // A 4-character PIN with a NUL inside is not 4 digits either.
  EXPECT_EQ(ValidatePinFormat(std::string_view("12\0"
                                               "4",
                                               4))
                .error()
                .reason(),
            "pin.not_digits");
}

TEST(PinTest, TriesLeftComesFromStatusWord63Cx) {
  EXPECT_EQ(*TriesLeftFromStatusWord(0x63C3), 3);
  EXPECT_EQ(*TriesLeftFromStatusWord(0x63C2), 2);
  EXPECT_EQ(*TriesLeftFromStatusWord(0x63C1), 1);
  EXPECT_EQ(*TriesLeftFromStatusWord(0x63C0), 0);
  EXPECT_EQ(*TriesLeftFromStatusWord(0x6984), 0);
  for (uint16_t sw : {0x9000, 0x6A82, 0x6982, 0x6700, 0x63D3, 0x6300}) {
    SCOPED_TRACE(sw);
    Result<int> r = TriesLeftFromStatusWord(sw);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "card.unexpected_status_word");
  }
}

TEST(PinTest, GuardAllowsVerifyOnlyWithTwoOrMoreTriesLeft) {
  struct Case {
    int tries_left;
    bool allowed;
    const char* reason;
    ErrorCode code;
  };
  const Case cases[] = {
      {3, true, "", ErrorCode::kInternal},
      {2, true, "", ErrorCode::kInternal},
      {1, false, "card.pin_last_try", ErrorCode::kFailedPrecondition},
      {0, false, "card.pin_locked", ErrorCode::kFailedPrecondition},
      {-1, false, "card.pin_tries_invalid", ErrorCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.tries_left);
    const Status status = MaySendVerify(c.tries_left);
    ASSERT_EQ(status.ok(), c.allowed);
    if (!c.allowed) {
      EXPECT_EQ(status.error().reason(), c.reason);
      EXPECT_EQ(status.error().code(), c.code);
    }
  }
  EXPECT_EQ(kUserAuthPinTries, 3);
}

}  // namespace
}  // namespace kakunin::domain
