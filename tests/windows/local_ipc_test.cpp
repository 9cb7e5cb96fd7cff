// Proves the daemon's local endpoint (common/os/local_ipc.h) on the platform it runs on: a
// front-end that goes through ConnectLocal reaches the service, and on Windows (loopback TCP)
// a caller without the endpoint file's secret is refused before the service sees the call.
// A real AgentLocal service (GetStatus only) on a listener in a temporary state folder.
#include "common/os/local_ipc.h"

#include <grpcpp/support/server_interceptor.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/os/process.h"
#include "kakunin/v1/local.grpc.pb.h"

namespace kakunin {
namespace {

class CountingAgent final : public v1::AgentLocal::Service {
 public:
  grpc::Status GetStatus(grpc::ServerContext*, const v1::GetStatusRequest*,
                         v1::AgentStatus* out) override {
    ++calls;
    out->set_device_id("local-ipc-test");
    return grpc::Status::OK;
  }
  std::atomic<int> calls{0};
};

class LocalIpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = os::MakeTempDir("kakunin-local-ipc");
    path_ = dir_ + "/agent.endpoint";
    auto listener = os::LocalListener::Prepare(path_, dir_);
    ASSERT_TRUE(listener.ok()) << listener.error().ToString();
    listener_ = std::move(*listener);
    grpc::ServerBuilder builder;
    listener_->AddTo(builder);
    builder.RegisterService(&agent_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(listener_->Started().ok());
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (listener_) listener_->Remove();
    os::RemoveTree(dir_);
  }

  std::string dir_, path_;
  CountingAgent agent_;
  std::unique_ptr<os::LocalListener> listener_;
  std::unique_ptr<grpc::Server> server_;
};

// GetStatus through `c`, in `ctx` (kept by the caller to Verify the answer).
grpc::Status Call(const os::LocalConnection& c, bool with_secret, v1::AgentStatus* out,
                  grpc::ClientContext& ctx) {
  auto stub = v1::AgentLocal::NewStub(c.channel);
  if (with_secret) c.Prepare(ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return stub->GetStatus(&ctx, v1::GetStatusRequest(), out);
}

grpc::Status Call(const os::LocalConnection& c, bool with_secret, v1::AgentStatus* out) {
  grpc::ClientContext ctx;
  return Call(c, with_secret, out, ctx);
}

TEST_F(LocalIpcTest, AFrontEndReachesTheDaemonThroughTheEndpoint) {
  auto connection = os::ConnectLocal(path_);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  grpc::ClientContext ctx;
  v1::AgentStatus status;
  const grpc::Status rpc = Call(*connection, true, &status, ctx);
  ASSERT_TRUE(rpc.ok()) << rpc.error_message() << " via " << connection->address;
  EXPECT_EQ(status.device_id(), "local-ipc-test");
  EXPECT_EQ(agent_.calls.load(), 1);
  // The answer came from the daemon, and it can show it.
  const Status genuine = connection->Verify(ctx);
  EXPECT_TRUE(genuine.ok()) << genuine.error().ToString();
}

#ifdef _WIN32
TEST_F(LocalIpcTest, ACallWithoutTheSecretIsRefusedBeforeTheService) {
  auto connection = os::ConnectLocal(path_);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  v1::AgentStatus status;
  const grpc::Status bare = Call(*connection, false, &status);
  EXPECT_EQ(bare.error_code(), grpc::StatusCode::UNAUTHENTICATED) << bare.error_message();
  os::LocalConnection wrong = *connection;
  wrong.secret = std::string(wrong.secret.size(), '0');
  const grpc::Status guessed = Call(wrong, true, &status);
  EXPECT_EQ(guessed.error_code(), grpc::StatusCode::UNAUTHENTICATED) << guessed.error_message();
  EXPECT_EQ(agent_.calls.load(), 0);
}

TEST_F(LocalIpcTest, NoEndpointFileMeansNoDaemon) {
  auto connection = os::ConnectLocal(dir_ + "/missing.endpoint");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().reason(), "agent.not_running");
}

// After a crash the endpoint file still names the daemon's port; another local program that takes
// that port answers like the daemon (it needs no secret to answer) and does with what it receives
// all the daemon would (it answers with a proof keyed by the token it was shown), but the token
// is not the secret, so the front-end sends it nothing more (the patient's PIN above all).
class EchoingImpostor final : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      for (const auto& [key, value] : *methods->GetRecvInitialMetadata()) {
        const std::string k(key.data(), key.size()), v(value.data(), value.size());
        if (k == "x-kakunin-local-secret") token_ = v;
        if (k == "x-kakunin-local-nonce") nonce_ = v;
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(
          "x-kakunin-local-proof", os::LocalHmacForTests(token_, "kakunin-local daemon " + nonce_));
    }
    methods->Proceed();
  }

 private:
  std::string token_, nonce_;
};

class EchoingImpostorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo*) override {
    return new EchoingImpostor;
  }
};

TEST_F(LocalIpcTest, AProgramOnAStoppedDaemonsPortCannotPassForTheDaemon) {
  // The stale file holds a daemon's secret (this test's daemon's: the impostor is not told it).
  auto real = os::ConnectLocal(path_);
  ASSERT_TRUE(real.ok());
  CountingAgent impostor;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::experimental::LocalServerCredentials(LOCAL_TCP),
                           &port);
  builder.RegisterService(&impostor);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> echo;
  echo.push_back(std::make_unique<EchoingImpostorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(echo));
  auto server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const std::string stale = dir_ + "/stale.endpoint";
  std::ofstream(stale, std::ios::binary) << "kakunin-local-endpoint 1\n127.0.0.1:" << port << "\n"
                                         << real->secret << "\n";
  auto connection = os::ConnectLocal(stale);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  grpc::ClientContext ctx;
  v1::AgentStatus status;
  ASSERT_TRUE(Call(*connection, true, &status, ctx).ok());
  EXPECT_EQ(impostor.calls.load(), 1);
  EXPECT_FALSE(ctx.GetServerInitialMetadata().empty());  // it did answer with a "proof"
  const Status genuine = connection->Verify(ctx);
  ASSERT_FALSE(genuine.ok());
  EXPECT_EQ(genuine.error().reason(), "agent.not_the_daemon");
  server->Shutdown();
}
#endif

}  // namespace
}  // namespace kakunin
