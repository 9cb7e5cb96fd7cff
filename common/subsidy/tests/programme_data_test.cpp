// Proves the programme-file loader: a valid file parses into the domain values, the canonical
// JSON round-trips, and every kind of mistake HQ can make in the file (unknown facility kind, bad
// date, negative or fractional amounts, rate above 1, duplicate ids or keys, missing or unknown
// fields, undeclared categories, wording far from the real maximum) is refused with
// kInvalidArgument, a stable reason and a message naming the programme id and the field.
#include "common/subsidy/programme_data.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::subsidy {
namespace {

using domain::FacilityKind;

// A small valid file: two programmes in one exclusion group, one with an opening date.
const char kValid[] = R"json({
  "format": "kakunin.subsidy_programmes",
  "format_version": 1,
  "categories": [
    {"id": "mobile_device", "name_ja": "モバイル端末等", "name_en": "mobile device"},
    {"id": "receipt_computer_change", "name_ja": "レセプトコンピュータの改修等",
     "name_en": "receipt computer change"}
  ],
  "programmes": [
    {
      "id": "test_home",
      "name_ja": "訪問診療等（試験）",
      "name_en": "home visits (test)",
      "legal_basis": "地域診療情報連携推進費補助金",
      "source": "test fixture A",
      "note": "a note",
      "opens": "2025-04-01",
      "deadline": "2026-01-31",
      "required_documents": ["領収書（写）", "領収書内訳書"],
      "exclusion_group": "test_group",
      "exclusive_categories": ["receipt_computer_change"],
      "terms": [
        {"facility_kind": "clinic", "rate": "3/4", "project_cap_yen": 171000,
         "categories": [{"id": "mobile_device", "cap_yen": 41000},
                        {"id": "receipt_computer_change", "cap_yen": 130000}],
         "official_max_wording": "12.8万円"}
      ]
    },
    {
      "id": "test_online",
      "name_ja": "オンライン診療等（試験）",
      "name_en": "online consultations (test)",
      "legal_basis": "地域診療情報連携推進費補助金",
      "source": "test fixture B",
      "opens": null,
      "deadline": "2027-01-31",
      "required_documents": ["領収書（写）"],
      "exclusion_group": "test_group",
      "exclusive_categories": ["receipt_computer_change"],
      "terms": [
        {"facility_kind": "hospital", "rate": "1/2", "project_cap_yen": 781000,
         "categories": [{"id": "receipt_computer_change", "cap_yen": null}],
         "official_max_wording": ""}
      ]
    }
  ]
})json";

