#include "agent/cli/fallback_commands.h"

#include <google/protobuf/util/time_util.h>

#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <vector>

#include "agent/check/card_check.h"
#include "agent/check/other_checks.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/operator_text.h"
#include "agent/daemon/agent_core.h"
#include "agent/daemon/install_paths.h"
#include "agent/eligibility/oqs_client.h"
#include "agent/store/local_store.h"
#include "agent/uplink/terminal_state.h"
#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/domain/check_digit.h"
#include "common/domain/date.h"
#include "common/domain/documents.h"
#include "common/domain/visits.h"

namespace kakunin::agent {
namespace {

Result<std::optional<domain::Date>> OptionalDate(const cli::Flags& f, const std::string& name) {
  if (!f.Has(name)) return std::optional<domain::Date>();
  KAKUNIN_ASSIGN_OR_RETURN(auto d, domain::ParseIsoDate(f.Get(name)));
  return std::optional<domain::Date>(d);
}

// Saves (outbox), delivers when HQ is reachable, and prints; the common tail of every command.
int DeliverAndPrint(const TerminalState& state, v1::CheckResult result, nlohmann::json extra,
                    bool json) {
  *result.mutable_checked_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  auto delivery = Persist(state, result, LocalFacts());
  if (!delivery.ok()) return Fail(delivery.error(), json);
  extra["ok"] = true;
  extra["check_id"] = result.check_id();
  extra["sequence"] = result.sequence();
  extra["outcome"] = OutcomeId(result.outcome());
  AddDelivery(*delivery, extra);
  if (json) {
    std::cout << extra.dump() << "\n";
  } else {
    std::cout << CheckLine(result) << "\n";
    // Why, and what to ask for: a refused document, or a re-inquiry the service did not answer.
    if (extra.contains("usable") && !extra["usable"].get<bool>()) {
      std::cout << DocumentText(extra.value("reason", "")) << "\n";
    }
    // A refused document's reason was said above; any other failure is said here.
    if (!extra.contains("usable")) std::cout << ResultErrorLine(result);
    std::cout << DeliveryText(*delivery) << "\n";
  }
  return 0;
}

const std::map<std::string, v1::DocumentKind> kDocuments = {
    {"eligibility-certificate", v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE},
    {"card-with-notice", v1::DOCUMENT_KIND_CARD_WITH_NOTICE},
    {"card-with-portal", v1::DOCUMENT_KIND_CARD_WITH_PORTAL},
    {"legacy-card", v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD},
    {"notice-only", v1::DOCUMENT_KIND_NOTICE_ONLY}};

// recheck --stdin: "name=value" lines for the patient's entries (kept off the command line,
// where `ps` shows them to every user of the PC). Bounded; an unknown name or a line without
// "=" is refused by its line number, never echoed (it may be the patient's number).
Status ReadEntries(std::istream& in, std::map<std::string, std::string>* entry) {
  constexpr size_t kMaxLines = 16, kMaxLine = 256;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    const std::string name = eq == std::string::npos ? "" : line.substr(0, eq);
    if (n > kMaxLines || line.size() > kMaxLine || entry->count(name) == 0) {
      return MakeError(ErrorCode::kInvalidArgument, "cli.bad_stdin",
                       cli::Localized("standard input, line " + std::to_string(n) +
                                          ": give insurer=, symbol=, number=, branch= or birth=, "
                                          "one a line",
                                      "標準入力の " + std::to_string(n) +
                                          " 行目: insurer=、symbol=、number=、branch=、birth= の"
                                          "どれかを1行に1つずつ書いてください"));
    }
    (*entry)[name] = line.substr(eq + 1);
  }
  return OkStatus();
}

// "YYYY-MM-DDTHH:MM" in Japan time.
Result<domain::LocalDateTime> ParseLocalDateTime(const std::string& text) {
  if (text.size() != 16 || text[10] != 'T' || text[13] != ':') {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_datetime",
                     cli::Localized("expected YYYY-MM-DDTHH:MM, got '" + text + "'",
                                    "日時は YYYY-MM-DDTHH:MM の形式で指定してください（例: "
                                    "2026-12-07T09:30、指定: '" +
                                        text + "'）"));
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto date, domain::ParseIsoDate(text.substr(0, 10)));
  int hour = std::atoi(text.substr(11, 2).c_str()), minute = std::atoi(text.substr(14, 2).c_str());
  if (hour > 23 || minute > 59) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_datetime",
                     cli::Localized("no such time: " + text, "その時刻はありません: " + text));
  }
  return domain::LocalDateTime{date, hour, minute, 0};
}

