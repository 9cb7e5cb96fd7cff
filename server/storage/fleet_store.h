#pragma once
// PostgreSQL access for the organisation (sites), terminal registration (tokens, devices) and
// check results. Every method is one transaction; libpqxx exceptions become Errors here.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/console.pb.h"
#include "server/storage/pool.h"
#include "server/storage/sealer.h"

namespace kakunin::server {

// Bounds of an enrollment token's validity, in seconds.
inline constexpr int kMinTokenTtlSeconds = 60;
inline constexpr int kMaxTokenTtlSeconds = 7 * 86400;

class DeviceCa;

// Required fields, known facility kind, and a 10-digit 医療機関等コード with its check digit.
Status ValidateSite(const v1::Site& site);

struct DeviceRecord {
  std::string device_id;
  std::string site_id;
  std::string status;  // pending / active / revoked
  std::string cert_serial;
  uint64_t acked_sequence = 0;
  std::string renewed_serial;  // issued by renewal, not yet used by the terminal
  int64_t cert_not_after = 0;  // Unix seconds, of cert_serial's certificate
  // The latest time HQ's row knows a certificate was issued for it (enrollment or renewal),
  // whole Unix seconds.
  int64_t last_issued_at = 0;
};

struct IssuedToken {
  std::string token;
  int64_t expires_at_unix = 0;
};

class FleetStore {
 public:
  FleetStore(ConnectionPool* pool, const Sealer* sealer) : pool_(pool), sealer_(sealer) {}

  // Validates the 医療機関等コード (check digit) and facility kind; audited as `actor`.
  Result<v1::Site> UpsertSite(const v1::Site& site, const std::string& actor);
  Result<std::vector<v1::Site>> ListSites();
  Result<v1::Site> GetSite(const std::string& site_id);

  // `created_by`: the audit actor, "user:<login>" or "cli:token-issue" (a console user named
  // "cli" was recorded as the command line when the store guessed it from the login).
  Result<IssuedToken> IssueEnrollmentToken(const std::string& site_id, int ttl_seconds,
                                           const std::string& created_by);
  // An enrollment refused (bad, used or expired token, malformed request, throttled): audited
  // as "device.enroll_refused" with the reason, the source address and the reported hostname
  // (made printable, at most 64 bytes).
  Status AuditEnrollRefusal(const std::string& reason, const std::string& source,
                            const std::string& hostname);
  // Consumes the token and records the device in one transaction.
  Result<v1::EnrollResponse> Enroll(const v1::EnrollRequest& request, const DeviceCa& ca,
                                    int cert_lifetime_days);

