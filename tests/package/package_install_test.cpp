// The Debian packages as an administrator installs them (issue 16): `dpkg -i` on this machine,
// the installed units' ExecStart run as their User= with the installed configuration files
// (edited the way deploy/README.md tells), a terminal enrolled with a bundle, a check with the
// virtual card through the installed daemon, asked for by a staff account that reaches the
// socket only through the kakunin-agent group; then `dpkg --purge`, after which nothing of
// Kakunin's is left except the system users Debian policy keeps.
// Needs root (dpkg). The packages come from the package_build fixture (build/packages).

#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "server/storage/embedded_postgres.h"
#include "tests/agent/oqs_sim.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"
#include "tests/harness/process.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;
using hq::ReadFile;
using std::chrono::seconds;

const std::vector<std::string> kPackages = {"kakunin-server", "kakunin-agent", "kakunin-station",
                                            "kakunin-console"};
constexpr char kStaff[] = "kkn-pkgtest-staff";
constexpr char kStranger[] = "kkn-pkgtest-other";

CommandOutput RunCmd(const std::vector<std::string>& argv, const std::string& input = "") {
  auto out = RunCommand(argv, {}, input, /*merge_stderr=*/false, std::chrono::seconds(300));
  if (!out.ok()) {
    CommandOutput failed;
    failed.error_output = out.error().ToString();
    return failed;
  }
  return *out;
}

// `argv` as `user`, reading the installed /etc/kakunin files as an administrator's commands do
// (tests/run.sh points every other test away from them).
std::vector<std::string> As(const std::string& user, std::vector<std::string> argv) {
  argv.insert(argv.begin(), {"env", "-u", "KAKUNIN_CONFIG", "-u", "KAKUNIN_AGENT_CONFIG", "runuser",
                             "-u", user, "--"});
  return argv;
}

// Every path on the system that carries Kakunin's name, outside the build and temp trees.
std::set<std::string> KakuninPaths() {
  auto out =
      RunCmd({"find", "/etc", "/usr", "/lib", "/var", "/opt", "/srv", "/run", "-xdev", "-name",
              "*kakunin*", "-not", "-path", "/var/tmp/*", "-not", "-path", "/var/cache/*"});
  std::set<std::string> paths;
  std::istringstream lines(out.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) paths.insert(line);
  }
  return paths;
}

// One key in an installed TOML file set the way an administrator edits it: the template's
// commented line `# key = default` (dashes or underscores) becomes `key = value`.
bool SetTomlKey(const std::string& path, const std::string& key, const std::string& value) {
  std::string under = key;
  std::replace(under.begin(), under.end(), '-', '_');
  std::string dash = key;
  std::replace(dash.begin(), dash.end(), '_', '-');
  std::regex line("^#?\\s*(" + under + "|" + dash + ")\\s*=.*$");
  std::istringstream in(ReadFile(path));
  std::ostringstream out;
  bool done = false;
  for (std::string l; std::getline(in, l);) {
    if (!done && std::regex_match(l, line)) {
      l = under + " = " + value;
      done = true;
    }
    out << l << "\n";
  }
  if (done) std::ofstream(path, std::ios::trunc) << out.str();
  return done;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

struct Unit {
  std::string user;
  std::vector<std::string> exec_start;
  std::string working_dir;
};

// User=, WorkingDirectory= and ExecStart= from an installed unit file (no systemd in CI).
Unit ParseUnit(const std::string& path) {
  Unit u;
  std::istringstream in(ReadFile(path));
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("User=", 0) == 0) u.user = l.substr(5);
    if (l.rfind("WorkingDirectory=", 0) == 0) u.working_dir = l.substr(17);
    if (l.rfind("ExecStart=", 0) == 0) {
      std::istringstream words(l.substr(10));
      for (std::string w; words >> w;) u.exec_start.push_back(w);
    }
  }
  return u;
}

bool ReadyzOk(int port) {
  auto r = hq::HttpGet(port, "/readyz");
  return r.ok() && r->status == 200;
}

