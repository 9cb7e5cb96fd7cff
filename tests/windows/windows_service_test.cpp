// Proves the Windows service's pieces through their real interfaces, under Wine as on Windows:
// the device key sealed with DPAPI (and an older agent's plain PEM key sealed on first load),
// the state folder's protected DACL as read back from the system, the Event Log sink's
// ReportEventW calls, `service` argument parsing and the command line the SCM runs.
#include "agent/daemon/windows_service.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "agent/cli/service_command.h"
#include "agent/daemon/install_paths.h"
#include "agent/uplink/terminal_state.h"
#include "common/log/event_log_sink_win.h"
#include "common/os/process.h"
#include "common/os/secret.h"
#include "common/os/utf16_win.h"
#include "common/os/win_security.h"

namespace kakunin {
namespace {

constexpr char kPem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spit(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

TEST(SecretTest, DpapiMachineScopeRoundTrip) {
  ASSERT_TRUE(os::SecretsAreSealed());
  auto sealed = os::ProtectSecret(kPem);
  ASSERT_TRUE(sealed.ok()) << sealed.error().ToString();
  EXPECT_EQ(sealed->find("PRIVATE KEY"), std::string::npos) << "the key is not in the clear";
  EXPECT_EQ(sealed->rfind("KAKUNIN-DPAPI-MACHINE-1\n", 0), 0u);
  bool was_plain = true;
  auto opened = os::UnprotectSecret(*sealed, &was_plain);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  EXPECT_EQ(*opened, kPem);
  EXPECT_FALSE(was_plain);
}

TEST(SecretTest, PlainPemComesBackAsPlain) {
  bool was_plain = false;
  auto opened = os::UnprotectSecret(kPem, &was_plain);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, kPem);
  EXPECT_TRUE(was_plain);
}

TEST(SecretTest, ABrokenBlobIsRefused) {
  auto sealed = os::ProtectSecret(kPem);
  ASSERT_TRUE(sealed.ok());
  std::string broken = sealed->substr(0, sealed->size() / 2);
  auto opened = os::UnprotectSecret(broken);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().reason(), "os.secret");
}

class EnrolledStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = os::MakeTempDir("kakunin-service-state");
    Spit(dir_ + "/device.json", R"({"device_id":"dev-1","site_id":"site-1","servers":["hq:443"]})");
    Spit(dir_ + "/device.pem", "CERT\n");
    Spit(dir_ + "/ca.pem", "CA\n");
  }
  void TearDown() override { os::RemoveTree(dir_); }
  std::string dir_;
};

// An agent enrolled before the key was sealed left device.key in plain PEM: it loads, and is
// sealed on disk from then on.
TEST_F(EnrolledStateTest, AnOlderPlainKeyLoadsAndIsSealedInPlace) {
  Spit(dir_ + "/device.key", kPem);
  auto state = agent::LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_EQ(state->key_pem, kPem);
  const std::string on_disk = Slurp(dir_ + "/device.key");
  EXPECT_EQ(on_disk.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(on_disk.rfind("KAKUNIN-DPAPI-MACHINE-1\n", 0), 0u);
  auto again = agent::LoadTerminalState(dir_);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->key_pem, kPem);
}

TEST_F(EnrolledStateTest, SavedAndRenewedKeysAreSealed) {
  Spit(dir_ + "/device.key", kPem);
  auto state = agent::LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(agent::SaveTerminalState(*state).ok());
  EXPECT_EQ(Slurp(dir_ + "/device.key").find("PRIVATE KEY"), std::string::npos);
  const std::string renewed = std::string(kPem) + "\n";  // another key, as far as files go
  ASSERT_TRUE(agent::SaveRenewedCertificate(dir_, renewed, "CERT2\n").ok());
  EXPECT_EQ(Slurp(dir_ + "/device.key").find("PRIVATE KEY"), std::string::npos);
  auto after = agent::LoadTerminalState(dir_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->key_pem, renewed);
  EXPECT_EQ(after->cert_pem, "CERT2\n");
}

