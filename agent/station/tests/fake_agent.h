#pragma once
// A scripted AgentLocal service on a temporary Unix socket, for the window's UI tests: the real
// gRPC client (client/grpc_backend.cpp) talks to it over the socket, so only the daemon behind
// the seam is replaced. Answers are queued by the test; requests are recorded for assertions.

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/local.grpc.pb.h"

namespace kakunin::station::testing {

class FakeAgent final : public v1::AgentLocal::Service {
 public:
  FakeAgent();
  ~FakeAgent() override;

  // "unix:/tmp/…/agent.sock"
  const std::string& address() const { return address_; }

  // Replaces the status and pushes it to every open WatchStatus stream.
  void SetStatus(const v1::AgentStatus& status);
  // Ends every open status stream with UNAVAILABLE (a daemon restart, seen from the window).
  void DropStreams();
  int watch_streams_opened() const;

  // The next RunCheck/Recheck/RecordDocument answer: a result, or an error sent as the daemon
  // sends it ("reason: message" in the gRPC status).
  void QueueAnswer(Result<v1::CheckResult> answer);
  // RunCheck waits (like the daemon waiting for a card) until the caller cancels.
  void HoldChecks(bool hold);
  void SetRecent(std::vector<v1::CheckResult> recent);

  std::vector<v1::RunCheckRequest> checks() const;
  std::vector<v1::RecordDocumentRequest> documents() const;
  std::vector<v1::RecheckRequest> rechecks() const;
  int cancelled_checks() const;

  grpc::Status GetStatus(grpc::ServerContext*, const v1::GetStatusRequest*,
                         v1::AgentStatus* out) override;
  grpc::Status WatchStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest*,
                           grpc::ServerWriter<v1::AgentStatus>* writer) override;
  grpc::Status RunCheck(grpc::ServerContext* ctx, const v1::RunCheckRequest* request,
                        v1::CheckResult* out) override;
  grpc::Status RecordDocument(grpc::ServerContext*, const v1::RecordDocumentRequest* request,
                              v1::CheckResult* out) override;
  grpc::Status Recheck(grpc::ServerContext*, const v1::RecheckRequest* request,
                       v1::CheckResult* out) override;
  grpc::Status ListRecent(grpc::ServerContext*, const v1::ListRecentRequest* request,
                          v1::ListRecentResponse* out) override;

 private:
  grpc::Status Answer(v1::CheckResult* out);

  std::string dir_;
  std::string address_;
  std::unique_ptr<grpc::Server> server_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  v1::AgentStatus status_;
  uint64_t status_version_ = 0;
  uint64_t drop_generation_ = 0;
  bool stopping_ = false;
  bool hold_ = false;
  int streams_opened_ = 0;
  int cancelled_ = 0;
  std::deque<Result<v1::CheckResult>> answers_;
  std::vector<v1::CheckResult> recent_;
  std::vector<v1::RunCheckRequest> checks_;
  std::vector<v1::RecordDocumentRequest> documents_;
  std::vector<v1::RecheckRequest> rechecks_;
};

}  // namespace kakunin::station::testing
