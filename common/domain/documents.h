#pragma once
// Documents that confirm eligibility when the online check cannot be done (domain.md "When the
// online check cannot be done", "More rules", "Timeline"). Every verdict is about the DOCUMENT:
// a patient is never turned away (refusing patients is unlawful); staff move to the next
// fallback (マイナポータル screen → お知らせ + card → 被保険者資格申立書).

#include <optional>
#include <string>
#include <string_view>

#include "common/domain/date.h"

namespace kakunin::domain {

enum class DocumentKind {
  kEligibilityCertificate,  // 資格確認書 (own expiry, at most 5 years)
  kCardWithNotice,          // マイナンバーカード + 資格情報のお知らせ
  kCardWithPortal,  // マイナンバーカード + マイナポータル screen (医療保険の資格情報) or PDF
  kLegacyInsuranceCard,  // 健康保険証 (issued until 2024-12-01)
  kNoticeAlone,          // 資格情報のお知らせ without the card (concession only)
};

std::string_view DocumentKindId(DocumentKind kind);

// What staff saw on the document.
struct DocumentFacts {
  DocumentKind kind = DocumentKind::kCardWithNotice;
  std::optional<Date> issued_on;       // 資格確認書: 交付年月日
  std::optional<Date> printed_expiry;  // 有効期限 printed on a 資格確認書 or legacy card
  bool late_elderly = false;           // 後期高齢者 legacy card
  bool confirmed_online = false;       // eligibility was confirmed online for this visit
};

// Dates of the rules, as data so that an extension by the ministry is a configuration change.
struct DocumentRules {
  Date legacy_card_last_day{2025, 12, 1};
  Date late_elderly_card_last_day{2025, 7, 31};
  Date concession_last_day{2026, 3, 31};  // 暫定的な取扱い
  int certificate_max_months = 60;        // 資格確認書: at most 5 years from issue
};

enum class DocumentVerdict {
  kValid,
  kValidUnderConcession,  // only with eligibility confirmed online, until the concession ends
  kNotValid,
};

struct DocumentDecision {
  DocumentVerdict verdict = DocumentVerdict::kNotValid;
  // "document.valid", "document.valid_under_concession", "document.expired",
  // "document.legacy_card_abolished", "document.expiry_missing", "document.beyond_max_validity",
  // "document.notice_needs_card", "document.concession_ended".
  std::string reason;
  std::optional<Date> valid_through;  // last valid day when one is known
  // Not valid as it stands, but the concession would apply if eligibility were confirmed
  // online: the UI can offer that step instead of a dead end.
  bool concession_if_confirmed_online = false;

  bool usable() const { return verdict != DocumentVerdict::kNotValid; }
};

DocumentDecision AssessDocument(const DocumentFacts& facts, const Date& check_date,
                                const DocumentRules& rules = DocumentRules{});

// Whether a document of `kind` can still be valid on `today`. A legacy card cannot be after the
// later of its last day and the concession's end. お知らせ alone cannot be after the concession's
// end. Forms offer only the kinds that can; staff were picking ones that are always refused now.
bool StillAccepted(DocumentKind kind, const Date& today,
                   const DocumentRules& rules = DocumentRules{});

}  // namespace kakunin::domain