class PackageInstall : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0u) << "installs packages with dpkg: run as root (tests/run.sh does)";
    for (const auto& p : kPackages) {
      debs_.push_back("");
      for (const auto& e : fs::directory_iterator(KAKUNIN_PACKAGE_DIR)) {
        if (e.path().filename().string().rfind(p + "_", 0) == 0) debs_.back() = e.path();
      }
      ASSERT_FALSE(debs_.back().empty()) << "no " << p << " package in " << KAKUNIN_PACKAGE_DIR;
    }
    Purge();  // a run that died half-way must not decide this one
    RemoveTestUsers();
    before_ = KakuninPaths();
    dir_ = MakeTempDir("kakunin-pkg");
    ::chmod(dir_.c_str(), 0755);  // the daemons' users read the emulator's CA here
  }
  void TearDown() override {
    if (HasFailure()) {
      if (server_) std::cerr << "server log:\n" << server_->ReadLog();
      if (agent_) std::cerr << "agent log:\n" << agent_->ReadLog();
    }
    if (agent_) agent_->Stop();
    if (server_) server_->Stop();
    vcard_.reset();
    if (oqs_) oqs_->process.Stop();
    pcscd_.reset();
    pg_.reset();
    Purge();
    RemoveTestUsers();
    if (!HasFailure()) RemoveTree(dir_);
  }

  void Purge() {
    RunCmd({"dpkg", "--purge", kPackages[0], kPackages[1], kPackages[2], kPackages[3]});
  }
  static void RemoveTestUsers() {
    for (const char* u : {kStaff, kStranger}) {
      if (::getpwnam(u)) RunCmd({"userdel", u});
    }
  }

  // Starts a unit's ExecStart as its User=, in its WorkingDirectory, stopped by PID.
  std::optional<Process> StartUnit(const std::string& unit_path, const std::string& log) {
    Unit u = ParseUnit(unit_path);
    EXPECT_FALSE(u.user.empty()) << unit_path;
    EXPECT_FALSE(u.exec_start.empty()) << unit_path;
    const passwd* pw = ::getpwnam(u.user.c_str());
    EXPECT_NE(pw, nullptr) << u.user;
    if (!pw) return std::nullopt;
    ProcessOptions o;
    o.argv = u.exec_start;
    o.uid = pw->pw_uid;  // the unit's users have no supplementary groups
    o.gid = pw->pw_gid;
    o.working_dir = u.working_dir;
    o.log_path = dir_ + "/" + log;
    auto p = Process::Start(o);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().ToString());
    if (!p.ok()) return std::nullopt;
    return std::move(*p);
  }

  std::vector<std::string> debs_;
  std::set<std::string> before_;
  std::string dir_;
  std::unique_ptr<server::EmbeddedPostgres> pg_;
  std::unique_ptr<PcscdInstance> pcscd_;
  std::unique_ptr<VcardInstance> vcard_;
  std::optional<OqsSim> oqs_;
  std::optional<Process> server_, agent_;
};

