#include "sim/vcard/runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "sim/vcard/apdu.h"
#include "sim/vcard/apdu_log.h"
#include "sim/vcard/card_profile.h"
#include "sim/vcard/virtual_card.h"

namespace kakunin::vcard {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRetryMs = 50;
constexpr int kInsertWaitMs = 10000;

void Say(const std::string& line) {
  std::fprintf(stderr, "vcard: %s\n", line.c_str());
  std::fflush(stderr);
}

bool WriteAll(int fd, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

struct ControlClient {
  int fd;
  std::string buffer;
};

class CardRunner {
 public:
  explicit CardRunner(RunOptions options) : options_(std::move(options)) {}
  ~CardRunner() {
    CloseVpcd();
    for (auto& c : clients_) ::close(c.fd);
    if (listen_fd_ >= 0) {
      ::close(listen_fd_);
      ::unlink(options_.control_path.c_str());
    }
    if (signal_fd_ >= 0) ::close(signal_fd_);
  }

  int Run() {
    if (!SetUp()) return 1;
    deadline_ = Clock::now() + std::chrono::milliseconds(options_.connect_timeout_ms);
    while (!stop_) {
      if (inserted_ && vpcd_fd_ < 0 && !TryConnect()) {
        if (Clock::now() > deadline_) {
          Say("error: cannot connect to vpcd " + Address() + " within " +
              std::to_string(options_.connect_timeout_ms) + " ms");
          return 1;
        }
      }
      PollOnce(inserted_ && vpcd_fd_ < 0 ? kRetryMs : -1);
    }
    log_.Event("stopped");
    return 0;
  }

 private:
  std::string Address() const { return options_.host + ":" + std::to_string(options_.port); }

  bool SetUp() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    signal_fd_ = ::signalfd(-1, &mask, SFD_CLOEXEC);
    if (auto status = LoadCard(options_.card_path); !status.ok()) {
      Say("error: " + status.error().ToString());
      return false;
    }
    if (auto status = log_.Open(options_.apdu_log_path); !status.ok()) {
      Say("error: " + status.error().ToString());
      return false;
    }
    if (!options_.control_path.empty() && !ListenControl()) return false;
    return true;
  }

  Status LoadCard(const std::string& path) {
    KAKUNIN_ASSIGN_OR_RETURN(CardProfile profile, LoadCardProfile(path));
    KAKUNIN_ASSIGN_OR_RETURN(
        auto card,
        VirtualCard::Create(std::move(profile), {.extended_apdu = options_.extended_apdu}));
    card->set_on_counters_changed([path](const CardProfile& p) {
      if (auto status = SaveCardProfile(p, path); !status.ok()) {
        Say("error: cannot persist PIN counters: " + status.error().ToString());
      }
    });
    card_ = std::move(card);
    card_path_ = path;
    return OkStatus();
  }

  bool ListenControl() {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (options_.control_path.size() >= sizeof(addr.sun_path)) {
      Say("error: control socket path too long: " + options_.control_path);
      return false;
    }
    std::strcpy(addr.sun_path, options_.control_path.c_str());
    ::unlink(addr.sun_path);
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ||
        ::listen(listen_fd_, 8)) {
      Say("error: cannot listen on " + options_.control_path + ": " + std::strerror(errno));
      return false;
    }
    return true;
  }

