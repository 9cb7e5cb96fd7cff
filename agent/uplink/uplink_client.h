#pragma once
// The agent's side of AgentService: enrollment (server-authenticated TLS, one-time token) and
// delivering results over the mutual-TLS stream until the server acknowledges them durably.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "agent/uplink/terminal_state.h"
#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

struct EnrollOptions {
  std::string server;  // HOST:PORT
  std::string token;
  std::string ca_file;  // trust anchor for the server's certificate (from HQ)
  std::string state_dir;
  v1::TerminalFacts facts;
};

// Generates the key pair here, sends the CSR, stores certificate and state.
Result<v1::EnrollResponse> Enroll(const EnrollOptions& options);

// Opens the stream, sends hello + the results, waits until the server acknowledges
// every sequence, and returns the acknowledged sequence.
// Renews the device certificate on the way (new key pair, CSR over the stream) when it expires
// within `renew_before`; the new pair is saved crash-safely and used from the next connection.
inline constexpr std::chrono::hours kRenewBefore{24 * 30};
Result<uint64_t> DeliverResults(const TerminalState& state, const v1::TerminalFacts& facts,
                                const std::vector<v1::CheckResult>& results,
                                std::chrono::seconds timeout,
                                std::chrono::hours renew_before = kRenewBefore);

}  // namespace kakunin::agent
