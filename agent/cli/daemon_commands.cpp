#include "agent/cli/daemon_commands.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/check/route.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/operator_text.h"
#include "agent/cli/status_text.h"
#include "agent/daemon/daemon.h"
#include "agent/daemon/uplink_loop.h"
#include "agent/uplink/terminal_state.h"
#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/log/log.h"
#include "common/os/local_ipc.h"
#include "common/rpc/status.h"
#include "kakunin/v1/local.grpc.pb.h"

namespace kakunin::agent {
namespace {

Result<int> Positive(const cli::Flags& f, const std::string& name) {
  KAKUNIN_ASSIGN_OR_RETURN(int v, f.GetInt(name));
  if (v <= 0) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                     cli::Localized("--" + name + " must be > 0 (given: " + std::to_string(v) + ")",
                                    "--" + name + " には 1 以上の整数を指定してください（指定: " +
                                        std::to_string(v) + "）"));
  }
  return v;
}

Result<std::chrono::milliseconds> Millis(const cli::Flags& f, const std::string& name) {
  KAKUNIN_ASSIGN_OR_RETURN(int v, Positive(f, name));
  return std::chrono::milliseconds(v);
}

Result<DaemonOptions> DaemonOptionsFrom(const cli::Flags& f) {
  DaemonOptions o;
  o.state_dir = f.Get("state-dir");
  o.socket_path = f.Get("socket");
  o.reader = f.Get("reader");
  o.eligibility.endpoint = f.Get("oqs");
  o.eligibility.institution_code = f.Get("institution-code");
  if (f.Has("server")) {
    KAKUNIN_ASSIGN_OR_RETURN(o.uplink.servers, ParseServerList(f.Get("server")));
  }
  if (f.Has("oqs-ca")) {
    KAKUNIN_ASSIGN_OR_RETURN(o.eligibility.ca_pem, ReadFile(f.Get("oqs-ca")));
  }
  KAKUNIN_ASSIGN_OR_RETURN(o.uplink.backoff_base, Millis(f, "backoff-base-ms"));
  KAKUNIN_ASSIGN_OR_RETURN(o.uplink.backoff_cap, Millis(f, "backoff-cap-ms"));
  KAKUNIN_ASSIGN_OR_RETURN(o.uplink.heartbeat, Millis(f, "heartbeat-ms"));
  KAKUNIN_ASSIGN_OR_RETURN(o.uplink.welcome_timeout, Millis(f, "welcome-timeout-ms"));
  KAKUNIN_ASSIGN_OR_RETURN(o.uplink.hq_silence, Millis(f, "hq-silence-ms"));
  // Not set: three heartbeats and 10 s, at least the default (a settings file of an older
  // version with long heartbeats must still start).
  if (!f.Has("hq-silence-ms")) {
    o.uplink.hq_silence =
        std::max(o.uplink.hq_silence, 3 * o.uplink.heartbeat + std::chrono::milliseconds(10000));
  }
  // Two heartbeats and their echoes fit in the silence, or a slow echo would cut the stream.
  if (o.uplink.hq_silence <= 2 * o.uplink.heartbeat) {
    return MakeError(
        ErrorCode::kInvalidArgument, "cli.bad_value",
        cli::Localized("--hq-silence-ms must be more than twice --heartbeat-ms",
                       "--hq-silence-ms は --heartbeat-ms の 2 倍より長くしてください"));
  }
  KAKUNIN_ASSIGN_OR_RETURN(int batch, Positive(f, "batch"));
  o.uplink.batch_max = static_cast<uint32_t>(batch);
  KAKUNIN_ASSIGN_OR_RETURN(int card_timeout, Positive(f, "card-timeout"));
  o.card_timeout = std::chrono::seconds(card_timeout);
  KAKUNIN_ASSIGN_OR_RETURN(int renew, Positive(f, "renew-before-hours"));
  o.uplink.renew_before = std::chrono::hours(renew);
  KAKUNIN_ASSIGN_OR_RETURN(o.files.poll, Millis(f, "files-poll-ms"));
  if (o.files.poll > std::chrono::milliseconds(1000)) {
    return MakeError(
        ErrorCode::kInvalidArgument, "cli.bad_value",
        cli::Localized("--files-poll-ms must be at most 1000 (face files at most 1 s "
                       "late)",
                       "--files-poll-ms は 1000 以下にしてください（顔認証の結果を 1 秒"
                       "以内に読むため）"));
  }
  KAKUNIN_ASSIGN_OR_RETURN(int delay, f.GetInt("test-pickup-delay-ms"));
  if (delay < 0 || delay > 60000) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                     cli::Localized("--test-pickup-delay-ms must be within 0..60000",
                                    "--test-pickup-delay-ms は 0〜60000 の範囲で指定してください"));
  }
  o.files.commit_delay = std::chrono::milliseconds(delay);
  return o;
}

