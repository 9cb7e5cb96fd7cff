#include "server/rpc/agent_service.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "common/crypto/x509.h"
#include "common/rpc/status.h"

namespace kakunin::server {

namespace {

// The verified client certificate's CN and serial, or an error when there is none.
Result<std::pair<std::string, std::string>> PeerDevice(const grpc::ServerContext& ctx) {
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

}  // namespace

grpc::Status AgentServiceImpl::Enroll(grpc::ServerContext*, const v1::EnrollRequest* req,
                                      v1::EnrollResponse* resp) {
  auto r = store_->Enroll(*req, *ca_, cert_lifetime_days_);
  if (!r.ok()) {
    spdlog::warn("enrollment refused: {}", r.error().ToString());
    return rpc::ToGrpcStatus(r.error());
  }
  *resp = *r;
  spdlog::info("device {} enrolled for site {} ({}), code {}", resp->device_id(), resp->site_id(),
               req->facts().hostname(), resp->verification_code());
  return grpc::Status::OK;
}

void AgentServiceImpl::Disconnect(const std::string& device_id) {
  std::lock_guard lock(mu_);
  auto [b, e] = live_.equal_range(device_id);
  for (auto it = b; it != e; ++it) it->second->TryCancel();
}

size_t AgentServiceImpl::connected() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

grpc::Status AgentServiceImpl::Connect(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<v1::ServerMessage, v1::AgentMessage>* stream) {
  auto peer = PeerDevice(*ctx);
  if (!peer.ok()) return rpc::ToGrpcStatus(peer.error());
  auto [device_id, serial] = *peer;
  auto device = store_->GetDevice(device_id);
  if (!device.ok()) return rpc::ToGrpcStatus(device.error());
  if (device->status == "revoked") {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "device.revoked: this terminal is revoked");
  }
  if (device->cert_serial != serial) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "device.stale_certificate: certificate superseded");
  }
  if (device->status != "active") {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "device.pending: waiting for approval at headquarters");
  }
  {
    std::lock_guard lock(mu_);
    live_.emplace(device_id, ctx);
  }
  struct Unregister {
    AgentServiceImpl* self;
    std::string id;
    grpc::ServerContext* ctx;
    ~Unregister() {
      std::lock_guard lock(self->mu_);
      auto [b, e] = self->live_.equal_range(id);
      for (auto it = b; it != e; ++it) {
        if (it->second == ctx) {
          self->live_.erase(it);
          break;
        }
      }
    }
  } unregister{this, device_id, ctx};

  v1::ServerMessage welcome;
  auto* w = welcome.mutable_welcome();
  w->set_device_id(device_id);
  w->set_site_id(device->site_id);
  w->set_acked_sequence(device->acked_sequence);
  w->set_status(v1::DEVICE_STATUS_ACTIVE);
  *w->mutable_server_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  stream->Write(welcome);
  // HQ's settings for this terminal, every time it connects (applied live, kept on disk).
  v1::ServerMessage config;
  if (auto site = store_->GetSite(device->site_id); site.ok()) {
    auto* c = config.mutable_config();
    std::string settings;
    (void)google::protobuf::util::MessageToJsonString(*site, &settings);
    c->set_version(std::hash<std::string>{}(settings));
    c->set_default_mode(site->default_mode() == v1::IDENTITY_MODE_UNSPECIFIED
                            ? v1::IDENTITY_MODE_VISUAL
                            : site->default_mode());
    *c->mutable_allowed_routes() = site->allowed_routes();
    c->set_local_mode_override_allowed(site->local_mode_override_allowed());
    c->set_site_name(site->name());
    c->set_institution_code(site->institution_code());
    c->set_facility_kind(site->facility_kind());
  }
  stream->Write(config);
  spdlog::info("device {} connected (acked {})", device_id, device->acked_sequence);

  v1::AgentMessage msg;
  while (stream->Read(&msg)) {
    switch (msg.kind_case()) {
      case v1::AgentMessage::kHello:
        (void)store_->RecordHeartbeat(device_id, msg.hello().outbox_depth(), &msg.hello().facts());
        break;
      case v1::AgentMessage::kHeartbeat:
        (void)store_->RecordHeartbeat(device_id, msg.heartbeat().outbox_depth(), nullptr);
        break;
      case v1::AgentMessage::kResults: {
        auto acked = store_->IngestBatch(*device, msg.results().results());
        if (!acked.ok()) {
          // Not acknowledged: the agent keeps the results and sends them again.
          spdlog::error("ingest for {} failed: {}", device_id, acked.error().ToString());
          return rpc::ToGrpcStatus(acked.error());
        }
        device->acked_sequence = *acked;
        v1::ServerMessage ack;
        ack.mutable_ack()->set_up_to_sequence(*acked);
        if (!stream->Write(ack)) return grpc::Status::CANCELLED;
        break;
      }
      default:
        break;
    }
  }
  if (ctx->IsCancelled()) return grpc::Status::CANCELLED;
  return grpc::Status::OK;
}

}  // namespace kakunin::server
