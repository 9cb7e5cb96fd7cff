// Terminal registration and the result stream against a real kakunin-server and PostgreSQL:
// tokens are single-use and expire; a CSR with the wrong key type is refused without burning the
// token; the device is whoever its certificate says; out-of-order and duplicate sequences are
// absorbed; revocation cuts the live stream at once and refuses the next TLS handshake.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "kakunin/v1/agent.grpc.pb.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "server/storage/embedded_postgres.h"
#include "tests/harness/process.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class ServerFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-srv");
    ::chmod(dir_.c_str(), 0755);
    server::EmbeddedPostgresOptions o;
    o.data_dir = dir_ + "/pg";
    auto pg = server::EmbeddedPostgres::Start(o);
    ASSERT_TRUE(pg.ok()) << pg.error().ToString();
    pg_ = pg->release();
    ASSERT_TRUE(pg_->CreateDatabase("kakunin").ok());
    dsn_ = pg_->ConnectionString("kakunin");
    Cli({"site", "add", "--id", "honcho", "--name", "本町薬局", "--auto-approve"});
    auto r = RunCommand({KAKUNIN_SERVER_BIN, "admin", "create", "--db", dsn_, "--login", "admin",
                         "--password-stdin"},
                        {}, "Kakunin2026\n");
    ASSERT_TRUE(r.ok() && r->exit_code == 0);
    ProcessOptions so;
    so.argv = {KAKUNIN_SERVER_BIN, "serve",    "--db",        dsn_,           "--data-dir",
               dir_ + "/server",   "--listen", "127.0.0.1:0", "--ready-file", dir_ + "/port"};
    so.log_path = dir_ + "/server.log";
    auto p = Process::Start(so);
    ASSERT_TRUE(p.ok());
    server_ = new Process(std::move(*p));
    ASSERT_TRUE(WaitFor([] { return fs::exists(dir_ + "/port") || !server_->running(); },
                        std::chrono::seconds(30)));
    ASSERT_TRUE(server_->running()) << server_->ReadLog();
    address_ = "127.0.0.1:" + Trim(ReadAll(dir_ + "/port"));
    ca_pem_ = ReadAll(dir_ + "/server/pki/ca.pem");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete pg_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static std::string Cli(std::vector<std::string> args) {
    std::vector<std::string> argv = {KAKUNIN_SERVER_BIN};
    argv.insert(argv.end(), args.begin(), args.begin() + 2);
    argv.insert(argv.end(), {"--db", dsn_});
    argv.insert(argv.end(), args.begin() + 2, args.end());
    auto r = RunCommand(argv);
    EXPECT_TRUE(r.ok() && r->exit_code == 0) << (r.ok() ? r->output : r.error().ToString());
    return r.ok() ? Trim(r->output) : "";
  }

  static std::shared_ptr<grpc::Channel> Channel(const std::string& key = "",
                                                const std::string& cert = "") {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ca_pem_;
    tls.pem_private_key = key;
    tls.pem_cert_chain = cert;
    return grpc::CreateChannel(address_, grpc::SslCredentials(tls));
  }

  struct Enrolled {
    grpc::Status status;
    v1::EnrollResponse response;
    std::string key_pem;
  };
  enum class Key { kTerminal, kP256, kRsa };
  static Enrolled Enroll(const std::string& token, Key kind = Key::kTerminal) {
    Enrolled e;
    auto key = kind == Key::kRsa    ? crypto::GenerateRsaKey(2048)
               : kind == Key::kP256 ? crypto::GenerateEcP256Key()
                                    : crypto::GenerateTerminalKey();
    auto csr = crypto::MakeCsr(key->get(), {{"CN", "terminal"}});
    v1::EnrollRequest req;
    req.set_token(token);
    req.set_csr_pem(*crypto::CsrToPem(csr->get()));
    req.mutable_facts()->set_hostname("counter-1");
    grpc::ClientContext ctx;
    e.status = v1::AgentService::NewStub(Channel())->Enroll(&ctx, req, &e.response);
    e.key_pem = *crypto::PrivateKeyToPem(key->get());
    return e;
  }

  using Stream = grpc::ClientReaderWriter<v1::AgentMessage, v1::ServerMessage>;
  // The enrolled terminal's stream, its welcome read (the device id checked).
  static std::unique_ptr<Stream> Connect(const Enrolled& dev, grpc::ClientContext* ctx) {
    auto stream = v1::AgentService::NewStub(Channel(dev.key_pem, dev.response.certificate_pem()))
                      ->Connect(ctx);
    v1::ServerMessage m;
    EXPECT_TRUE(stream->Read(&m));
    EXPECT_TRUE(m.has_welcome());
    EXPECT_EQ(m.welcome().device_id(), dev.response.device_id());
    EXPECT_EQ(m.welcome().acked_sequence(), 0u);
    return stream;
  }

  // Sends `batch` and returns the next acknowledgement. Other messages (signed audit heads,
  // settings) may come in between.
  static uint64_t AckAfter(Stream& stream, const v1::AgentMessage& batch) {
    EXPECT_TRUE(stream.Write(batch));
    v1::ServerMessage reply;
    while (stream.Read(&reply) && !reply.has_ack()) {
    }
    EXPECT_TRUE(reply.has_ack());
    return reply.ack().up_to_sequence();
  }

  static v1::AgentMessage Batch(std::initializer_list<uint64_t> seqs) {
    v1::AgentMessage m;
    for (uint64_t s : seqs) {
      auto* r = m.mutable_results()->add_results();
      r->set_sequence(s);
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llx",
                    static_cast<unsigned long long>(s + 1000 * (++batch_counter_)));
      r->set_check_id(id);
      // Checked now: a fixed date falls out of its re-view window as the calendar moves on, and
      // then the server's retention job drops its patient partition under the test.
      r->mutable_checked_at()->set_seconds(std::time(nullptr) + static_cast<int64_t>(s));
      r->set_mode(v1::IDENTITY_MODE_VISUAL);
      r->set_outcome(v1::OUTCOME_ELIGIBLE);
      r->mutable_eligibility()->set_name("山田太郎");  // sealed at rest
    }
    return m;
  }

  static inline std::string dir_, dsn_, address_, ca_pem_;
  static inline server::EmbeddedPostgres* pg_ = nullptr;
  static inline Process* server_ = nullptr;
  static inline int batch_counter_ = 0;
};

