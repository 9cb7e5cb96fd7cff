// The face-reader files as built in memory: names with 外字 substitutes, the answer layout, the
// manifest line and the planner's choice of people, encodings and substitutes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "sim/oqs/face_deleter.h"
#include "sim/oqs/face_reader.h"

namespace kakunin::sim {
namespace {

namespace xml = eligibility::xml;

constexpr std::time_t kNow = 1795397400;        // 2026-11-23 10:30 JST
constexpr char kPrivateUse[] = "\xEE\x80\x80";  // U+E000

Population Shipped() {
  auto population = Population::Load(KAKUNIN_OQS_POPULATION);
  EXPECT_TRUE(population.ok());
  return population.ok() ? *population : Population();
}

FaceFileSpec SpecFor(const std::string& seed, xml::Encoding encoding,
                     std::optional<GaijiSubstitute> gaiji) {
  FaceFileSpec spec;
  spec.counter = 7;
  spec.now = kNow;
  spec.person = *Shipped().FindBySeed(seed);
  spec.encoding = encoding;
  spec.gaiji = gaiji;
  return spec;
}

TEST(FaceFileTest, ReplacesOneKanjiOfTheName) {
  EXPECT_EQ(ReplaceOneKanji("山田 太郎", "●"), "●田 太郎");
  EXPECT_EQ(ReplaceOneKanji("渡辺 みどり", "〓"), "〓辺 みどり");
  EXPECT_EQ(ReplaceOneKanji("みどり 渡辺", "●"), "みどり ●辺");
  EXPECT_EQ(ReplaceOneKanji("スミス ジョン", "●"), "●ミス ジョン");  // no kanji at all
  EXPECT_EQ(ReplaceOneKanji("", "●"), "●");
}

TEST(FaceFileTest, Utf8FileIsACardAnswerWithTheSubstitute) {
  auto file =
      MakeFaceFile(SpecFor("yamada-taro", xml::Encoding::kUtf8, GaijiSubstitute::kBlackCircle));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->name, "OQSsiquc01res_face_20261123103000_0007.xml");
  EXPECT_EQ(file->file_id, "FACE202611231030000007");
  auto answer = xml::ParseAnswer(file->bytes);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->reference_classification, 1);
  EXPECT_EQ(answer->segment_of_result, 1);
  EXPECT_EQ(answer->file_id, file->file_id);
  EXPECT_EQ(answer->process_execution_time, "20261123103000");
  EXPECT_EQ(answer->qualification_validity, 1);
  ASSERT_EQ(answer->results.size(), 1u);
  EXPECT_EQ(answer->results[0].name(), "●田 太郎");
  EXPECT_TRUE(answer->results[0].name_has_unrepresentable());
  EXPECT_EQ(file->record.name(), "●田 太郎");
}

TEST(FaceFileTest, ShiftJisFileCarriesARawUserDefinedCharacter) {
  auto file = MakeFaceFile(
      SpecFor("tanaka-yoshiko", xml::Encoding::kShiftJis, GaijiSubstitute::kUserDefinedArea));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_NE(file->bytes.find("\xF0\x40"), std::string::npos);
  EXPECT_EQ(file->bytes.find("#GAIJI#"), std::string::npos);
  auto answer = xml::ParseAnswer(file->bytes);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->encoding, xml::Encoding::kShiftJis);
  EXPECT_EQ(answer->qualification_validity, 2);  // lost 2026-03-31
  ASSERT_EQ(answer->results.size(), 1u);
  EXPECT_EQ(answer->results[0].name(), std::string(kPrivateUse) + "中 良子");
  EXPECT_EQ(file->record.name(), answer->results[0].name());
}

TEST(FaceFileTest, RawCharacterNeedsShiftJis) {
  auto file =
      MakeFaceFile(SpecFor("yamada-taro", xml::Encoding::kUtf8, GaijiSubstitute::kUserDefinedArea));
  EXPECT_FALSE(file.ok());
}

