// What an enrolled terminal keeps about HQ's addresses (agent/uplink/terminal_state.h), on disk
// and without a network:
// - a device.json written by an older agent (one "server") still loads, as a list of one;
// - a list is saved as "servers" plus "server" (its first address, for an older agent binary)
//   and loads back in its order;
// - command-line lists are split and trimmed, a repeated address is kept once, and every address
//   that is not HOST:PORT (port 1–65535, ≤ 255 bytes, no control characters, ≤ 8 of them) is
//   refused with a plain message, before enrollment contacts anyone or writes anything;
// - a certificate renewal cut short by a crash leaves a matching key and certificate: finished
//   when both new files reached the disk, left alone (the current pair used) when only the key
//   did;
// - a device.json whose fields hold another type (or that is not a JSON object) is refused as
//   agent.state_corrupt, never thrown over.

#include "agent/uplink/terminal_state.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/uplink/device_file.h"
#include "agent/uplink/uplink_client.h"
#include "common/os/process.h"

namespace kakunin::agent {
namespace {
namespace fs = std::filesystem;

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string Read(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

class TerminalStateTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = os::MakeTempDir("kakunin-state"); }
  void TearDown() override { os::RemoveTree(dir_); }
  // The key, certificate and CA files a load needs besides device.json (content not checked).
  void WritePemFiles() {
    Write(dir_ + "/device.key", "key");
    Write(dir_ + "/device.pem", "cert");
    Write(dir_ + "/ca.pem", "ca");
  }
  std::string dir_;
};

TEST_F(TerminalStateTest, OldSingleAddressFileLoadsAsAListOfOne) {
  WritePemFiles();
  Write(dir_ + "/device.json", R"({"device_id": "dev-1", "site_id": "honcho",
    "server": "hq.example.jp:7443", "verification_code": "123-456"})");
  auto state = LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_EQ(state->servers, std::vector<std::string>{"hq.example.jp:7443"});
  EXPECT_EQ(state->device_id, "dev-1");
}

TEST_F(TerminalStateTest, ListIsSavedWithTheFirstAddressForOlderAgentsAndLoadsInOrder) {
  TerminalState s;
  s.dir = dir_;
  s.device_id = "dev-2";
  s.site_id = "honcho";
  s.servers = {"hq2.example.jp:7443", "10.0.0.5:7443", "[fd00::1]:7443"};
  s.key_pem = "key";
  s.cert_pem = "cert";
  s.ca_pem = "ca";
  ASSERT_TRUE(SaveTerminalState(s).ok());

  auto j = nlohmann::json::parse(Read(dir_ + "/device.json"));
  EXPECT_EQ(j["server"], "hq2.example.jp:7443");  // what an older agent binary reads
  EXPECT_EQ(j["servers"], nlohmann::json(s.servers));
  auto loaded = LoadTerminalState(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->servers, s.servers);

  // "servers" wins over "server" when both are there.
  j["server"] = "old.example.jp:7443";
  Write(dir_ + "/device.json", j.dump());
  loaded = LoadTerminalState(dir_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->servers, s.servers);
}

TEST_F(TerminalStateTest, AListHoldingSomethingElseIsCorruptNotEmpty) {
  WritePemFiles();
  Write(dir_ + "/device.json", R"({"device_id": "dev-3", "servers": ["hq:7443", 7443]})");
  auto state = LoadTerminalState(dir_);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().reason(), "agent.state_corrupt");
}

// A field of another type (a hand edit, a damaged disk) used to throw out of the load and end
// the daemon at its start; it is the same refusal as a file that is not JSON.
TEST_F(TerminalStateTest, AFieldOfAnotherTypeIsCorruptNotAnException) {
  WritePemFiles();
  for (const char* text :
       {R"({"device_id": null, "servers": ["hq:7443"]})", R"({"device_id": 7})",
        R"({"site_id": ["honcho"]})", R"({"verification_code": {"a": 1}})",
        R"({"device_id": "dev-1", "verification_code": false})", R"(["not", "an", "object"])",
        R"("device_id")", R"({"device_id": "dev-1")", ""}) {
    Write(dir_ + "/device.json", text);
    Result<TerminalState> state(MakeError(ErrorCode::kInternal, "unset", ""));
    ASSERT_NO_THROW(state = LoadTerminalState(dir_)) << text;
    ASSERT_FALSE(state.ok()) << text;
    EXPECT_EQ(state.error().reason(), "agent.state_corrupt") << text;
  }
}

TEST(DeviceFileTest, WhatIsWrittenReadsBackAndMissingFieldsAreEmpty) {
  DeviceFile f{"dev-1", "honcho", {"hq1:7443", "hq2:7443"}, "123-456"};
  auto back = ParseDeviceFile(FormatDeviceFile(f), "device.json");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->device_id, f.device_id);
  EXPECT_EQ(back->site_id, f.site_id);
  EXPECT_EQ(back->servers, f.servers);
  EXPECT_EQ(back->verification_code, f.verification_code);

  auto empty = ParseDeviceFile("{}", "device.json");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->device_id, "");
  EXPECT_TRUE(empty->servers.empty());
}