TEST_F(PackageInstall, InstallEnrollCheckAndPurge) {
  // --- install ---------------------------------------------------------------------------------
  std::vector<std::string> install = {"dpkg", "-i"};
  install.insert(install.end(), debs_.begin(), debs_.end());
  auto dpkg = RunCmd(install);
  ASSERT_EQ(dpkg.exit_code, 0) << dpkg.output << dpkg.error_output;

  // The system users, and directories with the modes the packages promise.
  // getpwnam's answer is overwritten by the next call: copy what is needed at once.
  const passwd* pw = ::getpwnam("kakunin");
  ASSERT_NE(pw, nullptr);
  const uid_t server_uid = pw->pw_uid;
  pw = ::getpwnam("kakunin-agent");
  ASSERT_NE(pw, nullptr);
  const uid_t agent_uid = pw->pw_uid;
  const gid_t agent_gid = pw->pw_gid;
  struct Expect {
    const char* path;
    unsigned mode;
    uid_t uid;
  };
  for (const Expect& e :
       {Expect{"/var/lib/kakunin", 0700, server_uid},
        Expect{"/var/backups/kakunin", 0700, server_uid},
        Expect{"/var/lib/kakunin-agent", 0700, agent_uid},
        Expect{"/run/kakunin-agent", 0750, agent_uid}, Expect{"/etc/kakunin/server.toml", 0640, 0},
        Expect{"/etc/kakunin/agent.toml", 0640, 0}}) {
    struct stat st {};
    ASSERT_EQ(::stat(e.path, &st), 0) << e.path;
    EXPECT_EQ(st.st_mode & 07777, e.mode) << e.path;
    EXPECT_EQ(st.st_uid, e.uid) << e.path;
  }
  for (const char* bin :
       {"/usr/bin/kakunin-server", "/usr/bin/kakunin-agent", "/usr/bin/kakunin-station",
        "/usr/bin/kakunin-console", "/usr/share/kakunin/programmes.json",
        "/usr/share/applications/kakunin-station.desktop",
        "/usr/share/applications/kakunin-console.desktop",
        "/usr/share/man/man1/kakunin-agent.1.gz"}) {
    EXPECT_TRUE(fs::exists(bin)) << bin;
  }
  // Each program names the release its package carries (the upstream part of the version).
  for (const char* name :
       {"kakunin-server", "kakunin-agent", "kakunin-station", "kakunin-console"}) {
    auto owner = RunCmd({"dpkg-query", "-S", std::string("/usr/bin/") + name});
    ASSERT_EQ(owner.exit_code, 0) << owner.output << owner.error_output;
    const std::string package = owner.output.substr(0, owner.output.find(':'));
    auto version = RunCmd({"dpkg-query", "-W", "-f=${Version}", package});
    ASSERT_EQ(version.exit_code, 0) << version.error_output;
    const std::string upstream = version.output.substr(0, version.output.find('-'));
    ASSERT_FALSE(upstream.empty()) << package;
    auto told = RunCmd({std::string("/usr/bin/") + name, "--version"});
    EXPECT_EQ(told.exit_code, 0) << told.error_output;
    EXPECT_EQ(told.output, std::string(name) + " " + upstream + "\n") << package;
  }
  // Each man page points at its package's README, which is where it says.
  for (const char* name : {"kakunin-server", "kakunin-agent"}) {
    auto page =
        RunCmd({"sh", "-c",
                std::string("zcat /usr/share/man/man1/") + name + ".1.gz | grep /usr/share/doc/"});
    const std::string readme = std::string("/usr/share/doc/") + name + "/README.md";
    EXPECT_NE(page.output.find(readme), std::string::npos) << page.output;
    EXPECT_TRUE(fs::exists(readme)) << readme;
    // What README.md sends its reader to is beside it (the install steps, the packages' notes).
    for (const char* beside : {"GUIDE.md", "PACKAGES.md"}) {
      EXPECT_TRUE(fs::exists(std::string("/usr/share/doc/") + name + "/" + beside)) << beside;
    }
    // In English in man1, in Japanese where `man` looks under a Japanese locale.
    auto en = RunCmd({"sh", "-c", std::string("zcat /usr/share/man/man1/") + name + ".1.gz"});
    auto ja = RunCmd({"sh", "-c", std::string("zcat /usr/share/man/ja/man1/") + name + ".1.gz"});
    EXPECT_NE(en.output.find("Usage: "), std::string::npos) << en.output;
    EXPECT_NE(ja.output.find("使い方: "), std::string::npos) << ja.output;
  }
  // Every page, in both languages, sends its reader only to documents that are installed (the
  // console's and the staff window's packages hold no README); the console's names the CA it
  // reads.
  for (const char* name :
       {"kakunin-server", "kakunin-agent", "kakunin-station", "kakunin-console"}) {
    for (const char* dir : {"man1", "ja/man1"}) {
      const std::string page = std::string("/usr/share/man/") + dir + "/" + name + ".1.gz";
      auto named = RunCmd({"sh", "-c",
                           "zcat " + page +
                               " | sed -n '/^.SH FILES/,$p' | grep -o '/usr/share/doc/[^ ]*' "
                               "|| true"});
      std::istringstream paths(named.output);
      for (std::string path; std::getline(paths, path);) {
        EXPECT_TRUE(fs::exists(path)) << page << " names " << path;
      }
    }
  }
  auto console_page = RunCmd({"sh", "-c", "zcat /usr/share/man/man1/kakunin-console.1.gz"});
  EXPECT_NE(console_page.output.find("/etc/kakunin/ca.pem"), std::string::npos)
      << console_page.output;
  // The installed settings files explain themselves in Japanese.
  for (const char* toml : {"/etc/kakunin/server.toml", "/etc/kakunin/agent.toml"}) {
    auto text = RunCmd({"cat", toml});
    EXPECT_NE(text.output.find("# 既定値: "), std::string::npos) << toml << "\n" << text.output;
  }
  // The settings are conffiles: dpkg keeps an administrator's edits on upgrade.
  auto conffiles =
      RunCmd({"dpkg-query", "-W", "-f=${Conffiles}\n", "kakunin-server", "kakunin-agent"});
  EXPECT_NE(conffiles.output.find("/etc/kakunin/server.toml"), std::string::npos);
  EXPECT_NE(conffiles.output.find("/etc/kakunin/agent.toml"), std::string::npos);

  // The units are valid for this systemd.
  auto verify = RunCmd({"systemd-analyze", "verify", "/lib/systemd/system/kakunin-server.service",
                        "/lib/systemd/system/kakunin-agent.service",
                        "/lib/systemd/system/kakunin-backup.service",
                        "/lib/systemd/system/kakunin-backup.timer"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output << verify.error_output;
  // And hardened: systemd's own exposure rating (0 = locked down … 10 = exposed) stays low.
  for (const char* unit :
       {"kakunin-server.service", "kakunin-agent.service", "kakunin-backup.service"}) {
    auto security = RunCmd({"systemd-analyze", "security", "--offline=true",
                            std::string("/lib/systemd/system/") + unit});
    std::smatch m;
    const std::string text = security.output + security.error_output;
    ASSERT_TRUE(
        std::regex_search(text, m, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")))
        << text;
    EXPECT_LE(std::stod(m[1]), 2.0) << unit << "\n" << text;
    // No core dump of a process holding patient data and keys (privacy review).
    auto limit = RunCmd({"grep", "-x", "LimitCORE=0", std::string("/lib/systemd/system/") + unit});
    EXPECT_EQ(limit.exit_code, 0) << unit;
  }

  // --- HQ: a database, the installed server.toml edited, the unit's command line ----------------
  server::EmbeddedPostgresOptions pgo;
  pgo.data_dir = dir_ + "/pg";
  pgo.listen_tcp = true;
  auto pg = server::EmbeddedPostgres::Start(pgo);
  ASSERT_TRUE(pg.ok()) << pg.error().ToString();
  pg_ = std::move(*pg);
  ASSERT_TRUE(pg_->CreateDatabase("kakunin").ok());
  // Over TCP: the test's socket folder is not the server's user's to enter.
  const std::string dsn = std::regex_replace(pg_->ConnectionString("kakunin"),
                                             std::regex("host=\\S+"), "host=127.0.0.1");
  const int port = FreeTcpPort();
  const int metrics_port = FreeTcpPort();
  const std::string hq = "127.0.0.1:" + std::to_string(port);
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/server.toml", "db", Quoted(dsn)));
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/server.toml", "listen", Quoted(hq)));
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/server.toml", "metrics-listen",
                         Quoted("127.0.0.1:" + std::to_string(metrics_port))));

  // The installed server reports where each setting came from.
  auto printed = RunCmd(As("kakunin", {"/usr/bin/kakunin-server", "serve", "--config",
                                       "/etc/kakunin/server.toml", "--print-config"}));
  ASSERT_EQ(printed.exit_code, 0) << printed.error_output;
  EXPECT_NE(printed.output.find("/etc/kakunin/server.toml:"), std::string::npos) << printed.output;
  EXPECT_NE(printed.output.find("/var/lib/kakunin"), std::string::npos) << printed.output;

  server_ = StartUnit("/lib/systemd/system/kakunin-server.service", "server.log");
  ASSERT_TRUE(server_);
  ASSERT_TRUE(WaitFor([&] { return ReadyzOk(metrics_port) || !server_->running(); }, seconds(60)));
  ASSERT_TRUE(server_->running());
  EXPECT_TRUE(fs::exists("/var/lib/kakunin/pki/ca.pem"));  // its state where the unit says

  // HQ's administrator: a store and a bundle for its terminal, with no flags for the database or
  // the data directory: the commands read them from the installed server.toml.
  auto admin = RunCmd(As("kakunin", {"/usr/bin/kakunin-server", "admin", "create", "--login",
                                     "admin", "--password-stdin"}),
                      "Kakunin2026\n");
  ASSERT_EQ(admin.exit_code, 0) << admin.output << admin.error_output;
  auto site =
      RunCmd(As("kakunin", {"/usr/bin/kakunin-server", "site", "add", "--id", "honcho", "--name",
                            "本町薬局", "--code", "1341234566", "--auto-approve"}));
  ASSERT_EQ(site.exit_code, 0) << site.output << site.error_output;
  auto token = RunCmd(As("kakunin", {"/usr/bin/kakunin-server", "token", "issue", "--site",
                                     "honcho", "--bundle-server", hq}));
  ASSERT_EQ(token.exit_code, 0) << token.output << token.error_output;
  // The same as root is refused with the command that works: it would have started PostgreSQL
  // as another user and handed it the service's folder.
  auto as_root = RunCmd({"env", "-u", "KAKUNIN_CONFIG", "/usr/bin/kakunin-server", "token", "issue",
                         "--site", "honcho", "--bundle-server", hq});
  EXPECT_EQ(as_root.exit_code, 1) << as_root.output << as_root.error_output;
  EXPECT_NE(as_root.error_output.find("sudo -u kakunin kakunin-server"), std::string::npos)
      << as_root.error_output;
  std::istringstream token_lines(token.output);
  std::string token_text, bundle;
  std::getline(token_lines, token_text);
  std::getline(token_lines, bundle);
  ASSERT_EQ(bundle.rfind("kakunin-enroll:v1?", 0), 0u) << token.output;

  // --- the store: card reader, eligibility service, agent.toml, enrollment, the unit ----------
  auto pcscd = PcscdInstance::Start();
  ASSERT_TRUE(pcscd.ok()) << pcscd.error().ToString();
  pcscd_ = std::move(*pcscd);
  auto issued = IssueYamadaCard(KAKUNIN_VCARD_BIN, dir_);
  ASSERT_TRUE(issued.ok()) << issued.error().ToString();
  auto oqs = StartOqsSim(KAKUNIN_OQS_BIN, dir_, *issued, dir_ + "/cards");
  ASSERT_TRUE(oqs.ok()) << oqs.error().ToString();
  oqs_.emplace(std::move(*oqs));
  ::chmod((dir_ + "/oqs").c_str(), 0755);
  ::chmod(oqs_->ca_path.c_str(), 0644);
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/agent.toml", "oqs", Quoted(oqs_->address)));
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/agent.toml", "oqs-ca", Quoted(oqs_->ca_path)));
  ASSERT_TRUE(SetTomlKey("/etc/kakunin/agent.toml", "reader", Quoted("Virtual PCD 00 00")));

  auto enroll = RunCmd(
      As("kakunin-agent", {"/usr/bin/kakunin-agent", "enroll", "--bundle", bundle, "--json"}));
  ASSERT_EQ(enroll.exit_code, 0) << enroll.output << enroll.error_output;
  EXPECT_TRUE(fs::exists("/var/lib/kakunin-agent/device.pem"));

  agent_ = StartUnit("/lib/systemd/system/kakunin-agent.service", "agent.log");
  ASSERT_TRUE(agent_);
  // The daemon serves once it opens its folder to the group (0750); the socket is 0660 by then.
  auto serving = [] {
    struct stat dir {};
    return ::stat("/run/kakunin-agent", &dir) == 0 && (dir.st_mode & 0777) == 0750 &&
           fs::exists("/run/kakunin-agent/agent.sock");
  };
  ASSERT_TRUE(WaitFor([&] { return serving() || !agent_->running(); }, seconds(30)));
  ASSERT_TRUE(agent_->running());
  struct stat sock {};
  ASSERT_EQ(::stat("/run/kakunin-agent/agent.sock", &sock), 0);
  EXPECT_EQ(sock.st_mode & 0777, 0660u);
  EXPECT_EQ(sock.st_gid, agent_gid);

  // A staff account in the kakunin-agent group reaches the daemon; another account does not.
  ASSERT_EQ(RunCmd({"useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups",
                    "kakunin-agent", kStaff})
                .exit_code,
            0);
  ASSERT_EQ(
      RunCmd({"useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", kStranger}).exit_code,
      0);
  CommandOutput status;
  ASSERT_TRUE(WaitFor(
      [&] {
        status = RunCmd(As(kStaff, {"/usr/bin/kakunin-agent", "status", "--json"}));
        return status.exit_code == 0 &&
               nlohmann::json::parse(status.output, nullptr, false).value("connected", false);
      },
      seconds(30)))
      << status.output << status.error_output;
  auto refused = RunCmd(As(kStranger, {"/usr/bin/kakunin-agent", "status", "--json"}));
  EXPECT_NE(refused.exit_code, 0) << refused.output;

  // --- a check at the counter, end to end ------------------------------------------------------
  auto vcard =
      VcardInstance::Start(KAKUNIN_VCARD_BIN, dir_ + "/cards/yamada-taro.json", pcscd_->port(0));
  ASSERT_TRUE(vcard.ok()) << vcard.error().ToString();
  vcard_ = std::move(*vcard);
  ASSERT_TRUE(pcscd_->WaitForCard(0, true).ok());
  auto check =
      RunCmd(As(kStaff, {"/usr/bin/kakunin-agent", "check", "--mode", "visual", "--json"}));
  ASSERT_EQ(check.exit_code, 0) << check.output << check.error_output;
  auto result = nlohmann::json::parse(check.output, nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << check.output;
  const std::string check_id = result.value("check_id", "");
  ASSERT_FALSE(check_id.empty()) << check.output;
  EXPECT_EQ(result.value("via", ""), "daemon") << check.output;
  EXPECT_EQ(result.value("outcome", ""), "eligible") << check.output;
  // The result reached HQ's database through the installed server.
  std::string stored;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto row = pg_->Psql(
            "kakunin", "SELECT count(*) FROM check_results WHERE check_id = '" + check_id + "'");
        stored = row.ok() ? *row : row.error().ToString();
        return stored.find('1') != std::string::npos;
      },
      seconds(30)))
      << stored;

  // --- the nightly backup, as its unit runs it (the timer only starts it) ---------------------
  // Before the passphrase file exists, the unit runs and fails, saying what to do: a backup
  // that was never set up is not skipped in silence.
  {
    std::error_code ec;
    fs::remove("/etc/kakunin/backup.pass", ec);  // purge keeps it: a run that died half-way
    auto unset = StartUnit("/lib/systemd/system/kakunin-backup.service", "backup-unset.log");
    ASSERT_TRUE(unset);
    EXPECT_EQ(unset->Wait(seconds(120)).value_or(-1), 1) << unset->ReadLog();
    const std::string log = unset->ReadLog();
    EXPECT_NE(log.find("backup.no_passphrase"), std::string::npos) << log;
    EXPECT_NE(log.find("sudo install -m 600 -o kakunin /dev/null /etc/kakunin/backup.pass"),
              std::string::npos)
        << log;
    EXPECT_TRUE(fs::is_empty("/var/backups/kakunin")) << "a failed run leaves no folder";
  }
  {
    std::ofstream("/etc/kakunin/backup.pass") << "kinmokusei no kaori 2026\n";
    ASSERT_EQ(::chown("/etc/kakunin/backup.pass", server_uid, static_cast<gid_t>(-1)), 0);
    ::chmod("/etc/kakunin/backup.pass", 0600);
  }
  for (int night = 0; night < 2; ++night) {
    auto backup = StartUnit("/lib/systemd/system/kakunin-backup.service", "backup.log");
    ASSERT_TRUE(backup);
    EXPECT_EQ(backup->Wait(seconds(120)).value_or(-1), 0) << backup->ReadLog();
  }
  std::vector<fs::path> nights;
  for (const auto& e : fs::directory_iterator("/var/backups/kakunin")) nights.push_back(e.path());
  ASSERT_EQ(nights.size(), 2u);
  // Each night is recorded where the running server reads it (its gauge, the console).
  auto recorded = pg_->Psql("kakunin", "SELECT count(*) FROM backups WHERE sealed");
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(hq::Trim(*recorded), "2");
  for (const auto& night : nights) {
    EXPECT_TRUE(fs::exists(night / "MANIFEST.json")) << night;
    EXPECT_TRUE(fs::exists(night / "patient.keys.sealed")) << night;
    EXPECT_FALSE(fs::exists(night / "patient.keys")) << night;
    struct stat st {};
    ASSERT_EQ(::stat(night.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, server_uid);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
  }

  // --- purge: nothing of Kakunin's is left but the system users, the backups and their
  // passphrase (what restores a purged server) ------------------------------------------------
  EXPECT_EQ(agent_->Stop(), 0) << agent_->ReadLog();
  agent_.reset();
  EXPECT_EQ(server_->Stop(), 0) << server_->ReadLog();
  server_.reset();
  Purge();
  for (const auto& p : kPackages) {
    auto q = RunCmd({"dpkg-query", "-W", "-f=${db:Status-Status}", p});
    EXPECT_NE(q.output, "installed") << p;
  }
  EXPECT_TRUE(fs::exists("/etc/kakunin/backup.pass"));
  EXPECT_EQ(fs::exists(nights.front() / "MANIFEST.json"), true);
  std::error_code ec;
  fs::remove_all("/var/backups/kakunin", ec);
  fs::remove("/etc/kakunin/backup.pass", ec);
  fs::remove("/etc/kakunin", ec);
  std::set<std::string> after = KakuninPaths();
  std::vector<std::string> left;
  std::set_difference(after.begin(), after.end(), before_.begin(), before_.end(),
                      std::back_inserter(left));
  EXPECT_TRUE(left.empty()) << "left behind: " << ::testing::PrintToString(left);
  EXPECT_NE(::getpwnam("kakunin"), nullptr) << "Debian policy keeps system users";
}

}  // namespace
}  // namespace kakunin::testing
