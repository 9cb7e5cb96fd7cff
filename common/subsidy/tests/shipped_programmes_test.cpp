// Table tests over the programme file the server ships (server/subsidy/programmes.json), with
// every expected number worked out by hand from the seeds (arithmetic in the comments), never by
// the code under test. They prove: the file is canonical and every programme names its seed;
// each programme × each facility kind has the seeds' terms (or is not eligible); item mixes pay
// exact yen with fractions rounded down and caps binding per item category and per project,
// beside the leaflet's 万円 figure; a レセコン change is not paid twice between オンライン診療等
// and 外来 (通常と異なる動線); and the deadlines, which have all passed on 2026-11-23.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/subsidy/deadline.h"
#include "common/subsidy/programme_data.h"

namespace kakunin::subsidy {
namespace {

using domain::CostItem;
using domain::Date;
using domain::FacilityKind;
using domain::PriorClaim;

constexpr FacilityKind kHospital = FacilityKind::kHospital;
constexpr FacilityKind kClinic = FacilityKind::kClinic;
constexpr FacilityKind kPharmacy = FacilityKind::kPharmacy;
constexpr FacilityKind kChain = FacilityKind::kLargeChainPharmacy;
constexpr FacilityKind kHealthCheck = FacilityKind::kHealthCheckInstitution;
constexpr FacilityKind kMidwife = FacilityKind::kMidwifeClinic;
constexpr FacilityKind kExempt = FacilityKind::kExempt;
constexpr FacilityKind kAllKinds[] = {kHospital,    kClinic,  kPharmacy, kChain,
                                      kHealthCheck, kMidwife, kExempt};

const char kLimited2025[] = "limited_type_devices_2025";
const char kLimited2026[] = "limited_type_devices_2026";
const char kHomeVisit[] = "kyotaku_home_visit_2026";
const char kOnline[] = "kyotaku_online_2026";
const char kOutpatient[] = "kyotaku_outpatient_2026";
const char* const kAllProgrammes[] = {kLimited2025, kLimited2026, kHomeVisit, kOnline, kOutpatient};

const char kReader[] = "card_reader";
const char kDevice[] = "mobile_device";
const char kReceiptComputer[] = "receipt_computer_change";

std::string ShippedText() {
  std::ifstream in(KAKUNIN_PROGRAMMES_JSON, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const ProgrammeFile& Shipped() {
  static const ProgrammeFile file = [] {
    Result<ProgrammeFile> r = ParseProgrammeFile(ShippedText());
    if (!r.ok()) {
      ADD_FAILURE() << r.error().ToString();
      return ProgrammeFile{};
    }
    return std::move(r).value();
  }();
  return file;
}

const domain::Programme& Get(const std::string& id) {
  for (const ProgrammeRecord& r : Shipped().programmes) {
    if (r.programme.id == id) return r.programme;
  }
  ADD_FAILURE() << "no programme " << id;
  static const domain::Programme kNone;
  return kNone;
}

TEST(ShippedProgrammesTest, FileIsCanonicalAndEveryProgrammeNamesItsSeed) {
  const std::string text = ShippedText();
  ASSERT_FALSE(text.empty()) << KAKUNIN_PROGRAMMES_JSON;
  ASSERT_EQ(Shipped().programmes.size(), 5u);
  // Written exactly as ProgrammesToJson writes it, so tool edits give minimal diffs.
  EXPECT_EQ(ProgrammesToJson(Shipped()), text);
  for (size_t i = 0; i < 5; ++i) {
    const ProgrammeRecord& r = Shipped().programmes[i];
    SCOPED_TRACE(r.programme.id);
    EXPECT_EQ(r.programme.id, kAllProgrammes[i]);
    EXPECT_NE(r.source.find("seed 00"), std::string::npos);
    EXPECT_NE(r.source.find(".txt"), std::string::npos);
    // Seed 002 §3: 申請時に必要となる添付書類 — 領収書（写）, 領収書内訳書.
    EXPECT_EQ(r.programme.required_documents,
              (std::vector<std::string>{"領収書（写）", "領収書内訳書"}));
    // No seed states an opening date.
    EXPECT_EQ(r.programme.opens, kOpeningNotStated);
  }
  EXPECT_EQ(Get(kLimited2025).legal_basis, "社会保障・税番号制度システム整備費等補助金");
  for (const char* id : {kLimited2026, kHomeVisit, kOnline, kOutpatient}) {
    EXPECT_EQ(Get(id).legal_basis, "地域診療情報連携推進費補助金");
  }
}

// What each programme gives each facility kind, from the seeds. Category caps: kAbsent = the
// category is not paid, kNoCap = paid within the project cap only.
constexpr int64_t kAbsent = -1;
constexpr int64_t kNoCap = 0;
struct TermsRow {
  const char* programme;
  FacilityKind kind;
  bool eligible;
  int64_t numerator, denominator, project_cap;
  int64_t reader_cap, device_cap, receipt_computer_cap;
  int64_t max_paid;
  const char* wording;
};

// 限定型 (seed 000 l.474, 712; seed 001 l.231): 3/4 of at most 4.1万 = 41,000 × 3/4 = 30,750,
// leaflet "3.1万円". 訪問・外来 (seed 001 l.31-35, 146-150): 病院 1/2 of 822,000 = 411,000
// ("41.1万円"); 大型チェーン 1/2 of 171,000 = 85,500 ("8.5万円"); 診療所・薬局 3/4 of 171,000
// = 128,250 ("12.8万円"); device cap 41,000, レセコン 781,000 / 130,000.
// オンライン (seed 001 l.77-81): 1/2 of 781,000 = 390,500 ("39万円"); 1/2 of 130,000 = 65,000
// ("6.5万円"); 3/4 of 130,000 = 97,500 ("9.7万円"); レセコン only.
#define LIMITED(p, k) \
  { p, k, true, 3, 4, 41'000, kNoCap, kNoCap, kAbsent, 30'750, "3.1万円" }
#define NOT_ELIGIBLE(p, k) \
  { p, k, false, 0, 0, 0, kAbsent, kAbsent, kAbsent, 0, "" }
#define HOME_VISIT_LIKE(p)                                                                \
  {p, kHospital, true, 1, 2, 822'000, kAbsent, 41'000, 781'000, 411'000, "41.1万円"},     \
      {p, kChain, true, 1, 2, 171'000, kAbsent, 41'000, 130'000, 85'500, "8.5万円"},      \
      {p, kClinic, true, 3, 4, 171'000, kAbsent, 41'000, 130'000, 128'250, "12.8万円"},   \
      {p, kPharmacy, true, 3, 4, 171'000, kAbsent, 41'000, 130'000, 128'250, "12.8万円"}, \
      NOT_ELIGIBLE(p, kHealthCheck), NOT_ELIGIBLE(p, kMidwife), NOT_ELIGIBLE(p, kExempt)
const TermsRow kTerms[] = {
    // Seed 004 l.91 (義務化対象外施設、健診実施機関等、助産所) and seed 000 l.764, 991
    // (経過措置 (2)(4)(6) institutions: same terms).
    LIMITED(kLimited2025, kExempt),
    LIMITED(kLimited2025, kHealthCheck),
    LIMITED(kLimited2025, kMidwife),
    LIMITED(kLimited2025, kHospital),
    LIMITED(kLimited2025, kClinic),
    LIMITED(kLimited2025, kPharmacy),
    LIMITED(kLimited2025, kChain),
    // Seed 001 l.159 and seed 002 l.5: 義務化対象外 and 健診等実施機関 only.
    LIMITED(kLimited2026, kExempt),
    LIMITED(kLimited2026, kHealthCheck),
    NOT_ELIGIBLE(kLimited2026, kMidwife),
    NOT_ELIGIBLE(kLimited2026, kHospital),
    NOT_ELIGIBLE(kLimited2026, kClinic),
    NOT_ELIGIBLE(kLimited2026, kPharmacy),
    NOT_ELIGIBLE(kLimited2026, kChain),
    HOME_VISIT_LIKE(kHomeVisit),
    HOME_VISIT_LIKE(kOutpatient),
    {kOnline, kHospital, true, 1, 2, 781'000, kAbsent, kAbsent, 781'000, 390'500, "39万円"},
    {kOnline, kChain, true, 1, 2, 130'000, kAbsent, kAbsent, 130'000, 65'000, "6.5万円"},
    {kOnline, kClinic, true, 3, 4, 130'000, kAbsent, kAbsent, 130'000, 97'500, "9.7万円"},
    {kOnline, kPharmacy, true, 3, 4, 130'000, kAbsent, kAbsent, 130'000, 97'500, "9.7万円"},
    NOT_ELIGIBLE(kOnline, kHealthCheck),
    NOT_ELIGIBLE(kOnline, kMidwife),
    NOT_ELIGIBLE(kOnline, kExempt),
};
#undef LIMITED
#undef NOT_ELIGIBLE
#undef HOME_VISIT_LIKE

const TermsRow& Expected(const std::string& programme, FacilityKind kind) {
  for (const TermsRow& row : kTerms) {
    if (row.programme == programme && row.kind == kind) return row;
  }
  ADD_FAILURE() << "no expected row for " << programme << " × " << domain::FacilityKindId(kind);
  return kTerms[0];
}

int64_t CapOf(const domain::FacilityTerms& terms, const std::string& id) {
  for (const domain::ItemCategory& c : terms.categories) {
    if (c.id == id) return c.cap_yen.value_or(kNoCap);
  }
  return kAbsent;
}

TEST(ShippedProgrammesTest, EveryProgrammeTimesEveryFacilityKindHasTheSeedsTerms) {
  for (const char* id : kAllProgrammes) {
    const domain::Programme& p = Get(id);
    for (FacilityKind kind : kAllKinds) {
      SCOPED_TRACE(std::string(id) + " × " + std::string(domain::FacilityKindId(kind)));
      const TermsRow& row = Expected(id, kind);
      const domain::FacilityTerms* terms = domain::FindTerms(p, kind);
      if (!row.eligible) {
        EXPECT_EQ(terms, nullptr);
        const std::vector<CostItem> items = {{kDevice, 10'000, "tablet"}};
        Result<domain::SubsidyComputation> r = domain::ComputeSubsidy(p, kind, items);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().reason(), "subsidy.facility_not_eligible");
        continue;
      }
      ASSERT_NE(terms, nullptr);
      EXPECT_EQ(terms->rate.numerator, row.numerator);
      EXPECT_EQ(terms->rate.denominator, row.denominator);
      EXPECT_EQ(terms->project_cap_yen, row.project_cap);
      EXPECT_EQ(CapOf(*terms, kReader), row.reader_cap);
      EXPECT_EQ(CapOf(*terms, kDevice), row.device_cap);
      EXPECT_EQ(CapOf(*terms, kReceiptComputer), row.receipt_computer_cap);
      EXPECT_EQ(terms->official_max_wording, row.wording);
      EXPECT_EQ(domain::MaxPayable(*terms), row.max_paid);
    }
  }
}

// One item mix under some programmes × kinds with the same terms, and its hand-worked outcome.
struct MixRow {
  const char* what;
  std::vector<const char*> programmes;
  std::vector<FacilityKind> kinds;
  std::vector<CostItem> items;
  int64_t eligible_total;
  int64_t capped_total;
  bool project_cap_applied;
  int64_t paid;
  std::vector<const char*> line_reasons;
};

const char kPayable[] = "subsidy.payable";
const char kCatCap[] = "subsidy.category_cap_applied";
const char kNotCovered[] = "subsidy.category_not_covered";

TEST(ShippedProgrammesTest, ItemMixesPayExactYenWithCapsBinding) {
  const std::vector<FacilityKind> limited_2025 = {kExempt, kHealthCheck, kMidwife, kHospital,
                                                  kClinic, kPharmacy,    kChain};
  const std::vector<FacilityKind> limited_2026 = {kExempt, kHealthCheck};
  const std::vector<const char*> home_like = {kHomeVisit, kOutpatient};
  const std::vector<FacilityKind> clinic_pharmacy = {kClinic, kPharmacy};
  const MixRow rows[] = {
      // --- 限定型: 3/4, project cap 41,000, no category caps. ---
      {"reader only: 5,980 × 3/4 = 4,485",
       {kLimited2025},
       limited_2025,
       {{kReader, 5'980, "汎用カードリーダー"}},
       5'980,
       5'980,
       false,
       4'485,
       {kPayable}},
      {"reader only (2026)",
       {kLimited2026},
       limited_2026,
       {{kReader, 5'980, "カードリーダー"}},
       5'980,
       5'980,
       false,
       4'485,
       {kPayable}},
      {"smartphone 30,001 × 3/4 = 22,500.75 → 22,500",
       {kLimited2025, kLimited2026},
       limited_2026,
       {{kDevice, 30'001, "スマートフォン"}},
       30'001,
       30'001,
       false,
       22'500,
       {kPayable}},
      {"project cap binds: 39,800 + 4,980 = 44,780 → 41,000 × 3/4 = 30,750",
       {kLimited2025},
       limited_2025,
       {{kDevice, 39'800, "タブレット"}, {kReader, 4'980, "Bluetooth汎用カードリーダー"}},
       44'780,
       41'000,
       true,
       30'750,
       {kPayable, kPayable}},
      {"exactly at the project cap: 41,000 × 3/4 = 30,750 (3.1万円)",
       {kLimited2026},
       limited_2026,
       {{kDevice, 41'000, "タブレット"}},
       41'000,
       41'000,
       false,
       30'750,
       {kPayable}},
      {"レセコン not covered by 限定型: 3,000 × 3/4 = 2,250",
       {kLimited2025, kLimited2026},
       limited_2026,
       {{kReceiptComputer, 100'000, "レセコン改修"}, {kReader, 3'000, "カードリーダー"}},
       3'000,
       3'000,
       false,
       2'250,
       {kNotCovered, kPayable}},

      // --- 訪問診療等 and 外来, 病院: 1/2; device 41,000, レセコン 781,000, project 822,000.
      // The project cap equals the sum of the category caps, so it never binds on its own. ---
      {"病院 at caps: (41,000 + 781,000) × 1/2 = 411,000 (41.1万円)",
       home_like,
       {kHospital},
       {{kDevice, 41'000, "タブレット"}, {kReceiptComputer, 781'000, "レセコン改修"}},
       822'000,
       822'000,
       false,
       411'000,
       {kPayable, kPayable}},
      {"病院 device cap binds: 2 × 25,000 → 41,000; + 500,000 = 541,000 × 1/2 = 270,500",
       home_like,
       {kHospital},
       {{kDevice, 25'000, "タブレット1"},
        {kDevice, 25'000, "タブレット2"},
        {kReceiptComputer, 500'000, "レセコン改修"}},
       541'000,
       541'000,
       false,
       270'500,
       {kCatCap, kPayable}},
      {"病院 レセコン cap binds: 900,000 → 781,000 × 1/2 = 390,500",
       home_like,
       {kHospital},
       {{kReceiptComputer, 900'000, "レセコン改修"}},
       781'000,
       781'000,
       false,
       390'500,
       {kCatCap}},
      {"病院 fraction: (12,345 + 100,000) × 1/2 = 56,172.5 → 56,172",
       home_like,
       {kHospital},
       {{kDevice, 12'345, "スマートフォン"}, {kReceiptComputer, 100'000, "レセコン改修"}},
       112'345,
       112'345,
       false,
       56'172,
       {kPayable, kPayable}},
      {"a card reader is itemised as モバイル端末等 here: reader 0, device 10,000 × 1/2 = 5,000",
       home_like,
       {kHospital},
       {{kReader, 5'000, "カードリーダー"}, {kDevice, 10'000, "スマートフォン"}},
       10'000,
       10'000,
       false,
       5'000,
       {kNotCovered, kPayable}},

      // --- 大型チェーン薬局: 1/2; device 41,000, レセコン 130,000, project 171,000. ---
      {"大型チェーン at caps: 171,000 × 1/2 = 85,500 (8.5万円)",
       home_like,
       {kChain},
       {{kDevice, 41'000, "タブレット"}, {kReceiptComputer, 130'000, "レセコン改修"}},
       171'000,
       171'000,
       false,
       85'500,
       {kPayable, kPayable}},
      {"大型チェーン both caps bind: 60,000 → 41,000; 150,000 → 130,000; × 1/2 = 85,500",
       home_like,
       {kChain},
       {{kDevice, 60'000, "タブレット"}, {kReceiptComputer, 150'000, "レセコン改修"}},
       171'000,
       171'000,
       false,
       85'500,
       {kCatCap, kCatCap}},
      {"大型チェーン fraction: 33,333 × 1/2 = 16,666.5 → 16,666",
       home_like,
       {kChain},
       {{kDevice, 33'333, "スマートフォン"}},
       33'333,
       33'333,
       false,
       16'666,
       {kPayable}},

      // --- 診療所・薬局: 3/4; device 41,000, レセコン 130,000, project 171,000. ---
      {"診療所・薬局 at caps: 171,000 × 3/4 = 128,250 (12.8万円)",
       home_like,
       clinic_pharmacy,
       {{kDevice, 41'000, "タブレット"}, {kReceiptComputer, 130'000, "レセコン改修"}},
       171'000,
       171'000,
       false,
       128'250,
       {kPayable, kPayable}},
      {"診療所・薬局 device cap binds: 50,000 → 41,000; + 100,000 = 141,000 × 3/4 = 105,750",
       home_like,
       clinic_pharmacy,
       {{kDevice, 50'000, "タブレット"}, {kReceiptComputer, 100'000, "レセコン改修"}},
       141'000,
       141'000,
       false,
       105'750,
       {kCatCap, kPayable}},
      {"診療所・薬局 fraction: (1,001 + 100,000) × 3/4 = 75,750.75 → 75,750",
       home_like,
       clinic_pharmacy,
       {{kDevice, 1'001, "ケース"}, {kReceiptComputer, 100'000, "レセコン改修"}},
       101'001,
       101'001,
       false,
       75'750,
       {kPayable, kPayable}},
      {"診療所・薬局 both caps bind: 41,000 + 130,000 = 171,000 × 3/4 = 128,250",
       home_like,
       clinic_pharmacy,
       {{kDevice, 60'000, "タブレット"}, {kReceiptComputer, 200'000, "レセコン改修"}},
       171'000,
       171'000,
       false,
       128'250,
       {kCatCap, kCatCap}},

      // --- オンライン診療等: レセコン only. ---
      {"オンライン 病院 at cap: 781,000 × 1/2 = 390,500 (39万円)",
       {kOnline},
       {kHospital},
       {{kReceiptComputer, 781'000, "レセコン改修"}},
       781'000,
       781'000,
       false,
       390'500,
       {kPayable}},
      {"オンライン 病院 cap binds: 1,000,000 → 781,000 × 1/2 = 390,500",
       {kOnline},
       {kHospital},
       {{kReceiptComputer, 1'000'000, "レセコン改修"}},
       781'000,
       781'000,
       false,
       390'500,
       {kCatCap}},
      {"オンライン 病院 fraction: 123,457 × 1/2 = 61,728.5 → 61,728",
       {kOnline},
       {kHospital},
       {{kReceiptComputer, 123'457, "レセコン改修"}},
       123'457,
       123'457,
       false,
       61'728,
       {kPayable}},
      {"オンライン pays no device: 100,000 × 1/2 = 50,000",
       {kOnline},
       {kHospital},
       {{kDevice, 41'000, "タブレット"}, {kReceiptComputer, 100'000, "レセコン改修"}},
       100'000,
       100'000,
       false,
       50'000,
       {kNotCovered, kPayable}},
      {"オンライン 大型チェーン at cap: 130,000 × 1/2 = 65,000 (6.5万円)",
       {kOnline},
       {kChain},
       {{kReceiptComputer, 130'000, "レセコン改修"}},
       130'000,
       130'000,
       false,
       65'000,
       {kPayable}},
      {"オンライン 大型チェーン cap binds: 200,000 → 130,000 × 1/2 = 65,000",
       {kOnline},
       {kChain},
       {{kReceiptComputer, 200'000, "レセコン改修"}},
       130'000,
       130'000,
       false,
       65'000,
       {kCatCap}},
      {"オンライン 大型チェーン fraction: 99,999 × 1/2 = 49,999.5 → 49,999",
       {kOnline},
       {kChain},
       {{kReceiptComputer, 99'999, "レセコン改修"}},
       99'999,
       99'999,
       false,
       49'999,
       {kPayable}},
      {"オンライン 診療所・薬局 at cap: 130,000 × 3/4 = 97,500 (9.7万円)",
       {kOnline},
       clinic_pharmacy,
       {{kReceiptComputer, 130'000, "レセコン改修"}},
       130'000,
       130'000,
       false,
       97'500,
       {kPayable}},
      {"オンライン 診療所・薬局 cap binds: 130,002 → 130,000 × 3/4 = 97,500",
       {kOnline},
       clinic_pharmacy,
       {{kReceiptComputer, 130'002, "レセコン改修"}},
       130'000,
       130'000,
       false,
       97'500,
       {kCatCap}},
      {"オンライン 診療所・薬局 fraction: 77,777 × 3/4 = 58,332.75 → 58,332",
       {kOnline},
       clinic_pharmacy,
       {{kReceiptComputer, 77'777, "レセコン改修"}},
       77'777,
       77'777,
       false,
       58'332,
       {kPayable}},
  };
  int computed = 0;
  for (const MixRow& row : rows) {
    for (const char* id : row.programmes) {
      for (FacilityKind kind : row.kinds) {
        SCOPED_TRACE(std::string(row.what) + " — " + id + " × " +
                     std::string(domain::FacilityKindId(kind)));
        Result<domain::SubsidyComputation> r = domain::ComputeSubsidy(Get(id), kind, row.items);
        ASSERT_TRUE(r.ok()) << r.error().ToString();
        EXPECT_EQ(r->eligible_total_yen, row.eligible_total);
        EXPECT_EQ(r->capped_total_yen, row.capped_total);
        EXPECT_EQ(r->project_cap_applied, row.project_cap_applied);
        EXPECT_EQ(r->paid_yen, row.paid);
        // The leaflet's figure travels with every computation, for display beside the amount.
        EXPECT_EQ(r->official_max_wording, Expected(id, kind).wording);
        ASSERT_EQ(r->lines.size(), row.line_reasons.size());
        for (size_t i = 0; i < r->lines.size(); ++i) {
          EXPECT_EQ(r->lines[i].reason, row.line_reasons[i]) << "line " << i;
        }
        ++computed;
      }
    }
  }
  // Every eligible programme × kind pair (21) met at least one mix: 71 computations in all.
  EXPECT_EQ(computed, 71);
}

TEST(ShippedProgrammesTest, ReceiptComputerChangeIsNotPaidTwiceBetweenSiblings) {
  const domain::Programme& online = Get(kOnline);
  const domain::Programme& outpatient = Get(kOutpatient);
  const domain::Programme& home = Get(kHomeVisit);
  // Seed 001 l.90: オンライン診療等 and 通常とは異なる動線 share one system change.
  EXPECT_FALSE(online.exclusion_group.empty());
  EXPECT_EQ(online.exclusion_group, outpatient.exclusion_group);
  EXPECT_EQ(online.exclusive_categories, (std::vector<std::string>{kReceiptComputer}));
  EXPECT_EQ(outpatient.exclusive_categories, (std::vector<std::string>{kReceiptComputer}));
  // Seed 001 l.42, 87: 訪問診療等 and オンライン診療等 may both be claimed.
  for (const char* id : {kHomeVisit, kLimited2025, kLimited2026}) {
    EXPECT_TRUE(Get(id).exclusion_group.empty()) << id;
  }

  const auto claim = [](const domain::Programme& p, std::vector<std::string> categories) {
    return PriorClaim{p.id, p.exclusion_group, std::move(categories)};
  };
  const std::vector<CostItem> both = {{kDevice, 41'000, "タブレット"},
                                      {kReceiptComputer, 130'000, "レセコン改修"}};

  // 外来 after オンライン (clinic): only the device, 41,000 × 3/4 = 30,750.
  const std::vector<PriorClaim> after_online = {claim(online, {kReceiptComputer})};
  Result<domain::SubsidyComputation> r =
      domain::ComputeSubsidy(outpatient, kClinic, both, after_online);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lines[1].reason, "subsidy.already_subsidised_in_group");
  EXPECT_EQ(r->lines[1].eligible_yen, 0);
  EXPECT_EQ(r->paid_yen, 30'750);

  // オンライン after 外来 (hospital): the レセコン change was already paid, nothing is left.
  const std::vector<PriorClaim> after_outpatient = {claim(outpatient, {kDevice, kReceiptComputer})};
  const std::vector<CostItem> change = {{kReceiptComputer, 500'000, "レセコン改修"}};
  r = domain::ComputeSubsidy(online, kHospital, change, after_outpatient);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->paid_yen, 0);
  EXPECT_EQ(r->lines[0].reason, "subsidy.already_subsidised_in_group");

  // A 外来 claim for a device only leaves the レセコン change payable: 500,000 × 1/2 = 250,000.
  const std::vector<PriorClaim> device_only = {claim(outpatient, {kDevice})};
  EXPECT_EQ(domain::ComputeSubsidy(online, kHospital, change, device_only)->paid_yen, 250'000);

  // 訪問診療等 is outside the group: after オンライン it still pays in full, 128,250; and a 訪問
  // claim does not block 外来 (薬局: 128,250 again).
  EXPECT_EQ(domain::ComputeSubsidy(home, kPharmacy, both, after_online)->paid_yen, 128'250);
  const std::vector<PriorClaim> after_home = {claim(home, {kDevice, kReceiptComputer})};
  EXPECT_EQ(domain::ComputeSubsidy(outpatient, kPharmacy, both, after_home)->paid_yen, 128'250);

  // The seeds say nothing about claiming both 限定型 programmes; none is encoded: 30,750.
  const std::vector<PriorClaim> after_2025 = {claim(Get(kLimited2025), {kDevice})};
  const std::vector<CostItem> tablet = {{kDevice, 41'000, "タブレット"}};
  EXPECT_EQ(domain::ComputeSubsidy(Get(kLimited2026), kExempt, tablet, after_2025)->paid_yen,
            30'750);
}

TEST(ShippedProgrammesTest, DeadlineBoundaryDays) {
  struct Case {
    const char* programme;
    FacilityKind kind;
    Date today;
    ClaimWindow window;
    int days_left;
    bool closes_today;
    int days_since_close;
  };
  const Case cases[] = {
      // 令和7年2月1日まで (seed 000 l.478).
      {kLimited2025, kExempt, {2025, 1, 31}, ClaimWindow::kOpen, 1, false, 0},
      {kLimited2025, kMidwife, {2025, 2, 1}, ClaimWindow::kOpen, 0, true, 0},
      {kLimited2025, kPharmacy, {2025, 2, 2}, ClaimWindow::kClosed, 0, false, 1},
      // No opening date: open on the day 資格確認限定型 began (2024-04-01, seed 000 l.190);
      // to 2025-02-01: Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 +
      // Dec 31 + Jan 31 = 306.
      {kLimited2025, kHealthCheck, {2024, 4, 1}, ClaimWindow::kOpen, 306, false, 0},
      // 令和8年1月31日まで (seed 001 l.40, 85, 155, 235).
      {kLimited2026, kHealthCheck, {2026, 1, 30}, ClaimWindow::kOpen, 1, false, 0},
      {kLimited2026, kHealthCheck, {2026, 1, 31}, ClaimWindow::kOpen, 0, true, 0},
      {kLimited2026, kHealthCheck, {2026, 2, 1}, ClaimWindow::kClosed, 0, false, 1},
      {kLimited2026, kPharmacy, {2026, 1, 30}, ClaimWindow::kNotEligible, 0, false, 0},
      {kHomeVisit, kHospital, {2026, 1, 30}, ClaimWindow::kOpen, 1, false, 0},
      {kHomeVisit, kHospital, {2026, 1, 31}, ClaimWindow::kOpen, 0, true, 0},
      {kHomeVisit, kHospital, {2026, 2, 1}, ClaimWindow::kClosed, 0, false, 1},
      {kOnline, kChain, {2026, 1, 30}, ClaimWindow::kOpen, 1, false, 0},
      {kOnline, kChain, {2026, 1, 31}, ClaimWindow::kOpen, 0, true, 0},
      {kOnline, kChain, {2026, 2, 1}, ClaimWindow::kClosed, 0, false, 1},
      {kOutpatient, kClinic, {2026, 1, 30}, ClaimWindow::kOpen, 1, false, 0},
      {kOutpatient, kClinic, {2026, 1, 31}, ClaimWindow::kOpen, 0, true, 0},
      {kOutpatient, kClinic, {2026, 2, 1}, ClaimWindow::kClosed, 0, false, 1},
      {kOutpatient, kMidwife, {2026, 1, 31}, ClaimWindow::kNotEligible, 0, false, 0},
      // 2025-11-23 → 2026-01-31: 7 + 31 + 31 = 69, above every default threshold.
      {kOnline, kPharmacy, {2025, 11, 23}, ClaimWindow::kOpen, 69, false, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.programme) + " on " + domain::FormatIso(c.today));
    const ClaimDeadline d = ClaimDeadlineOn(Get(c.programme), c.kind, c.today);
    EXPECT_EQ(d.window, c.window);
    EXPECT_EQ(d.days_left, c.days_left);
    EXPECT_EQ(d.closes_today, c.closes_today);
    EXPECT_EQ(d.days_since_close, c.days_since_close);
    EXPECT_EQ(d.days_until_open, 0);
  }
  // The last two days carry the tightest default warning (1 day), the 69th none.
  EXPECT_EQ(ClaimDeadlineOn(Get(kOnline), kChain, {2026, 1, 30}).warning_level, 4);
  EXPECT_EQ(ClaimDeadlineOn(Get(kOnline), kChain, {2026, 1, 31}).warning_threshold_days, 1);
  EXPECT_EQ(ClaimDeadlineOn(Get(kOnline), kPharmacy, {2025, 11, 23}).warning_level, 0);
}

TEST(ShippedProgrammesTest, OnTwentyTwentySixElevenTwentyThreeEveryProgrammeIsClosed) {
  const Date today{2026, 11, 23};
  for (const char* id : kAllProgrammes) {
    for (FacilityKind kind : kAllKinds) {
      SCOPED_TRACE(std::string(id) + " × " + std::string(domain::FacilityKindId(kind)));
      const ClaimDeadline d = ClaimDeadlineOn(Get(id), kind, today);
      if (!Expected(id, kind).eligible) {
        EXPECT_EQ(d.window, ClaimWindow::kNotEligible);
        continue;
      }
      EXPECT_EQ(d.window, ClaimWindow::kClosed);
      EXPECT_EQ(d.warning_level, 0);
      // 2025-02-01 → 2026-02-01 is 365 days; 2026-02-01 → 11-01 is 28 + 31 + 30 + 31 + 30 + 31
      // + 31 + 30 + 31 = 273; → 11-23 is 22. So 660 since 2025-02-01 and 296 since 2026-01-31.
      EXPECT_EQ(d.days_since_close, std::string(id) == kLimited2025 ? 660 : 296);
    }
  }
}

}  // namespace
}  // namespace kakunin::subsidy
