#include "console/models/site_validation.h"

#include "common/subsidy/transitional.h"

namespace kakunin::console {
namespace {
using Field = SiteProblem::Field;

Field FieldOf(site::SiteField f) {
  switch (f) {
    case site::SiteField::kSiteId:
      return Field::kSiteId;
    case site::SiteField::kName:
      return Field::kName;
    case site::SiteField::kInstitutionCode:
      return Field::kInstitutionCode;
    case site::SiteField::kOverrideReason:
      return Field::kOverrideReason;
    case site::SiteField::kFacilityKind:
      return Field::kFacilityKind;
    case site::SiteField::kMeasure:
      return Field::kMeasure;
    case site::SiteField::kPhone:
      return Field::kPhone;
    case site::SiteField::kEmail:
      return Field::kEmail;
  }
  return Field::kName;
}

}  // namespace

const std::vector<std::string>& FacilityKindIds() { return site::FacilityKindIds(); }

domain::DigitCheck CheckInstitutionCode(const std::string& code10) {
  return domain::ValidateMedicalInstitutionCode10(code10);
}

bool MeasureApplies(const std::string& facility_kind) {
  return site::MeasureApplies(facility_kind);
}

std::optional<domain::TransitionalMeasure> MeasureOf(const v1::Site& site) {
  // The same mapping the server validates with and judges obligations by.
  auto record = subsidy::SiteFromRecord(site.facility_kind(), static_cast<int>(site.transitional()),
                                        site.transitional_event_date());
  if (!record.ok()) return std::nullopt;
  return record->measure;
}

Result<domain::Date> MeasureLastDayOf(const v1::Site& site) {
  auto m = MeasureOf(site);
  if (!m) {
    return MakeError(ErrorCode::kFailedPrecondition, "site.no_measure", "no transitional measure");
  }
  return domain::MeasureLastDay(*m);
}

std::vector<SiteProblem> ValidateSite(const v1::Site& site) {
  // The rules are common/site's, shared with the server and the bulk import.
  site::SiteFields f;
  f.site_id = site.site_id();
  f.name = site.name();
  f.institution_code = site.institution_code();
  f.facility_kind = site.facility_kind();
  f.measure_category = static_cast<int>(site.transitional());
  f.measure_event_date = site.transitional_event_date();
  f.code_override_reason = site.code_override_reason();
  f.phone = site.phone();
  f.email = site.email();
  std::vector<SiteProblem> problems;
  for (auto& p : site::CheckSiteFields(f)) {
    problems.push_back({FieldOf(p.field), std::move(p.reason), p.expected_digit});
  }
  return problems;
}

}  // namespace kakunin::console
