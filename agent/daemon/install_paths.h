#pragma once
// Where the installed agent keeps its state, its settings and its local API endpoint.
// Linux: the Debian package's paths (deploy/systemd/kakunin-agent.service). Windows: under
// %ProgramData%\Kakunin (resolved through the shell, not assumed on C:), whose ACL the service
// sets (agent/daemon/windows_service.h).

#include <string>

#ifdef _WIN32
#include "common/os/win_security.h"
#endif

namespace kakunin::agent {

#ifdef _WIN32
inline std::string SystemStateDir() { return os::ProgramDataDir() + "\\Kakunin"; }
inline std::string SystemConfig() { return SystemStateDir() + "\\agent.toml"; }
// Not a socket on Windows: a file naming the loopback port and the secret (common/os/local_ipc.h).
inline constexpr char kSocketName[] = "agent.endpoint";
inline std::string SystemSocket() { return SystemStateDir() + "\\agent.endpoint"; }
#else
inline std::string SystemStateDir() { return "/var/lib/kakunin-agent"; }
inline std::string SystemConfig() { return "/etc/kakunin/agent.toml"; }
inline constexpr char kSocketName[] = "agent.sock";
// The daemon's group (staff accounts) reaches the socket in a directory of its own.
inline std::string SystemSocket() { return "/run/kakunin-agent/agent.sock"; }
#endif

}  // namespace kakunin::agent
