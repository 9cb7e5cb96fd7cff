#pragma once
// Bulk onboarding of stores (issue 19): the stages a store goes through, each stage's deadline
// as the rules already in the project give it, and where a store stands on a given day. Pure: the
// caller passes the site (facility kind, 経過措置), the subsidy programmes as data, what HQ
// recorded per stage and today's Japanese date.
//
// Where the deadlines come from:
// - 運用開始 (operation start): a site under 経過措置 must run the online check on the day its
//   measure stops deferring the obligation (FullCheckRequiredFrom). A measure whose end depends on
//   a date the site has not given has no deadline, and says so (kMeasureEndUnknown).
// - 助成金 (subsidy claim): the claim is filed after 導入完了 (seed 002: 補助金申請 (導入完了後))
// and
//   by the programme's deadline ("…まで" includes the day), so the claim programme's deadline is
//   the claim stage's deadline and also bounds 運用開始.
// - The stages before 運用開始 have no rule of their own: each must be done by the 運用開始
//   deadline at the latest. HQ's planned date, when earlier, is the date the store is held to.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/domain/date.h"
#include "common/domain/facility.h"
#include "common/domain/subsidy.h"

namespace kakunin::domain {

// In the order a store goes through them.
enum class OnboardingStage {
  kApplication,           // 申請 (the portal's 利用申請)
  kReview,                // 審査
  kUserSettingsReceived,  // ユーザー設定情報 received
  kTerminalInstalled,     // 端末設置
  kActivation,            // アクティベーション
  kOperationStart,        // 運用開始日
  kSubsidyClaimed,        // 助成金 claimed
};
inline constexpr int kOnboardingStageCount = 7;
inline constexpr std::array<OnboardingStage, kOnboardingStageCount> kOnboardingStages = {
    OnboardingStage::kApplication,          OnboardingStage::kReview,
    OnboardingStage::kUserSettingsReceived, OnboardingStage::kTerminalInstalled,
    OnboardingStage::kActivation,           OnboardingStage::kOperationStart,
    OnboardingStage::kSubsidyClaimed};

// Stable ids for APIs and the database: application, review, user_settings_received,
// terminal_installed, activation, operation_start, subsidy_claimed.
std::string_view OnboardingStageId(OnboardingStage stage);
std::optional<OnboardingStage> OnboardingStageFromId(std::string_view id);
inline int StageIndex(OnboardingStage stage) { return static_cast<int>(stage); }

enum class DeadlineBasis {
  kNone,                 // no rule gives one (no measure, no programme pays the site's kind)
  kTransitionalMeasure,  // running on the day the 経過措置 stops deferring the obligation
  kSubsidyClaim,         // the claim programme's deadline
  kMeasureEndUnknown,    // the measure's end depends on a date the site has not given
};
std::string_view DeadlineBasisId(DeadlineBasis basis);  // none, transitional_measure, …

struct RuleDeadline {
  std::optional<Date> date;
  DeadlineBasis basis = DeadlineBasis::kNone;
};

// The programme a store's claim falls under: the one it already claims under
// (`claimed_programme_id`, when known); else, among the programmes that pay `kind`, the one whose
// deadline is soonest and not past; else the one that closed last (the claim stage is then late).
// Null when no programme pays the kind.
const Programme* ClaimProgrammeFor(std::span<const Programme> programmes, FacilityKind kind,
                                   const Date& today, std::string_view claimed_programme_id = {});

struct OnboardingRules {
  std::array<RuleDeadline, kOnboardingStageCount> deadlines;
  std::string programme_id;          // the claim programme; empty when none
  bool measure_end_unknown = false;  // HQ must ask the store for the date
};

// `programme`: ClaimProgrammeFor's answer (may be null).
OnboardingRules OnboardingRulesFor(const Site& site, const Programme* programme);

// What HQ recorded for one stage.
struct StageRecord {
  std::optional<Date> planned;
  std::optional<Date> done;
};

enum class StageState {
  kDone,
  kOverdue,      // not done, and today is past its due date
  kPending,      // not done, due date today or later
  kUnscheduled,  // not done, no planned date and no rule deadline
};
std::string_view StageStateId(StageState state);  // done, overdue, pending, unscheduled

struct StageStatus {
  StageState state = StageState::kUnscheduled;
  // The earlier of HQ's planned date and the rule's deadline.
  std::optional<Date> due;
  RuleDeadline rule;
  // Not done: days to `due` (0 on the day itself, negative once overdue).
  std::optional<int> days_left;
  bool done_late = false;               // done after `due`
  bool planned_after_deadline = false;  // HQ planned later than the rule allows
};

struct OnboardingStatus {
  std::array<StageStatus, kOnboardingStageCount> stages;
  std::optional<OnboardingStage> next;  // the first stage not done; none once all are
  int done = 0;
  int overdue = 0;
};

OnboardingStatus OnboardingStatusOn(std::span<const StageRecord, kOnboardingStageCount> records,
                                    const OnboardingRules& rules, const Date& today);

}  // namespace kakunin::domain
