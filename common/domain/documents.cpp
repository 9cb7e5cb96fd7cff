#include "common/domain/documents.h"

#include <algorithm>

namespace kakunin::domain {
namespace {

DocumentDecision Decide(DocumentVerdict verdict, std::string reason,
                        std::optional<Date> valid_through = std::nullopt) {
  return DocumentDecision{verdict, std::move(reason), valid_through, false};
}

// After its own validity, a legacy card or a lone お知らせ may still serve under the temporary
// concession, when the online check confirmed the eligibility. `fallback` is the reason when
// the concession does not apply either.
DocumentDecision TryConcession(const DocumentFacts& facts, const Date& check_date,
                               const DocumentRules& rules, std::string fallback,
                               std::optional<Date> valid_through) {
  if (check_date > rules.concession_last_day) {
    return Decide(DocumentVerdict::kNotValid, "document.concession_ended", valid_through);
  }
  if (!facts.confirmed_online) {
    DocumentDecision decision =
        Decide(DocumentVerdict::kNotValid, std::move(fallback), valid_through);
    decision.concession_if_confirmed_online = true;
    return decision;
  }
  return Decide(DocumentVerdict::kValidUnderConcession, "document.valid_under_concession",
                valid_through);
}

DocumentDecision AssessCertificate(const DocumentFacts& facts, const Date& check_date,
                                   const DocumentRules& rules) {
  if (!facts.printed_expiry) return Decide(DocumentVerdict::kNotValid, "document.expiry_missing");
  Date last = *facts.printed_expiry;
  bool capped = false;
  if (facts.issued_on) {
    // A printed expiry beyond the legal maximum is a misprint or a look-alike: trust the law.
    const Date max_last = AddMonths(*facts.issued_on, rules.certificate_max_months);
    if (max_last < last) {
      last = max_last;
      capped = true;
    }
  }
  if (check_date <= last) return Decide(DocumentVerdict::kValid, "document.valid", last);
  return Decide(DocumentVerdict::kNotValid,
                capped ? "document.beyond_max_validity" : "document.expired", last);
}

DocumentDecision AssessLegacyCard(const DocumentFacts& facts, const Date& check_date,
                                  const DocumentRules& rules) {
  const Date abolished_after =
      facts.late_elderly ? rules.late_elderly_card_last_day : rules.legacy_card_last_day;
  // Each card is valid until its own printed expiry if that comes first.
  const bool own_expiry_binds = facts.printed_expiry && *facts.printed_expiry < abolished_after;
  const Date last = own_expiry_binds ? *facts.printed_expiry : abolished_after;
  if (check_date <= last) return Decide(DocumentVerdict::kValid, "document.valid", last);
  return TryConcession(facts, check_date, rules,
                       own_expiry_binds ? "document.expired" : "document.legacy_card_abolished",
                       last);
}

}  // namespace

std::string_view DocumentKindId(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kEligibilityCertificate:
      return "eligibility_certificate";
    case DocumentKind::kCardWithNotice:
      return "card_with_notice";
    case DocumentKind::kCardWithPortal:
      return "card_with_portal";
    case DocumentKind::kLegacyInsuranceCard:
      return "legacy_insurance_card";
    case DocumentKind::kNoticeAlone:
      return "notice_alone";
  }
  return "unknown";
}

DocumentDecision AssessDocument(const DocumentFacts& facts, const Date& check_date,
                                const DocumentRules& rules) {
  switch (facts.kind) {
    case DocumentKind::kEligibilityCertificate:
      return AssessCertificate(facts, check_date, rules);
    case DocumentKind::kCardWithNotice:
    case DocumentKind::kCardWithPortal:
      // The card proves identity; the notice or portal screen carries the eligibility.
      return Decide(DocumentVerdict::kValid, "document.valid");
    case DocumentKind::kLegacyInsuranceCard:
      return AssessLegacyCard(facts, check_date, rules);
    case DocumentKind::kNoticeAlone:
      return TryConcession(facts, check_date, rules, "document.notice_needs_card", std::nullopt);
  }
  return Decide(DocumentVerdict::kNotValid, "document.unknown_kind");
}

bool StillAccepted(DocumentKind kind, const Date& today, const DocumentRules& rules) {
  switch (kind) {
    case DocumentKind::kLegacyInsuranceCard:
      return today <= std::max(rules.legacy_card_last_day, rules.concession_last_day);
    case DocumentKind::kNoticeAlone:
      return today <= rules.concession_last_day;
    default:
      return true;
  }
}

}  // namespace kakunin::domain