TEST_F(ServerFixture, TokensAreSingleUseExpireAndSurviveABadCsr) {
  EXPECT_EQ(Enroll("no-such-token").status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  std::string token = Cli({"token", "issue", "--site", "honcho"});
  auto rsa = Enroll(token, Key::kRsa);
  EXPECT_EQ(rsa.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(rsa.status.error_message().find("crypto.csr_wrong_key_type"), std::string::npos)
      << rsa.status.error_message();

  auto ok = Enroll(token);  // the refused CSR did not consume the token
  ASSERT_TRUE(ok.status.ok()) << ok.status.error_message();
  EXPECT_EQ(ok.response.status(), v1::DEVICE_STATUS_ACTIVE);

  auto reused = Enroll(token);
  EXPECT_EQ(reused.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(reused.status.error_message().find("enroll.token_used"), std::string::npos);

  // Validity outside a minute .. a week is refused (0, negative, overflowing).
  for (const char* ttl : {"0", "-5", "59", "604801", "4294967296"}) {
    auto r = RunCommand(
        {KAKUNIN_SERVER_BIN, "token", "issue", "--db", dsn_, "--site", "honcho", "--ttl", ttl}, {},
        "", true);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->exit_code, 2) << ttl << ": " << r->output;
  }
  // An expired token: issued, then its time moved into the past.
  std::string expired = Cli({"token", "issue", "--site", "honcho", "--ttl", "60"});
  ASSERT_TRUE(pg_->Psql("kakunin",
                        "UPDATE enrollment_tokens SET expires_at = now() - interval '1 second' "
                        "WHERE used_at IS NULL AND expires_at < now() + interval '61 seconds'")
                  .ok());
  auto late = Enroll(expired);
  EXPECT_NE(late.status.error_message().find("enroll.token_expired"), std::string::npos)
      << late.status.error_message();
}

TEST_F(ServerFixture, StreamNeedsACertificateAndAcksWithoutGapsOrDuplicates) {
  {  // No client certificate: refused.
    grpc::ClientContext ctx;
    auto stream = v1::AgentService::NewStub(Channel())->Connect(&ctx);
    v1::ServerMessage m;
    EXPECT_FALSE(stream->Read(&m));
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  auto dev = Enroll(Cli({"token", "issue", "--site", "honcho"}));
  ASSERT_TRUE(dev.status.ok());
  grpc::ClientContext ctx;
  auto stream = Connect(dev, &ctx);
  ASSERT_FALSE(HasFailure());
  // HQ's settings for the terminal follow the welcome.
  v1::ServerMessage m;
  ASSERT_TRUE(stream->Read(&m));
  ASSERT_TRUE(m.has_config());
  EXPECT_EQ(m.config().site_name(), "本町薬局");
  EXPECT_EQ(m.config().default_mode(), v1::IDENTITY_MODE_VISUAL);

  EXPECT_EQ(AckAfter(*stream, Batch({2})), 0u);  // 1 is missing: nothing acknowledged yet
  EXPECT_EQ(AckAfter(*stream, Batch({1})), 2u);  // the gap filled: both durable
  EXPECT_EQ(AckAfter(*stream, Batch({3, 4})), 4u);
  EXPECT_EQ(AckAfter(*stream, Batch({3})), 4u);  // a resend after a lost ack: absorbed
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());

  auto rows = pg_->PsqlRow(
      "kakunin",
      "SELECT count(*) || '|' || count(p.sealed) || '|' || "
      "bool_and(position('山田' in encode(p.sealed, 'escape')) = 0) FROM check_results c "
      "LEFT JOIN check_patient_data p USING (check_id, checked_at) WHERE c.device_id = '" +
          dev.response.device_id() + "'");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(*rows, "4|4|true");  // four rows, all sealed, no plaintext name
}

// Terminals make Ed25519 keys now (the fixture's default); those enrolled before hold P-256 keys
// until their next renewal and must keep streaming.
TEST_F(ServerFixture, ATerminalEnrolledWithAP256KeyStillStreams) {
  auto dev = Enroll(Cli({"token", "issue", "--site", "honcho"}), Key::kP256);
  ASSERT_TRUE(dev.status.ok()) << dev.status.error_message();
  EXPECT_EQ(dev.response.status(), v1::DEVICE_STATUS_ACTIVE);
  grpc::ClientContext ctx;
  auto stream = Connect(dev, &ctx);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(AckAfter(*stream, Batch({1, 2})), 2u);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// The server takes X25519 for the key exchange (common/rpc/tls_key_exchange.cpp): gRPC alone
// would hold it to P-256, and refuse a peer that offers X25519 alone.
TEST_F(ServerFixture, TheServerAgreesOnX25519ForTheKeyExchange) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  ASSERT_TRUE(ctx);
  ASSERT_EQ(SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION), 1);
  ASSERT_EQ(SSL_CTX_set1_groups_list(ctx.get(), "X25519"), 1);
  static const unsigned char kH2[] = {2, 'h', '2'};
  ASSERT_EQ(SSL_CTX_set_alpn_protos(ctx.get(), kH2, sizeof kH2), 0);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new_ssl_connect(ctx.get()), BIO_free_all);
  ASSERT_TRUE(bio);
  BIO_set_conn_hostname(bio.get(), address_.c_str());
  ASSERT_EQ(BIO_do_handshake(bio.get()), 1)
      << "TLS with X25519 alone was refused: " << ERR_error_string(ERR_get_error(), nullptr);
  SSL* ssl = nullptr;
  BIO_get_ssl(bio.get(), &ssl);
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(SSL_get_negotiated_group(ssl), NID_X25519);
}

