#include "agent/daemon/uplink_loop.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <random>

#include "agent/cli/cli_common.h"
#include "common/audit/chain.h"
#include "common/domain/clock_skew.h"
#include "common/os/files.h"
#include "common/rpc/result_format.h"
#include "common/rpc/status.h"

namespace kakunin::agent {
namespace {

using google::protobuf::util::TimeUtil;

// The newest head this terminal witnessed (the file is kept newest first).
std::string NewestHeadHash(const std::string& dir) {
  std::ifstream in(os::PathFromUtf8(dir + "/" + kWitnessFile));
  std::string line;
  if (!std::getline(in, line)) return "";
  auto head = audit::HeadFromJson(line);
  return head.ok() ? ToString(head->root_hash) : "";
}

constexpr std::chrono::seconds kSettingsWait{2};

// Batches never exceed what the rate limit can grant at once.
uint32_t BatchSize(const TokenBucket& bucket, uint32_t batch_max) {
  return bucket.unlimited() ? batch_max : std::min(batch_max, bucket.burst());
}

}  // namespace

UplinkLoop::UplinkLoop(UplinkOptions options, StatusBoard* board)
    : options_(std::move(options)),
      board_(board),
      terminal_cert_(board),
      bucket_(0, options_.batch_max, TokenBucket::Clock::now()) {}

UplinkLoop::~UplinkLoop() { Stop(); }

Status UplinkLoop::Start() {
  KAKUNIN_ASSIGN_OR_RETURN(store_, LocalStore::Open(options_.state_dir + "/outbox.db"));
  newest_head_hash_ = NewestHeadHash(options_.state_dir);
  ShowRefusals();
  ApplyRate(board_->Snapshot().config());
  terminal_cert_.Refresh();  // offline starts show the counter's banner too
  thread_ = std::thread([this] { Run(); });
  return OkStatus();
}

// The refusals of the last kRefusalsShown days, on the status board (the staff window's banner,
// `status`); older ones are forgotten by the daemon's housekeeping.
void UplinkLoop::ShowRefusals() {
  Result<std::vector<LocalStore::Refusal>> refusals = std::vector<LocalStore::Refusal>{};
  {
    std::lock_guard lock(store_mu_);
    refusals = store_->Refusals(std::time(nullptr) - kRefusalsShown.count() * 86400);
  }
  if (!refusals.ok()) {
    spdlog::warn("uplink: HQ's refusals cannot be read: {}", refusals.error().ToString());
    return;
  }
  board_->Update([&](v1::AgentStatus& s) {
    s.set_refused_results(refusals->size());
    s.set_last_refusal(refusals->empty() ? "" : refusals->front().reason);
  });
}

void UplinkLoop::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (ctx_) ctx_->TryCancel();
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void UplinkLoop::Wake(bool heartbeat_now) {
  std::lock_guard lock(mu_);
  wake_ = true;
  beat_now_ = beat_now_ || heartbeat_now;
  cv_.notify_all();
}

void UplinkLoop::ApplyRate(const v1::TerminalConfig& config) {
  uint32_t rate = config.catchup_rate_per_second();
  std::lock_guard lock(mu_);
  bucket_.SetRate(rate, rate == 0 ? options_.batch_max : rate, TokenBucket::Clock::now());
}

void UplinkLoop::Run() {
  Backoff backoff(options_.backoff_base, options_.backoff_cap, std::random_device{}());
  RefusalConfirmation confirmation;
  while (true) {
    bool welcomed = false, settled = false;
    RecountDepth();  // offline too: what a CLI 再照会 saved meanwhile shows on the board
    auto state = LoadTerminalState(options_.state_dir);
    if (state.ok()) {
      if (auto not_after = CertificateNotAfter(*state); not_after.ok()) {
        board_->Update([&](v1::AgentStatus& s) {
          *s.mutable_certificate_not_after() =
              TimeUtil::SecondsToTimestamp(std::chrono::system_clock::to_time_t(*not_after));
        });
      }
      const auto& servers = options_.servers.empty() ? state->servers : options_.servers;
      board_->Update(
          [&](v1::AgentStatus& s) { s.mutable_servers()->Assign(servers.begin(), servers.end()); });
      if (servers.empty()) {
        spdlog::error("uplink: no HQ address is known; enroll again, or give run --server");
      }
      // One round: each address once, in order of preference, until one welcomes us.
      for (size_t i = 0; i < servers.size() && !welcomed; ++i) {
        auto session = Session(*state, servers[i], settled);
        welcomed = session.ok();
        const std::string refusal = welcomed ? "" : HqRefusal(session.error(), *state, servers[i]);
        // A refusal heard only as a closed handshake is inferred (see HqRefusal).
        const bool inferred = !refusal.empty() && session.error().reason() != refusal &&
                              session.error().message().find(refusal) == std::string::npos;
        const std::string shown = confirmation.Heard(refusal, inferred);
        board_->Update([&](v1::AgentStatus& s) {
          s.set_connected(false);
          s.set_hq_older(false);
          s.clear_server_in_use();
          // HQ's last word stands until HQ says otherwise: an address that does not answer
          // afterwards does not make a pending terminal look merely offline.
          if (!shown.empty()) s.set_hq_refusal(shown);
        });
        {
          std::lock_guard lock(mu_);
          if (stopping_) return;
        }
        if (!welcomed) {
          spdlog::warn(
              "uplink: HQ at {} failed before welcoming this terminal: {}{}{}", servers[i],
              session.error().ToString(),
              !inferred ? ""
              : shown.empty()
                  ? " (HQ answered without this terminal's certificate and not with it; asked "
                    "again at the next try before the terminal is shown as " +
                        refusal + ")"
                  : " (HQ answers without this terminal's certificate and not with it: it "
                    "refuses this certificate, " +
                        refusal + ")",
              i + 1 < servers.size() ? "; trying " + servers[i + 1] : "");
        }
      }
    } else {
      spdlog::error("uplink: {}", state.error().ToString());
    }
    confirmation.EndRound(welcomed);
    std::unique_lock lock(mu_);
    if (stopping_) return;
    // Only a session that got somewhere resets the backoff: HQ that welcomes and then ends the
    // stream with an error (its database busy, a batch it cannot store) would otherwise be
    // reconnected to about once a second by every terminal with a backlog.
    if (welcomed && settled) backoff.Reset();
    auto delay = reconnect_at_once_ ? std::chrono::milliseconds(0) : backoff.Next();
    reconnect_at_once_ = false;
    spdlog::info("uplink: {}reconnecting in {} ms",
                 welcomed || !state.ok() ? "" : "no HQ address answered; ", delay.count());
    cv_.wait_for(lock, delay, [&] { return stopping_; });
    if (stopping_) return;
  }
}

Status UplinkLoop::Session(const TerminalState& state, const std::string& server, bool& settled) {
  settled = false;
  auto stub = v1::AgentService::NewStub(DeviceChannel(state, server));
  grpc::ClientContext ctx;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return MakeError(ErrorCode::kCancelled, "uplink.stopping", "the daemon stops");
    ctx_ = &ctx;
    session_over_ = false;
    config_seen_ = false;
    acked_in_session_ = false;
    clone_warned_ = false;
  }
  auto stream = stub->Connect(&ctx);
  // The welcome has a deadline; the stream after it lives for days, watched for HQ's silence.
  SessionWatch watch;
  std::thread watchdog([&] { Watch(watch, ctx, server); });
  bool echoes = false;
  bool welcomed = Greet(*stream, state, server, echoes);
  {
    std::lock_guard lock(watch.mu);
    watch.greeted = welcomed;
    watch.echoes = echoes;
    watch.last_heard = std::chrono::steady_clock::now();
    if (!welcomed) watch.over = true;
  }
  watch.cv.notify_all();
  const auto welcomed_at = std::chrono::steady_clock::now();
  if (welcomed) {
    std::thread reader([&] { ReadLoop(*stream, ctx, state, watch); });
    WriteLoop(*stream, state);
    ctx.TryCancel();  // ends the reader's Read when the writer stopped first
    reader.join();
  }
  {
    std::lock_guard lock(watch.mu);
    watch.over = true;
  }
  watch.cv.notify_all();
  watchdog.join();
  grpc::Status status = stream->Finish();
  {
    std::lock_guard lock(mu_);
    ctx_ = nullptr;
    renewal_key_pem_.reset();
    next_renewal_offer_ = {};  // the next stream asks at once
  }
  if (!welcomed) {
    if (status.ok()) {
      return MakeError(ErrorCode::kUnavailable, "uplink.no_welcome",
                       "HQ ended the stream without welcoming this terminal");
    }
    return rpc::FromGrpcStatus(status, "uplink.rpc_failed", "HQ stream");
  }
  const bool failed = !status.ok() && status.error_code() != grpc::StatusCode::CANCELLED;
  {
    std::lock_guard lock(mu_);
    // Not by how it ended: the side that stops first cancels the call, which can hide HQ's
    // error behind our own CANCELLED.
    settled =
        acked_in_session_ || std::chrono::steady_clock::now() - welcomed_at >= kSettledSession;
  }
  if (failed) {
    spdlog::warn("uplink: HQ at {}: {}", server,
                 rpc::FromGrpcStatus(status, "uplink.rpc_failed", "HQ stream").ToString());
  }
  return OkStatus();
}

