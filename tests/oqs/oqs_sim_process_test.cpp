// kakunin-oqs-sim as a real process over TLS, with cards made by the real kakunin-vcard CLI:
// the flow the demo and the end-to-end tests use.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto/keys.h"
#include "common/crypto/signing.h"
#include "common/crypto/x509.h"
#include "kakunin/v1/eligibility.grpc.pb.h"
#include "sim/vcard/card_profile.h"
#include "tests/harness/process.h"

namespace kakunin::sim {
namespace {

using namespace std::chrono_literals;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class OqsSimProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("kakunin-oqs-proc");
    std::filesystem::create_directories(dir_ + "/cards");  // the CLI does not create it
    Vcard({"init-ca", "--dir", dir_ + "/ca"});
    Vcard({"issue", "--ca-dir", dir_ + "/ca", "--seed", "yamada-taro", "--out",
           dir_ + "/cards/yamada.json"});
    Vcard({"issue", "--ca-dir", dir_ + "/ca", "--seed", "yoshida-ken", "--out",
           dir_ + "/cards/yoshida.json", "--revoke"});
  }
  void TearDown() override {
    sim_ = testing::Process();
    testing::RemoveTree(dir_);
  }

  void Vcard(std::vector<std::string> args) {
    args.insert(args.begin(), KAKUNIN_VCARD_BIN);
    auto out = testing::RunCommand(args, {}, "", true);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->exit_code, 0) << out->output;
  }

  // Starts the emulator and returns a stub connected over TLS.
  std::unique_ptr<v1::EligibilityService::Stub> Start(std::vector<std::string> extra) {
    std::vector<std::string> argv = {KAKUNIN_OQS_SIM_BIN,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--data-dir",
                                     dir_ + "/oqs",
                                     "--ready-file",
                                     dir_ + "/ready",
                                     "--jpki-ca",
                                     dir_ + "/ca/jpki-ca.pem",
                                     "--crl",
                                     dir_ + "/ca/jpki-crl.pem",
                                     "--cards-dir",
                                     dir_ + "/cards"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto p = testing::Process::Start({.argv = argv, .log_path = dir_ + "/oqs.log"});
    EXPECT_TRUE(p.ok());
    sim_ = std::move(*p);
    EXPECT_TRUE(testing::WaitFor([&] { return std::ifstream(dir_ + "/ready").good(); }, 20s))
        << sim_.ReadLog();
    const int port = std::stoi(Slurp(dir_ + "/ready"));
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = Slurp(dir_ + "/oqs/oqs.pem");
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port),
                                             grpc::SslCredentials(tls), args);
    return v1::EligibilityService::NewStub(channel);
  }

  std::string dir_;
  testing::Process sim_;
};

TEST_F(OqsSimProcessTest, PinCheckOverTlsWithCardsFromTheCli) {
  auto stub = Start({});
  auto card = vcard::LoadCardProfile(dir_ + "/cards/yamada.json");
  ASSERT_TRUE(card.ok());
  grpc::ClientContext c1;
  v1::ChallengeRequest creq;
  v1::Challenge ch;
  ASSERT_TRUE(stub->IssueChallenge(&c1, creq, &ch).ok()) << sim_.ReadLog();
  auto key = crypto::PrivateKeyFromPem(card->auth_key_pem);
  auto cert = crypto::CertificateFromPem(card->auth_cert_pem);
  auto di = crypto::Sha256DigestInfo(crypto::Sha256(ToBytes(ch.nonce())));
  v1::QualificationRequest req;
  req.set_mode(v1::IDENTITY_MODE_PIN);
  req.set_certificate_der(ToString(*crypto::CertificateToDer(cert->get())));
  req.set_challenge_id(ch.challenge_id());
  req.set_signature(ToString(*crypto::RsaSignDigestInfo(key->get(), *di)));
  grpc::ClientContext c2;
  v1::QualificationResponse resp;
  auto s = stub->ConfirmQualification(&c2, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_ELIGIBLE);
  ASSERT_EQ(resp.results_size(), 1);
  EXPECT_EQ(resp.results(0).name(), "山田 太郎");

  grpc::ClientContext c3;
  s = stub->ConfirmQualification(&c3, req, &resp);  // replay
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message().rfind("oqs.challenge_invalid: ", 0), 0u);

  // The CRL written by `kakunin-vcard issue --revoke` is honoured.
  auto revoked = vcard::LoadCardProfile(dir_ + "/cards/yoshida.json");
  auto rcert = crypto::CertificateFromPem(revoked->auth_cert_pem);
  v1::QualificationRequest vreq;
  vreq.set_mode(v1::IDENTITY_MODE_VISUAL);
  vreq.set_certificate_der(ToString(*crypto::CertificateToDer(rcert->get())));
  grpc::ClientContext c4;
  resp.Clear();
  ASSERT_TRUE(stub->ConfirmQualification(&c4, vreq, &resp).ok());
  EXPECT_EQ(resp.outcome(), v1::OUTCOME_CERTIFICATE_REVOKED);
}

TEST_F(OqsSimProcessTest, UnavailableFlagAnswersUnavailable) {
  auto stub = Start({"--unavailable"});
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  v1::ChallengeRequest creq;
  v1::Challenge ch;
  auto s = stub->IssueChallenge(&ctx, creq, &ch);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(s.error_message().rfind("oqs.unavailable: ", 0), 0u) << s.error_message();
}

TEST_F(OqsSimProcessTest, BadStartFilesAndFlagsExitWithOne) {
  auto out = testing::RunCommand({KAKUNIN_OQS_SIM_BIN, "--data-dir", dir_ + "/oqs", "--jpki-ca",
                                  dir_ + "/ca/jpki-ca.pem", "--fail-rate", "2"},
                                 {}, "", true);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 1);
  EXPECT_NE(out->output.find("oqs.bad_flag"), std::string::npos) << out->output;
  out = testing::RunCommand(
      {KAKUNIN_OQS_SIM_BIN, "--data-dir", dir_ + "/oqs", "--jpki-ca", dir_ + "/missing.pem"}, {},
      "", true);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->exit_code, 1);
  EXPECT_NE(out->output.find("oqs.io"), std::string::npos) << out->output;
}

}  // namespace
}  // namespace kakunin::sim
