#include "server/storage/fleet_store.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/domain/check_digit.h"
#include "common/site/site_rules.h"
#include "common/subsidy/transitional.h"
#include "server/audit/audit_store.h"
#include "server/ingest/result_limits.h"
#include "server/pki/device_ca.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {
namespace {
using google::protobuf::util::TimeUtil;

std::string Hash(const std::string& s) { return ToString(crypto::Sha256(ToBytes(s))); }

v1::DeviceStatus ParseStatus(const std::string& s) {
  if (s == "active") return v1::DEVICE_STATUS_ACTIVE;
  if (s == "revoked") return v1::DEVICE_STATUS_REVOKED;
  return v1::DEVICE_STATUS_PENDING;
}

// Site settings live in one jsonb column, as the Site message's JSON form (minus the columns).
v1::Site RowToSite(const pqxx::row& r) {
  v1::Site s;
  std::string settings = r["settings"].c_str();
  google::protobuf::util::JsonParseOptions opts;
  opts.ignore_unknown_fields = true;
  (void)google::protobuf::util::JsonStringToMessage(settings, &s, opts);
  s.set_site_id(r["site_id"].c_str());
  s.set_name(r["name"].c_str());
  s.set_institution_code(r["institution_code"].c_str());
  s.set_prefecture(r["prefecture"].c_str());
  s.set_facility_kind(r["facility_kind"].c_str());
  return s;
}

google::protobuf::Timestamp FromUnixMicros(int64_t us) {
  return TimeUtil::MicrosecondsToTimestamp(us);
}

}  // namespace

Status ValidateSite(const v1::Site& site) {
  if (site.site_id().empty() || site.name().empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "site.incomplete",
                     "site id and name are required");
  }
  // Bounded, printable text before anything reaches a query or a screen.
  for (char c : site.site_id()) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (!ok || site.site_id().size() > 64) {
      return MakeError(ErrorCode::kInvalidArgument, "site.bad_field",
                       "a site id is 1-64 letters, digits, '-', '_' or '.'");
    }
  }
  // The route first: its folder rules name the problem better than the generic field bounds.
  KAKUNIN_RETURN_IF_ERROR(ValidateRouteSettings(site.route(), false));
  if (auto why = ValidateFields(site)) {
    return MakeError(ErrorCode::kInvalidArgument, "site.bad_field", *why);
  }
  // The portal's rules for 電話番号 and e-mail (common/site, as the console and the import).
  if (auto why = site::PhoneProblem(site.phone())) {
    return MakeError(ErrorCode::kInvalidArgument, "site.bad_phone",
                     *why == "site.phone_full_width"
                         ? "the telephone number has full-width characters; use half-width digits"
                         : "a telephone number is 10 or 11 half-width digits without hyphens");
  }
  if (site::EmailProblem(site.email())) {
    return MakeError(ErrorCode::kInvalidArgument, "site.bad_email",
                     "the e-mail address is not of the form name@example.jp");
  }
  // Facility kind and 経過措置 (category, event date) through the mapping the 経過措置 view and
  // the subsidy rules use, so a site saved here is one they can judge.
  if (auto record =
          subsidy::SiteFromRecord(site.facility_kind(), static_cast<int>(site.transitional()),
                                  site.transitional_event_date());
      !record.ok()) {
    return record.error();
  }
  if (!site.institution_code().empty()) {
    auto check = domain::ValidateMedicalInstitutionCode10(site.institution_code());
    // A mismatch on a code whose rule we could not verify (調剤) may stand, but only with the
    // reason recorded (it goes into the audit record with the site).
    bool overridden = check.override_allowed &&
                      check.outcome == domain::DigitCheckOutcome::kCheckDigitMismatch &&
                      !site.code_override_reason().empty();
    if (!check.ok() && !overridden) {
      std::string msg = "医療機関等コード " + site.institution_code() + " is not valid";
      if (check.expected_digit >= 0)
        msg += "; the check digit should be " + std::to_string(check.expected_digit);
      if (check.override_allowed) msg += " (or record why the code stands as it is)";
      return MakeError(ErrorCode::kInvalidArgument, check.reason, msg);
    }
  }
  return OkStatus();
}