  bool TryConnect() {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(options_.port));
    if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
      Say("error: --host must be an IPv4 address: " + options_.host);
      stop_ = true;
      return false;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd);
      return false;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    vpcd_fd_ = fd;
    rx_.clear();
    card_->PowerOff();
    log_.Event("connected to vpcd " + Address());
    Say("connected to vpcd " + Address());
    return true;
  }

  void CloseVpcd() {
    if (vpcd_fd_ < 0) return;
    ::close(vpcd_fd_);
    vpcd_fd_ = -1;
    rx_.clear();
    if (card_) card_->PowerOff();
  }

  void PollOnce(int timeout_ms) {
    std::vector<pollfd> fds;
    fds.push_back({signal_fd_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    fds.push_back({vpcd_fd_, POLLIN, 0});
    for (const auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
    if (fds[0].revents) {
      signalfd_siginfo info{};
      if (::read(signal_fd_, &info, sizeof(info)) > 0) {
        Say("stopping on signal " + std::to_string(info.ssi_signo));
      }
      stop_ = true;
      return;
    }
    if (fds[1].revents & POLLIN) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) clients_.push_back({fd, ""});
    }
    if (vpcd_fd_ >= 0 && fds[2].revents) ReadVpcd();
    // Client fds are at 3.., in the order they were before accepting new ones.
    std::vector<int> ready;
    for (size_t i = 3; i < fds.size(); ++i) {
      if (fds[i].revents) ready.push_back(fds[i].fd);
    }
    for (int fd : ready) ReadControl(fd);
  }

  void ReadVpcd() {
    uint8_t buf[8192];
    const ssize_t n = ::recv(vpcd_fd_, buf, sizeof(buf), 0);
    // vpcd writes a frame's length and payload separately; without an immediate ACK the
    // payload waits for the delayed-ACK timer (~40 ms per APDU). Linux resets QUICKACK, so
    // set it after every read.
    int quick = 1;
    ::setsockopt(vpcd_fd_, IPPROTO_TCP, TCP_QUICKACK, &quick, sizeof quick);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) return;
      Say("vpcd closed the connection");
      log_.Event("vpcd closed the connection");
      CloseVpcd();
      deadline_ = Clock::now() + std::chrono::milliseconds(options_.connect_timeout_ms);
      return;
    }
    rx_.insert(rx_.end(), buf, buf + n);
    while (rx_.size() >= 2) {
      const size_t len = (static_cast<size_t>(rx_[0]) << 8) | rx_[1];
      if (rx_.size() < 2 + len) break;
      Bytes payload(rx_.begin() + 2, rx_.begin() + 2 + static_cast<long>(len));
      rx_.erase(rx_.begin(), rx_.begin() + 2 + static_cast<long>(len));
      HandleVpcdMessage(payload);
      if (vpcd_fd_ < 0) return;
    }
  }

  void HandleVpcdMessage(const Bytes& payload) {
    if (payload.size() == 1) {
      switch (payload[0]) {
        case 0x00:
          card_->PowerOff();
          log_.Event("power off");
          return;
        case 0x01:
          card_->PowerOn();
          log_.Event("power on");
          return;
        case 0x02:
          card_->Reset();
          log_.Event("reset");
          return;
        case 0x04:
          log_.Event("ATR requested");
          SendFrame(ByteView(kAtr));
          return;
        default:
          log_.Event("unknown vpcd control " + ToHex(payload));
          return;
      }
    }
    ++apdus_;
    Exchange exchange = card_->Transmit(payload);
    log_.Command(payload, exchange.note);
    log_.Response(exchange.response, ToHex(ByteView(exchange.response).last(2)));
    if (exchange.forbidden) Say("WARNING: " + exchange.note);
    SendFrame(exchange.response);
  }

  void SendFrame(ByteView payload) {
    const uint8_t header[2] = {static_cast<uint8_t>(payload.size() >> 8),
                               static_cast<uint8_t>(payload.size() & 0xFF)};
    if (!WriteAll(vpcd_fd_, header, 2) || !WriteAll(vpcd_fd_, payload.data(), payload.size())) {
      Say("lost the vpcd connection while answering");
      CloseVpcd();
    }
  }

  void ReadControl(int fd) {
    auto it = std::find_if(clients_.begin(), clients_.end(),
                           [fd](const ControlClient& c) { return c.fd == fd; });
    if (it == clients_.end()) return;
    char buf[1024];
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) {
      ::close(fd);
      clients_.erase(it);
      return;
    }
    it->buffer.append(buf, static_cast<size_t>(n));
    size_t eol;
    while ((eol = it->buffer.find('\n')) != std::string::npos) {
      std::string line = it->buffer.substr(0, eol);
      it->buffer.erase(0, eol + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::string answer = HandleCommand(line) + "\n";
      WriteAll(fd, answer.data(), answer.size());
    }
  }

  std::string HandleCommand(const std::string& line) {
    std::istringstream words(line);
    std::string command, argument;
    words >> command >> argument;
    if (command == "status") return "ok " + StatusText();
    if (command == "remove") {
      inserted_ = false;
      CloseVpcd();
      log_.Event("removed by control command");
      Say("card removed");
      return "ok removed";
    }
    if (command == "insert") return Insert(argument);
    return "error unknown command '" + command + "' (remove|insert [CARD]|status)";
  }

  std::string Insert(const std::string& card_path) {
    if (!card_path.empty()) {
      CloseVpcd();  // swapping cards: the old one leaves the reader first
      if (auto status = LoadCard(card_path); !status.ok()) {
        return "error " + status.error().ToString();
      }
      log_.Event("card swapped to " + card_path);
    }
    inserted_ = true;
    const auto until = Clock::now() + std::chrono::milliseconds(kInsertWaitMs);
    while (vpcd_fd_ < 0 && !TryConnect() && !stop_) {
      if (Clock::now() > until) {
        inserted_ = false;
        return "error cannot connect to vpcd " + Address();
      }
      ::poll(nullptr, 0, kRetryMs);  // retry interval, not synchronisation
    }
    return "ok inserted " + StatusText();
  }

  std::string StatusText() const {
    const CardProfile& p = card_->profile();
    return "inserted=" + std::to_string(inserted_ ? 1 : 0) +
           " connected=" + std::to_string(vpcd_fd_ >= 0 ? 1 : 0) + " serial=" + p.serial +
           " pin_tries_left=" + std::to_string(p.pin_tries_left) +
           " forbidden_selects=" + std::to_string(card_->forbidden_selects()) +
           " apdus=" + std::to_string(apdus_) + " card=" + card_path_;
  }

  RunOptions options_;
  std::unique_ptr<VirtualCard> card_;
  std::string card_path_;
  ApduLog log_;
  int signal_fd_ = -1;
  int listen_fd_ = -1;
  int vpcd_fd_ = -1;
  Bytes rx_;
  std::vector<ControlClient> clients_;
  bool inserted_ = true;
  bool stop_ = false;
  long apdus_ = 0;
  Clock::time_point deadline_;
};

}  // namespace

int RunVirtualCard(const RunOptions& options) {
  CardRunner runner(options);
  return runner.Run();
}

}  // namespace kakunin::vcard
