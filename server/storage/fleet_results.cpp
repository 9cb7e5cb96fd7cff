// FleetStore's results: the console's filtered pages, one row by id (detail view, live
// watch), a check with its patient fields opened, and a terminal's sequence gap closed. The
// rest of the store is fleet_store.cpp.

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <pqxx/pqxx>

#include "common/core/bytes.h"
#include "common/domain/review_window.h"
#include "server/audit/audit_store.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pg_text.h"
#include "server/storage/read_tx.h"
#include "server/storage/results_query.h"

namespace kakunin::server {
namespace {

google::protobuf::Timestamp FromUnixMicros(int64_t us) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(us);
}

// The result row's columns as the console sees them. Rows stored before the edge limits may
// hold huge strings (a 10 MiB reader name once made every results page 315 MB): never more
// than the limit leaves the database.
constexpr char kResultColumns[] =
    "SELECT c.device_id, c.site_id, c.sequence, c.mode, c.route, c.source, c.outcome, "
    "c.extended_apdu, c.apdu_count, c.duration_ms, left(c.reader_name, 128) AS reader_shown, "
    "left(c.error_reason, 64) AS reason_shown, c.check_id::text AS id, "
    "(extract(epoch FROM c.checked_at) * 1e6)::bigint AS at_us, "
    "(extract(epoch FROM c.received_at) * 1e6)::bigint AS rx_us";
constexpr char kRowsByIdsStatement[] = "kakunin_result_rows_by_ids";

// Everything of kResultColumns' row but the patient fields.
void FillResultRow(const pqxx::row& r, v1::ResultRow& row) {
  row.set_check_id(r["id"].c_str());
  row.set_device_id(r["device_id"].c_str());
  row.set_site_id(r["site_id"].c_str());
  row.set_sequence(r["sequence"].as<uint64_t>());
  *row.mutable_received_at() = FromUnixMicros(r["rx_us"].as<int64_t>());
  auto* res = row.mutable_result();
  res->set_check_id(row.check_id());
  res->set_sequence(row.sequence());
  *res->mutable_checked_at() = FromUnixMicros(r["at_us"].as<int64_t>());
  res->set_mode(static_cast<v1::IdentityMode>(r["mode"].as<int>()));
  res->set_route(static_cast<v1::CheckRoute>(r["route"].as<int>()));
  res->set_source(static_cast<v1::CheckSource>(r["source"].as<int>()));
  res->set_outcome(static_cast<v1::Outcome>(r["outcome"].as<int>()));
  res->mutable_reader()->set_name(r["reader_shown"].c_str());
  res->mutable_reader()->set_extended_apdu(r["extended_apdu"].as<bool>());
  res->set_error_reason(r["reason_shown"].c_str());
  res->set_apdu_count(r["apdu_count"].as<uint32_t>());
  res->set_duration_ms(r["duration_ms"].as<uint32_t>());
}

}  // namespace

Result<v1::QueryResultsResponse> FleetStore::QueryResults(
    const v1::QueryResultsRequest& req, const std::vector<std::string>* site_scope,
    bool with_patient_data) {
  return QueryRows(req, site_scope, with_patient_data, {});
}

