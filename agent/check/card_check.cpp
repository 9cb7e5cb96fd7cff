#include "agent/check/card_check.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <set>

#include "agent/card/card_session.h"
#include "agent/card/secure_wipe.h"
#include "agent/cli/cli_common.h"
#include "agent/uplink/terminal_state.h"
#include "common/cli/language.h"
#include "common/crypto/signing.h"
#include "common/domain/pin.h"

namespace kakunin::agent {
namespace {

using google::protobuf::util::TimeUtil;

// What one check produced at the card and (when configured) at the eligibility service.
struct CheckOutcome {
  card::CardCheck card;
  std::optional<eligibility::Answer> answer;
  std::optional<Error> service_error;
};

Result<CheckOutcome> ReadAndConfirm(card::PcscCard& conn, const CardCheckRequest& req,
                                    eligibility::EligibilityService* service,
                                    std::optional<int>* tries_left) {
  CheckOutcome out;
  // The card's commands run in a PC/SC transaction, so no other program (a Windows minidriver
  // or certificate service, a `card-info`) moves the selected file between a SELECT and its
  // READ BINARY, VERIFY or SIGN. Only around the card's own commands: Windows resets a card
  // whose transaction sits idle for 5 s, and the service's calls may take longer.
  card::CardSession session(conn);
  eligibility::CardQuery query;
  query.mode = req.mode;
  query.route = req.route;
  query.contract_insurer_number = req.contract_insurer;
  if (req.mode == v1::IDENTITY_MODE_PIN) {
    if (!service) {
      return MakeError(ErrorCode::kFailedPrecondition, "check.no_service",
                       "PIN mode needs the eligibility service (--oqs)");
    }
    // Checked before a challenge is fetched or the card is touched; never echoed.
    if (auto s = domain::ValidatePinFormat(req.pin); !s.ok()) return s.error();
    KAKUNIN_ASSIGN_OR_RETURN(auto challenge, service->IssueChallenge());
    KAKUNIN_RETURN_IF_ERROR(conn.BeginTransaction());
    auto read = session.CheckWithPin(req.pin, challenge.nonce);
    conn.EndTransaction();
    *tries_left = session.pin_tries_left();
    if (!read.ok()) return read.error();
    out.card = std::move(*read);
    query.challenge_id = challenge.id;
    query.signature = out.card.signature;
  } else {
    KAKUNIN_RETURN_IF_ERROR(conn.BeginTransaction());
    auto read = session.CheckVisual();
    conn.EndTransaction();
    if (!read.ok()) return read.error();
    out.card = std::move(*read);
  }
  if (!service) return out;
  query.certificate_der = out.card.certificate;
  auto answer = service->ConfirmByCard(query);
  if (answer.ok()) {
    out.answer = std::move(*answer);
  } else {
    out.service_error = answer.error();
  }
  return out;
}

// Failures of the reader or the card itself (not of the patient's PIN): worth HQ's attention.
bool IsReaderOrCardFault(const Error& e) {
  static const std::set<std::string> kFaults = {
      "card.reader_not_compliant", "card.unreadable",      "card.removed",
      "card.jpki_missing",         "card.bad_certificate", "card.certificate_truncated"};
  return kFaults.count(e.reason()) > 0;
}

v1::CheckResult BaseResult(const CardCheckRequest& req, const std::string& reader,
                           const Bytes& atr) {
  v1::CheckResult result;
  result.set_check_id(NewUuid());
  *result.mutable_checked_at() = TimeUtil::GetCurrentTime();
  result.set_mode(req.mode);
  result.set_route(req.route);
  result.set_source(v1::CHECK_SOURCE_CARD);
  result.mutable_reader()->set_name(ReaderNameForHq(reader));
  result.mutable_reader()->set_extended_apdu(true);  // the certificate came in one extended APDU
  result.mutable_reader()->set_atr_hex(ToHex(atr));
  return result;
}

v1::CheckResult BuildResult(const CheckOutcome& o, const CardCheckRequest& req,
                            const std::string& reader, const Bytes& atr) {
  v1::CheckResult result = BaseResult(req, reader, atr);
  result.set_certificate_digest(ToString(crypto::Sha256(o.card.certificate)));
  result.set_apdu_count(o.card.counters.apdus);
  result.set_contract_insurer_number(req.contract_insurer);
  if (o.answer) {
    result.set_outcome(o.answer->outcome);
    if (auto record = o.answer->Record()) *result.mutable_eligibility() = std::move(*record);
    result.set_certificate_in_grace(o.answer->certificate_in_grace);
    result.set_certificate_not_after(o.answer->certificate_not_after);
    result.set_contract_insurer_match(o.answer->contract_insurer_match);
  } else {
    result.set_outcome(v1::OUTCOME_ERROR);
    result.set_error_reason(o.service_error ? o.service_error->reason()
                                            : "eligibility.not_configured");
    result.set_error_message(o.service_error ? o.service_error->message()
                                             : "card read; no eligibility service configured");
  }
  return result;
}

uint32_t MillisSince(std::chrono::steady_clock::time_point start) {
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - start)
                                   .count());
}

}  // namespace

