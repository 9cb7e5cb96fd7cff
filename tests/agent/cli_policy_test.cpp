// The command line without a daemon follows HQ's policy as the daemon does (issue 15): with the
// terminal's last settings from HQ saying "visual only, counter only, no local switch", a
// `kakunin-agent check --mode pin` or `--route home-visit` and a home-visit `recheck` are refused
// before any card or service is touched. Before, the direct path ignored the policy.
// Also what the commands say when they fail (plain Japanese, the reader's faults never called a
// network outage) and `status`'s text.

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

#include "agent/check/other_checks.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/daemon_commands.h"
#include "agent/cli/operator_text.h"
#include "agent/cli/status_text.h"
#include "agent/uplink/terminal_state.h"
#include "tests/harness/process.h"

namespace kakunin::testing {
namespace {

class CliPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-cli-policy");
    // HQ's settings as the daemon keeps them (protobuf JSON of TerminalConfig).
    ASSERT_TRUE(agent::SaveTerminalConfig(dir_, R"({"defaultMode":"IDENTITY_MODE_VISUAL",
        "allowedRoutes":["CHECK_ROUTE_COUNTER"],"localModeOverrideAllowed":false})")
                    .ok());
  }
  void TearDown() override { RemoveTree(dir_); }

  CommandOutput Agent(std::vector<std::string> args) {
    args.insert(args.begin(), KAKUNIN_AGENT_BIN);
    args.insert(args.end(), {"--state-dir", dir_, "--json"});
    auto r = RunCommand(args, {}, "1234\n", /*merge_stderr=*/true);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandOutput{};
  }

  std::string dir_;
};

TEST_F(CliPolicy, ModeAndRouteAreHqsOnTheDirectPath) {
  auto pin = Agent({"check", "--mode", "pin", "--pin-stdin", "--wait", "1"});
  EXPECT_NE(pin.exit_code, 0);
  EXPECT_NE(pin.output.find("mode.override_not_allowed"), std::string::npos) << pin.output;

  auto route = Agent({"check", "--route", "home-visit", "--wait", "1"});
  EXPECT_NE(route.exit_code, 0);
  EXPECT_NE(route.output.find("route.not_allowed"), std::string::npos) << route.output;
}

// What an operator reads when enrolling or running a terminal goes wrong: Japanese with the next
// step, the reason id and the English detail on a line of their own for support.
TEST(OperatorText, EnrollmentAndRunningRefusalsReadAsJapanese) {
  for (const char* reason :
       {"enroll.bad_token",    "enroll.token_used",     "enroll.token_expired",
        "enroll.rate_limited", "enroll.busy",           "enroll.bad_request",
        "enroll.unreachable",  "enroll.ca_mismatch",    "enroll.no_ca",
        "bundle.malformed",    "agent.not_enrolled",    "agent.state_corrupt",
        "agent.no_server",     "agent.bad_server",      "agent.unreachable",
        "device.pending",      "device.revoked",        "device.stale_certificate",
        "device.unknown",      "agent.already_running", "config.unreadable"}) {
    const Error e = MakeError(ErrorCode::kInvalidArgument, reason, "the detail");
    auto text = agent::OperatorText(e);
    ASSERT_TRUE(text) << reason;
    EXPECT_TRUE(std::any_of(text->begin(), text->end(), [](char c) { return c & 0x80; }))
        << reason << ": " << *text;
    EXPECT_EQ(agent::OperatorLines(e),
              "kakunin-agent: " + *text + "\n  （詳細: " + reason + ": the detail）\n");
  }
  // A usage mistake is said by its own (Japanese) message, the reason alone after it.
  const Error usage = MakeError(ErrorCode::kInvalidArgument, "cli.usage",
                                "service の不明な"
                                "サブコマンドです: x");
  EXPECT_EQ(agent::OperatorLines(usage),
            "kakunin-agent: service の不明なサブコマンドです: x。kakunin-agent <コマンド> --help "
            "で使い方を確認できます。\n  （詳細: cli.usage）\n");
  // Not reachable at all, whatever the reason: the network first.
  EXPECT_NE(agent::OperatorText(MakeError(ErrorCode::kUnavailable, "rpc.unknown", "x"))
                .value_or("")
                .find("接続できません"),
            std::string::npos);
  // Nothing more helpful than the detail: the detail alone, as before.
  const Error odd = MakeError(ErrorCode::kInternal, "folder.watch", "inotify limit");
  EXPECT_FALSE(agent::OperatorText(odd));
  EXPECT_EQ(agent::OperatorLines(odd), "kakunin-agent: folder.watch: inotify limit\n");
}