  Result<DeviceRecord> GetDevice(const std::string& device_id);
  // Renewal over the stream: signs the CSR and records the certificate beside the current one
  // (audited). The old certificate stays valid until the terminal connects with the new one.
  Result<std::string> RenewCertificate(const DeviceRecord& device, const std::string& csr_pem,
                                       const DeviceCa& ca, int cert_lifetime_days);
  // The terminal connected with its renewed certificate: it becomes the current one.
  Status PromoteRenewedCertificate(const std::string& device_id);
  // A certificate of this device issued after every issue HQ's row knows of (TLS verified it
  // as this CA's): HQ's row is older than the terminal, as after a restore from a backup taken
  // before a renewal. It becomes the device's, its issue time the row's latest (so an older
  // copy's certificate is not taken after it), audited (device.cert_adopted). False when the
  // row changed meanwhile or knows a later issue.
  Result<bool> AdoptNewerCertificate(const DeviceRecord& device, const std::string& serial,
                                     int64_t not_after, int64_t issued_at);
  // Certificate calendar (issue 19; fleet_certificates.cpp). A refused renewal: when and why
  // (the calendar shows it; the log has the details).
  Status RecordRenewalFailure(const std::string& device_id, const std::string& reason);
  // What a terminal read from the 資格確認端末 certificate file HQ named (bounded by the
  // caller); written only when it differs from the last report.
  Status RecordTerminalCertificate(const DeviceRecord& device,
                                   const v1::TerminalCertificateReport& report);
  // HQ's record of the site's 資格確認端末 certificate, as its terminals receive it.
  Result<v1::TerminalCertificateSetting> SiteTerminalCertificate(const std::string& site_id);
  Result<std::vector<v1::Device>> ListDevices(const std::string& site_id);
  // One device as ListDevices shows it; none when it is unknown.
  Result<std::optional<v1::Device>> DeviceView(const std::string& device_id);
  Status SetDeviceStatus(const std::string& device_id, const std::string& status,
                         const std::string& reason, const std::string& actor);
  // A terminal's own eligibility route (validated; an unset route clears it), audited as
  // "device.route_set". The device as listed afterwards.
  Result<v1::Device> SetDeviceRoute(const std::string& device_id, const v1::RouteSettings& route,
                                    const std::string& actor);
  // Its own route ('{}' = follows the site).
  Result<v1::RouteSettings> DeviceRoute(const std::string& device_id);
  Result<std::set<std::string>> RevokedSerials();
  Result<std::string> DeviceSerial(const std::string& device_id);
  // For /metrics: what an operator alerts on. A terminal that went quiet drops out of the
  // outbox depth of those heard from in the last 90 s exactly when its outbox may grow, so its
  // last reported depth is counted apart.
  struct FleetGauges {
    uint64_t outbox_heard = 0;    // Σ depth of terminals heard from in the last 90 s
    uint64_t outbox_unheard = 0;  // last reported by active terminals not heard from in 90 s
    uint64_t active = 0;          // active terminals
    uint64_t unheard_5min = 0;    // active terminals not heard from in 5 minutes (or never)
    // Of the active terminals heard from in the last 90 s: those whose last heartbeat said no
    // card reader is connected, and those that said their outbox cannot be written or read.
    uint64_t without_reader = 0;
    uint64_t store_failing = 0;
    // When the newest backup recorded in this database finished (Unix seconds); 0 when none
    // ever was (table backups: `kakunin-server backup` writes it).
    int64_t last_backup_at = 0;
  };
  Result<FleetGauges> Gauges();
  Status RecordHeartbeat(const std::string& device_id, uint64_t outbox_depth,
                         const v1::TerminalFacts* facts);
  // A terminal holds nothing below `lowest_held` (its hello): the sequences between its
  // acknowledgement and there that HQ does not have will never come (HQ restored from an older
  // backup, a terminal's lost rows). They are acknowledged, with an audit record
  // (device.sequence_gap) of the range and how many HQ lacks, so that the terminal's later
  // results are acknowledged again. The new acknowledgement, or nullopt when there was no gap.
  struct SequenceGap {
    uint64_t from = 0, to = 0;  // the sequences closed, inclusive
    uint64_t missing = 0;       // of those, not stored at HQ
  };
  Result<std::optional<SequenceGap>> CloseSequenceGap(const DeviceRecord& device,
                                                      uint64_t lowest_held);

  Result<v1::QueryResultsResponse> QueryResults(const v1::QueryResultsRequest& request,
                                                const std::vector<std::string>* site_scope,
                                                bool with_patient_data);
  // One check with its patient fields opened (the caller has checked role, scope and window).
  Result<v1::ResultRow> ResultWithPatientData(const std::string& check_id);
  // Rows by check id, without patient fields (live watch events), newest first; at most
  // kMaxRowsByIds ids.
  static constexpr size_t kMaxRowsByIds = 1000;
  Result<std::vector<v1::ResultRow>> ResultRowsByIds(const std::vector<std::string>& ids);

 private:
  Result<v1::QueryResultsResponse> QueryRows(const v1::QueryResultsRequest& request,
                                             const std::vector<std::string>* site_scope,
                                             bool with_patient_data,
                                             const std::vector<std::string>& ids);
  ConnectionPool* pool_;
  const Sealer* sealer_;
};

}  // namespace kakunin::server