Result<std::vector<v1::ResultRow>> FleetStore::ResultRowsByIds(
    const std::vector<std::string>& ids) {
  if (ids.empty()) return std::vector<v1::ResultRow>{};
  if (ids.size() > kMaxRowsByIds) {
    return MakeError(ErrorCode::kInvalidArgument, "results.too_many_ids",
                     "at most " + std::to_string(kMaxRowsByIds) + " checks at once");
  }
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    // The live watch loads every commit's rows, hundreds of times a second at 1,000 results/s.
    // As the filtered page's statement inside a read-only transaction, each load was parsed and
    // planned anew and cost three round trips: ≈ a tenth of PostgreSQL's CPU. One statement,
    // prepared once per connection, needs no transaction around it.
    conn->prepare(kRowsByIdsStatement,
                  std::string(kResultColumns) +
                      ", p.check_id IS NOT NULL AS patient_available FROM check_results c "
                      "LEFT JOIN check_patient_data p ON p.check_id = c.check_id AND "
                      "p.checked_at = c.checked_at WHERE c.check_id = ANY($1::uuid[]) "
                      "ORDER BY c.checked_at DESC, c.check_id DESC");
    pqxx::nontransaction tx(*conn);
    const pqxx::result rows = tx.exec_prepared(kRowsByIdsStatement, PgTextArray(ids));
    std::vector<v1::ResultRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      v1::ResultRow& row = out.emplace_back();
      FillResultRow(r, row);
      row.set_patient_data_available(r["patient_available"].as<bool>());
    }
    return out;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<v1::ResultRow> FleetStore::ResultWithPatientData(const std::string& check_id) {
  v1::QueryResultsRequest req;
  req.set_page_size(1);
  KAKUNIN_ASSIGN_OR_RETURN(auto resp, QueryRows(req, nullptr, true, {check_id}));
  if (resp.rows().empty()) {
    return MakeError(ErrorCode::kNotFound, "results.not_found", "no such check");
  }
  return resp.rows(0);
}

