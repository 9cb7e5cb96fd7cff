#pragma once
// The daemon's uplink: one long-lived mutual-TLS stream to HQ. HQ may have several addresses:
// each connection round tries them in order of preference, once each, until one welcomes the
// terminal; exponential backoff with jitter comes only after a whole round failed. Every round
// starts at the first address, so a preferred address that recovered is used again on the next
// reconnect. On every connection it resends what the outbox still holds, oldest first, in
// batches, no faster than HQ's catch-up rate (token bucket), with a bounded number of
// unacknowledged results in flight; a result leaves the outbox only when HQ acknowledges its
// sequence. It also sends heartbeats, applies and keeps HQ's settings, keeps signed audit heads
// as a witness, and renews the device certificate before it expires.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "agent/daemon/pacing.h"
#include "agent/daemon/status_board.h"
#include "agent/daemon/terminal_cert.h"
#include "agent/daemon/visual_allowance_slot.h"
#include "agent/store/local_store.h"
#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "kakunin/v1/agent.grpc.pb.h"

namespace kakunin::agent {

// A store's count, or `fallback` when it cannot be read (the uplink goes on either way).
template <typename T>
T ValueOr(Result<T> r, T fallback) {
  return r.ok() ? std::move(*r) : std::move(fallback);
}

// How long the terminal shows and keeps what HQ refused (LocalStore::Refusals).
constexpr std::chrono::days kRefusalsShown{30};
// How long a welcomed session must last, without an acknowledgement, to count as one that got
// somewhere (see Session).
constexpr std::chrono::seconds kSettledSession{60};

struct UplinkOptions {
  std::string state_dir;
  std::vector<std::string> servers;  // overrides the enrolled addresses when not empty
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{60000};
  std::chrono::milliseconds heartbeat{30000};
  // A stream HQ accepted but does not welcome within this is given up (an HQ process that hangs
  // would otherwise hold the terminal on it for good, its other addresses never tried).
  std::chrono::milliseconds welcome_timeout{30000};
  // After a welcome from an HQ that echoes heartbeats: nothing heard from it for this long and
  // the connection is taken for dead (a cut cable or a dropped NAT entry leaves a half-open
  // connection that looks connected until TCP gives up, ~15 minutes). Three heartbeats and then
  // some: one late echo is no reason to reconnect.
  std::chrono::milliseconds hq_silence{100000};
  uint32_t batch_max = 500;  // results in one ResultBatch
  uint64_t window = 2000;    // results sent but not yet acknowledged
  std::chrono::hours renew_before = kRenewBefore;
};

class UplinkLoop {
 public:
  UplinkLoop(UplinkOptions options, StatusBoard* board);
  ~UplinkLoop();
  // Opens the uplink's own outbox connection and starts the thread.
  Status Start();
  void Stop();
  // A result was saved; `heartbeat_now` when HQ must hear about the queue at once.
  void Wake(bool heartbeat_now);
  // Issue 19: where the branch manager's one-time 目視確認 allowances from HQ go (set before
  // Start; none: they are logged and dropped).
  void SetVisualAllowances(VisualAllowanceSlot* slot) { allowances_ = slot; }
  // Called with HQ's time at every welcome (the uplink's thread; before Start).
  void SetOnHqTime(std::function<void(int64_t)> on_hq_time) { on_hq_time_ = std::move(on_hq_time); }
  // Puts HQ's refusals of the last kRefusalsShown days on the status board (also at Start and
  // at each refusal).
  void ShowRefusals();

 private:
  using Stream = grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>;
  // What the session's watchdog knows: the welcome's deadline, then HQ's silence.
  struct SessionWatch {
    std::mutex mu;
    std::condition_variable cv;
    bool greeted = false, echoes = false, over = false;
    std::chrono::steady_clock::time_point last_heard;
  };
  void Watch(SessionWatch& watch, grpc::ClientContext& ctx, const std::string& server);
  void Run();
  // One connection to `server`, until it breaks or Stop(). OK when HQ welcomed the terminal;
  // else why this address did not (nothing was exchanged: the next address may be tried).
  // `settled`: the session got an acknowledgement or lasted kSettledSession; only then does the
  // next attempt start from the shortest delay.
  Status Session(const TerminalState& state, const std::string& server, bool& settled);
  // False when HQ did not welcome the terminal; `echoes` says whether it answers heartbeats.
  bool Greet(Stream& stream, const TerminalState& state, const std::string& server, bool& echoes);
  void WriteLoop(Stream& stream, const TerminalState& state);
  // Asks HQ to renew the certificate when it is due and no renewal is in flight; false when
  // the stream would not take it.
  bool OfferRenewal(Stream& stream, const TerminalState& state);
  // Under mu_: whether everything below the lowest of gaps_ is acknowledged; then ends the
  // session (once per gap: the next hello closes it).
  bool GapReachedLocked();
  void ReadLoop(Stream& stream, grpc::ClientContext& ctx, const TerminalState& state,
                SessionWatch& watch);
  void Handle(const v1::ServerMessage& msg, grpc::ClientContext& ctx, const TerminalState& state);
  void OnRenewed(const v1::RenewResponse& renewed, grpc::ClientContext& ctx,
                 const TerminalState& state);
  void OnAck(uint64_t hq_up_to);
  void RecountDepth();
  void ApplyConfig(const v1::TerminalConfig& config);
  void OnVisualAllowance(const v1::VisualAllowance& allowance);
  v1::AgentMessage MakeHeartbeat();
  // The outcome of a read of the outbox (`failure` null: it worked), on the writer's thread
  // under store_mu_: a failure is logged once and put on the status board (the heartbeat tells
  // HQ) until a read works again.
  void NoteOutboxRead(const Error* failure, uint64_t after);
  void ApplyRate(const v1::TerminalConfig& config);

  UplinkOptions options_;
  StatusBoard* board_;
  std::function<void(int64_t)> on_hq_time_;
  TerminalCertWatch terminal_cert_;  // read before each heartbeat (one stat when unchanged)
  VisualAllowanceSlot* allowances_ = nullptr;
  std::mutex store_mu_;
  std::unique_ptr<LocalStore> store_;
  std::thread thread_;

  std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  bool stopping_ = false, wake_ = false, beat_now_ = false, session_over_ = false;
  bool reconnect_at_once_ = false;
  // Results set aside (their rows do not open) whose numbers HQ has not closed yet; see
  // GapReachedLocked.
  std::set<uint64_t> gaps_;
  bool config_seen_ = false;         // HQ's settings arrived on this connection
  bool outbox_read_failed_ = false;  // the writer's thread: see NoteOutboxRead
  bool acked_in_session_ = false;    // HQ acknowledged something on this connection
  bool hq_older_ = false;            // HQ's result format is older: results are kept, not sent
  grpc::ClientContext* ctx_ = nullptr;
  uint64_t acked_ = 0, sent_ = 0;
  // The highest acknowledgement HQ gave, for the device as a whole: above sent_ when another PC
  // speaks as this terminal (a copied disk). New numbers are made above it.
  uint64_t hq_acked_ = 0, welcome_acked_ = 0;
  // The last sequence of each batch sent on this connection and not acknowledged yet, in order:
  // HQ answers each batch with its refusals, then one acknowledgement.
  std::deque<uint64_t> unanswered_;
  bool clone_warned_ = false;  // once per connection
  TokenBucket bucket_;
  std::optional<std::string> renewal_key_pem_;
  std::chrono::steady_clock::time_point next_renewal_offer_{};
  static constexpr std::chrono::hours kRenewalRetry{1};
  std::string newest_head_hash_;
};

}  // namespace kakunin::agent
