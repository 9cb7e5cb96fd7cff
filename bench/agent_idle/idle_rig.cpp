#include "bench/agent_idle/idle_rig.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace kakunin::bench {
namespace fs = std::filesystem;
using namespace kakunin::testing;  // NOLINT(google-build-using-namespace)

namespace {

constexpr auto kLong = std::chrono::seconds(90);
constexpr char kInstitutionCode[] = "1341234567";

// The last `n` characters of a log: enough to see why, short enough to read.
std::string Tail(const std::string& text, size_t n = 4000) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

}  // namespace

Status IdleRig::Start(const IdleRigOptions& o) {
  dir_ = MakeTempDir("kakunin-idle");
  ::chmod(dir_.c_str(), 0755);  // PostgreSQL runs as another user
  const std::string& dir = dir_;

  o.progress("pcscd + vpcd (waits for the machine-wide pcscd lock if another test holds it)");
  KAKUNIN_ASSIGN_OR_RETURN(pcscd_, PcscdInstance::Start());
  // Under the pcscd lock, so a card test does not take the pair out under us.
  KAKUNIN_ASSIGN_OR_RETURN(winscard_, WinscardPair::Install(o.wine.winscard_kit));
  o.progress("a fresh Wine prefix (wineboot)");
  KAKUNIN_ASSIGN_OR_RETURN(prefix_, WinePrefix::Create(dir + "/prefix"));

  o.progress("the virtual cards and the eligibility emulator");
  KAKUNIN_ASSIGN_OR_RETURN(auto jpki, IssueYamadaCard(o.vcard_bin, dir));
  // One card per reader, each with its own profile file: a card writes its PIN tries back.
  const std::string linux_card = dir + "/cards/yamada-taro.json";
  const std::string windows_card = dir + "/windows-card.json";
  std::error_code ec;
  fs::copy_file(linux_card, windows_card, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "bench.card", ec.message());
  KAKUNIN_ASSIGN_OR_RETURN(auto oqs, StartOqsSim(o.oqs_bin, dir, jpki, dir + "/cards"));
  oqs_.emplace(std::move(oqs));
  KAKUNIN_ASSIGN_OR_RETURN(linux_card_,
                           VcardInstance::Start(o.vcard_bin, linux_card, pcscd_->port(0)));
  KAKUNIN_ASSIGN_OR_RETURN(windows_card_,
                           VcardInstance::Start(o.vcard_bin, windows_card, pcscd_->port(1)));
  KAKUNIN_RETURN_IF_ERROR(pcscd_->WaitForCard(0, true));
  KAKUNIN_RETURN_IF_ERROR(pcscd_->WaitForCard(1, true));

  o.progress("HQ: PostgreSQL + kakunin-server");
  KAKUNIN_ASSIGN_OR_RETURN(
      hq_, ServerRig::Start(dir + "/hq", "honcho", "本町薬局", {"--log-level", "warn"}));
  KAKUNIN_RETURN_IF_ERROR(StartAgents(o));
  o.progress("waiting until both agents are connected and see their card");
  KAKUNIN_RETURN_IF_ERROR(WaitBothReaders("card_present"));
  return OkStatus();
}

