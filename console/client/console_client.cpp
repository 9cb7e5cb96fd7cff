#include "console/client/console_client.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include "common/cli/flags.h"
#include "common/rpc/status.h"

namespace kakunin::console {
namespace {
constexpr auto kDeadline = std::chrono::seconds(20);
// gRPC's default reconnect backoff grows to two minutes; staff watching the live feed after a
// server restart should not wait that long.
constexpr int kMaxReconnectBackoffMs = 5000;
// A downloaded receipt is up to 10 MiB (kMaxReceiptBytes, server/subsidy/claim_store.h) in one
// message, above gRPC's default 4 MiB receive limit: the server's upload limit plus room.
constexpr int kMaxReceiveMessageBytes = 12 * 1024 * 1024;

// Sees every call's status on one replica's channel; a replica that cannot be reached sends
// the console to the next one.
class FailoverInterceptor : public grpc::experimental::Interceptor {
 public:
  FailoverInterceptor(ReplicaRing* ring, size_t index) : ring_(ring), index_(index) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_STATUS)) {
      const auto code = methods->GetRecvStatus()->error_code();
      if (code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED) {
        ring_->Failed(index_);
      }
    }
    methods->Proceed();
  }

 private:
  ReplicaRing* ring_;
  size_t index_;
};

class FailoverInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  FailoverInterceptorFactory(ReplicaRing* ring, size_t index) : ring_(ring), index_(index) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new FailoverInterceptor(ring_, index_);
  }

 private:
  ReplicaRing* ring_;
  size_t index_;
};

// "a,b" → its addresses; an empty list still names one (gRPC then says what is wrong with it).
std::vector<std::string> Addresses(const std::string& server) {
  auto list = cli::SplitList(server);
  if (list.empty()) list.push_back(server);
  return list;
}

}  // namespace

ReplicaRing::ReplicaRing(const std::vector<std::string>& addresses, const std::string& ca_pem)
    : addresses_(addresses) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  for (size_t i = 0; i < addresses_.size(); ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
    args.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> hooks;
    hooks.push_back(std::make_unique<FailoverInterceptorFactory>(this, i));
    stubs_.push_back(
        v1::ConsoleService::NewStub(grpc::experimental::CreateCustomChannelWithInterceptors(
            addresses_[i], grpc::SslCredentials(tls), args, std::move(hooks))));
  }
}

void ReplicaRing::Failed(size_t index) {
  if (stubs_.size() < 2) return;
  // Only the call that used the current replica moves on: a late failure of a call made before
  // an earlier move must not skip the replica now in use.
  size_t expected = index;
  current_.compare_exchange_strong(expected, (index + 1) % stubs_.size());
}

ConsoleClient::ConsoleClient(const std::string& server, const std::string& ca_pem)
    : stub_(Addresses(server), ca_pem) {}

void ConsoleClient::AddSession(grpc::ClientContext* ctx) {
  std::lock_guard lock(mu_);
  ctx->AddMetadata("authorization", "Bearer " + session_);
}

void ConsoleClient::Authorize(grpc::ClientContext* ctx) {
  AddSession(ctx);
  ctx->set_deadline(std::chrono::system_clock::now() + kDeadline);
}

Result<v1::LoginResponse> ConsoleClient::Login(const std::string& login,
                                               const std::string& password) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kDeadline);
  v1::LoginRequest req;
  req.set_login(login);
  req.set_password(password);
  v1::LoginResponse resp;
  auto s = stub_->Login(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  std::lock_guard lock(mu_);
  session_ = resp.session_token();
  return resp;
}

