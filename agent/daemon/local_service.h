#pragma once
// AgentLocal over gRPC (Unix socket): a thin adapter from the front-ends' calls to AgentCore
// and the status board. Errors keep their stable reason ids (common/rpc/status.h), which the
// staff window translates.

#include <atomic>

#include "agent/daemon/agent_core.h"
#include "agent/daemon/status_board.h"
#include "kakunin/v1/local.grpc.pb.h"

namespace kakunin::agent {

class LocalService final : public v1::AgentLocal::Service {
 public:
  LocalService(AgentCore* core, StatusBoard* board) : core_(core), board_(board) {}
  // Ends every WatchStatus stream (shutdown).
  void Shutdown();

  grpc::Status GetStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest* req,
                         v1::AgentStatus* resp) override;
  grpc::Status WatchStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest* req,
                           grpc::ServerWriter<v1::AgentStatus>* writer) override;
  grpc::Status RunCheck(grpc::ServerContext* ctx, const v1::RunCheckRequest* req,
                        v1::CheckResult* resp) override;
  grpc::Status RecordDocument(grpc::ServerContext* ctx, const v1::RecordDocumentRequest* req,
                              v1::CheckResult* resp) override;
  grpc::Status Recheck(grpc::ServerContext* ctx, const v1::RecheckRequest* req,
                       v1::CheckResult* resp) override;
  grpc::Status ListRecent(grpc::ServerContext* ctx, const v1::ListRecentRequest* req,
                          v1::ListRecentResponse* resp) override;

 private:
  AgentCore* core_;
  StatusBoard* board_;
  std::atomic<bool> shutting_down_{false};
  // Staff windows and `status --watch` on one terminal: a handful. Beyond this, refused.
  static constexpr int kMaxWatchers = 16;
  std::atomic<int> watchers_{0};
};

}  // namespace kakunin::agent
