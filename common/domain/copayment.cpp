#include "common/domain/copayment.h"

#include "common/core/text_match.h"

namespace kakunin::domain {

Result<int> ParseCopaymentRatio(std::string_view xml_value) {
  const auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument, "copayment.invalid",
                     "co-payment ratio must be 3 digits 000-100, got '" + Excerpt(xml_value) + "'");
  };
  if (xml_value.size() != 3) return bad();
  int percent = 0;
  for (char c : xml_value) {
    if (c < '0' || c > '9') return bad();
    percent = percent * 10 + (c - '0');
  }
  if (percent > 100) return bad();
  return percent;
}

std::string FormatCopaymentWari(int percent) {
  if (percent < 0 || percent > 100) return "";
  // 割 is tenths and 分 hundredths, the way the counter and the card print it.
  std::string text = std::to_string(percent / 10) + "割";
  if (percent % 10 != 0) text += std::to_string(percent % 10) + "分";
  return text;
}

}  // namespace kakunin::domain