TEST(FaceFileTest, ManifestLineSaysWhatADecoderGetsBack) {
  auto file =
      MakeFaceFile(SpecFor("sato-hanako", xml::Encoding::kShiftJis, GaijiSubstitute::kGetaMark));
  ASSERT_TRUE(file.ok());
  auto j = nlohmann::json::parse(ManifestLine(*file));
  EXPECT_EQ(j["file"], file->name);
  EXPECT_EQ(j["file_id"], file->file_id);
  EXPECT_EQ(j["insurer_number"], "06139992");
  EXPECT_EQ(j["insured_symbol"], "TEST1");
  EXPECT_EQ(j["insured_number"], "1001");
  EXPECT_EQ(j["insured_branch_number"], "01");
  EXPECT_EQ(j["birth_date"], "2021-08-30");
  EXPECT_EQ(j["name"], "〓藤 花子");
  EXPECT_EQ(j["encoding"], "sjis");
  EXPECT_EQ(j["gaiji"], true);
  EXPECT_EQ(j["qualification_validity"], 1);
}

TEST(FacePlannerTest, MixedEncodingWithGaijiOnEveryThirdFile) {
  FacePlanner planner(Shipped(), FaceEncodingMode::kMixed, GaijiMode::kSome, 1, kNow);
  std::vector<std::optional<GaijiSubstitute>> got;
  for (int i = 0; i < 12; ++i) {
    FaceFileSpec spec = planner.Next(kNow);
    EXPECT_EQ(spec.counter, i + 1);
    EXPECT_EQ(spec.encoding, i % 2 == 0 ? xml::Encoding::kUtf8 : xml::Encoding::kShiftJis);
    got.push_back(spec.gaiji);
  }
  using G = GaijiSubstitute;
  const std::vector<std::optional<G>> want = {
      {}, {}, G::kBlackCircle, {}, {}, G::kBlackCircle,       // files 3 (UTF-8), 6 (SJIS)
      {}, {}, G::kGetaMark,    {}, {}, G::kUserDefinedArea};  // files 9 (UTF-8), 12 (SJIS)
  EXPECT_EQ(got, want);
}

TEST(FacePlannerTest, ValidAndInvalidPeopleWithLinkedCardsOnly) {
  const Population population = Shipped();
  FacePlanner planner(population, FaceEncodingMode::kUtf8, GaijiMode::kNone, 3, kNow);
  std::set<std::string> seeds;
  std::set<int> validity;
  for (int i = 0; i < 40; ++i) {
    FaceFileSpec spec = planner.Next(kNow);
    EXPECT_TRUE(spec.person.registered) << spec.person.card_seed;
    seeds.insert(spec.person.card_seed);
    if (i < 4) validity.insert(MakeFaceFile(spec)->qualification_validity);
  }
  EXPECT_EQ(validity, (std::set<int>{1, 2}));  // both within the first four files
  EXPECT_EQ(seeds.count("ito-kenji"), 0u);     // マイナ保険証未登録
  // People with several records are the service's and the XML responder's to answer.
  EXPECT_EQ(seeds.count("mori-kazuo"), 0u);
  EXPECT_EQ(seeds.count("ishii-akemi"), 0u);
  size_t one_record = 0;
  for (const Person& p : population.persons()) {
    one_record += p.registered && p.eligibility.other_records().empty() ? 1 : 0;
  }
  EXPECT_EQ(seeds.size(), one_record);  // 40 files go round everyone else
}

TEST(FacePlannerTest, TheSeedDecidesThePeople) {
  auto order = [](uint32_t seed) {
    FacePlanner planner(Shipped(), FaceEncodingMode::kUtf8, GaijiMode::kNone, seed, kNow);
    std::vector<std::string> seeds;
    for (int i = 0; i < 10; ++i) seeds.push_back(planner.Next(kNow).person.card_seed);
    return seeds;
  };
  EXPECT_EQ(order(5), order(5));
  EXPECT_NE(order(5), order(6));
}

TEST(FaceDeleterTest, OnlyFaceAnswersAreTaken) {
  EXPECT_TRUE(IsFaceAnswerName("OQSsiquc01res_face_20261123103000_0001.xml"));
  EXPECT_FALSE(IsFaceAnswerName(".OQSsiquc01res_face_20261123103000_0001.xml.tmp"));
  EXPECT_FALSE(IsFaceAnswerName("OQSsiquc01res_abc.xml"));
  EXPECT_FALSE(IsFaceAnswerName("OQSsiquc01res_face_x.err"));
}

}  // namespace
}  // namespace kakunin::sim
