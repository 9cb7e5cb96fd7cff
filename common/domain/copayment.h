#pragma once
// 負担割合 (co-payment ratio) as the 資格確認端末 XML carries it: InsuredPartialContributionRatio
// "030" = 30 % = 3割.

#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::domain {

// Exactly 3 ASCII digits, 000–100, as a percentage. Reason on failure: "copayment.invalid".
Result<int> ParseCopaymentRatio(std::string_view xml_value);
// 30 → "3割", 15 → "1割5分", 0 → "0割". Percentages outside 0–100 have no display ("").
std::string FormatCopaymentWari(int percent);

}  // namespace kakunin::domain
