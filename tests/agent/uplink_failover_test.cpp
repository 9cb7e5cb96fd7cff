// The daemon's uplink with several HQ addresses, all real processes: kakunin-server on its own
// PostgreSQL (tests/harness/server_rig.h), replicas of it on the same database, and
// `kakunin-agent run` reached over its Unix socket (tests/harness/agent_daemon.h). What each test
// proves:
// - `run --server` past a closed port and a replica that accepts and hangs up at once (a broken
//   replica): the daemon reaches the real HQ in its first round, in order, a result recorded
//   there reaches PostgreSQL, and `status` (text and JSON) shows the address in use and the list;
// - a replica that accepts TCP but never answers TLS is given up after the connect timeout;
// - one that welcomes and at once ends the stream with an error is tried again after a growing
//   delay, not at the shortest one each time;
// - one that takes the stream past TLS and never welcomes is given up after the welcome's
//   deadline;
// - a connection that goes half-open (a proxy that stops forwarding and keeps both sockets open,
//   as a dropped NAT entry or a cut cable does) is taken for dead once HQ, which answers every
//   heartbeat, says nothing for --hq-silence-ms; the next address takes over;
// - with three enrolled addresses (`enroll --server A,B,C`, kept in device.json): A in use; A
//   stopped → B, in order (not C); A back and B stopped → A again, not C: every reconnect starts
//   at the preferred address. Results recorded on each reach PostgreSQL.
// Every wait is on a condition (the daemon's status, an empty outbox, a ready file) with a bound.

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "kakunin/v1/agent.grpc.pb.h"
#include "tests/agent/uplink_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

// A replica that is up but broken. kHangsUp accepts TCP connections and closes each at once, so
// the TLS handshake fails (a half-started server behind an open port); kSilent never reads what
// it is sent (the kernel completes TCP, nothing answers TLS: a hung process).
class BrokenReplica {
 public:
  enum Kind { kHangsUp, kSilent };
  explicit BrokenReplica(Kind kind) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
      return;
    }
    port_ = ntohs(a.sin_port);
    if (kind == kSilent) return;
    thread_ = std::thread([this] {
      while (!stop_) {
        // The timeout only bounds how late the thread sees stop_.
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) continue;
        int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c >= 0) {
          ++accepted_;
          ::close(c);
        }
      }
    });
  }
  ~BrokenReplica() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

// A replica that completes TLS and takes the stream, then never says a word (an HQ process
// hung in its handler): HQ's own certificate and CA, so the terminal trusts it. kWelcomesThenFails
// welcomes the terminal and ends the stream at once with UNAVAILABLE, as HQ does when it cannot
// store a batch (its database busy).
class MuteReplica : public v1::AgentService::Service {
 public:
  enum Kind { kMute, kWelcomesThenFails };
  static std::unique_ptr<MuteReplica> Start(const std::string& pki, Kind kind = kMute) {
    auto self = std::make_unique<MuteReplica>();
    self->kind_ = kind;
    self->server_ = StartHqLookalike(pki, self.get(), &self->port_);
    return self;
  }
  ~MuteReplica() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }
  grpc::Status Connect(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<v1::ServerMessage, v1::AgentMessage>* stream) override {
    ++streams_;
    if (kind_ == kWelcomesThenFails) {
      v1::ServerMessage welcome;
      welcome.mutable_welcome()->set_device_id("flaky-replica");
      stream->Write(welcome);
      v1::AgentMessage hello;  // the terminal is past its welcome once its hello is here
      while (stream->Read(&hello) && !hello.has_hello()) {
      }
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the database is busy");
    }
    std::unique_lock lock(mu_);
    // Checks for the caller giving up every 50 ms: gRPC does not wake a waiting handler.
    while (!stopping_ && !ctx->IsCancelled()) cv_.wait_for(lock, std::chrono::milliseconds(50));
    if (ctx->IsCancelled()) ++given_up_;
    return grpc::Status::CANCELLED;
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int streams() const { return streams_; }
  int given_up() const { return given_up_; }

 private:
  Kind kind_ = kMute;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<int> streams_{0}, given_up_{0};
};

