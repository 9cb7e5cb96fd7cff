// What a stranger's few bytes may cost the server, on a real kakunin-server and PostgreSQL.
// Login and Enroll are open to anyone who reaches the port, before any authentication; two of
// gRPC's defaults let a small request take much more memory than it took to send:
// - a gzip-compressed message is inflated whole before any size check: four Login calls of
//   ≈ 400 KiB on the wire each (a 400 MiB password) took the server from 25 MiB to 837 MiB;
//   now they are refused at their headers and the server does not grow;
// - a TCP connection that never starts its TLS handshake was held for 120 s (≈ 26 KiB each);
//   now the server closes it after 30 s;
// - calls on one connection were unlimited, each open call (a few bytes of HTTP/2 headers)
//   holding ≈ 13 KiB until its client ends it: 20,000 calls that never send their message took
//   the server from 25 MiB to 287 MiB; now a connection carries 16 calls at a time, the rest
//   wait their turn in the stranger's own client, and a terminal elsewhere is still answered.

#include <arpa/inet.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <thread>

#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

// The server's peak resident memory so far, in MiB.
long PeakRssMiB(const ServerRig& rig) { return rig.ServerPeakRssKiB() / 1024; }

// A connection of its own (no shared subchannel), as a stranger: the server's CA, no
// certificate; it may send messages of any size.
std::shared_ptr<grpc::Channel> StrangerChannel(const std::string& address, const std::string& ca) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxSendMessageSize(1 << 30);
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(tls), args);
}

class StrangerMessages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-stranger");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ca_ = hq::ReadFile(rig_->ca_path());
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // A terminal of honcho, enrolled now, with its stream open; null (and a failure) otherwise.
  std::unique_ptr<TerminalStream> OpenTerminalStream() {
    auto token = rig_->IssueToken("honcho");
    EXPECT_TRUE(token.ok()) << token.error().ToString();
    if (!token.ok()) return nullptr;
    auto terminal = TestTerminal::Enroll(rig_->address(), ca_, *token);
    EXPECT_TRUE(terminal.ok()) << terminal.error().ToString();
    if (!terminal.ok()) return nullptr;
    auto stream = terminal->Connect(rig_->address());
    EXPECT_TRUE(stream->Open());
    return stream;
  }

  std::string dir_, ca_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(StrangerMessages, ACompressedMessageIsRefusedBeforeItIsInflated) {
  const long before = PeakRssMiB(*rig_);
  ASSERT_GT(before, 0);
  // Four strangers at once, each on its own connection: a 256 MiB password, gzip on the wire.
  constexpr int kStrangers = 4;
  const std::string password(256 << 20, 'x');
  std::vector<grpc::Status> statuses(kStrangers);
  std::vector<std::thread> strangers;
  for (int i = 0; i < kStrangers; ++i) {
    strangers.emplace_back([&, i] {
      auto stub = v1::ConsoleService::NewStub(StrangerChannel(rig_->address(), ca_));
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
      ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
      v1::LoginRequest req;
      req.set_login("admin");
      req.set_password(password);
      v1::LoginResponse resp;
      statuses[i] = stub->Login(&ctx, req, &resp);
    });
  }
  for (auto& t : strangers) t.join();
  for (const auto& s : statuses) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << s.error_message();
  }
  const long after = PeakRssMiB(*rig_);
  std::printf("server peak RSS: %ld MiB before, %ld MiB after %d compressed 256 MiB logins\n",
              before, after, kStrangers);
  EXPECT_LT(after - before, 64) << "a compressed message was inflated by the server";

  // The same login uncompressed is answered as a login (wrong password), not refused by size or
  // compression: the port still serves strangers their ordinary refusals.
  auto stub = v1::ConsoleService::NewStub(StrangerChannel(rig_->address(), ca_));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::LoginRequest req;
  req.set_login("admin");
  req.set_password("Wrong-password-1");
  v1::LoginResponse resp;
  EXPECT_EQ(stub->Login(&ctx, req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(StrangerMessages, AConnectionThatNeverStartsItsHandshakeIsClosedByTheServer) {
  const std::string address = rig_->address();
  const int port = std::stoi(address.substr(address.rfind(':') + 1));
  const int fd = hq::ConnectLoopback(port);
  ASSERT_GE(fd, 0);
  // Silent from here. The read returns when the server closes the connection; the receive
  // timeout only bounds the test (gRPC's own default would have held it for 120 s).
  timeval limit{.tv_sec = 60, .tv_usec = 0};
  ASSERT_EQ(::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit), 0);
  const auto opened = std::chrono::steady_clock::now();
  char byte;
  const ssize_t n = ::read(fd, &byte, 1);
  const int read_errno = errno;
  const double held_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - opened).count();
  ::close(fd);
  ASSERT_TRUE(n == 0 || (n < 0 && read_errno == ECONNRESET))
      << "the server did not close a silent connection within 60 s (read " << n << ", errno "
      << read_errno << ")";
  std::printf("a silent connection was closed by the server after %.1f s\n", held_s);
}