// Both agents as shipped (default heartbeat, backoff, log level info), no settings file: only
// what a counter needs differs (HQ, the emulator, the reader).
Status IdleRig::StartAgents(const IdleRigOptions& o) {
  auto args = [&](const std::string& oqs_ca, const std::string& reader) {
    return std::vector<std::string>{
        "--oqs",       oqs_->address, "--oqs-ca",           oqs_ca,           "--reader", reader,
        "--log-level", "info",        "--institution-code", kInstitutionCode, "--config", ""};
  };
  o.progress("enrolling and starting the Linux agent (kakunin-agent run)");
  KAKUNIN_ASSIGN_OR_RETURN(auto linux_token, hq_->IssueToken("honcho"));
  fs::create_directories(dir_ + "/linux");
  const std::string linux_state = dir_ + "/linux/state";
  KAKUNIN_RETURN_IF_ERROR(AgentDaemon::Enroll(o.linux_agent_bin, linux_state, hq_->address(),
                                              linux_token, hq_->ca_path()));
  linux_agent_ = std::make_unique<AgentDaemon>(o.linux_agent_bin, linux_state,
                                               args(oqs_->ca_path, pcscd_->reader_name(0)));
  KAKUNIN_RETURN_IF_ERROR(linux_agent_->Start());

  o.progress("enrolling and starting the Windows agent (kakunin-agent.exe run under Wine)");
  KAKUNIN_ASSIGN_OR_RETURN(auto windows_token, hq_->IssueToken("honcho"));
  fs::create_directories(dir_ + "/windows");
  windows_agent_ =
      std::make_unique<WineAgent>(o.wine, *prefix_, dir_ + "/windows/state",
                                  args(WinPath(oqs_->ca_path), pcscd_->reader_name(1)));
  KAKUNIN_RETURN_IF_ERROR(windows_agent_->Enroll(hq_->address(), windows_token, hq_->ca_path()));
  return windows_agent_->Start();
}

IdleRig::~IdleRig() {
  // As the Wine tests tear down: the agents, then the prefix (wineserver -k: nothing of it
  // outlives the bench), the cards, HQ, the emulator, the WinSCard pair (still under the pcscd
  // lock), pcscd last.
  linux_agent_.reset();
  windows_agent_.reset();
  prefix_.reset();
  linux_card_.reset();
  windows_card_.reset();
  hq_.reset();
  if (oqs_) oqs_->process.Stop();
  winscard_.reset();
  pcscd_.reset();
  if (!keep_dir_ && !dir_.empty() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
}

Status IdleRig::WaitBothReaders(const std::string& reader_status) {
  auto ready = [&](const v1::AgentStatus& s) {
    return s.connected() && s.reader_status() == reader_status;
  };
  auto linux_status = linux_agent_->WaitStatus(ready, kLong);
  if (!linux_status.ok()) {
    return MakeError(ErrorCode::kDeadlineExceeded, "bench.linux_agent",
                     "the Linux agent: " + linux_status.error().message());
  }
  auto windows_status = windows_agent_->WaitStatus(ready, kLong);
  if (!windows_status.ok()) {
    return MakeError(ErrorCode::kDeadlineExceeded, "bench.windows_agent",
                     "the Windows agent: " + windows_status.error().message());
  }
  return OkStatus();
}

Status IdleRig::CheckBoth(const std::string& reader_status) {
  auto check = [&](const char* who, bool running, Result<v1::AgentStatus> s) -> Status {
    if (!running) return MakeError(ErrorCode::kDataLoss, "bench.died", std::string(who) + " died");
    if (!s.ok()) return s.error();
    if (!s->connected() || s->reader_status() != reader_status) {
      return MakeError(ErrorCode::kFailedPrecondition, "bench.not_idle",
                       std::string(who) + " is not connected with reader " + reader_status + ": " +
                           s->ShortDebugString());
    }
    return OkStatus();
  };
  KAKUNIN_RETURN_IF_ERROR(
      check("the Linux agent", linux_agent_->running(), linux_agent_->GetStatus()));
  return check("the Windows agent", windows_agent_->running(), windows_agent_->GetStatus());
}

Status IdleRig::RemoveCards() {
  KAKUNIN_RETURN_IF_ERROR(linux_card_->Remove());
  KAKUNIN_RETURN_IF_ERROR(windows_card_->Remove());
  KAKUNIN_RETURN_IF_ERROR(pcscd_->WaitForCard(0, false));
  return pcscd_->WaitForCard(1, false);
}

std::string IdleRig::Logs() {
  std::string out;
  if (linux_agent_) out += "--- Linux agent log:\n" + Tail(linux_agent_->ReadLog()) + "\n";
  if (windows_agent_)
    out += "--- Windows agent log:\n" + Tail(windows_agent_->ReadAllLogs()) + "\n";
  if (hq_) out += "--- server log:\n" + Tail(hq_->ServerLog()) + "\n";
  return out;
}

}  // namespace kakunin::bench