// `run`'s options, shared with config-template: the documented file comes from the very
// declarations the daemon parses.
void AddRunFlags(cli::Flags& f) {
  SocketOption(StateDirOption(f, true))
      .Option("log-level", "LEVEL",
              cli::Localized("trace, debug, info, warn, error",
                             "ログの詳しさ: trace、debug、info、warn、error"),
              "info")
      .Option("config", "FILE",
              cli::Localized("configuration file (TOML); the default is read only when it "
                             "exists, \"\" reads none",
                             "設定ファイル（TOML）。既定のファイルはあるときだけ読みます。\"\" なら"
                             "読みません"),
              SystemConfig())
      .NotInFile()
      .Bool("print-config",
            cli::Localized("print the settings in effect and where each came from, then exit",
                           "有効な設定とそれぞれの設定元を表示して終了する"))
      .CommandLineOnly()
      .Section("card", cli::Localized("The card reader", "カードリーダー"))
      .Option("reader", "NAME",
              cli::Localized("the card reader this terminal uses (default: the first with a card)",
                             "この端末が使うカードリーダー（指定しなければ、カードが置かれた"
                             "最初のもの）"))
      .Option("card-timeout", "SECONDS",
              cli::Localized("give up on a card that stops answering this long after it was found",
                             "見つけたカードがこの秒数応答しなければ読み取りをやめる"),
              "30")
      .Int()
      .Section("eligibility",
               cli::Localized(
                   "The eligibility service (オンライン資格確認) on the service API's route; set "
                   "on each terminal (HQ sends the route and the 医療機関等コード, not this "
                   "address)",
                   "オンライン資格確認の API の経路で使う宛先。端末ごとに設定します（本部から"
                   "届くのは経路と医療機関等コードで、この宛先は届きません）"))
      .Option("oqs", "HOST:PORT",
              cli::Localized("eligibility service's address (needed on the service API's route)",
                             "オンライン資格確認の宛先（API の経路では必須）"))
      .Option("oqs-ca", "FILE",
              cli::Localized("CA certificate of the eligibility service",
                             "オンライン資格確認の CA 証明書"))
      .Option("institution-code", "DIGITS",
              cli::Localized("医療機関等コード (HQ's setting wins)",
                             "医療機関等コード（本部の設定が優先）"),
              "")
      .Section("uplink", cli::Localized("The stream to HQ", "本部との接続"))
      .Option("server", "LIST",
              cli::Localized(
                  "HQ addresses HOST:PORT,… in order of preference; overrides the enrolled ones",
                  "本部の宛先 HOST:PORT,…（優先する順）。登録時の宛先の代わりに使う"))
      .List()
      .Option("backoff-base-ms", "MS",
              cli::Localized("first reconnect delay", "最初の再接続までの待ち時間（ミリ秒）"),
              "1000")
      .Int()
      .Option("backoff-cap-ms", "MS",
              cli::Localized("longest reconnect delay", "再接続までの最も長い待ち時間（ミリ秒）"),
              "60000")
      .Int()
      .Option("heartbeat-ms", "MS",
              cli::Localized("heartbeat interval", "本部に生存を知らせる間隔（ミリ秒）"), "30000")
      .Int()
      .Option("welcome-timeout-ms", "MS",
              cli::Localized(
                  "give up on an HQ address that accepts the stream but does not welcome within "
                  "this",
                  "接続は受け付けたが、この時間内に応答しない本部の宛先をあきらめる（ミリ秒）"),
              "30000")
      .Int()
      .Option("hq-silence-ms", "MS",
              cli::Localized(
                  "take the connection for dead when HQ, which answers every heartbeat, says "
                  "nothing for this long (> 2 x heartbeat-ms; unset: at least 3 x heartbeat-ms + "
                  "10 s)",
                  "本部はすべての生存通知に答えるので、この時間なにも届かなければ接続が切れた"
                  "とみなす（ミリ秒。heartbeat-ms の 2 倍より長く。未設定なら heartbeat-ms の "
                  "3 倍 + 10 秒以上）"),
              "100000")
      .Int()
      .Option("batch", "N",
              cli::Localized("most results in one batch to HQ",
                             "本部への 1 回の送信に含める結果の最大件数"),
              "500")
      .Int()
      .Option("renew-before-hours", "N",
              cli::Localized("renew the device certificate this long before expiry",
                             "端末証明書を有効期限のこの時間（時間単位）前に更新する"),
              "720")
      .Int()
      .Section("terminal_files",
               cli::Localized("The terminal-files route (資格確認端末 folders)",
                              "照会の経路 terminal-files（資格確認端末のフォルダー）"))
      .Option("files-poll-ms", "MS",
              cli::Localized(
                  "terminal-files route: list the res folder this often besides inotify (<= 1000)",
                  "terminal-files の経路: inotify のほかに res フォルダーを見直す間隔（ミリ秒、"
                  "1000 以下）"),
              "500")
      .Int()
      .Section("")
      .Option("test-pickup-delay-ms", "MS",
              cli::Localized(
                  "testing only: pause between reading a face file and saving its result",
                  "試験専用: 顔認証のファイルを読んでから結果を保存するまでの待ち時間（ミリ秒）"),
              "0")
      .Int()
      .NotInFile()
      .Hidden();  // the tests' hook, not an operator's setting
}

}  // namespace

