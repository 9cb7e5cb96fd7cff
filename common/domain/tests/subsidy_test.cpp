// Proves the subsidy arithmetic on every row of domain.md's subsidy table (programmes built
// here as data, as production loads them), caps binding per category and per project, yen
// truncation, the レセコン exclusion between sibling programmes, and deadline days.
#include "common/domain/subsidy.h"

#include <gtest/gtest.h>

#include <vector>

namespace kakunin::domain {
namespace {

const char kDevice[] = "mobile_device";
const char kReceiptComputer[] = "receipt_computer_change";
const char kGroup[] = "kyotaku_receipt_computer";

FacilityTerms Terms(FacilityKind kind, Rate rate, int64_t project_cap,
                    std::vector<ItemCategory> categories, const char* wording) {
  return FacilityTerms{kind, rate, project_cap, std::move(categories), wording};
}

Programme Base(const char* id, const char* name_ja, Date deadline) {
  Programme p;
  p.id = id;
  p.name_ja = name_ja;
  p.name_en = id;
  p.legal_basis = "地域診療情報連携推進費補助金";
  p.opens = Date{2024, 4, 1};  // not in domain.md; any earlier date will do for these tests
  p.deadline = deadline;
  p.required_documents = {"領収書の写し", "領収書内訳書"};
  return p;
}

// 資格確認限定型 devices: 3/4 of at most 41,000 for any eligible facility.
Programme LimitedType(Date deadline) {
  Programme p = Base("limited_type_devices", "資格確認限定型 機器導入", deadline);
  for (FacilityKind kind :
       {FacilityKind::kExempt, FacilityKind::kHealthCheckInstitution, FacilityKind::kMidwifeClinic,
        FacilityKind::kHospital, FacilityKind::kClinic, FacilityKind::kPharmacy,
        FacilityKind::kLargeChainPharmacy}) {
    p.terms.push_back(Terms(kind, {3, 4}, 41'000, {{kDevice, std::nullopt}}, "3.1万円"));
  }
  return p;
}

// 訪問診療等, and 外来 (通常と異なる動線・機器故障時) which has the same terms.
Programme HomeVisitTerms(const char* id, const char* name_ja) {
  Programme p = Base(id, name_ja, Date{2026, 1, 31});
  p.terms = {
      Terms(FacilityKind::kHospital, {1, 2}, 822'000,
            {{kDevice, 41'000}, {kReceiptComputer, 781'000}}, "41.1万円"),
      Terms(FacilityKind::kLargeChainPharmacy, {1, 2}, 171'000,
            {{kDevice, 41'000}, {kReceiptComputer, 130'000}}, "8.5万円"),
      Terms(FacilityKind::kClinic, {3, 4}, 171'000,
            {{kDevice, 41'000}, {kReceiptComputer, 130'000}}, "12.8万円"),
      Terms(FacilityKind::kPharmacy, {3, 4}, 171'000,
            {{kDevice, 41'000}, {kReceiptComputer, 130'000}}, "12.8万円"),
  };
  return p;
}

Programme HomeVisit() { return HomeVisitTerms("kyotaku_home_visit", "居宅同意取得型 訪問診療等"); }

Programme Outpatient() {
  Programme p = HomeVisitTerms("kyotaku_outpatient", "居宅同意取得型 外来 (通常と異なる動線)");
  p.exclusion_group = kGroup;
  p.exclusive_categories = {kReceiptComputer};
  return p;
}

Programme Online() {
  Programme p = Base("kyotaku_online", "居宅同意取得型 オンライン診療等", Date{2026, 1, 31});
  p.terms = {
      Terms(FacilityKind::kHospital, {1, 2}, 781'000, {{kReceiptComputer, 781'000}}, "39万円"),
      Terms(FacilityKind::kLargeChainPharmacy, {1, 2}, 130'000, {{kReceiptComputer, 130'000}},
            "6.5万円"),
      Terms(FacilityKind::kClinic, {3, 4}, 130'000, {{kReceiptComputer, 130'000}}, "9.7万円"),
      Terms(FacilityKind::kPharmacy, {3, 4}, 130'000, {{kReceiptComputer, 130'000}}, "9.7万円"),
  };
  p.exclusion_group = kGroup;
  p.exclusive_categories = {kReceiptComputer};
  return p;
}