// Welcome → drop what HQ already holds; hello; a renewal when the certificate is due.
bool UplinkLoop::Greet(Stream& stream, const TerminalState& state, const std::string& server,
                       bool& echoes) {
  v1::ServerMessage msg;
  if (!stream.Read(&msg) || !msg.has_welcome()) return false;
  v1::Welcome welcome = msg.welcome();
  echoes = welcome.echoes_heartbeats();
  uint64_t acked = welcome.acked_sequence();
  // What waits at or below HQ's acknowledgement is sent once more rather than dropped: HQ
  // absorbs its own results (the same check id; an acknowledgement lost on the way) and refuses
  // a number it holds for another result — this outbox was restored from an older copy and
  // numbered new results again — which is then moved to a new number (Handle). New results
  // never take a number HQ holds.
  uint64_t from = acked;
  // The outbox as the hello describes it, read once: its numbering, and its oldest unsent result
  // (0 when none; nullopt when it could not be read).
  uint64_t last_sequence = 0;
  std::optional<uint64_t> first_pending;
  std::vector<uint64_t> set_aside;
  {
    std::lock_guard lock(store_mu_);
    if (auto s = store_->RaiseLastSequence(acked); !s.ok()) {
      spdlog::error("uplink: {}", s.error().ToString());
    }
    last_sequence = ValueOr<uint64_t>(store_->LastSequence(), 0);
    if (auto first = store_->FirstPending(); first.ok()) first_pending = *first;
    set_aside = store_->TakeSetAside();
    if (first_pending.value_or(0) > 0) from = std::min(from, *first_pending - 1);
  }
  if (from < acked) {
    spdlog::info(
        "uplink: HQ acknowledged up to {}; results from {} are sent again for HQ to "
        "check their numbers",
        acked, from + 1);
  }
  // An older HQ would drop what it does not know of our results and acknowledge them: they
  // wait here, the stream kept for heartbeats and settings, until HQ is upgraded (its restart
  // ends this stream; the next welcome says its new format).
  const bool hq_older = welcome.result_format() < rpc::kResultFormat;
  if (hq_older) {
    spdlog::warn(
        "uplink: HQ at {} is older than this terminal (result format {} < {}): results are kept "
        "here, not sent, until HQ's server is upgraded",
        server, welcome.result_format(), rpc::kResultFormat);
  }
  {
    std::lock_guard lock(mu_);
    acked_ = sent_ = from;  // everything above is sent again, in order
    unanswered_.clear();
    hq_acked_ = welcome_acked_ = acked;  // this HQ's now (one restored may hold less)
    hq_older_ = hq_older;
  }
  // HQ's clock at the welcome against ours (the round trip, well under a second, is noise here).
  const int64_t skew =
      welcome.has_server_time() ? std::time(nullptr) - welcome.server_time().seconds() : 0;
  if (domain::ClockSkewMatters(skew)) {
    spdlog::warn("uplink: this PC's clock is {} s {} HQ's: checks are dated by it",
                 std::llabs(skew), skew > 0 ? "ahead of" : "behind");
  }
  // The purge's time floor (no lock of ours held: the core takes its own).
  if (welcome.has_server_time() && on_hq_time_) on_hq_time_(welcome.server_time().seconds());
  auto status = board_->Snapshot();
  board_->Update([&](v1::AgentStatus& s) {
    s.set_connected(true);
    s.set_hq_older(hq_older);
    s.set_clock_skew_seconds(skew);
    s.clear_hq_refusal();
    s.set_device_id(welcome.device_id());
    s.set_server_in_use(server);
  });
  spdlog::info("uplink: connected to HQ at {} as {} (acked {}, {} waiting)", server,
               welcome.device_id(), acked, status.outbox_depth());
  v1::AgentMessage hello;
  auto* h = hello.mutable_hello();
  *h->mutable_facts() = LocalFacts();
  h->mutable_facts()->set_reader_name(ReaderNameForHq(status.reader_name()));
  h->mutable_facts()->set_extended_apdu(status.extended_apdu());
  h->set_last_sequence(last_sequence);
  h->set_result_format(rpc::kResultFormat);
  // Nothing below this is left here to send: HQ closes a gap it has there (it was restored from
  // an older backup) instead of leaving every later result unacknowledged. A result made since
  // the read above is numbered after last_sequence, so it is not below this either.
  if (first_pending) {
    h->set_lowest_held_sequence(*first_pending > 0 ? *first_pending : last_sequence + 1);
  }
  {
    // This hello closes what lies below the lowest result it names.
    std::lock_guard lock(mu_);
    gaps_.insert(set_aside.begin(), set_aside.end());
    if (h->has_lowest_held_sequence()) {
      gaps_.erase(gaps_.begin(), gaps_.lower_bound(h->lowest_held_sequence()));
    }
  }
  h->set_config_version(status.config().version());
  h->set_outbox_depth(status.outbox_depth());
  {
    std::lock_guard lock(mu_);
    h->set_newest_audit_head_hash(newest_head_hash_);
  }
  if (!stream.Write(hello)) return false;
  OfferRenewal(stream, state);
  return true;
}

