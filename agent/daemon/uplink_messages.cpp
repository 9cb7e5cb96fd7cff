// The messages on a terminal's stream: HQ's (UplinkLoop::Handle and what it calls:
// acknowledgements, refusals, settings, audit heads, renewals, visual allowances) and the
// terminal's heartbeat. Split from uplink_loop.cpp, which runs the session around them.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

#include "agent/cli/cli_common.h"
#include "agent/daemon/uplink_loop.h"
#include "common/domain/terminal_health.h"
#include "common/rpc/reject_reasons.h"

namespace kakunin::agent {

void UplinkLoop::Handle(const v1::ServerMessage& msg, grpc::ClientContext& ctx,
                        const TerminalState& state) {
  if (msg.has_ack()) OnAck(msg.ack().up_to_sequence());
  if (msg.has_config()) ApplyConfig(msg.config());
  if (msg.has_reject()) {
    const uint64_t seq = msg.reject().sequence();
    if (msg.reject().reason() == rpc::kSequenceTaken) {
      // Before HQ's acknowledgement (which follows) would drop it: the result goes again under
      // a number of its own.
      // Past every number HQ acknowledged: where another PC speaks as this terminal (a copied
      // disk), our own count may be behind HQ's, and a number below it would only be refused
      // again.
      uint64_t hq_acked = 0;
      bool clone = false;
      {
        std::lock_guard lock(mu_);
        hq_acked = hq_acked_;
        // A number HQ took for another result after it welcomed this connection: not an older
        // copy of this outbox (its numbers are below the welcome's), but another PC sending as
        // this terminal now. Said once a connection.
        clone = seq > welcome_acked_ && !clone_warned_;
        clone_warned_ = clone_warned_ || clone;
      }
      if (clone) {
        spdlog::warn(
            "uplink: HQ holds another result at sequence {}, taken after it welcomed this "
            "terminal: another PC may be using this terminal's identity (a copied disk). Results "
            "here are kept and sent under new numbers; enroll each PC as a terminal of its own",
            seq);
      }
      Result<uint64_t> moved = uint64_t{0};
      {
        std::lock_guard lock(store_mu_);
        if (auto s = store_->RaiseLastSequence(hq_acked); !s.ok()) {
          spdlog::error("uplink: {}", s.error().ToString());
        }
        moved = store_->Renumber(seq);
      }
      if (!moved.ok()) {
        spdlog::error(
            "uplink: result {} holds a number HQ gave another result, and cannot be "
            "renumbered: {}",
            seq, moved.error().ToString());
      } else if (*moved > 0) {
        spdlog::warn(
            "uplink: HQ holds another result at sequence {} (this outbox was restored "
            "from an older copy); the result there is sent again as {}",
            seq, *moved);
      }
    } else {
      // HQ stores a refusal in the result's place and acknowledges it: nothing loops. Noted
      // before the acknowledgement (which follows) takes the result out of the outbox.
      spdlog::error("uplink: HQ refused result {}: {}", seq, RefusalText(msg.reject().reason()));
      {
        std::lock_guard lock(store_mu_);
        if (auto s = store_->NoteRefusal(seq, msg.reject().reason(), std::time(nullptr)); !s.ok()) {
          spdlog::error("uplink: HQ's refusal of result {} could not be noted: {}", seq,
                        s.error().ToString());
        }
      }
      ShowRefusals();
    }
  }
  if (msg.has_audit_head()) {
    if (auto s = KeepWitnessHead(state.dir, msg.audit_head()); !s.ok()) {
      spdlog::warn("uplink: cannot keep audit head: {}", s.error().ToString());
    }
    std::lock_guard lock(mu_);
    newest_head_hash_ = msg.audit_head().root_hash();
  }
  if (msg.has_renewed()) OnRenewed(msg.renewed(), ctx, state);
  if (msg.has_visual_allowance()) OnVisualAllowance(msg.visual_allowance());
}

void UplinkLoop::OnVisualAllowance(const v1::VisualAllowance& allowance) {
  if (allowances_ == nullptr) {
    spdlog::warn("uplink: visual allowance {} dropped (not set up)", allowance.allowance_id());
    return;
  }
  // HQ sends an allowance until the result that used it arrives there: a result still in the
  // outbox that names it means it is used (outboxes are short while connected; the scan is
  // bounded).
  bool named = false;
  {
    std::lock_guard lock(store_mu_);
    if (auto pending = store_->Pending(5000); pending.ok()) {
      for (const auto& r : *pending) named |= r.visual_allowance_id() == allowance.allowance_id();
    }
  }
  allowances_->Offer(allowance, named, std::chrono::system_clock::now());
}

void UplinkLoop::OnRenewed(const v1::RenewResponse& renewed, grpc::ClientContext& ctx,
                           const TerminalState& state) {
  std::unique_lock lock(mu_);
  auto key = std::move(renewal_key_pem_);
  renewal_key_pem_.reset();
  lock.unlock();
  if (key && !renewed.certificate_pem().empty() &&
      SaveRenewedCertificate(state.dir, *key, renewed.certificate_pem()).ok()) {
    spdlog::info("uplink: device certificate renewed; reconnecting with it");
    lock.lock();
    reconnect_at_once_ = true;
    lock.unlock();
    ctx.TryCancel();
  } else {
    spdlog::warn("uplink: certificate renewal refused; keeping the current one");
  }
}

// A result set aside (its row does not open) leaves a gap: HQ acknowledges up to it, and closes
// a gap only at a hello that names the lowest result still held. Once everything below it is
// acknowledged, the session ends and the next hello closes it; heartbeats kept a stream open
// for days, and every later result waited (an outside review).
bool UplinkLoop::GapReachedLocked() {
  if (gaps_.empty() || acked_ + 1 < *gaps_.begin()) return false;
  const uint64_t gap = *gaps_.begin();
  // Once per gap: the next hello names a lower held result than any gap left, and closes it.
  gaps_.erase(gaps_.begin());
  spdlog::warn(
      "uplink: result {} was set aside and everything before it is acknowledged; reconnecting "
      "so that HQ closes its number",
      gap);
  reconnect_at_once_ = true;
  session_over_ = true;
  cv_.notify_all();
  return true;
}

void UplinkLoop::OnAck(uint64_t hq_up_to) {
  // HQ acknowledges for the device as a whole. Where another PC speaks as this terminal (a
  // copied disk), HQ's number covers that PC's results too, and rows of ours at those numbers
  // were dropped unsent or before HQ's refusal of their number arrived: the checks were lost (an
  // outside review). So an acknowledgement drops only up to the end of the batch it answers
  // (its refusals came first and moved what HQ holds for another result); the rest is answered
  // in turn, HQ refuses the numbers it holds, and Handle moves those results past HQ's
  // acknowledgement.
  uint64_t up_to = hq_up_to;
  {
    std::lock_guard lock(mu_);
    hq_acked_ = std::max(hq_acked_, hq_up_to);
    uint64_t answered = acked_;  // an acknowledgement of no batch of ours drops nothing new
    if (!unanswered_.empty()) {
      answered = std::max(answered, unanswered_.front());
      unanswered_.pop_front();
    }
    up_to = std::min(hq_up_to, answered);
  }
  uint64_t depth = 0;
  std::vector<uint64_t> set_aside;  // by any read since the last look (a heartbeat's, a scan's)
  {
    std::lock_guard lock(store_mu_);
    if (auto s = store_->Acknowledge(up_to); !s.ok()) {
      spdlog::error("uplink: {}", s.error().ToString());
      return;
    }
    depth = ValueOr<uint64_t>(store_->Depth(), 0);
    set_aside = store_->TakeSetAside();
  }
  bool raised = board_->SetDepth(depth);
  std::lock_guard lock(mu_);
  gaps_.insert(set_aside.begin(), set_aside.end());
  acked_ = std::max(acked_, up_to);
  sent_ = std::max(sent_, acked_);
  acked_in_session_ = true;
  if (GapReachedLocked() && ctx_) ctx_->TryCancel();
  wake_ = true;
  beat_now_ = beat_now_ || raised;
  cv_.notify_all();
}

void UplinkLoop::ApplyConfig(const v1::TerminalConfig& config) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(config, &json);
  // Kept on disk so that an offline start follows the same settings.
  if (auto s = SaveTerminalConfig(options_.state_dir, json); !s.ok()) {
    spdlog::warn("uplink: cannot keep HQ's settings: {}", s.error().ToString());
  }
  v1::AgentStatus before = board_->Snapshot();
  board_->Update([&](v1::AgentStatus& s) {
    *s.mutable_config() = config;
    s.set_site_name(config.site_name());
  });
  board_->SetDepth(before.outbox_depth());  // the warn depth may have changed
  ApplyRate(config);
  terminal_cert_.Refresh();  // HQ may have named another certificate file
  {
    std::lock_guard lock(mu_);
    config_seen_ = true;
    wake_ = true;
    cv_.notify_all();
  }
  if (before.config().version() != config.version()) {
    spdlog::info("uplink: HQ settings version {} applied (catch-up {} results/s)", config.version(),
                 config.catchup_rate_per_second());
  }
}