// Spends exactly every category cap (or the project cap where a category has none).
std::vector<CostItem> SpendAtCaps(const FacilityTerms& terms) {
  std::vector<CostItem> items;
  for (const ItemCategory& category : terms.categories) {
    items.push_back({category.id, category.cap_yen.value_or(terms.project_cap_yen), "at cap"});
  }
  return items;
}

TEST(SubsidyTest, EveryTableRowPaysItsExactMaximumBesideTheOfficialWording) {
  struct Row {
    const char* what;
    Programme programme;
    FacilityKind kind;
    int64_t max_paid;
    const char* wording;
  };
  const Row rows[] = {
      {"限定型 義務化対象外", LimitedType({2025, 2, 1}), FacilityKind::kExempt, 30'750, "3.1万円"},
      {"限定型 健診実施機関", LimitedType({2025, 2, 1}), FacilityKind::kHealthCheckInstitution,
       30'750, "3.1万円"},
      {"限定型 助産所", LimitedType({2026, 1, 31}), FacilityKind::kMidwifeClinic, 30'750,
       "3.1万円"},
      {"限定型 経過措置の薬局", LimitedType({2026, 1, 31}), FacilityKind::kPharmacy, 30'750,
       "3.1万円"},
      {"訪問 病院", HomeVisit(), FacilityKind::kHospital, 411'000, "41.1万円"},
      {"訪問 大型チェーン薬局", HomeVisit(), FacilityKind::kLargeChainPharmacy, 85'500, "8.5万円"},
      {"訪問 診療所", HomeVisit(), FacilityKind::kClinic, 128'250, "12.8万円"},
      {"訪問 薬局", HomeVisit(), FacilityKind::kPharmacy, 128'250, "12.8万円"},
      {"オンライン 病院", Online(), FacilityKind::kHospital, 390'500, "39万円"},
      {"オンライン 大型チェーン薬局", Online(), FacilityKind::kLargeChainPharmacy, 65'000,
       "6.5万円"},
      {"オンライン 診療所", Online(), FacilityKind::kClinic, 97'500, "9.7万円"},
      {"オンライン 薬局", Online(), FacilityKind::kPharmacy, 97'500, "9.7万円"},
      {"外来 病院", Outpatient(), FacilityKind::kHospital, 411'000, "41.1万円"},
      {"外来 大型チェーン薬局", Outpatient(), FacilityKind::kLargeChainPharmacy, 85'500, "8.5万円"},
      {"外来 診療所", Outpatient(), FacilityKind::kClinic, 128'250, "12.8万円"},
      {"外来 薬局", Outpatient(), FacilityKind::kPharmacy, 128'250, "12.8万円"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    const FacilityTerms* terms = FindTerms(row.programme, row.kind);
    ASSERT_NE(terms, nullptr);
    EXPECT_EQ(MaxPayable(*terms), row.max_paid);
    const std::vector<CostItem> items = SpendAtCaps(*terms);
    Result<SubsidyComputation> r = ComputeSubsidy(row.programme, row.kind, items);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->paid_yen, row.max_paid);
    EXPECT_EQ(r->official_max_wording, row.wording);
    EXPECT_FALSE(r->project_cap_applied);
  }
}

TEST(SubsidyTest, CategoryCapBindsPerCategoryNotPerItem) {
  // Clinic, 訪問: two devices (60,000) are capped to 41,000 together; レセコン under its cap.
  const std::vector<CostItem> items = {{kDevice, 30'000, "tablet"},
                                       {kDevice, 30'000, "card reader"},
                                       {kReceiptComputer, 100'000, "レセコン改修"}};
  Result<SubsidyComputation> r = ComputeSubsidy(HomeVisit(), FacilityKind::kClinic, items);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->lines.size(), 2u);
  EXPECT_EQ(r->lines[0].category, kDevice);
  EXPECT_EQ(r->lines[0].claimed_yen, 60'000);
  EXPECT_EQ(r->lines[0].eligible_yen, 41'000);
  EXPECT_EQ(r->lines[0].reason, "subsidy.category_cap_applied");
  EXPECT_EQ(r->lines[1].eligible_yen, 100'000);
  EXPECT_EQ(r->lines[1].reason, "subsidy.payable");
  EXPECT_EQ(r->eligible_total_yen, 141'000);
  EXPECT_FALSE(r->project_cap_applied);
  EXPECT_EQ(r->paid_yen, 105'750);  // 141,000 × 3/4
}

TEST(SubsidyTest, ProjectCapBindsAfterCategoryCaps) {
  // 限定型 has no category cap: 50,000 of devices stop at the 41,000 project cap.
  const std::vector<CostItem> items = {{kDevice, 50'000, "smartphone"}};
  Result<SubsidyComputation> r =
      ComputeSubsidy(LimitedType({2026, 1, 31}), FacilityKind::kExempt, items);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->eligible_total_yen, 50'000);
  EXPECT_TRUE(r->project_cap_applied);
  EXPECT_EQ(r->capped_total_yen, 41'000);
  EXPECT_EQ(r->paid_yen, 30'750);

  // A programme whose project cap is below the sum of its category caps.
  Programme tight = HomeVisit();
  tight.terms[0].project_cap_yen = 500'000;
  const std::vector<CostItem> big = {{kDevice, 41'000, "tablet"},
                                     {kReceiptComputer, 700'000, "レセコン改修"}};
  Result<SubsidyComputation> t = ComputeSubsidy(tight, FacilityKind::kHospital, big);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->eligible_total_yen, 741'000);
  EXPECT_TRUE(t->project_cap_applied);
  EXPECT_EQ(t->paid_yen, 250'000);
  EXPECT_EQ(MaxPayable(tight.terms[0]), 250'000);
}

TEST(SubsidyTest, FractionsOfAYenAreRoundedDown) {
  const std::vector<CostItem> odd = {{kDevice, 40'001, "reader"}};
  EXPECT_EQ(ComputeSubsidy(LimitedType({2026, 1, 31}), FacilityKind::kClinic, odd)->paid_yen,
            30'000);  // 30,000.75
  const std::vector<CostItem> hospital = {{kReceiptComputer, 100'001, "レセコン改修"}};
  EXPECT_EQ(ComputeSubsidy(Online(), FacilityKind::kHospital, hospital)->paid_yen, 50'000);
  EXPECT_EQ(ApplyRate(3, Rate{3, 4}), 2);
  EXPECT_EQ(ApplyRate(0, Rate{1, 2}), 0);
  const std::vector<CostItem> none;
  EXPECT_EQ(ComputeSubsidy(HomeVisit(), FacilityKind::kPharmacy, none)->paid_yen, 0);
}

TEST(SubsidyTest, UncoveredCategoryAndIneligibleFacility) {
  const std::vector<CostItem> items = {{kDevice, 20'000, "reader"},
                                       {kReceiptComputer, 90'000, "レセコン改修"}};
  Result<SubsidyComputation> r =
      ComputeSubsidy(LimitedType({2026, 1, 31}), FacilityKind::kMidwifeClinic, items);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->lines.size(), 2u);
  EXPECT_EQ(r->lines[1].reason, "subsidy.category_not_covered");
  EXPECT_EQ(r->lines[1].eligible_yen, 0);
  EXPECT_EQ(r->paid_yen, 15'000);

  Result<SubsidyComputation> bad = ComputeSubsidy(HomeVisit(), FacilityKind::kMidwifeClinic, items);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason(), "subsidy.facility_not_eligible");
  EXPECT_EQ(EligibleKinds(Online()).size(), 4u);
}

TEST(SubsidyTest, RefusesNegativeAmountsAndBrokenRates) {
  const std::vector<CostItem> negative = {{kDevice, -1, "refund"}};
  EXPECT_EQ(ComputeSubsidy(HomeVisit(), FacilityKind::kClinic, negative).error().reason(),
            "subsidy.negative_amount");
  Programme broken = HomeVisit();
  broken.terms[2].rate = Rate{3, 0};
  const std::vector<CostItem> items = {{kDevice, 1'000, "reader"}};
  EXPECT_EQ(ComputeSubsidy(broken, FacilityKind::kClinic, items).error().reason(),
            "subsidy.bad_rate");
}

TEST(SubsidyTest, ReceiptComputerChangeIsNotPaidTwiceAcrossSiblings) {
  const std::vector<PriorClaim> online_claim = {{"kyotaku_online", kGroup, {kReceiptComputer}}};
  const std::vector<CostItem> items = {{kDevice, 41'000, "tablet"},
                                       {kReceiptComputer, 130'000, "レセコン改修"}};

  // 外来 after オンライン: the device is paid, the レセコン change is not.
  Result<SubsidyComputation> r =
      ComputeSubsidy(Outpatient(), FacilityKind::kClinic, items, online_claim);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lines[0].reason, "subsidy.payable");
  EXPECT_EQ(r->lines[1].reason, "subsidy.already_subsidised_in_group");
  EXPECT_EQ(r->lines[1].eligible_yen, 0);
  EXPECT_EQ(r->paid_yen, 30'750);

  EXPECT_FALSE(CheckExclusion(Outpatient(), kReceiptComputer, online_claim).allowed);
  EXPECT_EQ(CheckExclusion(Outpatient(), kReceiptComputer, online_claim).reason,
            "subsidy.already_subsidised_in_group");
  EXPECT_TRUE(CheckExclusion(Outpatient(), kDevice, online_claim).allowed);

  // 訪問診療等 is outside the group: both it and オンライン may be claimed.
  EXPECT_TRUE(CheckExclusion(HomeVisit(), kReceiptComputer, online_claim).allowed);
  EXPECT_EQ(ComputeSubsidy(HomeVisit(), FacilityKind::kClinic, items, online_claim)->paid_yen,
            128'250);

  // The programme's own earlier claim is not a sibling.
  const std::vector<PriorClaim> own = {{"kyotaku_outpatient", kGroup, {kReceiptComputer}}};
  EXPECT_TRUE(CheckExclusion(Outpatient(), kReceiptComputer, own).allowed);
  // A sibling claim without a レセコン change excludes nothing.
  const std::vector<PriorClaim> devices_only = {{"kyotaku_online", kGroup, {kDevice}}};
  EXPECT_TRUE(CheckExclusion(Outpatient(), kReceiptComputer, devices_only).allowed);
}

TEST(SubsidyTest, DeadlineStatusOnBoundaryDays) {
  const Programme p = HomeVisit();
  struct Case {
    Date today;
    DeadlineState state;
    int days_left;
    int days_until_open;
  };
  const Case cases[] = {
      {{2024, 3, 30}, DeadlineState::kNotYetOpen, 0, 2},
      {{2024, 4, 1}, DeadlineState::kOpen, 670, 0},
      {{2025, 11, 23}, DeadlineState::kOpen, 69, 0},
      {{2026, 1, 30}, DeadlineState::kOpen, 1, 0},
      {{2026, 1, 31}, DeadlineState::kClosesToday, 0, 0},
      {{2026, 2, 1}, DeadlineState::kClosed, 0, 0},
      {{2026, 11, 23}, DeadlineState::kClosed, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatIso(c.today));
    const DeadlineStatus s = DeadlineStatusOn(p, c.today);
    EXPECT_EQ(s.state, c.state);
    EXPECT_EQ(s.days_left, c.days_left);
    EXPECT_EQ(s.days_until_open, c.days_until_open);
  }
  // Today (2026-11-23) every programme of the table is closed, the 2025-02-01 one too.
  EXPECT_EQ(DeadlineStatusOn(LimitedType({2025, 2, 1}), {2026, 11, 23}).state,
            DeadlineState::kClosed);
  EXPECT_EQ(DeadlineStatusOn(Online(), {2026, 11, 23}).state, DeadlineState::kClosed);
}

TEST(SubsidyTest, WarningThresholdPicksTheTightestTierReached) {
  const std::vector<int> tiers = {60, 30, 7, 1};
  struct Case {
    int days_left;
    std::optional<int> tier;
  };
  const Case cases[] = {
      {61, std::nullopt}, {60, 60}, {31, 60}, {30, 30}, {8, 30}, {7, 7}, {2, 7}, {1, 1}, {0, 1},
      {-1, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.days_left);
    EXPECT_EQ(ApplicableWarningThreshold(c.days_left, tiers), c.tier);
  }
  const std::vector<int> unsorted = {7, 90, 14};
  EXPECT_EQ(ApplicableWarningThreshold(10, unsorted), 14);
  EXPECT_EQ(ApplicableWarningThreshold(10, std::vector<int>{}), std::nullopt);
}

}  // namespace
}  // namespace kakunin::domain
