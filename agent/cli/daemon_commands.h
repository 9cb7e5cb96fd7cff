#pragma once
// kakunin-agent's daemon commands:
//   run     the terminal's daemon (systemd: deploy/systemd/kakunin-agent.service)
//   status  asks the running daemon over its socket: connection, queue, reader, certificate

namespace kakunin::agent {

int RunCommand(int argc, char** argv);
int StatusCommand(int argc, char** argv);

}  // namespace kakunin::agent
