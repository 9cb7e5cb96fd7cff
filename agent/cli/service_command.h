#pragma once
// `kakunin-agent service install|uninstall|start|stop|status|run`: the Windows service
// (agent/daemon/windows_service.h). On Linux the command only says to use systemd (exit 2).

#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::agent {

enum class ServiceVerb { kInstall, kUninstall, kStart, kStop, kStatus, kRun, kHelp };

// The words after "service". Errors: cli.usage (kInvalidArgument) for a missing, unknown or
// extra word.
Result<ServiceVerb> ParseServiceArgs(const std::vector<std::string>& args);

int ServiceCommand(int argc, char** argv);

}  // namespace kakunin::agent
