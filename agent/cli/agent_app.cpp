#include "agent/cli/agent_app.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "agent/card/card_info_cli.h"
#include "agent/card/pcsc.h"
#include "agent/card/secure_wipe.h"
#include "agent/check/card_check.h"
#include "agent/check/route.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/daemon_commands.h"
#include "agent/cli/fallback_commands.h"
#include "agent/cli/operator_text.h"
#include "agent/cli/service_command.h"
#include "agent/daemon/agent_core.h"
#include "agent/daemon/install_paths.h"
#include "agent/eligibility/oqs_client.h"
#include "agent/store/local_store.h"
#include "agent/uplink/ca_fetch.h"
#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "common/cli/command_help.h"
#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/crypto/enroll_bundle.h"
#include "common/crypto/signing.h"
#include "common/domain/check_digit.h"
#include "common/domain/copayment.h"
#include "common/domain/pin.h"
#include "common/log/log.h"

namespace kakunin::agent {
namespace {

// HQ's CA from the bundle's first server whose TLS presents the pinned CA; every server of the
// bundle is kept, in its order (enroll tries them in turn, the daemon fails over between them).
Status FromBundleText(const std::string& text, EnrollOptions* o) {
  KAKUNIN_ASSIGN_OR_RETURN(auto bundle, crypto::ParseEnrollBundle(text));
  std::optional<Error> last;
  for (const auto& server : bundle.servers) {
    auto ca = FetchPinnedCa(server, bundle.ca_sha256_hex);
    if (ca.ok()) {
      o->servers = bundle.servers;
      o->token = bundle.token;
      o->ca_pem = *ca;
      return OkStatus();
    }
    // A CA that does not match is never worked around by trying the next address.
    if (ca.error().reason() == "enroll.ca_mismatch") return ca.error();
    last = ca.error();
  }
  return *last;
}

Status FromBundle(const cli::Flags& f, EnrollOptions* o) {
  std::string text = f.Get("bundle");
  // "-": from standard input, so the token is not on the command line, where any account on the
  // PC can read it (/proc/PID/cmdline) while enroll waits for HQ.
  if (text == "-") std::getline(std::cin, text);
  if (f.Has("bundle-file")) {
    KAKUNIN_ASSIGN_OR_RETURN(text, ReadFile(f.Get("bundle-file")));
  }
  return FromBundleText(text, o);
}

// `enroll` once its options are known: this terminal's facts, the enrollment, and HQ's settings
// at once for an active terminal (default identity mode, routes).
Result<v1::EnrollResponse> EnrollTerminal(EnrollOptions o, const std::string& terminal_name) {
  o.facts = LocalFacts();
  o.facts.set_terminal_name(terminal_name);
  // The reader's compliance is part of the terminal's facts: HQ sees non-compliant readers.
  if (auto ctx = card::PcscContext::Establish(); ctx.ok()) {
    if (auto reader = (*ctx)->ChooseReader(std::nullopt); reader.ok())
      o.facts.set_reader_name(ReaderNameForHq(*reader));
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto r, Enroll(o));
  if (r.status() == v1::DEVICE_STATUS_ACTIVE) {
    if (auto state = LoadTerminalState(o.state_dir); state.ok()) {
      (void)DeliverResults(*state, o.facts, {}, std::chrono::seconds(15));
    }
  }
  return r;
}

int EnrollCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-agent enroll --bundle STRING | --server LIST --token TOKEN --ca FILE",
      cli::Localized(
          "Registers this terminal with HQ. The key pair is made here and never leaves "
          "it;\ncompare the verification code printed at the end with the one HQ sees. "
          "With the\nenrollment bundle from HQ (console or `kakunin-server token issue`), "
          "nothing else\nis needed: HQ's CA is fetched and trusted only if it matches the "
          "bundle.\nExit codes: 0 enrolled, 1 not enrolled (the reason is printed), 2 usage.",
          "この端末を本部に登録します。鍵はこの端末の中で作られ、外に出ることはありません。\n"
          "最後に表示される確認コードが、本部の画面のものと同じか確かめてください。\n"
          "本部から受け取った登録用の文字列（管理コンソールか `kakunin-server token "
          "issue` が出すもの）\nがあれば、ほかの指定は要りません。本部の CA 証明書は"
          "その文字列と一致するときだけ取得して信頼します。\n"
          "終了コード: 0 登録した、1 登録できなかった（理由を表示）、2 指定の誤り。"));
  f.Option(
       "bundle", "STRING",
       cli::Localized("enrollment bundle (kakunin-enroll:v1?…); - reads it from standard input, "
                      "which keeps it off the command line other accounts can read",
                      "本部から受け取った登録用の文字列（kakunin-enroll:v1?…）。- なら標準入力"
                      "から読みます（ほかのアカウントから見えるコマンドラインに残りません）"))
      .Option("bundle-file", "FILE",
              cli::Localized("the bundle in a file (e.g. scanned from the QR code)",
                             "登録用の文字列を書いたファイル（QR コードを読み取ったものなど）"))
      .Option("server", "LIST",
              cli::Localized("HQ's addresses HOST:PORT,… in order of preference (all are kept)",
                             "本部の宛先 HOST:PORT,…（優先する順。すべて記録します）"))
      .Option("token", "TOKEN",
              cli::Localized("one-time enrollment token", "1 回だけ使える登録トークン"))
      .Option("ca", "FILE",
              cli::Localized("HQ's CA certificate (to trust the server)",
                             "本部の CA 証明書（本部のサーバーを信頼するため）"))
      .Option("state-dir", "DIR",
              cli::Localized("where the terminal keeps its identity",
                             "端末の証明書と鍵を置くディレクトリ"),
              SystemStateDir())
      .Option("terminal-name", "TEXT",
              cli::Localized("the terminal's name, e.g. 本町薬局1号機",
                             "端末の名前（例: 本町薬局1号機）"))
      .Bool("json", cli::Localized("print JSON", "JSON で出力する"));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  EnrollOptions o;
  if (f.Has("server")) {
    auto servers = ParseServerList(f.Get("server"));
    if (!servers.ok()) return Fail(servers.error(), f.GetBool("json"));
    o.servers = *servers;
  }
  o.token = f.Get("token");
  o.ca_file = f.Get("ca");
  o.state_dir = f.Get("state-dir");
  if (auto s = RefuseRootInAnotherUsersStateDir(o.state_dir, "enroll"); !s.ok()) {
    return Fail(s.error(), f.GetBool("json"));
  }
  if (f.Has("bundle") || f.Has("bundle-file")) {
    if (auto s = FromBundle(f, &o); !s.ok()) return Fail(s.error(), f.GetBool("json"));
  } else if (!f.Has("server")) {
    // Nothing says where HQ is: the bundle is what an operator has, so name it.
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.bundle_missing",
                          "give --bundle (or --server, --token and --ca)"),
                f.GetBool("json"));
  } else if (o.token.empty() || o.ca_file.empty()) {
    // Without a bundle, both come from the command line: waiting would not bring them.
    const std::string wanted = std::string(o.token.empty() ? "--token" : "") +
                               (o.token.empty() && o.ca_file.empty() ? " " : "") +
                               (o.ca_file.empty() ? "--ca" : "");
    return Fail(MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                          cli::Localized("with --server, give " + wanted + " (or use --bundle)",
                                         "必要な項目が指定されていません: " + wanted +
                                             "（--server を使うときに必要です。--bundle "
                                             "なら不要です）")),
                f.GetBool("json"));
  }
  auto r = EnrollTerminal(std::move(o), f.Get("terminal-name"));
  if (!r.ok()) return Fail(r.error(), f.GetBool("json"));
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
    std::cout
        << "登録しました: 端末 " << r->device_id() << "（店舗 " << r->site_id() << "）\n"
        << "確認コード: " << r->verification_code() << "\n"
        << (r->status() == v1::DEVICE_STATUS_ACTIVE
                ? "本部で承認済みです。kakunin-agent を起動すると使えます。\n"
                : "本部に確認コードを伝えてください。本部が承認すると使えるようになります。\n");
  }
  return 0;
}

