#include "server/rpc/console_service.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "common/crypto/enroll_bundle.h"
#include "common/log/log_budget.h"
#include "common/rpc/status.h"
#include "common/text/text_fault.h"
#include "server/audit/audit_page_token.h"
#include "server/audit/audit_verify.h"
#include "server/rpc/console_input.h"

namespace kakunin::server {

grpc::Status Denied() {
  return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                      "auth.forbidden: your role may not do this");
}

grpc::Status SubsidiesOff() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "subsidy.unavailable: subsidy tracking is not set up on this server");
}

namespace {
using google::protobuf::util::TimeUtil;

v1::User ToProtoUser(const UserRecord& r) {
  v1::User u;
  u.set_user_id(r.info.user_id);
  u.set_login(r.info.login);
  u.set_display_name(r.info.display_name);
  u.set_role(static_cast<v1::Role>(static_cast<int>(r.info.role) + 1));
  for (const auto& id : r.info.site_ids) u.add_site_ids(id);
  u.set_locked(r.locked);
  u.set_disabled(r.disabled);
  if (r.last_login_us != 0)
    *u.mutable_last_login() = TimeUtil::MicrosecondsToTimestamp(r.last_login_us);
  return u;
}

Result<Role> FromProtoRole(v1::Role role) {
  if (role < v1::ROLE_HQ_ADMIN || role > v1::ROLE_STAFF) {
    return MakeError(ErrorCode::kInvalidArgument, "auth.bad_role",
                     "role must be hq_admin, branch_manager, auditor or staff");
  }
  return static_cast<Role>(static_cast<int>(role) - 1);
}

bool InScope(const UserInfo& u, const std::string& site_id) {
  if (u.role == Role::kHqAdmin) return true;
  for (const auto& s : u.site_ids) {
    if (s == site_id) return true;
  }
  return false;
}

// The session token of "authorization: Bearer …"; empty without one.
std::string BearerToken(const grpc::ServerContext* ctx) {
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return "";
  std::string v(it->second.data(), it->second.size());
  return v.rfind("Bearer ", 0) == 0 ? v.substr(7) : "";
}

// Whether a user may still see what their watch was opened to show.
bool SameScope(const UserInfo& a, UserInfo b) {
  auto sites = a.site_ids;
  std::sort(sites.begin(), sites.end());
  std::sort(b.site_ids.begin(), b.site_ids.end());
  return a.role == b.role && sites == b.site_ids;
}

// How often an open watch checks its session again: a logout or a change made through another
// replica (this one ends its own watches at once) reaches the watch within this.
constexpr std::chrono::seconds kWatchRecheck{5};
}  // namespace

Result<ConsoleServiceImpl::CallerInfo> ConsoleServiceImpl::Caller(
    grpc::ServerContext* ctx, const google::protobuf::Message* request, bool counted) {
  KAKUNIN_ASSIGN_OR_RETURN(UserInfo user, users_->Authenticate(BearerToken(ctx)));
  if (request) KAKUNIN_RETURN_IF_ERROR(CheckConsoleRequest(*request));  // a session first
  CallerInfo caller{std::move(user), nullptr};
  if (counted) {
    caller.slot = in_flight_.Enter(caller.user_id);
    if (!caller.slot) {
      return MakeError(ErrorCode::kResourceExhausted, "console.too_many_calls",
                       "too many of your calls are running at once; wait for them to finish");
    }
    caller.owner = std::make_shared<ConnectionPool::OwnerScope>(caller.user_id);
  }
  return caller;
}

