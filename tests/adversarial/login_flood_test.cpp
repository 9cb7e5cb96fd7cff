// A stranger with no credentials floods the console's Login while terminals stream results, on
// a real kakunin-server and PostgreSQL. Before the login gate, 32 concurrent wrong logins raised
// every terminal's ack time from 8 ms to seconds and the server to 1.1 GiB (each Argon2id check
// takes 64 MiB, and Login held a shared database connection while hashing). Now:
// - terminals' acknowledgements stay prompt during the flood (p99 bounded, printed beside the
//   p99 before the flood);
// - the server's peak memory stays bounded (at most one hash at a time by default);
// - the flood is throttled per source address, every refusal is counted in /metrics, failures
//   are audited (throttling once per window, so the audit chain is not flooded in turn),
//   including over-long and NUL-containing login names;
// - a login during a lockout is audited.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/rpc/status.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {
using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

grpc::Status TryLogin(v1::ConsoleService::Stub& stub, const std::string& login,
                      const std::string& password) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::LoginRequest req;
  req.set_login(login);
  req.set_password(password);
  v1::LoginResponse resp;
  return stub.Login(&ctx, req, &resp);
}

class LoginFlood : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-flood");
    ::chmod(dir_.c_str(), 0755);
    metrics_port_ = FreeTcpPort();
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局",
                                {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port_)});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    metrics_port_ = rig_->metrics_port();
    ca_ = hq::ReadFile(rig_->ca_path());
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : "";
  }

  // `n` channels to the server, each connected and of its own (no channel shared between two
  // attempts); empty when one would not connect.
  std::vector<std::shared_ptr<grpc::Channel>> OwnChannels(int n, int first_id) {
    std::vector<std::shared_ptr<grpc::Channel>> channels;
    for (int i = 0; i < n; ++i) {
      grpc::ChannelArguments own;
      own.SetInt("kakunin.test.attempt", first_id + i);
      grpc::SslCredentialsOptions tls;
      tls.pem_root_certs = ca_;
      auto channel = grpc::CreateCustomChannel(rig_->address(), grpc::SslCredentials(tls), own);
      if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
        return {};
      }
      channels.push_back(channel);
    }
    return channels;
  }

  // Runs attempt(i) for i in [0, n) on threads released together; returns the reason ids their
  // statuses carried ("ok" for success), counted.
  static std::map<std::string, int> Together(int n,
                                             const std::function<grpc::Status(int)>& attempt) {
    std::mutex mu;
    std::condition_variable cv;
    bool go = false;
    std::map<std::string, int> answers;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return go; });
        }
        grpc::Status status = attempt(i);
        std::lock_guard lock(mu);
        ++answers[status.ok() ? "ok" : rpc::FromGrpcStatus(status, "?").reason()];
      });
    }
    {
      std::lock_guard lock(mu);
      go = true;
    }
    cv.notify_all();
    for (auto& t : threads) t.join();
    return answers;
  }

  std::string dir_, ca_;
  int metrics_port_ = 0;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(LoginFlood, TerminalsKeepTheirAckTimesAndTheServerItsMemory) {
  // Terminals streaming one result at a time, timing each acknowledgement.
  constexpr int kTerminals = 4;
  std::vector<TestTerminal> terminals;
  for (int i = 0; i < kTerminals; ++i) {
    auto token = rig_->IssueToken("honcho");
    ASSERT_TRUE(token.ok());
    auto t = TestTerminal::Enroll(rig_->address(), ca_, *token);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    terminals.push_back(*t);
  }
  std::atomic<bool> flooding{false}, stop{false};
  std::atomic<int> stream_failures{0};
  std::mutex mu;
  std::vector<double> before_ms, during_ms;
  std::vector<std::thread> streams;
  for (auto& t : terminals) {
    streams.emplace_back([&, t] {
      auto s = t.Connect(rig_->address());
      if (!s->Open()) {
        ++stream_failures;
        return;
      }
      for (uint64_t seq = 1; !stop; ++seq) {
        auto start = Clock::now();
        bool in_flood = flooding;
        if (!s->Send({TestTerminal::MakeResult(seq, TestTerminal::NewCheckId())}) ||
            !s->WaitAck(seq).ok()) {
          ++stream_failures;
          return;
        }
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        std::lock_guard lock(mu);
        (in_flood && flooding ? during_ms : before_ms).push_back(ms);
      }
      if (!s->Close().ok()) ++stream_failures;
    });
  }
  // A baseline of acknowledgements first (condition, not time: at least 100 of them).
  ASSERT_TRUE(WaitFor(
      [&] {
        std::lock_guard lock(mu);
        return before_ms.size() >= 100 || stream_failures > 0;
      },
      std::chrono::seconds(60)));

  // The flood: 64 strangers, each with its own channel, wrong passwords for a real login, for
  // unknown logins, and names of 1 MiB or with NUL bytes.
  flooding = true;
  constexpr int kStrangers = 64;
  std::atomic<int> attempts{0}, throttled{0};
  std::vector<std::thread> strangers;
  for (int i = 0; i < kStrangers; ++i) {
    strangers.emplace_back([&, i] {
      auto stub = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_));
      for (int k = 0; k < 6; ++k) {
        std::string login = i % 4 == 0   ? "admin"
                            : i % 4 == 1 ? "nobody-" + std::to_string(i)
                            : i % 4 == 2 ? std::string(1 << 20, 'x')
                                         : std::string("ad\0min", 6);
        auto status = TryLogin(*stub, login, "Wrong-password-1");
        ++attempts;
        if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) ++throttled;
      }
    });
  }
  for (auto& t : strangers) t.join();
  // Acks measured during the flood: at least a few per terminal.
  ASSERT_TRUE(WaitFor(
      [&] {
        std::lock_guard lock(mu);
        return during_ms.size() >= 20 || stream_failures > 0;
      },
      std::chrono::seconds(60)));
  flooding = false;
  stop = true;
  for (auto& t : streams) t.join();

  EXPECT_EQ(stream_failures.load(), 0) << "a terminal's stream was cut during the flood";
  double p99_before = Percentile(before_ms, 0.99), p99_during = Percentile(during_ms, 0.99);
  std::printf("ack latency p99: %.1f ms before the flood (%zu acks), %.1f ms during it (%zu)\n",
              p99_before, before_ms.size(), p99_during, during_ms.size());
  EXPECT_LT(p99_during, 500.0) << "terminals' acknowledgements slowed by a login flood";

  long peak_kib = rig_->ServerPeakRssKiB();
  std::printf("server peak RSS: %ld MiB; %d attempts, %d throttled\n", peak_kib / 1024,
              attempts.load(), throttled.load());
  EXPECT_GT(peak_kib, 0);
  EXPECT_LT(peak_kib, 512 * 1024) << "a login flood must not take the server's memory";

  // Throttled per source: most of the 384 attempts never reached the hash.
  EXPECT_EQ(attempts.load(), kStrangers * 6);
  EXPECT_GT(throttled.load(), kStrangers * 6 / 2);
  auto metrics = hq::HttpGet(metrics_port_, "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.error().ToString();
  // Every refusal the strangers saw is counted (throttled, or busy when too many waited).
  auto sample = [&](const std::string& name) -> long {
    auto at = metrics->body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stol(metrics->body.substr(at + name.size() + 2));
  };
  EXPECT_EQ(sample("kakunin_login_refused_total{why=\"throttled\"}") +
                sample("kakunin_login_refused_total{why=\"busy\"}"),
            throttled.load())
      << metrics->body;
  EXPECT_GE(sample("kakunin_login_failures_total"), 20) << metrics->body;
  // Failures before the throttle are audited one by one (malformed names made printable, and
  // bounded); the throttle itself once for the window.
  EXPECT_EQ(Sql("SELECT count(*) > 0 FROM audit_log WHERE event = 'user.login_failed' AND "
                "details LIKE '%malformed_login%'"),
            "t");
  // Once per throttled key and window: the source, and perhaps a login name that reached its
  // own limit first ("admin", or the malformed ones counted together).
  EXPECT_EQ(Sql("SELECT count(*) BETWEEN 1 AND 3 FROM audit_log WHERE event = "
                "'user.login_throttled'"),
            "t");
  EXPECT_EQ(Sql("SELECT max(octet_length(actor)) < 200 FROM audit_log"), "t");
  EXPECT_NE(Sql("SELECT count(*) FROM audit_log WHERE actor LIKE '%\\\\x00%'"), "0");
  // The audit chain is intact after all that.
  auto verify = rig_->Cli({"audit", "verify"}, {"--data-dir", rig_->data_dir()});
  EXPECT_TRUE(verify.ok()) << verify.error().ToString();
}

