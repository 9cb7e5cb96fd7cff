#pragma once
// Whether a qualification covers a day, from its dates as the service sends them: ISO text, which
// compares as dates do. One rule for the counter (is the new qualification of a validity-3 answer
// valid today?) and for the emulator's answers (sim/oqs QualificationValidity).

#include <string_view>

namespace kakunin::domain {

// Started (no valid_from, or on or before `day`), not ended (no valid_to, or on or after `day`)
// and not lost (no loss date, or after `day`: the loss date is the first day without cover).
inline bool CoversDay(std::string_view valid_from, std::string_view valid_to,
                      std::string_view lost_on, std::string_view day) {
  return (valid_from.empty() || valid_from <= day) && (valid_to.empty() || valid_to >= day) &&
         (lost_on.empty() || lost_on > day);
}

}  // namespace kakunin::domain