grpc::Status ConsoleServiceImpl::Login(grpc::ServerContext* ctx, const v1::LoginRequest* req,
                                       v1::LoginResponse* resp) {
  const std::string source = ClientSource(ctx->peer(), trusted_proxies_);
  auto s = users_->Login(req->login(), req->password(), source);
  if (!s.ok()) {
    // The login as typed is in the audit record (made printable there); the log keeps only
    // what cannot flood it.
    // A flood of made-up names is bounded here as the audit bounds its records.
    static LogBudget budget(30, std::chrono::minutes(1));
    if (uint64_t held = 0; budget.Take(&held)) {
      spdlog::warn("login failed from {} ({} bytes): {}{}", source, req->login().size(),
                   s.error().reason(),
                   held == 0 ? "" : fmt::format(" ({} more failed logins not logged)", held));
    }
    return rpc::ToGrpcStatus(s.error());
  }
  resp->set_session_token(s->token);
  *resp->mutable_expires_at() =
      TimeUtil::TimeTToTimestamp(std::chrono::system_clock::to_time_t(s->expires_at));
  auto* u = resp->mutable_user();
  u->set_user_id(s->user.user_id);
  u->set_login(s->user.login);
  u->set_display_name(s->user.display_name);
  u->set_role(static_cast<v1::Role>(static_cast<int>(s->user.role) + 1));
  for (const auto& id : s->user.site_ids) u->add_site_ids(id);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::Logout(grpc::ServerContext* ctx, const v1::LogoutRequest*,
                                        v1::LogoutResponse*) {
  if (std::string token = BearerToken(ctx); !token.empty()) {
    (void)users_->Logout(token);
    watches_.EndSession(token);
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListSites(grpc::ServerContext* ctx,
                                           const v1::ListSitesRequest* req,
                                           v1::ListSitesResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  auto sites = store_->ListSites();
  if (!sites.ok()) return rpc::ToGrpcStatus(sites.error());
  for (auto& s : *sites) {
    if (u->role == Role::kHqAdmin || u->role == Role::kAuditor || InScope(*u, s.site_id())) {
      *resp->add_sites() = std::move(s);
    }
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UpsertSite(grpc::ServerContext* ctx,
                                            const v1::UpsertSiteRequest* req, v1::Site* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  auto s = store_->UpsertSite(req->site(), "user:" + u->login);
  if (!s.ok()) return rpc::ToGrpcStatus(s.error());
  *resp = *s;
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ImportSites(grpc::ServerContext* ctx,
                                             const v1::ImportSitesRequest* req,
                                             v1::ImportSitesResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  if (site_importer_ == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "site.import_unavailable: not set up");
  }
  auto r = site_importer_->Import(req->csv(),
                                  {req->dry_run(), req->clean_rows_only(), "user:" + u->login});
  if (!r.ok()) return rpc::ToGrpcStatus(r.error());
  *resp = std::move(*r);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListDevices(grpc::ServerContext* ctx,
                                             const v1::ListDevicesRequest* req,
                                             v1::ListDevicesResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kStaff) return Denied();
  auto devices = store_->ListDevices(req->site_id());
  if (!devices.ok()) return rpc::ToGrpcStatus(devices.error());
  for (auto& d : *devices) {
    if (u->role != Role::kBranchManager || InScope(*u, d.site_id()))
      *resp->add_devices() = std::move(d);
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::IssueEnrollmentToken(grpc::ServerContext* ctx,
                                                      const v1::IssueEnrollmentTokenRequest* req,
                                                      v1::EnrollmentToken* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  // 0 means the default; anything else outside 1 minute .. a week is refused as invalid.
  int ttl = req->ttl_seconds() == 0
                ? 3600
                : static_cast<int>(std::min<uint32_t>(req->ttl_seconds(), kMaxTokenTtlSeconds + 1));
  auto t = store_->IssueEnrollmentToken(req->site_id(), ttl, "user:" + u->login);
  if (!t.ok()) return rpc::ToGrpcStatus(t.error());
  resp->set_token(t->token);
  resp->set_site_id(req->site_id());
  *resp->mutable_expires_at() = TimeUtil::SecondsToTimestamp(t->expires_at_unix);
  // The enrollment bundle: typed or scanned at the store, it is all `kakunin-agent enroll
  // --bundle` needs (HQ's CA is pinned by its fingerprint).
  resp->set_qr_payload(
      crypto::FormatEnrollBundle({bundle_servers_, ca_fingerprint_, req->site_id(), t->token}));
  return grpc::Status::OK;
}

void ConsoleServiceImpl::SetEnrollmentBundle(std::vector<std::string> servers,
                                             const std::string& ca_pem) {
  bundle_servers_ = std::move(servers);
  auto fingerprint = crypto::CertificateSha256Hex(ca_pem);
  ca_fingerprint_ = fingerprint.ok() ? *fingerprint : "";
}

grpc::Status ConsoleServiceImpl::FindDevice(const std::string& device_id, v1::Device* out) {
  auto devices = store_->ListDevices("");
  if (!devices.ok()) return rpc::ToGrpcStatus(devices.error());
  for (auto& d : *devices) {
    if (d.device_id() == device_id) {
      *out = d;
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "device.unknown: no such device");
}

grpc::Status ConsoleServiceImpl::ApproveDevice(grpc::ServerContext* ctx,
                                               const v1::ApproveDeviceRequest* req,
                                               v1::Device* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  v1::Device d;
  if (auto s = FindDevice(req->device_id(), &d); !s.ok()) return s;
  if (d.verification_code() != req->verification_code()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "device.code_mismatch: the code does not match the terminal's");
  }
  if (d.status() == v1::DEVICE_STATUS_REVOKED) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "device.revoked: cannot approve");
  }
  if (auto s = store_->SetDeviceStatus(req->device_id(), "active", "", "user:" + u->login); !s.ok())
    return rpc::ToGrpcStatus(s.error());
  return FindDevice(req->device_id(), resp);
}

grpc::Status ConsoleServiceImpl::RevokeDevice(grpc::ServerContext* ctx,
                                              const v1::RevokeDeviceRequest* req,
                                              v1::Device* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  if (req->reason().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "device.no_reason: give a reason");
  }
  // Shown to branch managers and auditors, and logged: bounded, one line, nothing that steers
  // how it is shown.
  if (req->reason().size() > 1000 ||
      text::FindTextFault(req->reason(), /*multi_line=*/false) != text::TextFault::kNone) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "device.bad_reason: a reason is at most 1,000 bytes on one line, without "
                        "control characters");
  }
  if (auto s =
          store_->SetDeviceStatus(req->device_id(), "revoked", req->reason(), "user:" + u->login);
      !s.ok()) {
    return rpc::ToGrpcStatus(s.error());
  }
  // Later handshakes are refused at once; the live stream is cut now.
  if (auto serial = store_->DeviceSerial(req->device_id()); serial.ok()) revoked_->Add(*serial);
  agents_->Disconnect(req->device_id());
  spdlog::warn("device {} revoked by {}: {}", req->device_id(), u->login, req->reason());
  return FindDevice(req->device_id(), resp);
}

grpc::Status ConsoleServiceImpl::SetDeviceRoute(grpc::ServerContext* ctx,
                                                const v1::SetDeviceRouteRequest* req,
                                                v1::Device* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  auto device = store_->SetDeviceRoute(req->device_id(), req->route(), "user:" + u->login);
  if (!device.ok()) return rpc::ToGrpcStatus(device.error());
  // This replica's stream hears it now; others through the database's notification.
  agents_->PushConfig(req->device_id());
  *resp = std::move(*device);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::QueryResults(grpc::ServerContext* ctx,
                                              const v1::QueryResultsRequest* req,
                                              v1::QueryResultsResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kAuditor) return Denied();  // auditors see the audit trail, not patients
  const std::vector<std::string>* scope = u->role == Role::kHqAdmin ? nullptr : &u->site_ids;
  // A list never carries patient fields, for any role: the console's list shows none, and a
  // page of 1,000 opened rows let a staff login copy a store's patients unrecorded. Each one is
  // opened by GetResult, which records who looked.
  auto r = store_->QueryResults(*req, scope, /*with_patient_data=*/false);
  if (!r.ok()) return rpc::ToGrpcStatus(r.error());
  *resp = std::move(*r);
  return grpc::Status::OK;
}

// Live feed: results (no patient fields; details via GetResult) and device changes, heard from
// every replica through the event hub.
grpc::Status ConsoleServiceImpl::Watch(grpc::ServerContext* ctx, const v1::WatchRequest* req,
                                       grpc::ServerWriter<v1::WatchEvent>* writer) {
  auto u = Caller(ctx, req, /*counted=*/false);  // open for hours; bounded by the watch registry
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role == Role::kAuditor) return Denied();
  if (!hub_)
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "watch.unavailable: no live feed on this server");
  UserInfo user = *u;
  v1::ResultFilter f = req->filter();
  for (const std::string* id : {&f.site_id(), &f.device_id()}) {
    if (id->size() > 64) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "results.bad_filter: site or terminal id too long");
    }
  }
  bool devices = req->devices() && user.role != Role::kStaff;
  auto sub = hub_->Subscribe([user, f, devices](const v1::WatchEvent& e) {
    if (e.has_device()) return devices && InScope(user, e.device().site_id());
    if (!e.has_result()) return false;
    const auto& row = e.result();
    const auto& r = row.result();
    return InScope(user, row.site_id()) && (f.site_id().empty() || f.site_id() == row.site_id()) &&
           (f.device_id().empty() || f.device_id() == row.device_id()) &&
           (f.mode() == 0 || f.mode() == r.mode()) && (f.route() == 0 || f.route() == r.route()) &&
           (f.outcome() == 0 || f.outcome() == r.outcome());
  });
  struct Unsub {
    EventHub* hub;
    std::shared_ptr<Subscription> s;
    ~Unsub() { hub->Unsubscribe(s); }
  } unsub{hub_, sub};
  // A logout, a change of this user, or a fifth watch of theirs ends this one (TryCancel).
  const auto registered = watches_.Add(user.user_id, BearerToken(ctx), ctx);
  auto next_check = std::chrono::steady_clock::now() + kWatchRecheck;
  // Headers go out at once, so the console knows the watch is in place.
  writer->SendInitialMetadata();
  // What is queued goes out together: buffered writes, flushed by the last, so a commit's
  // results cost the watcher one flush instead of one blocking write each.
  std::vector<v1::WatchEvent> events;
  while (!ctx->IsCancelled()) {
    sub->NextAll(&events, std::chrono::milliseconds(500));  // none when it times out
    for (size_t i = 0; i < events.size(); ++i) {
      grpc::WriteOptions options;
      if (i + 1 < events.size()) options.set_buffer_hint();
      if (!writer->Write(events[i], options)) return grpc::Status::OK;
    }
    // A watcher that fell so far behind that events were dropped is told so once what was
    // queued is out: the console reconnects and reloads instead of showing a list with holes.
    if (sub->overflowed()) {
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "watch.behind: the live feed fell behind; reload to see every result");
    }
    // This replica lost the database for a moment and did not hear what was committed then:
    // the console reconnects and catches up from the database (its catch-up after a loss).
    if (sub->resync()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "watch.resync: the server's live feed was interrupted; catching up");
    }
    // The session is checked again now and then: it may have ended, or its user changed,
    // through another replica.
    if (std::chrono::steady_clock::now() >= next_check) {
      next_check = std::chrono::steady_clock::now() + kWatchRecheck;
      // Not counted: the user's other calls in flight must not end the watch.
      auto again = Caller(ctx, req, /*counted=*/false);
      if (!again.ok()) return rpc::ToGrpcStatus(again.error());
      if (!SameScope(user, *again)) {
        // The console reconnects; its new watch is authorised for the new scope.
        return grpc::Status(grpc::StatusCode::ABORTED,
                            "watch.scope_changed: the user's role or sites changed");
      }
    }
  }
  return grpc::Status::OK;
}