// Renews before expiry, without staff action: the CSR goes over this stream, at its start and
// at heartbeats after (a stream can stay up for weeks, past the renewal window and on to the
// certificate's end, which strands the terminal at its next connection). One renewal at a
// time: none while one is unanswered on this stream, and after one HQ refused, none for an
// hour (the next stream asks at once).
bool UplinkLoop::OfferRenewal(Stream& stream, const TerminalState& state) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (renewal_key_pem_ || now < next_renewal_offer_) return true;
  }
  auto renewal = PrepareRenewal(state, options_.renew_before);
  if (!renewal.ok() || !*renewal) return true;
  v1::AgentMessage renew;
  renew.mutable_renew()->set_csr_pem((*renewal)->csr_pem);
  {
    std::lock_guard lock(mu_);
    renewal_key_pem_ = (*renewal)->key_pem;  // before the write: the answer may come at once
    next_renewal_offer_ = now + kRenewalRetry;
  }
  spdlog::info("uplink: the device certificate ends within {} h; renewal asked of HQ",
               options_.renew_before.count());
  // Not under mu_: a write can wait on HQ, and the reader thread needs mu_ to read HQ's answers.
  if (stream.Write(renew)) return true;
  std::lock_guard lock(mu_);
  renewal_key_pem_.reset();
  return false;
}

