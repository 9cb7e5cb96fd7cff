#pragma once
// Shared pieces for tests that drive a real HQ (tests/harness/server_rig.h) through its public
// interfaces only: TLS channels pinned to the server's CA, terminal enrollment with a CLI token, a
// terminal's result stream that waits for each acknowledgement, console sessions, and a plain
// HTTP GET for /metrics.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/agent.grpc.pb.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing::hq {

// Every call a test makes gets this deadline, so a hung server fails the test instead of
// hanging it.
inline constexpr std::chrono::seconds kCallDeadline{30};

// A channel to the rig's server; with a key and certificate it speaks as that terminal.
std::shared_ptr<grpc::Channel> HqChannel(const ServerRig& rig, const std::string& key_pem = "",
                                         const std::string& cert_pem = "",
                                         const grpc::ChannelArguments& args = {});

struct Terminal {
  std::string device_id;
  std::string site_id;
  std::string verification_code;
  std::string key_pem;
  std::string cert_pem;
};
// Issues a token with the CLI and enrolls a fresh EC P-256 key for `site_id`.
Result<Terminal> EnrollTerminal(ServerRig& rig, const std::string& site_id);

// `count` results for sequences first … first+count-1 with fresh check ids, checked just now
// (so retention never drops them mid-test), each carrying a patient name.
inline constexpr char kPatientName[] = "山田太郎";
v1::ResultBatch MakeResults(uint64_t first, uint64_t count);

// A terminal's open Connect stream.
class TerminalStream {
 public:
  // Connects and reads the welcome; fails when the server refuses the terminal.
  // `args` shape the terminal's channel (e.g. how much it buffers of what it does not read).
  static Result<std::unique_ptr<TerminalStream>> Open(const ServerRig& rig, const Terminal& t,
                                                      const grpc::ChannelArguments& args = {});
  ~TerminalStream();
  TerminalStream(const TerminalStream&) = delete;
  TerminalStream& operator=(const TerminalStream&) = delete;

  // Sends one batch and returns the sequence of the next acknowledgement (config and audit
  // heads pushed in between are skipped).
  Result<uint64_t> Send(const v1::ResultBatch& batch);
  // Sends the terminal's Hello (facts, outbox depth); the server answers nothing.
  Status SendHello(const v1::Hello& hello);
  // Sends any message without waiting (heartbeats, renewals). The server handles a stream's
  // messages in order: a later Send's acknowledgement means this one was handled.
  Status Write(const v1::AgentMessage& message);
  // Reads until a message satisfies `wanted` (others are skipped); fails when the stream ends.
  Result<v1::ServerMessage> ReadUntil(const std::function<bool(const v1::ServerMessage&)>& wanted);
  // Half-closes and returns the server's final status.
  grpc::Status Close();

 private:
  TerminalStream() = default;
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>> stream_;
  bool closed_ = false;
};

// A console user made with `kakunin-server admin create` (role hq_admin, branch_manager, staff
// or auditor; `sites` a comma list, none for HQ-wide roles).
Status AddUser(ServerRig& rig, const std::string& login, const std::string& role,
               const std::string& sites, const std::string& password,
               const std::string& display_name = "");
// Logs in on the console and returns the session token.
Result<std::string> ConsoleLogin(v1::ConsoleService::Stub& stub, const std::string& login,
                                 const std::string& password);
// HQ enters another edition of programme `seed_id` (UpsertProgram): the same terms under `new_id`
// with its deadline on `deadline_iso` — the shipped programmes have all closed by now.
Status AddProgrammeEdition(v1::ConsoleService::Stub& stub, const std::string& token,
                           const std::string& seed_id, const std::string& new_id,
                           const std::string& deadline_iso);
// Puts the session (none when empty) into a call's metadata and sets kCallDeadline.
void Authorize(grpc::ClientContext* ctx, const std::string& token);

// `GET path` over a plain TCP socket to 127.0.0.1:port.
struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};
// A TCP connection to 127.0.0.1:`port` (the descriptor), or -1.
int ConnectLoopback(int port);
// `timeout_s` bounds each read: a server that never answers fails the test rather than hanging it.
Result<HttpResponse> HttpGet(int port, const std::string& path, int timeout_s = 30);
// The value of an unlabelled sample `name` in Prometheus text; nullopt when absent.
std::optional<double> MetricValue(const std::string& body, const std::string& name);

std::string Trim(std::string s);
std::string ReadFile(const std::string& path);

}  // namespace kakunin::testing::hq
