#include "server/rpc/agent_stream.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/crypto/x509.h"
#include "common/log/log_budget.h"
#include "common/rpc/result_format.h"
#include "common/rpc/status.h"
#include "server/ingest/result_limits.h"
#include "server/rpc/agent_service.h"

namespace kakunin::server {

namespace {

// The verified client certificate, or an error when there is none.
Result<crypto::X509Ptr> PeerCertificate(const grpc::ServerContextBase& ctx) {
  auto auth = ctx.auth_context();
  auto pems = auth ? auth->FindPropertyValues("x509_pem_cert") : std::vector<grpc::string_ref>{};
  if (pems.empty()) {
    return MakeError(ErrorCode::kUnauthenticated, "agent.no_client_certificate",
                     "a device certificate is required; enroll the terminal first");
  }
  return crypto::CertificateFromPem(std::string(pems[0].data(), pems[0].size()));
}

// The verified client certificate's CN and serial, or an error when there is none.
Result<std::pair<std::string, std::string>> PeerDevice(const grpc::ServerContextBase& ctx) {
  KAKUNIN_ASSIGN_OR_RETURN(auto cert, PeerCertificate(ctx));
  return std::make_pair(crypto::SubjectField(cert.get(), "CN"),
                        crypto::SerialNumberHex(cert.get()));
}

// Batches a terminal may have waiting for their commit before the server stops reading its
// stream (back-pressure instead of unbounded memory).
constexpr int kMaxInflightBatches = 4;
// … and bytes of them (each batch holds its whole message until answered). Agents send at most
// 500 results of ≈ 0.4–1 KB in a message, so this never binds them; a message padded towards the
// 11 MiB receive limit (which is there for receipt uploads) is then the only one in flight, not
// one of four: a device's four streams hold ≈ 4 × 19 MiB at most, not 4 × 44.
constexpr size_t kMaxInflightBytes = 8u << 20;
// Answers waiting to be written to a terminal beyond which its stream is not read further: one
// that does not read what it is sent (a Reject per refused result, an Ack per batch) must not
// make the server keep an ever longer queue of them. Reading resumes as the queue drains.
constexpr size_t kPauseReadingAt = 256;
// Beyond this (only pushes from the server's side add to a paused stream's queue: audit heads,
// settings) the stream is ended; its terminal reconnects and is sent everything afresh.
constexpr size_t kMaxQueuedAnswers = 16384;
// Results in one message (agents send at most 500, see agent/daemon/uplink_loop.h).
constexpr size_t kMaxResultsPerMessage = 2000;

}  // namespace

AgentStream::AgentStream(AgentServiceImpl* service, grpc::CallbackServerContext* ctx)
    : service_(service), ctx_(ctx) {
  auto admitted = Admit();
  if (!admitted.ok()) {
    std::lock_guard lock(mu_);
    FinishLocked(rpc::ToGrpcStatus(admitted.error()));
    return;
  }
  // The database part runs on the service's opening threads, not on this callback thread.
  // No other thread knows this stream yet: refs_ needs no lock here.
  ++refs_;
  if (!service_->blocking_.Post([this, peer = *admitted] { Open(peer.first, peer.second); })) {
    --refs_;
    spdlog::warn("device {}: stream refused, {} openings already waiting", admitted->first,
                 AgentServiceImpl::kMaxWaitingOpens);
    std::lock_guard lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "server.busy: too many terminals are connecting; try again in a "
                              "few seconds"));
  }
}

void AgentStream::Push(const v1::ServerMessage& message) {
  std::lock_guard lock(mu_);
  PushLocked(message);
}

void AgentStream::Cancel() {
  std::lock_guard lock(mu_);
  if (!done_) ctx_->TryCancel();  // the context is gRPC's, gone after OnDone
}

