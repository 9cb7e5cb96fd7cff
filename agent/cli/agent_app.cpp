#include "agent/cli/agent_app.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <openssl/rand.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "agent/card/card_info_cli.h"
#include "agent/card/card_session.h"
#include "agent/card/pcsc.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/fallback_commands.h"
#include "agent/eligibility/oqs_client.h"
#include "agent/store/local_store.h"
#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "common/cli/flags.h"
#include "common/crypto/signing.h"
#include "common/domain/check_digit.h"
#include "common/domain/pin.h"
#include "common/log/log.h"

namespace kakunin::agent {
namespace {

int EnrollCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent enroll --server HOST:PORT --token TOKEN --ca FILE",
               "Registers this terminal with HQ. The key pair is made here and never leaves it;\n"
               "compare the verification code printed at the end with the one HQ sees.");
  f.Option("server", "HOST:PORT", "HQ server")
      .Option("token", "TOKEN", "one-time enrollment token")
      .Option("ca", "FILE", "HQ's CA certificate (to trust the server)")
      .Option("state-dir", "DIR", "where the terminal keeps its identity", "/var/lib/kakunin-agent")
      .Option("terminal-name", "TEXT", "e.g. 本町薬局1号機")
      .Bool("json", "print JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  EnrollOptions o;
  o.server = f.Get("server");
  o.token = f.Get("token");
  o.ca_file = f.Get("ca");
  o.state_dir = f.Get("state-dir");
  o.facts = LocalFacts();
  o.facts.set_terminal_name(f.Get("terminal-name"));
  // The reader's compliance is part of the terminal's facts: HQ sees non-compliant readers.
  if (auto ctx = card::PcscContext::Establish(); ctx.ok()) {
    if (auto reader = (*ctx)->ChooseReader(std::nullopt); reader.ok())
      o.facts.set_reader_name(*reader);
  }
  auto r = Enroll(o);
  if (!r.ok()) return Fail(r.error(), f.GetBool("json"));
  // An active terminal fetches HQ's settings at once (default identity mode, routes).
  if (r->status() == v1::DEVICE_STATUS_ACTIVE) {
    if (auto state = LoadTerminalState(o.state_dir); state.ok()) {
      (void)DeliverResults(*state, o.facts, {}, std::chrono::seconds(15));
    }
  }
  if (f.GetBool("json")) {
    std::cout << nlohmann::json{{"ok", true},
                                {"device_id", r->device_id()},
                                {"site_id", r->site_id()},
                                {"verification_code", r->verification_code()},
                                {"status",
                                 r->status() == v1::DEVICE_STATUS_ACTIVE ? "active" : "pending"}}
                     .dump()
              << "\n";
  } else {
    std::cout << "enrolled as " << r->device_id() << " (site " << r->site_id() << ")\n"
              << "verification code: " << r->verification_code() << "\n";
  }
  return 0;
}

// What one check produced at the card and (when configured) at the eligibility service.
struct CheckOutcome {
  card::CardCheck card;
  std::optional<eligibility::Answer> answer;
  std::optional<Error> service_error;
};

Result<CheckOutcome> RunCardCheck(card::PcscCard& conn, v1::IdentityMode mode,
                                  const std::string& pin, v1::CheckRoute route,
                                  const std::string& contract_insurer,
                                  eligibility::EligibilityService* service,
                                  std::optional<int>* tries_left) {
  CheckOutcome out;
  card::CardSession session(conn);
  eligibility::CardQuery query;
  query.mode = mode;
  query.route = route;
  query.contract_insurer_number = contract_insurer;
  if (mode == v1::IDENTITY_MODE_PIN) {
    if (!service) {
      return MakeError(ErrorCode::kFailedPrecondition, "check.no_service",
                       "PIN mode needs the eligibility service (--oqs)");
    }
    // Checked before a challenge is fetched or the card is touched; never echoed.
    if (auto s = domain::ValidatePinFormat(pin); !s.ok()) return s.error();
    KAKUNIN_ASSIGN_OR_RETURN(auto challenge, service->IssueChallenge());
    auto read = session.CheckWithPin(pin, challenge.nonce);
    *tries_left = session.pin_tries_left();
    if (!read.ok()) return read.error();
    out.card = std::move(*read);
    query.challenge_id = challenge.id;
    query.signature = out.card.signature;
  } else {
    KAKUNIN_ASSIGN_OR_RETURN(out.card, session.CheckVisual());
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

// HQ's default identity mode for this terminal (config.json), else visual.
std::string DefaultModeName(const std::string& state_dir) {
  auto json = LoadTerminalConfig(state_dir);
  v1::TerminalConfig config;
  if (json.ok() && google::protobuf::util::JsonStringToMessage(*json, &config).ok() &&
      config.default_mode() == v1::IDENTITY_MODE_PIN) {
    return "pin";
  }
  return "visual";
}

// Failures of the reader or the card itself (not of the patient's PIN): worth HQ's attention.
bool IsReaderOrCardFault(const Error& e) {
  static const std::set<std::string> kFaults = {
      "card.reader_not_compliant", "card.unreadable",      "card.removed",
      "card.jpki_missing",         "card.bad_certificate", "card.certificate_truncated"};
  return kFaults.count(e.reason()) > 0;
}

v1::CheckResult BuildResult(const CheckOutcome& o, v1::IdentityMode mode, v1::CheckRoute route,
                            const std::string& reader, const Bytes& atr) {
  v1::CheckResult result;
  result.set_check_id(NewUuid());
  *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  result.set_mode(mode);
  result.set_route(route);
  result.set_source(v1::CHECK_SOURCE_CARD);
  result.mutable_reader()->set_name(reader);
  result.mutable_reader()->set_extended_apdu(true);  // the certificate came in one extended APDU
  result.mutable_reader()->set_atr_hex(ToHex(atr));
  result.set_certificate_digest(ToString(crypto::Sha256(o.card.certificate)));
  result.set_apdu_count(o.card.counters.apdus);
  if (o.answer) {
    result.set_outcome(o.answer->outcome);
    if (!o.answer->results.empty()) *result.mutable_eligibility() = o.answer->results.front();
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

int CheckCommand(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--document" || std::string(argv[i]).rfind("--document=", 0) == 0) {
      return DocumentCommand(argc, argv);
    }
  }
  cli::Flags f("kakunin-agent check --mode visual|pin [--pin-stdin] [--json]",
               "Waits for a My Number Card, reads it, asks the eligibility service, and delivers\n"
               "the check to HQ (acknowledged durably before this command succeeds).\n"
               "Exit codes: 0 delivered, 1 failed (reason on stderr), 2 usage.");
  f.Option("mode", "MODE",
           "visual (目視確認) or pin (暗証番号); default: HQ's setting for this terminal")
      .Bool("pin-stdin", "read the patient's 4-digit PIN from standard input")
      .Option("route", "ROUTE", "counter, home-visit, house-call, online, ward", "counter")
      .Option("reader", "NAME", "reader to use (default: the first with a card)")
      .Option("wait", "SECONDS", "how long to wait for a card", "30")
      .Option("oqs", "HOST:PORT", "eligibility service (none: the card is read, not checked)")
      .Option("oqs-ca", "FILE", "CA certificate of the eligibility service")
      .Option("institution-code", "DIGITS", "医療機関等コード (10 digits)", "")
      .Option("contract-insurer", "DIGITS",
              "健診実施機関: the insurer on the 受診券 (match is checked)")
      .Option("state-dir", "DIR", "terminal identity", "/var/lib/kakunin-agent")
      .Bool("json", "print the result as JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  bool json = f.GetBool("json");
  std::vector<std::string> warnings;
  if (auto s = CheckInstitutionCode(f.Get("institution-code"), &warnings); !s.ok()) {
    return Fail(s.error(), json);
  }
  if (f.Has("contract-insurer")) {
    auto digits = domain::ValidateInsurerNumber(f.Get("contract-insurer"));
    if (!digits.ok()) return Fail(digits.ToStatus().error(), json);
  }
  std::string mode_name = f.Get("mode");
  if (mode_name.empty()) mode_name = DefaultModeName(f.Get("state-dir"));
  v1::IdentityMode mode;
  if (mode_name == "visual") {
    mode = v1::IDENTITY_MODE_VISUAL;
  } else if (mode_name == "pin") {
    mode = v1::IDENTITY_MODE_PIN;
  } else {
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.bad_mode", "--mode is visual or pin"),
                json);
  }
  static const std::map<std::string, v1::CheckRoute> kRoutes = {
      {"counter", v1::CHECK_ROUTE_COUNTER},
      {"home-visit", v1::CHECK_ROUTE_HOME_VISIT},
      {"house-call", v1::CHECK_ROUTE_HOUSE_CALL},
      {"online", v1::CHECK_ROUTE_ONLINE},
      {"ward", v1::CHECK_ROUTE_WARD}};
  auto route_it = kRoutes.find(f.Get("route"));
  if (route_it == kRoutes.end()) {
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.bad_route", "unknown --route"), json);
  }
  std::string pin;
  if (mode == v1::IDENTITY_MODE_PIN && f.GetBool("pin-stdin")) std::getline(std::cin, pin);
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  auto wait = f.GetInt("wait");
  if (!wait.ok()) return Fail(wait.error(), json);
  std::unique_ptr<eligibility::OqsClient> service;
  if (f.Has("oqs")) {
    auto ca = ReadFile(f.Get("oqs-ca"));
    if (!ca.ok()) return Fail(ca.error(), json);
    service = std::make_unique<eligibility::OqsClient>(
        eligibility::OqsClientOptions{f.Get("oqs"), *ca, f.Get("institution-code")});
  }

  auto start = std::chrono::steady_clock::now();
  auto ctx = card::PcscContext::Establish();
  if (!ctx.ok()) return Fail(ctx.error(), json);
  std::string reader = f.Get("reader");
  if (!reader.empty()) {
    if (auto s = (*ctx)->WaitForCard(reader, std::chrono::seconds(*wait)); !s.ok())
      return Fail(s.error(), json);
  } else {
    auto r = (*ctx)->WaitForAnyCard(std::chrono::seconds(*wait));
    if (!r.ok()) return Fail(r.error(), json);
    reader = *r;
  }
  auto conn = (*ctx)->Connect(reader);
  if (!conn.ok()) return Fail(conn.error(), json);
  std::optional<int> tries_left;
  auto outcome = RunCardCheck(**conn, mode, pin, route_it->second, f.Get("contract-insurer"),
                              service.get(), &tries_left);
  std::fill(pin.begin(), pin.end(), '\0');
  if (!outcome.ok() && IsReaderOrCardFault(outcome.error())) {
    // HQ must see readers and cards that fail (non-compliant readers above all): the failed
    // attempt is delivered as a result, then reported here.
    v1::CheckResult failed;
    failed.set_check_id(NewUuid());
    *failed.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
    failed.set_mode(mode);
    failed.set_route(route_it->second);
    failed.set_source(v1::CHECK_SOURCE_CARD);
    failed.set_outcome(v1::OUTCOME_ERROR);
    failed.set_error_reason(outcome.error().reason());
    failed.set_error_message(outcome.error().message());
    failed.mutable_reader()->set_name(reader);
    failed.mutable_reader()->set_extended_apdu(outcome.error().reason() !=
                                               "card.reader_not_compliant");
    failed.mutable_reader()->set_atr_hex(ToHex((*conn)->atr()));
    v1::TerminalFacts facts = LocalFacts();
    facts.set_reader_name(reader);
    facts.set_extended_apdu(failed.reader().extended_apdu());
    (void)Persist(*state, failed, facts);
  }
  if (!outcome.ok()) {
    if (json && tries_left) {
      std::cout << nlohmann::json{{"ok", false},
                                  {"reason", outcome.error().reason()},
                                  {"message", outcome.error().message()},
                                  {"pin_tries_left", *tries_left}}
                       .dump()
                << "\n";
      std::cerr << "kakunin-agent: " << outcome.error().ToString() << "\n";
      return 1;
    }
    return Fail(outcome.error(), json);
  }
  v1::CheckResult result = BuildResult(*outcome, mode, route_it->second, reader, (*conn)->atr());
  result.set_contract_insurer_number(f.Get("contract-insurer"));
  result.set_duration_ms(
      static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count()));
  v1::TerminalFacts facts = LocalFacts();
  facts.set_reader_name(reader);
  facts.set_extended_apdu(true);
  // A first home visit checked by card opens the way for later 再照会 (with the consent).
  if (route_it->second == v1::CHECK_ROUTE_HOME_VISIT && result.outcome() == v1::OUTCOME_ELIGIBLE &&
      result.has_eligibility() && outcome->answer) {
    const auto& e = result.eligibility();
    if (auto store = LocalStore::Open(state->dir + "/outbox.db"); store.ok()) {
      (void)(*store)->RecordFirstVisit(
          PatientKey(e.insurer_number(), e.insured_symbol(), e.insured_number(),
                     e.insured_branch_number(), e.birth_date()),
          TodayInJapan(), outcome->answer->consent_id);
    }
  }
  // Saved in the outbox before anything is reported; delivered when HQ is reachable.
  auto delivery = Persist(*state, result, facts);
  if (!delivery.ok()) return Fail(delivery.error(), json);
  if (json) {
    nlohmann::json j = {{"ok", true},
                        {"check_id", result.check_id()},
                        {"sequence", result.sequence()},
                        {"mode", mode_name},
                        {"outcome", OutcomeId(result.outcome())},
                        {"reader", reader},
                        {"atr", ToHex((*conn)->atr())},
                        {"apdus", outcome->card.counters.apdus},
                        {"certificate_sha256", ToHex(crypto::Sha256(outcome->card.certificate))}};
    if (result.has_eligibility()) j["eligibility"] = EligibilityJson(result.eligibility());
    if (!result.error_reason().empty()) j["error_reason"] = result.error_reason();
    if (outcome->answer) j["certificate_in_grace"] = outcome->answer->certificate_in_grace;
    if (f.Has("contract-insurer")) j["contract_insurer_match"] = result.contract_insurer_match();
    AddDelivery(*delivery, j);
    if (!warnings.empty()) j["warnings"] = warnings;
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "check " << result.check_id() << ": " << OutcomeId(result.outcome())
              << " (sequence " << result.sequence() << ", " << outcome->card.counters.apdus
              << " APDUs)\n";
    if (outcome->service_error) {
      std::cout
          << "the online check could not be completed (" << outcome->service_error->reason()
          << "): confirm with the card plus the マイナポータル screen or 資格情報のお知らせ\n";
    }
  }
  return 0;
}

int FlushCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent flush [--json]",
               "Sends the results waiting in this terminal's outbox to HQ, oldest first.");
  f.Option("state-dir", "DIR", "terminal identity", "/var/lib/kakunin-agent")
      .Bool("json", "print JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  bool json = f.GetBool("json");
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  auto d = Flush(*state, LocalFacts());
  if (!d.ok()) return Fail(d.error(), json);
  nlohmann::json j = {{"ok", d->delivered}};
  AddDelivery(*d, j);
  if (json) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << (d->delivered ? "outbox delivered" : "HQ unreachable") << "; " << d->queued
              << " result(s) waiting\n";
  }
  return d->delivered ? 0 : 1;
}

int RecentCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent recent [--json]",
               "This terminal's checks that may still be looked at again (until 翌月末).");
  f.Option("state-dir", "DIR", "terminal identity", "/var/lib/kakunin-agent")
      .Option("date", "DATE", "today (default: today in Japan)")
      .Bool("json", "print JSON");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Fail(s.error(), false);
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  bool json = f.GetBool("json");
  domain::Date today = TodayInJapan();
  if (f.Has("date")) {
    auto d = domain::ParseIsoDate(f.Get("date"));
    if (!d.ok()) return Fail(d.error(), json);
    today = *d;
  }
  auto store = LocalStore::Open(f.Get("state-dir") + "/outbox.db");
  if (!store.ok()) return Fail(store.error(), json);
  auto recent = (*store)->Recent(today);
  if (!recent.ok()) return Fail(recent.error(), json);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : *recent) {
    nlohmann::json item = {
        {"check_id", r.check_id()},
        {"sequence", r.sequence()},
        {"outcome", OutcomeId(r.outcome())},
        {"checked_at", google::protobuf::util::TimeUtil::ToString(r.checked_at())}};
    if (r.has_eligibility()) item["eligibility"] = EligibilityJson(r.eligibility());
    list.push_back(item);
  }
  if (json) {
    std::cout << nlohmann::json{{"ok", true}, {"results", list}}.dump() << "\n";
  } else {
    for (const auto& item : list) std::cout << item.dump() << "\n";
  }
  return 0;
}

}  // namespace

int AgentMain(int argc, char** argv) {
  InitLogging("kakunin-agent", LogFormat::kText, "warn");
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "enroll") return EnrollCommand(argc, argv);
  if (cmd == "check") return CheckCommand(argc, argv);
  if (cmd == "recheck") return RecheckCommand(argc, argv);
  if (cmd == "flush") return FlushCommand(argc, argv);
  if (cmd == "recent") return RecentCommand(argc, argv);
  if (cmd == "card-info") return card::RunCardInfoCommand(argc - 1, argv + 1);
  std::cout << "Usage: kakunin-agent <command> [options]\n\n"
               "Commands:\n"
               "  enroll     register this terminal with HQ (one-time token)\n"
               "  check      read a card (or record a document) and deliver the check to HQ\n"
               "  recheck    再照会 by insured number + birth date (home visits)\n"
               "  flush      send results waiting in the outbox\n"
               "  recent     this terminal's checks, re-viewable until 翌月末\n"
               "  card-info  reader and card diagnostics\n\n"
               "Run a command with --help for its options.\n";
  return cmd.empty() || cmd == "--help" || cmd == "-h" || cmd == "help" ? (cmd.empty() ? 2 : 0) : 2;
}

}  // namespace kakunin::agent
