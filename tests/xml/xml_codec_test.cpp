// The 資格確認端末 XML codec: request/answer round trips, encodings, and refusal of bad input.
#include "agent/eligibility/xml_codec.h"

#include <gtest/gtest.h>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace kakunin::eligibility::xml {
namespace {

Request SampleRequest() {
  Request q;
  q.confirmation_date = "2026-11-23";
  q.medical_institution_code = "1341234567";
  q.file_id = "abc123";
  q.insurer_number = "139998";
  q.insured_symbol = "テ国";
  q.insured_number = "4567";
  q.insured_branch_number = "00";
  q.birth_date = "1970-11-05";
  return q;
}

FileAnswer SampleAnswer(Encoding encoding) {
  FileAnswer a;
  a.process_execution_time = "20261123103000";
  a.encoding = encoding;
  a.file_id = "abc123";
  a.qualification_validity = 1;
  v1::Eligibility e;
  e.set_insurer_number("06139992");
  e.set_insurer_name("テスト商事健康保険組合");
  e.set_card_classification("01");
  e.set_insured_symbol("TEST1");
  e.set_insured_number("1001");
  e.set_insured_branch_number("00");
  e.set_personal_family(1);
  e.set_name("山田 太郎");
  e.set_name_kana("ヤマダ タロウ");
  e.set_sex(v1::SEX_MALE);
  e.set_birth_date("1985-04-12");
  e.set_address("東京都千代田区試験町一丁目1番1号");
  e.set_post_number("100-0001");
  e.set_qualification_date("2010-04-01");
  e.set_valid_from("2010-04-01");
  e.set_copayment_percent(30);
  a.results.push_back(e);
  return a;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(XmlCodecTest, RequestRoundTripPadsKokuhoInsurerNumber) {
  auto bytes = WriteRequest(SampleRequest());
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_NE(bytes->find("<InsurerNumber>  139998</InsurerNumber>"), std::string::npos) << *bytes;
  EXPECT_NE(bytes->find("<Birthdate>19701105</Birthdate>"), std::string::npos);
  EXPECT_NE(bytes->find("<QualificationConfirmationDate>20261123<"), std::string::npos);
  auto back = ParseRequest(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->insurer_number, "139998");
  EXPECT_EQ(back->insured_symbol, "テ国");
  EXPECT_EQ(back->birth_date, "1970-11-05");
  EXPECT_EQ(back->confirmation_date, "2026-11-23");
  EXPECT_EQ(back->file_id, "abc123");
  EXPECT_FALSE(back->limit_consent);
}

TEST(XmlCodecTest, RequestInShiftJis) {
  auto bytes = WriteRequest(SampleRequest(), Encoding::kShiftJis);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find("encoding=\"Shift_JIS\""), std::string::npos);
  EXPECT_EQ(bytes->find("テ国"), std::string::npos);  // not UTF-8 inside
  auto back = ParseRequest(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->insured_symbol, "テ国");
}

TEST(XmlCodecTest, RequestRefusesBadInput) {
  Request q = SampleRequest();
  q.medical_institution_code = "12345";
  EXPECT_EQ(WriteRequest(q).error().reason(), "xml.bad_value");
  q = SampleRequest();
  q.insurer_number = "1234";
  EXPECT_EQ(WriteRequest(q).error().reason(), "xml.bad_value");
  q = SampleRequest();
  q.birth_date = "1970-13-05";
  EXPECT_EQ(WriteRequest(q).error().reason(), "xml.bad_value");
}

TEST(XmlCodecTest, Utf8AnswerWithKanjiAndKana) {
  auto bytes = WriteAnswer(SampleAnswer(Encoding::kUtf8));
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_NE(bytes->find("<InsuredPartialContributionRatio>030<"), std::string::npos);
  auto a = ParseAnswer(*bytes);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_EQ(a->results.size(), 1u);
  const auto& e = a->results[0];
  EXPECT_EQ(e.name(), "山田 太郎");
  EXPECT_EQ(e.name_kana(), "ヤマダ タロウ");
  EXPECT_EQ(e.copayment_percent(), 30);
  EXPECT_EQ(e.sex(), v1::SEX_MALE);
  EXPECT_EQ(e.birth_date(), "1985-04-12");
  EXPECT_EQ(e.insurer_name(), "テスト商事健康保険組合");
  // An answer with no ratio is handed on with none, never as 000 (0割 at the receipt computer).
  {
    auto none = SampleAnswer(Encoding::kUtf8);
    none.results[0].clear_copayment_percent();
    auto written = WriteAnswer(none);
    ASSERT_TRUE(written.ok()) << written.error().ToString();
    EXPECT_EQ(written->find("<InsuredPartialContributionRatio>000<"), std::string::npos);
    auto back = ParseAnswer(*written);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(back->results[0].copayment_percent(), 0);
  }
  auto answer = ToAnswer(*a);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->outcome, v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(answer->processed_at, "20261123103000");
}

TEST(XmlCodecTest, ShiftJisAnswerWithKanjiAndKana) {
  auto bytes = WriteAnswer(SampleAnswer(Encoding::kShiftJis));
  ASSERT_TRUE(bytes.ok()) << bytes.error().ToString();
  EXPECT_FALSE(IsValidUtf8(*bytes));
  EXPECT_NE(bytes->find("<CharacterCodeIdentifier>1<"), std::string::npos);
  auto a = ParseAnswer(*bytes);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->encoding, Encoding::kShiftJis);
  EXPECT_EQ(a->results[0].name(), "山田 太郎");
  EXPECT_EQ(a->results[0].name_kana(), "ヤマダ タロウ");
}

