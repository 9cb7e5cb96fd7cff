// What HQ may record for an onboarding stage (issue 19): each field's refusal, on its boundary.

#include "common/site/onboarding_fields.h"

#include <gtest/gtest.h>

namespace kakunin::site {
namespace {

constexpr domain::Date kToday{2026, 6, 15};

OnboardingStageFields Valid() {
  return {"terminal_installed", "2026-07-01", "2026-06-15", "山田 花子（本部）", "1号機\n2号機"};
}

std::vector<std::string> Reasons(const OnboardingStageFields& f) {
  std::vector<std::string> out;
  for (const auto& p : CheckOnboardingStage(f, kToday)) {
    out.push_back(std::string(OnboardingFieldId(p.field)) + ":" + p.reason);
  }
  return out;
}

TEST(OnboardingFields, EachFieldIsRefusedForItsOwnReason) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Reasons(Valid()), V{});
  EXPECT_EQ(Reasons({"activation", "", "", "", ""}), V{});  // everything may be cleared

  struct Case {
    const char* name;
    void (*edit)(OnboardingStageFields&);
    V want;
  } cases[] = {
      {"unknown stage", [](auto& f) { f.stage = "installed"; }, {"stage:onboarding.bad_stage"}},
      {"slashes", [](auto& f) { f.planned = "2026/07/01"; }, {"planned:onboarding.bad_date"}},
      {"no such day", [](auto& f) { f.planned = "2026-02-29"; }, {"planned:onboarding.bad_date"}},
      {"typo year",
       [](auto& f) { f.planned = "2206-07-01"; },
       {"planned:onboarding.date_out_of_range"}},
      {"too early", [](auto& f) { f.done = "2020-12-31"; }, {"done:onboarding.date_out_of_range"}},
      {"first year", [](auto& f) { f.done = "2021-01-01"; }, {}},
      {"tomorrow", [](auto& f) { f.done = "2026-06-16"; }, {"done:onboarding.done_in_future"}},
      {"planned tomorrow", [](auto& f) { f.planned = "2026-06-16"; }, {}},
      {"owner 64",
       [](auto& f) {
         f.owner.clear();
         for (int i = 0; i < 64; ++i) f.owner += "担";
       },
       {}},
      {"owner 65",
       [](auto& f) {
         f.owner.clear();
         for (int i = 0; i < 65; ++i) f.owner += "担";
       },
       {"owner:onboarding.owner_too_long"}},
      {"note 501",
       [](auto& f) { f.note = std::string(501, 'a'); },
       {"note:onboarding.note_too_long"}},
      {"owner line break",
       [](auto& f) { f.owner = "山田\n花子"; },
       {"owner:onboarding.control_character"}},
      {"note tab", [](auto& f) { f.note = "a\tb"; }, {"note:onboarding.control_character"}},
      {"broken UTF-8", [](auto& f) { f.owner = "\x83\x52"; }, {"owner:onboarding.bad_encoding"}},
      {"外字 (private use)",
       [](auto& f) { f.note = "\xEE\x80\x80"; },
       {"note:onboarding.bad_encoding"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    OnboardingStageFields f = Valid();
    c.edit(f);
    EXPECT_EQ(Reasons(f), c.want);
  }
}

TEST(OnboardingFields, EveryReasonHasAJapaneseSentence) {
  for (const char* r :
       {"onboarding.bad_stage", "onboarding.bad_date", "onboarding.date_out_of_range",
        "onboarding.done_in_future", "onboarding.owner_too_long", "onboarding.note_too_long",
        "onboarding.bad_encoding", "onboarding.control_character"}) {
    SCOPED_TRACE(r);
    EXPECT_NE(OnboardingProblemMessage(r), OnboardingProblemMessage("no.such_reason"));
  }
  EXPECT_EQ(OnboardingProblemMessage("onboarding.owner_too_long"),
            "担当者は 64 文字以内にしてください。");
}

}  // namespace
}  // namespace kakunin::site
