// The site form's rules, one row per case: the 医療機関等コード's format, check digit (with the
// pharmacy override that needs a reason) and 点数表 against the kind; the 経過措置 data.
#include "console/models/site_validation.h"

#include <gtest/gtest.h>

namespace kakunin::console {
namespace {

v1::Site Valid() {
  v1::Site s;
  s.set_site_id("ekimae");
  s.set_name("かくにん薬局 駅前店");
  s.set_institution_code("1342001014");
  s.set_facility_kind("pharmacy");
  return s;
}

std::vector<std::string> Reasons(const v1::Site& s) {
  std::vector<std::string> out;
  for (const auto& p : ValidateSite(s)) out.push_back(p.reason);
  return out;
}

TEST(SiteValidation, Table) {
  struct Case {
    const char* what;
    void (*edit)(v1::Site*);
    std::vector<std::string> reasons;
  };
  const Case cases[] = {
      {"valid pharmacy", [](v1::Site*) {}, {}},
      {"upper-case id", [](v1::Site* s) { s->set_site_id("Ekimae"); }, {"site.bad_id"}},
      {"empty id", [](v1::Site* s) { s->set_site_id(""); }, {"site.bad_id"}},
      {"full-width blank name", [](v1::Site* s) { s->set_name("\u3000 "); }, {"site.name_missing"}},
      {"nine digits",
       [](v1::Site* s) { s->set_institution_code("134200101"); },
       {"institution_code.invalid_format"}},
      {"prefecture 48",
       [](v1::Site* s) { s->set_institution_code("4842001014"); },
       {"institution_code.unknown_prefecture"}},
      {"score table 2",
       [](v1::Site* s) { s->set_institution_code("1322001014"); },
       {"institution_code.unknown_score_table"}},
      {"pharmacy mismatch needs a reason",
       [](v1::Site* s) { s->set_institution_code("1341234567"); },
       {"institution_code.override_reason_missing"}},
      {"pharmacy mismatch with a reason",
       [](v1::Site* s) {
         s->set_institution_code("1341234567");
         s->set_code_override_reason("厚生局の通知書どおり");
       },
       {}},
      {"clinic mismatch is a typo",
       [](v1::Site* s) {
         s->set_facility_kind("clinic");
         s->set_institution_code("1314003035");
       },
       {"institution_code.check_digit_mismatch"}},
      {"valid clinic",
       [](v1::Site* s) {
         s->set_facility_kind("clinic");
         s->set_institution_code("1314003034");
       },
       {}},
      {"pharmacy with a medical code",
       [](v1::Site* s) { s->set_institution_code("1314003034"); },
       {"institution_code.kind_mismatch"}},
      {"outside 11-14 the prefecture enters the rule",
       [](v1::Site* s) { s->set_institution_code("2741234567"); },
       {}},
      {"unknown kind",
       [](v1::Site* s) { s->set_facility_kind("drugstore"); },
       {"site.unknown_kind"}},
      {"measure (2) with date",
       [](v1::Site* s) {
         s->set_transitional(v1::TRANSITIONAL_NO_FIBRE);
         s->set_transitional_event_date("2025-10-01");
       },
       {}},
      {"measure (6) date not yet known",
       [](v1::Site* s) { s->set_transitional(v1::TRANSITIONAL_OTHER); },
       {}},
      {"measure with a bad date",
       [](v1::Site* s) {
         s->set_transitional(v1::TRANSITIONAL_RECONSTRUCTION);
         s->set_transitional_event_date("2025-02-30");
       },
       {"site.measure_bad_date"}},
      {"measure on an exempt facility",
       [](v1::Site* s) {
         s->set_facility_kind("exempt");
         s->set_transitional(v1::TRANSITIONAL_OTHER);
       },
       {"site.measure_not_applicable"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    v1::Site s = Valid();
    c.edit(&s);
    EXPECT_EQ(Reasons(s), c.reasons);
  }
}

TEST(SiteValidation, MismatchTellsTheExpectedDigit) {
  v1::Site s = Valid();
  s.set_institution_code("1341234567");
  auto problems = ValidateSite(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].expected_digit, 6);
  EXPECT_EQ(problems[0].field, SiteProblem::Field::kOverrideReason);
}

TEST(SiteValidation, MeasureDeadlinesComeFromTheDomain) {
  v1::Site s = Valid();
  s.set_transitional(v1::TRANSITIONAL_HOME_VISIT_ONLY);
  auto last = MeasureLastDayOf(s);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(domain::FormatIso(*last), "2024-12-01");
  s.set_transitional(v1::TRANSITIONAL_CLOSING);
  s.set_transitional_event_date("2025-03-31");  // later than the statutory latest
  ASSERT_TRUE(MeasureLastDayOf(s).ok());
  EXPECT_EQ(domain::FormatIso(*MeasureLastDayOf(s)), "2024-12-01");
  s.set_transitional(v1::TRANSITIONAL_NO_FIBRE);
  s.clear_transitional_event_date();
  EXPECT_EQ(MeasureLastDayOf(s).error().reason(), "facility.measure_date_missing");
  s.set_transitional(v1::TRANSITIONAL_CATEGORY_UNSPECIFIED);
  EXPECT_FALSE(MeasureLastDayOf(s).ok());
}

}  // namespace
}  // namespace kakunin::console
