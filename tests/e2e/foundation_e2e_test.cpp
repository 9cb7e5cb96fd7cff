// Proves the whole path with real parts: the virtual My Number Card on vpcd → a real pcscd →
// kakunin-agent (enroll with a one-time token, then a visual check over PC/SC) → mutual-TLS gRPC
// stream → kakunin-server → PostgreSQL (schema from the versioned migration) → kakunin-console
// rendered offscreen, listing the row, saved as a PNG.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class FoundationE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-e2e");
    ASSERT_FALSE(dir_.empty());
    ::chmod(dir_.c_str(), 0755);  // PostgreSQL runs as an unprivileged user below it
  }
  void TearDown() override {
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // Runs a Kakunin binary and expects exit 0; returns its standard output.
  std::string Run(const std::vector<std::string>& argv, const std::string& input = "",
                  std::map<std::string, std::string> env = {}) {
    auto r = RunCommand(argv, env, input, false, std::chrono::seconds(120));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
    if (!r.ok()) return "";
    EXPECT_EQ(r->exit_code, 0) << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << "\n"
                               << r->output;
    return r->output;
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(FoundationE2E, CardCheckTravelsFromReaderToConsole) {
  // Real pcscd with the vpcd driver, and our virtual card in slot 0.
  auto pcscd = PcscdInstance::Start();
  ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
  ASSERT_TRUE(VcardInstance::InitCa(KAKUNIN_VCARD_BIN, dir_ + "/jpki").ok());
  auto serial = VcardInstance::IssueCard(KAKUNIN_VCARD_BIN, dir_ + "/jpki", "e2e-yamada",
                                         dir_ + "/card.json", {"--pin", "1234"});
  ASSERT_TRUE(serial.ok()) << serial.error().ToString();
  auto vcard = VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/card.json", (*pcscd)->port(0));
  ASSERT_TRUE(vcard.ok()) << vcard.error().ToString();

  // HQ: real PostgreSQL, the server (schema from the versioned migrations), a site, an admin.
  auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "本町薬局");
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  rig_ = std::move(*rig);
  auto token = rig_->IssueToken("honcho");
  ASSERT_TRUE(token.ok());
  ASSERT_EQ(token->size(), 32u);
  const std::string address = rig_->address();
  const std::string ca = rig_->ca_path();

  // The terminal enrolls with the token; the token cannot be used twice.
  const std::string agent = KAKUNIN_AGENT_BIN;
  auto enrolled =
      nlohmann::json::parse(Run({agent, "enroll", "--server", address, "--token", *token, "--ca",
                                 ca, "--state-dir", dir_ + "/agent", "--json"}));
  EXPECT_EQ(enrolled["status"], "active");
  EXPECT_TRUE(fs::exists(dir_ + "/agent/config.json"));  // HQ's settings, fetched at enrollment
  EXPECT_EQ(enrolled["verification_code"].get<std::string>().size(), 7u);  // "123 456"
  auto reused = RunCommand({agent, "enroll", "--server", address, "--token", *token, "--ca", ca,
                            "--state-dir", dir_ + "/agent2", "--json"});
  ASSERT_TRUE(reused.ok());
  EXPECT_NE(reused->exit_code, 0);
  EXPECT_NE(reused->output.find("enroll.token_used"), std::string::npos) << reused->output;

  // A visual check: the card is read over PC/SC and the result acknowledged by the server.
  auto check = nlohmann::json::parse(
      Run({agent, "check", "--mode", "visual", "--state-dir", dir_ + "/agent", "--json"}));
  EXPECT_EQ(check["ok"], true);
  EXPECT_EQ(check["sequence"], 1);
  EXPECT_EQ(check["acked_sequence"], 1);
  EXPECT_EQ(check["reader"], (*pcscd)->reader_name(0));
  EXPECT_FALSE(check["atr"].get<std::string>().empty());

  // The row is in PostgreSQL, with the device the certificate names and the reader used.
  auto row = rig_->pg().Psql("kakunin",
                             "SELECT device_id || '|' || site_id || '|' || sequence || '|' || "
                             "reader_name || '|' || mode FROM check_results WHERE check_id = '" +
                                 check["check_id"].get<std::string>() + "'");
  ASSERT_TRUE(row.ok()) << row.error().ToString();
  EXPECT_EQ(Trim(*row), enrolled["device_id"].get<std::string>() + "|honcho|1|" +
                            (*pcscd)->reader_name(0) + "|1");
  auto version = rig_->pg().PsqlRow("kakunin", "SELECT max(version) FROM schema_migrations");
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(Trim(*version), "20");  // server/migrations/0020_*.sql is the newest

  // The card application holding the individual number was never selected.
  for (const auto& e : (*vcard)->ApduLog()) {
    if (e.dir != "in") continue;
    EXPECT_EQ(e.hex.find("D3 92 10 00 31"), std::string::npos) << e.hex;
  }

  // The console, offscreen, logs in and lists the row; the PNG is kept as an artifact.
  fs::create_directories(KAKUNIN_ARTIFACT_DIR);
  const std::string png = std::string(KAKUNIN_ARTIFACT_DIR) + "/console_results.png";
  fs::remove(png);
  std::string console_out =
      Run({KAKUNIN_CONSOLE_BIN, "--server", address, "--ca", ca, "--login", "admin",
           "--password-stdin", "--screenshot", png},
          std::string(kAdminPassword) + "\n", {{"QT_QPA_PLATFORM", "offscreen"}});
  EXPECT_NE(console_out.find("rows: 1"), std::string::npos) << console_out;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 10000u);
}

}  // namespace
}  // namespace kakunin::testing
