#pragma once
// What `kakunin-agent status` prints: the daemon's AgentStatus as plain Japanese, or as JSON.

#include <string>

#include "kakunin/v1/local.pb.h"

namespace kakunin::agent {

// What `status` prints without --json, in plain Japanese: HQ's connection or its refusal, the
// results waiting, the reader, the certificate, the route's folders and their problems as what
// to do. Ids (the route's, the reader's name) stay in brackets for support.
std::string StatusText(const v1::AgentStatus& s);

// `status`'s output on stdout: StatusText, or one JSON object with `json`.
void PrintStatus(const v1::AgentStatus& s, bool json);

}  // namespace kakunin::agent
