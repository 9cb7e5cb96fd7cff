// The site rules shared by the console form, UpsertSite and the import: one table per rule.
#include "common/site/site_rules.h"

#include <gtest/gtest.h>

namespace kakunin::site {
namespace {

SiteFields GoodPharmacy() {
  SiteFields f;
  f.site_id = "honcho";
  f.name = "本町薬局";
  f.institution_code = "1341234566";  // 東京, 調剤, check digit 6
  f.facility_kind = "pharmacy";
  return f;
}

std::vector<std::string> Reasons(const SiteFields& f) {
  std::vector<std::string> out;
  for (const auto& p : CheckSiteFields(f)) out.push_back(p.reason);
  return out;
}

TEST(SiteRules, AGoodSitePasses) { EXPECT_TRUE(CheckSiteFields(GoodPharmacy()).empty()); }

TEST(SiteRules, EachFieldHasItsReason) {
  struct Case {
    const char* what;
    void (*edit)(SiteFields&);
    std::vector<std::string> reasons;
  } cases[] = {
      {"upper-case id", [](SiteFields& f) { f.site_id = "Honcho"; }, {"site.bad_id"}},
      {"blank name", [](SiteFields& f) { f.name = "\xE3\x80\x80 "; }, {"site.name_missing"}},
      {"unknown kind", [](SiteFields& f) { f.facility_kind = "drugstore"; }, {"site.unknown_kind"}},
      {"9 digits",
       [](SiteFields& f) { f.institution_code = "134123456"; },
       {"institution_code.invalid_format"}},
      {"pharmacy mismatch needs a reason",
       [](SiteFields& f) { f.institution_code = "1341234567"; },
       {"institution_code.override_reason_missing"}},
      {"pharmacy mismatch with a reason",
       [](SiteFields& f) {
         f.institution_code = "1341234567";
         f.code_override_reason = "厚生局の通知どおり";
       },
       {}},
      {"clinic code for a pharmacy",
       [](SiteFields& f) { f.institution_code = "1311234566"; },
       {"institution_code.kind_mismatch"}},
      {"measure on an exempt facility",
       [](SiteFields& f) {
         f.facility_kind = "exempt";
         f.measure_category = 2;
       },
       {"site.measure_not_applicable"}},
      {"measure bad date",
       [](SiteFields& f) {
         f.measure_category = 2;
         f.measure_event_date = "2025-02-30";
       },
       {"site.measure_bad_date"}},
      {"measure 7", [](SiteFields& f) { f.measure_category = 7; }, {"site.measure_bad_category"}},
      {"hyphenated phone", [](SiteFields& f) { f.phone = "03-1234-5678"; }, {"site.bad_phone"}},
      {"full-width phone",
       [](SiteFields& f) { f.phone = "０３１２３４５６７８"; },
       {"site.phone_full_width"}},
      {"bad e-mail", [](SiteFields& f) { f.email = "honcho@@example"; }, {"site.bad_email"}},
  };
  for (const auto& c : cases) {
    SiteFields f = GoodPharmacy();
    c.edit(f);
    EXPECT_EQ(Reasons(f), c.reasons) << c.what;
  }
}

TEST(SiteRules, PhoneAndEmail) {
  EXPECT_EQ(PhoneProblem(""), std::nullopt);
  EXPECT_EQ(PhoneProblem("0312345678"), std::nullopt);
  EXPECT_EQ(PhoneProblem("09012345678"), std::nullopt);
  EXPECT_EQ(PhoneProblem("031234567"), "site.bad_phone");
  EXPECT_EQ(EmailProblem("honcho@kakunin.example.jp"), std::nullopt);
  EXPECT_EQ(EmailProblem("honcho@localhost"), "site.bad_email");
  EXPECT_EQ(EmailProblem("本町@example.jp"), "site.bad_email");
  EXPECT_EQ(EmailProblem("a b@example.jp"), "site.bad_email");
}

}  // namespace
}  // namespace kakunin::site