v1::TerminalFacts FactsWithReader(const CardCheckReport& report) {
  v1::TerminalFacts facts = LocalFacts();
  facts.set_reader_name(ReaderNameForHq(report.reader));
  facts.set_extended_apdu(!report.result || report.result->reader().extended_apdu());
  return facts;
}

// Saves what the check produced (outbox first), delivers it one-shot and prints the answer.
int PrintCheck(const TerminalState& state, CardCheckReport& report, const std::string& mode_name,
               bool contract, const std::vector<std::string>& warnings, bool json) {
  if (report.error) {
    if (report.result) (void)Persist(state, *report.result, FactsWithReader(report));
    if (!json || !report.pin_tries_left) return Fail(*report.error, json);
    std::cout << nlohmann::json{{"ok", false},
                                {"reason", report.error->reason()},
                                {"message", report.error->message()},
                                {"pin_tries_left", *report.pin_tries_left}}
                     .dump()
              << "\n";
    std::cerr << OperatorLines(*report.error);
    return 1;
  }
  v1::CheckResult& result = *report.result;
  if (auto store = OpenOutbox(state.dir); store.ok()) {
    (void)RememberFirstVisit(**store, report);
  }
  auto delivery = Persist(state, result, FactsWithReader(report));
  if (!delivery.ok()) return Fail(delivery.error(), json);
  // The receipt computer's copy, when HQ's route asks for one (the daemon does the same).
  const auto route = EffectiveRoute(LoadConfigOrDefault(state.dir));
  if (auto handed = HandOffResult(route, result); !handed.ok()) {
    std::cerr << OperatorLines(handed.error());
  }
  if (!json) {
    std::cout << CheckLine(result) << "\n" << DeliveryText(*delivery) << "\n";
    if (report.service_error) {
      const auto text = OperatorText(*report.service_error);
      std::cout << (text ? *text
                         : "オンラインでの資格確認ができませんでした。カードとマイナポータルの"
                           "画面、または資格情報のお知らせで確認してください。")
                << "\n  （詳細: " << report.service_error->ToString() << "）\n";
    }
    return 0;
  }
  nlohmann::json j = {{"ok", true},
                      {"check_id", result.check_id()},
                      {"sequence", result.sequence()},
                      {"mode", mode_name},
                      {"outcome", OutcomeId(result.outcome())},
                      {"reader", report.reader},
                      {"atr", ToHex(report.atr)},
                      {"apdus", report.apdus},
                      {"certificate_sha256", ToHex(report.certificate_sha256)}};
  if (result.has_eligibility()) j["eligibility"] = EligibilityJson(result.eligibility());
  if (!result.error_reason().empty()) j["error_reason"] = result.error_reason();
  if (report.answered) j["certificate_in_grace"] = report.certificate_in_grace;
  if (contract) j["contract_insurer_match"] = result.contract_insurer_match();
  AddDelivery(*delivery, j);
  if (!warnings.empty()) j["warnings"] = warnings;
  std::cout << j.dump() << "\n";
  return 0;
}

