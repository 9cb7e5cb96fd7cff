#pragma once
// What an enrolled terminal keeps on disk (its state directory, mode 0700):
//   device.key (0600)  private key, generated here, never sent anywhere (sealed with DPAPI on
//                      Windows, common/os/secret.h)
//   device.pem         certificate from HQ's device CA
//   ca.pem             the device CA (trust anchor for the server's TLS certificate)
//   device.json        device id, site id, HQ's addresses, verification code
//   outbox.db          results not yet acknowledged, and recent ones (agent/store)

#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

struct TerminalState {
  std::string dir;
  std::string device_id;
  std::string site_id;
  // HQ's addresses (HOST:PORT) in order of preference: each connection tries them in turn.
  std::vector<std::string> servers;
  std::string verification_code;
  std::string key_pem;
  std::string cert_pem;
  std::string ca_pem;
};

// At most this many HQ addresses (as in an enrollment bundle).
inline constexpr size_t kMaxServers = 8;
// "HOST:PORT,HOST:PORT,…" as given on a command line: blanks around an address are ignored.
// Errors: agent.bad_server (kInvalidArgument), naming the address and what is wrong with it.
Result<std::vector<std::string>> ParseServerList(const std::string& text);
// Checks a list of addresses: 1 to kMaxServers, each HOST:PORT (port 1–65535, an IPv6 host in
// brackets), at most 255 bytes, no control characters or blanks. A repeated address is kept
// once, where it first appears. Errors: agent.bad_server (kInvalidArgument).
Result<std::vector<std::string>> CheckServers(const std::vector<std::string>& servers);

// device.json keeps "servers" and, for an older agent binary, "server" (the first of them); a
// file with only "server" (written by an older agent) still loads.
Result<TerminalState> LoadTerminalState(const std::string& dir);
Status SaveTerminalState(const TerminalState& state);
// HQ's settings for this terminal as last received (config.json, protobuf JSON of
// TerminalConfig), so that an offline start still follows them.
// A renewed key and certificate replace the old pair; crash-safe (a pair is never mixed: the
// next load finishes an interrupted replacement).
Status SaveRenewedCertificate(const std::string& dir, const std::string& key_pem,
                              const std::string& cert_pem);

// Signed audit heads this terminal witnessed (newest first, JSON lines): an auditor passes the
// file to `kakunin-server audit verify --witness`, and a rewritten history fails against it.
// Which heads are kept: common/audit/witness.h (the newest 32, and one a day for 400 days).
inline constexpr char kWitnessFile[] = "audit_heads.jsonl";
Status KeepWitnessHead(const std::string& dir, const v1::SignedAuditHead& head);
Status SaveTerminalConfig(const std::string& dir, const std::string& json);
Result<std::string> LoadTerminalConfig(const std::string& dir);

}  // namespace kakunin::agent
