// One-step enrollment with a bundle against a real HQ: `kakunin-server token issue
// --bundle-server` prints the bundle; `kakunin-agent enroll --bundle` fetches HQ's CA over TLS,
// trusts it only when its fingerprint matches, and enrolls — no file carried by hand. A bundle
// whose fingerprint does not match is refused before anything is written, an unreachable first
// address falls through to the next (every address is kept), and the token stays one-time.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

class EnrollBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-bundle");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
  }
  void TearDown() override {
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  // A fresh token's bundle for `servers`.
  std::string Bundle(const std::string& servers) {
    auto out = rig_->Cli({"token", "issue"}, {"--site", "honcho", "--bundle-server", servers,
                                              "--data-dir", rig_->data_dir()});
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    if (!out.ok()) return "";
    std::stringstream lines(*out);
    std::string token, bundle;
    std::getline(lines, token);
    std::getline(lines, bundle);
    EXPECT_NE(bundle.find("&token=" + token), std::string::npos) << *out;
    return bundle;
  }
  CommandOutput Enroll(const std::string& bundle, const std::string& state) {
    auto out = RunCommand(
        {KAKUNIN_AGENT_BIN, "enroll", "--bundle", bundle, "--state-dir", state, "--json"});
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : CommandOutput{};
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(EnrollBundleTest, BundleAloneEnrollsAndAWrongFingerprintIsRefused) {
  const std::string bundle = Bundle(rig_->address());
  ASSERT_EQ(bundle.rfind("kakunin-enroll:v1?server=" + rig_->address() + "&ca=sha256:", 0), 0u)
      << bundle;

  // A fingerprint off by one digit: refused, and nothing of an identity is written.
  std::string wrong = bundle;
  const auto at = wrong.find("sha256:") + 7;
  wrong[at] = wrong[at] == '0' ? '1' : '0';
  auto refused = Enroll(wrong, dir_ + "/wrong");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("enroll.ca_mismatch"), std::string::npos) << refused.output;
  // The person at the terminal reads what happened and what to do, in Japanese; the reason id
  // follows for support.
  const std::string said = refused.output + refused.error_output;
  EXPECT_NE(said.find("証明書の指紋が一致しません"), std::string::npos) << said;
  EXPECT_NE(said.find("（詳細: enroll.ca_mismatch"), std::string::npos) << said;
  EXPECT_FALSE(fs::exists(dir_ + "/wrong/device.json"));

  // The right one, with a dead address first: it falls through and enrolls.
  const std::string dead = "127.0.0.1:" + std::to_string(FreeTcpPort());
  const std::string bundle2 = Bundle(dead + "," + rig_->address());
  auto ok = Enroll(bundle2, dir_ + "/store");
  ASSERT_EQ(ok.exit_code, 0) << ok.output << ok.error_output;
  auto j = nlohmann::json::parse(ok.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << ok.output;
  EXPECT_EQ(j["site_id"], "honcho");
  EXPECT_EQ(j["status"], "active");
  // Every address of the bundle is kept, in its order: the daemon fails over between them.
  std::stringstream device;
  device << std::ifstream(dir_ + "/store/device.json").rdbuf();
  auto d = nlohmann::json::parse(device.str(), nullptr, false);
  ASSERT_FALSE(d.is_discarded()) << device.str();
  EXPECT_EQ(d["servers"], nlohmann::json({dead, rig_->address()}));
  auto status = RunCommand({KAKUNIN_AGENT_BIN, "flush", "--state-dir", dir_ + "/store", "--json"});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->exit_code, 0) << status->output;  // the enrolled identity reaches HQ

  // One-time: the same bundle again is refused by HQ.
  auto again = Enroll(bundle2, dir_ + "/again");
  EXPECT_NE(again.exit_code, 0) << again.output;
  EXPECT_NE((again.output + again.error_output).find("この登録トークンは使用済みです"),
            std::string::npos)
      << again.output << again.error_output;
  // Not a bundle at all: a plain refusal.
  auto garbage = Enroll("https://example.jp/enroll", dir_ + "/garbage");
  EXPECT_EQ(garbage.exit_code, 1) << garbage.output;
  EXPECT_NE(garbage.output.find("bundle.malformed"), std::string::npos) << garbage.output;
  EXPECT_NE((garbage.output + garbage.error_output).find("登録用の文字列として読めません"),
            std::string::npos)
      << garbage.output << garbage.error_output;
}

// `--bundle -` reads the bundle from standard input: the token stays off the command line, which
// any account on the PC can read while enroll waits for HQ (an outside review).
TEST_F(EnrollBundleTest, TheBundleFromStandardInputEnrolls) {
  const std::string bundle = Bundle(rig_->address());
  auto out = RunCommand(
      {KAKUNIN_AGENT_BIN, "enroll", "--bundle", "-", "--state-dir", dir_ + "/stdin", "--json"}, {},
      bundle + "\n");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->exit_code, 0) << out->output << out->error_output;
  EXPECT_TRUE(fs::exists(dir_ + "/stdin/device.json"));
}

