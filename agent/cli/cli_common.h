#pragma once
// Helpers shared by kakunin-agent's commands.

#include <nlohmann/json.hpp>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

inline constexpr char kAgentVersion[] = "0.1.0";

// Prints the error (JSON on stdout when asked, one line on stderr); returns the exit code:
// 2 for command-line mistakes ("cli.*"), 1 otherwise.
int Fail(const Error& e, bool json);
v1::TerminalFacts LocalFacts();
std::string NewUuid();
std::string OutcomeId(v1::Outcome outcome);  // "eligible", "certificate_revoked", ...
Result<std::string> ReadFile(const std::string& path);
nlohmann::json EligibilityJson(const v1::Eligibility& e);

}  // namespace kakunin::agent