Result<v1::QueryResultsResponse> FleetStore::QueryRows(const v1::QueryResultsRequest& req,
                                                       const std::vector<std::string>* site_scope,
                                                       bool with_patient_data,
                                                       const std::vector<std::string>& ids) {
  const auto& f = req.filter();
  KAKUNIN_ASSIGN_OR_RETURN(ResultsQuery q, ParseResultsQuery(req));
  const uint32_t limit = q.limit;
  const auto& cursor_us = q.cursor_us;
  const auto& cursor_id = q.cursor_id;
  const auto& from_us = q.from_us;
  const auto& to_us = q.to_us;
  std::string scope = site_scope ? PgTextArray(*site_scope) : "{}";
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    ReadTx tx(*conn);
    // The sealed fields only for a caller who may see them: a page for HQ's administrators
    // carries none, so it reads none (each is ≈ 0.7 KB, twice that as text).
    auto rows = tx.exec_params(
        std::string(kResultColumns) +
            (with_patient_data ? ", p.sealed AS patient_sealed"
                               : ", NULL::bytea AS patient_sealed") +
            ", p.key_id AS patient_key_id FROM check_results c "
            "LEFT JOIN "
            "check_patient_data p ON p.check_id = c.check_id AND p.checked_at = c.checked_at "
            "WHERE ($1::bigint IS NULL OR (c.checked_at, c.check_id) < ('epoch'::timestamptz + "
            "$1::bigint * interval '1 microsecond', $2::uuid)) "
            "AND ($3 = '' OR c.site_id = $3) AND ($4 = '' OR c.device_id = $4) "
            "AND ($5 = 0 OR c.mode = $5) AND ($6 = 0 OR c.route = $6) AND ($7 = 0 OR c.outcome = "
            "$7) "
            "AND ($8 = false OR c.site_id = ANY($9::text[])) "
            "AND ($11 = '{}' OR c.check_id = ANY($11::uuid[])) "
            "AND ($12::bigint IS NULL OR c.checked_at >= 'epoch'::timestamptz + $12::bigint * "
            "interval '1 microsecond') "
            "AND ($13::bigint IS NULL OR c.checked_at <= 'epoch'::timestamptz + $13::bigint * "
            "interval '1 microsecond') "
            "ORDER BY c.checked_at DESC, c.check_id DESC LIMIT $10",
        cursor_us, cursor_id, f.site_id(), f.device_id(), static_cast<int>(f.mode()),
        static_cast<int>(f.route()), static_cast<int>(f.outcome()), site_scope != nullptr, scope,
        static_cast<int>(limit), PgTextArray(ids), from_us, to_us);
    v1::QueryResultsResponse resp;
    const domain::Date today = domain::JapanDateOf(std::time(nullptr));
    for (const auto& r : rows) {
      auto* row = resp.add_rows();
      FillResultRow(r, *row);
      auto* res = row->mutable_result();
      bool has_patient = !r["patient_key_id"].is_null();
      row->set_patient_data_available(has_patient);
      // Patient fields only while the re-view window is open: retention drops the month's
      // partition within the hour after it closes, and nothing may show them meanwhile.
      if (has_patient && with_patient_data &&
          domain::IsViewable(domain::JapanDateOf(r["at_us"].as<int64_t>() / 1'000'000), today)) {
        pqxx::binarystring blob(r["patient_sealed"]);
        auto plain = sealer_->Open(r["patient_key_id"].c_str(), ToBytes(blob.str()),
                                   ToBytes(row->check_id()));
        v1::CheckResult patient;
        if (!plain.ok() || !patient.ParseFromString(ToString(*plain))) {
          // A blob that does not open under its own check id was moved or damaged: say so,
          // never show empty fields as if the check had none.
          spdlog::error("sealed patient fields of {} do not open: {}", row->check_id(),
                        plain.ok() ? "not a result" : plain.error().ToString());
          if (ids.size() != 1) {
            // In a list, the row says its fields are not available; the detail view says why.
            row->set_patient_data_available(false);
            continue;
          }
          return MakeError(ErrorCode::kDataLoss, "results.sealed_unreadable",
                           "the patient fields of this check cannot be opened (moved or "
                           "damaged); the audit trail keeps their digest");
        }
        *res->mutable_eligibility() = patient.eligibility();
        *res->mutable_document() = patient.document();
        res->set_error_message(patient.error_message());
        res->set_certificate_digest(patient.certificate_digest());
        res->set_certificate_not_after(patient.certificate_not_after());
        res->set_certificate_in_grace(patient.certificate_in_grace());
        res->set_contract_insurer_number(patient.contract_insurer_number());
        res->set_contract_insurer_match(patient.contract_insurer_match());
        res->set_operator_name(patient.operator_name());
      }
    }
    if (rows.size() == limit && !rows.empty()) {
      const auto& last = rows[rows.size() - 1];
      resp.set_next_page_token(std::to_string(last["at_us"].as<int64_t>()) + "/" +
                               last["id"].c_str());
    }
    return resp;
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

Result<std::optional<FleetStore::SequenceGap>> FleetStore::CloseSequenceGap(
    const DeviceRecord& device, uint64_t lowest_held) {
  if (lowest_held <= 1) return std::optional<SequenceGap>();
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    // Under the row lock the ingest writers take for acknowledgements: no commit moves it
    // meanwhile.
    const auto acked = tx.exec_params1(
                             "SELECT acked_sequence FROM devices WHERE device_id = $1 "
                             "FOR UPDATE",
                             device.device_id)[0]
                           .as<uint64_t>();
    if (lowest_held - 1 <= acked) return std::optional<SequenceGap>();
    SequenceGap gap{.from = acked + 1, .to = lowest_held - 1};
    const auto stored =
        tx.exec_params1(
              "SELECT count(*) FROM check_results WHERE device_id = $1 AND sequence BETWEEN $2 "
              "AND $3",
              device.device_id, static_cast<int64_t>(gap.from), static_cast<int64_t>(gap.to))[0]
            .as<uint64_t>();
    gap.missing = gap.to - gap.from + 1 - stored;
    tx.exec_params("UPDATE devices SET acked_sequence = $2 WHERE device_id = $1", device.device_id,
                   static_cast<int64_t>(gap.to));
    AppendAuditInTx(tx, {AuditEvent("device.sequence_gap", "device:" + device.device_id,
                                    device.site_id, device.device_id, "",
                                    "{\"from\":\"" + std::to_string(gap.from) + "\",\"to\":\"" +
                                        std::to_string(gap.to) +
                                        "\",\"missing\":" + std::to_string(gap.missing) + "}")});
    tx.commit();
    return std::optional<SequenceGap>(gap);
  } catch (const std::exception& e) {
    return DbError(e);
  }
}

}  // namespace kakunin::server