TEST_F(LoginFlood, ALockedAccountAuditsEveryAttempt) {
  auto stub = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(TryLogin(*stub, "admin", "Wrong-password-1").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.locked'"), "1");
  // Locked: even the right password is refused, and each attempt is on record.
  auto locked = TryLogin(*stub, "admin", kAdminPassword);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(locked.error_message().find("auth.locked"), std::string::npos);
  // Only the right password learns of the lock: a wrong one gets the answer a login name that
  // does not exist gets (which never locks), so the lock tells a stranger no account's name.
  const grpc::Status wrong = TryLogin(*stub, "admin", "Wrong-password-1"),
                     unknown = TryLogin(*stub, "no-such-user", "Wrong-password-1");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_code(), unknown.error_code());
  EXPECT_EQ(wrong.error_message(), unknown.error_message());
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.login_locked'"), "2");
}

// A stranger who knew the administrator's login name locked the account for everyone with
// five wrong passwords every fifteen minutes. Now the stranger's address is held off the
// account, and the account's own lockout spares the addresses it logged in from lately: the
// administrator logs in at their own address; the stranger, right password or not, and any
// address new to the account wait. (Through the trusted proxy each connection is an address.)
TEST_F(LoginFlood, AStrangerCannotLockTheAdministratorOutOfTheirOwnAddress) {
  rig_->StopServer();
  rig_->SetServerArgs({"--trusted-proxies", "127.0.0.1"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto channels = OwnChannels(3, 300);
  ASSERT_EQ(channels.size(), 3u);
  auto admin = v1::ConsoleService::NewStub(channels[0]);
  auto stranger = v1::ConsoleService::NewStub(channels[1]);
  auto newcomer = v1::ConsoleService::NewStub(channels[2]);
  ASSERT_TRUE(TryLogin(*admin, "admin", kAdminPassword).ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(TryLogin(*stranger, "admin", "Wrong-password-1").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.locked'"), "1");
  EXPECT_NE(TryLogin(*stranger, "admin", kAdminPassword).error_message().find("auth.locked"),
            std::string::npos);
  EXPECT_NE(TryLogin(*newcomer, "admin", kAdminPassword).error_message().find("auth.locked"),
            std::string::npos);
  // More tries past the lockout reach the name's own limit (10 a minute, from anywhere): the
  // name is then throttled for new addresses, but not for the one the account is known at.
  for (int i = 0; i < 6; ++i) TryLogin(*stranger, "admin", "Wrong-password-1");
  EXPECT_NE(TryLogin(*newcomer, "admin", kAdminPassword).error_message().find("auth.rate_limited"),
            std::string::npos);
  auto own = TryLogin(*admin, "admin", kAdminPassword);
  EXPECT_TRUE(own.ok()) << own.error_message();
  // Logging in at a known address does not lift the account's lockout for the others.
  EXPECT_NE(TryLogin(*newcomer, "admin", kAdminPassword).error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(Sql("SELECT locked_until > now() FROM users WHERE login = 'admin'"), "t");
}

// An address's own failures hold it off an account even where the account's lockout would
// not (an address the account is known at), and a new address is not held by them.
TEST_F(LoginFlood, FailuresAtAKnownAddressHoldThatAddressOff) {
  rig_->StopServer();
  rig_->SetServerArgs({"--trusted-proxies", "127.0.0.1"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto channels = OwnChannels(1, 400);
  ASSERT_EQ(channels.size(), 1u);
  auto known = v1::ConsoleService::NewStub(channels[0]);
  ASSERT_TRUE(TryLogin(*known, "admin", kAdminPassword).ok());
  // Four failures are not a lockout anywhere, and a success clears this address's count.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(TryLogin(*known, "admin", "Wrong-password-1").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  ASSERT_TRUE(TryLogin(*known, "admin", kAdminPassword).ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM login_lockouts"), "0");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(TryLogin(*known, "admin", "Wrong-password-1").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_NE(TryLogin(*known, "admin", kAdminPassword).error_message().find("auth.locked"),
            std::string::npos);
  EXPECT_EQ(Sql("SELECT details::json->>'scope' FROM audit_log WHERE event = 'user.locked'"),
            "account");
}

// Logins sent together all passed the throttle's check before any of them had failed, then
// queued for their turn to hash (up to 16 wait, each at most 3 s): every wave that started
// under the limit was hashed and audited whole, so a source had more tried a minute than its
// limit of 20 (waves of 9: 27). Each turn now checks the throttle again with the failures
// before it: at most the limit (one more when a turn starts while the one before is recording
// its failure) are hashed and audited; the rest are refused as throttled or busy.
TEST_F(LoginFlood, LoginsSentTogetherStopAtTheAddressesLimit) {
  constexpr int kWaves = 5, kPerWave = 9;
  std::map<std::string, int> answers;  // reason id → attempts
  for (int wave = 0; wave < kWaves; ++wave) {
    auto channels = OwnChannels(kPerWave, wave * kPerWave);
    ASSERT_EQ(channels.size(), static_cast<size_t>(kPerWave));
    auto wave_answers = Together(kPerWave, [&](int i) {
      auto stub = v1::ConsoleService::NewStub(channels[static_cast<size_t>(i)]);
      // A login of its own each time: only the address's limit applies.
      return TryLogin(*stub, "stranger-" + std::to_string(wave) + "-" + std::to_string(i),
                      "Wrong-password-1");
    });
    for (const auto& [reason, n] : wave_answers) answers[reason] += n;
  }
  std::string seen;
  for (const auto& [reason, n] : answers) seen += reason + "=" + std::to_string(n) + " ";
  std::printf("answers to %d waves of %d logins: %s\n", kWaves, kPerWave, seen.c_str());
  const int tried = answers["auth.bad_credentials"];
  EXPECT_GE(tried, 1) << seen;
  EXPECT_LE(tried, 21) << seen;
  EXPECT_EQ(tried + answers["auth.rate_limited"] + answers["auth.busy"], kWaves * kPerWave) << seen;
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.login_failed' AND details "
                "LIKE '%unknown_login%'"),
            std::to_string(tried));
  // The administrator, from another address's point of view the same one here, is not locked.
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.locked'"), "0");
}

// Behind HAProxy in TCP mode (deploy/cluster) every client's address is the proxy's: twenty
// strangers' failed logins made every login, the right password included, wait the minute out.
// With the proxy named in --trusted-proxies, a connection through it is a source of its own:
// the stranger's connection is throttled, an administrator's own connection logs in, and the
// audit says the attempt came through the proxy. Without the option (the test before), one
// address is one source.
TEST_F(LoginFlood, BehindATrustedProxyEachConnectionIsASourceOfItsOwn) {
  auto one_source = OwnChannels(2, 100);
  ASSERT_EQ(one_source.size(), 2u);
  auto stranger = v1::ConsoleService::NewStub(one_source[0]);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(TryLogin(*stranger, "stranger-" + std::to_string(i), "Wrong-password-1").error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // Not trusted: the address is the source, and the administrator's connection waits too.
  auto admin = v1::ConsoleService::NewStub(one_source[1]);
  auto waited = TryLogin(*admin, "admin", kAdminPassword);
  EXPECT_NE(waited.error_message().find("auth.rate_limited"), std::string::npos)
      << waited.error_message();

  rig_->StopServer();
  rig_->SetServerArgs({"--trusted-proxies", "127.0.0.1"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto channels = OwnChannels(2, 200);
  ASSERT_EQ(channels.size(), 2u);
  stranger = v1::ConsoleService::NewStub(channels[0]);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(
        TryLogin(*stranger, "stranger-b" + std::to_string(i), "Wrong-password-1").error_code(),
        grpc::StatusCode::UNAUTHENTICATED);
  }
  auto throttled = TryLogin(*stranger, "stranger-c", "Wrong-password-1");
  EXPECT_NE(throttled.error_message().find("auth.rate_limited"), std::string::npos)
      << throttled.error_message();
  admin = v1::ConsoleService::NewStub(channels[1]);
  EXPECT_TRUE(TryLogin(*admin, "admin", kAdminPassword).ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'user.login_failed' AND "
                "details::json->>'source' LIKE '127.0.0.1:% via proxy'"),
            "20");
}

// Made-up login names from many proxied connections (each a source of its own, each under its
// limit) once filled the one turn at the hash and its queue, and the administrator's login was
// refused as busy (an outside review). A name with no account now takes no turn: the
// administrator logs in during the flood, every time.
TEST_F(LoginFlood, MadeUpNamesFromManyConnectionsDoNotKeepAnAccountOut) {
  rig_->StopServer();
  rig_->SetServerArgs({"--trusted-proxies", "127.0.0.1"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  constexpr int kConnections = 40, kEach = 10;
  auto channels = OwnChannels(kConnections + 1, 300);
  ASSERT_EQ(channels.size(), static_cast<size_t>(kConnections + 1));
  std::atomic<int> tried{0};
  std::atomic<bool> stop{false};
  std::map<std::string, int> flood;
  std::mutex flood_mu;
  std::vector<std::thread> strangers;
  for (int c = 0; c < kConnections; ++c) {
    strangers.emplace_back([&, c] {
      auto stub = v1::ConsoleService::NewStub(channels[c]);
      for (int i = 0; i < kEach && !stop; ++i) {
        auto s = TryLogin(*stub, "made-up-" + std::to_string(c) + "-" + std::to_string(i),
                          "Wrong-password-1");
        ++tried;
        std::lock_guard lock(flood_mu);
        ++flood[s.ok() ? "ok" : rpc::FromGrpcStatus(s, "?").reason()];
      }
    });
  }
  // The flood is under way once every connection has had an answer (the slot and its queue
  // were full from here before).
  while (tried < kConnections) std::this_thread::yield();
  auto admin = v1::ConsoleService::NewStub(channels[kConnections]);
  std::vector<std::string> answers;
  for (int i = 0; i < 3; ++i) {
    auto s = TryLogin(*admin, "admin", kAdminPassword);
    answers.push_back(s.ok() ? "ok" : s.error_message());
  }
  const int during = tried.load();
  stop = true;
  for (auto& t : strangers) t.join();
  for (const auto& a : answers) EXPECT_EQ(a, "ok");
  EXPECT_LT(during, kConnections * kEach) << "the flood ended before the administrator's logins";
  EXPECT_EQ(flood.count("auth.busy"), 0u) << "made-up names waited for the hash";
  EXPECT_GE(flood["auth.bad_credentials"], kConnections);
}

// Enrolling needs no credentials, so anyone who reaches the server can try. Refusals were
// counted per address only after each attempt's own refusal, so attempts sent at once all
// slipped past the limit (each one a database transaction, the audit chain's lock and a record).
// Now attempts take turns and each turn counts the failures before it: of 64 sent at once, at
// most the limit (20 a minute, one more when two turns meet) are tried and audited; the rest are
// refused as throttled or busy at once. A terminal enrolled before keeps its stream.
TEST_F(LoginFlood, EnrollmentsSentAtOnceStopAtTheAddressesLimit) {
  auto token = rig_->IssueToken("honcho");
  ASSERT_TRUE(token.ok());
  auto terminal = TestTerminal::Enroll(rig_->address(), ca_, *token);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();

  constexpr int kAttempts = 64;
  // Each attempt on a connection of its own, connected first, with its request made: they
  // reach the server together.
  auto key = crypto::GenerateTerminalKey();
  ASSERT_TRUE(key.ok());
  auto csr = crypto::MakeCsr(key->get(), {{"CN", "terminal"}});
  ASSERT_TRUE(csr.ok());
  v1::EnrollRequest request;
  request.set_token("no-such-token");
  request.set_csr_pem(*crypto::CsrToPem(csr->get()));
  request.mutable_facts()->set_hostname("stranger");
  auto channels = OwnChannels(kAttempts, 0);
  ASSERT_EQ(channels.size(), static_cast<size_t>(kAttempts));
  auto answers = Together(kAttempts, [&](int i) {
    auto stub = v1::AgentService::NewStub(channels[static_cast<size_t>(i)]);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::EnrollResponse response;
    return stub->Enroll(&ctx, request, &response);
  });

  std::string seen;
  for (const auto& [reason, n] : answers) seen += reason + "=" + std::to_string(n) + " ";
  std::printf("answers to %d enrollments sent at once: %s\n", kAttempts, seen.c_str());
  const int tried = answers["enroll.bad_token"];
  EXPECT_GE(tried, 1) << seen;
  EXPECT_LE(tried, 21) << seen;
  EXPECT_EQ(tried + answers["enroll.rate_limited"] + answers["enroll.busy"], kAttempts) << seen;
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'device.enroll_refused' AND "
                "details LIKE '%enroll.bad_token%'"),
            std::to_string(tried));
  EXPECT_LE(std::stoi(Sql("SELECT count(*) FROM audit_log WHERE event = 'device.enroll_refused' "
                          "AND details LIKE '%enroll.rate_limited%'")),
            1);

  auto s = terminal->Connect(rig_->address());
  ASSERT_TRUE(s->Open());
  ASSERT_TRUE(s->Send({TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}));
  auto ack = s->WaitAck(1);
  EXPECT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_TRUE(s->Close().ok());
}

// One user holds at most 20 sessions: a script logging in again and again replaces its own oldest
// session instead of adding a row per login for the sessions' lifetime.
TEST_F(LoginFlood, AUserHoldsAtMostTwentySessions) {
  auto stub = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_));
  std::vector<std::string> tokens;
  for (int i = 0; i < 22; ++i) {
    grpc::ClientContext ctx;
    v1::LoginRequest req;
    req.set_login("admin");
    req.set_password(kAdminPassword);
    v1::LoginResponse resp;
    ASSERT_TRUE(stub->Login(&ctx, req, &resp).ok());
    tokens.push_back(resp.session_token());
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM sessions s JOIN users u USING (user_id) WHERE u.login = "
                "'admin'"),
            "20");
  auto whoami = [&](const std::string& token) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    v1::ListSitesRequest req;
    v1::ListSitesResponse resp;
    return stub->ListSites(&ctx, req, &resp);
  };
  EXPECT_EQ(whoami(tokens.front()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(whoami(tokens.back()).ok());
}
}  // namespace
}  // namespace kakunin::testing