// kValid with `from` (which must occur exactly once) replaced by `to`.
std::string Mutate(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "not unique: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ProgrammeDataTest, ParsesAValidFileIntoDomainValues) {
  Result<ProgrammeFile> file = ParseProgrammeFile(kValid);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  ASSERT_EQ(file->categories.size(), 2u);
  EXPECT_EQ(file->categories[1].name_ja, "レセプトコンピュータの改修等");
  ASSERT_EQ(file->programmes.size(), 2u);

  const ProgrammeRecord& home = file->programmes[0];
  EXPECT_EQ(home.source, "test fixture A");
  EXPECT_EQ(home.note, "a note");
  const domain::Programme& p = home.programme;
  EXPECT_EQ(p.id, "test_home");
  EXPECT_EQ(p.legal_basis, "地域診療情報連携推進費補助金");
  EXPECT_EQ(p.opens, (domain::Date{2025, 4, 1}));
  EXPECT_EQ(p.deadline, (domain::Date{2026, 1, 31}));
  EXPECT_EQ(p.required_documents, (std::vector<std::string>{"領収書（写）", "領収書内訳書"}));
  EXPECT_EQ(p.exclusion_group, "test_group");
  ASSERT_EQ(p.terms.size(), 1u);
  EXPECT_EQ(p.terms[0].kind, FacilityKind::kClinic);
  EXPECT_EQ(p.terms[0].rate.numerator, 3);
  EXPECT_EQ(p.terms[0].rate.denominator, 4);
  EXPECT_EQ(p.terms[0].project_cap_yen, 171'000);
  ASSERT_EQ(p.terms[0].categories.size(), 2u);
  EXPECT_EQ(p.terms[0].categories[0].cap_yen, 41'000);
  EXPECT_EQ(p.terms[0].official_max_wording, "12.8万円");

  const domain::Programme& online = file->programmes[1].programme;
  EXPECT_EQ(online.opens, kOpeningNotStated);  // "opens": null
  EXPECT_EQ(online.terms[0].categories[0].cap_yen, std::nullopt);
  EXPECT_TRUE(file->programmes[1].note.empty());

  Result<std::vector<domain::Programme>> plain = ParseProgrammes(kValid);
  ASSERT_TRUE(plain.ok());
  ASSERT_EQ(plain->size(), 2u);
  EXPECT_TRUE(SameProgramme((*plain)[0], p));
}

TEST(ProgrammeDataTest, CanonicalJsonRoundTrips) {
  Result<ProgrammeFile> file = ParseProgrammeFile(kValid);
  ASSERT_TRUE(file.ok());
  const std::string written = ProgrammesToJson(*file);
  Result<ProgrammeFile> again = ParseProgrammeFile(written);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(SameProgrammeFile(*file, *again));
  EXPECT_EQ(ProgrammesToJson(*again), written);  // the canonical form is a fixed point
  // Readable for HQ: Japanese kept as UTF-8, null for an unstated opening, "3/4" for a rate.
  EXPECT_NE(written.find("\"name_ja\": \"訪問診療等（試験）\""), std::string::npos);
  EXPECT_NE(written.find("\"opens\": null"), std::string::npos);
  EXPECT_NE(written.find("\"rate\": \"3/4\""), std::string::npos);
  EXPECT_NE(written.find("\"cap_yen\": null"), std::string::npos);

  // An HQ edit through the structs lands in the file.
  file->programmes[0].programme.deadline = domain::Date{2026, 3, 31};
  Result<ProgrammeFile> edited = ParseProgrammeFile(ProgrammesToJson(*file));
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->programmes[0].programme.deadline, (domain::Date{2026, 3, 31}));
  EXPECT_FALSE(SameProgrammeFile(*edited, *again));
}

TEST(ProgrammeDataTest, RefusesMistakesNamingProgrammeAndField) {
  struct Case {
    const char* what;
    std::string text;
    const char* reason;
    std::vector<const char*> message_has;
  };
  const char* kBad = "subsidy.bad_programme";
  const char* kBadFile = "subsidy.bad_programme_file";
  const Case cases[] = {
      {"unknown facility kind",
       Mutate("\"clinic\"", "\"dental_lab\""),
       kBad,
       {"programme 'test_home'", "terms[0].facility_kind", "dental_lab"}},
      {"no such day",
       Mutate("\"2025-04-01\"", "\"2025-02-30\""),
       kBad,
       {"programme 'test_home'", "opens", "2025-02-30"}},
      {"date in another form",
       Mutate("\"2027-01-31\"", "\"2027/01/31\""),
       kBad,
       {"programme 'test_online'", "deadline", "YYYY-MM-DD"}},
      {"Japanese-era date",
       Mutate("\"2027-01-31\"", "\"令和9年1月31日\""),
       kBad,
       {"programme 'test_online'", "deadline"}},
      {"negative project cap",
       Mutate("171000", "-171000"),
       kBad,
       {"programme 'test_home'", "terms[0].project_cap_yen", "negative"}},
      {"negative category cap",
       Mutate("41000", "-41000"),
       kBad,
       {"programme 'test_home'", "terms[0].categories[0].cap_yen", "negative"}},
      {"fractional yen",
       Mutate("130000", "130000.5"),
       kBad,
       {"terms[0].categories[1].cap_yen", "whole number"}},
      {"amount as a string",
       Mutate("781000", "\"781000\""),
       kBad,
       {"programme 'test_online'", "terms[0].project_cap_yen"}},
      {"zero cap", Mutate("171000", "0"), kBad, {"terms[0].project_cap_yen", "between 1"}},
      {"absurd cap", Mutate("781000", "99999999999999999999"), kBad, {"terms[0].project_cap_yen"}},
      {"rate above 1",
       Mutate("\"3/4\"", "\"5/4\""),
       kBad,
       {"programme 'test_home'", "terms[0].rate", "at most 1"}},
      {"rate with zero denominator",
       Mutate("\"1/2\"", "\"1/0\""),
       kBad,
       {"programme 'test_online'", "terms[0].rate", "denominator"}},
      {"rate of zero", Mutate("\"1/2\"", "\"0/2\""), kBad, {"terms[0].rate", "above 0"}},
      {"rate written as on the leaflet",
       Mutate("\"3/4\"", "\"3 / 4\""),
       kBad,
       {"terms[0].rate", "\"3/4\""}},
      {"rate as a number", Mutate("\"3/4\"", "0.75"), kBad, {"terms[0].rate"}},
      {"duplicate programme id",
       Mutate("\"test_online\"", "\"test_home\""),
       kBad,
       {"programme 'test_home'", "duplicate programme id", "programmes[1]"}},
      {"missing field",
       Mutate("\"legal_basis\": \"地域診療情報連携推進費補助金\",\n      \"source\": \"test "
              "fixture A\"",
              "\"source\": \"test fixture A\""),
       kBad,
       {"programme 'test_home'", "legal_basis", "missing"}},
      {"missing id names the position",
       Mutate("\"id\": \"test_online\",", ""),
       kBad,
       {"programmes[1]", "id", "missing"}},
      {"missing cap_yen",
       Mutate("{\"id\": \"mobile_device\", \"cap_yen\": 41000}", "{\"id\": \"mobile_device\"}"),
       kBad,
       {"terms[0].categories[0].cap_yen", "missing"}},
      {"unknown (misspelt) field",
       Mutate("\"note\": \"a note\"", "\"notes\": \"a note\""),
       kBad,
       {"programme 'test_home'", "notes", "unknown field"}},
      {"empty name",
       Mutate("\"name_en\": \"online consultations (test)\"", "\"name_en\": \"\""),
       kBad,
       {"programme 'test_online'", "name_en", "empty"}},
      {"empty source",
       Mutate("\"test fixture B\"", "\"\""),
       kBad,
       {"programme 'test_online'", "source"}},
      {"id with capitals",
       Mutate("\"test_online\"", "\"Test-Online\""),
       kBad,
       {"programme 'Test-Online'", "id", "lower-case"}},
      {"undeclared category",
       Mutate("{\"id\": \"mobile_device\", \"cap_yen\": 41000}",
              "{\"id\": \"mobile_devise\", \"cap_yen\": 41000}"),
       kBad,
       {"programme 'test_home'", "terms[0].categories[0].id", "not declared"}},
      {"category twice in terms",
       Mutate("{\"id\": \"receipt_computer_change\", \"cap_yen\": 130000}",
              "{\"id\": \"mobile_device\", \"cap_yen\": 130000}"),
       kBad,
       {"terms[0].categories[1].id", "twice"}},
      {"facility kind twice",
       Mutate("\"official_max_wording\": \"\"}",
              "\"official_max_wording\": \"\"}, {\"facility_kind\": \"hospital\", \"rate\": "
              "\"1/2\", \"project_cap_yen\": 5, \"categories\": [{\"id\": "
              "\"receipt_computer_change\", \"cap_yen\": null}], \"official_max_wording\": \"\"}"),
       kBad,
       {"programme 'test_online'", "terms[1].facility_kind", "twice"}},
      {"wording far from the computed maximum",
       Mutate("\"12.8万円\"", "\"31万円\""),
       kBad,
       {"programme 'test_home'", "terms[0].official_max_wording", "128250"}},
      {"wording in another form",
       Mutate("\"12.8万円\"", "\"128,250円\""),
       kBad,
       {"terms[0].official_max_wording", "3.1万円"}},
      {"opening after the deadline",
       Mutate("\"2025-04-01\"", "\"2026-02-01\""),
       kBad,
       {"programme 'test_home'", "opens", "after the deadline"}},
      {"no required documents",
       Mutate("[\"領収書（写）\"]", "[]"),
       kBad,
       {"programme 'test_online'", "required_documents"}},
      {"document listed twice",
       Mutate("[\"領収書（写）\"]", "[\"領収書（写）\", \"領収書（写）\"]"),
       kBad,
       {"required_documents[1]", "twice"}},
      {"group without exclusive categories",
       Mutate("\"exclusion_group\": \"test_group\",\n      \"exclusive_categories\": "
              "[\"receipt_computer_change\"],\n      \"terms\": [\n        {\"facility_kind\": "
              "\"hospital\"",
              "\"exclusion_group\": \"test_group\",\n      \"exclusive_categories\": [],\n      "
              "\"terms\": [\n        {\"facility_kind\": \"hospital\""),
       kBad,
       {"programme 'test_online'", "exclusive_categories", "together"}},
      {"exclusive category the programme does not pay",
       Mutate(
           "\"exclusive_categories\": [\"receipt_computer_change\"],\n      \"terms\": [\n        "
           "{\"facility_kind\": \"hospital\"",
           "\"exclusive_categories\": [\"mobile_device\"],\n      \"terms\": [\n        "
           "{\"facility_kind\": \"hospital\""),
       kBad,
       {"programme 'test_online'", "exclusive_categories[0]", "not paid"}},
      {"duplicate JSON key",
       Mutate("\"deadline\": \"2027-01-31\"",
              "\"deadline\": \"2027-01-31\", \"deadline\": \"2028-01-31\""),
       kBadFile,
       {"json", "'deadline' appears twice"}},
      {"wrong format",
       Mutate("kakunin.subsidy_programmes", "something.else"),
       kBadFile,
       {"format"}},
      {"future version",
       Mutate("\"format_version\": 1", "\"format_version\": 2"),
       kBadFile,
       {"format_version"}},
      {"category declared twice",
       Mutate("\"name_en\": \"mobile device\"},",
              "\"name_en\": \"mobile device\"}, {\"id\": "
              "\"mobile_device\", \"name_ja\": \"x\", \"name_en\": "
              "\"y\"},"),
       kBadFile,
       {"categories[1]", "declared twice"}},
      {"truncated JSON", std::string(kValid).substr(0, 300), kBadFile, {"json"}},
      {"not an object", "[]", kBadFile, {"must be an object"}},
      {"empty input", "", kBadFile, {"json"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<ProgrammeFile> r = ParseProgrammeFile(c.text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().reason(), c.reason) << r.error().ToString();
    for (const char* part : c.message_has) {
      EXPECT_NE(r.error().message().find(part), std::string::npos)
          << "'" << part << "' not in: " << r.error().message();
    }
    // The plain loader refuses the same input.
    EXPECT_FALSE(ParseProgrammes(c.text).ok());
  }
}

TEST(ProgrammeDataTest, WriterOutputOfAnInvalidProgrammeIsRefusedOnRead) {
  // ProgrammesToJson writes whatever it is given; the reader is the gate.
  Result<ProgrammeFile> file = ParseProgrammeFile(kValid);
  ASSERT_TRUE(file.ok());
  file->programmes[1].programme.terms.clear();
  Result<ProgrammeFile> r = ParseProgrammeFile(ProgrammesToJson(*file));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "subsidy.bad_programme");
  EXPECT_EQ(r.error().message(), "programme 'test_online': terms: must be a non-empty array");
}

TEST(ProgrammeDataTest, RefusesAbsurdNestingAndSize) {
  std::string deep = "{\"format\": ";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  deep += "}";
  Result<ProgrammeFile> r = ParseProgrammeFile(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("nested too deeply"), std::string::npos);

  const std::string huge(kMaxProgrammeFileBytes + 1, ' ');
  Result<ProgrammeFile> big = ParseProgrammeFile(huge);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().reason(), "subsidy.bad_programme_file");
}

// One programme object from the console is checked as text before any parser builds it.
TEST(ProgrammeDataTest, AProgrammeObjectsTextIsBoundedBeforeParsing) {
  EXPECT_TRUE(CheckProgrammeObjectText(R"({"id": "x", "terms": [{"a": [1, 2]}]})").ok());
  // Brackets inside strings (escaped quotes too) are text, not nesting.
  EXPECT_TRUE(CheckProgrammeObjectText(R"({"name": "[[[[[[[[[[[[[[[[[[[[\"{{{{{{{{{{{{"})").ok());
  const Status deep = CheckProgrammeObjectText(std::string(15, '[') + std::string(15, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().reason(), "subsidy.bad_programme");
  EXPECT_NE(deep.error().message().find("nested too deeply"), std::string::npos);
  EXPECT_TRUE(CheckProgrammeObjectText(std::string(14, '[') + std::string(14, ']')).ok());
  const Status big = CheckProgrammeObjectText(std::string(kMaxProgrammeFileBytes + 1, ' '));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().reason(), "subsidy.bad_programme");
}

TEST(ProgrammeDataTest, EmptyProgrammeListIsValid) {
  // Between two years' programmes HQ may have none open; that is not an error.
  const char kEmpty[] =
      R"json({"format": "kakunin.subsidy_programmes", "format_version": 1, "categories": [],
          "programmes": []})json";
  Result<std::vector<domain::Programme>> r = ParseProgrammes(kEmpty);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ProgrammeDataTest, OfficialWordingFigures) {
  struct Case {
    const char* wording;
    int64_t yen;
    int64_t unit;
  };
  const Case good[] = {
      {"3.1万円", 31'000, 1'000},   {"39万円", 390'000, 10'000}, {"12.8万円", 128'000, 1'000},
      {"41.1万円", 411'000, 1'000}, {"0.5万円", 5'000, 1'000},   {"3.075万円", 30'750, 10},
  };
  for (const Case& c : good) {
    SCOPED_TRACE(c.wording);
    Result<OfficialFigure> f = ParseOfficialWording(c.wording);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->yen, c.yen);
    EXPECT_EQ(f->unit_yen, c.unit);
  }
  for (const char* bad : {"3.1万", "万円", ".5万円", "3.万円", "03万円", "3.12345万円", "3,1万円",
                          "30750円", "", "-3万円", "３.１万円"}) {
    SCOPED_TRACE(bad);
    Result<OfficialFigure> f = ParseOfficialWording(bad);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().reason(), "subsidy.bad_wording");
  }
}

}  // namespace
}  // namespace kakunin::subsidy
