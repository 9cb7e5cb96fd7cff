#pragma once
// Where a site stands with a programme's claim window on a given day, for HQ's deadline board:
// not eligible (its facility kind has no terms), not yet open, open with days left (the
// deadline day itself included: "令和8年1月31日まで" means a claim filed on 1-31 is in time), or
// closed since some days. Pure; today's date comes from the caller.

#include <optional>
#include <span>

#include "common/domain/date.h"
#include "common/domain/facility.h"
#include "common/domain/subsidy.h"

namespace kakunin::subsidy {

// Days before the deadline at which HQ is warned, loosest first.
inline constexpr int kDefaultWarningDays[] = {60, 30, 7, 1};

enum class ClaimWindow { kNotEligible, kNotYetOpen, kOpen, kClosed };

struct ClaimDeadline {
  ClaimWindow window = ClaimWindow::kClosed;
  int days_until_open = 0;    // kNotYetOpen: 1 on the day before the opening day
  int days_left = 0;          // kOpen: 0 on the deadline day itself
  bool closes_today = false;  // kOpen on the deadline day
  int days_since_close = 0;   // kClosed: 1 on the day after the deadline
  // kOpen only. The tightest threshold reached (e.g. 7 when 5 days are left), and how many of the
  // thresholds have been reached (0 = no warning; with 60/30/7/1: 1 from 60 days, 4 from 1 day).
  std::optional<int> warning_threshold_days;
  int warning_level = 0;
};

ClaimDeadline ClaimDeadlineOn(const domain::Programme& programme, domain::FacilityKind kind,
                              const domain::Date& today,
                              std::span<const int> warning_days = kDefaultWarningDays);

}  // namespace kakunin::subsidy
