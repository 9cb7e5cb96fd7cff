#include "tests/server/hq_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"

namespace kakunin::testing::hq {
namespace {

grpc::Status Unavailable(const std::string& what) {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, what);
}

Error FromStatus(const std::string& reason, const grpc::Status& s) {
  return MakeError(ErrorCode::kUnavailable, reason,
                   std::to_string(s.error_code()) + " " + s.error_message());
}

// Version-4 UUIDs: the server refuses results whose check id is not one.
std::string NewCheckId() {
  static std::mt19937_64 rng{std::random_device{}()};
  static std::atomic<uint64_t> counter{0};
  uint64_t hi = rng(), lo = ++counter;
  char id[40];
  std::snprintf(id, sizeof id, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffff),
                static_cast<unsigned long long>((hi >> 4) & 0xfff),
                static_cast<unsigned long long>(hi & 0xfff),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return id;
}

}  // namespace

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string ReadFile(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

std::shared_ptr<grpc::Channel> HqChannel(const ServerRig& rig, const std::string& key_pem,
                                         const std::string& cert_pem,
                                         const grpc::ChannelArguments& args) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(rig.ca_path());
  tls.pem_private_key = key_pem;
  tls.pem_cert_chain = cert_pem;
  return grpc::CreateCustomChannel(rig.address(), grpc::SslCredentials(tls), args);
}

Result<Terminal> EnrollTerminal(ServerRig& rig, const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto token, rig.IssueToken(site_id));
  KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateTerminalKey());
  KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", "terminal"}}));
  v1::EnrollRequest req;
  req.set_token(token);
  KAKUNIN_ASSIGN_OR_RETURN(*req.mutable_csr_pem(), crypto::CsrToPem(csr.get()));
  req.mutable_facts()->set_hostname("counter-" + site_id);
  v1::EnrollResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  auto s = v1::AgentService::NewStub(HqChannel(rig))->Enroll(&ctx, req, &resp);
  if (!s.ok()) return FromStatus("test.enroll", s);
  Terminal t;
  t.device_id = resp.device_id();
  t.site_id = resp.site_id();
  t.verification_code = resp.verification_code();
  t.cert_pem = resp.certificate_pem();
  KAKUNIN_ASSIGN_OR_RETURN(t.key_pem, crypto::PrivateKeyToPem(key.get()));
  return t;
}

v1::ResultBatch MakeResults(uint64_t first, uint64_t count) {
  v1::ResultBatch batch;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  for (uint64_t s = first; s < first + count; ++s) {
    auto* r = batch.add_results();
    r->set_sequence(s);
    r->set_check_id(NewCheckId());
    r->mutable_checked_at()->set_seconds(now);
    r->set_mode(v1::IDENTITY_MODE_VISUAL);
    r->set_outcome(v1::OUTCOME_ELIGIBLE);
    r->mutable_eligibility()->set_name(kPatientName);
  }
  return batch;
}

Result<std::unique_ptr<TerminalStream>> TerminalStream::Open(const ServerRig& rig,
                                                             const Terminal& t,
                                                             const grpc::ChannelArguments& args) {
  std::unique_ptr<TerminalStream> ts(new TerminalStream());
  // Long enough for a whole test suite; a hung server still ends the read in the end.
  ts->ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
  ts->stream_ =
      v1::AgentService::NewStub(HqChannel(rig, t.key_pem, t.cert_pem, args))->Connect(&ts->ctx_);
  v1::ServerMessage m;
  if (!ts->stream_->Read(&m) || !m.has_welcome()) {
    ts->closed_ = true;
    return FromStatus("test.connect", ts->stream_->Finish());
  }
  return ts;
}

TerminalStream::~TerminalStream() {
  if (closed_ || !stream_) return;
  ctx_.TryCancel();
  (void)stream_->Finish();
}

Result<uint64_t> TerminalStream::Send(const v1::ResultBatch& batch) {
  v1::AgentMessage out;
  *out.mutable_results() = batch;
  if (!stream_->Write(out)) return FromStatus("test.send", Unavailable("stream closed"));
  v1::ServerMessage m;
  while (stream_->Read(&m)) {
    if (m.has_ack()) return m.ack().up_to_sequence();
  }
  closed_ = true;
  return FromStatus("test.ack", stream_->Finish());
}