void UplinkLoop::WriteLoop(Stream& stream, const TerminalState& state) {
  auto next_beat = TokenBucket::Clock::now();  // the first heartbeat at once
  // HQ sends its settings right after the welcome: results wait for them (briefly), so that the
  // catch-up rate is HQ's current one before the first batch goes out.
  auto settings_due = next_beat + kSettingsWait;
  std::unique_lock lock(mu_);
  while (!stopping_ && !session_over_) {
    auto now = TokenBucket::Clock::now();
    if (now >= next_beat || beat_now_) {
      beat_now_ = false;
      lock.unlock();
      bool ok = stream.Write(MakeHeartbeat()) && OfferRenewal(stream, state);
      lock.lock();
      if (!ok) return;
      next_beat = now + options_.heartbeat;
      continue;
    }
    auto wake_at = next_beat;
    if (!config_seen_ && now < settings_due) {
      wake_at = std::min(wake_at, settings_due);
    } else if (!hq_older_ && sent_ - acked_ < options_.window) {
      uint64_t after = sent_;
      uint32_t limit = BatchSize(bucket_, options_.batch_max);
      lock.unlock();
      std::vector<v1::CheckResult> pending;
      std::vector<uint64_t> set_aside;
      {
        std::lock_guard store_lock(store_mu_);
        auto read = store_->Pending(limit, after);
        set_aside = store_->TakeSetAside();
        if (read.ok()) pending = std::move(*read);
        NoteOutboxRead(read.ok() ? nullptr : &read.error(), after);
      }
      lock.lock();
      gaps_.insert(set_aside.begin(), set_aside.end());
      if (GapReachedLocked()) return;
      auto n = static_cast<uint32_t>(pending.size());
      auto wait = n == 0 ? TokenBucket::Clock::duration::zero() : bucket_.TimeUntil(n, now);
      if (n > 0 && wait == TokenBucket::Clock::duration::zero()) {
        bucket_.Take(n, now);
        v1::AgentMessage batch;
        for (auto& r : pending) batch.mutable_results()->add_results()->Swap(&r);
        uint64_t last = batch.results().results(static_cast<int>(n) - 1).sequence();
        // Before the write: its answer may come before Write returns. A failed write ends the
        // connection, and the next welcome starts both afresh.
        sent_ = std::max(sent_, last);
        unanswered_.push_back(last);
        lock.unlock();
        bool ok = stream.Write(batch);
        lock.lock();
        if (!ok) return;
        continue;
      }
      if (n > 0) wake_at = std::min(wake_at, now + wait);
    }
    cv_.wait_until(lock, wake_at, [&] { return stopping_ || session_over_ || wake_ || beat_now_; });
    wake_ = false;
  }
}