// What counter staff meet every day where the staff window is not (a Windows terminal runs
// `check` and `recheck`): the patient's PIN, the card, HQ's settings, the home-visit rules and
// documents, in Japanese with the next step on the command line; never HQ's or the card's English.
TEST(OperatorText, PinCardVisitAndDocumentRefusalsReadAsJapanese) {
  auto text = [](const char* reason, const char* message = "x") {
    return agent::OperatorText(MakeError(ErrorCode::kFailedPrecondition, reason, message))
        .value_or("");
  };
  EXPECT_EQ(
      text("card.pin_wrong", "wrong PIN; 2 tries left"),
      "暗証番号が違います。残り2回です。患者さんにもう一度ゆっくり入力してもらってください。");
  const std::string last = text("card.pin_wrong", "wrong PIN; 1 tries left");
  EXPECT_NE(last.find("残り1回"), std::string::npos) << last;
  EXPECT_NE(last.find("--mode visual"), std::string::npos) << last;
  EXPECT_EQ(last.find("もう一度ゆっくり入力"), std::string::npos) << last;  // it is not sent
  for (const char* reason : {"card.pin_guard",
                             "card.pin_last_try",
                             "card.pin_locked",
                             "pin.fullwidth",
                             "pin.wrong_length",
                             "pin.not_digits",
                             "card.pin_format",
                             "card.jpki_missing",
                             "card.unreadable",
                             "card.bad_certificate",
                             "card.bad_tlv",
                             "card.unsupported",
                             "check.no_service",
                             "mode.override_not_allowed",
                             "route.not_allowed",
                             "xml.card_query_unsupported",
                             "eligibility.not_configured",
                             "allowance.expired",
                             "allowance.used",
                             "visit.no_first_visit_check",
                             "visit.first_visit_without_consent",
                             "visit.recheck_before_first_visit",
                             "visit.relationship_ended",
                             "visit.house_call_needs_card_check",
                             "visit.before_consent",
                             "visit.consent_window_over",
                             "visit.not_regular",
                             "institution_code.invalid_format",
                             "config.unknown_setting",
                             "agent.read",
                             "enroll.ca_file",
                             "document.expired"}) {
    const std::string t = text(reason);
    ASSERT_FALSE(t.empty()) << reason;
    // Japanese throughout: no English word of three letters or more outside the options and
    // command names it gives.
    std::string rest = t;
    for (const char* allowed : {"--mode visual", "--mode", "--route", "--document", "--ca",
                                "kakunin-agent", "config-template", "check", "agent.toml", "CA"}) {
      for (size_t at; (at = rest.find(allowed)) != std::string::npos;) {
        rest.erase(at, std::string(allowed).size());
      }
    }
    int run = 0;
    for (char c : rest) {
      run = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? run + 1 : 0;
      EXPECT_LT(run, 3) << reason << ": " << t;
      if (run >= 3) break;
    }
  }
  // Every document refusal says what to ask for; none turns the patient away.
  EXPECT_NE(agent::DocumentText("document.legacy_card_abolished").find("資格確認書"),
            std::string::npos);
  EXPECT_NE(agent::DocumentText("document.something_new").find("お断りしないでください"),
            std::string::npos);
  // A failed result: its sentence, then the reason for support; nothing when it did not fail.
  v1::CheckResult failed;
  failed.set_error_reason("eligibility.unavailable");
  failed.set_error_message("connection refused");
  EXPECT_EQ(agent::ResultErrorLine(failed),
            text("eligibility.unavailable") +
                "\n  （詳細: eligibility.unavailable: connection refused）\n");
  EXPECT_EQ(agent::ResultErrorLine(v1::CheckResult()), "");
  // HQ's reason for a refusal is its own English: `status` says it in Japanese.
  EXPECT_EQ(agent::RefusedByHqText("checked_at missing or invalid"),
            "確認日時が本部の時計と合いません。この端末の時計を確認してください");
  EXPECT_EQ(agent::RefusedByHqText("check_id is not a UUID"),
            "記録の形式の誤り。詳細は本部で確認できます");
}

