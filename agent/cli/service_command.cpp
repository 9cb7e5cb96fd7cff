#include "agent/cli/service_command.h"

#include <iostream>

#include "agent/cli/agent_app.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/daemon_commands.h"
#include "agent/daemon/install_paths.h"
#include "agent/uplink/terminal_state.h"

#ifdef _WIN32
#include "agent/daemon/windows_service.h"
#endif

namespace kakunin::agent {
namespace {

#ifdef _WIN32
constexpr char kUsage[] =
    "Usage: kakunin-agent service install|uninstall|start|stop|status\n\n"
    "Windows のサービス KakuninAgent（資格確認エージェント）を管理します。\n"
    "  install    サービスを登録します（LocalService、遅延自動起動、失敗時は再起動）。\n"
    "             状態フォルダー %ProgramData%\\Kakunin "
    "のアクセス権も設定します。管理者が実行します。\n"
    "  uninstall  サービスを止めて登録を外します（状態フォルダーと送信待ちの結果は残ります）。\n"
    "  start      サービスを開始し、実行中になるまで待ちます。\n"
    "  stop       サービスを停止し、停止するまで待ちます。\n"
    "  status     サービスの状態（RUNNING、STOPPED など）を表示します。\n"
    "  run        サービス管理 (SCM) "
    "が起動するときの入口です（手で実行するものではありません）。\n";

int Done(const Status& s, const std::string& ok_message) {
  if (!s.ok()) return Fail(s.error(), false);
  std::cout << ok_message << "\n";
  return 0;
}

int RunService() {
  ServiceHooks hooks;
  hooks.enrolled = [] { return LoadTerminalState(SystemStateDir()).ok(); };
  hooks.enroll = [](const std::string& bundle) {
    return EnrollWithBundle(bundle, SystemStateDir());
  };
  hooks.run_daemon = [](const std::function<void(const std::string&)>& init_logging) {
    // `kakunin-agent run` with its defaults: the state folder and agent.toml under ProgramData.
    char program[] = "kakunin-agent", run[] = "run";
    char* argv[] = {program, run, nullptr};
    return RunCommand(2, argv, init_logging);
  };
  return RunAsService(std::move(hooks));
}
#endif

}  // namespace

Result<ServiceVerb> ParseServiceArgs(const std::vector<std::string>& args) {
  auto usage = [](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.usage", why);
  };
  if (args.empty())
    return usage("service のあとに install|uninstall|start|stop|status を指定してください");
  if (args.size() > 1) return usage("service " + args[0] + " に余分な引数があります: " + args[1]);
  const std::string& word = args[0];
  if (word == "install") return ServiceVerb::kInstall;
  if (word == "uninstall") return ServiceVerb::kUninstall;
  if (word == "start") return ServiceVerb::kStart;
  if (word == "stop") return ServiceVerb::kStop;
  if (word == "status") return ServiceVerb::kStatus;
  if (word == "run") return ServiceVerb::kRun;
  if (word == "--help" || word == "-h" || word == "help") return ServiceVerb::kHelp;
  return usage("service の不明なサブコマンドです: " + word);
}

int ServiceCommand(int argc, char** argv) {
#ifndef _WIN32
  (void)argc;
  (void)argv;
  std::cerr << "kakunin-agent: service コマンドは Windows 専用です。Linux では systemd で動かします"
               "（systemctl enable --now kakunin-agent）。\n";
  return 2;
#else
  auto verb = ParseServiceArgs(std::vector<std::string>(argv + 2, argv + argc));
  if (!verb.ok()) {
    std::cerr << "kakunin-agent: " << verb.error().message() << "\n\n" << kUsage;
    return 2;
  }
  constexpr auto kWait = std::chrono::seconds(30);
  switch (*verb) {
    case ServiceVerb::kHelp:
      std::cout << kUsage;
      return 0;
    case ServiceVerb::kInstall: {
      std::vector<std::string> warnings;
      const Status s = InstallService(&warnings);
      for (const auto& w : warnings) std::cerr << "kakunin-agent: 警告: " << w << "\n";
      return Done(s, "サービス KakuninAgent を登録しました（" + SystemStateDir() +
                         "）。開始: kakunin-agent service start");
    }
    case ServiceVerb::kUninstall:
      return Done(UninstallService(), "サービス KakuninAgent の登録を外しました（" +
                                          SystemStateDir() + " は残しています）");
    case ServiceVerb::kStart:
      return Done(StartAgentService(kWait), "サービス KakuninAgent: RUNNING（実行中）");
    case ServiceVerb::kStop:
      return Done(StopAgentService(kWait), "サービス KakuninAgent: STOPPED（停止）");
    case ServiceVerb::kStatus: {
      auto state = QueryServiceState();
      if (!state.ok()) return Fail(state.error(), false);
      std::cout << "サービス KakuninAgent: " << *state << "\n";
      return 0;
    }
    case ServiceVerb::kRun:
      return RunService();
  }
  return 2;
#endif
}

}  // namespace kakunin::agent