TEST_F(ServerFixture, RevocationCutsTheLiveStreamAndRefusesTheNext) {
  auto dev = Enroll(Cli({"token", "issue", "--site", "honcho"}));
  ASSERT_TRUE(dev.status.ok());
  auto channel = Channel(dev.key_pem, dev.response.certificate_pem());
  grpc::ClientContext ctx;
  auto stream = v1::AgentService::NewStub(channel)->Connect(&ctx);
  v1::ServerMessage m;
  ASSERT_TRUE(stream->Read(&m));  // welcome
  ASSERT_TRUE(stream->Read(&m));  // config
  ASSERT_TRUE(m.has_config());

  auto console = v1::ConsoleService::NewStub(Channel());
  v1::LoginRequest login;
  login.set_login("admin");
  login.set_password("Kakunin2026");
  v1::LoginResponse session;
  {
    grpc::ClientContext c;
    ASSERT_TRUE(console->Login(&c, login, &session).ok());
  }
  v1::RevokeDeviceRequest revoke;
  revoke.set_device_id(dev.response.device_id());
  revoke.set_reason("stolen terminal");
  v1::Device revoked;
  grpc::ClientContext c;
  c.AddMetadata("authorization", "Bearer " + session.session_token());
  ASSERT_TRUE(console->RevokeDevice(&c, revoke, &revoked).ok());
  EXPECT_EQ(revoked.status(), v1::DEVICE_STATUS_REVOKED);

  // The open stream ends without any further message from the agent. Before the end it may still
  // get a signed audit head, or its settings again: the enrollment's own device event reaches the
  // server's listener asynchronously and re-sends the settings if the stream is already open.
  // Nothing else (no ack, no allowance) arrives.
  while (stream->Read(&m)) EXPECT_TRUE(m.has_audit_head() || m.has_config()) << m.DebugString();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // The next connection is refused during the TLS handshake, before any call is made.
  grpc::ClientContext again;
  again.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto fresh = Channel(dev.key_pem, dev.response.certificate_pem());
  auto next = v1::AgentService::NewStub(fresh)->Connect(&again);
  EXPECT_FALSE(next->Read(&m));
  auto status = next->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_TRUE(
      WaitFor([] { return server_->ReadLog().find("handshake refused") != std::string::npos; },
              std::chrono::seconds(10)))
      << server_->ReadLog();
}

}  // namespace
}  // namespace kakunin::testing
