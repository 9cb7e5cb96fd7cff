#include "common/domain/check_digit.h"

#include <algorithm>

#include "common/core/text_match.h"

namespace kakunin::domain {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

DigitCheck Valid() { return DigitCheck{DigitCheckOutcome::kValid, "", -1, false}; }

DigitCheck BadFormat(std::string reason) {
  return DigitCheck{DigitCheckOutcome::kInvalidFormat, std::move(reason), -1, false};
}

// Runs the rule over `body` and compares with `check` (one ASCII digit).
DigitCheck Compare(std::string_view body, char check, std::string_view prefix) {
  const int expected = ComputeCheckDigit(body);
  if (expected == check - '0') return Valid();
  return DigitCheck{DigitCheckOutcome::kCheckDigitMismatch,
                    std::string(prefix) + ".check_digit_mismatch", expected, false};
}

// Prefectures 11–14 (埼玉・千葉・東京・神奈川) number their codes without the prefecture and
// 点数表 in the rule; every other prefecture includes them (verified on ~97,000 医科 codes).
bool UsesShortRule(int prefecture) { return prefecture >= 11 && prefecture <= 14; }

bool IsKnownScoreTable(int value) { return value == 1 || value == 3 || value == 4 || value == 6; }

}  // namespace

Status DigitCheck::ToStatus() const {
  if (ok()) return OkStatus();
  std::string message = outcome == DigitCheckOutcome::kInvalidFormat
                            ? "malformed number"
                            : "check digit mismatch, expected " + std::to_string(expected_digit);
  return MakeError(ErrorCode::kInvalidArgument, reason, message);
}

int ComputeCheckDigit(std::string_view digits) {
  if (!AllDigits(digits)) return -1;
  int sum = 0;
  int weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const int product = (*it - '0') * weight;
    sum += product / 10 + product % 10;
    weight = weight == 2 ? 1 : 2;
  }
  return (10 - sum % 10) % 10;
}

DigitCheck ValidateInsurerNumber(std::string_view number) {
  if ((number.size() != 8 && number.size() != 6) || !AllDigits(number)) {
    return BadFormat("insurer_number.invalid_format");
  }
  return Compare(number.substr(0, number.size() - 1), number.back(), "insurer_number");
}

Result<std::string> NormalizeXmlInsurerNumber(std::string_view field) {
  if (field.size() == 8 && AllDigits(field)) return std::string(field);
  if (field.size() == 8 && field.substr(0, 2) == "  " && AllDigits(field.substr(2))) {
    return std::string(field.substr(2));
  }
  return MakeError(
      ErrorCode::kInvalidArgument, "insurer_number.invalid_format",
      "XML InsurerNumber must be 8 digits or 2 spaces + 6 digits, got '" + Excerpt(field) + "'");
}

Result<std::string> PadInsurerNumberForXml(std::string_view digits) {
  if (digits.size() == 8 && AllDigits(digits)) return std::string(digits);
  if (digits.size() == 6 && AllDigits(digits)) return "  " + std::string(digits);
  return MakeError(ErrorCode::kInvalidArgument, "insurer_number.invalid_format",
                   "insurer number must be 6 or 8 digits, got '" + Excerpt(digits) + "'");
}

DigitCheck ValidatePublicExpensePayerNumber(std::string_view number) {
  if (number.size() != 8 || !AllDigits(number)) {
    return BadFormat("public_expense_payer.invalid_format");
  }
  return Compare(number.substr(0, 7), number[7], "public_expense_payer");
}

DigitCheck ValidatePublicExpenseRecipientNumber(std::string_view number) {
  if (number.size() != 7 || !AllDigits(number)) {
    return BadFormat("public_expense_recipient.invalid_format");
  }
  return Compare(number.substr(0, 6), number[6], "public_expense_recipient");
}

DigitCheck ValidateMedicalInstitutionCode10(std::string_view code10) {
  if (code10.size() != 10 || !AllDigits(code10)) {
    return BadFormat("institution_code.invalid_format");
  }
  const int prefecture = (code10[0] - '0') * 10 + (code10[1] - '0');
  const int table = code10[2] - '0';
  if (!IsKnownScoreTable(table)) return BadFormat("institution_code.unknown_score_table");
  return ValidateMedicalInstitutionCode7(prefecture, static_cast<ScoreTable>(table),
                                         code10.substr(3));
}

DigitCheck ValidateMedicalInstitutionCode7(int prefecture, ScoreTable table,
                                           std::string_view code7) {
  if (prefecture < 1 || prefecture > 47) return BadFormat("institution_code.unknown_prefecture");
  if (!IsKnownScoreTable(static_cast<int>(table))) {
    return BadFormat("institution_code.unknown_score_table");
  }
  if (code7.size() != 7 || !AllDigits(code7)) return BadFormat("institution_code.invalid_format");

  std::string body;
  if (!UsesShortRule(prefecture)) {
    body += static_cast<char>('0' + prefecture / 10);
    body += static_cast<char>('0' + prefecture % 10);
    body += static_cast<char>('0' + static_cast<int>(table));
  }
  body += code7.substr(0, 6);
  DigitCheck check = Compare(body, code7[6], "institution_code");
  // Pharmacy (and 訪問看護) codes were never checked against real data: a mismatch may be the
  // rule's fault, so registration must not be blocked outright.
  if (check.outcome == DigitCheckOutcome::kCheckDigitMismatch &&
      (table == ScoreTable::kPharmacy || table == ScoreTable::kVisitingNurse)) {
    check.override_allowed = true;
  }
  return check;
}

Result<std::string> ComposeMedicalInstitutionCode10(int prefecture, ScoreTable table,
                                                    std::string_view code7) {
  if (prefecture < 1 || prefecture > 47 || !IsKnownScoreTable(static_cast<int>(table)) ||
      code7.size() != 7 || !AllDigits(code7)) {
    return MakeError(ErrorCode::kInvalidArgument, "institution_code.invalid_format",
                     "need prefecture 01-47, 点数表 1/3/4/6 and a 7-digit code");
  }
  std::string code10;
  code10 += static_cast<char>('0' + prefecture / 10);
  code10 += static_cast<char>('0' + prefecture % 10);
  code10 += static_cast<char>('0' + static_cast<int>(table));
  code10 += code7;
  return code10;
}

}  // namespace kakunin::domain