// オンライン診療: from the consent until the end of the day after the consultation date.
Status AllowOnlineFetch(const cli::Flags& f) {
  KAKUNIN_ASSIGN_OR_RETURN(auto consent_at, ParseLocalDateTime(f.Get("consent-at")));
  KAKUNIN_ASSIGN_OR_RETURN(auto consultation, domain::ParseIsoDate(f.Get("consultation-date")));
  auto decision = domain::DecideConsentFetch(consent_at, consultation, NowInJapan());
  if (!decision.allowed) {
    return MakeError(ErrorCode::kFailedPrecondition, decision.reason,
                     "outside the online consultation's consent window");
  }
  return OkStatus();
}

}  // namespace

int DocumentCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-agent check --document KIND [options] [--json]",
      cli::Localized(
          "Records the document staff confirmed eligibility from when the online check\n"
          "cannot be done. The document's validity is judged by date; the patient is never\n"
          "refused — a document that is not valid means another way must be used.\n"
          "KIND: eligibility-certificate (資格確認書), card-with-notice "
          "(カード+資格情報のお知らせ),\ncard-with-portal (カード+マイナポータル), legacy-card "
          "(健康保険証), notice-only.\n"
          "Exit codes: 0 recorded (a document that is not valid too, with the reason), 1 not\n"
          "recorded (the reason is printed), 2 usage.",
          "オンラインで資格確認ができないときに、職員が資格を確かめた書類を記録します。\n"
          "書類が有効かは日付で判断します。患者さんを断ることはありません。書類が有効でない\n"
          "ときは、ほかの方法で確かめてください。\n"
          "KIND: eligibility-certificate（資格確認書）、card-with-notice"
          "（カード＋資格情報のお知らせ）、\ncard-with-portal（カード＋マイナポータル）、"
          "legacy-card（健康保険証）、notice-only（資格情報のお知らせのみ）。\n"
          "終了コード: 0 記録した（有効でない書類も理由を添えて記録します）、1 記録できなかった\n"
          "（理由を表示）、2 指定の誤り。"));
  f.Option("document", "KIND", cli::Localized("the document seen", "確かめた書類の種類"))
      .Option("issued", "DATE",
              cli::Localized("date of issue (交付年月日) of an eligibility certificate",
                             "交付年月日（資格確認書）"))
      .Option("expires", "DATE",
              cli::Localized("expiry date (有効期限) printed on the document",
                             "書類に書かれた有効期限"))
      .Bool("elderly",
            cli::Localized("a legacy card of the scheme for those 75 and over (後期高齢者)",
                           "後期高齢者医療制度の被保険者証"))
      .Bool("confirmed-online",
            cli::Localized("eligibility was also confirmed online for this visit",
                           "この受診ではオンラインでも資格を確認できた"))
      .Option("insurer", "DIGITS",
              cli::Localized("insurer number (保険者番号), checked with its check digit",
                             "保険者番号（検証番号で確かめます）"))
      .Option("symbol", "TEXT", cli::Localized("the insured's symbol (記号)", "記号"))
      .Option("number", "TEXT", cli::Localized("the insured's number (番号)", "番号"))
      .Option("branch", "NN", cli::Localized("branch number (枝番)", "枝番"))
      .Option("note", "TEXT", cli::Localized("what staff saw", "職員が確かめた内容のメモ"))
      .Option("date", "DATE",
              cli::Localized("the check date (default: today in Japan)",
                             "確認日（指定しなければ日本時間の今日）"));
  JsonOption(StateDirOption(f));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  bool json = f.GetBool("json");
  auto kind = kDocuments.find(f.Get("document"));
  if (kind == kDocuments.end()) {
    std::string kinds;
    for (const auto& [name, _] : kDocuments) kinds += (kinds.empty() ? "" : ", ") + name;
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.bad_document",
                          cli::Localized("--document is one of " + kinds + " (given: '" +
                                             f.Get("document") + "')",
                                         "--document には次のどれかを指定してください: " + kinds +
                                             "（指定: '" + f.Get("document") + "'）")),
                json);
  }
  v1::FallbackDocument doc;
  doc.set_kind(kind->second);
  doc.set_issued_on(f.Get("issued"));
  doc.set_expires_on(f.Get("expires"));
  doc.set_elderly_scheme(f.GetBool("elderly"));
  doc.set_insurer_number(f.Get("insurer"));
  doc.set_insured_symbol(f.Get("symbol"));
  doc.set_insured_number(f.Get("number"));
  doc.set_insured_branch_number(f.Get("branch"));
  doc.set_note(f.Get("note"));
  auto date = OptionalDate(f, "date");
  if (!date.ok()) return Fail(date.error(), json);
  auto check = BuildDocumentCheck(doc, v1::CHECK_ROUTE_COUNTER, f.GetBool("confirmed-online"),
                                  (*date).value_or(TodayInJapan()));
  if (!check.ok()) return Fail(check.error(), json);
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  const auto& decision = check->decision;
  nlohmann::json extra = {
      {"document", f.Get("document")},
      {"usable", decision.usable()},
      {"reason", decision.reason},
      {"concession_if_confirmed_online", decision.concession_if_confirmed_online}};
  if (decision.valid_through) extra["valid_through"] = domain::FormatIso(*decision.valid_through);
  return DeliverAndPrint(*state, std::move(check->result), std::move(extra), json);
}

