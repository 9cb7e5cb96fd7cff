#include "common/subsidy/facility_kind.h"

#include <array>
#include <string>
#include <utility>

namespace kakunin::subsidy {
namespace {

using domain::FacilityKind;

// Site ids (server ValidateSite, proto Site.facility_kind) beside the domain kinds.
constexpr std::array<std::pair<std::string_view, FacilityKind>, 7> kSiteKinds = {{
    {"hospital", FacilityKind::kHospital},
    {"clinic", FacilityKind::kClinic},
    {"pharmacy", FacilityKind::kPharmacy},
    {"chain_pharmacy", FacilityKind::kLargeChainPharmacy},
    {"health_check", FacilityKind::kHealthCheckInstitution},
    {"midwife", FacilityKind::kMidwifeClinic},
    {"exempt", FacilityKind::kExempt},
}};

}  // namespace

Result<domain::FacilityKind> FacilityKindFromSiteKind(std::string_view site_kind) {
  if (site_kind.empty()) return FacilityKind::kPharmacy;
  for (const auto& [id, kind] : kSiteKinds) {
    if (id == site_kind) return kind;
  }
  return MakeError(ErrorCode::kInvalidArgument, "site.bad_facility_kind",
                   "unknown facility kind '" + std::string(site_kind) +
                       "' (hospital, clinic, pharmacy, chain_pharmacy, health_check, midwife, "
                       "exempt)");
}

std::string_view SiteKindFromFacilityKind(domain::FacilityKind kind) {
  for (const auto& [id, k] : kSiteKinds) {
    if (k == kind) return id;
  }
  return "unknown";
}

}  // namespace kakunin::subsidy
