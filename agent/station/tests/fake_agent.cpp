#include "agent/station/tests/fake_agent.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "common/rpc/status.h"

namespace kakunin::station::testing {

namespace {
// Streams and held checks look at cancellation this often; the wait ends early on any change.
constexpr auto kPoll = std::chrono::milliseconds(20);
}  // namespace

FakeAgent::FakeAgent() {
  char tmpl[] = "/tmp/kakunin-station-test-XXXXXX";
  dir_ = mkdtemp(tmpl);
  address_ = "unix:" + dir_ + "/agent.sock";
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address_, grpc::InsecureServerCredentials());
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
}

FakeAgent::~FakeAgent() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  server_->Wait();
  std::filesystem::remove_all(dir_);
}

void FakeAgent::SetStatus(const v1::AgentStatus& status) {
  {
    std::lock_guard lock(mu_);
    status_ = status;
    ++status_version_;
  }
  changed_.notify_all();
}

void FakeAgent::DropStreams() {
  {
    std::lock_guard lock(mu_);
    ++drop_generation_;
  }
  changed_.notify_all();
}

int FakeAgent::watch_streams_opened() const {
  std::lock_guard lock(mu_);
  return streams_opened_;
}

void FakeAgent::QueueAnswer(Result<v1::CheckResult> answer) {
  std::lock_guard lock(mu_);
  answers_.push_back(std::move(answer));
}

void FakeAgent::HoldChecks(bool hold) {
  {
    std::lock_guard lock(mu_);
    hold_ = hold;
  }
  changed_.notify_all();
}

void FakeAgent::SetRecent(std::vector<v1::CheckResult> recent) {
  std::lock_guard lock(mu_);
  recent_ = std::move(recent);
}

std::vector<v1::RunCheckRequest> FakeAgent::checks() const {
  std::lock_guard lock(mu_);
  return checks_;
}
std::vector<v1::RecordDocumentRequest> FakeAgent::documents() const {
  std::lock_guard lock(mu_);
  return documents_;
}
std::vector<v1::RecheckRequest> FakeAgent::rechecks() const {
  std::lock_guard lock(mu_);
  return rechecks_;
}
int FakeAgent::cancelled_checks() const {
  std::lock_guard lock(mu_);
  return cancelled_;
}

grpc::Status FakeAgent::GetStatus(grpc::ServerContext*, const v1::GetStatusRequest*,
                                  v1::AgentStatus* out) {
  std::lock_guard lock(mu_);
  *out = status_;
  return grpc::Status::OK;
}

grpc::Status FakeAgent::WatchStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest*,
                                    grpc::ServerWriter<v1::AgentStatus>* writer) {
  std::unique_lock lock(mu_);
  ++streams_opened_;
  const uint64_t generation = drop_generation_;
  uint64_t sent = 0;
  while (!stopping_ && !ctx->IsCancelled()) {
    if (drop_generation_ != generation) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "local.restarting: agent restarting");
    }
    if (sent != status_version_) {
      sent = status_version_;
      v1::AgentStatus copy = status_;
      lock.unlock();
      if (!writer->Write(copy)) return grpc::Status::CANCELLED;
      lock.lock();
      continue;
    }
    changed_.wait_for(lock, kPoll);
  }
  return grpc::Status::OK;
}

grpc::Status FakeAgent::Answer(v1::CheckResult* out) {
  std::lock_guard lock(mu_);
  if (answers_.empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "test.no_answer: nothing queued");
  }
  Result<v1::CheckResult> next = std::move(answers_.front());
  answers_.pop_front();
  if (!next.ok()) return rpc::ToGrpcStatus(next.error());
  *out = *next;
  return grpc::Status::OK;
}

grpc::Status FakeAgent::RunCheck(grpc::ServerContext* ctx, const v1::RunCheckRequest* request,
                                 v1::CheckResult* out) {
  {
    std::unique_lock lock(mu_);
    checks_.push_back(*request);
    while (hold_ && !stopping_) {
      if (ctx->IsCancelled()) {
        ++cancelled_;
        return grpc::Status::CANCELLED;
      }
      changed_.wait_for(lock, kPoll);
    }
  }
  return Answer(out);
}

grpc::Status FakeAgent::RecordDocument(grpc::ServerContext*,
                                       const v1::RecordDocumentRequest* request,
                                       v1::CheckResult* out) {
  {
    std::lock_guard lock(mu_);
    documents_.push_back(*request);
  }
  return Answer(out);
}

grpc::Status FakeAgent::Recheck(grpc::ServerContext*, const v1::RecheckRequest* request,
                                v1::CheckResult* out) {
  {
    std::lock_guard lock(mu_);
    rechecks_.push_back(*request);
  }
  return Answer(out);
}

grpc::Status FakeAgent::ListRecent(grpc::ServerContext*, const v1::ListRecentRequest* request,
                                   v1::ListRecentResponse* out) {
  std::lock_guard lock(mu_);
  for (const auto& r : recent_) {
    if (request->limit() && out->results_size() >= static_cast<int>(request->limit())) break;
    *out->add_results() = r;
  }
  return grpc::Status::OK;
}

}  // namespace kakunin::station::testing
