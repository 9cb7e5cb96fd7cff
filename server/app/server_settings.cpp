// The server's settings: the options every command shares, serve's options, and the documented
// configuration file generated from them (`kakunin-server config-template`).

#include <iostream>

#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/core/host_port.h"
#include "server/app/app_common.h"

namespace kakunin::server {

void AddCommonFlags(cli::Flags& f) {
  f.Section("")
      .Option(
          "config", "FILE",
          cli::Localized(
              "configuration file (TOML); the default is read only when it exists, \"\" reads none",
              "設定ファイル（TOML）。既定値のファイルは存在するときだけ読みます。"
              "\"\" ならどれも読みません"),
          kDefaultConfig)
      .NotInFile()
      .Option("data-dir", "DIR",
              cli::Localized(
                  "server state: device CA, keys, embedded PostgreSQL",
                  "サーバーのデータディレクトリ（端末証明書の CA、鍵、組み込みの PostgreSQL）"),
              "kakunin-data")
      .Section("database",
               cli::Localized("PostgreSQL: a server named by db, else the embedded one in data_dir",
                              "PostgreSQL: db で指定したサーバー、"
                              "指定がなければ data_dir 内の組み込みの PostgreSQL"))
      .Option("db", "DSN",
              cli::Localized("PostgreSQL connection string (env KAKUNIN_DB); none = embedded",
                             "PostgreSQL の接続文字列（環境変数 KAKUNIN_DB）。"
                             "指定がなければ組み込みの PostgreSQL"))
      .Secret()
      .Option("pg-user", "USER",
              cli::Localized("unprivileged user for the embedded PostgreSQL when root",
                             "root で実行したとき、組み込みの PostgreSQL を動かす一般ユーザー"),
              "nobody")
      .Option(
          "migrate", "WHEN",
          cli::Localized(
              "auto: bring the schema up to date at start; manual: never (replicas sharing a "
              "database wait for `kakunin-server migrate`, run once all are upgraded)",
              "auto: 起動時にスキーマを最新に更新します。manual: 更新しません（データベースを"
              "共有するレプリカは `kakunin-server migrate` を待ちます。すべてのレプリカを新しい版に"
              "してから一度実行してください）"),
          "auto")
      .Section("")
      .Option("log-level", "LEVEL",
              cli::Localized("trace, debug, info, warn, error",
                             "ログの詳しさ（trace、debug、info、warn、error）"),
              "info")
      .Bool("log-json", cli::Localized("log one JSON object per line",
                                       "ログを 1 行に 1 つの JSON オブジェクトで出力する"));
}

Status ApplyServerConfig(cli::Flags& f) {
  if (!f.Declared("config")) return OkStatus();
  f.ApplyEnvironment("KAKUNIN_");  // as serve: KAKUNIN_DB, KAKUNIN_CONFIG, …
  return f.ApplyConfigFile("config", /*shared=*/true);
}

// `serve`'s options, shared with config-template: the documented file comes from the very
// declarations the server parses.
void AddServeFlags(cli::Flags& f) {
  AddCommonFlags(f);
  f.Section("")
      .Option("listen", "HOST:PORT", cli::Localized("address to serve on", "待ち受けるアドレス"),
              "127.0.0.1:7443")
      .Option("advertise", "HOST:PORT[,…]",
              cli::Localized(
                  "HQ's addresses as terminals reach them, for enrollment bundles (default: the "
                  "listening address, or this host's name when listening on all interfaces)",
                  "端末から接続するときの本部のアドレス（登録用の文字列に入れます）。指定しなければ"
                  "待ち受けアドレス（すべてのインターフェースで待ち受けるときはこのホストの名前）"))
      .List()
      .Option("trusted-proxies", "ADDRESS[,…]",
              cli::Localized(
                  "addresses of TCP proxies in front of this server (HAProxy): a login or "
                  "enrollment through one is limited per connection, not per address, since every "
                  "client's address is the proxy's there",
                  "このサーバーの前に置いた TCP プロキシ（HAProxy）のアドレス。プロキシ経由では"
                  "どの接続元のアドレスもプロキシのものになるため、そこを通るログインと端末の登録は"
                  "アドレスごとではなく接続ごとに制限します"))
      .List()
      .Option(
          "idle-connection-seconds", "SECONDS",
          cli::Localized(
              "close a connection with no call open this long (a terminal's stream and a "
              "console's live view are open calls; a console reconnects by itself), so that "
              "nobody holds connections by opening them and saying nothing; 0 never (10-86400). "
              "Costs about 1.3 KiB per connection; HAProxy's or the firewall's cap per "
              "address does the same in front (deploy/README.md)",
              "開いている呼び出しがないままこの時間（秒）たった接続を閉じます（端末の"
              "ストリームと管理コンソールのライブ表示は開いている呼び出しです。管理"
              "コンソールは自動でつなぎ直します）。接続を開いたまま何も送らない相手に"
              "接続を占められないためです。0 なら閉じません（10〜86400）。接続ごとに約 "
              "1.3 KiB を使います。前に置いた HAProxy やファイアウォールのアドレスごとの"
              "上限でも同じことができます（deploy/README.md）"),
          "0")
      .Int()
      .Option("key-file", "FILE",
              cli::Localized(
                  "patient-data key file (<id>:<hex> lines); default in data dir",
                  "患者情報の鍵ファイル（<id>:<hex> の行）。指定しなければデータディレクトリ内"))
      .Option(
          "ready-file", "FILE",
          cli::Localized("write the bound port here once serving (for scripts)",
                         "待ち受けを始めたら、そのポート番号をこのファイルに書く（スクリプト用）"))
      .Bool("reflection",
            cli::Localized("serve gRPC server reflection (off by default: it maps the API for "
                           "strangers)",
                           "gRPC のサーバーリフレクションを提供する（既定では無効: 部外者に API の"
                           "構成を教えてしまうため）"))
      .Bool("print-config",
            cli::Localized("print the settings in effect and where each came from, then exit",
                           "有効な設定とそれぞれの設定元を表示して終了する"))
      .CommandLineOnly()
      .Section("database")
      .Option(
          "db-connections", "N",
          cli::Localized(
              "PostgreSQL connections in all: terminals keep ingest-writers + 4 of them, health "
              "and maintenance 2, the console and the rest share the others (at least 4)",
              "PostgreSQL への接続の総数。端末用に ingest-writers + 4、"
              "ヘルスチェックと保守用に 2 を確保し、管理コンソールなどが残りを共有します（4 "
              "以上）"),
          "16")
      .Int()
      .Option(
          "db-retry-seconds", "N",
          cli::Localized(
              "how long a batch of results is tried again on new connections after the database "
              "connection is lost (a cluster's leader change) before its terminals are told",
              "データベースとの接続が切れたとき（クラスターのリーダー交代など）、結果のまとまりを"
              "新しい接続で再試行する時間（秒）。過ぎたら端末に知らせます"),
          "20")
      .Int()
      .Option("db-query-timeout", "SECONDS",
              cli::Localized(
                  "longest one statement of a read (a console search, dashboard or list) may run; "
                  "beyond, it is cancelled and the console told (0 = no limit)",
                  "読み取り（管理コンソールの検索、ダッシュボード、一覧）の 1 文を実行できる最長の"
                  "時間（秒）。超えたら取り消して管理コンソールに知らせます（0 = 無制限）"),
              "15")
      .Int()
      .Option("db-idle-seconds", "SECONDS",
              cli::Localized(
                  "a database connection unused this long is replaced before its next use: "
                  "something between (HAProxy's idle timeout, a firewall) may have cut it "
                  "(1-3600)",
                  "この時間（秒）使われなかったデータベース接続は、次に使う前に張り直します。"
                  "途中の機器（HAProxy のアイドルタイムアウト、ファイアウォール）が切っている"
                  "ことがあるためです（1〜3600）"),
              "600")
      .Int()
      .Option("db-lock-timeout", "SECONDS",
              cli::Localized(
                  "longest any statement waits for rows or tables another session holds; beyond, "
                  "the console is told, terminals resend later (0 = no limit)",
                  "ほかのセッションが使用中の行やテーブルを 1 文が待つ最長の時間（秒）。超えたら"
                  "管理コンソールに知らせ、端末は後で再送します（0 = 無制限）"),
              "15")
      .Int()
      .Section("certificates",
               cli::Localized("The device CA and the server's TLS certificate (in data_dir/pki)",
                              "端末証明書の CA とサーバーの TLS 証明書（data_dir/pki 内）"))
      .Option("server-names", "LIST",
              cli::Localized("names in the TLS certificate (comma list)",
                             "TLS 証明書に入れる名前（カンマ区切り）"),
              "localhost,127.0.0.1")
      .List()
      .Option(
          "cert-days", "N",
          cli::Localized("lifetime of device certificates in days", "端末証明書の有効期間（日）"),
          "365")
      .Int()
      .Section("ingest", cli::Localized("Results from terminals", "端末からの結果の受け取り"))
      .Option("ingest-writers", "N",
              cli::Localized("ingest writer threads (each owns a share of terminals)",
                             "結果を書き込むスレッドの数（それぞれが端末の一部を受け持ちます）"),
              "2")
      .Int()
      .Option("batch-max", "N",
              cli::Localized("most results stored in one ingest transaction",
                             "1 回のトランザクションで保存する結果の最大件数"),
              "4000")
      .Int()
      .Bool("ingest-staged-only",
            cli::Localized(
                "store every backlog through the staging table's insert, never straight into the "
                "tables (the path before 2026-12; for comparison)",
                "たまった結果をすべて一時テーブル経由で保存し、テーブルへ直接は書かない"
                "（2026 年 12 月より前の方式。比較用）"))
      .Hidden()  // a switch for benches and comparisons, not an operator's setting
      .Option(
          "catchup-rate", "N",
          cli::Localized("results per second a terminal may resend after an outage (0 = unlimited)",
                         "障害の後に 1 台の端末が 1 秒間に再送できる結果の件数（0 = 無制限）"),
          "200")
      .Int()
      .Option("outbox-warn-depth", "N",
              cli::Localized("a terminal's queue depth that raises its warning",
                             "端末の未送信の結果がこの件数になったら警告する"),
              "10000")
      .Int()
      .Option(
          "streams-per-terminal", "N",
          cli::Localized(
              "most streams one terminal holds; a new one beyond closes its oldest (0 = no limit)",
              "1 台の端末が同時に持てるストリームの最大数。超えると最も古いものを閉じます"
              "（0 = 無制限）"),
          "4")
      .Int()
      .Option("stream-opens-per-minute", "N",
              cli::Localized(
                  "new streams one terminal may open per minute, in bursts of as many; beyond, it "
                  "is told to wait (0 = no limit)",
                  "1 台の端末が 1 分間に開ける新しいストリームの数（同じ数までは一度に開けます）。"
                  "超えると待つよう伝えます（0 = 無制限）"),
              "60")
      .Int()
      .Section("audit", cli::Localized("The signed audit chain", "署名付きの監査ログ"))
      .Option("audit-key", "FILE",
              cli::Localized("Ed25519 key that signs audit heads; default in data dir",
                             "署名済みチェックポイント（監査ログの先頭の署名）に使う Ed25519 の鍵。"
                             "指定しなければデータディレクトリ内"))
      .Option(
          "head-interval", "SECONDS",
          cli::Localized("how often (seconds) a grown audit chain gets a signed head",
                         "監査ログに記録が増えたとき、署名済みチェックポイントを作る間隔（秒）"),
          "10")
      .Int()
      .Section("subsidy", cli::Localized("Subsidy programmes (公費) and their deadlines",
                                         "補助金の補助事業とその締切"))
      .Option("programmes", "FILE",
              cli::Localized(
                  "subsidy programme file (default: <prefix>/share/kakunin/programmes.json beside "
                  "bin/)",
                  "補助事業ファイル（指定しなければ bin/ と並ぶ "
                  "<prefix>/share/kakunin/programmes.json）"))
      .Option("warning-days", "LIST",
              cli::Localized("days before a deadline at which HQ is warned",
                             "本部に警告する、締切の何日前か（カンマ区切り）"),
              "60,30,7,1")
      .Int()
      .List()
      .Option("claim-receipts", "N",
              cli::Localized("most receipt files one claim may hold (1-1000)",
                             "1 件の申請に添付できる領収書ファイルの最大数（1〜1000）"),
              "20")
      .Int()
      .Option("claim-receipt-mib", "MIB",
              cli::Localized("most MiB of receipt files one claim may hold (10-10000)",
                             "1 件の申請に添付できる領収書ファイルの合計の上限（MiB、10〜10000）"),
              "100")
      .Int()
      .Option(
          "summary-time", "HH:MM",
          cli::Localized("Japan time of the daily subsidy summary (off: none from this replica)",
                         "補助金の日次集計を作る時刻（日本時間。off: このレプリカでは作らない）"),
          "07:00")
      .Section("console_login",
               cli::Localized("Console logins: limits against password guessing",
                              "管理コンソールのログイン: パスワードを推測する攻撃への制限"))
      .Option("login-failures-per-source", "N",
              cli::Localized(
                  "failed console logins one address may make per minute before it must wait",
                  "1 つのアドレスから 1 分間に失敗できるログインの回数（超えると待たせます）"),
              "20")
      .Int()
      .Option("login-failures-per-name", "N",
              cli::Localized(
                  "failed logins per login name per minute before it must wait",
                  "1 つのログイン名で 1 分間に失敗できるログインの回数（超えると待たせます）"),
              "10")
      .Int()
      .Option("login-hash-concurrency", "N",
              cli::Localized(
                  "password checks run at once (each takes 64 MiB and ~0.1 s of a core)",
                  "同時に行うパスワードの照合の数（1 件ごとに 64 MiB と CPU コア 1 つで約 0.1 秒を"
                  "使います）"),
              "1")
      .Int()
      .Section("metrics", cli::Localized("Prometheus /metrics and the /healthz and /readyz probes",
                                         "Prometheus の /metrics と、死活監視の /healthz・/readyz"))
      .Option("metrics-listen", "HOST:PORT",
              cli::Localized(
                  "serve Prometheus /metrics, /healthz and /readyz here (plain HTTP; off if empty)",
                  "Prometheus の /metrics、/healthz、/readyz を提供するアドレス"
                  "（暗号化なしの HTTP。空なら提供しない）"))
      .Section("");
}

int ConfigTemplateCommand(int argc, char** argv) {
  cli::Flags usage(
      "kakunin-server config-template [--set NAME=VALUE,…]",
      cli::Localized(
          "Prints the documented configuration file of `kakunin-server serve`\n"
          "(server.toml): every setting with its meaning and default, all commented out.\n"
          "Exit codes: 0 printed, 2 bad input (an option, or a NAME=VALUE of --set).",
          "`kakunin-server serve` の設定ファイル（server.toml）を説明付きで表示します。\n"
          "すべての設定を、意味と既定値を添え、行頭の「#」で無効にした形で書き出します。\n"
          "終了コード: 0 表示した、2 入力の誤り（オプションか --set の NAME=VALUE）"));
  usage.Option(
      "set", "NAME=VALUE,…",
      cli::Localized("settings written set rather than commented out (a package's data_dir)",
                     "「#」で無効にせず、値を書き込んでおく設定（パッケージの data_dir など）"));
  if (auto s = usage.Parse(argc, argv, 2); !s.ok()) return Fail(s.error());
  if (usage.help_requested()) {
    std::cout << usage.Help();
    return 0;
  }
  cli::Flags f("", "");
  AddServeFlags(f);
  auto preset = cli::ParsePresets(f, usage.Get("set"));
  if (!preset.ok()) return Fail(preset.error());
  std::cout << f.ConfigTemplate(
      cli::Localized(
          "kakunin-server configuration (" + std::string(kDefaultConfig) +
              "), read by `kakunin-server serve`.\n"
              "Generated by `kakunin-server config-template` from the options the server parses: "
              "`kakunin-server serve --help` lists the same options, `kakunin-server serve "
              "--print-config` shows the values in effect and where each came from. The other "
              "commands (admin, site, token, audit, backup, …) read [database] and data_dir from "
              "here too.",
          "kakunin-server の設定ファイル（" + std::string(kDefaultConfig) +
              "）。`kakunin-server serve` が読みます。\n"
              "サーバーが解釈するオプションから `kakunin-server config-template` が生成しました。"
              "`kakunin-server serve --help` には同じオプションが、`kakunin-server serve "
              "--print-config` には有効な値とそれぞれの設定元が表示されます。ほかのコマンド"
              "（admin、site、token、audit、backup など）も、[database] と data_dir をここから"
              "読みます。"),
      *preset);
  return 0;
}

Result<ServeNumbers> ReadServeNumbers(const cli::Flags& f) {
  ServeNumbers n;
  const std::pair<const char*, int*> fields[] = {
      {"cert-days", &n.cert_days},
      {"ingest-writers", &n.writers},
      {"batch-max", &n.batch_max},
      {"head-interval", &n.head_interval},
      {"db-connections", &n.connections},
      {"catchup-rate", &n.catchup_rate},
      {"outbox-warn-depth", &n.warn_depth},
      {"streams-per-terminal", &n.streams_per_terminal},
      {"stream-opens-per-minute", &n.stream_opens},
      {"db-query-timeout", &n.query_timeout},
      {"db-lock-timeout", &n.lock_timeout},
      {"claim-receipts", &n.claim_receipts},
      {"claim-receipt-mib", &n.claim_receipt_mib},
      {"login-failures-per-source", &n.per_source},
      {"login-failures-per-name", &n.per_name},
      {"login-hash-concurrency", &n.hash_concurrency},
      {"db-retry-seconds", &n.db_retry},
      {"db-idle-seconds", &n.idle_seconds},
      {"idle-connection-seconds", &n.connection_idle_seconds},
  };
  for (const auto& [name, field] : fields) {
    KAKUNIN_ASSIGN_OR_RETURN(*field, f.GetInt(name));
  }
  auto bad = [](const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value", what);
  };
  if (n.claim_receipts < 1 || n.claim_receipts > 1000) {
    return bad(cli::Localized("--claim-receipts: files from 1 to 1000",
                              "--claim-receipts は 1〜1000（ファイル数）で指定してください"));
  }
  // At least one whole receipt (10 MiB) must fit.
  if (n.claim_receipt_mib < 10 || n.claim_receipt_mib > 10000) {
    return bad(cli::Localized("--claim-receipt-mib: MiB from 10 to 10000",
                              "--claim-receipt-mib は 10〜10000（MiB）で指定してください"));
  }
  // Each writer holds a connection, and the terminals' pool is sized from them: a negative
  // count once asked for an unbounded pool.
  if (n.writers < 1 || n.writers > 16)
    return bad(cli::Localized("--ingest-writers: threads from 1 to 16",
                              "--ingest-writers は 1〜16（スレッド数）で指定してください"));
  // 0 or fewer days issued every enrolling and renewing terminal an expired certificate.
  if (n.cert_days < 1 || n.cert_days > 825) {
    return bad(cli::Localized("--cert-days: days from 1 to 825",
                              "--cert-days は 1〜825（日数）で指定してください"));
  }
  if (n.head_interval < 1 || n.head_interval > 86400) {
    return bad(cli::Localized("--head-interval: seconds from 1 to 86400",
                              "--head-interval は 1〜86400（秒）で指定してください"));
  }
  if (n.connections < 4 || n.connections > 1000) {
    return bad(cli::Localized("--db-connections: connections from 4 to 1000",
                              "--db-connections は 4〜1000（接続数）で指定してください"));
  }
  if (n.idle_seconds < 1 || n.idle_seconds > 3600) {
    return bad(cli::Localized("--db-idle-seconds: seconds from 1 to 3600",
                              "--db-idle-seconds は 1〜3600（秒）で指定してください"));
  }
  if (n.connection_idle_seconds != 0 &&
      (n.connection_idle_seconds < 10 || n.connection_idle_seconds > 86400)) {
    return bad(cli::Localized("--idle-connection-seconds: 0 (never) or seconds from 10 to 86400",
                              "--idle-connection-seconds は 0（閉じない）か 10〜86400（秒）で"
                              "指定してください"));
  }
  for (const auto& [name, v] : {std::pair{"db-query-timeout", n.query_timeout},
                                std::pair{"db-lock-timeout", n.lock_timeout}}) {
    if (v < 0 || v > 3600) {
      return bad(cli::Localized(
          std::string("--") + name + ": seconds from 0 (no limit) to 3600",
          std::string("--") + name + " は 0（制限なし）〜3600（秒）で指定してください"));
    }
  }
  // The addresses' form too, before a database is started or a certificate made: `--listen foo`
  // set everything up and then failed to bind, with gRPC's own line on the screen.
  for (const char* name : {"listen", "metrics-listen"}) {
    const std::string v = f.Get(name);
    if (std::string_view(name) == "metrics-listen" && v.empty()) continue;  // none wanted
    // Port 0: any free port (tests, the demo).
    if (FindHostPortFault(v, 0) != HostPortFault::kNone) {
      return MakeError(ErrorCode::kInvalidArgument, "cli.bad_address",
                       std::string("--") + name + " is HOST:PORT (e.g. 0.0.0.0:7443), not '" +
                           v.substr(0, 64) + "'");
    }
  }
  return n;
}

}  // namespace kakunin::server