TEST(XmlCodecTest, KokuhoInsurerNumberPaddedWithSpaces) {
  FileAnswer f = SampleAnswer(Encoding::kUtf8);
  f.results[0].set_insurer_number("139998");
  auto bytes = WriteAnswer(f);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find("<InsurerNumber>  139998</InsurerNumber>"), std::string::npos);
  auto a = ParseAnswer(*bytes);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->results[0].insurer_number(), "139998");
}

TEST(XmlCodecTest, LossReasonAndMedicalAid) {
  FileAnswer f = SampleAnswer(Encoding::kUtf8);
  f.qualification_validity = 2;
  auto& e = f.results[0];
  e.set_disqualification_date("2026-03-31");
  e.set_loss_reason("02");
  e.set_sex(v1::SEX_OTHER);
  e.set_name("渡辺 ●子");  // not the sample's 山田 太郎: a kana and number of their own
  e.set_name_kana("ワタナベ ケイコ");
  e.set_insured_number("2010");
  auto* m = e.mutable_medical_aid();
  m->set_public_expense_number("12139994");
  m->set_beneficiary_number("1234566");
  m->set_valid_from("2026-04-01");
  m->set_valid_to("2026-12-31");
  auto a = ParseAnswer(*WriteAnswer(f));
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  const auto& r = a->results[0];
  EXPECT_EQ(r.loss_reason(), "02");
  EXPECT_EQ(r.disqualification_date(), "2026-03-31");
  EXPECT_EQ(r.sex(), v1::SEX_OTHER);
  EXPECT_TRUE(r.name_has_unrepresentable());
  EXPECT_EQ(r.medical_aid().public_expense_number(), "12139994");
  EXPECT_EQ(r.medical_aid().beneficiary_number(), "1234566");
  EXPECT_EQ(r.medical_aid().valid_to(), "2026-12-31");
  EXPECT_EQ(ToAnswer(*a)->outcome, v1::OUTCOME_INELIGIBLE);
}

TEST(XmlCodecTest, ValidityMapsToOutcome) {
  FileAnswer f = SampleAnswer(Encoding::kUtf8);
  f.qualification_validity = 5;
  EXPECT_EQ(ToAnswer(*ParseAnswer(*WriteAnswer(f)))->outcome, v1::OUTCOME_MULTIPLE);
  f.qualification_validity = 4;
  f.results.clear();
  EXPECT_EQ(ToAnswer(*ParseAnswer(*WriteAnswer(f)))->outcome, v1::OUTCOME_NOT_FOUND);
  f.segment_of_result = 9;
  f.error_code = "E001";
  auto err = ToAnswer(*ParseAnswer(*WriteAnswer(f)));
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().reason(), "xml.terminal_error");
}

