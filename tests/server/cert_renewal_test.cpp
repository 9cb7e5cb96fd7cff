// Device certificate renewal over the authenticated stream, with the agent's own uplink code
// against a real kakunin-server (certificates of 10 days, renewal 30 days before expiry):
// the agent makes a new key pair, gets a new certificate, stores it crash-safely; the server
// keeps accepting the old certificate until the new one is first used, then refuses the old.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/uplink/terminal_state.h"
#include "agent/uplink/uplink_client.h"
#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;

std::string Serial(const std::string& pem) {
  auto cert = crypto::CertificateFromPem(pem);
  return cert.ok() ? crypto::SerialNumberHex(cert->get()) : "";
}

crypto::KeyType KeyTypeOf(const std::string& key_pem) {
  auto key = crypto::PrivateKeyFromPem(key_pem);
  return key.ok() ? crypto::GetKeyType(key->get()) : crypto::KeyType::kOther;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST(CertRenewal, RenewedOverTheStreamStoredSafelyAndTheOldOneRetired) {
  std::string dir = MakeTempDir("kakunin-renew");
  ::chmod(dir.c_str(), 0755);
  auto rig = ServerRig::Start(dir, "honcho", "本町薬局", {"--cert-days", "10"});
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  auto sql = [&](const std::string& q) { return Trim(*(*rig)->pg().Psql("kakunin", q)); };

  agent::EnrollOptions eo;
  eo.servers = {(*rig)->address()};
  eo.token = *(*rig)->IssueToken("honcho");
  eo.ca_file = (*rig)->ca_path();
  eo.state_dir = dir + "/terminal";
  eo.facts.set_hostname("counter-1");
  ASSERT_TRUE(agent::Enroll(eo).ok());
  auto before = agent::LoadTerminalState(eo.state_dir);
  ASSERT_TRUE(before.ok());
  std::string old_serial = Serial(before->cert_pem);
  // Terminals make Ed25519 keys (less for HQ to hold per connection: issue 18).
  EXPECT_EQ(KeyTypeOf(before->key_pem), crypto::KeyType::kEd25519);
  std::string dev = "'" + before->device_id + "'";

  // First delivery: the certificate has 10 days left (< 30): renewed on the way.
  auto r1 = TestTerminal::MakeResult(1, TestTerminal::NewCheckId());
  auto acked = agent::DeliverResults(*before, eo.facts, {r1}, std::chrono::seconds(30));
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 1u);
  auto after = agent::LoadTerminalState(eo.state_dir);
  ASSERT_TRUE(after.ok());
  std::string new_serial = Serial(after->cert_pem);
  EXPECT_NE(new_serial, old_serial);
  EXPECT_NE(after->key_pem, before->key_pem);  // a new key pair, not the old key re-signed
  EXPECT_EQ(KeyTypeOf(after->key_pem), crypto::KeyType::kEd25519);
  EXPECT_EQ(fs::status(eo.state_dir + "/device.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(
      sql("SELECT cert_serial || '|' || renewed_serial FROM devices WHERE device_id = " + dev),
      old_serial + "|" + new_serial);
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE event = 'device.cert_renewed' AND "
                "subject = '" +
                new_serial + "'"),
            "1");

  // The next connection uses the new certificate; from then on the old one is refused.
  auto r2 = TestTerminal::MakeResult(2, TestTerminal::NewCheckId());
  acked = agent::DeliverResults(*after, eo.facts, {r2}, std::chrono::seconds(30),
                                std::chrono::hours(0));
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 2u);
  EXPECT_EQ(sql("SELECT cert_serial || '|' || coalesce(renewed_serial, '-') FROM devices WHERE "
                "device_id = " +
                dev),
            new_serial + "|-");
  TerminalStream old(
      TlsChannel((*rig)->address(), before->ca_pem, before->key_pem, before->cert_pem));
  EXPECT_FALSE(old.Open());
  auto status = old.Close();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(status.error_message().find("device.stale_certificate"), std::string::npos);

  // A renewal cut short between its two renames is finished by the next load.
  std::string copy = dir + "/interrupted";
  fs::copy(eo.state_dir, copy);
  std::ofstream(copy + "/device.pem.next") << before->cert_pem;
  fs::permissions(copy + "/device.key", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(copy + "/device.key") << before->key_pem;  // key renamed, certificate not yet
  auto finished = agent::LoadTerminalState(copy);
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->key_pem, before->key_pem);
  EXPECT_EQ(finished->cert_pem, before->cert_pem);  // a matching pair, never a mix
  EXPECT_FALSE(fs::exists(copy + "/device.pem.next"));

  rig->reset();
  if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir);
}

