#pragma once
// The agent's side of AgentService: enrollment (server-authenticated TLS, one-time token) and
// delivering results over the mutual-TLS stream until the server acknowledges them durably.
// HQ may have several addresses (replicas): each call tries them in order, moving on when an
// address cannot be reached or breaks off before HQ answered.

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/uplink/terminal_state.h"
#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

struct EnrollOptions {
  std::vector<std::string> servers;  // HOST:PORT, in order of preference; all are kept
  std::string token;
  std::string ca_file;  // trust anchor for the server's certificate (from HQ)
  std::string ca_pem;   // the same, already in hand (an enrollment bundle); wins over ca_file
  std::string state_dir;
  v1::TerminalFacts facts;
};

// An address that does not complete TCP and TLS within this is given up (the next one is tried).
inline constexpr std::chrono::seconds kConnectTimeout{10};

// Generates the key pair here, sends the CSR, stores certificate and state. The addresses are
// checked first (agent.bad_server); an unreachable one is passed over, a refusal is final.
Result<v1::EnrollResponse> Enroll(const EnrollOptions& options);

// Opens the stream, sends hello + the results, waits until the server acknowledges
// every sequence, and returns the acknowledged sequence. `timeout` applies to each address
// tried; once HQ welcomed the terminal at one, a later failure is not retried elsewhere.
// Renews the device certificate on the way (new key pair, CSR over the stream) when it expires
// within `renew_before`; the new pair is saved crash-safely and used from the next connection.
inline constexpr std::chrono::hours kRenewBefore{24 * 30};
// What HQ said on the way that the outbox must act on before it drops what HQ acknowledged.
struct DeliveryNotes {
  uint64_t welcome_acked = 0;   // HQ's acknowledgement when it welcomed the terminal
  std::vector<uint64_t> taken;  // sequences HQ holds for other results (rpc::kSequenceTaken)
  // Results HQ refused for good (any other Reject): sequence and HQ's reason. HQ stores a
  // refusal in their place and acknowledges them, so they must be noted before that.
  std::vector<std::pair<uint64_t, std::string>> refused;
};
Result<uint64_t> DeliverResults(const TerminalState& state, const v1::TerminalFacts& facts,
                                const std::vector<v1::CheckResult>& results,
                                std::chrono::seconds timeout,
                                std::chrono::hours renew_before = kRenewBefore,
                                DeliveryNotes* notes = nullptr);

// The mutual-TLS channel to HQ at `server` (one of its addresses) with the terminal's current
// key and certificate. Each channel makes its own connection (see kConnectTimeout).
std::shared_ptr<grpc::Channel> DeviceChannel(const TerminalState& state, const std::string& server);
Result<std::chrono::system_clock::time_point> CertificateNotAfter(const TerminalState& state);

// HQ's refusal of this terminal in `e`, a failed connection to `server`: "device.pending",
// "device.revoked", "device.stale_certificate" (HQ holds a newer certificate of this terminal),
// "device.unknown" (HQ has no record of this terminal: restored from an older backup),
// or "" for any other failure (an outage above all). HQ refuses a revoked
// certificate twice: in Connect, by name, and (once the revocation reached that replica's
// handshake check) in the TLS handshake, which the terminal hears only as a closed socket. Such
// a failure is told from an outage by HQ's health check (`probe` each): answered without the
// certificate, not with it, and again without it, while the certificate is within its dates,
// HQ refuses it. The daemon shows such an inferred refusal only when the next round infers it
// again (RefusalConfirmation): a flapping link must not read as a revocation.
inline constexpr std::chrono::seconds kHandshakeProbe{3};
std::string HqRefusal(const Error& e, const TerminalState& state, const std::string& server,
                      std::chrono::milliseconds probe = kHandshakeProbe);

// A fresh key pair and its CSR, when the certificate expires within `renew_before` (else
// nullopt). The key stays here until HQ's certificate comes back (SaveRenewedCertificate).
struct Renewal {
  std::string key_pem;
  std::string csr_pem;
};
Result<std::optional<Renewal>> PrepareRenewal(const TerminalState& state,
                                              std::chrono::hours renew_before);

}  // namespace kakunin::agent