int RecheckCommand(int argc, char** argv) {
  cli::Flags f("kakunin-agent recheck --insurer N --symbol S --number N --branch NN --birth DATE",
               cli::Localized(
                   "再照会: asks the eligibility service again by insured number and birth date, "
                   "for\ncontinuing home visits (訪問) after a first visit checked the card with "
                   "consent.\nA house call (往診) needs a card check every time and is refused "
                   "here.\nExit codes: 0 answered, 1 not answered or refused, 2 usage or entries.",
                   "再照会: 被保険者番号と生年月日で、オンライン資格確認にもう一度照会します。\n"
                   "初回の訪問でカードを確認し同意を得た患者さんの、継続する訪問診療・訪問服薬"
                   "指導のためのものです。\n往診は毎回カードでの確認が必要なため、ここでは"
                   "受け付けません。\n"
                   "終了コード: 0 回答あり、1 回答なし・受付不可、2 指定や入力の誤り。"));
  f.Option("insurer", "DIGITS", cli::Localized("insurer number (保険者番号)", "保険者番号"))
      .Option("symbol", "TEXT", cli::Localized("the insured's symbol (記号)", "記号"))
      .Option("number", "TEXT", cli::Localized("the insured's number (番号)", "番号"))
      .Option("branch", "NN", cli::Localized("branch number (枝番)", "枝番"))
      .Option("birth", "DATE",
              cli::Localized("date of birth, YYYY-MM-DD (生年月日)", "生年月日（YYYY-MM-DD）"))
      .Bool("stdin",
            cli::Localized("read the entries above from standard input instead, one a line as "
                           "name=value (number=56789): on the command line, other users of "
                           "this PC can see them",
                           "上の項目を標準入力から読む（1行に1項目、number=56789 の形）。"
                           "コマンドラインに書くと、このPCのほかの利用者から見えます"))
      .Option(
          "route", "ROUTE",
          cli::Localized("home-visit or online (house-call is refused: a house call needs a card "
                         "check every time)",
                         "確認する場面: home-visit（訪問診療・訪問服薬指導）か online（オンライン"
                         "診療・服薬指導）。house-call（往診）は毎回カードでの確認が必要なため受け"
                         "付けません"),
          "home-visit")
      .Option("consent-at", "YYYY-MM-DDTHH:MM",
              cli::Localized("online: when the patient consented (Japan time)",
                             "online のとき: 患者さんが同意した日時（日本時間）"))
      .Option("consultation-date", "DATE",
              cli::Localized("online: the consultation date", "online のとき: 診療の日付"))
      .Option(
          "consent-id", "ID",
          cli::Localized("consent recorded at the first visit", "初回の訪問で記録した同意の ID"))
      .Option("oqs", "HOST:PORT",
              cli::Localized("eligibility service (when HQ's route is the service API)",
                             "オンライン資格確認の宛先（照会の経路が service-api のとき）"))
      .Option("oqs-ca", "FILE",
              cli::Localized("its CA certificate", "オンライン資格確認の CA 証明書"))
      .Option("institution-code", "DIGITS",
              cli::Localized("医療機関等コード (10 digits)", "医療機関等コード（10 桁）"), "");
  JsonOption(StateDirOption(f));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  bool json = f.GetBool("json");
  std::map<std::string, std::string> entry;
  for (const char* name : {"insurer", "symbol", "number", "branch", "birth"}) {
    entry[name] = f.Get(name);
  }
  if (f.GetBool("stdin")) {
    if (auto read = ReadEntries(std::cin, &entry); !read.ok()) return Fail(read.error(), json);
  }
  // The missing ones by name, before any of them is judged.
  std::string missing;
  for (const char* name : {"insurer", "symbol", "number", "branch", "birth"}) {
    if (entry[name].empty()) missing += std::string(missing.empty() ? "" : " ") + "--" + name;
  }
  if (!missing.empty()) {
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                          cli::Localized("required: " + missing,
                                         "必要な項目が指定されていません: " + missing)),
                json);
  }
  auto check = domain::ValidateInsurerNumber(entry["insurer"]);
  if (!check.ok()) return Fail(check.ToStatus().error(), json);
  if (auto birth = domain::ParseIsoDate(entry["birth"]); !birth.ok())
    return Fail(birth.error(), json);
  EligibilitySettings api{f.Get("oqs"), "", f.Get("institution-code")};
  if (f.Has("oqs-ca")) {
    auto ca = ReadFile(f.Get("oqs-ca"));
    if (!ca.ok()) return Fail(ca.error(), json);
    api.ca_pem = *ca;
  }
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  std::vector<std::string> warnings;
  if (auto s = CheckInstitutionCode(f.Get("institution-code"), &warnings); !s.ok()) {
    return Fail(s.error(), json);
  }
  RecheckInput in{entry["insurer"],          entry["symbol"],    entry["number"],
                  entry["branch"],           entry["birth"],     v1::CHECK_ROUTE_HOME_VISIT,
                  f.Get("institution-code"), f.Get("consent-id")};
  v1::CheckRoute proto_route = v1::CHECK_ROUTE_HOME_VISIT;
  if (f.Get("route") == "online") {
    if (auto allowed = AllowOnlineFetch(f); !allowed.ok()) return Fail(allowed.error(), json);
    proto_route = v1::CHECK_ROUTE_ONLINE;
  } else {
    auto route = ParseRoute(f.Get("route"));
    if (!route.ok()) return Fail(route.error(), json);
    in.route = *route;
    auto store = OpenOutbox(state->dir);
    if (!store.ok()) return Fail(store.error(), json);
    if (auto allowed = AllowHomeVisitRecheck(**store, in); !allowed.ok()) {
      return Fail(allowed.error(), json);
    }
  }
  // HQ's route policy holds on the command line as in the daemon.
  if (const auto config = LoadReceivedConfig(state->dir)) {
    if (auto s = CheckRouteAllowed(proto_route == v1::CHECK_ROUTE_ONLINE ? proto_route : in.route,
                                   *config);
        !s.ok()) {
      return Fail(s.error(), json);
    }
  }
  // The route HQ configured (the service API from the flags until HQ has said otherwise).
  const v1::TerminalConfig config = LoadReceivedConfig(state->dir).value_or(v1::TerminalConfig());
  RouteService route = MakeRouteService(config, api, state->dir);
  if (!route.service) {
    return Fail(
        MakeError(ErrorCode::kFailedPrecondition, "eligibility.not_configured",
                  "no eligibility service: give --oqs, or let HQ set this terminal's route"),
        json);
  }
  v1::CheckResult result = PerformRecheck(*route.service, in, proto_route);
  if (route.files) {
    if (auto store = OpenOutbox(state->dir); store.ok()) {
      (void)RememberIfLate(**store, route, result);
    }
  }
  nlohmann::json extra = {{"route", RouteId(EffectiveRoute(config).route())}};
  if (!warnings.empty()) extra["warnings"] = warnings;
  if (result.has_eligibility()) extra["eligibility"] = EligibilityJson(result.eligibility());
  if (!result.error_reason().empty()) extra["error_reason"] = result.error_reason();
  return DeliverAndPrint(*state, std::move(result), std::move(extra), json);
}

}  // namespace kakunin::agent