v1::RunCheckRequest DaemonRequest(const CardCheckRequest& req) {
  v1::RunCheckRequest r;
  r.set_mode(req.mode);
  r.set_route(req.route);
  r.set_pin(req.pin);
  r.set_contract_insurer_number(req.contract_insurer);
  r.set_card_wait_seconds(
      static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(req.wait).count()));
  return r;
}

int CheckCommand(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--document" || std::string(argv[i]).rfind("--document=", 0) == 0) {
      return DocumentCommand(argc, argv);
    }
  }
  cli::Flags f(
      "kakunin-agent check --mode visual|pin [--pin-stdin] [--json]",
      cli::Localized(
          "Waits for a My Number Card, reads it, asks the eligibility service, and "
          "delivers\nthe check to HQ (acknowledged durably before this command "
          "succeeds). When this\nterminal's daemon runs, the daemon does the check (it "
          "owns the reader; --reader\nand --oqs are then its own) and delivers it from "
          "its outbox.\nExit codes: 0 delivered, 1 failed (reason on stderr), 2 usage.",
          "マイナンバーカードが置かれるのを待って読み取り、オンライン資格確認に照会して、\n"
          "結果を本部に届けます（本部が確実に保存してから成功で終わります）。この端末の\n"
          "常駐サービス（kakunin-agent run）が動いているときは、カードリーダーを持つ常駐"
          "サービスが\n確認を行い（--reader と --oqs はその設定に従います）、送信待ちの"
          "結果として本部に届けます。\n"
          "終了コード: 0 本部に届いた、1 失敗（理由は標準エラー出力）、2 指定の誤り。"));
  f.Option("mode", "MODE",
           cli::Localized(
               "visual (目視確認) or pin (暗証番号); default: HQ's setting for this terminal",
               "本人確認の方法: visual（目視確認）か pin（暗証番号）。指定しなければ本部がこの"
               "端末に決めた方法"))
      .Bool("pin-stdin", cli::Localized("read the patient's 4-digit PIN from standard input",
                                        "患者さんの 4 桁の暗証番号を標準入力から読む"))
      .Option("route", "ROUTE",
              cli::Localized(
                  "counter, home-visit, house-call, online, ward",
                  "確認する場面: counter（窓口）、home-visit（訪問診療・訪問服薬指導）、house-call"
                  "（往診）、online（オンライン診療・服薬指導）、ward（病棟）"),
              "counter")
      .Option("reader", "NAME",
              cli::Localized("reader to use (default: the first with a card)",
                             "使うカードリーダー（指定しなければ、カードが置かれた最初のもの）"))
      .Option("wait", "SECONDS",
              cli::Localized("how long to wait for a card", "カードを待つ時間（秒）"), "30")
      .Option("oqs", "HOST:PORT",
              cli::Localized("eligibility service (none: the card is read, not checked)",
                             "オンライン資格確認の宛先（指定しなければ、カードを読むだけで"
                             "照会しません）"))
      .Option("oqs-ca", "FILE",
              cli::Localized("CA certificate of the eligibility service",
                             "オンライン資格確認の CA 証明書"))
      .Option("institution-code", "DIGITS",
              cli::Localized("医療機関等コード (10 digits)", "医療機関等コード（10 桁）"), "")
      .Option("contract-insurer", "DIGITS",
              cli::Localized("健診実施機関: the insurer on the 受診券 (match is checked)",
                             "健診実施機関の場合: 受診券の保険者番号（一致するか確かめます）"));
  JsonOption(StateDirOption(f), true);
  if (auto done = ParseFlags(f, argc, argv)) return *done;
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
  if (mode_name.empty()) {
    mode_name = LoadConfigOrDefault(f.Get("state-dir")).default_mode() == v1::IDENTITY_MODE_PIN
                    ? "pin"
                    : "visual";
  }
  CardCheckRequest req;
  auto mode = ParseMode(mode_name);
  if (!mode.ok()) return Fail(mode.error(), json);
  auto route = ParseRoute(f.Get("route"));
  if (!route.ok()) return Fail(route.error(), json);
  req.mode = *mode;
  req.route = *route;
  req.contract_insurer = f.Get("contract-insurer");
  req.reader = f.Get("reader");
  if (req.mode == v1::IDENTITY_MODE_PIN && f.GetBool("pin-stdin")) std::getline(std::cin, req.pin);
  card::WipeOnExit pin_wipe(req.pin);
  auto wait = f.GetInt("wait");
  if (!wait.ok()) return Fail(wait.error(), json);
  req.wait = std::chrono::seconds(*wait);
  v1::RunCheckRequest through_daemon = DaemonRequest(req);
  const auto via_daemon = CheckThroughDaemon(f.Get("state-dir"), through_daemon, json);
  card::SecureWipe(*through_daemon.mutable_pin());
  if (via_daemon) return *via_daemon;
  // No daemon: HQ's mode and route policy, as last received, holds here exactly as the daemon
  // applies it, so the command line is no way around it. (A terminal that never heard from HQ
  // has no policy yet; its flags stand.)
  if (const auto config = LoadReceivedConfig(f.Get("state-dir"))) {
    auto decided =
        DecideMode(f.Get("mode").empty() ? v1::IDENTITY_MODE_UNSPECIFIED : req.mode, *config);
    if (!decided.ok()) return Fail(decided.error(), json);
    req.mode = *decided;
    if (auto s = CheckRouteAllowed(req.route, *config); !s.ok()) return Fail(s.error(), json);
  }
  auto state = LoadTerminalState(f.Get("state-dir"));
  if (!state.ok()) return Fail(state.error(), json);
  auto service = ServiceFromFlags(f);
  if (!service.ok()) return Fail(service.error(), json);
  auto ctx = card::PcscContext::Establish();
  if (!ctx.ok()) return Fail(ctx.error(), json);
  CardCheckReport report = PerformCardCheck(**ctx, req, service->get());
  return PrintCheck(*state, report, mode_name, f.Has("contract-insurer"), warnings, json);
}

int FlushCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-agent flush [--json]",
      cli::Localized("Sends the results waiting in this terminal's outbox to HQ, oldest first.\n"
                     "Exit codes: 0 all delivered, 1 some still waiting (HQ unreachable; they\n"
                     "stay in the outbox and go later), 2 usage.",
                     "この端末で送信を待っている結果を、古いものから本部に送ります。\n"
                     "終了コード: 0 すべて届いた、1 まだ送信待ちが残っている（本部につながらない"
                     "など。\n結果は送信待ちのまま残り、あとで送られます）、2 指定の誤り。"));
  JsonOption(StateDirOption(f));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
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
    std::cout << DeliveryText(*d) << "\n";
  }
  return d->delivered ? 0 : 1;
}

// How the check was made, in the staff window's words.
std::string SourceWords(const v1::CheckResult& r) {
  switch (r.source()) {
    case v1::CHECK_SOURCE_CARD:
      return r.mode() == v1::IDENTITY_MODE_PIN ? "カード・暗証番号" : "カード・目視確認";
    case v1::CHECK_SOURCE_RECHECK:
      return "再照会";
    case v1::CHECK_SOURCE_DOCUMENT:
      return "書類";
    case v1::CHECK_SOURCE_FACE_READER:
      return "顔認証付きカードリーダー";
    default:
      return "";
  }
}

int RecentCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-agent recent [--json]",
      cli::Localized("This terminal's checks that may still be looked at again (until 翌月末).\n"
                     "Exit codes: 0 listed (none is a list too), 1 the outbox could not be read, "
                     "2 usage.",
                     "この端末の確認結果のうち、まだ見直せるもの（翌月末まで）を表示します。\n"
                     "終了コード: 0 表示した（0 件も含む）、1 この端末の結果を読めなかった、"
                     "2 指定の誤り。"));
  StateDirOption(f).Option("date", "DATE",
                           cli::Localized("today (default: today in Japan)",
                                          "今日の日付（指定しなければ日本時間の今日）"));
  JsonOption(f);
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  bool json = f.GetBool("json");
  domain::Date today = TodayInJapan();
  if (f.Has("date")) {
    auto d = domain::ParseIsoDate(f.Get("date"));
    if (!d.ok()) return Fail(d.error(), json);
    today = *d;
  }
  auto store = OpenOutbox(f.Get("state-dir"));
  if (!store.ok()) return Fail(store.error(), json);
  // A read command: nothing is purged here. The daemon purges by the time it can prove
  // (common/domain/time_floor.h); the PC's clock may have jumped ahead.
  auto recent = (*store)->Recent(today, 1, /*purge=*/false);
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
    // Text for people: one line a check, Japan time, the outcome and the name when present.
    if (recent->empty()) std::cout << "見直せる確認結果はありません\n";
    for (const auto& r : *recent) {
      std::cout << JapanMinute(r.checked_at().seconds()) << " JST  #" << r.sequence() << "  "
                << OutcomeWords(r.outcome()) << "  " << SourceWords(r);
      if (r.has_eligibility() && !r.eligibility().name().empty()) {
        const auto& e = r.eligibility();
        std::cout << "  " << e.name() << (e.name_has_unrepresentable() ? "（外字あり）" : "");
        if (r.outcome() == v1::OUTCOME_ELIGIBLE) {
          std::cout << "  " << domain::FormatCopaymentWari(e.copayment_percent());
        }
      }
      if (r.answer_late()) std::cout << "  （応答が遅れて届いたもの）";
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

Status EnrollWithBundle(const std::string& bundle, const std::string& state_dir) {
  EnrollOptions o;
  o.state_dir = state_dir;
  KAKUNIN_RETURN_IF_ERROR(FromBundleText(bundle, &o));
  KAKUNIN_ASSIGN_OR_RETURN(auto r, EnrollTerminal(std::move(o), ""));
  spdlog::info("enrolled as {} (site {}), verification code {}, {}", r.device_id(), r.site_id(),
               r.verification_code(),
               r.status() == v1::DEVICE_STATUS_ACTIVE ? "active" : "pending HQ's approval");
  return OkStatus();
}

int AgentMain(int argc, char** argv) {
  InitLogging("kakunin-agent", LogFormat::kText, "warn");
  std::string cmd = argc > 1 ? argv[1] : "";
  // A usage mistake's text names the command's own --help (an unknown one is caught below).
  if (!cmd.empty() && cmd[0] != '-') cli::SetCommandForHelp(cmd);
  if (cmd == "enroll") return EnrollCommand(argc, argv);
  if (cmd == "check") return CheckCommand(argc, argv);
  if (cmd == "recheck") return RecheckCommand(argc, argv);
  if (cmd == "flush") return FlushCommand(argc, argv);
  if (cmd == "recent") return RecentCommand(argc, argv);
  if (cmd == "card-info") return card::RunCardInfoCommand(argc - 1, argv + 1, OperatorLines);
  if (cmd == "run") return RunCommand(argc, argv);
  if (cmd == "status") return StatusCommand(argc, argv);
  if (cmd == "config-template") return ConfigTemplateCommand(argc, argv);
  if (cmd == "service") return ServiceCommand(argc, argv);
  if (cmd == "--version" || cmd == "version") {
    std::cout << "kakunin-agent " << kVersion << "\n";
    return 0;
  }
  const bool asked = cmd == "--help" || cmd == "-h" || cmd == "help";
  if (!cmd.empty() && !asked) {
    // A mistyped command is said so, on stderr, with the usage after it.
    std::cerr << "kakunin-agent: "
              << cli::Localized(
                     "unknown command '" + cmd + "' (kakunin-agent --help lists them)",
                     "'" + cmd + "' というコマンドはありません（一覧は kakunin-agent --help）")
              << "\n";
  }
  (asked ? std::cout : std::cerr) << cli::Localized(
      "Usage: kakunin-agent <command> [options]\n\n"
      "Commands:\n"
      "  enroll     register this terminal with HQ (one-time token)\n"
      "  check      read a card (or record a document) and deliver the check to HQ\n"
      "  recheck    ask the eligibility service again (再照会) by insured number and birth\n"
      "             date (home visits)\n"
      "  flush      send results waiting in the outbox\n"
      "  recent     this terminal's checks, re-viewable until 翌月末\n"
      "  card-info  reader and card diagnostics\n"
      "  run        the terminal's daemon (reader, outbox, stream to HQ, local API)\n"
      "  status     ask the running daemon: HQ connection, queue, reader, certificate\n"
      "  config-template  print the documented configuration file of run (agent.toml)\n"
      "  service    Windows: install|uninstall|start|stop|status the Windows service\n\n"
      "Run a command with --help for its options; --version prints this program's release.\n"
      "Exit codes: 0 done, 1 failed or not done (each command's --help says which), 2 usage.\n",
      "使い方: kakunin-agent <コマンド> [オプション]\n\n"
      "コマンド:\n"
      "  enroll     この端末を本部に登録する（1 回だけ使える登録トークン）\n"
      "  check      カードを読む（または書類を記録する）、確認結果を本部に届ける\n"
      "  recheck    被保険者番号と生年月日で再照会する（訪問診療など）\n"
      "  flush      送信を待っている結果を送る\n"
      "  recent     この端末の確認結果（翌月末まで見直せるもの）\n"
      "  card-info  カードリーダーとカードの診断\n"
      "  run        端末の常駐サービス（カードリーダー、送信待ちの結果、本部との接続、職員画面"
      "との接続）\n"
      "  status     動いている常駐サービスの状態: 本部との接続、送信待ち、カードリーダー、"
      "証明書\n"
      "  config-template  run の設定ファイル（agent.toml）を説明つきで出力する\n"
      "  service    Windows: Windows サービスの install|uninstall|start|stop|status\n\n"
      "各コマンドのオプションは kakunin-agent <コマンド> --help で確認できます。\n"
      "このプログラムのバージョンは kakunin-agent --version で表示します。\n"
      "終了コード: 0 完了、1 失敗または未完了（意味は各コマンドの --help）、2 指定の誤り。\n"
      "英語で表示するには KAKUNIN_LANG=en を設定してください。\n");
  return asked ? 0 : 2;
}

}  // namespace kakunin::agent