// The DACL the state folder gets: protected, exactly SYSTEM, Administrators and LocalService
// with full control inherited inside, nothing for Users, Authenticated Users or Everyone.
void ExpectServiceOnly(const os::DirectoryAcl& acl) {
  EXPECT_TRUE(acl.is_protected);
  std::set<std::string> sids;
  for (const auto& e : acl.entries) {
    SCOPED_TRACE(e.sid);
    EXPECT_TRUE(e.allow);
    EXPECT_EQ(e.mask, static_cast<uint32_t>(FILE_ALL_ACCESS));
    EXPECT_EQ(e.flags & (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE),
              OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE);
    sids.insert(e.sid);
  }
  EXPECT_EQ(sids, (std::set<std::string>{"S-1-5-18", "S-1-5-32-544", "S-1-5-19"}));
  EXPECT_EQ(acl.entries.size(), 3u);
}

TEST(StateDirectoryAclTest, TheAclSetIsServiceOnly) {
  auto acl = os::ServiceDirectoryAcl();
  ASSERT_TRUE(acl.ok()) << acl.error().ToString();
  ExpectServiceOnly(*acl);
}

// Read back from the folder. Excluded under Wine (tests/windows/wine-exclusions.tsv): upstream
// Wine stores no ACL and answers one made from the Unix mode bits.
TEST(StateDirectoryAclTest, ReadBackFromTheFolder) {
  const std::string root = os::MakeTempDir("kakunin-service-acl");
  const std::string dir = root + "\\Kakunin";
  ASSERT_TRUE(agent::EnsureStateDirectory(dir).ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir + "\\logs"));
  auto acl = os::ReadDirectoryAcl(dir);
  ASSERT_TRUE(acl.ok()) << acl.error().ToString();
  ExpectServiceOnly(*acl);
  os::RemoveTree(root);
}

// The installer's key (the enrollment bundle): securing it keeps its values and leaves exactly
// SYSTEM, Administrators and LocalService, nothing inherited (so not Users, who may read
// HKLM\SOFTWARE). Wine's registry stores key security, so this runs there too.
TEST(MachineKeyAclTest, SecuredKeyKeepsItsValuesAndOnlyTheServiceReadsIt) {
  const std::string subkey = "SOFTWARE\\KakuninTest\\Key" + std::to_string(::GetCurrentProcessId());
  const std::wstring wide = os::Widen(subkey);
  ASSERT_EQ(::RegSetKeyValueW(HKEY_LOCAL_MACHINE, wide.c_str(), L"EnrollBundle", REG_SZ,
                              L"kakunin-enroll:v1?x", 20 * sizeof(wchar_t)),
            ERROR_SUCCESS);
  ASSERT_TRUE(os::SecureMachineKey(subkey).ok());
  auto sddl = os::MachineKeySddl(subkey);
  ASSERT_TRUE(sddl.ok()) << sddl.error().ToString();
  EXPECT_EQ(*sddl, "D:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KA;;;LS)");
  wchar_t value[64] = {};
  DWORD size = sizeof value;
  EXPECT_EQ(::RegGetValueW(HKEY_LOCAL_MACHINE, wide.c_str(), L"EnrollBundle", RRF_RT_REG_SZ,
                           nullptr, value, &size),
            ERROR_SUCCESS);
  EXPECT_EQ(std::wstring(value), L"kakunin-enroll:v1?x");
  ASSERT_TRUE(os::SecureMachineKey(subkey).ok()) << "a second install sets the same";
  EXPECT_EQ(*os::MachineKeySddl(subkey), *sddl);
  ::RegDeleteTreeW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\KakuninTest");
  auto gone = os::MachineKeySddl(subkey);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code(), ErrorCode::kNotFound);
  // Installed without BUNDLE: there is no key, and securing it does not make one.
  EXPECT_TRUE(os::SecureMachineKey(subkey).ok());
  EXPECT_EQ(os::MachineKeySddl(subkey).error().code(), ErrorCode::kNotFound);
}

TEST(StaffGroupTest, WellKnownGroupsResolveAndAMissingOneIsNotFound) {
  auto admins = os::LocalGroupSid("Administrators");
  ASSERT_TRUE(admins.ok()) << admins.error().ToString();
  EXPECT_EQ(*admins, "S-1-5-32-544");
  auto none = os::LocalGroupSid("Kakunin Nobody Group");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(none.error().reason(), "os.group");
}

