// FleetStore: what the certificate calendar (issue 19) learns from terminals — refused device
// certificate renewals, and the 資格確認端末 certificate a terminal read from the file HQ named.
#include <pqxx/pqxx>

#include "server/storage/fleet_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"

namespace kakunin::server {

Status FleetStore::RecordRenewalFailure(const std::string& device_id, const std::string& reason) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    tx.exec_params(
        "UPDATE devices SET cert_renew_failed_at = now(), cert_renew_failure = left($2, 64) "
        "WHERE device_id = $1",
        device_id, reason);
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status FleetStore::RecordTerminalCertificate(const DeviceRecord& device,
                                             const v1::TerminalCertificateReport& r) {
  const bool read = r.problem().empty() && r.has_not_after();
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // A terminal repeats the same facts with every heartbeat: only a change is a write (and the
    // read time is the time the facts were first seen, not refreshed every 30 s).
    tx.exec_params(
        "INSERT INTO terminal_certificate_reports AS t(device_id, site_id, cert_path, not_before, "
        "not_after, subject, serial_hex, problem) VALUES ($1, $2, $3, "
        "CASE WHEN $4 THEN to_timestamp($5) END, CASE WHEN $4 THEN to_timestamp($6) END, $7, $8, "
        "$9) ON CONFLICT (device_id) DO UPDATE SET site_id = excluded.site_id, cert_path = "
        "excluded.cert_path, not_before = excluded.not_before, not_after = excluded.not_after, "
        "subject = excluded.subject, serial_hex = excluded.serial_hex, problem = "
        "excluded.problem, reported_at = now() WHERE (t.site_id, t.cert_path, t.not_after, "
        "t.subject, t.serial_hex, t.problem) IS DISTINCT FROM (excluded.site_id, "
        "excluded.cert_path, excluded.not_after, excluded.subject, excluded.serial_hex, "
        "excluded.problem)",
        device.device_id, device.site_id, r.path(), read, r.not_before().seconds(),
        r.not_after().seconds(), r.subject(), r.serial_hex(), r.problem());
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::TerminalCertificateSetting> FleetStore::SiteTerminalCertificate(
    const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT coalesce(last_valid_day::text, ''), cert_path FROM site_terminal_certificates "
        "WHERE site_id = $1",
        site_id);
    v1::TerminalCertificateSetting out;
    if (!rows.empty()) {
      out.set_last_valid_day(rows[0][0].c_str());
      out.set_path(rows[0][1].c_str());
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
