#include "bench/ingest/bench_rig.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/common/proc_stat.h"
#include "common/crypto/keys.h"
#include "common/crypto/x509.h"

namespace kakunin::bench {
namespace {
namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// GET /metrics over plain HTTP/1.0 on loopback (civetweb closes after the answer).
Result<std::string> HttpGetMetrics(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "bench.metrics", "socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string body;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string req = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      char buf[8192];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) body.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  auto start = body.find("\r\n\r\n");
  if (body.compare(0, 12, "HTTP/1.1 200") != 0 && body.compare(0, 12, "HTTP/1.0 200") != 0) {
    return MakeError(ErrorCode::kUnavailable, "bench.metrics",
                     "no /metrics answer on port " + std::to_string(port));
  }
  return start == std::string::npos ? "" : body.substr(start + 4);
}

}  // namespace

CpuSeconds operator-(const CpuSeconds& a, const CpuSeconds& b) {
  return {a.server - b.server, a.postgres - b.postgres, a.bench - b.bench};
}

uint64_t RaiseFdLimit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  lim.rlim_cur = lim.rlim_max;
  (void)::setrlimit(RLIMIT_NOFILE, &lim);
  ::getrlimit(RLIMIT_NOFILE, &lim);
  return lim.rlim_cur;
}

Result<std::unique_ptr<BenchRig>> BenchRig::Start(const RigOptions& options) {
  std::unique_ptr<BenchRig> rig(new BenchRig());
  rig->server_bin_ = options.server_bin;
  rig->keep_ = options.keep;
  rig->dir_ = testing::MakeTempDir("kakunin-ingest-bench");
  // PostgreSQL runs as an unprivileged user when we are root: it must traverse the directory.
  ::chmod(rig->dir_.c_str(), 0755);
  server::EmbeddedPostgresOptions pg;
  pg.data_dir = rig->dir_ + "/pg";
  pg.run_as_user = options.pg_user;
  KAKUNIN_ASSIGN_OR_RETURN(rig->pg_, server::EmbeddedPostgres::Start(pg));
  KAKUNIN_RETURN_IF_ERROR(rig->pg_->CreateDatabase("kakunin"));
  rig->dsn_ = rig->pg_->ConnectionString("kakunin");
  auto site = rig->Cli({"site", "add"}, {"--id", kBenchSiteId, "--name", "ベンチ薬局", "--code",
                                         "1341234566", "--auto-approve"});
  if (!site.ok()) return site.error();
  KAKUNIN_RETURN_IF_ERROR(rig->StartServer(options));
  return rig;
}

Status BenchRig::StartServer(const RigOptions& options) {
  const std::string port_file = dir_ + "/server.port";
  metrics_port_ = testing::FreeTcpPort();
  testing::ProcessOptions so;
  so.argv = {server_bin_,
             "serve",
             "--db",
             dsn_,
             "--data-dir",
             dir_ + "/server",
             "--listen",
             "127.0.0.1:0",
             "--ready-file",
             port_file,
             "--metrics-listen",
             "127.0.0.1:" + std::to_string(metrics_port_)};
  so.argv.insert(so.argv.end(), options.server_args.begin(), options.server_args.end());
  so.log_path = dir_ + "/server.log";
  so.parent_death_signal = SIGTERM;  // a killed bench leaves no server behind
  KAKUNIN_ASSIGN_OR_RETURN(auto proc, testing::Process::Start(so));
  server_ = std::move(proc);
  bool ready = testing::WaitFor([&] { return fs::exists(port_file) || !server_->running(); },
                                std::chrono::seconds(60));
  if (!ready || !server_->running()) {
    return MakeError(ErrorCode::kUnavailable, "bench.server",
                     "kakunin-server did not start:\n" + ServerLogTail());
  }
  target_.address = "127.0.0.1:" + Trim(ReadFile(port_file));
  target_.ca_pem = ReadFile(dir_ + "/server/pki/ca.pem");
  server_key_pem_ = ReadFile(dir_ + "/server/pki/server.key");
  server_cert_pem_ = ReadFile(dir_ + "/server/pki/server.pem");
  return OkStatus();
}

BenchRig::~BenchRig() {
  if (server_) server_->Stop();
  server_.reset();
  pg_.reset();  // fast shutdown by PID
  if (!keep_ && !dir_.empty()) testing::RemoveTree(dir_);
}