Result<v1::QueryResultsResponse> ConsoleClient::QueryResults(const v1::QueryResultsRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::QueryResultsResponse resp;
  auto s = stub_->QueryResults(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ListDevicesResponse> ConsoleClient::ListDevices(const std::string& site_id) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListDevicesRequest req;
  req.set_site_id(site_id);
  v1::ListDevicesResponse resp;
  auto s = stub_->ListDevices(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::EnrollmentToken> ConsoleClient::IssueEnrollmentToken(const std::string& site_id,
                                                                uint32_t ttl_seconds) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::IssueEnrollmentTokenRequest req;
  req.set_site_id(site_id);
  req.set_ttl_seconds(ttl_seconds);
  v1::EnrollmentToken resp;
  auto s = stub_->IssueEnrollmentToken(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::Device> ConsoleClient::ApproveDevice(const std::string& device_id,
                                                const std::string& verification_code) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ApproveDeviceRequest req;
  req.set_device_id(device_id);
  req.set_verification_code(verification_code);
  v1::Device resp;
  auto s = stub_->ApproveDevice(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::Device> ConsoleClient::RevokeDevice(const std::string& device_id,
                                               const std::string& reason) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::RevokeDeviceRequest req;
  req.set_device_id(device_id);
  req.set_reason(reason);
  v1::Device resp;
  auto s = stub_->RevokeDevice(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::Device> ConsoleClient::SetDeviceRoute(const std::string& device_id,
                                                 const v1::RouteSettings& route) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::SetDeviceRouteRequest req;
  req.set_device_id(device_id);
  *req.mutable_route() = route;
  v1::Device resp;
  auto s = stub_->SetDeviceRoute(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ListSitesResponse> ConsoleClient::ListSites() {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListSitesResponse resp;
  auto s = stub_->ListSites(&ctx, v1::ListSitesRequest(), &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::Site> ConsoleClient::UpsertSite(const v1::Site& site) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::UpsertSiteRequest req;
  *req.mutable_site() = site;
  v1::Site resp;
  auto s = stub_->UpsertSite(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ImportSitesResponse> ConsoleClient::ImportSites(const v1::ImportSitesRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ImportSitesResponse resp;
  auto s = stub_->ImportSites(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::QueryAuditResponse> ConsoleClient::QueryAudit(const v1::QueryAuditRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::QueryAuditResponse resp;
  auto s = stub_->QueryAudit(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::VerifyAuditResponse> ConsoleClient::VerifyAudit(const v1::VerifyAuditRequest& req) {
  grpc::ClientContext ctx;
  AddSession(&ctx);
  // Verification reads the whole chain: give it longer than an ordinary call.
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  v1::VerifyAuditResponse resp;
  auto s = stub_->VerifyAudit(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ListSignedHeadsResponse> ConsoleClient::ListSignedHeads(uint32_t limit) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListSignedHeadsRequest req;
  req.set_limit(limit);
  v1::ListSignedHeadsResponse resp;
  auto s = stub_->ListSignedHeads(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

// ---- Dashboard and result details ----
Result<v1::ListOnboardingResponse> ConsoleClient::ListOnboarding(
    const v1::ListOnboardingRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListOnboardingResponse resp;
  auto s = stub_->ListOnboarding(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::OnboardingSite> ConsoleClient::UpdateOnboardingStage(
    const v1::UpdateOnboardingStageRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::OnboardingSite resp;
  auto s = stub_->UpdateOnboardingStage(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::FailureReport> ConsoleClient::GetFailureReport(uint32_t days) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::GetFailureReportRequest req;
  req.set_days(days);
  v1::FailureReport resp;
  auto s = stub_->GetFailureReport(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::CertificateCalendar> ConsoleClient::GetCertificateCalendar(const std::string& site_id) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::GetCertificateCalendarRequest req;
  req.set_site_id(site_id);
  v1::CertificateCalendar resp;
  auto s = stub_->GetCertificateCalendar(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::CertificateEntry> ConsoleClient::SetTerminalCertificateExpiry(
    const v1::SetTerminalCertificateExpiryRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::CertificateEntry resp;
  auto s = stub_->SetTerminalCertificateExpiry(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::Dashboard> ConsoleClient::GetDashboard(const v1::GetDashboardRequest& req) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::Dashboard resp;
  auto s = stub_->GetDashboard(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

Result<v1::ResultRow> ConsoleClient::GetResult(const std::string& check_id) {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::GetResultRequest req;
  req.set_check_id(check_id);
  v1::ResultRow resp;
  auto s = stub_->GetResult(&ctx, req, &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}
// ---- end ----

void ConsoleClient::StartWatch(grpc::ClientContext* ctx, const v1::WatchRequest* request,
                               grpc::ClientReadReactor<v1::WatchEvent>* reactor) {
  AddSession(ctx);
  stub_->async()->Watch(ctx, request, reactor);
}

}  // namespace kakunin::console