// A TCP forwarder to HQ that can go half-open: Freeze() stops moving bytes either way and keeps
// every socket open (the terminal's side stays ESTABLISHED, its writes land in kernel buffers),
// and closes the listener so that a new connection to it is refused.
class FreezableProxy {
 public:
  explicit FreezableProxy(const std::string& target) {
    target_port_ = std::stoi(target.substr(target.rfind(':') + 1));
    listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (listen_ < 0 || ::bind(listen_, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
        ::listen(listen_, 16) != 0 ||
        ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
      return;
    }
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~FreezableProxy() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : fds_) ::close(fd);
    if (listen_ >= 0) ::close(listen_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Chunks moved from HQ to the terminal so far.
  int from_hq() const { return from_hq_; }
  void Freeze() { freeze_ = true; }
  bool frozen() const { return frozen_; }

 private:
  void Run() {
    while (!stop_) {
      if (freeze_ && !frozen_) {
        ::close(listen_);
        listen_ = -1;
        frozen_ = true;
      }
      std::vector<pollfd> p;
      if (!frozen_) {
        p.push_back({listen_, POLLIN, 0});
        for (int fd : fds_) p.push_back({fd, POLLIN, 0});
      }
      // The timeout only bounds how late the thread sees stop_ and freeze_.
      if (::poll(p.data(), p.size(), 50) <= 0 || frozen_) continue;
      if (p[0].revents & POLLIN) Accept();
      for (size_t i = 1; i < p.size(); ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const size_t at = i - 1;  // fds_ holds pairs: terminal side, HQ side
        const int from = fds_[at], to = fds_[at ^ 1];
        char buf[16384];
        ssize_t n = ::read(from, buf, sizeof buf);
        if (n <= 0) {
          ::shutdown(to, SHUT_WR);
          continue;
        }
        if (at % 2 == 1) ++from_hq_;
        for (ssize_t done = 0; done < n;) {
          ssize_t w = ::write(to, buf + done, static_cast<size_t>(n - done));
          if (w <= 0) break;
          done += w;
        }
      }
    }
  }
  void Accept() {
    int client = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    int hq = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(target_port_));
    if (hq < 0 || ::connect(hq, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(client);
      if (hq >= 0) ::close(hq);
      return;
    }
    fds_.push_back(client);
    fds_.push_back(hq);
  }

  int listen_ = -1, port_ = 0, target_port_ = 0;
  std::vector<int> fds_;  // touched by the proxy's thread only, until it is joined
  std::atomic<bool> stop_{false}, freeze_{false}, frozen_{false};
  std::atomic<int> from_hq_{0};
  std::thread thread_;
};

class UplinkFailover : public UplinkTest {
 protected:
  void TearDown() override {
    if (replica_) replica_->Stop();
    UplinkTest::TearDown();
  }

  // A replica on HQ's database and data directory that this test can stop (the rig's own
  // replicas live as long as the rig). Its address.
  Result<std::string> StartStoppableReplica() {
    const std::string port_file = dir_ + "/replica-b.port";
    ProcessOptions so;
    so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        rig_->dsn(),    "--data-dir",
               rig_->data_dir(),   "--listen", "127.0.0.1:0", "--ready-file", port_file};
    so.log_path = dir_ + "/replica-b.log";
    so.parent_death_signal = 9;
    KAKUNIN_ASSIGN_OR_RETURN(auto p, Process::Start(so));
    replica_ = std::move(p);
    if (!WaitFor([&] { return fs::exists(port_file) || !replica_->running(); }, kLong) ||
        !replica_->running()) {
      return MakeError(ErrorCode::kUnavailable, "test.replica",
                       "replica did not start:\n" + replica_->ReadLog());
    }
    int port = 0;
    std::ifstream(port_file) >> port;
    return "127.0.0.1:" + std::to_string(port);
  }
  Result<v1::AgentStatus> WaitInUse(const std::string& server) {
    return agent_->WaitStatus(
        [&](const v1::AgentStatus& s) { return s.connected() && s.server_in_use() == server; },
        kLong);
  }
  std::optional<Process> replica_;
};

TEST_F(UplinkFailover, PassesAClosedPortAndAReplicaThatHangsUpInOneRound) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  BrokenReplica broken(BrokenReplica::kHangsUp);
  const std::string closed = "127.0.0.1:" + std::to_string(FreeTcpPort());
  const std::string real = rig_->address();
  MakeAgent({"--server", closed + "," + broken.address() + "," + real});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();

  auto status = WaitInUse(real);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_EQ(std::vector<std::string>(status->servers().begin(), status->servers().end()),
            (std::vector<std::string>{closed, broken.address(), real}));
  EXPECT_GE(broken.accepted(), 1);  // tried in its turn, not skipped
  RecordAndFindAtHq("via the third address");

  // The log says which address failed and why, and which one is in use; the first round got
  // there (no backoff between addresses).
  const std::string log = agent_->ReadLog();
  const auto connected = log.find("uplink: connected to HQ at " + real);
  ASSERT_NE(connected, std::string::npos) << log;
  EXPECT_NE(log.find("uplink: HQ at " + closed + " failed"), std::string::npos) << log;
  EXPECT_NE(log.find("uplink: HQ at " + broken.address() + " failed"), std::string::npos) << log;
  EXPECT_LT(connected, log.find("no HQ address answered")) << log;

