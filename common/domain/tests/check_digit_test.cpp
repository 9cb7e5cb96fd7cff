// Proves the modulus-10 (weights 2,1) rule and its three uses on the examples from domain.md,
// including the 11–14 prefecture exception and the override allowed only for unverified tables.
#include "common/domain/check_digit.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(CheckDigitTest, ComputesTheWeightedRuleOnDomainExamples) {
  struct Case {
    const char* body;
    int check;
  };
  const Case cases[] = {
      {"0113001", 2},   {"3312001", 5}, {"13101", 1},     {"5401602", 7},
      {"361801001", 5}, {"011004", 9},  {"273990002", 1}, {"3913115", 6},
      {"0", 0},         {"5", 9},       {"9", 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    EXPECT_EQ(ComputeCheckDigit(c.body), c.check);
  }
  EXPECT_EQ(ComputeCheckDigit(""), -1);
  EXPECT_EQ(ComputeCheckDigit("12a4"), -1);
}

TEST(CheckDigitTest, InsurerNumbersOfEightAndSixDigitsValidate) {
  for (const char* number : {"01130012", "33120015", "131011", "39131156"}) {
    SCOPED_TRACE(number);
    const DigitCheck check = ValidateInsurerNumber(number);
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(check.reason, "");
    EXPECT_TRUE(check.ToStatus().ok());
  }
}

TEST(CheckDigitTest, InsurerNumberMismatchReportsExpectedDigit) {
  const DigitCheck check = ValidateInsurerNumber("01130013");
  EXPECT_EQ(check.outcome, DigitCheckOutcome::kCheckDigitMismatch);
  EXPECT_EQ(check.reason, "insurer_number.check_digit_mismatch");
  EXPECT_EQ(check.expected_digit, 2);
  EXPECT_FALSE(check.override_allowed);
  const Status status = check.ToStatus();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().reason(), "insurer_number.check_digit_mismatch");

  EXPECT_EQ(ValidateInsurerNumber("131012").expected_digit, 1);
}

TEST(CheckDigitTest, InsurerNumberWrongShapeIsInvalidFormat) {
  for (const char* number :
       {"", "1311011", "0113001", "011300120", "  131011", "0113001a", "１３１０１１"}) {
    SCOPED_TRACE(number);
    const DigitCheck check = ValidateInsurerNumber(number);
    EXPECT_EQ(check.outcome, DigitCheckOutcome::kInvalidFormat);
    EXPECT_EQ(check.reason, "insurer_number.invalid_format");
  }
}

TEST(CheckDigitTest, XmlInsurerNumberNormalisesSpacePaddedKokuho) {
  EXPECT_EQ(*NormalizeXmlInsurerNumber("  131011"), "131011");
  EXPECT_EQ(*NormalizeXmlInsurerNumber("01130012"), "01130012");
  for (const char* field :
       {"131011", "131011  ", " 1131011", "   31011", "0113001", "0113 012", "\t\t131011"}) {
    SCOPED_TRACE(field);
    Result<std::string> r = NormalizeXmlInsurerNumber(field);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "insurer_number.invalid_format");
  }
}

TEST(CheckDigitTest, XmlInsurerNumberPadsSixDigitsForOutput) {
  EXPECT_EQ(*PadInsurerNumberForXml("131011"), "  131011");
  EXPECT_EQ(*PadInsurerNumberForXml("33120015"), "33120015");
  EXPECT_FALSE(PadInsurerNumberForXml("1310110").ok());
  EXPECT_FALSE(PadInsurerNumberForXml("  131011").ok());
  EXPECT_FALSE(PadInsurerNumberForXml("").ok());
}

TEST(CheckDigitTest, PublicExpensePayerAndRecipientNumbers) {
  EXPECT_TRUE(ValidatePublicExpensePayerNumber("54016027").ok());
  const DigitCheck payer_bad = ValidatePublicExpensePayerNumber("54016028");
  EXPECT_EQ(payer_bad.outcome, DigitCheckOutcome::kCheckDigitMismatch);
  EXPECT_EQ(payer_bad.reason, "public_expense_payer.check_digit_mismatch");
  EXPECT_EQ(payer_bad.expected_digit, 7);
  EXPECT_EQ(ValidatePublicExpensePayerNumber("5401602").reason,
            "public_expense_payer.invalid_format");

  EXPECT_TRUE(ValidatePublicExpenseRecipientNumber("1234566").ok());
  EXPECT_TRUE(ValidatePublicExpenseRecipientNumber("5401609").ok());
  const DigitCheck recipient_bad = ValidatePublicExpenseRecipientNumber("1234567");
  EXPECT_EQ(recipient_bad.reason, "public_expense_recipient.check_digit_mismatch");
  EXPECT_EQ(recipient_bad.expected_digit, 6);
  EXPECT_EQ(ValidatePublicExpenseRecipientNumber("54016027").reason,
            "public_expense_recipient.invalid_format");
}