Result<v1::Site> FleetStore::UpsertSite(const v1::Site& site, const std::string& actor) {
  KAKUNIN_RETURN_IF_ERROR(ValidateSite(site));
  std::string settings;
  (void)google::protobuf::util::MessageToJsonString(site, &settings);
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto r = tx.exec_params1(
        "INSERT INTO sites(site_id, name, institution_code, prefecture, facility_kind, settings) "
        "VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (site_id) DO UPDATE SET "
        "name = EXCLUDED.name, institution_code = EXCLUDED.institution_code, prefecture = "
        "EXCLUDED.prefecture, facility_kind = EXCLUDED.facility_kind, settings = EXCLUDED.settings "
        "RETURNING *",
        site.site_id(), site.name(), site.institution_code(), site.prefecture(),
        site.facility_kind().empty() ? "pharmacy" : site.facility_kind(), settings);
    AppendAuditInTx(
        tx, {AuditEvent("site.saved", actor, site.site_id(), "", site.site_id(), settings)});
    // The site's terminals get their new settings at once, through whichever replica holds them.
    tx.exec_params(
        "SELECT pg_notify('kakunin_devices', device_id) FROM devices WHERE site_id = $1 AND "
        "status = 'active'",
        site.site_id());
    tx.commit();
    return RowToSite(r);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::vector<v1::Site>> FleetStore::ListSites() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    std::vector<v1::Site> out;
    for (const auto& r : tx.exec("SELECT * FROM sites ORDER BY site_id"))
      out.push_back(RowToSite(r));
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::Site> FleetStore::GetSite(const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params("SELECT * FROM sites WHERE site_id = $1", site_id);
    if (rows.empty())
      return MakeError(ErrorCode::kNotFound, "site.not_found", "no site " + site_id);
    return RowToSite(rows[0]);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status FleetStore::AuditEnrollRefusal(const std::string& reason, const std::string& source,
                                      const std::string& hostname) {
  std::string host;
  for (unsigned char c : hostname.substr(0, 64)) host += (c < 0x20 || c >= 0x7f) ? '?' : c;
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    nlohmann::json details = {
        {"reason", reason.substr(0, 64)}, {"source", source.substr(0, 64)}, {"hostname", host}};
    AppendAuditInTx(tx, {AuditEvent("device.enroll_refused", "enroll:" + source.substr(0, 64), "",
                                    "", "", details.dump())});
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<IssuedToken> FleetStore::IssueEnrollmentToken(const std::string& site_id, int ttl_seconds,
                                                     const std::string& created_by) {
  // A token that expires before anyone can type it, or lives past a week, is a mistake.
  if (ttl_seconds < kMinTokenTtlSeconds || ttl_seconds > kMaxTokenTtlSeconds) {
    return MakeError(ErrorCode::kInvalidArgument, "enroll.bad_ttl",
                     "a token's validity is " + std::to_string(kMinTokenTtlSeconds) + " to " +
                         std::to_string(kMaxTokenTtlSeconds) + " seconds (a week)");
  }
  IssuedToken t;
  KAKUNIN_ASSIGN_OR_RETURN(t.token, crypto::RandomHex(16));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto site = tx.exec_params("SELECT 1 FROM sites WHERE site_id = $1", site_id);
    if (site.empty()) {
      return MakeError(ErrorCode::kNotFound, "site.not_found", "no site '" + site_id + "'");
    }
    auto r = tx.exec_params1(
        "INSERT INTO enrollment_tokens(token_hash, site_id, expires_at, created_by) "
        "VALUES ($1, $2, now() + make_interval(secs => $3), $4) "
        "RETURNING extract(epoch FROM expires_at)::bigint",
        pqxx::binarystring(Hash(t.token)), site_id, ttl_seconds, created_by);
    t.expires_at_unix = r[0].as<int64_t>();
    // The token itself is never recorded: a short prefix of its hash identifies it.
    AppendAuditInTx(tx, {AuditEvent("device.token_issued", created_by, site_id, "",
                                    ToHex(ToBytes(Hash(t.token))).substr(0, 16),
                                    "{\"ttl_seconds\":" + std::to_string(ttl_seconds) + "}")});
    tx.commit();
    return t;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::EnrollResponse> FleetStore::Enroll(const v1::EnrollRequest& req, const DeviceCa& ca,
                                              int cert_lifetime_days) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto rows = tx.exec_params(
        "SELECT t.site_id, t.used_at IS NOT NULL AS used, t.expires_at < now() AS expired, "
        "s.settings FROM enrollment_tokens t JOIN sites s USING (site_id) "
        "WHERE t.token_hash = $1 FOR UPDATE OF t",
        pqxx::binarystring(Hash(req.token())));
    if (rows.empty()) {
      return MakeError(ErrorCode::kUnauthenticated, "enroll.bad_token", "unknown enrollment token");
    }
    if (rows[0]["used"].as<bool>()) {
      return MakeError(ErrorCode::kUnauthenticated, "enroll.token_used",
                       "this enrollment token was already used; ask HQ for a new one");
    }
    if (rows[0]["expired"].as<bool>()) {
      return MakeError(ErrorCode::kUnauthenticated, "enroll.token_expired",
                       "this enrollment token has expired; ask HQ for a new one");
    }
    std::string site_id = rows[0]["site_id"].c_str();
    v1::Site site;
    google::protobuf::util::JsonParseOptions opts;
    opts.ignore_unknown_fields = true;
    (void)google::protobuf::util::JsonStringToMessage(rows[0]["settings"].c_str(), &site, opts);
    KAKUNIN_ASSIGN_OR_RETURN(std::string device_suffix, crypto::RandomHex(8));
    const std::string device_id = "dev-" + device_suffix;
    KAKUNIN_ASSIGN_OR_RETURN(auto issued, ca.IssueDeviceCertificate(req.csr_pem(), device_id,
                                                                    site_id, cert_lifetime_days));
    std::string status = site.auto_approve_devices() ? "active" : "pending";
    const auto& f = req.facts();
    tx.exec_params(
        "INSERT INTO devices(device_id, site_id, status, public_key_sha256, verification_code, "
        "cert_serial, cert_not_after, hostname, os, agent_version, terminal_name, reader_name, "
        "extended_apdu) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7), $8, $9, $10, $11, $12, "
        "$13)",
        device_id, site_id, status, pqxx::binarystring(ToString(issued.public_key_sha256)),
        issued.verification_code, issued.serial_hex, static_cast<int64_t>(issued.not_after),
        f.hostname(), f.os(), f.agent_version(), f.terminal_name(), f.reader_name(),
        f.extended_apdu());
    tx.exec_params(
        "UPDATE enrollment_tokens SET used_at = now(), used_by = $2 WHERE token_hash = $1",
        pqxx::binarystring(Hash(req.token())), device_id);
    tx.exec_params("SELECT pg_notify('kakunin_devices', $1)", device_id);
    AppendAuditInTx(
        tx,
        {AuditEvent("device.enrolled", "device:" + device_id, site_id, device_id, issued.serial_hex,
                    "{\"status\":\"" + status +
                        "\",\"hostname\":" + nlohmann::json(f.hostname()).dump() +
                        ",\"verification_code\":\"" + issued.verification_code + "\"}")});
    tx.commit();
    v1::EnrollResponse resp;
    resp.set_device_id(device_id);
    resp.set_certificate_pem(issued.certificate_pem);
    resp.set_ca_chain_pem(ca.ca_pem());
    resp.set_status(ParseStatus(status));
    resp.set_verification_code(issued.verification_code);
    resp.set_site_id(site_id);
    return resp;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<DeviceRecord> FleetStore::GetDevice(const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        "SELECT site_id, status, cert_serial, acked_sequence, coalesce(renewed_serial, ''), "
        "extract(epoch FROM cert_not_after)::bigint, "
        "floor(extract(epoch FROM greatest(created_at, cert_renewed_at)))::bigint "
        "FROM devices WHERE device_id = $1",
        device_id);
    if (rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "device.unknown", "unknown device " + device_id);
    }
    DeviceRecord d;
    d.device_id = device_id;
    d.site_id = rows[0][0].c_str();
    d.status = rows[0][1].c_str();
    d.cert_serial = rows[0][2].c_str();
    d.acked_sequence = rows[0][3].as<uint64_t>();
    d.renewed_serial = rows[0][4].c_str();
    d.cert_not_after = rows[0][5].as<int64_t>();
    d.last_issued_at = rows[0][6].as<int64_t>();
    return d;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::string> FleetStore::RenewCertificate(const DeviceRecord& device,
                                                 const std::string& csr_pem, const DeviceCa& ca,
                                                 int cert_lifetime_days) {
  KAKUNIN_ASSIGN_OR_RETURN(
      auto issued,
      ca.IssueDeviceCertificate(csr_pem, device.device_id, device.site_id, cert_lifetime_days));
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto r = tx.exec_params(
        "UPDATE devices SET renewed_serial = $2, renewed_not_after = to_timestamp($3), "
        "cert_renewed_at = now() WHERE device_id = $1 AND status = 'active'",
        device.device_id, issued.serial_hex, static_cast<int64_t>(issued.not_after));
    if (r.affected_rows() == 0) {
      return MakeError(ErrorCode::kFailedPrecondition, "device.not_active",
                       "only an active terminal can renew its certificate");
    }
    AppendAuditInTx(tx, {AuditEvent("device.cert_renewed", "device:" + device.device_id,
                                    device.site_id, device.device_id, issued.serial_hex,
                                    "{\"not_after\":" + std::to_string(issued.not_after) + "}")});
    tx.commit();
    return issued.certificate_pem;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<bool> FleetStore::AdoptNewerCertificate(const DeviceRecord& device,
                                               const std::string& serial, int64_t not_after,
                                               int64_t issued_at) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto r = tx.exec_params(
        "UPDATE devices SET cert_serial = $2, cert_not_after = to_timestamp($3), "
        "cert_renewed_at = to_timestamp($5), renewed_serial = NULL, renewed_not_after = NULL "
        "WHERE device_id = $1 AND cert_serial = $4 AND "
        "floor(extract(epoch FROM greatest(created_at, cert_renewed_at)))::bigint < $5",
        device.device_id, serial, not_after, device.cert_serial, issued_at);
    if (r.affected_rows() == 0) return false;
    AppendAuditInTx(tx, {AuditEvent("device.cert_adopted", "device:" + device.device_id,
                                    device.site_id, device.device_id, serial,
                                    "{\"not_after\":" + std::to_string(not_after) +
                                        ",\"issued_at\":" + std::to_string(issued_at) +
                                        ",\"replaced_serial\":\"" + device.cert_serial + "\"}")});
    tx.commit();
    return true;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status FleetStore::PromoteRenewedCertificate(const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    tx.exec_params(
        "UPDATE devices SET cert_serial = renewed_serial, cert_not_after = renewed_not_after, "
        "renewed_serial = NULL, renewed_not_after = NULL "
        "WHERE device_id = $1 AND renewed_serial IS NOT NULL",
        device_id);
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

namespace {

constexpr char kDeviceViewSql[] =
    "SELECT *, extract(epoch FROM last_seen)::bigint AS seen, "
    "extract(epoch FROM cert_not_after)::bigint AS cert_end, "
    "extract(epoch FROM reader_status_since)::bigint AS reader_since, "
    "extract(epoch FROM store_status_since)::bigint AS store_since, "
    "(status <> 'revoked' AND coalesce(last_seen > now() - interval '90 seconds', false)) AS "
    "is_online FROM devices ";

v1::Device DeviceFromRow(const pqxx::row& r) {
  v1::Device d;
  d.set_device_id(r["device_id"].c_str());
  d.set_site_id(r["site_id"].c_str());
  d.set_status(ParseStatus(r["status"].c_str()));
  auto* f = d.mutable_facts();
  f->set_hostname(r["hostname"].c_str());
  f->set_os(r["os"].c_str());
  f->set_agent_version(r["agent_version"].c_str());
  f->set_terminal_name(r["terminal_name"].c_str());
  f->set_reader_name(r["reader_name"].c_str());
  f->set_extended_apdu(r["extended_apdu"].as<bool>());
  d.set_online(r["is_online"].as<bool>());
  if (!r["seen"].is_null())
    *d.mutable_last_seen() = FromUnixMicros(r["seen"].as<int64_t>() * 1000000);
  *d.mutable_certificate_not_after() = FromUnixMicros(r["cert_end"].as<int64_t>() * 1000000);
  d.set_outbox_depth(r["outbox_depth"].as<uint64_t>());
  d.set_verification_code(r["verification_code"].c_str());
  if (!r["revoke_reason"].is_null()) d.set_revoke_reason(r["revoke_reason"].c_str());
  d.set_acked_sequence(r["acked_sequence"].as<uint64_t>());
  RouteFromJson(r["route_settings"].c_str(), d.mutable_route_override());
  d.set_reader_status(r["reader_status"].c_str());
  if (!r["reader_since"].is_null())
    *d.mutable_reader_status_since() = FromUnixMicros(r["reader_since"].as<int64_t>() * 1000000);
  d.set_store_status(r["store_status"].c_str());
  if (!r["store_since"].is_null())
    *d.mutable_store_status_since() = FromUnixMicros(r["store_since"].as<int64_t>() * 1000000);
  d.set_unsaved_results(r["unsaved_results"].as<uint64_t>());
  return d;
}

}  // namespace

Result<std::vector<v1::Device>> FleetStore::ListDevices(const std::string& site_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(
        std::string(kDeviceViewSql) + "WHERE $1 = '' OR site_id = $1 ORDER BY site_id, device_id",
        site_id);
    std::vector<v1::Device> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(DeviceFromRow(r));
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::optional<v1::Device>> FleetStore::DeviceView(const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    auto rows = tx.exec_params(std::string(kDeviceViewSql) + "WHERE device_id = $1", device_id);
    if (rows.empty()) return std::optional<v1::Device>();
    return std::optional<v1::Device>(DeviceFromRow(rows[0]));
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status FleetStore::SetDeviceStatus(const std::string& device_id, const std::string& status,
                                   const std::string& reason, const std::string& actor) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    auto r = tx.exec_params(
        "UPDATE devices SET status = $2, revoke_reason = nullif($3, '') WHERE device_id = $1",
        device_id, status, reason);
    if (r.affected_rows() == 0) {
      return MakeError(ErrorCode::kNotFound, "device.unknown", "unknown device " + device_id);
    }
    auto site = tx.exec_params1("SELECT site_id FROM devices WHERE device_id = $1", device_id);
    // Every replica hears it at commit: watchers update, replicas cut a revoked stream.
    tx.exec_params("SELECT pg_notify('kakunin_devices', $1)", device_id);
    AppendAuditInTx(tx, {AuditEvent(status == "revoked"  ? "device.revoked"
                                    : status == "active" ? "device.approved"
                                                         : "device.status",
                                    actor, site[0].c_str(), device_id, device_id,
                                    "{\"reason\":" + nlohmann::json(reason).dump() + "}")});
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::set<std::string>> FleetStore::RevokedSerials() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    std::set<std::string> out;
    for (const auto& r :
         tx.exec("SELECT cert_serial FROM devices WHERE status = 'revoked' UNION ALL "
                 "SELECT renewed_serial FROM devices WHERE status = 'revoked' AND "
                 "renewed_serial IS NOT NULL")) {
      out.insert(r[0].c_str());
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::string> FleetStore::DeviceSerial(const std::string& device_id) {
  KAKUNIN_ASSIGN_OR_RETURN(auto d, GetDevice(device_id));
  return d.cert_serial;
}

Result<FleetStore::FleetGauges> FleetStore::Gauges() {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    // Depths are a terminal's word: summed in numeric and capped, never an overflow.
    auto r = tx.exec1(
        "SELECT least(coalesce(sum(outbox_depth) FILTER (WHERE last_seen > now() - interval "
        "'90 seconds'), 0), 9223372036854775807)::bigint, "
        "least(coalesce(sum(outbox_depth::numeric) FILTER (WHERE status = 'active' AND "
        "(last_seen IS NULL OR last_seen <= now() - interval '90 seconds')), 0), "
        "9223372036854775807)::bigint, "
        "count(*) FILTER (WHERE status = 'active'), "
        "count(*) FILTER (WHERE status = 'active' AND (last_seen IS NULL OR last_seen <= now() - "
        "interval '5 minutes')), "
        // What the connected terminals' last heartbeats said (terminal_health.h's ids).
        "count(*) FILTER (WHERE status = 'active' AND last_seen > now() - interval '90 seconds' "
        "AND reader_status = 'no_reader'), "
        "count(*) FILTER (WHERE status = 'active' AND last_seen > now() - interval '90 seconds' "
        "AND store_status IN ('cannot_save', 'cannot_read')), "
        // The newest backup: one step down the index on finished_at.
        "(SELECT coalesce(floor(extract(epoch FROM max(finished_at))), 0)::bigint FROM backups) "
        "FROM devices");
    FleetGauges g;
    g.outbox_heard = r[0].as<uint64_t>();
    g.outbox_unheard = r[1].as<uint64_t>();
    g.active = r[2].as<uint64_t>();
    g.unheard_5min = r[3].as<uint64_t>();
    g.without_reader = r[4].as<uint64_t>();
    g.store_failing = r[5].as<uint64_t>();
    g.last_backup_at = r[6].as<int64_t>();
    return g;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Status FleetStore::RecordHeartbeat(const std::string& device_id, uint64_t outbox_depth,
                                   const v1::TerminalFacts* facts) {
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    if (facts) {
      tx.exec_params(
          "UPDATE devices SET last_seen = now(), outbox_depth = $2, hostname = $3, os = $4, "
          "agent_version = $5, reader_name = $6, extended_apdu = $7 WHERE device_id = $1",
          device_id, static_cast<int64_t>(outbox_depth), facts->hostname(), facts->os(),
          facts->agent_version(), facts->reader_name(), facts->extended_apdu());
    } else {
      tx.exec_params("UPDATE devices SET last_seen = now(), outbox_depth = $2 WHERE device_id = $1",
                     device_id, static_cast<int64_t>(outbox_depth));
    }
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
