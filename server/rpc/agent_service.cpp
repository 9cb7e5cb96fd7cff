#include "server/rpc/agent_service.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/impl/codegen/proto_utils.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <list>

#include "common/crypto/x509.h"
#include "common/rpc/status.h"
#include "server/ingest/result_limits.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {

namespace {

// The verified client certificate's CN and serial, or an error when there is none.
Result<std::pair<std::string, std::string>> PeerDevice(const grpc::ServerContextBase& ctx) {
  auto auth = ctx.auth_context();
  auto pems = auth ? auth->FindPropertyValues("x509_pem_cert") : std::vector<grpc::string_ref>{};
  if (pems.empty()) {
    return MakeError(ErrorCode::kUnauthenticated, "agent.no_client_certificate",
                     "a device certificate is required; enroll the terminal first");
  }
  auto cert = crypto::CertificateFromPem(std::string(pems[0].data(), pems[0].size()));
  if (!cert.ok()) return cert.error();
  return std::make_pair(crypto::SubjectField(cert->get(), "CN"),
                        crypto::SerialNumberHex(cert->get()));
}

// Batches a terminal may have waiting for their commit before the server stops reading its
// stream (back-pressure instead of unbounded memory).
constexpr int kMaxInflightBatches = 4;
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

// One terminal's stream. Lifetime: gRPC calls OnDone once; every batch in the ingest queue
// holds a reference too; the object deletes itself when the last reference goes.
class AgentStream final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  AgentStream(AgentServiceImpl* service, grpc::CallbackServerContext* ctx)
      : service_(service), ctx_(ctx) {
    auto status = Start();
    if (!status.ok()) {
      std::lock_guard lock(mu_);
      FinishLocked(status);
    }
  }

  void Push(const v1::ServerMessage& message) {
    std::lock_guard lock(mu_);
    PushLocked(message);
  }

  void Cancel() { ctx_->TryCancel(); }

