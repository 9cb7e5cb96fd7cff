#pragma once
// The console's client layer: blocking gRPC calls to the server (TLS, session token in metadata).
// Called only from worker threads; Qt models never touch gRPC directly. The calls are virtual
// so that tests can put a slow or failing fake behind a page.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/console.grpc.pb.h"

namespace kakunin::console {

// HQ's replicas as one: a channel per address, calls go to the current one, and a call that
// finds it unreachable (UNAVAILABLE, DEADLINE_EXCEEDED) moves the console to the next, so the
// next call — or the live feed's reconnect — reaches a replica that is up.
class ReplicaRing {
 public:
  ReplicaRing(const std::vector<std::string>& addresses, const std::string& ca_pem);
  v1::ConsoleService::Stub* operator->() const { return stubs_[current_.load()].get(); }
  // Called by the channels' interceptor: `index` failed, so move past it (once per failure).
  void Failed(size_t index);
  const std::string& current_address() const { return addresses_[current_.load()]; }
  size_t size() const { return stubs_.size(); }

 private:
  std::vector<std::string> addresses_;
  std::vector<std::unique_ptr<v1::ConsoleService::Stub>> stubs_;
  std::atomic<size_t> current_{0};
};

class ConsoleClient {
 public:
  // server: one address or several, comma-separated (HQ's replicas, tried in turn).
  // ca_pem: the server's CA (HQ's device CA signs the server certificate).
  ConsoleClient(const std::string& server, const std::string& ca_pem);
  virtual ~ConsoleClient() = default;
  virtual Result<v1::LoginResponse> Login(const std::string& login, const std::string& password);
  virtual Result<v1::QueryResultsResponse> QueryResults(const v1::QueryResultsRequest& request);
  virtual Result<v1::ListDevicesResponse> ListDevices(const std::string& site_id = "");
  virtual Result<v1::EnrollmentToken> IssueEnrollmentToken(const std::string& site_id,
                                                           uint32_t ttl_seconds);
  virtual Result<v1::Device> ApproveDevice(const std::string& device_id,
                                           const std::string& verification_code);
  virtual Result<v1::Device> RevokeDevice(const std::string& device_id, const std::string& reason);
  // An unset route clears the terminal's own route: it follows its site again.
  virtual Result<v1::Device> SetDeviceRoute(const std::string& device_id,
                                            const v1::RouteSettings& route);
  virtual Result<v1::ListSitesResponse> ListSites();
  virtual Result<v1::Site> UpsertSite(const v1::Site& site);
  // Bulk onboarding (issue 19): the CSV checked (dry run) or saved.
  virtual Result<v1::ImportSitesResponse> ImportSites(const v1::ImportSitesRequest& request);
  // Onboarding board (issue 19, console/ui/onboarding_page): stores × stages, and HQ's change of
  // one stage (the store's row as now judged comes back).
  virtual Result<v1::ListOnboardingResponse> ListOnboarding(
      const v1::ListOnboardingRequest& request);
  virtual Result<v1::OnboardingSite> UpdateOnboardingStage(
      const v1::UpdateOnboardingStageRequest& request);
  virtual Result<v1::QueryAuditResponse> QueryAudit(const v1::QueryAuditRequest& request);
  virtual Result<v1::VerifyAuditResponse> VerifyAudit(const v1::VerifyAuditRequest& request);
  virtual Result<v1::ListSignedHeadsResponse> ListSignedHeads(uint32_t limit);
  // ---- Dashboard and result details (console/ui/dashboard_page, result_detail_dialog) ----
  virtual Result<v1::Dashboard> GetDashboard(const v1::GetDashboardRequest& request);
  virtual Result<v1::ResultRow> GetResult(const std::string& check_id);
  // Issue 19: card and reader failures per store and reader model (console/ui/failure_report_page).
  virtual Result<v1::FailureReport> GetFailureReport(uint32_t days);
  // Issue 19: the certificate calendar (console/ui/cert_calendar_page) and HQ's record of a
  // store's 資格確認端末 certificate.
  virtual Result<v1::CertificateCalendar> GetCertificateCalendar(const std::string& site_id);
  virtual Result<v1::CertificateEntry> SetTerminalCertificateExpiry(
      const v1::SetTerminalCertificateExpiryRequest& request);
  // ---- end ----
  // Starts ConsoleService.Watch on `reactor` (the caller then calls StartCall). No deadline:
  // the stream lives until cancelled through `ctx` or ended by the server.
  virtual void StartWatch(grpc::ClientContext* ctx, const v1::WatchRequest* request,
                          grpc::ClientReadReactor<v1::WatchEvent>* reactor);

  // For the other client files (subsidy_client.h): the stub, and a context carrying this
  // session's token and the call deadline.
  v1::ConsoleService::Stub* stub() { return stub_.operator->(); }
  // The replica calls go to now (host:port).
  const std::string& server_in_use() const { return stub_.current_address(); }
  void AuthorizeContext(grpc::ClientContext* ctx) { Authorize(ctx); }

 private:
  void Authorize(grpc::ClientContext* ctx);
  void AddSession(grpc::ClientContext* ctx);
  ReplicaRing stub_;
  std::mutex mu_;
  std::string session_;
};

}  // namespace kakunin::console
