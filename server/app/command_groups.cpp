#include "server/app/command_groups.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "common/cli/language.h"
#include "common/core/result.h"
#include "server/app/app_common.h"

namespace kakunin::server {
namespace {

// A group's commands (`kakunin-server site add`, …), for `kakunin-server GROUP --help` and for
// the group's name typed alone or with a word it does not have.
struct GroupCommand {
  std::string name;
  std::string en, ja;  // what it does, for the group's help
};
using Groups = std::map<std::string, std::vector<GroupCommand>>;

const Groups& CommandGroups() {
  static const Groups* groups = new Groups{
      {"admin", {{"create", "create a console user", "管理コンソールのユーザーを作成する"}}},
      {"site",
       {{"add", "add a site, or change the options given of one already added",
         "店舗を登録する（登録済みの店舗では、指定した設定だけを変える）"},
        {"route", "set how a site's terminals reach the eligibility service",
         "店舗の端末がオンライン資格確認に照会する経路を設定する"},
        {"import", "add or update many sites from a CSV file",
         "CSV ファイルから店舗をまとめて登録・更新する"}}},
      {"terminal",
       {{"route", "set one terminal's own route, or put it back on its site's",
         "1 台の端末だけの照会の経路を設定する（店舗の経路に戻すこともできる）"}}},
      {"token",
       {{"issue", "issue a one-time token (and bundle) that enrolls a terminal",
         "端末の登録に 1 回だけ使えるトークン（と登録用の文字列）を発行する"}}},
      {"retention",
       {{"run", "delete the patient data past its re-view window (翌月末)",
         "再確認できる期間（翌月末まで）を過ぎた患者情報を消去する"}}},
      {"audit",
       {{"verify", "check the audit log for changes, against signed heads and witnesses",
         "監査ログが改ざんされていないか、署名済みチェックポイントと照合して確かめる"},
        {"export", "write audit records as CSV or JSON lines",
         "監査ログの記録を CSV か JSON Lines で書き出す"},
        {"heads", "write the signed audit heads as JSON lines",
         "署名済みチェックポイントを JSON Lines で書き出す"}}},
      {"subsidy",
       {{"summary", "print HQ's daily subsidy summary", "本部向けの補助金の日次集計を表示する"}}}};
  return *groups;
}

// `kakunin-server site --help`: the group's commands, one a line with what each does.
std::string GroupHelp(const std::string& group, const std::vector<GroupCommand>& commands) {
  std::string names;
  for (const auto& c : commands) names += (names.empty() ? "" : "|") + c.name;
  std::ostringstream out;
  out << cli::Localized("Usage: kakunin-server ", "使い方: kakunin-server ") << group << " "
      << names << cli::Localized(" [options]\n\nCommands:\n", " [オプション]\n\nコマンド:\n");
  for (const auto& c : commands) {
    const std::string left = "  " + group + " " + c.name;
    out << left << std::string(left.size() < 20 ? 20 - left.size() : 1, ' ')
        << cli::Localized(c.en, c.ja) << "\n";
  }
  const std::string example = "kakunin-server " + group + " " + commands.front().name + " --help";
  out << "\n"
      << cli::Localized("Run a command with --help for its options, e.g. " + example + ".\n",
                        "各コマンドのオプションは、コマンドに --help を付けると表示されます\n"
                        "（例: " +
                            example + "）。\n");
  return out.str();
}

}  // namespace

std::optional<int> AnswerGroupWithoutCommand(const std::string& a1, const std::string& a2) {
  auto group = CommandGroups().find(a1);
  if (group == CommandGroups().end()) return std::nullopt;
  const auto& commands = group->second;
  if (std::any_of(commands.begin(), commands.end(),
                  [&](const GroupCommand& c) { return c.name == a2; })) {
    return std::nullopt;
  }
  if (a2 == "--help" || a2 == "-h" || a2 == "help") {
    std::cout << GroupHelp(a1, commands);
    return 0;
  }
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + a1 + " " + c.name;
  const std::string help = "kakunin-server " + a1 + " --help";
  if (a2.empty() || a2[0] == '-') {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.unknown_command",
                  cli::Localized(a1 + " needs a command: " + list + " (" + help + ")",
                                 a1 + " の後にコマンドを指定してください。" + a1 +
                                     " のコマンド: " + list + "（" + help + " で説明を表示）")));
  }
  const std::string typed = a1 + " " + a2;
  return Fail(MakeError(
      ErrorCode::kInvalidArgument, "cli.unknown_command",
      cli::Localized("unknown command '" + typed + "'; " + a1 + " has: " + list + " (" + help + ")",
                     "'" + typed + "' というコマンドはありません。" + a1 + " のコマンド: " + list +
                         "（" + help + " で説明を表示）")));
}

}  // namespace kakunin::server