// An answer with several records keeps every one, in order: the terminal's file → the check's
// record (the first, carrying the rest) → the receipt computer's copy, with the validity that
// tells 3 (invalid, a new qualification) from 2, and 5 (several) from 1.
TEST(XmlCodecTest, SeveralRecordsSurviveTheWholeWay) {
  for (int validity : {3, 5}) {
    SCOPED_TRACE(validity);
    FileAnswer f = SampleAnswer(Encoding::kShiftJis);
    f.qualification_validity = validity;
    v1::Eligibility second = f.results.front();
    second.set_insurer_number("139998");
    second.set_insurer_name("テスト市国民健康保険");
    second.set_insured_symbol("テ国");
    second.set_insured_number("6150");
    f.results.push_back(second);
    auto answer = ToAnswer(*ParseAnswer(*WriteAnswer(f)));
    ASSERT_TRUE(answer.ok()) << answer.error().ToString();
    EXPECT_EQ(answer->outcome, validity == 3 ? v1::OUTCOME_INELIGIBLE : v1::OUTCOME_MULTIPLE);
    auto record = answer->Record();
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->insured_number(), "1001");
    ASSERT_EQ(record->other_records_size(), 1);
    EXPECT_EQ(record->other_records(0).insurer_number(), "139998");
    EXPECT_EQ(record->other_records(0).insured_symbol(), "テ国");
    EXPECT_EQ(record->other_records(0).other_records_size(), 0);

    v1::CheckResult result;
    result.set_outcome(answer->outcome);
    *result.mutable_eligibility() = *record;
    auto handed = AnswerFromResult(result, "hand01", "20261207100000", Encoding::kUtf8);
    ASSERT_TRUE(handed.ok()) << handed.error().ToString();
    EXPECT_EQ(handed->qualification_validity, validity);
    auto again = ParseAnswer(*WriteAnswer(*handed));
    ASSERT_TRUE(again.ok()) << again.error().ToString();
    ASSERT_EQ(again->results.size(), 2u);
    EXPECT_EQ(again->results[0].insured_number(), "1001");
    EXPECT_EQ(again->results[1].insured_number(), "6150");
  }
  // One record ineligible stays 2; an answer of more than nine records keeps nine.
  v1::CheckResult single;
  single.set_outcome(v1::OUTCOME_INELIGIBLE);
  *single.mutable_eligibility() = SampleAnswer(Encoding::kUtf8).results.front();
  EXPECT_EQ(
      AnswerFromResult(single, "hand02", "20261207100000", Encoding::kUtf8)->qualification_validity,
      2);
  Answer many;
  many.results.assign(12, SampleAnswer(Encoding::kUtf8).results.front());
  EXPECT_EQ(many.Record()->other_records_size(), static_cast<int>(Answer::kMaxOtherRecords));
}

TEST(XmlCodecTest, TruncatedFileIsMalformed) {
  std::string bytes = *WriteAnswer(SampleAnswer(Encoding::kUtf8));
  auto cut = bytes.substr(0, bytes.find("<ResultList>") + 5);
  auto a = ParseAnswer(cut);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().reason(), "xml.malformed");
  EXPECT_EQ(a.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseAnswer("").error().reason(), "xml.malformed");
}

TEST(XmlCodecTest, WrongEncodingDeclaration) {
  // Shift_JIS bytes that claim to be UTF-8.
  std::string sjis = *WriteAnswer(SampleAnswer(Encoding::kShiftJis));
  EXPECT_EQ(ParseAnswer(Replace(sjis, "Shift_JIS", "UTF-8")).error().reason(),
            "xml.wrong_encoding");
  // Declaration and CharacterCodeIdentifier disagree.
  std::string utf8 = *WriteAnswer(SampleAnswer(Encoding::kUtf8));
  EXPECT_EQ(ParseAnswer(Replace(utf8, "<CharacterCodeIdentifier>0<", "<CharacterCodeIdentifier>1<"))
                .error()
                .reason(),
            "xml.wrong_encoding");
  EXPECT_EQ(ParseAnswer(Replace(utf8, "UTF-8", "EUC-JP")).error().reason(), "xml.wrong_encoding");
}

