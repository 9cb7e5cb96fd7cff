// Proves `kakunin-vcard run` speaks the vpcd protocol (2-byte length frames, 1-byte control
// commands, ATR on request), reconnects until vpcd is up or the deadline passes, obeys the
// control socket (remove / insert / insert CARD / status), persists PIN tries and exits 0 on
// SIGTERM. The test plays vpcd itself: a TCP listener on 127.0.0.1, no pcscd needed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "common/core/bytes.h"
#include "common/os/process.h"
#include "sim/vcard/jpki_ca.h"
#include "sim/vcard/tests/test_card.h"

namespace kakunin::vcard {
namespace {

using namespace std::chrono_literals;

// The vpcd side of the protocol, for one card at a time.
class FakeVpcd {
 public:
  explicit FakeVpcd(int port = 0) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~FakeVpcd() {
    CloseCard();
    ::close(listen_fd_);
  }

  int port() const { return port_; }

  bool Accept(std::chrono::seconds timeout = 15s) {
    timeval tv{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    CloseCard();
    card_fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (card_fd_ < 0) return false;
    timeval io{15, 0};
    ::setsockopt(card_fd_, SOL_SOCKET, SO_RCVTIMEO, &io, sizeof(io));
    return true;
  }

  void CloseCard() {
    if (card_fd_ >= 0) ::close(card_fd_);
    card_fd_ = -1;
  }

  void Send(ByteView payload) {
    Bytes frame = {static_cast<uint8_t>(payload.size() >> 8),
                   static_cast<uint8_t>(payload.size() & 0xFF)};
    frame.insert(frame.end(), payload.begin(), payload.end());
    ASSERT_EQ(::send(card_fd_, frame.data(), frame.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(frame.size()));
  }

  // Reads one frame; nullopt when the card closed the connection.
  std::optional<Bytes> Receive() {
    uint8_t header[2];
    if (!ReadExactly(header, 2)) return std::nullopt;
    Bytes payload((header[0] << 8) | header[1]);
    if (!ReadExactly(payload.data(), payload.size())) return std::nullopt;
    return payload;
  }

  Bytes Exchange(std::string_view hex) {
    Send(*FromHex(hex));
    return Receive().value_or(Bytes{});
  }

 private:
  bool ReadExactly(uint8_t* out, size_t size) {
    while (size > 0) {
      const ssize_t n = ::recv(card_fd_, out, size, 0);
      if (n <= 0) return false;
      out += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  int listen_fd_ = -1;
  int card_fd_ = -1;
  int port_ = 0;
};

std::string Control(const std::string& path, const std::string& line) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "connect failed";
  }
  const std::string request = line + "\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer;
  char buf[512];
  ssize_t n;
  while (answer.find('\n') == std::string::npos && (n = ::recv(fd, buf, sizeof(buf), 0)) > 0) {
    answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (!answer.empty()) answer.pop_back();
  return answer;
}

class RunnerTest : public ::testing::Test {
 protected:
  // The control socket's file appears at bind(), before the card listens on it: under load a
  // first connection can be refused. Wait until it answers (a failure bound, not pacing).
  std::string AwaitControl(const std::string& line) {
    std::string answer;
    EXPECT_TRUE(os::WaitFor(
        [&] {
          answer = Control(control_, line);
          return answer.rfind("ok", 0) == 0;
        },
        10s))
        << answer;
    return answer;
  }
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    card_path_ = dir_ + "/card.json";
    ASSERT_TRUE(SaveCardProfile(testing::TestProfile(), card_path_).ok());
    control_ = dir_ + "/control.sock";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void StartCard(int port, int connect_timeout_s = 15) {
    os::ProcessOptions options;
    options.argv = {KAKUNIN_VCARD_BIN,
                    "run",
                    "--card",
                    card_path_,
                    "--port",
                    std::to_string(port),
                    "--control",
                    control_,
                    "--apdu-log",
                    dir_ + "/apdu.jsonl",
                    "--connect-timeout",
                    std::to_string(connect_timeout_s)};
    options.log_path = dir_ + "/vcard.log";
    auto process = os::Process::Start(options);
    ASSERT_TRUE(process.ok());
    process_ = std::move(process).value();
  }

  std::string dir_;
  std::string card_path_;
  std::string control_;
  os::Process process_;
};

TEST_F(RunnerTest, SpeaksTheVpcdProtocol) {
  FakeVpcd vpcd;
  StartCard(vpcd.port());
  ASSERT_TRUE(vpcd.Accept());
  vpcd.Send(Bytes{0x04});  // get ATR
  EXPECT_EQ(ToHex(vpcd.Receive().value_or(Bytes{})), "3be000ff8131fe4514");
  vpcd.Send(Bytes{0x01});  // power on: no answer expected
  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), "9000");
  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 02 0C 02 00 0A")), "9000");
  const Bytes cert = vpcd.Exchange("00 B0 00 00 00 00 00");
  EXPECT_GT(cert.size(), 1000u);
  EXPECT_TRUE(os::WaitFor(
      [&] { return process_.ReadLog().find("connected to vpcd") != std::string::npos; }, 5s));
  EXPECT_NE(Control(control_, "status")
                .find("ok inserted=1 connected=1 serial=" + testing::TestProfile().serial),
            std::string::npos);
  EXPECT_EQ(os::DecodeStatus(process_.Stop()), 0);  // SIGTERM → exit 0
}

TEST_F(RunnerTest, WaitsForVpcdToComeUp) {
  const int port = os::FreeTcpPort();
  StartCard(port);
  // vpcd starts after the card: the card keeps retrying until its deadline.
  const std::string status = AwaitControl("status");
  EXPECT_NE(status.find("connected=0"), std::string::npos) << status;
  FakeVpcd late(port);  // vpcd comes up on the port the card is already trying
  ASSERT_TRUE(late.Accept());
  EXPECT_EQ(ToHex(late.Exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), "9000");
}

TEST_F(RunnerTest, GivesUpAfterTheConnectTimeout) {
  StartCard(os::FreeTcpPort(), /*connect_timeout_s=*/1);
  auto code = process_.Wait(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_NE(process_.ReadLog().find("vcard: error: cannot connect to vpcd"), std::string::npos)
      << process_.ReadLog();
}

TEST_F(RunnerTest, ControlSocketRemovesInsertsAndSwapsCards) {
  FakeVpcd vpcd;
  StartCard(vpcd.port());
  ASSERT_TRUE(vpcd.Accept());
  EXPECT_EQ(AwaitControl("remove"), "ok removed");
  EXPECT_FALSE(vpcd.Receive().has_value());  // the reader sees the card leave
  EXPECT_NE(Control(control_, "status").find("inserted=0 connected=0"), std::string::npos);

  EXPECT_EQ(Control(control_, "insert").rfind("ok inserted", 0), 0u);
  ASSERT_TRUE(vpcd.Accept());
  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), "9000");

