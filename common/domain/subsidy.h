#pragma once
// Subsidy (補助金) arithmetic over programme DATA. Programmes change every year, so nothing
// here names a programme, a rate or a cap: callers load Programme values from configuration.
// Paid amount = floor(rate × min(Σ per-category min(Σ items, category cap), project cap)),
// exact to the yen with integer arithmetic.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/domain/decision.h"
#include "common/domain/facility.h"

namespace kakunin::domain {

struct Rate {
  int64_t numerator = 0;
  int64_t denominator = 1;
};

// A cost category the programme pays for (e.g. "mobile_device", "receipt_computer_change"),
// with its own cap (事業額上限 per category) if the programme sets one.
struct ItemCategory {
  std::string id;
  std::optional<int64_t> cap_yen;
};

// What one facility kind gets under a programme.
struct FacilityTerms {
  FacilityKind kind = FacilityKind::kClinic;
  Rate rate;
  int64_t project_cap_yen = 0;  // 事業額上限
  std::vector<ItemCategory> categories;
  // The official leaflet's figure for the maximum paid (e.g. "12.8万円"), shown beside the
  // exact amount; the leaflets round inconsistently, so it is data, never computed.
  std::string official_max_wording;
};

struct Programme {
  std::string id;
  std::string name_ja;
  std::string name_en;
  std::string legal_basis;           // e.g. 地域診療情報連携推進費補助金
  std::vector<FacilityTerms> terms;  // one per eligible facility kind
  Date opens;
  Date deadline;  // last day a claim may be filed (…まで includes the day)
  std::vector<std::string> required_documents;  // e.g. 領収書の写し, 領収書内訳書
  // Programmes sharing a group do not pay twice for the same change: a category listed in
  // `exclusive_categories` claimed under one member is not paid again under a sibling.
  std::string exclusion_group;
  std::vector<std::string> exclusive_categories;
};

// Facility kinds the programme pays (those with terms).
std::vector<FacilityKind> EligibleKinds(const Programme& programme);
const FacilityTerms* FindTerms(const Programme& programme, FacilityKind kind);

// floor(amount × rate); amount ≥ 0.
int64_t ApplyRate(int64_t amount_yen, const Rate& rate);
// The most a facility kind can be paid: rate × min(project cap, Σ category caps when all set).
int64_t MaxPayable(const FacilityTerms& terms);

struct CostItem {
  std::string category;  // an ItemCategory id
  int64_t amount_yen = 0;
  std::string description;  // as on the 領収書内訳書
};

// A claim the site already made (or is making) under another programme.
struct PriorClaim {
  std::string programme_id;
  std::string exclusion_group;
  std::vector<std::string> categories;
};

// Is `category` under `programme` still payable, given the site's other claims?
// Reasons: "subsidy.not_excluded", "subsidy.already_subsidised_in_group".
Decision CheckExclusion(const Programme& programme, const std::string& category,
                        std::span<const PriorClaim> other_claims);

struct CategoryLine {
  std::string category;
  int64_t claimed_yen = 0;   // Σ items of the category
  int64_t eligible_yen = 0;  // after the category cap (0 when not payable)
  std::string reason;        // "subsidy.payable", "subsidy.category_cap_applied",
                       // "subsidy.category_not_covered", "subsidy.already_subsidised_in_group"
};

struct SubsidyComputation {
  std::vector<CategoryLine> lines;
  int64_t eligible_total_yen = 0;  // Σ eligible_yen
  int64_t capped_total_yen = 0;    // after the project cap
  bool project_cap_applied = false;
  int64_t paid_yen = 0;
  std::string official_max_wording;
};

// Fails with "subsidy.facility_not_eligible" or "subsidy.negative_amount" / "subsidy.bad_rate".
Result<SubsidyComputation> ComputeSubsidy(const Programme& programme, FacilityKind kind,
                                          std::span<const CostItem> items,
                                          std::span<const PriorClaim> other_claims = {});

enum class DeadlineState { kNotYetOpen, kOpen, kClosesToday, kClosed };

struct DeadlineStatus {
  DeadlineState state = DeadlineState::kClosed;
  int days_left = 0;        // kOpen: days until the deadline; 0 otherwise
  int days_until_open = 0;  // kNotYetOpen only
};

DeadlineStatus DeadlineStatusOn(const Programme& programme, const Date& today);
// The warning tier for `days_left` among `thresholds_days` (e.g. 60, 30, 7, 1): the smallest
// threshold ≥ days_left; none when days_left is above all of them or negative.
std::optional<int> ApplicableWarningThreshold(int days_left, std::span<const int> thresholds_days);

}  // namespace kakunin::domain