// The board counts what this process saved and acknowledged; another process (a CLI 再照会
// while the daemon runs) writes to the same outbox, so the count is read again now and then.
void UplinkLoop::RecountDepth() {
  uint64_t depth = 0, damaged = 0;
  {
    std::lock_guard lock(store_mu_);
    auto counted = store_->Depth();
    if (!counted.ok()) return;
    depth = *counted;
    damaged = ValueOr<uint64_t>(store_->Damaged(), 0);
  }
  board_->SetDepth(depth);
  board_->Update([&](v1::AgentStatus& s) { s.set_damaged_results(damaged); });
}

v1::AgentMessage UplinkLoop::MakeHeartbeat() {
  terminal_cert_.Refresh();
  RecountDepth();
  v1::AgentMessage m;
  auto* hb = m.mutable_heartbeat();
  {
    // Read before the snapshot: a failure found here is in this heartbeat already.
    std::lock_guard lock(store_mu_);
    auto oldest = store_->Pending(1);
    if (oldest.ok() && !oldest->empty())
      *hb->mutable_oldest_unsent() = oldest->front().checked_at();
    NoteOutboxRead(oldest.ok() ? nullptr : &oldest.error(), 0);
  }
  v1::AgentStatus s = board_->Snapshot();
  *hb->mutable_sent_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  hb->set_outbox_depth(s.outbox_depth());
  // Nothing of the reader before the monitor has looked (see StatusBoard::NoteReaderLooked).
  if (board_->reader_looked()) hb->set_reader_status(s.reader_status());
  hb->set_extended_apdu(s.extended_apdu());
  hb->set_agent_version(kAgentVersion);
  // HQ sees a branch whose checks are not saved, or whose results cannot be sent, as one that
  // merely checks nobody unless the terminal says so.
  hb->set_unsaved_results(s.unsaved_results());
  hb->set_store_status(
      std::string(domain::StoreStatusOf(s.unsaved_results(), !s.outbox_read_problem().empty())));
  if (s.has_terminal_certificate()) *hb->mutable_terminal_certificate() = s.terminal_certificate();
  return m;
}

void UplinkLoop::NoteOutboxRead(const Error* failure, uint64_t after) {
  if (!failure) {
    if (!outbox_read_failed_) return;
    outbox_read_failed_ = false;
    spdlog::info("uplink: the outbox reads again");
    board_->Update([](v1::AgentStatus& s) { s.clear_outbox_read_problem(); });
    return;
  }
  // Once per failure, not per wake-up: nothing more is sent until it reads again.
  if (outbox_read_failed_) return;
  outbox_read_failed_ = true;
  spdlog::error("uplink: results waiting after {} cannot be read, so none is sent: {}", after,
                failure->ToString());
  board_->Update([&](v1::AgentStatus& s) { s.set_outbox_read_problem(failure->reason()); });
}

}  // namespace kakunin::agent
