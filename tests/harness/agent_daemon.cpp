#include "tests/harness/agent_daemon.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/rpc/status.h"

namespace kakunin::testing {

Status AgentDaemon::Enroll(const std::string& agent_bin, const std::string& state_dir,
                           const std::string& server, const std::string& token,
                           const std::string& ca_path) {
  KAKUNIN_ASSIGN_OR_RETURN(auto out, RunCommand({agent_bin, "enroll", "--server", server, "--token",
                                                 token, "--ca", ca_path, "--state-dir", state_dir},
                                                {}, "", true));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "test.enroll", "enroll failed: " + out.output);
  }
  return OkStatus();
}

AgentDaemon::AgentDaemon(std::string agent_bin, std::string state_dir,
                         std::vector<std::string> args)
    : bin_(std::move(agent_bin)), state_dir_(std::move(state_dir)), args_(std::move(args)) {}

AgentDaemon::~AgentDaemon() {
  if (process_) process_->Stop();
}

Status AgentDaemon::Start(std::chrono::milliseconds timeout) {
  ProcessOptions o;
  o.argv = {bin_, "run", "--state-dir", state_dir_, "--log-level", "debug"};
  o.argv.insert(o.argv.end(), args_.begin(), args_.end());
  o.env = env_;
  // One log per start: a killed daemon's last words stay readable.
  log_path_ = state_dir_ + "/../agent-" + std::to_string(++starts_) + ".log";
  o.log_path = log_path_;
  o.parent_death_signal = 9;
  std::error_code ec;
  std::filesystem::remove(socket_path(), ec);  // left by a killed daemon: wait for the new one
  KAKUNIN_ASSIGN_OR_RETURN(auto p, Process::Start(o));
  process_ = std::move(p);
  // The channel is made once the socket exists: one made earlier sits in gRPC's reconnect
  // backoff for seconds after its first failed attempt.
  WaitFor([&] { return !process_->running() || std::filesystem::exists(socket_path()); }, timeout);
  stub_ = v1::AgentLocal::NewStub(
      grpc::CreateChannel("unix:" + socket_path(), grpc::InsecureChannelCredentials()));
  bool ready = WaitFor([&] { return !process_->running() || GetStatus().ok(); }, timeout);
  if (!ready || !process_->running()) {
    return MakeError(ErrorCode::kUnavailable, "test.agent", "daemon did not start:\n" + ReadLog());
  }
  return OkStatus();
}

void AgentDaemon::Kill() {
  if (process_) process_->Kill();
  process_.reset();
}

int AgentDaemon::Stop() {
  int status = process_ ? process_->Stop() : -1;
  process_.reset();
  return status;
}

std::string AgentDaemon::ReadLog() const {
  std::stringstream ss;
  ss << std::ifstream(log_path_).rdbuf();
  return ss.str();
}

v1::AgentLocal::Stub& AgentDaemon::stub() { return *stub_; }

Result<v1::AgentStatus> AgentDaemon::GetStatus() {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  v1::AgentStatus status;
  auto s = stub_->GetStatus(&ctx, v1::GetStatusRequest(), &status);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "test.agent_unreachable", "GetStatus");
  return status;
}

Result<v1::AgentStatus> WaitForAgentStatus(
    const std::function<Result<v1::AgentStatus>()>& get,
    const std::function<bool(const v1::AgentStatus&)>& condition,
    std::chrono::milliseconds timeout) {
  v1::AgentStatus last;
  bool ok = WaitFor(
      [&] {
        auto s = get();
        if (!s.ok()) return false;
        last = *s;
        return condition(last);
      },
      timeout);
  if (!ok) {
    return MakeError(ErrorCode::kDeadlineExceeded, "test.status_timeout",
                     "status never matched; last: " + last.ShortDebugString());
  }
  return last;
}

Result<v1::AgentStatus> AgentDaemon::WaitStatus(
    const std::function<bool(const v1::AgentStatus&)>& condition,
    std::chrono::milliseconds timeout) {
  return WaitForAgentStatus([this] { return GetStatus(); }, condition, timeout);
}

Result<v1::CheckResult> AgentDaemon::RecordDocument(const std::string& note,
                                                    std::chrono::milliseconds timeout) {
  v1::RecordDocumentRequest req;
  req.mutable_document()->set_kind(v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE);
  req.mutable_document()->set_issued_on("2025-10-01");
  req.mutable_document()->set_expires_on("2030-09-30");
  req.mutable_document()->set_note(note);
  req.set_route(v1::CHECK_ROUTE_COUNTER);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  v1::CheckResult result;
  auto s = stub_->RecordDocument(&ctx, req, &result);
  if (!s.ok()) return rpc::FromGrpcStatus(s, "test.record_failed", "RecordDocument");
  return result;
}

grpc::Status AgentDaemon::RunCheck(const v1::RunCheckRequest& request, v1::CheckResult* result) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return stub_->RunCheck(&ctx, request, result);
}

}  // namespace kakunin::testing
