#pragma once
// The rules of a subsidy claim's life, apart from storage: which state may follow which and who
// may move it, what a claim needs before it is ready, and which dates a filing or a decision may
// carry. Pure; the store (claim_store.h) applies them inside its transactions.
//
//   draft ──▶ ready ──▶ submitted ──▶ granted
//     ▲         │            └──────▶ refused
//     └─────────┘
//
// A branch manager assembles a claim for their own site (draft ⇄ ready); HQ files it (portal
// or post) and records the outcome. Granted and refused are final: a correction is a new claim,
// so what was filed stays as it was.

#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/domain/subsidy.h"

namespace kakunin::server {

enum class ClaimState { kDraft, kReady, kSubmitted, kGranted, kRefused };

std::string_view ClaimStateId(ClaimState state);  // "draft", "ready", …
Result<ClaimState> ParseClaimState(std::string_view id);

// Whether `from` → `to` is a step of the machine above, and whether the caller may take it
// (`hq_admin` false: a branch manager, who may only move draft ⇄ ready).
// Failures: kFailedPrecondition "subsidy.illegal_transition" (the message names the allowed
// next states), kPermissionDenied "auth.forbidden".
Status CheckTransition(ClaimState from, ClaimState to, bool hq_admin);

// Receipt kinds (Receipt.kind): 領収書の写し and 領収書内訳書.
inline constexpr std::string_view kReceiptKindReceipt = "receipt";
inline constexpr std::string_view kReceiptKindItemisation = "itemisation";
// "" → receipt. Fails with kInvalidArgument "subsidy.bad_receipt_kind".
Result<std::string> NormaliseReceiptKind(std::string_view kind);
// The receipt kind that provides a programme's required document (領収書（写） → receipt,
// 領収書内訳書 → itemisation); "" for a document Kakunin does not collect (e.g. the postal
// application form).
std::string_view ReceiptKindForDocument(std::string_view document);

// What the ready gate looks at.
struct ClaimContents {
  size_t item_count = 0;
  int64_t paid_yen = 0;                    // domain::ComputeSubsidy for the site's kind
  std::vector<std::string> receipt_kinds;  // of the uploaded receipts
  std::vector<std::string> required_documents;
};

// Reason ids of what still keeps the claim from being ready, in a fixed order:
// "subsidy.no_items", "subsidy.nothing_payable", "subsidy.missing_document:<document>".
std::vector<std::string> MissingForReady(const ClaimContents& contents);

// The day a claim was filed (portal) or posted: not in the future, not before the programme
// opens, not after its deadline ("…まで" includes the day).
// Failures: kInvalidArgument "subsidy.date_in_future", kFailedPrecondition
// "subsidy.filed_before_opening" / "subsidy.filed_after_deadline".
Status CheckFilingDate(const domain::Date& filed_on, const domain::Programme& programme,
                       const domain::Date& today);
// The day of the decision: not in the future and not before the filing.
// Failures: kInvalidArgument "subsidy.date_in_future" / "subsidy.decided_before_filing".
Status CheckDecisionDate(const domain::Date& decided_on, const domain::Date& filed_on,
                         const domain::Date& today);

}  // namespace kakunin::server
