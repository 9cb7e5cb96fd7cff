#pragma once
// kakunin-agent's daemon commands:
//   run     the terminal's daemon (systemd: deploy/systemd/kakunin-agent.service)
//   status  asks the running daemon over its socket: connection, queue, reader, certificate
//   config-template  prints the documented agent.toml (run's options; needs no state)
// and `check` through a running daemon.

#include <functional>
#include <optional>
#include <string>

#include "kakunin/v1/local.pb.h"

namespace kakunin::agent {

// `init_logging(level)`, when given, replaces logging to stderr (the Windows service's logs).
int RunCommand(int argc, char** argv,
               const std::function<void(const std::string&)>& init_logging = nullptr);
int StatusCommand(int argc, char** argv);
int ConfigTemplateCommand(int argc, char** argv);

// `check` when this terminal's daemon runs: the daemon owns the reader, so the CLI asks it
// (RunCheck) instead of opening the card itself, and a CLI check never collides with the staff
// window. Returns the exit code, or nullopt when no daemon answers (the CLI reads the card).
std::optional<int> CheckThroughDaemon(const std::string& state_dir,
                                      const v1::RunCheckRequest& request, bool json);

}  // namespace kakunin::agent