int RunCommand(int argc, char** argv, const std::function<void(const std::string&)>& init_logging) {
  cli::Flags f("kakunin-agent run [--state-dir DIR] [--config FILE] [options]",
               cli::Localized(
                   "The terminal's daemon: owns the card reader and the outbox, keeps one stream "
                   "to\nHQ, and serves the staff window and the CLI on a Unix socket. Stops on "
                   "SIGTERM.\nExit codes: 0 stopped cleanly, 1 could not start, 2 usage.",
                   "端末の常駐サービスです。カードリーダーと送信待ちの結果を受け持ち、本部との\n"
                   "接続を保ち、職員画面と CLI に Unix ソケットで応えます。SIGTERM で止まります。\n"
                   "終了コード: 0 正常に停止、1 起動できなかった、2 指定の誤り。"));
  AddRunFlags(f);
  f.SetHelpFooter(cli::Localized(
      "Settings come from, in this order of precedence: the command line; the environment as\n"
      "KAKUNIN_AGENT_<NAME> (e.g. KAKUNIN_AGENT_STATE_DIR); the configuration file, TOML with\n"
      "each setting in its [section] (--config FILE or KAKUNIN_AGENT_CONFIG, else\n" +
          std::string(SystemConfig()) +
          " when it exists; `kakunin-agent config-template`\n"
          "prints a documented one); the defaults. --print-config shows the values in effect "
          "and\nwhere each came from.",
      "設定は次の順に優先されます: コマンドライン、環境変数 KAKUNIN_AGENT_<名前>\n"
      "（例: KAKUNIN_AGENT_STATE_DIR）、設定ファイル（TOML。各設定はその [セクション] に書く。\n"
      "--config FILE か KAKUNIN_AGENT_CONFIG、なければ " +
          std::string(SystemConfig()) +
          " があれば読む。\n`kakunin-agent config-template` が説明つきのひな形を出力します）、"
          "既定値。\n--print-config で有効な値とそれぞれの設定元を確認できます。"));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  f.ApplyEnvironment("KAKUNIN_AGENT_");
  if (auto s = f.ApplyConfigFile("config"); !s.ok()) {
    Fail(s.error(), false);
    return 2;  // a bad settings file is a usage error, like a bad flag
  }
  if (f.GetBool("print-config")) {
    std::cout << f.PrintConfig();
    return 0;
  }
  // stderr, one line per event: journald stamps and stores it. (The Windows service logs to a
  // file and the Event Log instead.)
  if (init_logging) {
    init_logging(f.Get("log-level"));
  } else {
    InitLogging("kakunin-agent", LogFormat::kText, f.Get("log-level"));
  }
  auto options = DaemonOptionsFrom(f);
  if (!options.ok()) return Fail(options.error(), false);
  if (auto refused = RefuseRootInAnotherUsersStateDir(options->state_dir, "run"); !refused.ok()) {
    return Fail(refused.error(), false);
  }
  auto s = RunDaemon(std::move(*options));
  if (!s.ok()) return Fail(s.error(), false);
  return 0;
}