// A power cut between the renewal's files: the new key alone on disk would have been paired
// with the old certificate, and no TLS handshake would have worked again.
TEST_F(TerminalStateTest, ARenewalCutShortLeavesAKeyAndCertificateThatBelongTogether) {
  Write(dir_ + "/device.json", R"({"device_id": "dev-1", "servers": ["hq.example.jp:7443"]})");
  WritePemFiles();
  // Only the new key reached the disk (or the daemon is writing the certificate right now):
  // the current pair is used, and the new key left for the renewal to go on with.
  Write(dir_ + "/device.key.next", "new key");
  auto state = LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_EQ(state->key_pem, "key");
  EXPECT_EQ(state->cert_pem, "cert");
  EXPECT_TRUE(fs::exists(dir_ + "/device.key.next"));

  // Both reached the disk: finished.
  Write(dir_ + "/device.pem.next", "new cert");
  state = LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_EQ(state->key_pem, "new key");
  EXPECT_EQ(state->cert_pem, "new cert");

  // Cut between the two renames (the key already renamed): the certificate follows.
  Write(dir_ + "/device.key", "third key");
  Write(dir_ + "/device.pem.next", "third cert");
  state = LoadTerminalState(dir_);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  EXPECT_EQ(state->key_pem, "third key");
  EXPECT_EQ(state->cert_pem, "third cert");
  EXPECT_FALSE(fs::exists(dir_ + "/device.pem.next"));

  // The key's rename fails (here: something else stands at its name): the certificate is not
  // put in place without it, and the load says so instead of mixing the two.
  fs::remove(dir_ + "/device.key");
  fs::create_directories(dir_ + "/device.key/in-the-way");
  Write(dir_ + "/device.key.next", "fourth key");
  Write(dir_ + "/device.pem.next", "fourth cert");
  state = LoadTerminalState(dir_);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().reason(), "agent.renewal_unfinished");
  EXPECT_EQ(Read(dir_ + "/device.pem"), "third cert");
  EXPECT_TRUE(fs::exists(dir_ + "/device.pem.next"));
}

TEST(ServerListTest, SplitsTrimsAndKeepsARepeatedAddressOnce) {
  auto list = ParseServerList(" hq1.example.jp:7443 ,10.0.0.5:443,hq1.example.jp:7443,[::1]:1");
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(*list, (std::vector<std::string>{"hq1.example.jp:7443", "10.0.0.5:443", "[::1]:1"}));
  list = ParseServerList("localhost:65535");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, std::vector<std::string>{"localhost:65535"});
}

TEST(ServerListTest, RefusesWhatIsNotAnAddressWithAPlainMessage) {
  const std::string nine = "a:1,b:2,c:3,d:4,e:5,f:6,g:7,h:8,i:9";
  const std::string long_host = std::string(250, 'h') + ".jp:7443";  // 258 bytes
  struct Case {
    std::string text, says;
  } cases[] = {
      {"", "no HQ address"},
      {"  ", "no HQ address"},
      {"hq.example.jp", "not HOST:PORT"},
      {":7443", "not HOST:PORT"},
      {"hq:", "1 to 65535"},
      {"hq:0", "1 to 65535"},
      {"hq:65536", "1 to 65535"},
      {"hq:7443x", "1 to 65535"},
      {"hq:-1", "1 to 65535"},
      {"hq:123456", "1 to 65535"},
      {"::1:7443", "IPv6"},
      {"hq:1,,hq:2", "empty HQ address"},
      {"hq:1,", "empty HQ address"},
      {"hq\x01x:7443", "control character"},
      {"hq\nx:7443", "control character"},
      {"hq x:7443", "blank"},
      {long_host, "255 bytes"},
      {nine, "at most 8"},
  };
  for (const auto& c : cases) {
    auto r = ParseServerList(c.text);
    ASSERT_FALSE(r.ok()) << "accepted: " << c.text;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(r.error().reason(), "agent.bad_server") << c.text;
    EXPECT_NE(r.error().message().find(c.says), std::string::npos) << r.error().message();
    for (char ch : r.error().message()) {
      EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20) << "control character echoed";
    }
  }
  // Eight distinct addresses are fine; so are nine that repeat one.
  EXPECT_TRUE(ParseServerList("a:1,b:2,c:3,d:4,e:5,f:6,g:7,h:8").ok());
  EXPECT_TRUE(ParseServerList("a:1,b:2,c:3,d:4,e:5,f:6,g:7,h:8,a:1").ok());
}

TEST_F(TerminalStateTest, EnrollRefusesABadAddressBeforeContactingAnyoneOrWriting) {
  EnrollOptions o;
  o.servers = {"127.0.0.1:7443", "hq.example.jp:0"};
  o.token = "t";
  o.ca_pem = "not read: the addresses are checked first";
  o.state_dir = dir_ + "/terminal";
  auto r = Enroll(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "agent.bad_server");
  EXPECT_FALSE(fs::exists(o.state_dir));
  o.servers.clear();
  r = Enroll(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "agent.bad_server");
}

}  // namespace
}  // namespace kakunin::agent