  void OnReadDone(bool ok) override {
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
        // Facts a terminal reports are shown on HQ's screens: bounded like results are. Broken
        // facts are not stored (the terminal keeps its stream; HQ's log says why).
        auto why = ValidateFields(in.hello());
        if (why) spdlog::warn("device {}: hello facts refused: {}", device_.device_id, *why);
        (void)service_->store_->RecordHeartbeat(
            device_.device_id, std::min(in.hello().outbox_depth(), kMaxOutboxDepth),
            why ? nullptr : &in.hello().facts());
        break;
      }
      case v1::AgentMessage::kHeartbeat:
        service_->writer_->NoteHeartbeat(device_.device_id,
                                         std::min(in.heartbeat().outbox_depth(), kMaxOutboxDepth));
        if (in.heartbeat().has_terminal_certificate()) {
          NoteTerminalCertificateLocked(in.heartbeat().terminal_certificate());
        }
        break;
      case v1::AgentMessage::kRenew: {
        // Rare (once per certificate lifetime): signing here on the callback thread is fine.
        // A terminal that renewed minutes ago is told to keep its certificate: each renewal
        // is an audit record, and one terminal must not grow the chain every other shares.
        v1::ServerMessage renewed;
        if (!service_->MayRenew(device_.device_id)) {
          spdlog::warn("device {}: renewed minutes ago, not renewed again", device_.device_id);
          renewed.mutable_renewed();  // keep the certificate, try later
          PushLocked(renewed);
          break;
        }
        auto cert = service_->store_->RenewCertificate(
            device_, in.renew().csr_pem(), *service_->ca_, service_->cert_lifetime_days_);
        if (cert.ok()) {
          service_->NoteRenewed(device_.device_id);
          renewed.mutable_renewed()->set_certificate_pem(*cert);
          spdlog::info("device {} renewed its certificate", device_.device_id);
        } else {
          // An empty answer tells the terminal to keep its certificate and try later; HQ's
          // certificate calendar shows when and why. Recorded once in kRenewSpacing: a
          // terminal sending bad requests in a loop must not write to the database each time.
          if (service_->NoteRenewalRefused(device_.device_id)) {
            spdlog::warn("renewal for {} refused: {}", device_.device_id, cert.error().ToString());
            (void)service_->store_->RecordRenewalFailure(device_.device_id, cert.error().reason());
          }
          renewed.mutable_renewed();
        }
        PushLocked(renewed);
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
        ++inflight_;
        ++refs_;
        // Handed over with the arena they live on: neither copied nor moved one by one.
        service_->writer_->Submit(device_, IncomingResults(std::move(arena), in.mutable_results()),
                                  [this](Result<IngestOutcome> r) { OnIngested(std::move(r)); });
        break;
      }
      default:
        break;
    }
    MaybeReadLocked();
  }

  void OnWriteDone(bool ok) override {
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

  void OnCancel() override {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override {
    if (registered_) service_->Unregister(device_.device_id, this);
    spdlog::info("device {} disconnected", device_.device_id.empty() ? "?" : device_.device_id);
    Unref();
  }

 private:
  grpc::Status Start() {
    auto peer = PeerDevice(*ctx_);
    if (!peer.ok()) return rpc::ToGrpcStatus(peer.error());
    auto [device_id, serial] = *peer;
    // Before any database work: a terminal reconnecting in a loop is told to wait.
    if (!service_->MayOpenStream(device_id)) {
      spdlog::warn("device {}: opens streams faster than allowed; refused", device_id);
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "agent.reconnecting_too_fast: wait a few seconds before connecting "
                          "again");
    }
    auto device = service_->store_->GetDevice(device_id);
    if (!device.ok()) return rpc::ToGrpcStatus(device.error());
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
      return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                          "device.stale_certificate: certificate superseded");
    }
    if (device->status != "active") {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "device.pending: waiting for approval at headquarters");
    }
    device_ = *device;
    v1::ServerMessage welcome;
    auto* w = welcome.mutable_welcome();
    w->set_device_id(device_.device_id);
    w->set_site_id(device_.site_id);
    w->set_acked_sequence(device_.acked_sequence);
    w->set_status(v1::DEVICE_STATUS_ACTIVE);
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
    registered_ = true;
    // An unused one-time 目視確認 allowance survives a reconnect (issue 19).
    service_->PushVisualAllowances(device_.device_id);
    spdlog::info("device {} connected (acked {})", device_.device_id, device_.acked_sequence);
    std::lock_guard lock(mu_);
    StartReadLocked();
    return grpc::Status::OK;
  }

  void OnIngested(Result<IngestOutcome> r) {
    {
      std::lock_guard lock(mu_);
      --inflight_;
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

  // The 資格確認端末 certificate a terminal read (issue 19): bounded like other facts it
  // reports, stored only when it changed (heartbeats repeat it every 30 s).
  void NoteTerminalCertificateLocked(const v1::TerminalCertificateReport& report) {
    if (auto why = ValidateTerminalCertificateReport(report)) {
      spdlog::warn("device {}: terminal certificate facts refused: {}", device_.device_id, *why);
      return;
    }
    const std::string bytes = report.SerializeAsString();
    if (bytes == last_terminal_cert_) return;
    if (service_->store_->RecordTerminalCertificate(device_, report).ok()) {
      last_terminal_cert_ = bytes;
    }
  }

  void StartReadLocked() {
    if (reading_ || read_closed_ || finish_status_) return;
    reading_ = true;
    StartRead(&in_buf_);
  }

  // Reads the next message unless the terminal has enough waiting on the server already: its
  // batches in the writer, or answers it has not read.
  void MaybeReadLocked() {
    if (reading_ || read_closed_ || finish_status_ || inflight_ >= kMaxInflightBatches) return;
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

  void PushLocked(const v1::ServerMessage& message) {
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

  void MaybeFinishLocked() {
    if (finished_) return;
    if (cancelled_ && inflight_ == 0) {
      FinishLocked(grpc::Status::CANCELLED);
    } else if (read_closed_ && inflight_ == 0 && !writing_) {
      FinishLocked(grpc::Status::OK);
    } else if (finish_status_ && !writing_) {
      FinishLocked(*finish_status_);
    }
  }

  // Finish is called once, and never while a write is outstanding.
  void FinishLocked(const grpc::Status& status) {
    if (finished_) return;
    if (!finish_status_) finish_status_ = status;
    if (writing_) return;  // OnWriteDone finishes
    finished_ = true;
    Finish(*finish_status_);
  }

  void Unref() {
    bool last;
    {
      std::lock_guard lock(mu_);
      last = --refs_ == 0;
    }
    if (last) delete this;
  }

  AgentServiceImpl* service_;
  grpc::CallbackServerContext* ctx_;
  std::mutex mu_;
  DeviceRecord device_;
  bool registered_ = false;
  grpc::ByteBuffer in_buf_;
  // A list, not a deque: an empty deque already holds a 512-byte block, and nearly every
  // stream's queue is empty nearly all the time (issue 18: memory per idle stream).
  std::list<grpc::ByteBuffer> outq_;
  bool reading_ = false, writing_ = false, read_closed_ = false, cancelled_ = false,
       finished_ = false, hello_seen_ = false, paused_ = false;
  std::optional<grpc::Status> finish_status_;
  std::string last_terminal_cert_;  // the last report stored, serialised
  int inflight_ = 0;
  int refs_ = 1;  // OnDone's
};

grpc::Status AgentServiceImpl::Enroll(grpc::ServerContext* ctx, const v1::EnrollRequest* req,
                                      v1::EnrollResponse* resp) {
  const std::string source = PeerAddress(ctx->peer());
  auto throttled = [&]() -> std::optional<grpc::Status> {
    bool first = false;
    if (enroll_gate_.Check(source, "enroll", &first) == LoginGate::Verdict::kAllowed) {
      return std::nullopt;
    }
    if (first) {
      (void)store_->AuditEnrollRefusal("enroll.rate_limited", source, req->facts().hostname());
    }
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "enroll.rate_limited: too many refused enrollments; wait a minute");
  };
  if (auto refused = throttled()) return *refused;
  // Enrollments take turns (each holds database connections and the audit chain's lock), so a
  // flood cannot take what terminals' acknowledgements need; a turn counts the failures of the
  // attempts before it, which concurrent attempts would otherwise all slip past.
  LoginGate::Slot turn = enroll_gate_.AcquireHashSlot();
  if (!turn) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "enroll.busy: too many enrollments at once; try again in a minute");
  }
  if (auto refused = throttled()) return *refused;
  std::optional<std::string> bad_facts = ValidateFields(*req);
  auto r = bad_facts ? Result<v1::EnrollResponse>(
                           MakeError(ErrorCode::kInvalidArgument, "enroll.bad_request", *bad_facts))
                     : store_->Enroll(*req, *ca_, cert_lifetime_days_);
  if (!r.ok()) {
    spdlog::warn("enrollment from {} refused: {}", source, r.error().ToString());
    enroll_gate_.NoteFailure(source, "enroll");
    (void)store_->AuditEnrollRefusal(r.error().reason(), source, req->facts().hostname());
    return rpc::ToGrpcStatus(r.error());
  }
  *resp = *r;
  spdlog::info("device {} enrolled for site {} ({}), code {}", resp->device_id(), resp->site_id(),
               req->facts().hostname(), resp->verification_code());
  return grpc::Status::OK;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* AgentServiceImpl::Connect(
    grpc::CallbackServerContext* ctx) {
  return new AgentStream(this, ctx);
}

void AgentServiceImpl::Register(const std::string& device_id, AgentStream* stream) {
  std::lock_guard lock(mu_);
  // One terminal (a broken agent that leaks streams, or a stolen key) must not take the memory
  // every branch's streams share (≈ 100 KiB each): beyond the limit its oldest streams close.
  // Streams already cancelled count until they are done, so a burst closes no more than needed.
  if (streams_per_terminal_ > 0) {
    auto [b, e] = live_.equal_range(device_id);
    size_t held = static_cast<size_t>(std::distance(b, e));
    for (auto it = b; it != e && held >= streams_per_terminal_; ++it, --held) {
      spdlog::warn("device {} opened more than {} streams; closing its oldest", device_id,
                   streams_per_terminal_);
      it->second->Cancel();
    }
  }
  live_.emplace(device_id, stream);
  if (newest_head_) {
    v1::ServerMessage m;
    *m.mutable_audit_head() = *newest_head_;
    stream->Push(m);
  }
}

void AgentServiceImpl::Unregister(const std::string& device_id, AgentStream* stream) {
  std::lock_guard lock(mu_);
  auto [b, e] = live_.equal_range(device_id);
  for (auto it = b; it != e; ++it) {
    if (it->second == stream) {
      live_.erase(it);
      break;
    }
  }
}

void AgentServiceImpl::Disconnect(const std::string& device_id) {
  std::lock_guard lock(mu_);
  auto [b, e] = live_.equal_range(device_id);
  for (auto it = b; it != e; ++it) it->second->Cancel();
}

Result<v1::TerminalConfig> AgentServiceImpl::ConfigFor(const std::string& device_id,
                                                       const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(v1::Site site, store_->GetSite(site_id));
  KAKUNIN_ASSIGN_OR_RETURN(v1::RouteSettings own, store_->DeviceRoute(device_id));
  v1::TerminalConfig c;
  c.set_catchup_rate_per_second(fleet_.catchup_rate_per_second);
  c.set_outbox_warn_depth(fleet_.outbox_warn_depth);
  c.set_default_mode(site.default_mode() == v1::IDENTITY_MODE_UNSPECIFIED ? v1::IDENTITY_MODE_VISUAL
                                                                          : site.default_mode());
  *c.mutable_allowed_routes() = site.allowed_routes();
  c.set_local_mode_override_allowed(site.local_mode_override_allowed());
  c.set_site_name(site.name());
  c.set_institution_code(site.institution_code());
  c.set_facility_kind(site.facility_kind());
  *c.mutable_route() = RouteForTerminal(site.route(), own);
  KAKUNIN_ASSIGN_OR_RETURN(v1::TerminalCertificateSetting cert,
                           store_->SiteTerminalCertificate(site_id));
  // Unset when HQ recorded nothing: the version of such a site's settings stays as it was.
  if (cert.ByteSizeLong() > 0) *c.mutable_terminal_certificate() = std::move(cert);
  // The version names the content: a terminal logs and applies only what changed.
  c.set_version(std::hash<std::string>{}(c.SerializeAsString()));
  return c;
}

void AgentServiceImpl::PushConfig(const std::string& device_id) {
  std::vector<AgentStream*> streams;
  std::string site_id;
  {
    std::lock_guard lock(mu_);
    auto [b, e] = live_.equal_range(device_id);
    for (auto it = b; it != e; ++it) streams.push_back(it->second);
  }
  if (streams.empty()) return;
  auto device = store_->GetDevice(device_id);
  if (!device.ok() || device->status != "active") return;
  auto config = ConfigFor(device_id, device->site_id);
  if (!config.ok()) {
    spdlog::warn("settings for {} not sent: {}", device_id, config.error().ToString());
    return;
  }
  v1::ServerMessage m;
  *m.mutable_config() = std::move(*config);
  // Under mu_ again: a stream in live_ is alive until it unregisters, which takes mu_.
  std::lock_guard lock(mu_);
  auto [b, e] = live_.equal_range(device_id);
  for (auto it = b; it != e; ++it) it->second->Push(m);
}

void AgentServiceImpl::PushVisualAllowances(const std::string& device_id) {
  if (allowances_ == nullptr) return;
  {
    std::lock_guard lock(mu_);
    if (live_.count(device_id) == 0) return;
  }
  auto usable = allowances_->Usable(device_id);
  if (!usable.ok()) {
    spdlog::warn("visual allowance for {} not sent: {}", device_id, usable.error().ToString());
    return;
  }
  // The terminal keeps the newest by id: sending one again (every device event) changes nothing.
  std::lock_guard lock(mu_);
  for (const auto& a : *usable) {
    v1::ServerMessage m;
    *m.mutable_visual_allowance() = a;
    auto [b, e] = live_.equal_range(device_id);
    for (auto it = b; it != e; ++it) it->second->Push(m);
  }
}

void AgentServiceImpl::Broadcast(const v1::ServerMessage& message) {
  std::lock_guard lock(mu_);
  for (auto& [id, stream] : live_) stream->Push(message);
}

void AgentServiceImpl::SetNewestHead(const v1::SignedAuditHead& head) {
  {
    std::lock_guard lock(mu_);
    newest_head_ = head;
  }
  v1::ServerMessage m;
  *m.mutable_audit_head() = head;
  Broadcast(m);
}

bool AgentServiceImpl::MayRenew(const std::string& device_id) {
  std::lock_guard lock(renew_mu_);
  auto it = renewed_at_.find(device_id);
  return it == renewed_at_.end() || std::chrono::steady_clock::now() - it->second >= kRenewSpacing;
}

void AgentServiceImpl::NoteRenewed(const std::string& device_id) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(renew_mu_);
  // Only renewals of the last few minutes matter: the map never holds more than those.
  std::erase_if(renewed_at_, [&](const auto& e) { return now - e.second >= kRenewSpacing; });
  renewed_at_[device_id] = now;
}

bool AgentServiceImpl::MayOpenStream(const std::string& device_id) {
  if (stream_opens_per_minute_ == 0) return true;
  const auto now = TokenBucket::Clock::now();
  constexpr auto kNow = TokenBucket::Clock::duration::zero();
  std::lock_guard lock(opens_mu_);
  // Full buckets say nothing: they go, so the map holds only terminals that opened lately.
  if (opens_.size() > 4096) {
    for (auto it = opens_.begin(); it != opens_.end();) {
      it = it->second.TimeUntil(it->second.burst(), now) == kNow ? opens_.erase(it) : std::next(it);
    }
  }
  auto& bucket =
      opens_.try_emplace(device_id, stream_opens_per_minute_ / 60.0, stream_opens_per_minute_, now)
          .first->second;
  if (bucket.TimeUntil(1, now) != kNow) return false;
  bucket.Take(1, now);
  return true;
}

bool AgentServiceImpl::NoteRenewalRefused(const std::string& device_id) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(renew_mu_);
  std::erase_if(refused_at_, [&](const auto& e) { return now - e.second >= kRenewSpacing; });
  return refused_at_.try_emplace(device_id, now).second;
}

size_t AgentServiceImpl::connected() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

}  // namespace kakunin::server