Result<std::string> BenchRig::Cli(const std::vector<std::string>& words,
                                  const std::vector<std::string>& options,
                                  const std::string& input) {
  std::vector<std::string> argv = {server_bin_};
  argv.insert(argv.end(), words.begin(), words.end());
  argv.insert(argv.end(), {"--db", dsn_});
  argv.insert(argv.end(), options.begin(), options.end());
  KAKUNIN_ASSIGN_OR_RETURN(auto out, testing::RunCommand(argv, {}, input, /*merge_stderr=*/true));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "bench.cli",
                     "kakunin-server " + words[0] + " " + words[1] + " failed: " + out.output);
  }
  return Trim(out.output);
}

Result<std::vector<Device>> BenchRig::Enroll(int n) {
  std::vector<Device> devices;
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = target_.ca_pem;
  auto stub =
      v1::AgentService::NewStub(grpc::CreateChannel(target_.address, grpc::SslCredentials(tls)));
  for (int i = 0; i < n; ++i) {
    KAKUNIN_ASSIGN_OR_RETURN(std::string token, Cli({"token", "issue"}, {"--site", kBenchSiteId}));
    KAKUNIN_ASSIGN_OR_RETURN(auto key, crypto::GenerateTerminalKey());
    KAKUNIN_ASSIGN_OR_RETURN(auto csr, crypto::MakeCsr(key.get(), {{"CN", "bench"}}));
    v1::EnrollRequest req;
    req.set_token(token);
    KAKUNIN_ASSIGN_OR_RETURN(*req.mutable_csr_pem(), crypto::CsrToPem(csr.get()));
    req.mutable_facts()->set_hostname("bench-" + std::to_string(i));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::EnrollResponse resp;
    grpc::Status status = stub->Enroll(&ctx, req, &resp);
    if (!status.ok()) {
      return MakeError(ErrorCode::kUnavailable, "bench.enroll",
                       "enrollment refused: " + status.error_message());
    }
    if (resp.status() != v1::DEVICE_STATUS_ACTIVE) {
      return MakeError(ErrorCode::kFailedPrecondition, "bench.enroll",
                       "enrolled device is not active (site auto-approval?)");
    }
    Device d;
    d.device_id = resp.device_id();
    KAKUNIN_ASSIGN_OR_RETURN(d.key_pem, crypto::PrivateKeyToPem(key.get()));
    d.cert_pem = resp.certificate_pem();
    devices.push_back(std::move(d));
  }
  return devices;
}

Status BenchRig::CreateConsoleAdmin(const std::string& login, const std::string& password) {
  auto r = Cli({"admin", "create"}, {"--login", login, "--password-stdin"}, password + "\n");
  if (!r.ok()) return r.error();
  return OkStatus();
}

Result<std::string> BenchRig::Query(const std::string& sql) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string out, pg_->Psql("kakunin", sql));
  return Trim(out);
}

Result<int64_t> BenchRig::Count(const std::string& sql) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string out, Query(sql));
  try {
    return std::stoll(out);
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInternal, "bench.count", "not a number from psql: " + out);
  }
}

Result<std::map<std::string, double>> BenchRig::Metrics() {
  KAKUNIN_ASSIGN_OR_RETURN(std::string text, HttpGetMetrics(metrics_port_));
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    try {
      out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (const std::exception&) {
    }
  }
  return out;
}

Result<double> BenchRig::ServerRssMiB() {
  std::ifstream in("/proc/" + std::to_string(server_->pid()) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return MakeError(ErrorCode::kNotFound, "bench.rss", "no VmRSS for the server process");
}

CpuSeconds BenchRig::Cpu() {
  CpuSeconds cpu;
  if (auto st = ReadProcStat(server_pid())) cpu.server = st->own;
  const pid_t postmaster = pg_->pid();
  if (auto st = ReadProcStat(postmaster)) cpu.postgres = st->own + st->children;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/proc", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    auto st = ReadProcStat(std::stoi(name));
    if (st && st->ppid == postmaster) cpu.postgres += st->own;
  }
  rusage self{};
  ::getrusage(RUSAGE_SELF, &self);
  cpu.bench = static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
              static_cast<double>(self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6;
  return cpu;
}

bool BenchRig::ServerRunning() { return server_ && server_->running(); }

std::string BenchRig::ServerLogTail(size_t bytes) {
  std::string log = server_ ? server_->ReadLog() : "";
  return log.size() > bytes ? "…" + log.substr(log.size() - bytes) : log;
}

}  // namespace kakunin::bench
