#pragma once
// `kakunin-agent run`: the terminal's daemon. Owns the reader (one card operation at a time),
// the outbox and the uplink; serves AgentLocal on a Unix socket in the state directory
// (directory 0700, socket 0660) until SIGTERM or SIGINT.

#include <chrono>
#include <string>

#include "agent/daemon/agent_core.h"
#include "agent/daemon/install_paths.h"
#include "agent/daemon/terminal_files.h"
#include "agent/daemon/uplink_loop.h"
#include "common/core/result.h"

namespace kakunin::agent {

struct DaemonOptions {
  std::string state_dir;
  std::string socket_path;  // "" = LocalSocketPath(state_dir)
  EligibilitySettings eligibility;
  UplinkOptions uplink;  // state_dir is filled in
  // How often the reader monitor looks while a check holds the reader or PC/SC is down (it
  // otherwise sleeps in SCardGetStatusChange: agent/daemon/reader_monitor.h).
  std::chrono::milliseconds reader_poll{500};
  std::string reader;  // "" = the first reader that gets a card
  // A check gives up on a card that stops answering this long after its card wait.
  std::chrono::seconds card_timeout{30};
  TerminalFilesOptions files;  // state_dir is filled in
};

// Blocks until SIGTERM/SIGINT; an error when the daemon cannot start (not enrolled, socket).
Status RunDaemon(DaemonOptions options);

// The socket a front-end should use for `state_dir` (or `socket_path` when given): the system
// socket for the system state directory, else <state_dir>/agent.sock.
std::string LocalSocketPath(const std::string& state_dir, const std::string& socket_path = "");

}  // namespace kakunin::agent