// Bytes that only look like UTF-8 (a surrogate, an overlong form, a code point above U+10FFFF)
// and control characters in a value: each would be saved into the outbox, where the first
// would not parse back (holding every later result) and the second is refused by HQ.
TEST(XmlCodecTest, NamesThatOnlyLookLikeUtf8OrHoldControlsAreRefused) {
  const std::string utf8 = *WriteAnswer(SampleAnswer(Encoding::kUtf8));
  ASSERT_NE(utf8.find("山田 太郎"), std::string::npos);
  for (const char* bad : {"\xED\xA0\x80", "\xE0\x80\x80", "\xF4\x90\x80\x80", "\xC0\xAF"}) {
    const auto a = ParseAnswer(Replace(utf8, "山田 太郎", std::string("山田") + bad));
    ASSERT_FALSE(a.ok()) << "accepted " << ::testing::PrintToString(std::string(bad));
    EXPECT_EQ(a.error().reason(), "xml.wrong_encoding");
  }
  for (const char* bad : {"\x01", "\x1B[2J", "\x7F", "\xC2\x85", "\xE2\x80\xAE", "\t"}) {
    const auto a = ParseAnswer(Replace(utf8, "山田 太郎", std::string("山田") + bad + "太郎"));
    ASSERT_FALSE(a.ok()) << "accepted " << ::testing::PrintToString(std::string(bad));
    EXPECT_EQ(a.error().reason(), "xml.bad_value");
    EXPECT_EQ(a.error().message().find("山田"), std::string::npos) << a.error().message();
  }
  // A control written as a character reference is the same character.
  EXPECT_EQ(ParseAnswer(Replace(utf8, "山田 太郎", "山田&#1;太郎")).error().reason(),
            "xml.bad_value");
  // Layout between elements may use tabs and CRLF; a full-width space in a name is a character.
  std::string laid_out;
  for (char c : utf8) laid_out += c == '\n' ? std::string("\r\n\t") : std::string(1, c);
  laid_out = Replace(laid_out, "山田 太郎", "山田\u3000太郎");
  const auto fine = ParseAnswer(laid_out);
  ASSERT_TRUE(fine.ok()) << fine.error().ToString();
  EXPECT_EQ(fine->results[0].name(), "山田\u3000太郎");
}

TEST(XmlCodecTest, MissingAndBadFields) {
  std::string utf8 = *WriteAnswer(SampleAnswer(Encoding::kUtf8));
  EXPECT_EQ(
      ParseAnswer(Replace(utf8, "<ArbitraryFileIdentifier>abc123</ArbitraryFileIdentifier>", ""))
          .error()
          .reason(),
      "xml.missing_field");
  EXPECT_EQ(ParseAnswer(Replace(utf8, "XmlMsg>", "Other>")).error().reason(), "xml.malformed");
  EXPECT_EQ(ParseAnswer(Replace(utf8, "<Sex1>1<", "<Sex1>7<")).error().reason(), "xml.bad_value");
  EXPECT_EQ(ParseAnswer(Replace(utf8, ">030<", ">3割<")).error().reason(), "xml.bad_value");
  EXPECT_EQ(ParseAnswer(Replace(utf8, "<QualificationValidity>1<", "<QualificationValidity>7<"))
                .error()
                .reason(),
            "xml.bad_value");
  const auto birth = ParseAnswer(Replace(utf8, "<Birthdate>19850412<", "<Birthdate>19851312<"));
  EXPECT_EQ(birth.error().reason(), "xml.bad_value");
  const auto insurer =
      ParseAnswer(Replace(utf8, "<InsurerNumber>06139992<", "<InsurerNumber>0613999X<"));
  EXPECT_EQ(insurer.error().reason(), "xml.bad_value");
  // The error names the field, never the patient's value: it reaches logs (the Windows Event
  // Log among them) and HQ's result as its reason.
  EXPECT_EQ(birth.error().message(), "Birthdate (8 bytes) is not valid");
  EXPECT_EQ(insurer.error().message().find("0613999X"), std::string::npos)
      << insurer.error().message();
}

TEST(XmlCodecTest, FuzzEntryPointSurvivesEveryTruncation) {
  for (Encoding enc : {Encoding::kUtf8, Encoding::kShiftJis}) {
    std::string bytes = *WriteAnswer(SampleAnswer(enc));
    for (size_t n = 0; n <= bytes.size(); ++n) {
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), n);
    }
  }
  std::string junk = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\x82\xff\x00\x81<XmlMsg>";
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(junk.data()), junk.size());
}

}  // namespace
}  // namespace kakunin::eligibility::xml
