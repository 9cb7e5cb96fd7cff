#include "common/domain/subsidy.h"

#include <algorithm>

namespace kakunin::domain {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const ItemCategory* FindCategory(const FacilityTerms& terms, const std::string& id) {
  for (const ItemCategory& category : terms.categories) {
    if (category.id == id) return &category;
  }
  return nullptr;
}

// Sums items per category, keeping the order in which categories first appear.
std::vector<CategoryLine> SumByCategory(std::span<const CostItem> items) {
  std::vector<CategoryLine> lines;
  for (const CostItem& item : items) {
    auto it = std::find_if(lines.begin(), lines.end(), [&](const CategoryLine& line) {
      return line.category == item.category;
    });
    if (it == lines.end()) {
      lines.push_back(CategoryLine{item.category, 0, 0, ""});
      it = lines.end() - 1;
    }
    it->claimed_yen += item.amount_yen;
  }
  return lines;
}

Status ValidateInputs(const FacilityTerms& terms, std::span<const CostItem> items) {
  if (terms.rate.numerator < 0 || terms.rate.denominator <= 0 ||
      terms.rate.numerator > terms.rate.denominator) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_rate",
                     "rate must be a fraction between 0 and 1");
  }
  for (const CostItem& item : items) {
    if (item.amount_yen < 0) {
      return MakeError(ErrorCode::kInvalidArgument, "subsidy.negative_amount",
                       "cost item '" + item.description + "' has a negative amount");
    }
  }
  return OkStatus();
}

}  // namespace

std::vector<FacilityKind> EligibleKinds(const Programme& programme) {
  std::vector<FacilityKind> kinds;
  for (const FacilityTerms& terms : programme.terms) kinds.push_back(terms.kind);
  return kinds;
}

const FacilityTerms* FindTerms(const Programme& programme, FacilityKind kind) {
  for (const FacilityTerms& terms : programme.terms) {
    if (terms.kind == kind) return &terms;
  }
  return nullptr;
}

int64_t ApplyRate(int64_t amount_yen, const Rate& rate) {
  // Integer division of non-negative values rounds down: fractions of a yen are not paid.
  return amount_yen * rate.numerator / rate.denominator;
}

int64_t MaxPayable(const FacilityTerms& terms) {
  int64_t cap = terms.project_cap_yen;
  int64_t category_sum = 0;
  bool all_capped = !terms.categories.empty();
  for (const ItemCategory& category : terms.categories) {
    if (!category.cap_yen) all_capped = false;
    category_sum += category.cap_yen.value_or(0);
  }
  if (all_capped) cap = std::min(cap, category_sum);
  return ApplyRate(cap, terms.rate);
}

Decision CheckExclusion(const Programme& programme, const std::string& category,
                        std::span<const PriorClaim> other_claims) {
  if (programme.exclusion_group.empty() || !Contains(programme.exclusive_categories, category)) {
    return Decision::Allow("subsidy.not_excluded");
  }
  for (const PriorClaim& claim : other_claims) {
    // A sibling is another programme of the same group; repeats within one programme are
    // not this rule's business.
    if (claim.exclusion_group == programme.exclusion_group && claim.programme_id != programme.id &&
        Contains(claim.categories, category)) {
      return Decision::Refuse("subsidy.already_subsidised_in_group");
    }
  }
  return Decision::Allow("subsidy.not_excluded");
}

Result<SubsidyComputation> ComputeSubsidy(const Programme& programme, FacilityKind kind,
                                          std::span<const CostItem> items,
                                          std::span<const PriorClaim> other_claims) {
  const FacilityTerms* terms = FindTerms(programme, kind);
  if (terms == nullptr) {
    return MakeError(ErrorCode::kFailedPrecondition, "subsidy.facility_not_eligible",
                     "programme " + programme.id + " does not cover facility kind " +
                         std::string(FacilityKindId(kind)));
  }
  KAKUNIN_RETURN_IF_ERROR(ValidateInputs(*terms, items));

  SubsidyComputation out;
  out.official_max_wording = terms->official_max_wording;
  out.lines = SumByCategory(items);
  for (CategoryLine& line : out.lines) {
    const ItemCategory* category = FindCategory(*terms, line.category);
    if (category == nullptr) {
      line.reason = "subsidy.category_not_covered";
      continue;
    }
    if (!CheckExclusion(programme, line.category, other_claims).allowed) {
      line.reason = "subsidy.already_subsidised_in_group";
      continue;
    }
    const bool capped = category->cap_yen && *category->cap_yen < line.claimed_yen;
    line.eligible_yen = capped ? *category->cap_yen : line.claimed_yen;
    line.reason = capped ? "subsidy.category_cap_applied" : "subsidy.payable";
    out.eligible_total_yen += line.eligible_yen;
  }
  out.project_cap_applied = terms->project_cap_yen < out.eligible_total_yen;
  out.capped_total_yen = std::min(out.eligible_total_yen, terms->project_cap_yen);
  out.paid_yen = ApplyRate(out.capped_total_yen, terms->rate);
  return out;
}

DeadlineStatus DeadlineStatusOn(const Programme& programme, const Date& today) {
  if (today < programme.opens) {
    return DeadlineStatus{DeadlineState::kNotYetOpen, 0, DaysBetween(today, programme.opens)};
  }
  if (today == programme.deadline) return DeadlineStatus{DeadlineState::kClosesToday, 0, 0};
  if (programme.deadline < today) return DeadlineStatus{DeadlineState::kClosed, 0, 0};
  return DeadlineStatus{DeadlineState::kOpen, DaysBetween(today, programme.deadline), 0};
}

std::optional<int> ApplicableWarningThreshold(int days_left, std::span<const int> thresholds_days) {
  std::optional<int> best;
  if (days_left < 0) return best;
  for (int threshold : thresholds_days) {
    if (days_left <= threshold && (!best || threshold < *best)) best = threshold;
  }
  return best;
}

}  // namespace kakunin::domain
