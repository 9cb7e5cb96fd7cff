#pragma once
// `kakunin-agent run`: the terminal's daemon. Owns the reader (one card operation at a time),
// the outbox and the uplink; serves AgentLocal on a Unix socket in the state directory
// (directory 0700, socket 0660) until SIGTERM or SIGINT.

#include <chrono>
#include <string>

#include "agent/daemon/agent_core.h"
#include "agent/daemon/terminal_files.h"
#include "agent/daemon/uplink_loop.h"
#include "common/core/result.h"

namespace kakunin::agent {

inline constexpr char kSocketName[] = "agent.sock";
// The installed daemon (deploy/systemd/kakunin-agent.service): its state directory stays 0700,
// and its socket lives in a directory of its own where the daemon's group (staff accounts) may
// reach it.
inline constexpr char kSystemStateDir[] = "/var/lib/kakunin-agent";
inline constexpr char kSystemSocket[] = "/run/kakunin-agent/agent.sock";

struct DaemonOptions {
  std::string state_dir;
  std::string socket_path;  // "" = LocalSocketPath(state_dir)
  EligibilitySettings eligibility;
  UplinkOptions uplink;  // state_dir is filled in
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