// Audit: HQ administrators and auditors only (branch staff never see the trail).
grpc::Status ConsoleServiceImpl::QueryAudit(grpc::ServerContext* ctx,
                                            const v1::QueryAuditRequest* req,
                                            v1::QueryAuditResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kAuditor) return Denied();
  // Bounded before any arithmetic, as the dashboard's: an absurd year would overflow.
  for (const google::protobuf::Timestamp* t :
       {req->has_from() ? &req->from() : nullptr, req->has_to() ? &req->to() : nullptr}) {
    if (t && (t->seconds() < 0 || t->seconds() > 253402300799 || t->nanos() < 0 ||
              t->nanos() > 999999999)) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "audit.bad_range: a time is out of range");
    }
  }
  for (const std::string* id :
       {&req->actor(), &req->device_id(), &req->site_id(), &req->event_type()}) {
    if (id->size() > 160 || id->find('\0') != std::string::npos) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "audit.bad_filter: a search condition is too long or malformed");
    }
  }
  AuditQuery q;
  if (req->has_from()) q.since_us = TimeUtil::TimestampToMicroseconds(req->from());
  if (req->has_to()) q.until_us = TimeUtil::TimestampToMicroseconds(req->to());
  q.actor = req->actor();
  q.device_id = req->device_id();
  q.site_id = req->site_id();
  q.event = req->event_type();
  uint64_t before = 0;
  if (!req->page_token().empty()) {
    before = static_cast<uint64_t>(ParseAuditPageToken(req->page_token()).value_or(0));
    if (before == 0) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "audit.bad_page_token: not a page token of this list");
    }
  }
  size_t limit = req->page_size() == 0 ? 100 : std::min<size_t>(req->page_size(), 1000);
  auto page = audit_->Page(q, before, limit);
  if (!page.ok()) return rpc::ToGrpcStatus(page.error());
  for (const auto& r : *page) {
    auto* out = resp->add_records();
    out->set_seq(r.seq);
    *out->mutable_at() = TimeUtil::MicrosecondsToTimestamp(r.at_us);
    out->set_event_type(r.event);
    out->set_actor(r.actor);
    out->set_device_id(r.device_id);
    out->set_site_id(r.site_id);
    out->set_subject(r.subject);
    out->set_details_json(r.details);
    out->set_prev_hash(ToString(r.prev_hash));
    out->set_hash(ToString(r.hash));
  }
  if (page->size() == limit && !page->empty()) {
    resp->set_next_page_token(std::to_string(page->back().seq));
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::TakeChange(const UserInfo& who) {
  if (changes_.Take(who.user_id)) return grpc::Status::OK;
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "console.too_many_changes: too many changes in a minute; wait a minute");
}

