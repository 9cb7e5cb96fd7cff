#pragma once
// The site's facility kind as the console and the database spell it (v1::Site.facility_kind:
// hospital, clinic, pharmacy, chain_pharmacy, health_check, midwife, exempt) to the domain's
// FacilityKind, whose ids (large_chain_pharmacy, health_check_institution, midwife_clinic) are
// what programmes.json uses. Both spellings are stored in the wild, so neither is renamed: this
// is the one place that translates. Pure.

#include <string_view>

#include "common/core/result.h"
#include "common/domain/facility.h"

namespace kakunin::subsidy {

// An empty id is a pharmacy (the sites table's default). Anything else unknown fails with
// kInvalidArgument, "site.bad_facility_kind".
Result<domain::FacilityKind> FacilityKindFromSiteKind(std::string_view site_kind);

// The inverse, for messages and for writing a site: kPharmacy → "pharmacy",
// kLargeChainPharmacy → "chain_pharmacy", …
std::string_view SiteKindFromFacilityKind(domain::FacilityKind kind);

}  // namespace kakunin::subsidy
