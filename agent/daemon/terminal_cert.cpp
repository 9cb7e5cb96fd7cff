#include "agent/daemon/terminal_cert.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "common/crypto/cert_file.h"
#include "common/os/files.h"

namespace kakunin::agent {
namespace {
// A file replaced in place with the same size and time is still read again this often.
constexpr std::chrono::hours kRereadEvery{1};
}  // namespace

void TerminalCertWatch::Refresh() {
  const std::string path = board_->Snapshot().config().terminal_certificate().path();
  std::lock_guard lock(mu_);
  if (path.empty()) {
    if (!path_.empty()) board_->Update([](v1::AgentStatus& s) { s.clear_terminal_certificate(); });
    path_.clear();
    return;
  }
  const std::optional<os::FileFacts> st = os::StatFile(path);
  const bool stat_ok = st.has_value();
  const int64_t mtime_ns = stat_ok ? st->mtime_ns : 0;
  const auto now = std::chrono::steady_clock::now();
  if (path == path_ && stat_ok == stat_ok_ &&
      (!stat_ok || (st->size == size_ && st->identity == inode_ && mtime_ns == mtime_ns_)) &&
      now - read_at_ < kRereadEvery) {
    return;
  }
  path_ = path;
  stat_ok_ = stat_ok;
  size_ = stat_ok ? st->size : 0;
  inode_ = stat_ok ? st->identity : 0;
  mtime_ns_ = mtime_ns;
  read_at_ = now;
  v1::TerminalCertificateReport report;
  report.set_path(path);
  auto facts = crypto::ReadCertificateFile(path);
  if (facts.ok()) {
    using google::protobuf::util::TimeUtil;
    *report.mutable_not_before() = TimeUtil::SecondsToTimestamp(facts->not_before);
    *report.mutable_not_after() = TimeUtil::SecondsToTimestamp(facts->not_after);
    report.set_subject(facts->subject);
    report.set_serial_hex(facts->serial_hex);
    spdlog::info("terminal certificate {}: serial {}, valid until {}", path, facts->serial_hex,
                 TimeUtil::ToString(report.not_after()));
  } else {
    report.set_problem(facts.error().reason());
    spdlog::warn("terminal certificate {}: {}", path, facts.error().ToString());
  }
  board_->Update([&](v1::AgentStatus& s) { *s.mutable_terminal_certificate() = report; });
}

}  // namespace kakunin::agent