void AgentStream::OnReadDone(bool ok) {
  std::lock_guard lock(mu_);
  reading_ = false;
  if (!ok) {
    // The terminal closed its side or went away: finish once pending batches are answered.
    read_closed_ = true;
    MaybeFinishLocked();
    return;
  }
  // Parsed on an arena of its own: what a stream keeps between messages is only its own
  // state, not the last message's strings (an idle terminal's stream lives for days). A
  // batch of results takes the arena along to the writer, which frees it whole once the batch
  // is answered instead of each result's strings one by one.
  const size_t message_bytes = in_buf_.Length();
  auto arena = std::make_unique<google::protobuf::Arena>();
  v1::AgentMessage& in = *google::protobuf::Arena::CreateMessage<v1::AgentMessage>(arena.get());
  if (!grpc::SerializationTraits<v1::AgentMessage>::Deserialize(&in_buf_, &in).ok()) {
    // Protobuf refuses the whole message (most often a text field that is not UTF-8), so
    // its results cannot be answered one by one: say so and end the stream; nothing of it
    // is stored, and the terminal keeps it.
    spdlog::warn("device {}: unreadable message refused", device_.device_id);
    FinishLocked(grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "agent.unreadable_message: a message could not be read (a text field that is not "
        "valid UTF-8, or a damaged message); nothing of it was stored"));
    return;
  }
  switch (in.kind_case()) {
    case v1::AgentMessage::kHello: {
      // An agent says hello once per stream; each one is a write of its own (heartbeats are
      // gathered), so a terminal that repeats it is not heard again on that stream.
      if (hello_seen_) break;
      hello_seen_ = true;
      // A terminal upgraded before HQ keeps its results (Welcome.result_format): HQ's
      // administrator is the one who can end that, so HQ says it, once per stream.
      if (in.hello().result_format() > rpc::kResultFormat) {
        spdlog::warn(
            "device {}: this terminal is newer than HQ (result format {} > {}): it keeps its "
            "results, {} waiting, until HQ's server is upgraded",
            device_.device_id, in.hello().result_format(), rpc::kResultFormat,
            std::min(in.hello().outbox_depth(), kMaxOutboxDepth));
      }
      // Facts a terminal reports are shown on HQ's screens: bounded like results are. Broken
      // facts are not stored (the terminal keeps its stream; HQ's log says why).
      auto why = ValidateFields(in.hello());
      if (why) spdlog::warn("device {}: hello facts refused: {}", device_.device_id, *why);
      // The facts are copied: the message's arena goes with this call.
      std::optional<v1::TerminalFacts> facts;
      if (!why) facts = in.hello().facts();
      // Beyond 2^53 it is no sequence an agent makes (and no longer a number JSON keeps).
      std::optional<uint64_t> lowest_held;
      if (in.hello().has_lowest_held_sequence() &&
          in.hello().lowest_held_sequence() <= (uint64_t{1} << 53)) {
        lowest_held = in.hello().lowest_held_sequence();
      }
      const bool posted =
          RunBlockingLocked([this, depth = std::min(in.hello().outbox_depth(), kMaxOutboxDepth),
                             facts = std::move(facts), lowest_held] {
            (void)service_->store_->RecordHeartbeat(device_.device_id, depth,
                                                    facts ? &*facts : nullptr);
            if (lowest_held) CloseGap(*lowest_held);
          });
      if (!posted) spdlog::warn("device {}: hello not recorded (server busy)", device_.device_id);
      break;
    }
    case v1::AgentMessage::kHeartbeat:
      service_->writer_->NoteHeartbeat(device_.device_id, BoundHeartbeat(in.heartbeat()));
      if (in.heartbeat().has_terminal_certificate()) {
        NoteTerminalCertificateLocked(in.heartbeat().terminal_certificate());
      }
      EchoHeartbeatLocked(in.heartbeat());
      break;
    case v1::AgentMessage::kRenew: {
      // A terminal that renewed minutes ago is told to keep its certificate: each renewal is an
      // audit record, and one terminal must not grow the chain every other shares.
      // Its tries are bounded too, whatever their outcome: each is posted to the opening
      // threads every terminal's stream opening shares, so a terminal sending refused CSRs in a
      // loop kept them busy. An over-long CSR is not worked on at all.
      const auto too_long = ValidateFields(in.renew());
      if (too_long || !service_->MayRenew(device_.device_id) ||
          !service_->MayTryRenewal(device_.device_id)) {
        // Once per stream: a terminal asking in a loop must not flood the log (journald drops
        // everything of a program past its rate, other branches' lines too).
        if (!renew_warned_) {
          spdlog::warn(
              "device {}: {}; not renewed", device_.device_id,
              too_long ? "renewal refused: " + *too_long : "renewed or tried to renew minutes ago");
        }
        renew_warned_ = true;
        v1::ServerMessage renewed;
        renewed.mutable_renewed();  // keep the certificate, try later
        PushLocked(renewed);
        break;
      }
      // Signing and its database write, off this callback thread.
      if (!RunBlockingLocked([this, csr = in.renew().csr_pem()] { Renew(csr); })) {
        v1::ServerMessage renewed;
        renewed.mutable_renewed();  // busy: keep the certificate, try later
        PushLocked(renewed);
      }
      break;
    }
    case v1::AgentMessage::kResults: {
      auto* batch = in.mutable_results()->mutable_results();
      if (batch->empty()) break;
      if (static_cast<size_t>(batch->size()) > kMaxResultsPerMessage) {
        // More than any agent sends in one message: refuse the stream, not just the batch,
        // since its sequences cannot be answered one by one without reading them all.
        FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                  "agent.batch_too_large: at most " +
                                      std::to_string(kMaxResultsPerMessage) +
                                      " results in one message"));
        return;
      }
      const auto results = static_cast<uint32_t>(batch->size());
      ++inflight_;
      inflight_bytes_ += message_bytes;
      ++refs_;
      // Handed over with the arena they live on: neither copied nor moved one by one.
      service_->writer_->Submit(device_, IncomingResults(std::move(arena), in.mutable_results()),
                                [this, message_bytes](Result<IngestOutcome> r) {
                                  OnIngested(std::move(r), message_bytes);
                                });
      if (auto wait = service_->TakeResults(device_.device_id, results);
          wait > std::chrono::steady_clock::duration::zero()) {
        HoldForRateLocked(wait);
      }
      break;
    }
    default:
      break;
  }
  MaybeReadLocked();
}