// The card reader, the eligibility service and the on-site terminal fail as "unavailable" too;
// their words must lead staff to the reader or the terminal, never to the network.
TEST(OperatorText, CardAndEligibilityFailuresAreNotCalledHqOutages) {
  auto text = [](ErrorCode code, const char* reason) {
    return agent::OperatorText(MakeError(code, reason, "x")).value_or("");
  };
  EXPECT_EQ(
      text(ErrorCode::kUnavailable, "card.no_service"),
      "カードリーダーのサービス（pcscd）が動いていません。端末を再起動するか、管理者に連絡して"
      "ください。");
  EXPECT_EQ(text(ErrorCode::kUnavailable, "card.reader_gone"),
            "カードリーダーが見つかりません。USBケーブルを確認してください。");
  for (auto [code, reason] : std::vector<std::pair<ErrorCode, const char*>>{
           {ErrorCode::kUnavailable, "card.no_service"},
           {ErrorCode::kUnavailable, "card.reader_gone"},
           {ErrorCode::kNotFound, "card.no_reader"},
           {ErrorCode::kUnavailable, "reader.busy"},
           {ErrorCode::kUnavailable, "card.busy"},
           {ErrorCode::kUnavailable, "card.removed"},
           {ErrorCode::kUnavailable, "card.unresponsive"},
           {ErrorCode::kDeadlineExceeded, "card.not_answering"},
           {ErrorCode::kDeadlineExceeded, "card.timeout"},
           {ErrorCode::kUnavailable, "eligibility.unavailable"},
           {ErrorCode::kUnavailable, "eligibility.service_error"},
           {ErrorCode::kDeadlineExceeded, "eligibility.timeout"},
           {ErrorCode::kUnavailable, "xml.terminal_error"},
           {ErrorCode::kUnavailable, "xml.folder_missing"},
           {ErrorCode::kDeadlineExceeded, "xml.timeout"}}) {
    const std::string t = text(code, reason);
    EXPECT_FALSE(t.empty()) << reason;
    EXPECT_EQ(t.find("本部"), std::string::npos) << reason << ": " << t;
    EXPECT_EQ(t.find("ネットワーク"), std::string::npos) << reason << ": " << t;
  }
  // An "unavailable" of something else that has no words of its own: the detail alone.
  EXPECT_FALSE(agent::OperatorText(MakeError(ErrorCode::kUnavailable, "folder.watch", "x")));
  // The stream to HQ keeps the HQ sentence.
  EXPECT_NE(text(ErrorCode::kUnavailable, "uplink.rpc_failed").find("本部サーバーに接続できません"),
            std::string::npos);
}

class CliWords : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("kakunin-cli-words"); }
  void TearDown() override { RemoveTree(dir_); }
  CommandOutput Agent(std::vector<std::string> args,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& input = "") {
    args.insert(args.begin(), KAKUNIN_AGENT_BIN);
    auto r = RunCommand(args, env, input, /*merge_stderr=*/true);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandOutput{};
  }
  std::string dir_;
};

