#include "common/subsidy/deadline.h"

#include <algorithm>

namespace kakunin::subsidy {

ClaimDeadline ClaimDeadlineOn(const domain::Programme& programme, domain::FacilityKind kind,
                              const domain::Date& today, std::span<const int> warning_days) {
  ClaimDeadline out;
  if (domain::FindTerms(programme, kind) == nullptr) {
    out.window = ClaimWindow::kNotEligible;
    return out;
  }
  // The domain rule already treats the deadline day as open ("…まで").
  const domain::DeadlineStatus status = domain::DeadlineStatusOn(programme, today);
  switch (status.state) {
    case domain::DeadlineState::kNotYetOpen:
      out.window = ClaimWindow::kNotYetOpen;
      out.days_until_open = status.days_until_open;
      return out;
    case domain::DeadlineState::kClosed:
      out.window = ClaimWindow::kClosed;
      out.days_since_close = domain::DaysBetween(programme.deadline, today);
      return out;
    case domain::DeadlineState::kClosesToday:
      out.closes_today = true;
      break;
    case domain::DeadlineState::kOpen:
      break;
  }
  out.window = ClaimWindow::kOpen;
  out.days_left = status.days_left;
  out.warning_threshold_days = domain::ApplicableWarningThreshold(out.days_left, warning_days);
  out.warning_level = static_cast<int>(std::count_if(
      warning_days.begin(), warning_days.end(), [&](int days) { return out.days_left <= days; }));
  return out;
}

}  // namespace kakunin::subsidy
