#pragma once
// What the ingest writer's two halves share (not part of its interface): a transaction's batch
// as it goes to the database, the columns of its rows, and the refusal rows. The queue, the
// threads, validation and the rows' text are in ingest_writer.cpp; the database transaction is
// in ingest_store.cpp.

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/crypto/signing.h"
#include "server/ingest/ingest_writer.h"
#include "server/ingest/result_limits.h"
#include "server/storage/pg_binary_copy.h"

namespace kakunin::server {

// One transaction's jobs on their way to the database: what the terminals sent, validated,
// refused or sealed, by check id and by device.
struct IngestWriter::Batch {
  // Results with no slot of their own (a sequence that cannot be stored): kept as evidence in
  // ingest_refusals, answered with a Reject.
  struct Unslotted {
    const DeviceRecord* device;
    uint64_t sequence;
    std::string check_id;
    std::string reason;
  };
  std::map<std::string, IngestOutcome> outcome;  // by device id
  // Keyed by views of the messages' own check ids (they outlive the batch): no copy per result.
  std::unordered_map<std::string_view, const v1::CheckResult*> by_id;
  std::map<std::string, const DeviceRecord*> devices;
  std::vector<Unslotted> unslotted;
  std::deque<v1::CheckResult> refusals;  // made during the store; by_id points into it
  size_t staged = 0;
  bool any_patient = false;
  // Whether every staged row looks new: each device's sequences above what it had acknowledged
  // and rising, no check id twice. Only then is a backlog copied straight into the tables (the
  // unique keys still decide; a conflict falls back to the staging table).
  bool all_new = true;
  std::unordered_map<std::string_view, uint64_t> highest;  // by device id: last sequence staged
  // Each result's digest, taken by Emit while sealing from the one serialisation both need, by
  // message; AuditRecords serialises only a result that has none here (a refusal row made during
  // the store).
  std::unordered_map<const v1::CheckResult*, std::array<uint8_t, crypto::kSha256Size>> digests;
  // Results stored at HQ's time because their terminal's clock was implausible: the time the
  // terminal stated (seconds), for their audit records.
  std::unordered_map<const v1::CheckResult*, int64_t> restamped;
};

namespace ingest_rows {

// The columns Prepare gives for each result, in this order.
inline const std::vector<std::string> kStageColumns = {"device_id",
                                                       "sequence",
                                                       "check_id",
                                                       "site_id",
                                                       "checked_at",
                                                       "mode",
                                                       "route",
                                                       "source",
                                                       "outcome",
                                                       "reader_name",
                                                       "extended_apdu",
                                                       "error_reason",
                                                       "apdu_count",
                                                       "duration_ms",
                                                       "key_id",
                                                       "sealed",
                                                       "name_unrepresentable",
                                                       "answer_late",
                                                       "answers_check_id"};
inline constexpr size_t kCheckedAtColumn = 4;
inline constexpr size_t kKeyIdColumn = 14;
inline constexpr size_t kSealedColumn = 15;
// The same without the patient fields: check_results' own columns.
inline const std::vector<std::string> kResultColumns = {
    "device_id",     "sequence",        "check_id",   "site_id",     "checked_at",
    "mode",          "route",           "source",     "outcome",     "reader_name",
    "extended_apdu", "error_reason",    "apdu_count", "duration_ms", "name_unrepresentable",
    "answer_late",   "answers_check_id"};
inline const std::vector<std::string> kPatientColumns = {"check_id", "checked_at", "key_id",
                                                         "sealed"};
// Their types, in the same order, for the binary COPY of a backlog straight into the tables.
// clang-format off
inline const std::vector<PgType> kResultTypes = {
    PgType::kText, PgType::kInt8,        PgType::kUuid, PgType::kText, PgType::kTimestampTz,
    PgType::kInt2, PgType::kInt2,        PgType::kInt2, PgType::kInt2, PgType::kText,
    PgType::kBool, PgType::kText,        PgType::kInt4, PgType::kInt4, PgType::kBool,
    PgType::kBool, PgType::kText};
// clang-format on
inline const std::vector<PgType> kPatientTypes = {PgType::kUuid, PgType::kTimestampTz,
                                                  PgType::kText, PgType::kBytea};
// Where each table's columns sit in a row of kStageColumns.
inline const std::vector<size_t> kResultPick = {0, 1,  2,  3,  4,  5,  6,  7, 8,
                                                9, 10, 11, 12, 13, 16, 17, 18};
inline const std::vector<size_t> kPatientPick = {2, kCheckedAtColumn, kKeyIdColumn, kSealedColumn};

// A sequence a row can hold; a result without one is kept only in ingest_refusals.
inline bool HasSlot(const v1::CheckResult& r) {
  return r.sequence() != 0 && r.sequence() <= kMaxSequence;
}
// What is sealed with them (and purged with them at the end of the re-view window): the fields
// of the check that are about a person or free text, which HQ keeps no column for. They were
// acknowledged and then stored nowhere (an outside review): the 健診 insurer match, who ran the
// check, the card certificate's digest and grace, the service's error text.
// result_fields_test proves every field of CheckResult is a column, sealed, or dropped on purpose.
// A refusal row (Refusal(): HQ's own English reason in error_message) is not sealed: HQ reads
// it, and it holds nothing of a person.
inline bool HasSealedExtras(const v1::CheckResult& r) {
  if (r.error_reason() == "ingest.rejected") return false;
  return !r.error_message().empty() || !r.certificate_digest().empty() ||
         !r.certificate_not_after().empty() || r.certificate_in_grace() ||
         !r.contract_insurer_number().empty() || r.contract_insurer_match() ||
         !r.operator_name().empty();
}
inline bool HasPatientFields(const v1::CheckResult& r) {
  return r.has_eligibility() || r.has_document() || HasSealedExtras(r);
}

// The refusal row that fills a refused result's slot, under RefusalId(device_id, sequence).
std::string RefusalId(const std::string& device_id, uint64_t sequence);
// The id earlier servers (before 2026-12) gave the same refusal (version 4): a resend of a
// result refused then is absorbed, not answered as a conflict.
std::string LegacyRefusalId(const std::string& device_id, uint64_t sequence);
v1::CheckResult Refusal(const std::string& device_id, uint64_t sequence, const std::string& why);

}  // namespace ingest_rows
}  // namespace kakunin::server
