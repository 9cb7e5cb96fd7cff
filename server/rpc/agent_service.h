#pragma once
// AgentService: enrollment with a one-time token, and the long-lived stream of each terminal.
// The device is identified by its client certificate (verified by TLS against the device CA);
// a device id in a message is never trusted. Revoking a device cancels its live stream at once.
//
// Streams use gRPC's callback API (a reactor per stream, no thread per stream), so one server
// holds thousands of idle terminals; result batches go to the IngestWriter and are acknowledged
// only after their durable commit.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/core/token_bucket.h"
#include "kakunin/v1/agent.grpc.pb.h"
#include "server/auth/login_gate.h"
#include "server/ingest/ingest_writer.h"
#include "server/pki/device_ca.h"
#include "server/rpc/blocking_work.h"
#include "server/storage/fleet_store.h"
#include "server/storage/visual_allowance_store.h"

namespace kakunin::server {

class AgentStream;

// Settings every terminal gets in its TerminalConfig, whatever its site.
struct FleetSettings {
  uint32_t catchup_rate_per_second = 200;  // resend pace after an outage (0 = unlimited)
  uint32_t outbox_warn_depth = 10000;      // queue depth that raises a terminal's warning
};

// Connect is served as raw bytes: the server parses each message itself, so a message that
// protobuf refuses (a text field that is not UTF-8) is answered as such instead of looking like
// the terminal closing its side.
class AgentServiceImpl final
    : public v1::AgentService::WithRawCallbackMethod_Connect<v1::AgentService::Service> {
 public:
  AgentServiceImpl(FleetStore* store, IngestWriter* writer, const DeviceCa* ca,
                   int cert_lifetime_days)
      : store_(store), writer_(writer), ca_(ca), cert_lifetime_days_(cert_lifetime_days) {}

  grpc::Status Enroll(grpc::ServerContext* ctx, const v1::EnrollRequest* req,
                      v1::EnrollResponse* resp) override;
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* Connect(
      grpc::CallbackServerContext* ctx) override;

  // Cuts the device's live streams (revocation).
  void Disconnect(const std::string& device_id);
  // The settings a terminal gets (its site's, its own route, the fleet's pacing).
  Result<v1::TerminalConfig> ConfigFor(const std::string& device_id, const std::string& site_id);
  // Sends the device's current settings to its live streams on this replica (a site or route
  // change heard through the database).
  void PushConfig(const std::string& device_id);
  // Sends a message to every live stream (signed audit heads, config changes).
  void Broadcast(const v1::ServerMessage& message);
  // The newest signed head, sent to each terminal when it connects.
  void SetNewestHead(const v1::SignedAuditHead& head);
  size_t connected() const;
  // Each device with a live stream here, once.
  std::vector<std::string> ConnectedDeviceIds() const;
  // Times a stream stopped being read because its terminal left its answers unread.
  uint64_t paused_reads() const { return paused_reads_.load(std::memory_order_relaxed); }
  // Times a stream was not read further because its batches in flight held 8 MiB or more.
  uint64_t byte_holds() const { return byte_holds_.load(std::memory_order_relaxed); }
  // Times a stream was read more slowly because its terminal sent results faster than HQ allows.
  uint64_t rate_holds() const { return rate_holds_.load(std::memory_order_relaxed); }
  void SetFleetSettings(FleetSettings settings) { fleet_ = settings; }
  // Proxies in front (ClientSource): an enrollment through one is limited per connection.
  void SetTrustedProxies(std::vector<std::string> proxies) {
    trusted_proxies_ = std::move(proxies);
  }
  // Most streams one terminal holds at once (0 = no limit); a new one beyond it closes the
  // terminal's oldest. One is the rule; the others are reconnects whose old TCP connection has
  // not timed out yet, or a second copy of a terminal (a cloned disk) that should not lose its
  // stream at every reconnect of the first.
  static constexpr size_t kStreamsPerTerminal = 4;
  void SetStreamsPerTerminal(size_t n) { streams_per_terminal_ = n; }
  // New streams one terminal may open per minute, in bursts of as many (0 = no limit). Opening
  // one costs the shared database several queries before anything else: a terminal
  // reconnecting in a tight loop (a broken agent, a copied key) must not take that from every
  // branch. An agent's reconnect backoff (1 s, doubling) stays below it.
  static constexpr uint32_t kStreamOpensPerMinute = 60;
  void SetStreamOpensPerMinute(uint32_t n) { stream_opens_per_minute_ = n; }
  // Streams whose opening (the device, its settings and allowances, read from the database)
  // waits for a thread of blocking_; beyond, a new one is refused with server.busy.
  static constexpr size_t kOpeningThreads = 4;
  static constexpr size_t kMaxWaitingOpens = 20000;
  // Issue 19: branch managers' one-time 目視確認 allowances, sent to a terminal when it connects
  // and by PushVisualAllowances (a grant heard through the database). None until set.
  void SetVisualAllowances(VisualAllowanceStore* allowances) { allowances_ = allowances; }
  void PushVisualAllowances(const std::string& device_id);

 private:
  friend class AgentStream;
  // A device that renewed its certificate less than kRenewSpacing ago is not renewed again.
  static constexpr std::chrono::minutes kRenewSpacing{10};
  bool MayRenew(const std::string& device_id);
  void NoteRenewed(const std::string& device_id);
  // Takes one of the device's renewal tries (6 at once, then one per 2 minutes), counted whatever
  // their outcome; false when none is left.
  bool MayTryRenewal(const std::string& device_id);
  // Takes one of the device's stream openings (a token bucket); false when none is left.
  bool MayOpenStream(const std::string& device_id);
  // Takes one of the device's writes of a changed 資格確認端末 certificate report: 10 at once,
  // then one per 6 minutes. A report changes about once a year; one that alternates between two
  // would otherwise make every heartbeat a committed write on the opening threads.
  bool MayRecordTerminalCertificate(const std::string& device_id);
  // HQ's own limit on one terminal's results, all its streams together: twice the catch-up rate
  // it asks terminals to keep (an agent that keeps it is never held), in bursts of ten seconds'
  // worth. A terminal that ignores it (a broken or altered agent) would take the shared writer
  // and every console's live view from the other branches. Takes `n` results already read;
  // returns how long to wait before reading that terminal again (zero: at once; always zero
  // when the catch-up rate is unlimited).
  std::chrono::steady_clock::duration TakeResults(const std::string& device_id, uint32_t n);
  // The rate TakeResults allows (0: no limit), as HQ's log states it.
  uint64_t ResultsPerSecondLimit() const { return 2 * uint64_t{fleet_.catchup_rate_per_second}; }
  // How long the device still owes (zero when nothing): a new stream of a terminal in debt is
  // not read until then, or reconnecting would get round the limit.
  std::chrono::steady_clock::duration ResultsOwed(const std::string& device_id);
  // Whether a refused renewal is the device's first in kRenewSpacing (then it is recorded).
  bool NoteRenewalRefused(const std::string& device_id);
  void Register(const std::string& device_id, AgentStream* stream);
  void Unregister(const std::string& device_id, AgentStream* stream);

  FleetStore* store_;
  IngestWriter* writer_;
  const DeviceCa* ca_;
  int cert_lifetime_days_;
  FleetSettings fleet_;
  size_t streams_per_terminal_ = kStreamsPerTerminal;
  uint32_t stream_opens_per_minute_ = kStreamOpensPerMinute;
  std::vector<std::string> trusted_proxies_;
  std::mutex opens_mu_;  // the maps of buckets
  std::unordered_map<std::string, TokenBucket> opens_, cert_reports_, renew_tries_, results_;
  VisualAllowanceStore* allowances_ = nullptr;
  mutable std::mutex mu_;
  std::multimap<std::string, AgentStream*> live_;
  std::optional<v1::SignedAuditHead> newest_head_;
  std::atomic<uint64_t> paused_reads_{0}, byte_holds_{0}, rate_holds_{0};
  // Its own lock: taken under a stream's, which mu_ must never be (Broadcast's order).
  std::mutex renew_mu_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> renewed_at_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> refused_at_;
  // Enrollment needs no credentials: refusals are throttled per source like console logins
  // (each is audited, and the audit chain must not be flooded); two run at a time. Every
  // attempt's "login" is the same word, so a limit on it would let one stranger's refusals
  // lock every branch out of enrolling: there is none.
  LoginGate enroll_gate_{LoginGateOptions{
      .max_hashing = 2, .max_waiting = 16, .failures_per_login = std::numeric_limits<int>::max()}};
  // Last member: destroyed (drained, joined) first, while what its tasks use still exists.
  BlockingWork blocking_{kOpeningThreads, kMaxWaitingOpens};
};

}  // namespace kakunin::server
