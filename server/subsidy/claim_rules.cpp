#include "server/subsidy/claim_rules.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kakunin::server {
namespace {

constexpr std::array<std::pair<ClaimState, std::string_view>, 5> kStates = {{
    {ClaimState::kDraft, "draft"},
    {ClaimState::kReady, "ready"},
    {ClaimState::kSubmitted, "submitted"},
    {ClaimState::kGranted, "granted"},
    {ClaimState::kRefused, "refused"},
}};

struct Step {
  ClaimState from;
  ClaimState to;
  bool branch_may;  // a branch manager may take it (own sites); HQ may take every step
};
constexpr std::array<Step, 5> kSteps = {{
    {ClaimState::kDraft, ClaimState::kReady, true},
    {ClaimState::kReady, ClaimState::kDraft, true},
    {ClaimState::kReady, ClaimState::kSubmitted, false},
    {ClaimState::kSubmitted, ClaimState::kGranted, false},
    {ClaimState::kSubmitted, ClaimState::kRefused, false},
}};

}  // namespace

std::string_view ClaimStateId(ClaimState state) {
  for (const auto& [s, id] : kStates) {
    if (s == state) return id;
  }
  return "unknown";
}

Result<ClaimState> ParseClaimState(std::string_view id) {
  for (const auto& [s, name] : kStates) {
    if (name == id) return s;
  }
  return MakeError(ErrorCode::kInvalidArgument, "subsidy.bad_claim_state",
                   "unknown claim state '" + std::string(id) + "'");
}

Status CheckTransition(ClaimState from, ClaimState to, bool hq_admin) {
  for (const Step& step : kSteps) {
    if (step.from != from || step.to != to) continue;
    if (!hq_admin && !step.branch_may) {
      return MakeError(ErrorCode::kPermissionDenied, "auth.forbidden",
                       "only HQ administrators file claims and record decisions");
    }
    return OkStatus();
  }
  std::string next;
  for (const Step& step : kSteps) {
    if (step.from != from) continue;
    next += (next.empty() ? "" : ", ") + std::string(ClaimStateId(step.to));
  }
  return MakeError(ErrorCode::kFailedPrecondition, "subsidy.illegal_transition",
                   "a " + std::string(ClaimStateId(from)) + " claim cannot become " +
                       std::string(ClaimStateId(to)) +
                       (next.empty() ? "; it is final" : "; next: " + next));
}

Result<std::string> NormaliseReceiptKind(std::string_view kind) {
  if (kind.empty() || kind == kReceiptKindReceipt) return std::string(kReceiptKindReceipt);
  if (kind == kReceiptKindItemisation) return std::string(kReceiptKindItemisation);
  return MakeError(
      ErrorCode::kInvalidArgument, "subsidy.bad_receipt_kind",
      "receipt kind must be receipt (領収書の写し) or itemisation (領収書内訳書), not '" +
          std::string(kind) + "'");
}

std::string_view ReceiptKindForDocument(std::string_view document) {
  // The seeds write 領収書（写）; domain.md writes 領収書の写し.
  if (document == "領収書（写）" || document == "領収書の写し") return kReceiptKindReceipt;
  if (document == "領収書内訳書") return kReceiptKindItemisation;
  return "";
}

std::vector<std::string> MissingForReady(const ClaimContents& c) {
  std::vector<std::string> missing;
  if (c.item_count == 0) missing.push_back("subsidy.no_items");
  if (c.item_count > 0 && c.paid_yen <= 0) missing.push_back("subsidy.nothing_payable");
  for (const std::string& document : c.required_documents) {
    const std::string_view kind = ReceiptKindForDocument(document);
    if (kind.empty()) continue;
    if (std::find(c.receipt_kinds.begin(), c.receipt_kinds.end(), kind) == c.receipt_kinds.end()) {
      missing.push_back("subsidy.missing_document:" + document);
    }
  }
  return missing;
}

Status CheckFilingDate(const domain::Date& filed_on, const domain::Programme& programme,
                       const domain::Date& today) {
  if (today < filed_on) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.date_in_future",
                     "filing date " + domain::FormatIso(filed_on) + " is after today");
  }
  if (filed_on < programme.opens) {
    return MakeError(
        ErrorCode::kFailedPrecondition, "subsidy.filed_before_opening",
        "programme " + programme.id + " opens on " + domain::FormatIso(programme.opens));
  }
  if (programme.deadline < filed_on) {
    return MakeError(ErrorCode::kFailedPrecondition, "subsidy.filed_after_deadline",
                     "programme " + programme.id + " closed on " +
                         domain::FormatIso(programme.deadline) + "; a claim filed on " +
                         domain::FormatIso(filed_on) + " is late");
  }
  return OkStatus();
}

Status CheckDecisionDate(const domain::Date& decided_on, const domain::Date& filed_on,
                         const domain::Date& today) {
  if (today < decided_on) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.date_in_future",
                     "decision date " + domain::FormatIso(decided_on) + " is after today");
  }
  if (decided_on < filed_on) {
    return MakeError(ErrorCode::kInvalidArgument, "subsidy.decided_before_filing",
                     "decision date " + domain::FormatIso(decided_on) +
                         " is before the filing on " + domain::FormatIso(filed_on));
  }
  return OkStatus();
}

}  // namespace kakunin::server
