#pragma once
// kakunin-agent's commands (library, so tests and the daemon share them):
//   enroll     register this terminal with HQ using a one-time token
//   check      wait for a card, read it, record the check and deliver it to HQ
//   card-info  diagnose the reader and card (JSON with --json)

#include <string>

#include "common/core/result.h"

namespace kakunin::agent {

int AgentMain(int argc, char** argv);

// What `kakunin-agent enroll --bundle TEXT --state-dir DIR` does, for the Windows service's
// enrollment from the MSI's bundle; logs the device id and verification code.
Status EnrollWithBundle(const std::string& bundle, const std::string& state_dir);

}  // namespace kakunin::agent
