// `kakunin-server backup` and `kakunin-server restore`: their options and help; the work is in
// backup.cpp.
#include "common/cli/language.h"
#include "server/app/app_common.h"
#include "server/app/backup.h"

namespace kakunin::server {

int BackupCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server backup (--out DIR | --into DIR [--keep N]) "
      "(--passphrase-file FILE | --keys-in-clear) [--data-dir DIR] [--db DSN]",
      cli::Localized(
          "Writes a consistent dump of the database and the server's keys (device CA,\n"
          "patient sealing keys, audit head key) with a manifest of SHA-256 sums into DIR\n"
          "(a new folder, mode 0700). The dump and the keys are sealed with a passphrase\n"
          "(Argon2id, AES-256-GCM) unless --keys-in-clear. Runs beside a live server.\n"
          "The keys come from --data-dir, also when --db names the database.\n"
          "Exit codes: 0 written, 1 failed, 2 bad input.",
          "データベースの一貫したダンプとサーバーの鍵（端末証明書の CA、患者情報の鍵、\n"
          "監査ログの署名鍵）を、SHA-256 の一覧（manifest）とともに DIR（新しいフォルダー、\n"
          "モード 0700）に書き出します。--keys-in-clear を指定しない限り、ダンプと鍵は\n"
          "パスフレーズで封印します（Argon2id、AES-256-GCM）。サーバーを動かしたまま\n"
          "実行できます。鍵は、--db でデータベースを指定したときも --data-dir から読みます。\n"
          "終了コード: 0 書き出した、1 失敗、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("out", "DIR",
           cli::Localized("the backup folder (new or empty)",
                          "バックアップのフォルダー（新しいか空のもの）"))
      .Option("into", "DIR",
              cli::Localized(
                  "instead of --out: a new folder kakunin-YYYYMMDD-HHMMSS (UTC) in DIR each time",
                  "--out の代わりに: 実行するたびに DIR の中に新しいフォルダー "
                  "kakunin-YYYYMMDD-HHMMSS（UTC）を作る"))
      .Option("keep", "N",
              cli::Localized(
                  "with --into: keep the newest N of those folders, delete older ones (0 keeps "
                  "them all)",
                  "--into のとき: それらのフォルダーのうち新しい N 個を残し、古いものを削除する"
                  "（0 ならすべて残す）"),
              "0")
      .Int()
      .Option("passphrase-file", "FILE",
              cli::Localized(
                  "seal the dump and the keys with the passphrase on the first line of FILE (mode "
                  "600, at least "
                  "12 characters); keep it apart from the backups",
                  "FILE の 1 行目のパスフレーズでダンプと鍵を封印する（モード 600、12 文字以上）。"
                  "このファイルはバックアップとは別の場所に保管してください"))
      .Bool(
          "keys-in-clear",
          cli::Localized(
              "leave the dump and the keys unsealed instead (whoever holds the folder can read the "
              "patient data)",
              "代わりにダンプと鍵を封印しない（フォルダーを持つ人は誰でも患者情報を読めます）"))
      .Bool("running-database-only",
            cli::Localized(
                "with the embedded database: only beside a running server, never start it (the "
                "nightly unit)",
                "組み込みのデータベースのとき: 動いているサーバーの横でだけ実行し、データベースを"
                "起動しない（夜間の定期実行用）"));
  if (auto end = BeginCommand(f, argc, argv, 2)) return *end;
  if (auto s = RunBackup(f); !s.ok()) return Fail(s.error());
  return 0;
}

int RestoreCommand(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server restore --from DIR [--passphrase-file FILE] --data-dir DIR [--db DSN]",
      cli::Localized(
          "Restores a backup into a new data directory (and its embedded database, or an\n"
          "empty --db): checks every file against the manifest, refuses a running or\n"
          "non-empty target, and never overwrites keys. The keys go to --data-dir, also\n"
          "with --db. Exit codes: 0 restored, 1 failed, 2 bad input.",
          "バックアップを新しいデータディレクトリ（とその組み込みのデータベース、または空の\n"
          "--db）に復元します。すべてのファイルを manifest と照合します。データベースが\n"
          "動いている復元先や空でない復元先には復元せず、鍵を上書きすることもありません。\n"
          "鍵は、--db を指定したときも --data-dir に書きます。\n"
          "終了コード: 0 復元した、1 失敗、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("from", "DIR", cli::Localized("the backup folder", "バックアップのフォルダー"))
      .Option("passphrase-file", "FILE",
              cli::Localized("the passphrase the backup's keys were sealed with",
                             "バックアップの鍵を封印したパスフレーズのファイル"));
  if (auto end = BeginCommand(f, argc, argv, 2)) return *end;
  if (auto s = RunRestore(f); !s.ok()) return Fail(s.error());
  return 0;
}

}  // namespace kakunin::server