// `sudo kakunin-agent enroll …` (root, not the service's user) on a PC where the state folder is
// the service's: it would leave root's key there, which the service cannot open, and spend the
// token. Refused before anything is sent, with the command that works; the token still enrolls.
TEST_F(EnrollBundleTest, RootInTheServicesStateFolderIsRefusedAndTheTokenKept) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const std::string state = dir_ + "/service";
  fs::create_directories(state);
  ASSERT_EQ(::chown(state.c_str(), 65534, 65534), 0);  // nobody, as the package's user would own it
  const std::string bundle = Bundle(rig_->address());
  auto refused = Enroll(bundle, state);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  const std::string said = refused.output + refused.error_output;
  EXPECT_NE(said.find("sudo -u nobody kakunin-agent enroll"), std::string::npos) << said;
  EXPECT_FALSE(fs::exists(state + "/device.json"));
  EXPECT_FALSE(fs::exists(state + "/device.key"));
  auto ok = Enroll(bundle, dir_ + "/own");
  EXPECT_EQ(ok.exit_code, 0) << ok.output << ok.error_output;
}

// `token issue` with no --bundle-server takes HQ's addresses from server.toml's `advertise`, as
// the console's bundle does; with no CA to put in the bundle (serve never ran on that data
// folder) it says what to do and issues no token (it printed one, then failed on PEM parsing).
TEST_F(EnrollBundleTest, TokenIssueTakesAdvertiseFromTheSettingsAndNeedsTheCaFirst) {
  const std::string config = dir_ + "/server.toml";
  std::ofstream(config) << "advertise = [\"" << rig_->address() << "\"]\n";
  auto out = rig_->Cli({"token", "issue"},
                       {"--site", "honcho", "--config", config, "--data-dir", rig_->data_dir()});
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  std::stringstream lines(*out);
  std::string token, bundle;
  std::getline(lines, token);
  std::getline(lines, bundle);
  EXPECT_EQ(bundle.rfind("kakunin-enroll:v1?server=" + rig_->address() + "&ca=sha256:", 0), 0u)
      << *out;
  auto ok = Enroll(bundle, dir_ + "/advertised");
  EXPECT_EQ(ok.exit_code, 0) << ok.output << ok.error_output;

  const auto tokens = [&] {
    auto n = rig_->pg().Psql("kakunin", "SELECT count(*) FROM enrollment_tokens");
    return n.ok() ? *n : std::string("?");
  };
  const std::string before = tokens();
  fs::create_directories(dir_ + "/no-ca");
  auto refused = rig_->Cli({"token", "issue"}, {"--site", "honcho", "--bundle-server",
                                                rig_->address(), "--data-dir", dir_ + "/no-ca"});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("先に kakunin-server serve を一度起動する"),
            std::string::npos)
      << refused.error().message();
  EXPECT_EQ(tokens(), before) << "a token was issued although its bundle could not be made";
}

}  // namespace
}  // namespace kakunin::testing