void AgentStream::OnWriteDone(bool ok) {
  std::lock_guard lock(mu_);
  writing_ = false;
  if (!outq_.empty()) outq_.pop_front();
  if (!ok) {
    // The peer is gone; nothing more can be written.
    outq_.clear();
    FinishLocked(grpc::Status::CANCELLED);
    return;
  }
  if (!outq_.empty() && !finish_status_) {
    writing_ = true;
    StartWrite(&outq_.front());
  } else {
    MaybeFinishLocked();
  }
  if (paused_ && !cancelled_) MaybeReadLocked();
}

void AgentStream::OnCancel() {
  std::lock_guard lock(mu_);
  cancelled_ = true;
  MaybeFinishLocked();
}

void AgentStream::OnDone() {
  bool registered;
  std::string device_id;
  std::unique_ptr<grpc::Alarm> alarm;
  {
    std::lock_guard lock(mu_);
    done_ = true;
    registered = registered_;
    device_id = device_.device_id;
    alarm = std::move(rate_alarm_);
  }
  // A rate hold's alarm, cancelled now (its callback gives back its reference); not under mu_,
  // which the callback takes.
  alarm.reset();
  if (registered) service_->Unregister(device_id, this);
  // A stream refused before it was a terminal's (too fast, unknown, revoked) said why already,
  // within its budget: its end alone is no news, and strangers can repeat it at will.
  if (registered) {
    spdlog::info("device {} disconnected", device_id);
  } else {
    spdlog::debug("device {} disconnected", device_id.empty() ? "?" : device_id);
  }
  Unref();
}

