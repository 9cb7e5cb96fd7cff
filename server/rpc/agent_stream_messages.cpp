// What a terminal's stream does besides its results: heartbeat echoes, the 資格確認端末
// certificate it reports, certificate renewals, and the hold of a terminal that sends results
// faster than HQ allows (split from agent_stream.cpp).

#include <spdlog/spdlog.h>

#include "common/log/log_budget.h"
#include "server/ingest/result_limits.h"
#include "server/rpc/agent_service.h"
#include "server/rpc/agent_stream.h"

namespace kakunin::server {

void AgentStream::NoteTerminalCertificateLocked(const v1::TerminalCertificateReport& report) {
  if (auto why = ValidateTerminalCertificateReport(report)) {
    // Once per stream: every heartbeat repeats it (see the renewal's warning).
    if (!cert_report_warned_) {
      spdlog::warn("device {}: terminal certificate facts refused: {}", device_.device_id, *why);
    }
    cert_report_warned_ = true;
    return;
  }
  std::string bytes = report.SerializeAsString();
  if (bytes == last_terminal_cert_) return;
  // Not remembered when over the device's budget: a later heartbeat writes it.
  if (!service_->MayRecordTerminalCertificate(device_.device_id)) return;
  // A write only when it changed; off this callback thread.
  (void)RunBlockingLocked([this, report, bytes = std::move(bytes)]() mutable {
    if (service_->store_->RecordTerminalCertificate(device_, report).ok()) {
      std::lock_guard lock(mu_);
      last_terminal_cert_ = std::move(bytes);
    }
  });
}

void AgentStream::Renew(const std::string& csr_pem) {
  v1::ServerMessage renewed;
  auto cert = service_->store_->RenewCertificate(device_, csr_pem, *service_->ca_,
                                                 service_->cert_lifetime_days_);
  if (cert.ok()) {
    service_->NoteRenewed(device_.device_id);
    renewed.mutable_renewed()->set_certificate_pem(*cert);
    spdlog::info("device {} renewed its certificate", device_.device_id);
  } else {
    // An empty answer tells the terminal to keep its certificate and try later; HQ's
    // certificate calendar shows when and why. Recorded once in kRenewSpacing: a terminal
    // sending bad requests in a loop must not write to the database each time.
    if (service_->NoteRenewalRefused(device_.device_id)) {
      spdlog::warn("renewal for {} refused: {}", device_.device_id, cert.error().ToString());
      (void)service_->store_->RecordRenewalFailure(device_.device_id, cert.error().reason());
    }
    renewed.mutable_renewed();
  }
  Push(renewed);
}

void AgentStream::HoldForRateLocked(std::chrono::steady_clock::duration wait) {
  if (rate_held_ || done_) return;
  rate_held_ = true;
  service_->rate_holds_.fetch_add(1, std::memory_order_relaxed);
  // Once per stream, and bounded for all terminals together: a terminal that keeps sending too
  // fast is held at every message.
  if (!rate_warned_) {
    static LogBudget budget(20, std::chrono::minutes(1));
    if (uint64_t held = 0; budget.Take(&held)) {
      spdlog::warn(
          "device {}: sends results faster than HQ allows ({} a second); its stream is read more "
          "slowly, nothing is refused{}",
          device_.device_id, service_->ResultsPerSecondLimit(),
          held == 0 ? "" : fmt::format(" ({} more such lines not logged)", held));
    }
    rate_warned_ = true;
  }
  ++refs_;
  rate_alarm_ = std::make_unique<grpc::Alarm>();
  rate_alarm_->Set(std::chrono::system_clock::now() +
                       std::chrono::duration_cast<std::chrono::system_clock::duration>(wait),
                   [this](bool) {
                     {
                       std::lock_guard lock(mu_);
                       rate_held_ = false;
                       if (!cancelled_ && !done_) MaybeReadLocked();
                     }
                     Unref();
                   });
}

// The terminal's proof that this stream still reaches HQ (Welcome.echoes_heartbeats). At most
// one a second: a terminal sending heartbeats in a loop gets no more answers than an orderly one.
void AgentStream::EchoHeartbeatLocked(const v1::Heartbeat& heartbeat) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_echo_ < std::chrono::seconds(1)) return;
  last_echo_ = now;
  v1::ServerMessage echo;
  if (heartbeat.has_sent_at())
    *echo.mutable_heartbeat_echo()->mutable_sent_at() = heartbeat.sent_at();
  else
    echo.mutable_heartbeat_echo();
  PushLocked(echo);
}

}  // namespace kakunin::server
