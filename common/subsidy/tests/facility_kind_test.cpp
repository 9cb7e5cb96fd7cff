// Every site facility kind maps to its domain kind and back, the two spellings that differ
// (chain_pharmacy, health_check, midwife) land on the domain's ids used by programmes.json, an
// empty kind is the database default (pharmacy), and a domain id is not accepted as a site id.
#include "common/subsidy/facility_kind.h"

#include <gtest/gtest.h>

namespace kakunin::subsidy {
namespace {

using domain::FacilityKind;

TEST(FacilityKind, EverySiteKindMapsToTheDomainAndBack) {
  const struct {
    const char* site;
    FacilityKind kind;
    const char* domain_id;
  } kTable[] = {
      {"hospital", FacilityKind::kHospital, "hospital"},
      {"clinic", FacilityKind::kClinic, "clinic"},
      {"pharmacy", FacilityKind::kPharmacy, "pharmacy"},
      {"chain_pharmacy", FacilityKind::kLargeChainPharmacy, "large_chain_pharmacy"},
      {"health_check", FacilityKind::kHealthCheckInstitution, "health_check_institution"},
      {"midwife", FacilityKind::kMidwifeClinic, "midwife_clinic"},
      {"exempt", FacilityKind::kExempt, "exempt"},
  };
  for (const auto& row : kTable) {
    auto kind = FacilityKindFromSiteKind(row.site);
    ASSERT_TRUE(kind.ok()) << row.site;
    EXPECT_EQ(*kind, row.kind) << row.site;
    EXPECT_EQ(domain::FacilityKindId(*kind), row.domain_id) << row.site;
    EXPECT_EQ(SiteKindFromFacilityKind(*kind), row.site);
  }
}

TEST(FacilityKind, EmptyIsThePharmacyDefaultAndDomainIdsAreNotSiteIds) {
  EXPECT_EQ(*FacilityKindFromSiteKind(""), FacilityKind::kPharmacy);
  for (const char* bad : {"large_chain_pharmacy", "health_check_institution", "midwife_clinic",
                          "Pharmacy", "drugstore"}) {
    auto kind = FacilityKindFromSiteKind(bad);
    ASSERT_FALSE(kind.ok()) << bad;
    EXPECT_EQ(kind.error().reason(), "site.bad_facility_kind");
  }
}

}  // namespace
}  // namespace kakunin::subsidy