// With --idle-connection-seconds (here the shortest, 10 s; off by default, since it costs memory
// on every connection) a connection that finished its handshake and opens no call is closed:
// otherwise it stays open for ever, and a stranger can hold connections. A terminal's stream,
// idle as well but an open call, stays and is acknowledged afterwards.
TEST_F(StrangerMessages, AConnectionWithNoCallIsClosedWhileATerminalsStreamStays) {
  rig_->StopServer();
  rig_->SetServerArgs({"--idle-connection-seconds", "10"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto stream = OpenTerminalStream();
  ASSERT_TRUE(stream);

  auto stranger = StrangerChannel(rig_->address(), ca_);
  ASSERT_TRUE(
      stranger->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10)));
  const auto connected = std::chrono::steady_clock::now();
  // Woken by the server's GOAWAY; the deadline only bounds the test.
  ASSERT_TRUE(stranger->WaitForStateChange(
      GRPC_CHANNEL_READY, std::chrono::system_clock::now() + std::chrono::seconds(60)))
      << "a connection with no call was still open after 60 s";
  const double held_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - connected).count();
  EXPECT_NE(stranger->GetState(false), GRPC_CHANNEL_READY);
  EXPECT_GE(held_s, 9.0) << "closed before its idle time";
  std::printf("a connection with no call was closed by the server after %.1f s\n", held_s);

  ASSERT_TRUE(stream->Send({TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}));
  auto acked = stream->WaitAck(1);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 1u);
}

TEST_F(StrangerMessages, CallsThatNeverSendTheirMessageWaitTheirTurnInTheStrangersClient) {
  auto stream = OpenTerminalStream();
  ASSERT_TRUE(stream);
  const long before = PeakRssMiB(*rig_);
  ASSERT_GT(before, 0);

  // One connection, 20,000 Login calls whose message never comes; each ends at its deadline
  // (10 s), at the server too if the server had taken it.
  constexpr int kCalls = 20000;
  auto channel = StrangerChannel(rig_->address(), ca_);
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::GenericClientAsyncReaderWriter>> calls;
  std::vector<grpc::Status> statuses(kCalls);
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  for (int i = 0; i < kCalls; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    contexts.back()->set_deadline(deadline);
    calls.push_back(
        stub.PrepareCall(contexts.back().get(), "/kakunin.v1.ConsoleService/Login", &cq));
    calls.back()->StartCall(nullptr);
    calls.back()->Finish(&statuses[i], reinterpret_cast<void*>(static_cast<intptr_t>(i + 1)));
  }

  // While they are open, the terminal's result is stored and acknowledged as usual.
  ASSERT_TRUE(stream->Send({TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}));
  auto ack = stream->WaitAck(1);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_EQ(*ack, 1u);

  // Every call ends (its start, then its status), none of them with an answer from the server.
  int finished = 0;
  void* tag;
  bool ok;
  while (finished < kCalls && cq.Next(&tag, &ok)) {
    if (tag != nullptr) ++finished;
  }
  ASSERT_EQ(finished, kCalls);
  int deadline_exceeded = 0;
  for (const auto& s : statuses) {
    if (s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) ++deadline_exceeded;
  }
  EXPECT_EQ(deadline_exceeded, kCalls);

  const long after = PeakRssMiB(*rig_);
  std::printf("server peak RSS: %ld MiB before, %ld MiB with %d open calls on one connection\n",
              before, after, kCalls);
  EXPECT_LT(after - before, 64) << "open calls on one connection took the server's memory";

  // The terminal's stream outlived the flood.
  ASSERT_TRUE(stream->Send({TestTerminal::MakeResult(2, TestTerminal::NewCheckId())}));
  ack = stream->WaitAck(2);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_TRUE(stream->Close().ok());
  calls.clear();
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

}  // namespace
}  // namespace kakunin::testing
