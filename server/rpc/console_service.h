#pragma once
// ConsoleService: what HQ's console calls. Every call but Login needs a session token in the
// "authorization: Bearer …" metadata; the role is checked on each call (the matrix is tested in
// tests/server/role_matrix_test.cpp). Subsidy calls answer UNIMPLEMENTED until their issue lands.

#include "kakunin/v1/console.grpc.pb.h"
#include "server/audit/audit_store.h"
#include "server/auth/users.h"
#include "server/pki/revocation.h"
#include "server/rpc/agent_service.h"
#include "server/rpc/event_hub.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {

class ConsoleServiceImpl final : public v1::ConsoleService::Service {
 public:
  ConsoleServiceImpl(FleetStore* store, UserStore* users, AgentServiceImpl* agents,
                     std::shared_ptr<RevokedSerials> revoked, AuditStore* audit,
                     const EVP_PKEY* audit_public_key)
      : store_(store),
        users_(users),
        agents_(agents),
        revoked_(std::move(revoked)),
        audit_(audit),
        audit_key_(audit_public_key) {}

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
  grpc::Status Watch(grpc::ServerContext*, const v1::WatchRequest*,
                     grpc::ServerWriter<v1::WatchEvent>*) override;
  grpc::Status QueryAudit(grpc::ServerContext*, const v1::QueryAuditRequest*,
                          v1::QueryAuditResponse*) override;
  grpc::Status VerifyAudit(grpc::ServerContext*, const v1::VerifyAuditRequest*,
                           v1::VerifyAuditResponse*) override;
  grpc::Status ListSignedHeads(grpc::ServerContext*, const v1::ListSignedHeadsRequest*,
                               v1::ListSignedHeadsResponse*) override;

 private:
  Result<UserInfo> Caller(grpc::ServerContext* ctx);
  grpc::Status FindDevice(const std::string& device_id, v1::Device* out);

  FleetStore* store_;
  UserStore* users_;
  AgentServiceImpl* agents_;
  std::shared_ptr<RevokedSerials> revoked_;
  AuditStore* audit_;
  const EVP_PKEY* audit_key_;
  EventHub* hub_ = nullptr;

 public:
  void SetEventHub(EventHub* hub) { hub_ = hub; }
};

}  // namespace kakunin::server