int ConfigTemplateCommand(int argc, char** argv) {
  cli::Flags usage(
      "kakunin-agent config-template [--set NAME=VALUE,…]",
      cli::Localized("Prints the documented configuration file of `kakunin-agent run` "
                     "(agent.toml):\nevery setting with its meaning and default, all commented "
                     "out.\nExit codes: 0 printed, 2 usage (an option, or a NAME=VALUE of --set).",
                     "`kakunin-agent run` の設定ファイル（agent.toml）を出力します。\n"
                     "すべての設定を意味と既定値つきで、行頭の「#」で無効にして書きます。\n"
                     "終了コード: 0 出力した、2 指定の誤り（オプションか --set の NAME=VALUE）。"));
  usage.Option("set", "NAME=VALUE,…",
               cli::Localized(
                   "settings written set rather than commented out (an installation's own values)",
                   "無効にせず値を書き込む設定（そのインストール固有の値）"));
  if (auto done = ParseFlags(usage, argc, argv)) return *done;
  cli::Flags f("", "");
  AddRunFlags(f);
  auto preset = cli::ParsePresets(f, usage.Get("set"));
  if (!preset.ok()) return Fail(preset.error(), false);
  std::cout << f.ConfigTemplate(
      cli::Localized(
          "kakunin-agent configuration (" + std::string(SystemConfig()) +
              "), read by `kakunin-agent run`.\n"
              "Generated by `kakunin-agent config-template` from the options the daemon parses: "
              "`kakunin-agent run --help` lists the same options, `kakunin-agent run "
              "--print-config` shows the values in effect and where each came from.",
          "kakunin-agent の設定ファイル（" + std::string(SystemConfig()) +
              "）。`kakunin-agent run` が読みます。\n"
              "`kakunin-agent config-template` が常駐サービスの読むオプションから作りました。"
              "同じオプションは `kakunin-agent run --help` に、有効な値とそれぞれの設定元は "
              "`kakunin-agent run --print-config` に表示されます。"),
      *preset);
  return 0;
}

int StatusCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-agent status [--json]",
      cli::Localized(
          "Asks the running daemon: HQ connection, results waiting, reader, "
          "certificate.\nExit codes: 0 daemon answered, 1 daemon unreachable, 2 usage.",
          "動いている常駐サービスに、本部との接続、送信待ちの結果、カードリーダー、"
          "証明書の状態を尋ねます。\n"
          "終了コード: 0 常駐サービスが答えた、1 常駐サービスにつながらない、2 指定の誤り。"));
  JsonOption(SocketOption(StateDirOption(f, true)));
  if (auto done = ParseFlags(f, argc, argv)) return *done;
  bool json = f.GetBool("json");
  std::string path = LocalSocketPath(f.Get("state-dir"), f.Get("socket"));
  auto local = os::ConnectLocal(path);
  if (!local.ok()) {
    return Fail(MakeError(ErrorCode::kUnavailable, "agent.unreachable",
                          "no daemon answers: " + local.error().message()),
                json);
  }
  auto stub = v1::AgentLocal::NewStub(local->channel);
  grpc::ClientContext ctx;
  local->Prepare(ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::AgentStatus status;
  auto rpc = stub->GetStatus(&ctx, v1::GetStatusRequest(), &status);
  if (!rpc.ok()) {
    if (auto e = rpc::FromLocalGrpcStatus(rpc, "agent.unreachable", "status");
        e.reason() == "local.permission_denied") {
      return Fail(e, json);
    }
    return Fail(
        MakeError(ErrorCode::kUnavailable, "agent.unreachable",
                  "no daemon answers on " + local->address + " (" + rpc.error_message() + ")"),
        json);
  }
  // What the status says is shown only when the daemon itself said it.
  if (auto genuine = local->Verify(ctx); !genuine.ok()) return Fail(genuine.error(), json);
  PrintStatus(status, json);
  return 0;
}

std::optional<int> CheckThroughDaemon(const std::string& state_dir,
                                      const v1::RunCheckRequest& request, bool json) {
  const std::string path = LocalSocketPath(state_dir);
  auto local = os::ConnectLocal(path);
  if (!local.ok()) return std::nullopt;
  auto stub = v1::AgentLocal::NewStub(local->channel);
  {
    grpc::ClientContext ctx;
    local->Prepare(ctx);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::AgentStatus status;
    if (!stub->GetStatus(&ctx, v1::GetStatusRequest(), &status).ok()) return std::nullopt;
    // The PIN goes only to the daemon: a program that took a stopped daemon's port answers
    // GetStatus too, but cannot prove it knows the daemon's secret.
    if (auto genuine = local->Verify(ctx); !genuine.ok()) return Fail(genuine.error(), json);
  }
  grpc::ClientContext ctx;
  local->Prepare(ctx);
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::seconds(request.card_wait_seconds() + 60));
  v1::CheckResult result;
  auto rpc = stub->RunCheck(&ctx, request, &result);
  if (!rpc.ok()) return Fail(rpc::FromGrpcStatus(rpc, "agent.check", "the daemon's check"), json);
  // No sequence: the daemon holds the answer in memory because its outbox would not take it
  // (a full disk, a locked file); it keeps trying, but a stop would lose it.
  const bool saved = result.sequence() != 0;
  if (!json) {
    std::cout << CheckLine(result) << "\n" << ResultErrorLine(result);
    if (saved) {
      std::cout << "結果はこの端末に保存されました。本部へは自動で送られます。\n";
    } else {
      std::cout << "結果はまだこの端末に保存できていません（kakunin-agent status に原因が出ます）。"
                   "常駐サービスが保存できるまで繰り返しますが、止めると失われます。念のため"
                   "結果を控えてください。\n";
    }
  } else {
    nlohmann::json j = {{"ok", true},
                        {"via", "daemon"},
                        {"saved", saved},
                        {"check_id", result.check_id()},
                        {"sequence", result.sequence()},
                        {"outcome", OutcomeId(result.outcome())},
                        {"reader", result.reader().name()}};
    if (result.has_eligibility()) j["eligibility"] = EligibilityJson(result.eligibility());
    if (!result.error_reason().empty()) j["error_reason"] = result.error_reason();
    std::cout << j.dump() << "\n";
  }
  return result.outcome() == v1::OUTCOME_ERROR ? 1 : 0;
}

}  // namespace kakunin::agent