  IssueOptions other;
  other.ca_dir = testing::TestCaDir();
  other.seed = "runner-swap";
  auto profile = IssueCard(other);
  ASSERT_TRUE(profile.ok());
  ASSERT_TRUE(SaveCardProfile(*profile, dir_ + "/other.json").ok());
  EXPECT_EQ(Control(control_, "insert " + dir_ + "/other.json").rfind("ok inserted", 0), 0u);
  ASSERT_TRUE(vpcd.Accept());
  EXPECT_NE(Control(control_, "status").find("serial=" + profile->serial), std::string::npos);
  EXPECT_EQ(Control(control_, "insert /nonexistent.json").rfind("error ", 0), 0u);
  EXPECT_EQ(Control(control_, "dance").rfind("error unknown command", 0), 0u);
}

TEST_F(RunnerTest, PinTriesAreWrittenBackAndForbiddenSelectsAreReported) {
  FakeVpcd vpcd;
  StartCard(vpcd.port());
  ASSERT_TRUE(vpcd.Accept());
  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")), "9000");
  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 02 0C 02 00 18")), "9000");
  EXPECT_EQ(ToHex(vpcd.Exchange("00 20 00 80 04 30 30 30 30")), "63c2");
  EXPECT_EQ(LoadCardProfile(card_path_)->pin_tries_left, 2);

  EXPECT_EQ(ToHex(vpcd.Exchange("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08")), "9000");
  EXPECT_TRUE(os::WaitFor(
      [&] { return process_.ReadLog().find("WARNING: FORBIDDEN") != std::string::npos; }, 5s));
  EXPECT_NE(Control(control_, "status").find("forbidden_selects=1"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::vcard
