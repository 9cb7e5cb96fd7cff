#include "server/rpc/agent_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

#include "common/rpc/status.h"
#include "server/ingest/result_limits.h"
#include "server/rpc/agent_stream.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {

grpc::Status AgentServiceImpl::Enroll(grpc::ServerContext* ctx, const v1::EnrollRequest* req,
                                      v1::EnrollResponse* resp) {
  const std::string source = ClientSource(ctx->peer(), trusted_proxies_);
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

namespace {
// Takes a token from `device_id`'s bucket in `buckets` (made full at `rate`, `burst`); false
// when none is left. Full buckets say nothing: they go, so a map holds only terminals that
// took tokens lately.
TokenBucket& BucketOf(std::unordered_map<std::string, TokenBucket>& buckets,
                      const std::string& device_id, double rate, uint32_t burst,
                      TokenBucket::Clock::time_point now) {
  constexpr auto kNow = TokenBucket::Clock::duration::zero();
  if (buckets.size() > 4096) {
    for (auto it = buckets.begin(); it != buckets.end();) {
      it =
          it->second.TimeUntil(it->second.burst(), now) == kNow ? buckets.erase(it) : std::next(it);
    }
  }
  return buckets.try_emplace(device_id, rate, burst, now).first->second;
}

bool TakeToken(std::unordered_map<std::string, TokenBucket>& buckets, const std::string& device_id,
               double rate, uint32_t burst) {
  const auto now = TokenBucket::Clock::now();
  auto& bucket = BucketOf(buckets, device_id, rate, burst, now);
  if (bucket.TimeUntil(1, now) != TokenBucket::Clock::duration::zero()) return false;
  bucket.Take(1, now);
  return true;
}
}  // namespace

bool AgentServiceImpl::MayOpenStream(const std::string& device_id) {
  if (stream_opens_per_minute_ == 0) return true;
  std::lock_guard lock(opens_mu_);
  return TakeToken(opens_, device_id, stream_opens_per_minute_ / 60.0, stream_opens_per_minute_);
}

std::chrono::steady_clock::duration AgentServiceImpl::TakeResults(const std::string& device_id,
                                                                  uint32_t n) {
  const uint64_t limit = ResultsPerSecondLimit();
  if (limit == 0) return std::chrono::steady_clock::duration::zero();
  const auto rate = static_cast<double>(limit);
  const auto burst = static_cast<uint32_t>(std::min(10.0 * rate, 1e9));
  const auto now = TokenBucket::Clock::now();
  std::lock_guard lock(opens_mu_);
  auto& bucket = BucketOf(results_, device_id, rate, burst, now);
  bucket.TakeOwing(n, now);
  return bucket.TimeUntil(1, now);
}

std::chrono::steady_clock::duration AgentServiceImpl::ResultsOwed(const std::string& device_id) {
  std::lock_guard lock(opens_mu_);
  auto it = results_.find(device_id);
  if (it == results_.end()) return std::chrono::steady_clock::duration::zero();
  return it->second.TimeUntil(1, TokenBucket::Clock::now());
}

bool AgentServiceImpl::MayTryRenewal(const std::string& device_id) {
  std::lock_guard lock(opens_mu_);
  return TakeToken(renew_tries_, device_id, 1.0 / 120, 6);
}

bool AgentServiceImpl::MayRecordTerminalCertificate(const std::string& device_id) {
  std::lock_guard lock(opens_mu_);
  return TakeToken(cert_reports_, device_id, 1.0 / 360, 10);
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

std::vector<std::string> AgentServiceImpl::ConnectedDeviceIds() const {
  std::vector<std::string> ids;
  std::lock_guard lock(mu_);
  for (auto it = live_.begin(); it != live_.end(); it = live_.upper_bound(it->first)) {
    ids.push_back(it->first);
  }
  return ids;
}

}  // namespace kakunin::server
