#include "agent/daemon/local_service.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "agent/card/secure_wipe.h"
#include "common/core/text_match.h"
#include "common/rpc/status.h"

namespace kakunin::agent {
namespace {

grpc::Status Answer(Result<v1::CheckResult> r, v1::CheckResult* resp) {
  if (!r.ok()) {
    // Bounded: the text may echo what a caller sent.
    spdlog::info("local call refused: {}", Excerpt(r.error().ToString(), 300));
    return rpc::ToGrpcStatus(r.error());
  }
  *resp = std::move(*r);
  return grpc::Status::OK;
}

}  // namespace

void LocalService::Shutdown() {
  shutting_down_ = true;
  board_->WakeAll();
}

grpc::Status LocalService::GetStatus(grpc::ServerContext*, const v1::GetStatusRequest*,
                                     v1::AgentStatus* resp) {
  *resp = board_->Snapshot();
  return grpc::Status::OK;
}

grpc::Status LocalService::WatchStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest*,
                                       grpc::ServerWriter<v1::AgentStatus>* writer) {
  // Each watcher holds a thread of the local server for as long as it watches: a program that
  // opens them in a loop must not take the threads a check needs.
  struct Slot {
    std::atomic<int>& n;
    ~Slot() { --n; }
  } slot{watchers_};
  if (++watchers_ > kMaxWatchers) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "agent.too_many_watchers: " + std::to_string(kMaxWatchers) +
                            " status watchers are open already; close a staff window");
  }
  uint64_t seen = board_->version();
  if (!writer->Write(board_->Snapshot())) return grpc::Status::OK;
  // Wakes on every change; the short deadline only notices a caller that went away.
  while (!ctx->IsCancelled() && !shutting_down_) {
    uint64_t now =
        board_->WaitChange(seen, std::chrono::steady_clock::now() + std::chrono::seconds(1));
    if (now == seen) continue;
    seen = now;
    if (!writer->Write(board_->Snapshot())) break;
  }
  return grpc::Status::OK;
}

grpc::Status LocalService::RunCheck(grpc::ServerContext* ctx, const v1::RunCheckRequest* req,
                                    v1::CheckResult* resp) {
  // A front-end that gives up (staff pressed cancel, its deadline passed) frees the reader at
  // once instead of holding it until the card wait runs out.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread watcher([&] {
    std::unique_lock lock(mu);
    while (!done) {
      if (cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return done; })) break;
      if (ctx->IsCancelled()) {
        core_->CancelCardWait();
        break;
      }
    }
  });
  auto result = core_->RunCheck(*req);
  // The request is this handler's to release: its PIN is wiped first, not left in freed memory.
  card::SecureWipe(*const_cast<v1::RunCheckRequest*>(req)->mutable_pin());
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  watcher.join();
  return Answer(std::move(result), resp);
}

grpc::Status LocalService::RecordDocument(grpc::ServerContext*,
                                          const v1::RecordDocumentRequest* req,
                                          v1::CheckResult* resp) {
  return Answer(core_->RecordDocument(*req), resp);
}

grpc::Status LocalService::Recheck(grpc::ServerContext*, const v1::RecheckRequest* req,
                                   v1::CheckResult* resp) {
  return Answer(core_->Recheck(*req), resp);
}

grpc::Status LocalService::ListRecent(grpc::ServerContext*, const v1::ListRecentRequest* req,
                                      v1::ListRecentResponse* resp) {
  auto recent = core_->ListRecent(req->limit());
  if (!recent.ok()) return rpc::ToGrpcStatus(recent.error());
  for (auto& r : *recent) resp->add_results()->Swap(&r);
  return grpc::Status::OK;
}

}  // namespace kakunin::agent
