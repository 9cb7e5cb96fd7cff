#pragma once
// The console's client layer: blocking gRPC calls to the server (TLS, session token in metadata).
// Called only from worker threads; Qt models never touch gRPC directly.

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
  Result<v1::ListDevicesResponse> ListDevices();

 private:
  void Authorize(grpc::ClientContext* ctx);
  std::unique_ptr<v1::ConsoleService::Stub> stub_;
  std::mutex mu_;
  std::string session_;
};

}  // namespace kakunin::console