// A mistyped command is named on stderr (it printed the usage alone, on stdout); --help is
// the usage on stdout.
TEST_F(CliWords, AMistypedCommandIsNamed) {
  auto typo = RunCommand({KAKUNIN_AGENT_BIN, "stauts"});
  ASSERT_TRUE(typo.ok());
  EXPECT_EQ(typo->exit_code, 2);
  EXPECT_EQ(typo->output, "");
  EXPECT_EQ(
      typo->error_output.rfind(
          "kakunin-agent: 'stauts' というコマンドはありません（一覧は kakunin-agent --help）\n", 0),
      0u)
      << typo->error_output;
  auto help = RunCommand({KAKUNIN_AGENT_BIN, "--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(help->exit_code, 0);
  EXPECT_EQ(help->output.rfind("使い方: kakunin-agent <コマンド> [オプション]", 0), 0u)
      << help->output;
  // The release, as the packages number it (CMakeLists.txt's project version).
  auto version = RunCommand({KAKUNIN_AGENT_BIN, "--version"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->exit_code, 0);
  EXPECT_EQ(version->output, std::string("kakunin-agent ") + KAKUNIN_PROJECT_VERSION + "\n");
}

// No pcscd to talk to (the client library's socket moved to nowhere): card-info says so in
// Japanese, the raw PC/SC detail on the next line.
TEST_F(CliWords, CardInfoWithoutTheCardServiceSaysSoInJapanese) {
  auto out = Agent({"card-info"}, {{"PCSCLITE_CSOCK_NAME", dir_ + "/no-pcscd.comm"}});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(
      out.output.rfind("kakunin-agent: カードリーダーのサービス（pcscd）が動いていません。", 0), 0u)
      << out.output;
  EXPECT_NE(out.output.find("\n  （詳細: card.no_service: "), std::string::npos) << out.output;
}

// An account outside the kakunin-agent group cannot open the daemon's socket: it is told so,
// not that the service is down (run as nobody, which needs root to switch to).
TEST_F(CliWords, StatusWithoutPermissionOnTheSocketSaysSo) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run as nobody";
  // A copy nobody can run wherever the build tree is (a clone under /root is not), and a
  // folder for the socket nobody may not enter.
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  const std::string agent = dir_ + "/kakunin-agent";
  std::filesystem::copy_file(KAKUNIN_AGENT_BIN, agent);
  std::filesystem::permissions(
      agent, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                 std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                 std::filesystem::perms::others_exec);
  const std::string closed = dir_ + "/closed";
  ASSERT_EQ(::mkdir(closed.c_str(), 0700), 0);
  auto r = RunCommand({"runuser", "-u", "nobody", "--", agent, "status", "--socket",
                       closed + "/agent.sock", "--state-dir", closed},
                      {}, "", /*merge_stderr=*/true);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_EQ(r->output.rfind("kakunin-agent: この利用者には常駐サービス（kakunin-agent）を使う権限"
                            "がありません。",
                            0),
            0u)
      << r->output;
  EXPECT_NE(r->output.find("local.permission_denied"), std::string::npos) << r->output;
}

// A newcomer's review: recheck without its entries printed "insurer_number.invalid_format" in
// English and exited 1; now the missing options are named, in Japanese, exit 2.
TEST_F(CliWords, RecheckNamesWhatIsMissingAndExplainsABadEntry) {
  auto out = Agent({"recheck", "--state-dir", dir_, "--insurer", "06139992"});
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_EQ(out.output.rfind("kakunin-agent: 必要な項目が指定されていません: --symbol --number "
                             "--branch --birth。kakunin-agent recheck --help で使い方を確認"
                             "できます。\n  （詳細: cli.missing）\n",
                             0),
            0u)
      << out.output;
  auto bad = Agent({"recheck", "--state-dir", dir_, "--insurer", "12", "--symbol", "A", "--number",
                    "1", "--branch", "01", "--birth", "1980-04-01"});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_EQ(bad.output.rfind("kakunin-agent: 保険者番号が正しくありません。", 0), 0u) << bad.output;
  auto day = Agent({"recheck", "--state-dir", dir_, "--insurer", "06139992", "--symbol", "A",
                    "--number", "1", "--branch", "01", "--birth", "1980-02-30"});
  EXPECT_EQ(day.output.rfind("kakunin-agent: 日付は YYYY-MM-DD の形式", 0), 0u) << day.output;
}

// A newcomer's review: a mistyped value was "コマンドの指定に誤りがあります" with the real reason
// in English after it. Each usage mistake now names the option, what it takes and what was given,
// in Japanese, exit 2.
TEST_F(CliWords, AMistypedValueIsNamedWithWhatTheOptionTakes) {
  struct Case {
    std::vector<std::string> args;
    std::string first_line;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {{"check", "--mode", "PIN"}, "--mode は visual か pin です（指定: 'PIN'）", "cli.bad_mode"},
      {{"check", "--route", "visit"},
       "--route には次のどれかを指定してください: counter, home-visit, house-call, online, ward"
       "（指定: 'visit'）",
       "cli.bad_route"},
      {{"check", "--document", "passport"},
       "--document には次のどれかを指定してください: card-with-notice, card-with-portal, "
       "eligibility-certificate, legacy-card, notice-only（指定: 'passport'）",
       "cli.bad_document"},
      {{"run", "--card-timeout", "0"},
       "--card-timeout には 1 以上の整数を指定してください（指定: 0）",
       "cli.bad_value"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"--state-dir", dir_});
    auto out = Agent(args);
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_EQ(out.output, "kakunin-agent: " + c.first_line + "。kakunin-agent " + c.args[0] +
                              " --help で使い方を確認できます。\n  （詳細: " + c.reason + "）\n");
  }
}

// A privacy review: recheck's insured number and birth date on the command line are seen by every
// user of the PC (`ps`). --stdin reads them as name=value lines instead, judged as the options
// are; a line it cannot read is named by its number, never echoed.
TEST_F(CliWords, RecheckReadsThePatientsEntriesFromStandardInput) {
  auto day = Agent({"recheck", "--stdin", "--state-dir", dir_}, {},
                   "insurer=06139992\nsymbol=A\r\nnumber=1\n\nbranch=01\nbirth=1980-02-30\n");
  EXPECT_EQ(day.exit_code, 1) << day.output;  // judged as --birth is: every line was read
  EXPECT_EQ(day.output.rfind("kakunin-agent: 日付は YYYY-MM-DD の形式", 0), 0u) << day.output;
  auto partial =
      Agent({"recheck", "--stdin", "--insurer", "06139992", "--state-dir", dir_}, {}, "number=1\n");
  EXPECT_EQ(partial.exit_code, 2) << partial.output;
  EXPECT_NE(partial.output.find("必要な項目が指定されていません: --symbol --branch --birth。"),
            std::string::npos)
      << partial.output;
  auto bad = Agent({"recheck", "--stdin", "--state-dir", dir_}, {}, "insurer=06139992\n56789\n");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_EQ(bad.output.rfind("kakunin-agent: 標準入力の 2 行目: insurer=、symbol=、number=、"
                             "branch=、birth= のどれかを1行に1つずつ書いてください。",
                             0),
            0u)
      << bad.output;
  EXPECT_EQ(bad.output.find("56789"), std::string::npos) << bad.output;
}

TEST_F(CliWords, EnrollWithoutOptionsAsksForTheBundle) {
  auto out = Agent({"enroll", "--state-dir", dir_});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_EQ(out.output.rfind("kakunin-agent: --bundle に本部の登録用文字列を指定してください。", 0),
            0u)
      << out.output;
  EXPECT_EQ(out.output.find("接続先の書き方"), std::string::npos) << out.output;
}

TEST_F(CliWords, EnrollWithAServerButNoCaNamesWhatIsMissing) {
  auto out = Agent({"enroll", "--state-dir", dir_, "--server", "hq.example.jp:7443"});
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_EQ(
      out.output.rfind("kakunin-agent: 必要な項目が指定されていません: --token --ca（--server "
                       "を使うときに必要です。--bundle なら不要です）",
                       0),
      0u)
      << out.output;
  EXPECT_EQ(out.output.find("しばらく待って"), std::string::npos) << out.output;
}

TEST_F(CliWords, RecentWithAnUnusableStateFolderSaysSoInJapanese) {
  auto out = Agent({"recent", "--state-dir", dir_ + "/missing/state"});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.output.rfind("kakunin-agent: この端末に保存した結果（outbox.db）を開けません。", 0),
            0u)
      << out.output;
}

