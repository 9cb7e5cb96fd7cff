#pragma once
// ConsoleService: what HQ's console calls. Every call but Login needs a session token in the
// "authorization: Bearer …" metadata; the role is checked on each call. Audit and subsidy calls
// answer UNIMPLEMENTED until their issues land.

#include "kakunin/v1/console.grpc.pb.h"
#include "server/auth/users.h"
#include "server/pki/revocation.h"
#include "server/rpc/agent_service.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {

class ConsoleServiceImpl final : public v1::ConsoleService::Service {
 public:
  ConsoleServiceImpl(FleetStore* store, UserStore* users, AgentServiceImpl* agents,
                     std::shared_ptr<RevokedSerials> revoked)
      : store_(store), users_(users), agents_(agents), revoked_(std::move(revoked)) {}

  grpc::Status Login(grpc::ServerContext*, const v1::LoginRequest*, v1::LoginResponse*) override;
  grpc::Status Logout(grpc::ServerContext*, const v1::LogoutRequest*, v1::LogoutResponse*) override;
  grpc::Status ListSites(grpc::ServerContext*, const v1::ListSitesRequest*,
                         v1::ListSitesResponse*) override;
  grpc::Status UpsertSite(grpc::ServerContext*, const v1::UpsertSiteRequest*, v1::Site*) override;
  grpc::Status ListDevices(grpc::ServerContext*, const v1::ListDevicesRequest*,
                           v1::ListDevicesResponse*) override;
  grpc::Status IssueEnrollmentToken(grpc::ServerContext*, const v1::IssueEnrollmentTokenRequest*,
                                    v1::EnrollmentToken*) override;
  grpc::Status ApproveDevice(grpc::ServerContext*, const v1::ApproveDeviceRequest*,
                             v1::Device*) override;
  grpc::Status RevokeDevice(grpc::ServerContext*, const v1::RevokeDeviceRequest*,
                            v1::Device*) override;
  grpc::Status QueryResults(grpc::ServerContext*, const v1::QueryResultsRequest*,
                            v1::QueryResultsResponse*) override;

 private:
  Result<UserInfo> Caller(grpc::ServerContext* ctx);
  grpc::Status FindDevice(const std::string& device_id, v1::Device* out);

  FleetStore* store_;
  UserStore* users_;
  AgentServiceImpl* agents_;
  std::shared_ptr<RevokedSerials> revoked_;
};

}  // namespace kakunin::server
