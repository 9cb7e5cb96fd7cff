#pragma once
// The rules a site record must meet before it is saved, whoever enters it: the console's site
// form, the server's UpsertSite and the bulk import (issue 19) all call these. Plain strings in,
// stable reason ids out; the arithmetic is the domain's (check digits, 経過措置 dates) and the
// facility-kind mapping is the subsidy library's, so a site that passes here is one the
// 経過措置 view and the subsidy rules can judge.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain/check_digit.h"

namespace kakunin::site {

struct SiteFields {
  std::string site_id;
  std::string name;
  std::string institution_code;    // 10-digit form
  std::string facility_kind;       // hospital, clinic, pharmacy, chain_pharmacy, …
  int measure_category = 0;        // 0 none, 1–6 経過措置 (1)–(6)
  std::string measure_event_date;  // ISO or empty
  std::string code_override_reason;
  std::string phone;
  std::string email;
};

enum class SiteField {
  kSiteId,
  kName,
  kInstitutionCode,
  kOverrideReason,
  kFacilityKind,
  kMeasure,
  kPhone,
  kEmail,
};

struct SiteFieldProblem {
  SiteField field;
  std::string reason;       // e.g. "institution_code.check_digit_mismatch"
  int expected_digit = -1;  // on a check-digit mismatch, to help spot a typo
};

// The facility kinds a site may have (console.proto Site.facility_kind), in menu order.
const std::vector<std::string>& FacilityKindIds();

// Does the 経過措置 apply to this kind of facility at all (insurance institutions only)?
bool MeasureApplies(std::string_view facility_kind);

// The portal's rule for 電話番号: 10 or 11 half-width digits, no hyphens. nullopt when fine
// (an empty number is fine: it is optional); else "site.phone_full_width" (the common slip)
// or "site.bad_phone".
std::optional<std::string> PhoneProblem(std::string_view phone);

// An e-mail address the portal would take: ASCII, one '@', a local part, a dotted domain, no
// spaces, at most 254 characters. nullopt when fine or empty; else "site.bad_email".
std::optional<std::string> EmailProblem(std::string_view email);

// Every problem that stops the site from being saved, in field order; empty when it may be.
std::vector<SiteFieldProblem> CheckSiteFields(const SiteFields& site);

}  // namespace kakunin::site