Result<std::pair<std::string, std::string>> AgentStream::Admit() {
  auto peer = PeerDevice(*ctx_);
  if (!peer.ok()) return peer.error();
  auto& device_id = peer->first;
  // Before any database work: a terminal reconnecting in a loop is told to wait.
  if (!service_->MayOpenStream(device_id)) {
    // Once a terminal is over its rate, each try is a line: bounded for all terminals together.
    static LogBudget budget(20, std::chrono::minutes(1));
    if (uint64_t held = 0; budget.Take(&held)) {
      spdlog::warn("device {}: opens streams faster than allowed; refused{}", device_id,
                   held == 0 ? "" : fmt::format(" ({} more such refusals not logged)", held));
    }
    return MakeError(ErrorCode::kResourceExhausted, "agent.reconnecting_too_fast",
                     "wait a few seconds before connecting again");
  }
  return *peer;
}

void AgentStream::Open(const std::string& device_id, const std::string& serial) {
  bool gone;
  {
    std::lock_guard lock(mu_);
    gone = cancelled_ || finish_status_.has_value();
  }
  if (!gone) {
    auto status = Start(device_id, serial);
    if (!status.ok()) {
      std::lock_guard lock(mu_);
      FinishLocked(status);
    }
  }
  Unref();
}

Result<bool> AgentStream::AdoptIfNewer(const DeviceRecord& device, const std::string& serial) {
  auto cert = PeerCertificate(*ctx_);
  if (!cert.ok()) return false;
  // Issued when its validity starts, plus the CA's backdating. Not its end: the lifetime is a
  // setting, and a copy's older certificate may end later.
  const int64_t issued_at =
      static_cast<int64_t>(crypto::NotBefore(cert->get()) + kDeviceCertBackdate);
  if (issued_at <= device.last_issued_at) return false;
  const int64_t not_after = static_cast<int64_t>(crypto::NotAfter(cert->get()));
  KAKUNIN_ASSIGN_OR_RETURN(
      bool adopted, service_->store_->AdoptNewerCertificate(device, serial, not_after, issued_at));
  if (adopted) {
    spdlog::warn(
        "device {}: took its certificate {} (issued after every certificate HQ's data knows of; "
        "HQ held {}): HQ's data is older than the terminal, as after a restore from a backup",
        device.device_id, serial, device.cert_serial);
  }
  return adopted;
}