grpc::Status ConsoleServiceImpl::VerifyAudit(grpc::ServerContext* ctx,
                                             const v1::VerifyAuditRequest* req,
                                             v1::VerifyAuditResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kAuditor) return Denied();
  VerifyRequest v;
  v.from_seq = req->from_seq() == 0 ? 1 : req->from_seq();
  v.to_seq = req->to_seq();
  v.trusted_keys.push_back(audit_key_);
  v.stop = [ctx] { return ctx->IsCancelled(); };
  // One walk at a time: each holds a connection for as long as the chain takes to read, and
  // a few at once would leave nothing for everyone else's console.
  std::unique_lock walking(verify_mu_, std::try_to_lock);
  if (!walking.owns_lock()) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "audit.verify_busy: another verification of the audit log is running");
  }
  auto report = VerifyStoredChain(*audit_, v);
  if (!report.ok()) return rpc::ToGrpcStatus(report.error());
  resp->set_ok(report->ok);
  resp->set_records_checked(report->records_checked);
  if (!report->findings.empty()) {
    const auto& first = report->findings.front();
    resp->set_first_bad_seq(first.seq);
    resp->set_problem(std::string(audit::FindingKindName(first.kind)));
  }
  resp->set_detail(report->summary);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListSignedHeads(grpc::ServerContext* ctx,
                                                 const v1::ListSignedHeadsRequest* req,
                                                 v1::ListSignedHeadsResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin && u->role != Role::kAuditor) return Denied();
  auto heads = audit_->Heads(req->limit() == 0 ? 100 : std::min<uint32_t>(req->limit(), 1000));
  if (!heads.ok()) return rpc::ToGrpcStatus(heads.error());
  for (const auto& h : *heads) *resp->add_heads() = ToProtoHead(h);
  return grpc::Status::OK;
}

