#pragma once
// AgentService: enrollment with a one-time token, and the long-lived stream of each terminal.
// The device is identified by its client certificate (verified by TLS against the device CA);
// a device id in a message is never trusted. Revoking a device cancels its live stream at once.

#include <grpcpp/grpcpp.h>

#include <map>
#include <mutex>
#include <set>

#include "kakunin/v1/agent.grpc.pb.h"
#include "server/pki/device_ca.h"
#include "server/storage/fleet_store.h"

namespace kakunin::server {

class AgentServiceImpl final : public v1::AgentService::Service {
 public:
  AgentServiceImpl(FleetStore* store, const DeviceCa* ca, int cert_lifetime_days)
      : store_(store), ca_(ca), cert_lifetime_days_(cert_lifetime_days) {}

  grpc::Status Enroll(grpc::ServerContext* ctx, const v1::EnrollRequest* req,
                      v1::EnrollResponse* resp) override;
  grpc::Status Connect(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<v1::ServerMessage, v1::AgentMessage>* stream) override;

  // Cuts the device's live streams (revocation).
  void Disconnect(const std::string& device_id);
  size_t connected() const;

 private:
  FleetStore* store_;
  const DeviceCa* ca_;
  int cert_lifetime_days_;
  mutable std::mutex mu_;
  std::multimap<std::string, grpc::ServerContext*> live_;
};

}  // namespace kakunin::server
