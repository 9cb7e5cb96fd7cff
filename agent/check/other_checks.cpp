#include "agent/check/other_checks.h"

#include <google/protobuf/util/time_util.h>

#include <optional>
#include <vector>

#include "agent/cli/cli_common.h"
#include "common/cli/language.h"
#include "common/domain/check_digit.h"
#include "common/domain/visits.h"
#include "common/text/text_fault.h"

namespace kakunin::agent {
namespace {

Result<domain::DocumentKind> FromProto(v1::DocumentKind k) {
  switch (k) {
    case v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE:
      return domain::DocumentKind::kEligibilityCertificate;
    case v1::DOCUMENT_KIND_CARD_WITH_NOTICE:
      return domain::DocumentKind::kCardWithNotice;
    case v1::DOCUMENT_KIND_CARD_WITH_PORTAL:
      return domain::DocumentKind::kCardWithPortal;
    case v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD:
      return domain::DocumentKind::kLegacyInsuranceCard;
    case v1::DOCUMENT_KIND_NOTICE_ONLY:
      return domain::DocumentKind::kNoticeAlone;
    default:
      return MakeError(ErrorCode::kInvalidArgument, "cli.bad_document",
                       cli::Localized("unknown document kind", "書類の種類が正しくありません"));
  }
}

Result<std::optional<domain::Date>> OptionalDate(const std::string& text) {
  if (text.empty()) return std::optional<domain::Date>();
  KAKUNIN_ASSIGN_OR_RETURN(auto d, domain::ParseIsoDate(text));
  return std::optional<domain::Date>(d);
}

// What staff typed, by HQ's rule for these fields (server/ingest/result_limits.cpp): a document
// HQ would refuse is refused here, at the counter, where it can still be corrected — a result
// HQ refuses never reaches it.
Status CheckDocumentText(const v1::FallbackDocument& d) {
  const struct {
    const std::string& text;
    size_t max_bytes;
    const char* name;
  } fields[] = {{d.insured_symbol(), 80, "symbol"},
                {d.insured_number(), 80, "number"},
                {d.insured_branch_number(), 8, "branch number"},
                {d.note(), 1024, "note"}};
  for (const auto& f : fields) {
    if (f.text.size() > f.max_bytes) {
      return MakeError(
          ErrorCode::kInvalidArgument, "document.text_too_long",
          std::string(f.name) + " longer than " + std::to_string(f.max_bytes) + " bytes");
    }
    if (text::FindTextFault(f.text, /*multi_line=*/false) != text::TextFault::kNone) {
      return MakeError(ErrorCode::kInvalidArgument, "document.bad_text",
                       std::string(f.name) + " has a line break or a control character");
    }
  }
  return OkStatus();
}

domain::Route ToDomainRoute(v1::CheckRoute r) {
  if (r == v1::CHECK_ROUTE_HOME_VISIT) return domain::Route::kHomeVisit;
  if (r == v1::CHECK_ROUTE_HOUSE_CALL) return domain::Route::kHouseCall;
  return domain::Route::kCounter;
}

}  // namespace

Result<DocumentCheck> BuildDocumentCheck(const v1::FallbackDocument& document, v1::CheckRoute route,
                                         bool confirmed_online, const domain::Date& today) {
  KAKUNIN_ASSIGN_OR_RETURN(auto kind, FromProto(document.kind()));
  KAKUNIN_RETURN_IF_ERROR(CheckDocumentText(document));
  if (!document.insurer_number().empty()) {
    auto check = domain::ValidateInsurerNumber(document.insurer_number());
    if (!check.ok()) return check.ToStatus().error();
  }
  domain::DocumentFacts facts;
  facts.kind = kind;
  facts.late_elderly = document.elderly_scheme();
  facts.confirmed_online = confirmed_online;
  KAKUNIN_ASSIGN_OR_RETURN(facts.issued_on, OptionalDate(document.issued_on()));
  KAKUNIN_ASSIGN_OR_RETURN(facts.printed_expiry, OptionalDate(document.expires_on()));
  DocumentCheck out;
  out.decision = domain::AssessDocument(facts, today);
  v1::CheckResult& result = out.result;
  result.set_check_id(NewUuid());
  *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  result.set_source(v1::CHECK_SOURCE_DOCUMENT);
  result.set_route(route == v1::CHECK_ROUTE_UNSPECIFIED ? v1::CHECK_ROUTE_COUNTER : route);
  result.set_outcome(out.decision.usable() ? v1::OUTCOME_DOCUMENT_ACCEPTED
                                           : v1::OUTCOME_DOCUMENT_REFUSED);
  if (!out.decision.usable()) result.set_error_reason(out.decision.reason);
  *result.mutable_document() = document;
  // Normalised dates, as the rules read them.
  auto* doc = result.mutable_document();
  doc->set_issued_on(facts.issued_on ? domain::FormatIso(*facts.issued_on) : "");
  doc->set_expires_on(facts.printed_expiry ? domain::FormatIso(*facts.printed_expiry) : "");
  return out;
}

Status AllowHomeVisitRecheck(LocalStore& store, RecheckInput& in) {
  std::string key = PatientKey(in.insurer, in.symbol, in.number, in.branch, in.birth);
  KAKUNIN_ASSIGN_OR_RETURN(auto first, store.FindFirstVisit(key));
  std::vector<domain::FirstVisitRecord> visits;
  if (first) {
    visits.push_back({in.institution_code, key, first->visit_date, true, !first->consent_id.empty(),
                      std::nullopt});
  }
  auto decision = domain::DecideRecheck(
      {ToDomainRoute(in.route), in.institution_code, key, TodayInJapan()}, visits);
  if (!decision.allowed) {
    return MakeError(ErrorCode::kFailedPrecondition, decision.reason,
                     "再照会 is not allowed here; check the card");
  }
  if (in.consent_id.empty()) in.consent_id = first->consent_id;
  // The relationship goes on: its first visit is kept another 13 months from today. Not worth
  // refusing the 再照会 over if the outbox will not take it now.
  (void)store.SeeFirstVisit(key, TodayInJapan());
  return OkStatus();
}

v1::CheckResult PerformRecheck(eligibility::EligibilityService& service, const RecheckInput& in,
                               v1::CheckRoute recorded_route) {
  // The service is asked as for a home visit; the route recorded is the caller's.
  eligibility::InsuredQuery q{in.insurer,   in.symbol, in.number,
                              in.branch,    in.birth,  v1::CHECK_ROUTE_HOME_VISIT,
                              in.consent_id};
  auto answer = service.Recheck(q);
  v1::CheckResult result;
  result.set_check_id(NewUuid());
  *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  result.set_source(v1::CHECK_SOURCE_RECHECK);
  result.set_route(recorded_route);
  if (answer.ok()) {
    result.set_outcome(answer->outcome);
    if (auto record = answer->Record()) *result.mutable_eligibility() = std::move(*record);
  } else {
    result.set_outcome(v1::OUTCOME_ERROR);
    result.set_error_reason(answer.error().reason());
    result.set_error_message(answer.error().message());
  }
  return result;
}

}  // namespace kakunin::agent