// ---- Users: HQ administrators only ----

grpc::Status ConsoleServiceImpl::CheckUserScope(Role role, const std::vector<std::string>& sites) {
  if ((role == Role::kBranchManager || role == Role::kStaff) && sites.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "auth.sites_required: branch managers and staff need at least one site");
  }
  if (sites.empty()) return grpc::Status::OK;
  auto known = store_->ListSites();
  if (!known.ok()) return rpc::ToGrpcStatus(known.error());
  for (const auto& id : sites) {
    bool found = false;
    for (const auto& s : *known) found |= s.site_id() == id;
    if (!found) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "site.not_found: no site '" + id + "'");
    }
  }
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::ListUsers(grpc::ServerContext* ctx,
                                           const v1::ListUsersRequest* req,
                                           v1::ListUsersResponse* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  auto users = users_->List();
  if (!users.ok()) return rpc::ToGrpcStatus(users.error());
  for (const auto& r : *users) *resp->add_users() = ToProtoUser(r);
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::CreateUser(grpc::ServerContext* ctx,
                                            const v1::CreateUserRequest* req, v1::User* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  auto role = FromProtoRole(req->role());
  if (!role.ok()) return rpc::ToGrpcStatus(role.error());
  std::vector<std::string> sites(req->site_ids().begin(), req->site_ids().end());
  if (auto s = CheckUserScope(*role, sites); !s.ok()) return s;
  auto created = users_->Create(req->login(), req->display_name(), req->password(), *role, sites,
                                "user:" + u->login);
  if (!created.ok()) return rpc::ToGrpcStatus(created.error());
  *resp = ToProtoUser(UserRecord{*created, false, false, 0});
  return grpc::Status::OK;
}

grpc::Status ConsoleServiceImpl::UpdateUser(grpc::ServerContext* ctx,
                                            const v1::UpdateUserRequest* req, v1::User* resp) {
  auto u = Caller(ctx, req);
  if (!u.ok()) return rpc::ToGrpcStatus(u.error());
  if (u->role != Role::kHqAdmin) return Denied();
  bool all = req->update_mask().paths_size() == 0;
  bool want_role = all, want_sites = all, want_disabled = all;
  for (const auto& path : req->update_mask().paths()) {
    if (path == "role") {
      want_role = true;
    } else if (path == "site_ids") {
      want_sites = true;
    } else if (path == "disabled") {
      want_disabled = true;
    } else {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "auth.bad_update_mask: only role, site_ids and disabled, not '" + path + "'");
    }
  }
  // The target's current state decides what the role/site check sees for unchanged parts.
  auto users = users_->List();
  if (!users.ok()) return rpc::ToGrpcStatus(users.error());
  const UserRecord* current = nullptr;
  for (const auto& r : *users) {
    if (r.info.user_id == req->user_id()) current = &r;
  }
  if (current == nullptr) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "auth.unknown_user: no user '" + req->user_id() + "'");
  }
  UserChange change;
  if (want_role) {
    auto role = FromProtoRole(req->role());
    if (!role.ok()) return rpc::ToGrpcStatus(role.error());
    change.role = *role;
  }
  if (want_sites) change.site_ids.emplace(req->site_ids().begin(), req->site_ids().end());
  if (want_disabled) change.disabled = req->disabled();
  change.unlock = req->unlock();
  change.new_password = req->new_password();
  if (auto s = CheckUserScope(change.role.value_or(current->info.role),
                              change.site_ids.value_or(current->info.site_ids));
      !s.ok()) {
    return s;
  }
  auto updated = users_->Update(req->user_id(), change, "user:" + u->login);
  if (!updated.ok()) return rpc::ToGrpcStatus(updated.error());
  // What their open watches show was decided under the old role and sites.
  watches_.EndUser(req->user_id());
  *resp = ToProtoUser(*updated);
  return grpc::Status::OK;
}

// ---- Subsidies ----

}  // namespace kakunin::server
