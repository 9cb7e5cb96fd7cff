#pragma once
// A real `kakunin-agent run` for tests: enrolled against a ServerRig with the agent's own
// `enroll` command, started as a child process, reached over its Unix socket like the staff
// window reaches it. Readiness and every later state are waited for on conditions (the
// daemon's own GetStatus answers), never on sleeps.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/local.grpc.pb.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

// Polls `get` until `condition` holds or `timeout` passes: the status that matched, or an error
// with the last one seen. Shared by every agent the tests drive (Linux socket, Wine endpoint).
Result<v1::AgentStatus> WaitForAgentStatus(
    const std::function<Result<v1::AgentStatus>()>& get,
    const std::function<bool(const v1::AgentStatus&)>& condition,
    std::chrono::milliseconds timeout);

class AgentDaemon {
 public:
  // `kakunin-agent enroll` into `state_dir` (the daemon is not started).
  static Status Enroll(const std::string& agent_bin, const std::string& state_dir,
                       const std::string& server, const std::string& token,
                       const std::string& ca_path);

  AgentDaemon(std::string agent_bin, std::string state_dir, std::vector<std::string> args = {});
  ~AgentDaemon();
  // Starts the process and waits until its socket answers GetStatus.
  Status Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Added to the daemon's environment at the next Start (e.g. libfaketime's).
  void SetEnvironment(std::map<std::string, std::string> env) { env_ = std::move(env); }
  void Kill();  // SIGKILL, reaped
  int Stop();   // SIGTERM, reaped; the exit status
  bool running() { return process_ && process_->running(); }
  pid_t pid() const { return process_ ? process_->pid() : -1; }
  std::string socket_path() const { return state_dir_ + "/agent.sock"; }
  std::string ReadLog() const;

  Result<v1::AgentStatus> GetStatus();
  // Waits until `condition` holds for the daemon's status (polled, with a deadline).
  Result<v1::AgentStatus> WaitStatus(const std::function<bool(const v1::AgentStatus&)>& condition,
                                     std::chrono::milliseconds timeout);
  Result<v1::CheckResult> RecordDocument(
      const std::string& note, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The raw gRPC status as well (busy, policy refusals).
  grpc::Status RunCheck(const v1::RunCheckRequest& request, v1::CheckResult* result);
  v1::AgentLocal::Stub& stub();

 private:
  std::string bin_, state_dir_, log_path_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::optional<Process> process_;
  std::unique_ptr<v1::AgentLocal::Stub> stub_;
  int starts_ = 0;
};

}  // namespace kakunin::testing
