#pragma once
// What HQ may record for one store's onboarding stage (issue 19), checked the same way by the
// console's dialog and by the server's UpdateOnboardingStage before anything reaches the
// database: a known stage, ISO dates in a sensible range, a done date not in the future (Japan's
// date), and an owner and a note that are readable text of bounded length. Plain strings in,
// stable reason ids out, with the Japanese sentence the server sends for each.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain/date.h"

namespace kakunin::site {

struct OnboardingStageFields {
  std::string stage;    // domain::OnboardingStageId
  std::string planned;  // ISO date or empty
  std::string done;     // ISO date or empty
  std::string owner;    // 担当者, free text
  std::string note;     // メモ, free text (line breaks allowed)
};

enum class OnboardingField { kStage, kPlanned, kDone, kOwner, kNote };
std::string_view OnboardingFieldId(OnboardingField field);  // stage, planned, done, owner, note

struct OnboardingFieldProblem {
  OnboardingField field;
  std::string reason;  // onboarding.*
};

inline constexpr size_t kMaxOwnerChars = 64;
inline constexpr size_t kMaxNoteChars = 500;
// Dates outside these years are typing slips (2206 for 2026), not plans.
inline constexpr int kFirstOnboardingYear = 2021;  // online checks began in 2021
inline constexpr int kLastOnboardingYear = 2099;

// Every problem, in field order; empty when the stage may be saved. `today` is Japan's date.
std::vector<OnboardingFieldProblem> CheckOnboardingStage(const OnboardingStageFields& fields,
                                                         const domain::Date& today);

// The plain Japanese sentence for a reason id above (the server's refusal text).
std::string OnboardingProblemMessage(std::string_view reason);

}  // namespace kakunin::site
