#include "tests/harness/card/vcard_instance.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace kakunin::testing {
namespace {

constexpr char kConnectedLine[] = "vcard: connected to vpcd";

}  // namespace

Result<std::unique_ptr<VcardInstance>> VcardInstance::Start(const std::string& binary,
                                                            const std::string& card_json, int port,
                                                            VcardOptions options) {
  std::unique_ptr<VcardInstance> instance(new VcardInstance());
  instance->dir_ = MakeTempDir("kakunin-vcard");
  instance->control_path_ = instance->dir_ + "/control.sock";
  instance->apdu_log_path_ = instance->dir_ + "/apdu.jsonl";
  instance->timeout_ = options.start_timeout;
  ProcessOptions process;
  process.argv = {binary,
                  "run",
                  "--card",
                  card_json,
                  "--host",
                  options.host,
                  "--port",
                  std::to_string(port),
                  "--control",
                  instance->control_path_,
                  "--apdu-log",
                  instance->apdu_log_path_,
                  "--connect-timeout",
                  std::to_string(std::max<long>(1, options.start_timeout.count() / 1000))};
  if (!options.extended_apdu) process.argv.push_back("--no-extended-apdu");
  process.log_path = instance->dir_ + "/vcard.log";
  process.parent_death_signal = SIGTERM;
  KAKUNIN_ASSIGN_OR_RETURN(instance->process_, Process::Start(std::move(process)));
  VcardInstance* self = instance.get();
  const bool connected = WaitFor(
      [self] {
        return !self->process_.running() ||
               (self->process_.ReadLog().find(kConnectedLine) != std::string::npos &&
                ::access(self->control_path_.c_str(), F_OK) == 0);
      },
      options.start_timeout);
  if (!connected || !self->process_.running()) {
    return MakeError(ErrorCode::kUnavailable, "vcard.start",
                     "kakunin-vcard did not connect to vpcd port " + std::to_string(port) +
                         "; log: " + self->process_.ReadLog());
  }
  return instance;
}

VcardInstance::~VcardInstance() {
  Stop();
  if (!dir_.empty() && std::getenv("KAKUNIN_KEEP_TEST_DIRS") == nullptr) RemoveTree(dir_);
}

int VcardInstance::Stop() {
  if (process_.pid() <= 0 || !process_.running()) return 0;
  return DecodeStatus(process_.Stop());
}

Result<std::string> VcardInstance::Command(const std::string& line) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, control_path_.c_str(), sizeof(addr.sun_path) - 1);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    if (fd >= 0) ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "vcard.control",
                     "cannot connect to " + control_path_ + ": " + std::strerror(errno));
  }
  // The card answers within its own insert deadline; bound the wait a little above it.
  timeval tv{static_cast<time_t>(timeout_.count() / 1000 + 15), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const std::string request = line + "\n";
  std::string answer;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    char buf[512];
    ssize_t n;
    while (answer.find('\n') == std::string::npos && (n = ::recv(fd, buf, sizeof(buf), 0)) > 0) {
      answer.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  if (answer.empty() || answer.back() != '\n') {
    return MakeError(ErrorCode::kUnavailable, "vcard.control", "no answer to '" + line + "'");
  }
  answer.pop_back();
  return answer;
}

Status VcardInstance::Remove() {
  KAKUNIN_ASSIGN_OR_RETURN(std::string answer, Command("remove"));
  if (answer.rfind("ok", 0) != 0) {
    return MakeError(ErrorCode::kInternal, "vcard.remove", answer);
  }
  return OkStatus();
}

Status VcardInstance::Insert(const std::string& card_json) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string answer,
                           Command(card_json.empty() ? "insert" : "insert " + card_json));
  if (answer.rfind("ok", 0) != 0) {
    return MakeError(ErrorCode::kUnavailable, "vcard.insert", answer);
  }
  return OkStatus();
}

Result<std::string> VcardInstance::QueryStatus() {
  KAKUNIN_ASSIGN_OR_RETURN(std::string answer, Command("status"));
  if (answer.rfind("ok ", 0) != 0) return MakeError(ErrorCode::kInternal, "vcard.status", answer);
  return answer.substr(3);
}

std::vector<ApduLogEntry> VcardInstance::ApduLog() const {
  std::vector<ApduLogEntry> out;
  std::ifstream in(apdu_log_path_);
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) continue;  // a line being written right now
    out.push_back({j.value("dir", ""), j.value("hex", ""), j.value("note", "")});
  }
  return out;
}

bool VcardInstance::SelectedForbiddenApplication() const {
  // Any SELECT (whatever its class byte or P1/P2, a partial name too) that names an
  // application under the card's non-JPKI RID D3 92 10 (券面事項入力補助AP and its kin): the
  // agent has no reason to name one at all, so a prefix is enough (privacy review: the full
  // 10-byte name with class 00 alone was matched).
  for (const auto& entry : ApduLog()) {
    if (entry.dir != "in" || entry.hex.size() < 5 || entry.hex.compare(3, 2, "A4") != 0) continue;
    if (entry.hex.find("D3 92 10") != std::string::npos) return true;
  }
  return false;
}

Status VcardInstance::InitCa(const std::string& binary, const std::string& dir) {
  KAKUNIN_ASSIGN_OR_RETURN(CommandOutput out,
                           RunCommand({binary, "init-ca", "--dir", dir}, {}, "", true));
  if (out.exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "vcard.init_ca", out.output);
  }
  return OkStatus();
}

Result<std::string> VcardInstance::IssueCard(const std::string& binary, const std::string& ca_dir,
                                             const std::string& seed, const std::string& out_json,
                                             const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {binary,   "issue", "--ca-dir", ca_dir,
                                   "--seed", seed,    "--out",    out_json};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  KAKUNIN_ASSIGN_OR_RETURN(CommandOutput out, RunCommand(argv, {}, "", true));
  if (out.exit_code != 0) return MakeError(ErrorCode::kInternal, "vcard.issue", out.output);
  const size_t at = out.output.find("serial ");
  if (at == std::string::npos) {
    return MakeError(ErrorCode::kInternal, "vcard.issue", "no serial in: " + out.output);
  }
  const size_t end = out.output.find('\n', at);
  return out.output.substr(at + 7, end - at - 7);
}

}  // namespace kakunin::testing