grpc::Status AgentStream::Start(const std::string& device_id, const std::string& serial) {
  auto device = service_->store_->GetDevice(device_id);
  if (!device.ok()) {
    if (device.error().reason() == "device.unknown") {
      // A certificate of this CA for a terminal HQ has no row of: HQ's data is older than the
      // terminal's enrollment (restored from a backup), or the row was removed. The terminal
      // must enroll again; its results wait there. Bounded like the other refusals.
      static LogBudget budget(20, std::chrono::minutes(1));
      if (uint64_t held = 0; budget.Take(&held)) {
        spdlog::warn(
            "device {}: unknown to HQ (certificate {}): enrolled after the backup HQ was "
            "restored from, or removed; it must enroll again, and its results wait there{}",
            device_id, serial,
            held == 0 ? "" : fmt::format(" ({} more such refusals not logged)", held));
      }
    }
    return rpc::ToGrpcStatus(device.error());
  }
  if (device->status == "revoked") {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "device.revoked: this terminal is revoked");
  }
  if (!device->renewed_serial.empty() && serial == device->renewed_serial) {
    // First use of a renewed certificate: from now on only it is accepted.
    if (auto s = service_->store_->PromoteRenewedCertificate(device_id); !s.ok()) {
      return rpc::ToGrpcStatus(s.error());
    }
    device->cert_serial = serial;
    device->renewed_serial.clear();
  }
  if (device->cert_serial != serial) {
    // One issued after every issue HQ's row knows of is newer than HQ's row: HQ restored from
    // a backup taken before the terminal renewed. Taken, or every terminal that renewed since the
    // backup would be refused for good, told that it is a copy.
    if (auto adopted = AdoptIfNewer(*device, serial); !adopted.ok()) {
      return rpc::ToGrpcStatus(adopted.error());
    } else if (*adopted) {
      device->cert_serial = serial;
      device->renewed_serial.clear();
    }
  }
  if (device->cert_serial != serial) {
    // Said at HQ too (its end is debug): an older key of this terminal is in use somewhere, a
    // PC put back to an older copy or a copy that renewed, and that PC's results wait there.
    // Bounded for all terminals together, like the other refusals strangers can repeat.
    static LogBudget budget(20, std::chrono::minutes(1));
    if (uint64_t held = 0; budget.Take(&held)) {
      spdlog::warn(
          "device {}: refused a superseded certificate (serial {}; HQ holds {}): a PC put back "
          "to an older copy of this terminal, or a copy of it; its results wait there{}",
          device_id, serial, device->cert_serial,
          held == 0 ? "" : fmt::format(" ({} more such refusals not logged)", held));
    }
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "device.stale_certificate: certificate superseded");
  }
  if (device->status != "active") {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "device.pending: waiting for approval at headquarters");
  }
  {
    std::lock_guard lock(mu_);
    device_ = *device;
  }
  v1::ServerMessage welcome;
  auto* w = welcome.mutable_welcome();
  w->set_device_id(device_.device_id);
  w->set_site_id(device_.site_id);
  w->set_acked_sequence(device_.acked_sequence);
  w->set_status(v1::DEVICE_STATUS_ACTIVE);
  w->set_echoes_heartbeats(true);
  w->set_result_format(rpc::kResultFormat);
  *w->mutable_server_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  Push(welcome);
  // HQ's settings for this terminal, every time it connects (applied live, kept on disk).
  if (auto config = service_->ConfigFor(device_.device_id, device_.site_id); config.ok()) {
    v1::ServerMessage m;
    *m.mutable_config() = std::move(*config);
    Push(m);
  }
  // Not under mu_: the service locks its registry first, then a stream (Broadcast).
  service_->Register(device_.device_id, this);
  bool done;
  {
    std::lock_guard lock(mu_);
    registered_ = true;
    done = done_;
  }
  // gRPC finished with the stream meanwhile (cancelled while this ran): its OnDone did not
  // see it registered (both flags change under mu_, so exactly one of the two unregisters).
  if (done) {
    service_->Unregister(device_.device_id, this);
    return grpc::Status::OK;
  }
  // An unused one-time 目視確認 allowance survives a reconnect (issue 19).
  service_->PushVisualAllowances(device_.device_id);
  spdlog::info("device {} connected (acked {})", device_.device_id, device_.acked_sequence);
  const auto owed = service_->ResultsOwed(device_.device_id);
  std::lock_guard lock(mu_);
  if (owed > std::chrono::steady_clock::duration::zero()) {
    HoldForRateLocked(owed);
  } else {
    StartReadLocked();
  }
  return grpc::Status::OK;
}

void AgentStream::CloseGap(uint64_t lowest_held) {
  auto gap = service_->store_->CloseSequenceGap(device_, lowest_held);
  if (!gap.ok()) {
    spdlog::warn("device {}: sequence gap not checked: {}", device_.device_id,
                 gap.error().ToString());
    return;
  }
  if (!*gap) return;
  spdlog::warn(
      "device {}: holds nothing below {}; sequences {}-{} closed ({} of them not stored at HQ)",
      device_.device_id, lowest_held, (*gap)->from, (*gap)->to, (*gap)->missing);
  std::lock_guard lock(mu_);
  device_.acked_sequence = std::max(device_.acked_sequence, (*gap)->to);
}

