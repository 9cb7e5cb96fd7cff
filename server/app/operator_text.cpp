#include "server/app/operator_text.h"

#include <cctype>
#include <map>
#include <string_view>

#include "common/cli/command_help.h"
#include "common/cli/language.h"
#include "common/site/site_import.h"

namespace kakunin::server {
namespace {

// "kakunin-server site add --help", or the placeholder before a command is known.
std::string HelpCommand(std::string_view placeholder) {
  return cli::HelpCommand("kakunin-server", placeholder);
}

}  // namespace

std::optional<std::string> OperatorText(const Error& e) {
  static const std::map<std::string_view, std::string_view> by_reason = {
      // The database.
      {"db.unavailable",
       "データベースに接続できません。PostgreSQL が動いているか、接続先（--db、環境変数 "
       "KAKUNIN_DB、設定ファイルの [database] db）を確認してください。"},
      {"db.schema_too_new",
       "データベースがこのサーバーより新しい版で更新されています。新しい版の kakunin-server を"
       "使ってください。"},
      {"db.schema_old",
       "データベースがこのサーバーより古い版のままです（migrate = manual）。すべてのサーバーを"
       "新しい版にしてから、kakunin-server migrate を一度だけ実行してください。"},
      {"db.migration_failed",
       "データベースの更新（マイグレーション）に失敗しました。詳細を確認し、必要ならバックアップ"
       "から復元してください。"},
      {"db.error", "データベースでエラーが起きました。詳細を確認してください。"},
      {"db.timeout",
       "データベースの処理が時間内に終わらず、取り消されました（ほかの処理がデータを使用中の"
       "可能性があります）。しばらくしてから再度実行してください。"},
      {"db.invalid_input",
       "データベースが値を受け付けませんでした。入力した値を確認してください。"},
      // Sites and routes.
      {"site.not_found",
       "その店舗 ID は登録されていません。ID を確認するか、kakunin-server site add で登録して"
       "ください。"},
      {"import.code_in_use",
       "その医療機関等コードは別の店舗で使われています。取り込むファイルを確認してください。"},
      {"enroll.bad_ttl", "登録トークンの有効期間が範囲外です。--help で範囲を確認してください。"},
      // Backup and restore.
      {"backup.out_not_empty",
       "バックアップの出力先が空ではありません。新しいフォルダーを指定してください。"},
      {"backup.no_keys",
       "患者情報の鍵（patient.keys）が見つからないため、バックアップしません。鍵がないと暗号化"
       "した患者情報を読めません。--data-dir を確認してください。"},
      {"backup.unreadable",
       "バックアップするファイルを読めません。--data-dir とその権限を確認してください。"},
      {"backup.copy_failed",
       "バックアップ先にファイルを書けません。出力先の空き容量と権限を確認してください。"},
      {"backup.pg_dump_failed",
       "データベースのバックアップ（pg_dump）に失敗しました。詳細を確認してください。"},
      {"backup.pg_restore_failed",
       "データベースの復元（pg_restore）に失敗しました。データベースには何も書き込まれて"
       "いません。詳細を確認してください。"},
      {"restore.bad_backup",
       "バックアップとして読めません（manifest がないか壊れています）。バックアップのフォルダーを"
       "確認してください。"},
      {"restore.damaged",
       "バックアップのファイルが壊れています（チェックサムが合いません）。別のバックアップを"
       "使ってください。"},
      {"restore.target_not_empty",
       "復元先にすでにデータがあります。新しいデータフォルダーか空のデータベースに復元して"
       "ください。"},
      {"restore.server_running",
       "復元先でデータベースが動いています。kakunin-server を止めてから復元してください。"},
      {"backup.keys_unprotected",
       "バックアップの鍵の扱いを指定してください。--passphrase-file でパスフレーズを書いた"
       "ファイルを指定すると鍵を封印します（推奨）。--keys-in-clear では鍵が暗号化されず、"
       "フォルダーを持つ人は誰でも患者情報を読めます。"},
      {"backup.server_not_running",
       "kakunin-server が動いていないため、バックアップしませんでした（組み込みのデータベースは"
       "サーバーと一緒に動きます）。サーバーを起動してからやり直してください。"},
      {"backup.passphrase_missing",
       "パスフレーズのファイルを読めません。--passphrase-file のパスと権限を確認してください。"},
      {"backup.passphrase_file_open",
       "パスフレーズのファイルをどの利用者も読めます。chmod 600（またはサーバーのグループで "
       "640）にしてください。"},
      {"backup.passphrase_short", "パスフレーズが短すぎます。12文字以上にしてください。"},
      {"backup.passphrase_empty",
       "パスフレーズのファイルが空です。1行目に12文字以上のパスフレーズを書いてください。"},
      {"backup.passphrase_unreadable",
       "パスフレーズのファイルを開けません。実行するユーザー（パッケージのサーバーでは kakunin）が"
       "読めるように、ファイルの持ち主と権限を確認してください（例: sudo chown kakunin "
       "/etc/kakunin/backup.pass; sudo chmod 600 /etc/kakunin/backup.pass）。"},
      {"backup.no_passphrase",
       "パスフレーズのファイルがないか空のため、バックアップを取っていません。新しいバックアップは"
       "まだありません。次のように作ってください: sudo install -m 600 -o kakunin "
       "/dev/null /etc/kakunin/backup.pass のあと、sudoedit /etc/kakunin/backup.pass で12文字"
       "以上のパスフレーズを1行書き、その写しをバックアップとは別の場所に保管してください。"
       "そのあと sudo systemctl start kakunin-backup.service で今すぐ取れます（結果は journalctl "
       "-u kakunin-backup）。"},
      {"backup.not_recorded",
       "バックアップのフォルダーは書き出しましたが、データベースに記録できませんでした。サーバーの"
       "監視（kakunin_last_backup_timestamp_seconds）とコンソールには、このバックアップが表示され"
       "ません。データベースの接続と権限を確認してください。"},
      {"restore.passphrase_needed",
       "このバックアップの鍵は封印されています。--passphrase-file でバックアップ時のパスフレーズを"
       "指定してください。"},
      {"restore.wrong_passphrase",
       "パスフレーズで鍵を開けません。バックアップ時のパスフレーズか確認してください。復元先には"
       "何も書き込んでいません。"},
      // Keys and certificates.
      {"pki.read",
       "証明書か鍵のファイルを読めません。--data-dir（pki フォルダー）とその権限を確認して"
       "ください。"},
      {"pki.write",
       "証明書か鍵のファイルを書けません。--data-dir（pki フォルダー）の空き容量と権限を確認して"
       "ください。"},
      {"pki.key_mode",
       "秘密鍵のファイルが所有者以外にも読める設定です。chmod 600 にしてから起動してください。"},
      {"audit.key_write",
       "監査ログの署名鍵を書けません。--data-dir の空き容量と権限を確認してください。"},
      {"audit.key_permissions",
       "監査ログの署名鍵が所有者以外にも読める設定です。chmod 600 にしてください。"},
      {"audit.no_public_key",
       "監査ログの署名の公開鍵を読めません。--public-key のファイルを確認してください。"},
      {"audit.no_witness_file", "端末が記録した監査ログの先頭（witness）のファイルを読めません。"},
      // Console users (admin create).
      {"auth.no_login", "ログイン名を --login で指定してください。"},
      {"auth.bad_login", "ログイン名は64バイト以内で、制御文字は使えません。"},
      {"auth.login_taken", "そのログイン名はすでに使われています。別の名前にしてください。"},
      {"auth.weak_password",
       "パスワードは8〜100文字で、英大文字・英小文字・数字をそれぞれ1文字以上含めてください。"},
      {"auth.password_mismatch", "2回入力したパスワードが一致しません。もう一度実行してください。"},
      {"auth.no_password", "パスワードが入力されませんでした。もう一度実行してください。"},
      {"auth.bad_role",
       "役割（--role）は hq_admin、branch_manager、auditor、staff のいずれかです。"},
      {"auth.sites_required",
       "店舗の役割（branch_manager、staff）には、担当する店舗を --sites で指定してください。"},
      {"auth.bad_display_name",
       "表示名は200バイト（全角で約66文字）以内で、改行や制御文字を入れずに指定してください。"},
      // 医療機関等コード (site add); the rest as the site import says them.
      {"institution_code.kind_mismatch",
       "医療機関等コードの点数表（3桁目）が施設種別（--kind）と合いません（薬局は4、病院・"
       "診療所は1か3）。"},
      {"institution_code.check_digit_mismatch",
       "医療機関等コードの検証番号（末尾）が合いません（計算上の値は詳細にあります）。"
       "地方厚生局の通知で確かめてください。"},
      {"institution_code.override_reason_missing",
       "医療機関等コードの検証番号が合いません（計算上の値は詳細にあります）。このコードのままで"
       "正しい場合は --code-override-reason に理由を書いてください。"},
      // Dates given on the command line.
      {"subsidy.bad_date", "日付は YYYY-MM-DD の形式（例: 2026-12-06）で指定してください。"},
      {"cli.bad_address",
       "待ち受けるアドレスは「ホスト:ポート」の形で指定してください（例: 0.0.0.0:7443。ポートは"
       "1〜65535、0 は空いているポート）。"},
      {"server.run_as_owner",
       "root では実行できません。データフォルダーの持ち主のユーザーで実行してください"
       "（パッケージで入れたサーバーでは sudo -u kakunin kakunin-server …）。"},
      // serve.
      {"server.bind",
       "指定したアドレスで待ち受けできません。listen の値（ホスト:ポート）と、ほかのプログラムが"
       "そのポートを使っていないかを確認してください。"},
      {"metrics.bind",
       "監視用のアドレス（metrics-listen）で待ち受けできません。値（ホスト:ポート）と、ほかの"
       "プログラムがそのポートを使っていないかを確認してください。"},
      // The subsidy programme file HQ edits every year (server/subsidy/README.md).
      {"subsidy.programme_file_unreadable",
       "補助事業ファイル（programmes.json）を読めません。--programmes のパスと読み取り権限を"
       "確認してください。"},
      {"subsidy.bad_programme_file",
       "補助事業ファイル（programmes.json）に誤りがあります。詳細に示された箇所を直して"
       "ください。"},
      {"subsidy.bad_programme",
       "補助事業ファイル（programmes.json）に誤りがあります。詳細に示された箇所を直して"
       "ください。"},
      {"subsidy.bad_wording",
       "補助事業ファイル（programmes.json）の金額の書き方に誤りがあります（例: 3.1万円）。詳細に"
       "示された箇所を直してください。"},
      // Files named on the command line.
      {"cli.file", "ファイルを開けません。指定したパスと読み取り権限を確認してください。"},
      // Backups: the disk, the pipe to pg_dump, the system.
      {"backup.io",
       "バックアップの書き込みまたは読み込みに失敗しました。保存先の空き容量と権限を確認して"
       "ください。"},
      {"backup.pipe",
       "データベースのダンプを受け渡せませんでした。詳細を確認し、もう一度実行してください。"},
      {"backup.kdf",
       "パスフレーズから鍵を作れませんでした（メモリー不足の可能性があります）。ほかの処理を"
       "減らしてもう一度実行してください。"},
      {"backup.rand", "暗号化に使う乱数を得られませんでした。システムの管理者に連絡してください。"},
      {"restore.sealed_dump_unreadable",
       "バックアップのデータベースのダンプが読めません（形式が違うか壊れています）。別の"
       "バックアップから復元してください。"},
  };
  if (auto it = by_reason.find(e.reason()); it != by_reason.end()) return std::string(it->second);
  // Said for the operator already (the command's own words, in their language): the sentence is
  // the message, and the reason alone follows it, as for the usage mistakes below.
  if (e.reason() == "token.no_ca") return e.message();
  if (e.reason().starts_with("institution_code.")) return site::ImportProblemMessage(e.reason());
  if (e.reason().starts_with("date.")) {
    return "日付の指定に誤りがあります。YYYY-MM-DD の形式（例: 2026-12-06）で、実在する日付を"
           "指定してください。";
  }
  // A usage mistake is said by its own (Japanese) message, naming the option and what was
  // given; the way to the command's help unless the message already names a help.
  if (e.reason().starts_with("cli.")) {
    const std::string& m = e.message();
    if (m.find("kakunin-server ") != std::string::npos && m.find("--help") != std::string::npos) {
      return m;
    }
    return m + cli::Localized(". " + HelpCommand("<command>") + " shows how to use it.",
                              "。" + HelpCommand("<コマンド>") + " で使い方を確認できます。");
  }
  if (e.reason() == "config.unreadable") {
    return "設定ファイル（server.toml）を読めません。ファイルの場所と権限を確認してください。"
           "パッケージで入れたサーバーでは、コマンドを sudo -u kakunin kakunin-server … の形で"
           "実行してください。";
  }
  if (e.reason().starts_with("config.")) {
    return "設定ファイル（server.toml）に誤りがあります。詳細の箇所を直してください"
           "（kakunin-server config-template で書き方を確認できます）。";
  }
  if (e.reason().starts_with("site.")) {
    return "店舗の情報に誤りがあります。詳細の項目を直してください。";
  }
  if (e.reason().starts_with("route.")) {
    return "照会の経路の設定に誤りがあります。詳細の項目を直してください（" +
           (cli::CommandForHelpSet() ? HelpCommand("")
                                     : std::string("kakunin-server site route --help")) +
           "）。";
  }
  return std::nullopt;
}

std::string OperatorLines(const Error& e) {
  // libpq's messages end in a newline (and a tab-indented hint before it): the bracket closes on
  // the detail's last line.
  std::string detail = e.ToString();
  while (!detail.empty() && std::isspace(static_cast<unsigned char>(detail.back()))) {
    detail.pop_back();
  }
  auto text = OperatorText(e);
  if (!text) return "kakunin-server: " + detail + "\n";
  // A sentence that already carries the message needs only the reason after it.
  if (!e.message().empty() && text->find(e.message()) != std::string::npos) detail = e.reason();
  return "kakunin-server: " + *text + "\n  （詳細: " + detail + "）\n";
}

}  // namespace kakunin::server