// The endpoint file: the folder's entries stay (inherited) and the staff group may read it.
// Excluded under Wine with the folder's read-back (no stored file ACLs there).
TEST(StaffGroupTest, GrantReadAddsTheGroupAndKeepsTheInheritedEntries) {
  const std::string root = os::MakeTempDir("kakunin-staff-acl");
  const std::string dir = root + "\\Kakunin";
  ASSERT_TRUE(agent::EnsureStateDirectory(dir).ok());
  const std::string file = dir + "\\agent.endpoint";
  Spit(file, "kakunin-local-endpoint 1\n");
  ASSERT_TRUE(os::GrantRead(file, "S-1-5-32-545").ok());
  auto acl = os::ReadDirectoryAcl(file);
  ASSERT_TRUE(acl.ok()) << acl.error().ToString();
  std::set<std::string> sids;
  for (const auto& e : acl->entries) {
    sids.insert(e.sid);
    if (e.sid == "S-1-5-32-545") {
      EXPECT_EQ(e.mask & FILE_WRITE_DATA, 0u);
      EXPECT_NE(e.mask & FILE_READ_DATA, 0u);
    }
  }
  EXPECT_EQ(sids, (std::set<std::string>{"S-1-5-18", "S-1-5-32-544", "S-1-5-19", "S-1-5-32-545"}));
  os::RemoveTree(root);
}

TEST(InstallPathsTest, StateFolderIsUnderProgramData) {
  const std::string program_data = os::ProgramDataDir();
  EXPECT_TRUE(std::filesystem::is_directory(program_data)) << program_data;
  EXPECT_EQ(agent::SystemStateDir(), program_data + "\\Kakunin");
  EXPECT_EQ(agent::SystemConfig(), program_data + "\\Kakunin\\agent.toml");
}

TEST(EventLogSinkTest, WarningsAndErrorsReachReportEvent) {
  auto sink = std::make_shared<EventLogSink>(agent::kServiceNameUtf8);
  sink->set_level(spdlog::level::warn);
  spdlog::logger logger("event-log-test", sink);
  logger.set_level(spdlog::level::info);
  logger.info("ignored by the sink's level");
  logger.warn("テスト警告: 本部に接続できません");
  logger.error("test error {}", 42);
  EXPECT_EQ(sink->reported(), 2u);
  EXPECT_EQ(sink->refused(), 0u);
}

TEST(ServiceArgsTest, EveryVerbAndTheMistakes) {
  using agent::ParseServiceArgs;
  using agent::ServiceVerb;
  EXPECT_EQ(*ParseServiceArgs({"install"}), ServiceVerb::kInstall);
  EXPECT_EQ(*ParseServiceArgs({"uninstall"}), ServiceVerb::kUninstall);
  EXPECT_EQ(*ParseServiceArgs({"start"}), ServiceVerb::kStart);
  EXPECT_EQ(*ParseServiceArgs({"stop"}), ServiceVerb::kStop);
  EXPECT_EQ(*ParseServiceArgs({"status"}), ServiceVerb::kStatus);
  EXPECT_EQ(*ParseServiceArgs({"run"}), ServiceVerb::kRun);
  EXPECT_EQ(*ParseServiceArgs({"--help"}), ServiceVerb::kHelp);
  for (const auto& bad : std::vector<std::vector<std::string>>{{},
                                                               {"restart"},
                                                               {"Install"},
                                                               {"start", "now"},
                                                               {"--state-dir=x"},
                                                               {"install", "--purge"}}) {
    auto r = ParseServiceArgs(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "cli.usage");
  }
}

// The MSI registers the service with the same command line (wixl ServiceInstall, Arguments).
TEST(ServiceCommandLineTest, QuotedExeThenServiceRun) {
  const std::wstring line = agent::ServiceCommandLine();
  ASSERT_GE(line.size(), 15u);
  EXPECT_EQ(line.front(), L'"');
  EXPECT_EQ(line.substr(line.size() - 13), L"\" service run");
  EXPECT_NE(line.find(L".exe\""), std::wstring::npos);
}

}  // namespace
}  // namespace kakunin
