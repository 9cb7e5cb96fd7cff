#pragma once
// What an enrolled terminal keeps on disk (its state directory, mode 0700):
//   device.key (0600)  private key, generated here, never sent anywhere
//   device.pem         certificate from HQ's device CA
//   ca.pem             the device CA (trust anchor for the server's TLS certificate)
//   device.json        device id, site id, server address, verification code
//   outbox.db          results not yet acknowledged, and recent ones (agent/store)

#include <string>

#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

struct TerminalState {
  std::string dir;
  std::string device_id;
  std::string site_id;
  std::string server;
  std::string verification_code;
  std::string key_pem;
  std::string cert_pem;
  std::string ca_pem;
};

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
