#pragma once
// Check digits of Japanese insurance numbers (domain.md "Check digits (one rule, three uses)"):
// from the digit left of the check digit, multiply by 2, 1, 2, 1, …; add the digits of each
// product; check digit = (10 − sum mod 10) mod 10.

#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::domain {

enum class DigitCheckOutcome {
  kValid,
  kInvalidFormat,       // wrong length, non-digits, unknown prefecture or 点数表
  kCheckDigitMismatch,  // well-formed, but the last digit disagrees with the rule
};

// The outcome of one validation, with a stable reason id for UIs and logs.
struct DigitCheck {
  DigitCheckOutcome outcome = DigitCheckOutcome::kInvalidFormat;
  std::string reason;       // e.g. "insurer_number.check_digit_mismatch"; empty when valid
  int expected_digit = -1;  // set on a mismatch, so staff can spot a typo
  // True when a mismatch may be overridden with a recorded reason (codes whose rule was never
  // verified against real data); the caller decides whether to offer it.
  bool override_allowed = false;

  bool ok() const { return outcome == DigitCheckOutcome::kValid; }
  // The same result in the project's error idiom (kInvalidArgument with the reason).
  Status ToStatus() const;
};

// The weights-2,1 rule over `digits` (ASCII digits only, any length ≥ 1); -1 on a non-digit.
int ComputeCheckDigit(std::string_view digits);

// 保険者番号: 8 digits (法別 2 + 都道府県 2 + 保険者別 3 + check) or 国保 6 digits.
DigitCheck ValidateInsurerNumber(std::string_view number);
// XML InsurerNumber is 8 characters, 国保 6-digit numbers left-padded with spaces. Returns the
// bare 6 or 8 digits; does not check the check digit (use ValidateInsurerNumber).
Result<std::string> NormalizeXmlInsurerNumber(std::string_view field);
// The reverse: 6 or 8 digits → the 8-character XML field.
Result<std::string> PadInsurerNumberForXml(std::string_view digits);

// 公費負担者番号: 8 digits, the rule over the first 7.
DigitCheck ValidatePublicExpensePayerNumber(std::string_view number);
// 公費受給者番号: 7 digits, the rule over the first 6.
DigitCheck ValidatePublicExpenseRecipientNumber(std::string_view number);

// 点数表 codes of the 10-digit 医療機関等コード.
enum class ScoreTable {
  kMedical = 1,        // 医科
  kDental = 3,         // 歯科
  kPharmacy = 4,       // 調剤
  kVisitingNurse = 6,  // 訪問看護
};

// 医療機関等コード, 10-digit form: prefecture (01–47) + 点数表 + the 7-digit code.
DigitCheck ValidateMedicalInstitutionCode10(std::string_view code10);
// The 7-digit code alone needs its prefecture and 点数表 (they enter the rule outside 11–14).
DigitCheck ValidateMedicalInstitutionCode7(int prefecture, ScoreTable table,
                                           std::string_view code7);
// Builds the 10-digit form from its parts; fails on a bad prefecture or a non-7-digit code.
Result<std::string> ComposeMedicalInstitutionCode10(int prefecture, ScoreTable table,
                                                    std::string_view code7);

}  // namespace kakunin::domain