// HQ restored from a backup taken before a terminal renewed: HQ's row names the older
// certificate, the terminal presents the newer one (TLS verified it as this CA's). HQ takes it,
// audited, instead of refusing the terminal for good as a copy; the older one is then refused.
// One enrolled after the backup is told to enroll again.
TEST(CertRenewal, ARestoreFromBeforeARenewalTakesTheTerminalsNewerCertificate) {
  std::string dir = MakeTempDir("kakunin-adopt");
  ::chmod(dir.c_str(), 0755);
  auto rig = ServerRig::Start(dir, "honcho", "本町薬局", {"--cert-days", "20"});
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  auto sql = [&](const std::string& q) { return Trim(*(*rig)->pg().Psql("kakunin", q)); };
  agent::EnrollOptions eo;
  eo.servers = {(*rig)->address()};
  eo.token = *(*rig)->IssueToken("honcho");
  eo.ca_file = (*rig)->ca_path();
  eo.state_dir = dir + "/terminal";
  eo.facts.set_hostname("counter-1");
  ASSERT_TRUE(agent::Enroll(eo).ok());
  auto before = agent::LoadTerminalState(eo.state_dir);
  ASSERT_TRUE(before.ok());
  const std::string dev = "'" + before->device_id + "'";
  // The row as a backup taken now holds it.
  const std::string backed_up =
      sql("SELECT cert_serial || '|' || cert_not_after FROM devices WHERE device_id = " + dev);
  ASSERT_EQ(sql("SELECT cert_renewed_at IS NULL FROM devices WHERE device_id = " + dev), "t");
  // HQ knows when it issued to the second: the renewal below must come in a later second than
  // the enrollment (a restart of the rig can take less than one).
  const std::time_t enrolled = std::stoll(
      sql("SELECT floor(extract(epoch FROM created_at))::bigint FROM devices WHERE device_id = " +
          dev));
  ASSERT_TRUE(WaitFor([&] { return std::time(nullptr) > enrolled; }, std::chrono::seconds(5)));

  // Renewed and used: HQ holds the new one. HQ now issues shorter certificates (10 days), so
  // the newer one ends before the older: what counts is when each was issued.
  (*rig)->StopServer();
  (*rig)->SetServerArgs({"--cert-days", "10"});
  ASSERT_TRUE((*rig)->StartServer().ok());
  auto r1 = TestTerminal::MakeResult(1, TestTerminal::NewCheckId());
  ASSERT_TRUE(agent::DeliverResults(*before, eo.facts, {r1}, std::chrono::seconds(30)).ok());
  auto after = agent::LoadTerminalState(eo.state_dir);
  ASSERT_TRUE(after.ok());
  const std::string new_serial = Serial(after->cert_pem);
  auto r2 = TestTerminal::MakeResult(2, TestTerminal::NewCheckId());
  ASSERT_TRUE(
      agent::DeliverResults(*after, eo.facts, {r2}, std::chrono::seconds(30), std::chrono::hours(0))
          .ok());
  ASSERT_EQ(sql("SELECT cert_serial FROM devices WHERE device_id = " + dev), new_serial);

  // The restore: the row is the backup's again.
  const size_t bar = backed_up.find('|');
  sql("UPDATE devices SET cert_serial = '" + backed_up.substr(0, bar) + "', cert_not_after = '" +
      backed_up.substr(bar + 1) + "', cert_renewed_at = NULL WHERE device_id = " + dev);
  auto r3 = TestTerminal::MakeResult(3, TestTerminal::NewCheckId());
  auto acked = agent::DeliverResults(*after, eo.facts, {r3}, std::chrono::seconds(30),
                                     std::chrono::hours(0));
  ASSERT_TRUE(acked.ok()) << acked.error().ToString() << (*rig)->ServerLog();
  EXPECT_EQ(*acked, 3u);
  EXPECT_EQ(sql("SELECT cert_serial FROM devices WHERE device_id = " + dev), new_serial);
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE event = 'device.cert_adopted' AND "
                "subject = '" +
                new_serial + "'"),
            "1");
  EXPECT_NE((*rig)->ServerLog().find("as after a restore from a backup"), std::string::npos);
  // The older certificate (a PC put back to an older copy), though it ends later, is still
  // refused as one.
  TerminalStream old(
      TlsChannel((*rig)->address(), before->ca_pem, before->key_pem, before->cert_pem));
  EXPECT_FALSE(old.Open());
  auto status = old.Close();
  EXPECT_NE(status.error_message().find("device.stale_certificate"), std::string::npos)
      << status.error_message();

  // A terminal enrolled after the backup: HQ has no row of it. It is told to enroll again (not
  // "offline"), and HQ's log says so.
  agent::EnrollOptions later = eo;
  later.token = *(*rig)->IssueToken("honcho");
  later.state_dir = dir + "/later";
  ASSERT_TRUE(agent::Enroll(later).ok());
  auto later_state = agent::LoadTerminalState(later.state_dir);
  ASSERT_TRUE(later_state.ok());
  sql("DELETE FROM devices WHERE device_id = '" + later_state->device_id + "'");
  auto r4 = TestTerminal::MakeResult(1, TestTerminal::NewCheckId());
  auto refused = agent::DeliverResults(*later_state, eo.facts, {r4}, std::chrono::seconds(30),
                                       std::chrono::hours(0));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(agent::HqRefusal(refused.error(), *later_state, (*rig)->address()), "device.unknown")
      << refused.error().ToString();
  EXPECT_NE((*rig)->ServerLog().find("device " + later_state->device_id + ": unknown to HQ"),
            std::string::npos);
  rig->reset();
  if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::testing