TEST(CheckDigitTest, MedicalInstitutionCodesFromDomainExamplesValidate) {
  struct Case {
    const char* code10;
    const char* what;
  };
  const Case cases[] = {
      {"3618010015", "徳島 医科 36-1-80-1001-5 (9-digit rule)"},
      {"1310110049", "東京 医科 01-1004-9 (6-digit rule)"},
      {"2739900021", "大阪 歯科 27-3-99-0002-1 (9-digit rule)"},
      {"1340110049", "東京 調剤: 11-14 ignore the 点数表"},
      {"3648010019", "徳島 調剤: the 点数表 changes the check digit"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const DigitCheck check = ValidateMedicalInstitutionCode10(c.code10);
    EXPECT_EQ(check.outcome, DigitCheckOutcome::kValid);
    EXPECT_FALSE(check.override_allowed);
  }
  EXPECT_TRUE(ValidateMedicalInstitutionCode7(36, ScoreTable::kMedical, "8010015").ok());
  EXPECT_TRUE(ValidateMedicalInstitutionCode7(13, ScoreTable::kMedical, "0110049").ok());
  EXPECT_TRUE(ValidateMedicalInstitutionCode7(27, ScoreTable::kDental, "9900021").ok());
}

TEST(CheckDigitTest, PrefecturesElevenToFourteenUseTheSixDigitRuleOnly) {
  // The 7-digit code 0110049 is valid in 11–14 under any 点数表, and not in 10 or 15.
  for (int prefecture : {11, 12, 13, 14}) {
    SCOPED_TRACE(prefecture);
    EXPECT_TRUE(ValidateMedicalInstitutionCode7(prefecture, ScoreTable::kMedical, "0110049").ok());
    EXPECT_TRUE(ValidateMedicalInstitutionCode7(prefecture, ScoreTable::kDental, "0110049").ok());
  }
  for (int prefecture : {10, 15}) {
    SCOPED_TRACE(prefecture);
    EXPECT_EQ(ValidateMedicalInstitutionCode7(prefecture, ScoreTable::kMedical, "0110049").outcome,
              DigitCheckOutcome::kCheckDigitMismatch);
  }
}

TEST(CheckDigitTest, MismatchMayBeOverriddenOnlyForUnverifiedTables) {
  struct Case {
    const char* code10;
    int expected_digit;
    bool override_allowed;
  };
  const Case cases[] = {
      {"3618010016", 5, false},  // 医科: verified on ~97,000 codes
      {"2739900022", 1, false},  // 歯科
      {"3648010015", 9, true},   // 調剤: never checked against data
      {"1340110048", 9, true},   // 調剤 in Tokyo
      {"3668010015", 4, true},   // 訪問看護: not covered by the verification either
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code10);
    const DigitCheck check = ValidateMedicalInstitutionCode10(c.code10);
    EXPECT_EQ(check.outcome, DigitCheckOutcome::kCheckDigitMismatch);
    EXPECT_EQ(check.reason, "institution_code.check_digit_mismatch");
    EXPECT_EQ(check.expected_digit, c.expected_digit);
    EXPECT_EQ(check.override_allowed, c.override_allowed);
  }
}

TEST(CheckDigitTest, MedicalInstitutionCodeFormatErrorsAreNotOverridable) {
  struct Case {
    const char* code10;
    const char* reason;
  };
  const Case cases[] = {
      {"361801001", "institution_code.invalid_format"},
      {"36180100150", "institution_code.invalid_format"},
      {"36180100a5", "institution_code.invalid_format"},
      {"0018010015", "institution_code.unknown_prefecture"},
      {"4818010015", "institution_code.unknown_prefecture"},
      {"3628010015", "institution_code.unknown_score_table"},
      {"3658010015", "institution_code.unknown_score_table"},
      {"3608010015", "institution_code.unknown_score_table"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code10);
    const DigitCheck check = ValidateMedicalInstitutionCode10(c.code10);
    EXPECT_EQ(check.outcome, DigitCheckOutcome::kInvalidFormat);
    EXPECT_EQ(check.reason, c.reason);
    EXPECT_FALSE(check.override_allowed);
  }
  EXPECT_EQ(ValidateMedicalInstitutionCode7(47, ScoreTable::kPharmacy, "123456").reason,
            "institution_code.invalid_format");
  // 47 is the last prefecture and still well-formed.
  EXPECT_TRUE(ValidateMedicalInstitutionCode10("4718010012").ok());
}

TEST(CheckDigitTest, ComposesTheTenDigitForm) {
  EXPECT_EQ(*ComposeMedicalInstitutionCode10(36, ScoreTable::kMedical, "8010015"), "3618010015");
  EXPECT_EQ(*ComposeMedicalInstitutionCode10(1, ScoreTable::kPharmacy, "1234567"), "0141234567");
  EXPECT_FALSE(ComposeMedicalInstitutionCode10(0, ScoreTable::kMedical, "8010015").ok());
  EXPECT_FALSE(ComposeMedicalInstitutionCode10(48, ScoreTable::kMedical, "8010015").ok());
  EXPECT_FALSE(ComposeMedicalInstitutionCode10(36, ScoreTable::kMedical, "801001").ok());
  EXPECT_FALSE(ComposeMedicalInstitutionCode10(36, static_cast<ScoreTable>(2), "8010015").ok());
}

}  // namespace
}  // namespace kakunin::domain