void AgentStream::OnIngested(Result<IngestOutcome> r, size_t message_bytes) {
  {
    std::lock_guard lock(mu_);
    --inflight_;
    inflight_bytes_ -= message_bytes;
    if (!r.ok()) {
      // Not acknowledged: the terminal keeps the results and sends them again later.
      FinishLocked(rpc::ToGrpcStatus(r.error()));
    } else {
      for (const auto& [seq, why] : r->rejected) {
        v1::ServerMessage reject;
        reject.mutable_reject()->set_sequence(seq);
        reject.mutable_reject()->set_reason(why);
        PushLocked(reject);
      }
      device_.acked_sequence = std::max(device_.acked_sequence, r->acked_sequence);
      v1::ServerMessage ack;
      ack.mutable_ack()->set_up_to_sequence(r->acked_sequence);
      PushLocked(ack);
      if (!cancelled_) MaybeReadLocked();
      MaybeFinishLocked();
    }
  }
  Unref();
}

bool AgentStream::RunBlockingLocked(std::function<void()> work) {
  ++refs_;
  blocking_pending_ = true;
  const bool posted = service_->blocking_.Post([this, work = std::move(work)] {
    work();
    {
      std::lock_guard lock(mu_);
      blocking_pending_ = false;
      if (!cancelled_) MaybeReadLocked();
    }
    Unref();
  });
  if (!posted) {
    --refs_;
    blocking_pending_ = false;
  }
  return posted;
}

void AgentStream::StartReadLocked() {
  if (reading_ || read_closed_ || finish_status_) return;
  reading_ = true;
  StartRead(&in_buf_);
}

void AgentStream::MaybeReadLocked() {
  if (reading_ || read_closed_ || finish_status_ || blocking_pending_ || rate_held_ ||
      inflight_ >= kMaxInflightBatches) {
    return;
  }
  if (inflight_bytes_ >= kMaxInflightBytes) {
    // Counted once per hold; read again when the batch is answered.
    if (!held_for_bytes_) service_->byte_holds_.fetch_add(1, std::memory_order_relaxed);
    held_for_bytes_ = true;
    return;
  }
  held_for_bytes_ = false;
  if (outq_.size() >= kPauseReadingAt) {
    if (!paused_) {
      paused_ = true;
      service_->paused_reads_.fetch_add(1, std::memory_order_relaxed);
      spdlog::warn("device {}: {} answers unread; not reading its stream until they are",
                   device_.device_id, outq_.size());
    }
    return;
  }
  paused_ = false;
  StartReadLocked();
}

void AgentStream::PushLocked(const v1::ServerMessage& message) {
  if (finish_status_ || cancelled_) return;
  if (outq_.size() >= kMaxQueuedAnswers) {
    spdlog::warn("device {}: {} answers unread; stream ended", device_.device_id, outq_.size());
    FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "agent.not_reading: the terminal did not read what it was sent"));
    return;
  }
  grpc::ByteBuffer bytes;
  bool own = false;
  if (!grpc::SerializationTraits<v1::ServerMessage>::Serialize(message, &bytes, &own).ok()) {
    spdlog::error("device {}: a server message could not be serialised", device_.device_id);
    return;
  }
  outq_.push_back(std::move(bytes));
  if (!writing_) {
    writing_ = true;
    StartWrite(&outq_.front());
  }
}

void AgentStream::MaybeFinishLocked() {
  if (finished_) return;
  if (cancelled_ && inflight_ == 0) {
    FinishLocked(grpc::Status::CANCELLED);
  } else if (read_closed_ && inflight_ == 0 && !writing_) {
    FinishLocked(grpc::Status::OK);
  } else if (finish_status_ && !writing_) {
    FinishLocked(*finish_status_);
  }
}

void AgentStream::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  if (!finish_status_) finish_status_ = status;
  if (writing_) return;  // OnWriteDone finishes
  finished_ = true;
  Finish(*finish_status_);
}

void AgentStream::Unref() {
  bool last;
  {
    std::lock_guard lock(mu_);
    last = --refs_ == 0;
  }
  if (last) delete this;
}

}  // namespace kakunin::server
