#include "common/site/onboarding_fields.h"

#include <algorithm>
#include <map>

#include "common/domain/onboarding.h"
#include "common/text/charset.h"

namespace kakunin::site {
namespace {

size_t CharCount(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool HasControl(std::string_view s, bool allow_line_breaks) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    auto u = static_cast<unsigned char>(c);
    if (allow_line_breaks && c == '\n') return false;
    return u < 0x20 || u == 0x7F;
  });
}

void CheckDate(std::string_view text, OnboardingField field, const domain::Date& today,
               std::vector<OnboardingFieldProblem>& out) {
  if (text.empty()) return;
  auto date = domain::ParseIsoDate(text);
  if (!date.ok()) {
    out.push_back({field, "onboarding.bad_date"});
  } else if (date->year < kFirstOnboardingYear || date->year > kLastOnboardingYear) {
    out.push_back({field, "onboarding.date_out_of_range"});
  } else if (field == OnboardingField::kDone && *date > today) {
    out.push_back({field, "onboarding.done_in_future"});
  }
}

void CheckText(std::string_view text, OnboardingField field, size_t limit,
               std::vector<OnboardingFieldProblem>& out) {
  if (!text::IsValidUtf8(text) || text::HasUnreadableCharacter(text)) {
    out.push_back({field, "onboarding.bad_encoding"});
  } else if (CharCount(text) > limit) {
    out.push_back({field, field == OnboardingField::kOwner ? "onboarding.owner_too_long"
                                                           : "onboarding.note_too_long"});
  } else if (HasControl(text, field == OnboardingField::kNote)) {
    out.push_back({field, "onboarding.control_character"});
  }
}

}  // namespace

std::string_view OnboardingFieldId(OnboardingField field) {
  switch (field) {
    case OnboardingField::kStage:
      return "stage";
    case OnboardingField::kPlanned:
      return "planned";
    case OnboardingField::kDone:
      return "done";
    case OnboardingField::kOwner:
      return "owner";
    case OnboardingField::kNote:
      return "note";
  }
  return "";
}

std::vector<OnboardingFieldProblem> CheckOnboardingStage(const OnboardingStageFields& f,
                                                         const domain::Date& today) {
  std::vector<OnboardingFieldProblem> out;
  if (!domain::OnboardingStageFromId(f.stage)) {
    out.push_back({OnboardingField::kStage, "onboarding.bad_stage"});
  }
  CheckDate(f.planned, OnboardingField::kPlanned, today, out);
  CheckDate(f.done, OnboardingField::kDone, today, out);
  CheckText(f.owner, OnboardingField::kOwner, kMaxOwnerChars, out);
  CheckText(f.note, OnboardingField::kNote, kMaxNoteChars, out);
  return out;
}

std::string OnboardingProblemMessage(std::string_view reason) {
  static const std::map<std::string_view, std::string> kText = {
      {"onboarding.bad_stage", "工程が分かりません。"},
      {"onboarding.bad_date", "日付が読めません。2026-04-30 のように書いてください。"},
      {"onboarding.date_out_of_range", "日付は " + std::to_string(kFirstOnboardingYear) +
                                           " 年から " + std::to_string(kLastOnboardingYear) +
                                           " 年までにしてください。"},
      {"onboarding.done_in_future", "完了日に未来の日付は入れられません。"},
      {"onboarding.owner_too_long",
       "担当者は " + std::to_string(kMaxOwnerChars) + " 文字以内にしてください。"},
      {"onboarding.note_too_long",
       "メモは " + std::to_string(kMaxNoteChars) + " 文字以内にしてください。"},
      {"onboarding.bad_encoding", "読めない文字（文字化けや外字）があります。"},
      {"onboarding.control_character", "制御文字が入っています。"},
      {"onboarding.site_not_found", "その店舗は登録されていません。"},
  };
  auto it = kText.find(reason);
  return it == kText.end() ? "入力を確かめてください。" : it->second;
}

}  // namespace kakunin::site