// Before the welcome: its deadline (an HQ process that takes the stream past TLS and hangs). After
// it, when HQ echoes heartbeats: HQ's silence. Either cancels the stream, and the next address or
// a fresh connection is tried.
void UplinkLoop::Watch(SessionWatch& watch, grpc::ClientContext& ctx, const std::string& server) {
  std::unique_lock lock(watch.mu);
  if (!watch.cv.wait_for(lock, options_.welcome_timeout,
                         [&] { return watch.greeted || watch.over; })) {
    spdlog::warn("uplink: HQ at {} did not welcome this terminal within {} ms; giving it up",
                 server, options_.welcome_timeout.count());
    ctx.TryCancel();
    return;
  }
  if (!watch.echoes) {
    watch.cv.wait(lock, [&] { return watch.over; });
    return;
  }
  while (!watch.over) {
    // The reader moves last_heard without waking this thread: it looks again at the deadline.
    const auto deadline = watch.last_heard + options_.hq_silence;
    watch.cv.wait_until(lock, deadline, [&] { return watch.over; });
    if (watch.over || watch.last_heard + options_.hq_silence > deadline) continue;
    spdlog::warn(
        "uplink: nothing heard from HQ at {} for {} ms although it answers every heartbeat; "
        "the connection is taken for dead and made again",
        server, options_.hq_silence.count());
    ctx.TryCancel();
    return;
  }
}

void UplinkLoop::ReadLoop(Stream& stream, grpc::ClientContext& ctx, const TerminalState& state,
                          SessionWatch& watch) {
  v1::ServerMessage msg;
  while (stream.Read(&msg)) {
    {
      std::lock_guard lock(watch.mu);
      watch.last_heard = std::chrono::steady_clock::now();
    }
    Handle(msg, ctx, state);
  }
  std::lock_guard lock(mu_);
  session_over_ = true;
  cv_.notify_all();
}

}  // namespace kakunin::agent