  auto text = RunCommand({KAKUNIN_AGENT_BIN, "status", "--state-dir", state_});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->exit_code, 0) << text->output;
  EXPECT_NE(text->output.find("本部:           接続中（" + real + "）\n"), std::string::npos)
      << text->output;
  EXPECT_NE(
      text->output.find("本部の宛先:     " + closed + ", " + broken.address() + ", " + real + "\n"),
      std::string::npos)
      << text->output;
  nlohmann::json j;
  ASSERT_NO_FATAL_FAILURE(ReadStatusJson(&j));
  EXPECT_EQ(j["server_in_use"], real);
  EXPECT_EQ(j["servers"], nlohmann::json({closed, broken.address(), real}));

  // A second daemon on this terminal's state (run by hand beside the service) is refused
  // plainly; the first keeps its socket and serves on.
  auto second = RunCommand({KAKUNIN_AGENT_BIN, "run", "--state-dir", state_, "--server", real});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->exit_code, 1) << second->output << second->error_output;
  EXPECT_NE(second->error_output.find("常駐サービス（kakunin-agent）はすでに動いています"),
            std::string::npos)
      << second->error_output;
  auto still = agent_->GetStatus();
  ASSERT_TRUE(still.ok()) << still.error().ToString();
  EXPECT_EQ(still->server_in_use(), real);

  // A bad list is refused at start, plainly.
  auto refused = RunCommand(
      {KAKUNIN_AGENT_BIN, "run", "--state-dir", state_, "--server", real + ",hq.example.jp:0"});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->exit_code, 1) << refused->output;
  EXPECT_NE(refused->error_output.find("the port must be a number from 1 to 65535"),
            std::string::npos)
      << refused->error_output;
}

TEST_F(UplinkFailover, AReplicaThatNeverAnswersIsGivenUpAfterTheConnectTimeout) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  BrokenReplica silent(BrokenReplica::kSilent);
  MakeAgent({"--server", silent.address() + "," + rig_->address()});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  // gRPC alone would wait on the handshake for as long as the stream lives (no deadline): the
  // connect timeout (agent/uplink/uplink_client.h, 10 s) gives up on it within this bound.
  ASSERT_TRUE(WaitInUse(rig_->address()).ok());
  EXPECT_NE(agent_->ReadLog().find("uplink: HQ at " + silent.address() + " failed"),
            std::string::npos);
}

// Past the handshake, a replica that takes the stream and never welcomes held the terminal for
// good (its other addresses never tried). The welcome has a deadline (--welcome-timeout-ms).
TEST_F(UplinkFailover, AReplicaThatTakesTheStreamButNeverWelcomesIsGivenUp) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  auto mute = MuteReplica::Start(rig_->data_dir() + "/pki");
  ASSERT_GT(mute->address().size(), std::string("127.0.0.1:").size());
  MakeAgent({"--server", mute->address() + "," + rig_->address(), "--welcome-timeout-ms", "2000"});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitInUse(rig_->address()).ok()) << agent_->ReadLog();
  EXPECT_GE(mute->streams(), 1);  // it was reached, past TLS
  EXPECT_TRUE(WaitFor([&] { return mute->given_up() >= 1; }, kLong));
  EXPECT_NE(agent_->ReadLog().find("uplink: HQ at " + mute->address() +
                                   " did not welcome this terminal within 2000 ms"),
            std::string::npos)
      << agent_->ReadLog();
  RecordAndFindAtHq("after a mute replica");
}

// HQ that welcomes the terminal and then ends the stream with an error (its database busy, a
// batch it cannot store) was reconnected to at the shortest delay every time, since a welcome
// reset the backoff: every terminal with a backlog about once a second. A session that got no
// acknowledgement and lasted under a minute now counts as a failed attempt.
TEST_F(UplinkFailover, AReplicaThatWelcomesAndThenFailsIsReconnectedToWithAGrowingDelay) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  auto flaky = MuteReplica::Start(rig_->data_dir() + "/pki", MuteReplica::kWelcomesThenFails);
  MakeAgent({"--server", flaky->address()});  // backoff from 100 ms, capped at 1,000 ms
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitFor([&] { return flaky->streams() >= 7; }, kLong)) << agent_->ReadLog();
  // The delays the daemon chose, in order: each is a random part (50–100 %) of 100·2^n ms, so
  // from the fifth on at least half the cap. Reset at each welcome, every one was 50–100 ms.
  std::vector<int> delays;
  std::istringstream log(agent_->ReadLog());
  for (std::string line; std::getline(log, line);) {
    const auto at = line.find("reconnecting in ");
    if (at != std::string::npos) delays.push_back(std::atoi(line.c_str() + at + 16));
  }
  ASSERT_GE(delays.size(), 6u) << agent_->ReadLog();
  for (size_t i = 4; i < delays.size(); ++i) EXPECT_GE(delays[i], 500) << "delay " << i;
}

