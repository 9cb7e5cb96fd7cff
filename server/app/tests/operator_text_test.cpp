// What kakunin-server's commands say when they fail: HQ's administrator reads Japanese with the
// next step first, and the reason id with the English detail after it for support; a reason
// without words of its own is printed as it is, never dropped.

#include "server/app/operator_text.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/cli/command_help.h"

namespace kakunin::server {
namespace {

TEST(ServerOperatorText, CommonFailuresReadAsJapaneseWithTheDetailKept) {
  const Error db = MakeError(ErrorCode::kUnavailable, "db.unavailable",
                             "connection to server on socket \"/x/.s.PGSQL.5432\" failed");
  EXPECT_EQ(
      OperatorLines(db),
      "kakunin-server: データベースに接続できません。PostgreSQL が動いているか、接続先（--db、"
      "環境変数 KAKUNIN_DB、設定ファイルの [database] db）を確認してください。\n"
      "  （詳細: db.unavailable: connection to server on socket \"/x/.s.PGSQL.5432\" "
      "failed）\n");

  // Families: every cli.* and config.* reason, site.* and route.* field errors.
  for (const auto& [reason, words] : std::vector<std::pair<std::string, std::string>>{
           {"cli.unknown_flag", "kakunin-server <コマンド> --help"},
           {"cli.unknown_command", "detail。kakunin-server <コマンド> --help"},
           {"config.syntax", "設定ファイル（server.toml）に誤りがあります。"},
           {"config.unknown_setting", "kakunin-server config-template"},
           {"config.unreadable", "sudo -u kakunin kakunin-server"},
           {"server.run_as_owner", "sudo -u kakunin kakunin-server"},
           {"cli.bad_address", "ホスト:ポート"},
           {"site.bad_phone", "店舗の情報に誤りがあります。"},
           {"route.bad_path", "照会の経路の設定に誤りがあります。"},
           {"site.not_found", "kakunin-server site add"},
           {"restore.target_not_empty", "新しいデータフォルダーか空のデータベース"},
           {"backup.pg_restore_failed", "データベースには何も書き込まれていません。"},
           {"pki.key_mode", "chmod 600"},
           // Found by a newcomer's review: these printed English alone.
           {"auth.weak_password", "英大文字・英小文字・数字"},
           {"auth.no_login", "--login"},
           {"auth.sites_required", "--sites"},
           {"auth.password_mismatch", "一致しません"},
           {"institution_code.invalid_format", "半角数字10桁"},
           {"institution_code.kind_mismatch", "--kind"},
           {"institution_code.override_reason_missing", "--code-override-reason"},
           {"date.invalid", "YYYY-MM-DD"},
           {"date.bad_format", "YYYY-MM-DD"},
           {"subsidy.bad_date", "YYYY-MM-DD"},
           {"server.bind", "listen"},
           // Found by the Japanese review: the programme file, files, backups, metrics.
           {"metrics.bind", "metrics-listen"},
           // A nightly backup without its passphrase fails loudly, with the next step.
           {"backup.no_passphrase", "sudo install -m 600 -o kakunin /dev/null"},
           {"backup.passphrase_empty", "12文字以上"},
           {"backup.passphrase_unreadable", "sudo chown kakunin"},
           {"backup.not_recorded", "kakunin_last_backup_timestamp_seconds"},
           {"subsidy.programme_file_unreadable", "--programmes"},
           {"subsidy.bad_programme_file", "programmes.json"},
           {"subsidy.bad_programme", "programmes.json"},
           {"subsidy.bad_wording", "3.1万円"},
           {"cli.file", "ファイルを開けません"},
           {"backup.io", "空き容量"},
           {"backup.pipe", "もう一度実行"},
           {"backup.kdf", "メモリー"},
           {"backup.rand", "乱数"},
           {"restore.sealed_dump_unreadable", "別のバックアップ"}}) {
    auto text = OperatorText(MakeError(ErrorCode::kInvalidArgument, reason, "detail"));
    ASSERT_TRUE(text.has_value()) << reason;
    EXPECT_NE(text->find(words), std::string::npos) << reason << ": " << *text;
    // A usage mistake's sentence is its own message: the reason alone follows it.
    const bool said = reason.starts_with("cli.") && text->starts_with("detail");
    EXPECT_NE(OperatorLines(MakeError(ErrorCode::kInvalidArgument, reason, "detail"))
                  .find("（詳細: " + reason + (said ? "" : ": detail") + "）"),
              std::string::npos)
        << reason;
  }

  // Said in the command's own words already: the sentence, then the reason alone.
  const Error no_ca = MakeError(ErrorCode::kFailedPrecondition, "token.no_ca",
                                "本部の CA 証明書 /x/pki/ca.pem がないか読めません。");
  EXPECT_EQ(OperatorLines(no_ca),
            "kakunin-server: 本部の CA 証明書 /x/pki/ca.pem がないか読めません。\n"
            "  （詳細: token.no_ca）\n");

  // A reason with no words of its own: the detail alone, as before.
  const Error other = MakeError(ErrorCode::kInternal, "subsidy.unknown_programme", "no such one");
  EXPECT_FALSE(OperatorText(other).has_value());
  EXPECT_EQ(OperatorLines(other), "kakunin-server: subsidy.unknown_programme: no such one\n");
}

// Once the command is known, a usage mistake points to that command's help, not to a
// placeholder the operator must fill in.
TEST(ServerOperatorText, AUsageMistakeNamesTheCommandsHelp) {
  cli::SetCommandForHelp("token issue");
  const Error flag = MakeError(ErrorCode::kInvalidArgument, "cli.unknown_flag",
                               "--sight というオプションはありません");
  EXPECT_EQ(OperatorLines(flag),
            "kakunin-server: --sight というオプションはありません。kakunin-server token issue "
            "--help で使い方を確認できます。\n  （詳細: cli.unknown_flag）\n");
  cli::SetCommandForHelp("site add");
  auto route = OperatorText(MakeError(ErrorCode::kInvalidArgument, "route.bad_path", "detail"));
  ASSERT_TRUE(route.has_value());
  EXPECT_NE(route->find("（kakunin-server site add --help）"), std::string::npos) << *route;
  cli::SetCommandForHelp("");
}

}  // namespace
}  // namespace kakunin::server
