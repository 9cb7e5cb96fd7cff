#pragma once
// What the site form checks before it sends UpsertSite: the 医療機関等コード (10-digit form, check
// digit, 点数表 against the facility kind), the 経過措置 data, telephone and e-mail. The rules are
// common/site's (shared with the server and the bulk import); this maps the proto to them.
// Problems carry stable reason ids that the UI translates.

#include <optional>
#include <string>
#include <vector>

#include "common/domain/check_digit.h"
#include "common/domain/date.h"
#include "common/domain/facility.h"
#include "common/site/site_rules.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

struct SiteProblem {
  enum class Field {
    kSiteId,
    kName,
    kInstitutionCode,
    kOverrideReason,
    kFacilityKind,
    kMeasure,
    kPhone,
    kEmail,
  };
  Field field;
  std::string reason;       // e.g. "institution_code.check_digit_mismatch"
  int expected_digit = -1;  // on a check-digit mismatch, to help spot a typo
};

// The facility kinds the server accepts (console.proto Site.facility_kind), in menu order.
const std::vector<std::string>& FacilityKindIds();

// Every problem that stops the site from being saved; empty when it may be saved.
std::vector<SiteProblem> ValidateSite(const v1::Site& site);

// The check-digit verdict alone (for live feedback while typing).
domain::DigitCheck CheckInstitutionCode(const std::string& code10);

// Does the 経過措置 apply to this kind of facility at all (insurance institutions only)?
bool MeasureApplies(const std::string& facility_kind);

// The measure as the domain sees it, or nullopt when the site has none (or a bad date).
std::optional<domain::TransitionalMeasure> MeasureOf(const v1::Site& site);

// The last day the measure defers the obligation; "facility.measure_date_missing" when it
// depends on a date the site has not given yet.
Result<domain::Date> MeasureLastDayOf(const v1::Site& site);

}  // namespace kakunin::console
