#include "console/client/console_client.h"

#include <grpcpp/grpcpp.h>

#include "common/rpc/status.h"

namespace kakunin::console {
namespace {
constexpr auto kDeadline = std::chrono::seconds(20);

}  // namespace

ConsoleClient::ConsoleClient(const std::string& server, const std::string& ca_pem) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  stub_ = v1::ConsoleService::NewStub(grpc::CreateChannel(server, grpc::SslCredentials(tls)));
}

void ConsoleClient::Authorize(grpc::ClientContext* ctx) {
  std::lock_guard lock(mu_);
  ctx->AddMetadata("authorization", "Bearer " + session_);
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

Result<v1::ListDevicesResponse> ConsoleClient::ListDevices() {
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListDevicesResponse resp;
  auto s = stub_->ListDevices(&ctx, v1::ListDevicesRequest(), &resp);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "rpc.failed");
  return resp;
}

}  // namespace kakunin::console
