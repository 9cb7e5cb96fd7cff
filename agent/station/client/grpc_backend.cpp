// StationBackend over the daemon's Unix socket. Every call registers its ClientContext so that
// Escape (CancelCheck) and closing the window (CancelAll) end blocking calls at once.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <mutex>

#include "agent/station/client/station_backend.h"
#include "common/rpc/status.h"
#include "kakunin/v1/local.grpc.pb.h"

namespace kakunin::station {
namespace {

using std::chrono::seconds;

// Short calls answer from the daemon's memory or its SQLite store.
constexpr seconds kShortCall{10};
// A check waits for the card, reads it and asks the eligibility service.
constexpr seconds kCheckSlack{60};
constexpr seconds kLongestAnswerWait{120};  // agent/check/route.h kLongestAnswerTimeout
constexpr uint32_t kDefaultCardWait = 30;

enum class CallKind { kShort, kCheck, kWatch };

class GrpcStationBackend : public StationBackend {
 public:
  explicit GrpcStationBackend(const std::string& socket)
      : stub_(v1::AgentLocal::NewStub(
            grpc::CreateChannel(socket.rfind("unix:", 0) == 0 ? socket : "unix:" + socket,
                                grpc::InsecureChannelCredentials()))) {}

  Result<v1::AgentStatus> GetStatus() override {
    return Call<v1::AgentStatus>(CallKind::kShort, kShortCall,
                                 [&](grpc::ClientContext* c, v1::AgentStatus* out) {
                                   return stub_->GetStatus(c, v1::GetStatusRequest(), out);
                                 });
  }

  Result<v1::CheckResult> RunCheck(const v1::RunCheckRequest& request) override {
    uint32_t wait = request.card_wait_seconds() ? request.card_wait_seconds() : kDefaultCardWait;
    return Call<v1::CheckResult>(CallKind::kCheck, seconds(wait) + kCheckSlack,
                                 [&](grpc::ClientContext* c, v1::CheckResult* out) {
                                   return stub_->RunCheck(c, request, out);
                                 });
  }

  Result<v1::CheckResult> RecordDocument(const v1::RecordDocumentRequest& request) override {
    return Call<v1::CheckResult>(CallKind::kShort, kShortCall,
                                 [&](grpc::ClientContext* c, v1::CheckResult* out) {
                                   return stub_->RecordDocument(c, request, out);
                                 });
  }

  Result<v1::CheckResult> Recheck(const v1::RecheckRequest& request) override {
    // Through the on-site terminal's folders the daemon waits up to HQ's answer timeout
    // (at most 120 s) before it answers itself.
    return Call<v1::CheckResult>(CallKind::kCheck, kLongestAnswerWait + kCheckSlack,
                                 [&](grpc::ClientContext* c, v1::CheckResult* out) {
                                   return stub_->Recheck(c, request, out);
                                 });
  }

  Result<v1::ListRecentResponse> ListRecent(uint32_t limit) override {
    v1::ListRecentRequest request;
    request.set_limit(limit);
    return Call<v1::ListRecentResponse>(CallKind::kShort, kShortCall,
                                        [&](grpc::ClientContext* c, v1::ListRecentResponse* out) {
                                          return stub_->ListRecent(c, request, out);
                                        });
  }

  Status WatchStatus(const std::function<void(const v1::AgentStatus&)>& on_status) override {
    grpc::ClientContext ctx;
    if (!Register(&ctx, CallKind::kWatch)) return Closed();
    auto reader = stub_->WatchStatus(&ctx, v1::GetStatusRequest());
    v1::AgentStatus status;
    while (reader->Read(&status)) on_status(status);
    grpc::Status end = reader->Finish();
    bool closed = Unregister(&ctx);
    if (closed) return OkStatus();
    if (end.ok()) {
      return MakeError(ErrorCode::kUnavailable, "local.stream_ended",
                       "the agent ended the status stream");
    }
    return rpc::FromLocalGrpcStatus(end, "local.unavailable", "agent status stream");
  }

  void CancelCheck() override {
    std::lock_guard lock(mu_);
    for (auto& [ctx, kind] : calls_) {
      if (kind == CallKind::kCheck) ctx->TryCancel();
    }
  }

  void CancelAll() override {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& [ctx, kind] : calls_) ctx->TryCancel();
  }

 private:
  template <typename T, typename Fn>
  Result<T> Call(CallKind kind, std::chrono::seconds deadline, Fn fn) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    if (!Register(&ctx, kind)) return Closed();
    T out;
    grpc::Status s = fn(&ctx, &out);
    Unregister(&ctx);
    if (!s.ok()) return rpc::FromLocalGrpcStatus(s, "local.unavailable");
    return out;
  }

  bool Register(grpc::ClientContext* ctx, CallKind kind) {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    calls_[ctx] = kind;
    return true;
  }
  // True when the window closed meanwhile (the call ended because of CancelAll).
  bool Unregister(grpc::ClientContext* ctx) {
    std::lock_guard lock(mu_);
    calls_.erase(ctx);
    return closed_;
  }
  static Error Closed() {
    return MakeError(ErrorCode::kCancelled, "local.closed", "the window is closing");
  }

  std::unique_ptr<v1::AgentLocal::Stub> stub_;
  std::mutex mu_;
  std::map<grpc::ClientContext*, CallKind> calls_;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<StationBackend> MakeGrpcStationBackend(const std::string& socket) {
  return std::make_unique<GrpcStationBackend>(socket);
}

}  // namespace kakunin::station