Status TerminalStream::SendHello(const v1::Hello& hello) {
  v1::AgentMessage out;
  *out.mutable_hello() = hello;
  if (!stream_->Write(out)) return MakeError(ErrorCode::kUnavailable, "test.send", "stream closed");
  return OkStatus();
}

Status TerminalStream::Write(const v1::AgentMessage& message) {
  if (!stream_->Write(message)) {
    return MakeError(ErrorCode::kUnavailable, "test.send", "stream closed");
  }
  return OkStatus();
}

Result<v1::ServerMessage> TerminalStream::ReadUntil(
    const std::function<bool(const v1::ServerMessage&)>& wanted) {
  v1::ServerMessage m;
  while (stream_->Read(&m)) {
    if (wanted(m)) return m;
  }
  closed_ = true;
  return FromStatus("test.read", stream_->Finish());
}

grpc::Status TerminalStream::Close() {
  if (closed_) return Unavailable("already closed");
  closed_ = true;
  stream_->WritesDone();
  v1::ServerMessage m;
  while (stream_->Read(&m)) {
  }
  return stream_->Finish();
}

Status AddProgrammeEdition(v1::ConsoleService::Stub& stub, const std::string& token,
                           const std::string& seed_id, const std::string& new_id,
                           const std::string& deadline_iso) {
  grpc::ClientContext list_ctx;
  Authorize(&list_ctx, token);
  v1::ListProgramsResponse programmes;
  if (auto s = stub.ListPrograms(&list_ctx, {}, &programmes); !s.ok()) {
    return FromStatus("test.list_programs", s);
  }
  for (const auto& p : programmes.programs()) {
    if (p.program_id() != seed_id) continue;
    auto j = nlohmann::json::parse(p.data_json());
    j["id"] = new_id;
    j["deadline"] = deadline_iso;
    v1::UpsertProgramRequest req;
    req.mutable_program()->set_program_id(new_id);
    req.mutable_program()->set_data_json(j.dump());
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    v1::Program saved;
    if (auto s = stub.UpsertProgram(&ctx, req, &saved); !s.ok()) {
      return FromStatus("test.upsert_program", s);
    }
    return OkStatus();
  }
  return MakeError(ErrorCode::kNotFound, "test.no_programme", "no programme " + seed_id);
}

Status AddUser(ServerRig& rig, const std::string& login, const std::string& role,
               const std::string& sites, const std::string& password,
               const std::string& display_name) {
  std::vector<std::string> options = {"--login", login, "--role", role, "--password-stdin"};
  if (!sites.empty()) options.insert(options.end(), {"--sites", sites});
  if (!display_name.empty()) options.insert(options.end(), {"--display-name", display_name});
  auto out = rig.Cli({"admin", "create"}, options, password + "\n");
  if (!out.ok()) return out.error();
  return OkStatus();
}

Result<std::string> ConsoleLogin(v1::ConsoleService::Stub& stub, const std::string& login,
                                 const std::string& password) {
  v1::LoginRequest req;
  req.set_login(login);
  req.set_password(password);
  v1::LoginResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  auto s = stub.Login(&ctx, req, &resp);
  if (!s.ok()) return FromStatus("test.login", s);
  return resp.session_token();
}

void Authorize(grpc::ClientContext* ctx, const std::string& token) {
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
}

int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

Result<HttpResponse> HttpGet(int port, const std::string& path, int timeout_s) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "test.http", "connect failed");
  // Bounded reads: a server that never answers fails the test rather than hanging it.
  timeval tv{timeout_s, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "test.http", "send failed");
  }
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<size_t>(n));
  ::close(fd);
  auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.rfind("HTTP/1.", 0) != 0) {
    return MakeError(ErrorCode::kDataLoss, "test.http", "not an HTTP response: " + raw);
  }
  HttpResponse r;
  r.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  r.body = raw.substr(end + 4);
  std::istringstream headers(raw.substr(0, end));
  std::string line;
  while (std::getline(headers, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "content-type") {
      r.content_type = Trim(line.substr(line.find_first_not_of(' ', colon + 1)));
    }
  }
  return r;
}

std::optional<double> MetricValue(const std::string& body, const std::string& name) {
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        line[name.size()] == ' ') {
      return std::strtod(line.c_str() + name.size() + 1, nullptr);
    }
  }
  return std::nullopt;
}

}  // namespace kakunin::testing::hq