// A half-open connection looked connected until TCP gave up (~15 minutes): results queued, the
// staff window said 接続中. HQ answers every heartbeat (Welcome.echoes_heartbeats), so its
// silence is news: after --hq-silence-ms the terminal connects again, here to its next address.
TEST_F(UplinkFailover, AConnectionThatGoesHalfOpenIsTakenForDeadAfterHqsSilence) {
  ASSERT_NO_FATAL_FAILURE(Enroll());
  FreezableProxy proxy(rig_->address());
  MakeAgent({"--server", proxy.address() + "," + rig_->address(), "--hq-silence-ms", "3000"});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  ASSERT_TRUE(WaitInUse(proxy.address()).ok()) << agent_->ReadLog();
  RecordAndFindAtHq("through the proxy");
  // Heartbeats every 500 ms, echoes at most one a second: twelve chunks from HQ take longer
  // than the 3 s of silence allowed, so an HQ that echoes keeps a quiet stream alive.
  ASSERT_TRUE(WaitFor([&] { return proxy.from_hq() >= 12; }, kLong));
  auto still = agent_->GetStatus();
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->server_in_use(), proxy.address());
  EXPECT_EQ(agent_->ReadLog().find("taken for dead"), std::string::npos) << agent_->ReadLog();

  proxy.Freeze();
  ASSERT_TRUE(WaitFor([&] { return proxy.frozen(); }, kLong));
  auto moved = WaitInUse(rig_->address());
  ASSERT_TRUE(moved.ok()) << agent_->ReadLog();
  EXPECT_NE(agent_->ReadLog().find("uplink: nothing heard from HQ at " + proxy.address() +
                                   " for 3000 ms"),
            std::string::npos)
      << agent_->ReadLog();
  RecordAndFindAtHq("after the proxy went half-open");

  // The silence allowed must leave room for two heartbeats and their echoes.
  auto refused = RunCommand({KAKUNIN_AGENT_BIN, "run", "--state-dir", state_, "--heartbeat-ms",
                             "2000", "--hq-silence-ms", "4000"});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->exit_code, 2) << refused->output << refused->error_output;
  EXPECT_NE(refused->error_output.find("--hq-silence-ms"), std::string::npos)
      << refused->error_output;
  // Unset, it follows long heartbeats (a settings file of an older version still starts): this
  // one gets as far as the missing terminal state.
  auto long_beats = RunCommand(
      {KAKUNIN_AGENT_BIN, "run", "--state-dir", dir_ + "/nowhere", "--heartbeat-ms", "60000"});
  ASSERT_TRUE(long_beats.ok());
  EXPECT_EQ(long_beats->error_output.find("hq-silence"), std::string::npos)
      << long_beats->error_output;
  EXPECT_NE(long_beats->error_output.find("agent.not_enrolled"), std::string::npos)
      << long_beats->error_output;
}

TEST_F(UplinkFailover, EnrolledListIsFollowedInOrderAndThePreferredAddressWinsOnReconnect) {
  auto b = StartStoppableReplica();
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  auto c = rig_->StartReplica();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  const std::string a = rig_->address();
  auto token = rig_->IssueToken("honcho");
  ASSERT_TRUE(token.ok());
  auto enrolled = RunCommand({KAKUNIN_AGENT_BIN, "enroll", "--server", a + "," + *b + "," + *c,
                              "--token", *token, "--ca", rig_->ca_path(), "--state-dir", state_},
                             {}, "", true);
  ASSERT_TRUE(enrolled.ok());
  ASSERT_EQ(enrolled->exit_code, 0) << enrolled->output;
  std::stringstream device;
  device << std::ifstream(state_ + "/device.json").rdbuf();
  auto j = nlohmann::json::parse(device.str(), nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << device.str();
  EXPECT_EQ(j["servers"], nlohmann::json({a, *b, *c}));
  EXPECT_EQ(j["server"], a);  // what an older agent binary reads

  MakeAgent({});
  ASSERT_TRUE(agent_->Start().ok()) << agent_->ReadLog();
  auto status = WaitInUse(a);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_EQ(std::vector<std::string>(status->servers().begin(), status->servers().end()),
            (std::vector<std::string>{a, *b, *c}));

  // The preferred address goes away: the next one in order takes over.
  rig_->StopServer();
  status = WaitInUse(*b);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  RecordAndFindAtHq("while A is down");

  // A is back; B goes away: the reconnect starts again at A (C would be "the next after B").
  ASSERT_TRUE(rig_->StartServer().ok());
  replica_->Stop();
  status = WaitInUse(a);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  RecordAndFindAtHq("back on A");
}

}  // namespace
}  // namespace kakunin::testing