CardCheckReport PerformCardCheck(card::PcscContext& ctx, CardCheckRequest& req,
                                 eligibility::EligibilityService* service) {
  // Every way out wipes the PIN: no card within the wait, staff cancelled, a failed connect.
  card::WipeOnExit pin_wipe(req.pin);
  CardCheckReport report;
  auto start = std::chrono::steady_clock::now();
  report.reader = req.reader;
  if (!report.reader.empty()) {
    if (auto s = ctx.WaitForCard(report.reader, req.wait); !s.ok()) report.error = s.error();
  } else if (auto r = ctx.WaitForAnyCard(req.wait); r.ok()) {
    report.reader = *r;
  } else {
    report.error = r.error();
  }
  if (report.error) return report;
  auto conn = ctx.Connect(report.reader);
  if (!conn.ok()) {
    report.error = conn.error();
    return report;
  }
  report.atr = (*conn)->atr();
  auto outcome = ReadAndConfirm(**conn, req, service, &report.pin_tries_left);
  card::SecureWipe(req.pin);
  if (!outcome.ok()) {
    report.error = outcome.error();
    // HQ must see readers and cards that fail (non-compliant readers above all): the failed
    // attempt is saved as a result too.
    if (IsReaderOrCardFault(outcome.error())) {
      v1::CheckResult failed = BaseResult(req, report.reader, report.atr);
      failed.set_outcome(v1::OUTCOME_ERROR);
      failed.set_error_reason(outcome.error().reason());
      failed.set_error_message(outcome.error().message());
      failed.mutable_reader()->set_extended_apdu(outcome.error().reason() !=
                                                 "card.reader_not_compliant");
      report.result = std::move(failed);
    }
    return report;
  }
  report.result = BuildResult(*outcome, req, report.reader, report.atr);
  report.result->set_duration_ms(MillisSince(start));
  report.apdus = outcome->card.counters.apdus;
  report.certificate_sha256 = crypto::Sha256(outcome->card.certificate);
  report.service_error = outcome->service_error;
  if (outcome->answer) {
    report.answered = true;
    report.certificate_in_grace = outcome->answer->certificate_in_grace;
    report.consent_id = outcome->answer->consent_id;
  }
  return report;
}

Status RememberFirstVisit(LocalStore& store, const CardCheckReport& report) {
  if (!report.result || !report.answered) return OkStatus();
  const auto& r = *report.result;
  if (r.route() != v1::CHECK_ROUTE_HOME_VISIT || r.outcome() != v1::OUTCOME_ELIGIBLE ||
      !r.has_eligibility()) {
    return OkStatus();
  }
  const auto& e = r.eligibility();
  return store.RecordFirstVisit(
      PatientKey(e.insurer_number(), e.insured_symbol(), e.insured_number(),
                 e.insured_branch_number(), e.birth_date()),
      TodayInJapan(), report.consent_id);
}

Result<v1::IdentityMode> ParseMode(const std::string& name) {
  if (name == "visual") return v1::IDENTITY_MODE_VISUAL;
  if (name == "pin") return v1::IDENTITY_MODE_PIN;
  return MakeError(ErrorCode::kInvalidArgument, "cli.bad_mode",
                   cli::Localized("--mode is visual or pin (given: '" + name + "')",
                                  "--mode は visual か pin です（指定: '" + name + "'）"));
}

Result<v1::CheckRoute> ParseRoute(const std::string& name) {
  static const std::map<std::string, v1::CheckRoute> kRoutes = {
      {"counter", v1::CHECK_ROUTE_COUNTER},
      {"home-visit", v1::CHECK_ROUTE_HOME_VISIT},
      {"house-call", v1::CHECK_ROUTE_HOUSE_CALL},
      {"online", v1::CHECK_ROUTE_ONLINE},
      {"ward", v1::CHECK_ROUTE_WARD}};
  auto it = kRoutes.find(name);
  if (it == kRoutes.end()) {
    std::string names;
    for (const auto& [route, _] : kRoutes) names += (names.empty() ? "" : ", ") + route;
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_route",
                     cli::Localized("--route is one of " + names + " (given: '" + name + "')",
                                    "--route には次のどれかを指定してください: " + names +
                                        "（指定: '" + name + "'）"));
  }
  return it->second;
}

std::optional<v1::TerminalConfig> LoadReceivedConfig(const std::string& state_dir) {
  v1::TerminalConfig config;
  auto json = LoadTerminalConfig(state_dir);
  if (!json.ok() || !google::protobuf::util::JsonStringToMessage(*json, &config).ok()) {
    return std::nullopt;
  }
  if (config.default_mode() == v1::IDENTITY_MODE_UNSPECIFIED) {
    config.set_default_mode(v1::IDENTITY_MODE_VISUAL);
  }
  return config;
}

v1::TerminalConfig LoadConfigOrDefault(const std::string& state_dir) {
  v1::TerminalConfig config = LoadReceivedConfig(state_dir).value_or(v1::TerminalConfig());
  if (config.default_mode() == v1::IDENTITY_MODE_UNSPECIFIED) {
    config.set_default_mode(v1::IDENTITY_MODE_VISUAL);
  }
  return config;
}

}  // namespace kakunin::agent
