#include "common/domain/onboarding.h"

namespace kakunin::domain {
namespace {

constexpr std::array<std::string_view, kOnboardingStageCount> kStageIds = {
    "application", "review",          "user_settings_received", "terminal_installed",
    "activation",  "operation_start", "subsidy_claimed"};

// The earlier of two deadlines; on a tie the measure names the basis (it is the obligation).
RuleDeadline Earlier(const RuleDeadline& a, const RuleDeadline& b) {
  if (!a.date) return b.date ? b : a;
  if (!b.date) return a;
  return *b.date < *a.date ? b : a;
}

}  // namespace

std::string_view OnboardingStageId(OnboardingStage stage) {
  return kStageIds[static_cast<size_t>(stage)];
}

std::optional<OnboardingStage> OnboardingStageFromId(std::string_view id) {
  for (size_t i = 0; i < kStageIds.size(); ++i) {
    if (kStageIds[i] == id) return static_cast<OnboardingStage>(i);
  }
  return std::nullopt;
}

std::string_view DeadlineBasisId(DeadlineBasis basis) {
  switch (basis) {
    case DeadlineBasis::kNone:
      return "none";
    case DeadlineBasis::kTransitionalMeasure:
      return "transitional_measure";
    case DeadlineBasis::kSubsidyClaim:
      return "subsidy_claim";
    case DeadlineBasis::kMeasureEndUnknown:
      return "measure_end_unknown";
  }
  return "none";
}

std::string_view StageStateId(StageState state) {
  switch (state) {
    case StageState::kDone:
      return "done";
    case StageState::kOverdue:
      return "overdue";
    case StageState::kPending:
      return "pending";
    case StageState::kUnscheduled:
      return "unscheduled";
  }
  return "unscheduled";
}

const Programme* ClaimProgrammeFor(std::span<const Programme> programmes, FacilityKind kind,
                                   const Date& today, std::string_view claimed_programme_id) {
  if (!claimed_programme_id.empty()) {
    for (const auto& p : programmes) {
      if (p.id == claimed_programme_id) return &p;
    }
  }
  const Programme* soonest_open = nullptr;
  const Programme* last_closed = nullptr;
  for (const auto& p : programmes) {
    if (FindTerms(p, kind) == nullptr) continue;
    if (p.deadline >= today) {
      if (!soonest_open || p.deadline < soonest_open->deadline ||
          (p.deadline == soonest_open->deadline && p.id < soonest_open->id)) {
        soonest_open = &p;
      }
    } else if (!last_closed || p.deadline > last_closed->deadline ||
               (p.deadline == last_closed->deadline && p.id < last_closed->id)) {
      last_closed = &p;
    }
  }
  return soonest_open ? soonest_open : last_closed;
}

OnboardingRules OnboardingRulesFor(const Site& site, const Programme* programme) {
  OnboardingRules rules;
  RuleDeadline measure;
  if (site.measure) {
    if (auto from = FullCheckRequiredFrom(*site.measure); from.ok()) {
      measure = {*from, DeadlineBasis::kTransitionalMeasure};
    } else {
      measure.basis = DeadlineBasis::kMeasureEndUnknown;
      rules.measure_end_unknown = true;
    }
  }
  RuleDeadline claim;
  if (programme != nullptr) {
    claim = {programme->deadline, DeadlineBasis::kSubsidyClaim};
    rules.programme_id = programme->id;
  }
  // Everything up to 運用開始 must be done by the earlier of the two; the claim by its own.
  const RuleDeadline running = Earlier(measure, claim);
  for (auto stage : kOnboardingStages) {
    rules.deadlines[StageIndex(stage)] =
        stage == OnboardingStage::kSubsidyClaimed ? claim : running;
  }
  return rules;
}

OnboardingStatus OnboardingStatusOn(std::span<const StageRecord, kOnboardingStageCount> records,
                                    const OnboardingRules& rules, const Date& today) {
  OnboardingStatus out;
  for (int i = 0; i < kOnboardingStageCount; ++i) {
    const StageRecord& rec = records[i];
    StageStatus& s = out.stages[i];
    s.rule = rules.deadlines[i];
    if (rec.planned && s.rule.date) {
      s.due = std::min(*rec.planned, *s.rule.date);
      s.planned_after_deadline = *rec.planned > *s.rule.date;
    } else {
      s.due = rec.planned ? rec.planned : s.rule.date;
    }
    if (rec.done) {
      s.state = StageState::kDone;
      s.done_late = s.due && *rec.done > *s.due;
      ++out.done;
      continue;
    }
    if (!out.next) out.next = static_cast<OnboardingStage>(i);
    if (!s.due) {
      s.state = StageState::kUnscheduled;
      continue;
    }
    s.days_left = DaysBetween(today, *s.due);
    // "…まで" includes the day: overdue from the day after.
    s.state = *s.days_left < 0 ? StageState::kOverdue : StageState::kPending;
    if (s.state == StageState::kOverdue) ++out.overdue;
  }
  return out;
}

}  // namespace kakunin::domain
