// Proves the branch manager's one-time 目視確認 rules: which reasons may be recorded (length,
// encoding, control characters; Japanese refusals), and how the one use of an allowance is
// judged — accepted once, then refused as a second use, after expiry (with the clock-skew edge),
// after replacement, on another terminal or when unknown; a resend of the same check stays its
// one use. And the counter offers HQ's own permission before the manager's.
#include "common/domain/visual_allowance.h"

#include <gtest/gtest.h>

#include <string>

#include "common/domain/next_step.h"

namespace kakunin::domain {
namespace {

std::string Repeat(std::string_view piece, int times) {
  std::string s;
  for (int i = 0; i < times; ++i) s += piece;
  return s;
}

TEST(VisualAllowanceTest, ReasonRules) {
  struct Case {
    const char* name;
    std::string reason;
    std::string_view want;
  };
  const Case cases[] = {
      {"ordinary", "暗証番号ロック、本人確認済み（保険証の写真と一致）", ""},
      {"two characters", "急患", ""},
      {"exactly 200 characters", Repeat("確", 200), ""},
      {"201 characters", Repeat("確", 201), "allowance.reason_too_long"},
      {"empty", "", "allowance.reason_empty"},
      {"spaces only", "  \xE3\x80\x80 ", "allowance.reason_empty"},
      {"one character", "急", "allowance.reason_too_short"},
      {"line break", "暗証番号ロック\n本人確認済み", "allowance.reason_control"},
      {"tab", "暗証番号\tロック", "allowance.reason_control"},
      {"NUL", std::string("ロック\0確認", 16), "allowance.reason_control"},
      {"C1 control", "ロック\xC2\x85確認", "allowance.reason_control"},
      {"broken UTF-8", "ロック\xE3\x81", "allowance.reason_encoding"},
      {"Shift_JIS bytes", "\x83\x8D\x83\x62\x83\x4E", "allowance.reason_encoding"},
      {"replacement character", "ロック\xEF\xBF\xBD", "allowance.reason_encoding"},
      {"外字 (private use)", "ロック\xEE\x80\x80", "allowance.reason_encoding"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CheckAllowanceReason(c.reason), c.want);
    if (!c.want.empty()) {
      // Every refusal has its own Japanese sentence, not the generic one.
      EXPECT_NE(AllowanceRefusalMessage(c.want), AllowanceRefusalMessage("allowance.nonsense"));
    }
  }
  EXPECT_EQ(AllowanceRefusalMessage("allowance.reason_too_long"),
            "理由は 200 文字以内にしてください。");
}

TEST(VisualAllowanceTest, OneUseOnlyWhileFresh) {
  const int64_t granted = 1'760'000'000;
  const int64_t expires = granted + kVisualAllowanceTtlSeconds;
  auto facts = [&](int64_t checked_at) {
    AllowanceFacts f;
    f.found = true;
    f.expires_at = expires;
    f.checked_at = checked_at;
    return f;
  };
  struct Case {
    const char* name;
    AllowanceFacts facts;
    AllowanceUse want;
  };
  AllowanceFacts used = facts(granted + 60);
  used.used = true;
  AllowanceFacts resend = used;
  resend.used_by_this_check = true;
  AllowanceFacts replaced = facts(granted + 60);
  replaced.replaced = true;
  AllowanceFacts other = facts(granted + 60);
  other.same_terminal = false;
  AllowanceFacts own_clock = facts(expires + 1);
  own_clock.skew_seconds = 0;  // the terminal judges on its own clock: no allowance for skew
  const Case cases[] = {
      {"first use", facts(granted + 60), AllowanceUse::kAccepted},
      {"on the expiry second", facts(expires), AllowanceUse::kAccepted},
      {"within the clock skew", facts(expires + kVisualAllowanceClockSkewSeconds),
       AllowanceUse::kAccepted},
      {"past the skew", facts(expires + kVisualAllowanceClockSkewSeconds + 1),
       AllowanceUse::kExpired},
      {"terminal's own clock", own_clock, AllowanceUse::kExpired},
      {"second use", used, AllowanceUse::kAlreadyUsed},
      {"resend of the one use", resend, AllowanceUse::kAccepted},
      {"replaced", replaced, AllowanceUse::kReplaced},
      {"other terminal", other, AllowanceUse::kOtherTerminal},
      {"unknown", AllowanceFacts{}, AllowanceUse::kUnknown},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(AllowanceUseName(DecideAllowanceUse(c.facts)), AllowanceUseName(c.want));
  }
}

TEST(VisualAllowanceTest, EveryRefusedUseHasAJapaneseSentence) {
  for (AllowanceUse u :
       {AllowanceUse::kUnknown, AllowanceUse::kOtherTerminal, AllowanceUse::kAlreadyUsed,
        AllowanceUse::kReplaced, AllowanceUse::kExpired}) {
    const std::string id = "allowance." + std::string(AllowanceUseName(u));
    EXPECT_NE(AllowanceRefusalMessage(id), AllowanceRefusalMessage("allowance.nonsense")) << id;
  }
}

// HQ's own permission to switch is the ordinary way; the manager's allowance is for where HQ
// forbids it, and without either (and no way to reach HQ) the documents route remains.
TEST(VisualAllowanceTest, CounterOffersHqPermissionFirst) {
  CheckFacts f;
  f.end = CheckEnd::kError;
  f.error_reason = "card.pin_locked";
  f.pin_tries_left = 0;
  f.visual_allowed = true;
  f.manager_allowance_granted = true;
  EXPECT_EQ(NextStepName(DecideNextStep(f).id), "pin_visual");
  f.visual_allowed = false;
  EXPECT_EQ(NextStepName(DecideNextStep(f).id), "pin_manager_allowed");
  f.manager_allowance_granted = false;
  f.manager_allowance_available = true;
  EXPECT_EQ(NextStepName(DecideNextStep(f).id), "pin_manager");
  f.manager_allowance_available = false;
  EXPECT_EQ(NextStepName(DecideNextStep(f).id), "pin_documents");
}

}  // namespace
}  // namespace kakunin::domain