// Run as root (`sudo kakunin-agent recent`), a command made root's outbox.db and store.key in
// the state folder, and the daemon, which runs as the folder's owner, could not open its own
// outbox. As root the store now gives its files to the folder's owner.
TEST_F(CliWords, AsRootTheStoresFilesGoToTheStateFoldersOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  const std::string state = dir_ + "/state";
  ASSERT_EQ(::mkdir(state.c_str(), 0700), 0);
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  ASSERT_EQ(::chown(state.c_str(), nobody->pw_uid, nobody->pw_gid), 0);
  auto out = RunCommand({KAKUNIN_AGENT_BIN, "recent", "--state-dir", state, "--json"}, {}, "",
                        /*merge_stderr=*/true);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->exit_code, 0) << out->output;
  for (const char* name : {"outbox.db", "store.key"}) {
    struct stat st {};
    ASSERT_EQ(::stat((state + "/" + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_uid, nobody->pw_uid) << name;
  }
}

// A document's typed fields by HQ's rule, checked before it is recorded: a result HQ refuses
// never reaches it (the terminal review found a 4 MB note and a note with a line break both
// recorded, then refused by HQ).
TEST(DocumentText, WhatHqWouldRefuseIsRefusedAtTheCounter) {
  v1::FallbackDocument d;
  d.set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
  d.set_expires_on("2027-03-31");
  const domain::Date today{2026, 12, 6};
  d.set_note(std::string(1024, 'a'));
  EXPECT_TRUE(agent::BuildDocumentCheck(d, v1::CHECK_ROUTE_COUNTER, false, today).ok());
  for (const auto& [note, reason] :
       {std::pair{std::string(1025, 'a'), "document.text_too_long"},
        std::pair{std::string("本人確認済み\n保険証の写し"), "document.bad_text"},
        std::pair{std::string("tab\there"), "document.bad_text"},
        std::pair{std::string("本町\xe2\x80\xae"), "document.bad_text"}}) {
    d.set_note(note);
    auto r = agent::BuildDocumentCheck(d, v1::CHECK_ROUTE_COUNTER, false, today);
    ASSERT_FALSE(r.ok()) << note;
    EXPECT_EQ(r.error().reason(), reason);
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
  d.set_note("");
  d.set_insured_symbol(std::string(81, '1'));
  EXPECT_EQ(agent::BuildDocumentCheck(d, v1::CHECK_ROUTE_COUNTER, false, today).error().reason(),
            "document.text_too_long");
}

// `status` as text: the route's problems as what to do (no internal codes), the listing
// interval the daemon really uses, and HQ's refusals apart from "not connected".
TEST(StatusText, ProblemsRefusalsAndTheListingIntervalAreSpelledOut) {
  v1::AgentStatus s;
  s.mutable_route()->set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  s.mutable_route()->set_files_poll_ms(200);
  s.mutable_route()->set_watching(true);
  const std::map<std::string, std::string> problems = {
      {"route.req_unusable",
       "req フォルダーに書き込めません（systemctl edit kakunin-agent で ReadWritePaths を確認）"},
      {"route.res_unreadable", "res フォルダーを読めません"},
      {"route.res_read_only", "res フォルダーから応答ファイルを移動できません"},
      {"route.handoff_unusable", "受け渡しフォルダーに書き込めません"},
      {"route.no_service",
       "オンライン資格確認の宛先が設定されていません。カードの確認はできません（agent.toml の "
       "[eligibility] に oqs と oqs_ca を書き、サービスを再起動）"}};
  for (const auto& [code, words] : problems) {
    s.mutable_route()->set_problem(code);
    const std::string text = agent::StatusText(s);
    EXPECT_NE(text.find("問題: " + words), std::string::npos) << text;
    EXPECT_EQ(text.find(code), std::string::npos) << text;
  }
  const std::string text = agent::StatusText(s);
  EXPECT_NE(text.find("変更を監視中、200 ms ごとに一覧"), std::string::npos) << text;
  EXPECT_EQ(text.find("0.5 s"), std::string::npos) << text;

  EXPECT_NE(agent::StatusText(s).find("本部:           未接続です。結果はこの端末に保存され、"
                                      "つながると自動で送られます。\n"),
            std::string::npos)
      << agent::StatusText(s);
  s.set_hq_refusal("device.pending");
  EXPECT_NE(agent::StatusText(s).find(
                "本部:           承認待ちです。本部に確認コードを伝えてください。\n"),
            std::string::npos)
      << agent::StatusText(s);
  // The code itself, when the terminal knows it (from its enrollment).
  s.set_verification_code("482 913");
  EXPECT_NE(agent::StatusText(s).find(
                "本部:           承認待ちです。本部に確認コード 482 913 を伝えてください。\n"),
            std::string::npos)
      << agent::StatusText(s);
  s.clear_verification_code();
  s.set_hq_refusal("device.revoked");
  EXPECT_NE(agent::StatusText(s).find("本部:           この端末は本部で失効されました。結果は送信"
                                      "されません。本部に連絡してください。\n"),
            std::string::npos)
      << agent::StatusText(s);
}

// The rest of `status`: every line in Japanese, the certificate's end in Japan time, the reader's
// state in the counter's words, a large queue as a warning that loses nothing.
TEST(StatusText, EveryLineIsJapanese) {
  v1::AgentStatus s;
  s.set_device_id("dev-1");
  s.set_site_name("本町薬局");
  s.set_connected(true);
  s.set_server_in_use("hq.example.jp:7443");
  s.add_servers("hq.example.jp:7443");
  s.set_outbox_depth(1200);
  s.set_outbox_warning(true);
  s.set_reader_status("not_answering");
  s.set_reader_name("Virtual PCD 00 00");
  s.mutable_certificate_not_after()->set_seconds(1827673199);       // 2027-12-01 14:59:59 UTC
  EXPECT_EQ(agent::StatusText(s).find("時計"), std::string::npos);  // in step with HQ
  s.set_clock_skew_seconds(-3 * 3600);
  const std::string text = agent::StatusText(s);
  EXPECT_NE(text.find("時計:           注意: 本部の時計より 10800 秒遅れています。"),
            std::string::npos)
      << text;
  for (const std::string line :
       {"端末:           dev-1（本町薬局）\n", "本部:           接続中（hq.example.jp:7443）\n",
        "本部の宛先:     hq.example.jp:7443\n", "未送信の結果:   1200 件  注意: 普段より多く",
        "カードリーダー: カードが応答しません（置き直してください）（Virtual PCD 00 00）\n",
        "端末の証明書:   2027-12-01 23:59（日本時間）まで有効\n",
        "照会の経路:     オンライン資格確認の API（service-api）\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  for (const char* english : {"connected", "waiting", "valid until", "route:", "NO", "yes"}) {
    EXPECT_EQ(text.find(english), std::string::npos) << english << "\n" << text;
  }
  s.clear_servers();
  s.clear_certificate_not_after();
  s.set_reader_status("ready");
  EXPECT_NE(agent::StatusText(s).find("本部の宛先:     なし\n"), std::string::npos);
  EXPECT_NE(agent::StatusText(s).find("端末の証明書:   不明\n"), std::string::npos);
  EXPECT_NE(agent::StatusText(s).find("カードリーダー: 準備完了（"), std::string::npos);
}

// What `check`, `record-document` and `flush` say about sending: sent, or why not — HQ's refusal
// apart from an outage — and that the result is kept on the terminal.
TEST(DeliveryText, SaysWhyAResultWaitsAndThatNothingIsLost) {
  agent::Delivery d;
  d.delivered = true;
  d.queued = 0;
  EXPECT_EQ(agent::DeliveryText(d), "本部に送りました。未送信の結果: 0 件");
  d.delivered = false;
  d.queued = 3;
  d.error_reason = "uplink.rpc_failed";
  EXPECT_EQ(agent::DeliveryText(d),
            "本部につながらないため送れませんでした。結果はこの端末に保存されていて、つながると"
            "送られます。未送信の結果: 3 件");
  d.error_reason = "device.pending";
  EXPECT_EQ(agent::DeliveryText(d).rfind("この端末は本部の承認待ちのため送れませんでした。結果"
                                         "はこの端末に保存されていて、承認されると送られます。",
                                         0),
            0u);
  d.error_reason = "device.revoked";
  EXPECT_EQ(agent::DeliveryText(d).rfind("この端末は本部で失効されたため送れませんでした。"
                                         "結果はこの端末に保存されています。本部に連絡して",
                                         0),
            0u);
  // A PC put back to an older copy is not told its results go when the connection returns.
  d.error_reason = "device.stale_certificate";
  EXPECT_EQ(agent::DeliveryText(d).rfind("この端末の証明書は本部で新しいものに置き換えられている"
                                         "ため、送れませんでした。",
                                         0),
            0u)
      << agent::DeliveryText(d);
  EXPECT_EQ(agent::DeliveryText(d).find("つながると"), std::string::npos);
  // HQ restored from before this terminal's enrollment: enroll again, not "wait".
  d.error_reason = "device.unknown";
  EXPECT_EQ(agent::DeliveryText(d).rfind("本部にこの端末の登録がないため、送れませんでした", 0), 0u)
      << agent::DeliveryText(d);
  EXPECT_NE(agent::DeliveryText(d).find("登録し直してください"), std::string::npos);
  EXPECT_EQ(agent::DeliveryText(d).find("つながると"), std::string::npos);

  v1::CheckResult r;
  r.set_check_id("c-1");
  r.set_sequence(5);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(agent::CheckLine(r), "確認 c-1: 資格有効（通番 5）");
  r.set_outcome(v1::OUTCOME_CERTIFICATE_REVOKED);
  EXPECT_EQ(agent::CheckLine(r), "確認 c-1: 電子証明書の失効（通番 5）");
}

// A Japanese Windows reader name can pass HQ's 128 bytes: cut on a character, never mid-way.
TEST(ReaderName, IsCutToHqsLimitOnACharacter) {
  std::string name;
  for (int i = 0; i < 50; ++i) name += "読";  // 150 bytes
  const std::string cut = agent::ReaderNameForHq(name);
  EXPECT_EQ(cut.size(), 126u);  // 42 characters: the 43rd would end at byte 129
  EXPECT_EQ(cut, name.substr(0, 126));
  EXPECT_EQ(agent::ReaderNameForHq("SCM SCR 3310 [CCID Interface] 00 00"),
            "SCM SCR 3310 [CCID Interface] 00 00");
}

}  // namespace
}  // namespace kakunin::testing
