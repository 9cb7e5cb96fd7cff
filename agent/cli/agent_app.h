#pragma once
// kakunin-agent's commands (library, so tests and the daemon share them):
//   enroll     register this terminal with HQ using a one-time token
//   check      wait for a card, read it, record the check and deliver it to HQ
//   card-info  diagnose the reader and card (JSON with --json)

namespace kakunin::agent {

int AgentMain(int argc, char** argv);

}  // namespace kakunin::agent
