#pragma once
// The console's client layer: blocking gRPC calls to the server (TLS, session token in metadata).
// Called only from worker threads; Qt models never touch gRPC directly.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/console.grpc.pb.h"

namespace kakunin::console {

class ConsoleClient {
 public:
  // ca_pem: the server's CA (HQ's device CA signs the server certificate).
  ConsoleClient(const std::string& server, const std::string& ca_pem);
  Result<v1::LoginResponse> Login(const std::string& login, const std::string& password);
  Result<v1::QueryResultsResponse> QueryResults(const v1::QueryResultsRequest& request);
  Result<v1::ListDevicesResponse> ListDevices(const std::string& site_id = "");
  Result<v1::EnrollmentToken> IssueEnrollmentToken(const std::string& site_id,
                                                   uint32_t ttl_seconds);
  Result<v1::Device> ApproveDevice(const std::string& device_id,
                                   const std::string& verification_code);
  Result<v1::Device> RevokeDevice(const std::string& device_id, const std::string& reason);
  Result<v1::ListSitesResponse> ListSites();
  Result<v1::Site> UpsertSite(const v1::Site& site);

  // For the other client files (subsidy_client.h): the stub, and a context carrying this
  // session's token and the call deadline.
  v1::ConsoleService::Stub* stub() { return stub_.get(); }
  void AuthorizeContext(grpc::ClientContext* ctx) { Authorize(ctx); }

 private:
  void Authorize(grpc::ClientContext* ctx);
  std::unique_ptr<v1::ConsoleService::Stub> stub_;
  std::mutex mu_;
  std::string session_;
};

}  // namespace kakunin::console
