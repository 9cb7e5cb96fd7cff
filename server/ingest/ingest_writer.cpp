#include "server/ingest/ingest_writer.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <tuple>
#include <unordered_map>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "server/audit/audit_store.h"
#include "server/ingest/result_limits.h"
#include "server/storage/pg_text.h"
#include "server/storage/visual_allowance_store.h"

namespace kakunin::server {
namespace {
using google::protobuf::util::TimeUtil;

void LowerInPlace(std::string& s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string Lower(std::string s) {
  LowerInPlace(s);
  return s;
}

// A refused result is never silently dropped: its slot is filled with a refusal row under a
// server-made id. The id is derived from (device, sequence), so a resend of the same broken
// result is absorbed like any resend instead of looking like a conflicting one.
std::string RefusalId(const std::string& device_id, uint64_t sequence) {
  Bytes v =
      crypto::Sha256(ToBytes("kakunin-refusal:" + device_id + ":" + std::to_string(sequence)));
  v.resize(16);
  v[6] = (v[6] & 0x0f) | 0x40;
  v[8] = (v[8] & 0x3f) | 0x80;
  std::string h = ToHex(v);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

v1::CheckResult Refusal(const std::string& device_id, uint64_t sequence, const std::string& why) {
  v1::CheckResult refusal;
  refusal.set_sequence(sequence);
  refusal.set_check_id(RefusalId(device_id, sequence));
  *refusal.mutable_checked_at() = TimeUtil::GetCurrentTime();
  refusal.set_error_reason("ingest.rejected");
  refusal.set_error_message(why);
  return refusal;
}

bool IsConnectionLoss(const Error& e) { return e.reason() == "db.unavailable"; }

}  // namespace

IngestWriter::IngestWriter(ConnectionPool* pool, const Sealer* sealer, IngestOptions options)
    : pool_(pool), sealer_(sealer), options_(options) {
  if (const char* v = std::getenv("KAKUNIN_FAULT_KILL_AFTER_COMMITS")) {
    kill_after_commits_ = std::strtoull(v, nullptr, 10);
    spdlog::warn("fault injection: SIGKILL after ingest commit #{}", kill_after_commits_);
  }
  size_t n = std::max<size_t>(1, options_.writers);
  for (size_t i = 0; i < n; ++i) shards_.push_back(std::make_unique<Shard>());
  for (size_t i = 0; i < n; ++i) {
    Shard* s = shards_[i].get();
    s->thread = std::thread([this, s, i] { Run(s, i == 0); });
  }
}

IngestWriter::~IngestWriter() {
  stopping_ = true;
  for (auto& s : shards_) {
    { std::lock_guard lock(s->mu); }
    s->cv.notify_all();
  }
  for (auto& s : shards_) s->thread.join();
  // For whoever tunes the database: where the ingest transactions spent their time.
  if (options_.store && metrics_.transactions > 0) {
    spdlog::info("ingest: {}", metrics_.StepSummary());
  }
}

IncomingResults::IncomingResults(std::vector<v1::CheckResult> results)
    : heap_(std::make_unique<v1::ResultBatch>()), batch_(heap_.get()) {
  auto& into = *batch_->mutable_results();
  into.Reserve(static_cast<int>(results.size()));
  for (auto& r : results) *into.Add() = std::move(r);
}

IncomingResults::IncomingResults(std::unique_ptr<google::protobuf::Arena> arena,
                                 v1::ResultBatch* batch)
    : arena_(std::move(arena)), batch_(batch) {}

void IngestWriter::Submit(const DeviceRecord& device, IncomingResults results, Done done) {
  Shard* s = shards_[std::hash<std::string>{}(device.device_id) % shards_.size()].get();
  metrics_.queued_results += static_cast<int64_t>(results.size());
  {
    std::lock_guard lock(s->mu);
    s->queue.push_back(Job{device, std::move(results), std::move(done)});
  }
  s->cv.notify_one();
}

void IngestWriter::NoteHeartbeat(const std::string& device_id, uint64_t outbox_depth) {
  std::lock_guard lock(heartbeat_mu_);
  heartbeats_[device_id] = outbox_depth;
}

void IngestWriter::Run(Shard* shard, bool flushes_heartbeats) {
  auto next_flush = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (true) {
    std::vector<Job> jobs;
    {
      std::unique_lock lock(shard->mu);
      shard->cv.wait_until(lock, next_flush,
                           [&] { return stopping_.load() || !shard->queue.empty(); });
      // Take what is queued now, up to the batch limit: under load batches grow by themselves.
      size_t taken = 0;
      while (!shard->queue.empty() &&
             (jobs.empty() ||
              taken + shard->queue.front().results.size() <= options_.max_batch_results)) {
        taken += shard->queue.front().results.size();
        jobs.push_back(std::move(shard->queue.front()));
        shard->queue.pop_front();
      }
      if (jobs.empty() && stopping_) break;
    }
    if (!jobs.empty()) {
      size_t count = 0;
      for (const auto& j : jobs) count += j.results.size();
      auto start = std::chrono::steady_clock::now();
      std::vector<std::optional<Result<IngestOutcome>>> outcomes(jobs.size());
      WriteIsolating(jobs, 0, jobs.size(), outcomes);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      metrics_.queued_results -= static_cast<int64_t>(count);
      metrics_.ObserveCommit(ms, count);
      for (size_t i = 0; i < jobs.size(); ++i) jobs[i].done(std::move(*outcomes[i]));
    }
    if (flushes_heartbeats && std::chrono::steady_clock::now() >= next_flush) {
      FlushHeartbeats();
      next_flush = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    } else if (!flushes_heartbeats) {
      next_flush = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    }
  }
  if (flushes_heartbeats) FlushHeartbeats();
}

void IngestWriter::FlushHeartbeats() {
  std::map<std::string, uint64_t> beats;
  {
    std::lock_guard lock(heartbeat_mu_);
    beats.swap(heartbeats_);
  }
  if (beats.empty()) return;
  std::vector<std::string> ids, depths;
  for (const auto& [id, depth] : beats) {
    ids.push_back(id);
    depths.push_back(std::to_string(depth));
  }
  auto conn = pool_->Acquire();
  if (!conn.ok()) return;
  try {
    pqxx::work tx(**conn);
    tx.exec_params(
        "UPDATE devices d SET last_seen = now(), outbox_depth = v.depth "
        "FROM unnest($1::text[], $2::bigint[]) AS v(id, depth) WHERE d.device_id = v.id",
        PgTextArray(ids), PgTextArray(depths));
    tx.commit();
  } catch (const std::exception& e) {
    conn->Discard();
    spdlog::warn("heartbeat flush failed: {}", e.what());
  }
}

void IngestWriter::WriteIsolating(std::vector<Job>& jobs, size_t begin, size_t end,
                                  std::vector<std::optional<Result<IngestOutcome>>>& out) {
  auto r = Write(jobs, begin, end);
  // A lost connection is, in a cluster, most often a leader change that Patroni finishes within
  // its TTL: keep the batch and try again on a new connection, backing off, before failing it.
  const auto give_up = std::chrono::steady_clock::now() + options_.connection_retry;
  auto wait = std::chrono::milliseconds(100);
  while (!r.ok() && IsConnectionLoss(r.error()) && !stopping_ &&
         std::chrono::steady_clock::now() + wait < give_up) {
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(1000));
    ++metrics_.retried_transactions;
    r = Write(jobs, begin, end);
    if (r.ok()) spdlog::info("ingest: stored after a new connection ({} job(s))", end - begin);
  }
  if (r.ok()) {
    ++metrics_.transactions;
    for (size_t i = begin; i < end; ++i) out[i] = (*r)[jobs[i].device.device_id];
    return;
  }
  ++metrics_.failed_transactions;
  // One terminal's batch must never cut the others: split the failed transaction and retry the
  // halves, down to the one job that fails alone. A lost database fails them all (retrying
  // would only wait longer); their terminals resend after reconnecting.
  if (end - begin == 1 || IsConnectionLoss(r.error())) {
    spdlog::error("ingest of {} job(s) failed: {}", end - begin, r.error().ToString());
    for (size_t i = begin; i < end; ++i) out[i] = r.error();
    return;
  }
  spdlog::warn("ingest of {} jobs failed ({}); retrying them apart", end - begin,
               r.error().ToString());
  size_t mid = begin + (end - begin) / 2;
  WriteIsolating(jobs, begin, mid, out);
  WriteIsolating(jobs, mid, end, out);
}

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
};

namespace {
// The columns Prepare gives for each result, in this order.
const std::vector<std::string> kStageColumns = {"device_id",
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
constexpr size_t kCheckedAtColumn = 4;
constexpr size_t kKeyIdColumn = 14;
constexpr size_t kSealedColumn = 15;
// The same without the patient fields: check_results' own columns.
const std::vector<std::string> kResultColumns = {
    "device_id",     "sequence",        "check_id",   "site_id",     "checked_at",
    "mode",          "route",           "source",     "outcome",     "reader_name",
    "extended_apdu", "error_reason",    "apdu_count", "duration_ms", "name_unrepresentable",
    "answer_late",   "answers_check_id"};
const std::vector<std::string> kPatientColumns = {"check_id", "checked_at", "key_id", "sealed"};
// Where each table's columns sit in a row of kStageColumns.
const std::vector<size_t> kResultPick = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 18};
const std::vector<size_t> kPatientPick = {2, kCheckedAtColumn, kKeyIdColumn, kSealedColumn};

// Makes the month partitions (Japan's months) that patient rows at `times` (an SQL
// timestamptz[]: a parameter or a quoted literal) go to, before they are written.
std::string PatientPartitionsSql(const std::string& times) {
  return "SELECT kakunin_patient_partition(min(t)) FROM unnest(" + times +
         "::timestamptz[]) AS t GROUP BY date_trunc('month', t AT TIME ZONE 'Asia/Tokyo')";
}

// A sequence a row can hold; a result without one is kept only in ingest_refusals.
bool HasSlot(const v1::CheckResult& r) { return r.sequence() != 0 && r.sequence() <= kMaxSequence; }
bool HasPatientFields(const v1::CheckResult& r) { return r.has_eligibility() || r.has_document(); }

// What is sealed: a CheckResult holding only the patient fields, both present (an empty one
// when the terminal sent none, as before). They are lent to it and given back instead of
// copied: a deep copy of every name and address cost as much as sealing them.
void SerializePatientFields(v1::CheckResult& r, std::string* out) {
  // The unsafe_arena_ calls move the pointers as they are, whether `r` lives on an arena (a
  // stream's message) or the heap; `patient` holds them only until they are given back.
  const bool has_eligibility = r.has_eligibility();
  const bool has_document = r.has_document();
  v1::CheckResult patient;
  if (has_eligibility) {
    patient.unsafe_arena_set_allocated_eligibility(r.unsafe_arena_release_eligibility());
  } else {
    patient.mutable_eligibility();
  }
  if (has_document) {
    patient.unsafe_arena_set_allocated_document(r.unsafe_arena_release_document());
  } else {
    patient.mutable_document();
  }
  patient.SerializeToString(out);
  if (has_eligibility) {
    r.unsafe_arena_set_allocated_eligibility(patient.unsafe_arena_release_eligibility());
  }
  if (has_document) {
    r.unsafe_arena_set_allocated_document(patient.unsafe_arena_release_document());
  }
}

// The same rows from one text array per column ($1..$19, kStageColumns' order).
constexpr const char* kArraySource =
    "unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::timestamptz[], "
    "$6::smallint[], $7::smallint[], $8::smallint[], $9::smallint[], $10::text[], "
    "$11::boolean[], $12::text[], $13::integer[], $14::integer[], $15::text[], $16::bytea[], "
    "$17::boolean[], $18::boolean[], $19::text[]) AS v(device_id, sequence, check_id, site_id, "
    "checked_at, mode, route, source, outcome, reader_name, extended_apdu, error_reason, "
    "apdu_count, duration_ms, key_id, sealed, name_unrepresentable, answer_late, "
    "answers_check_id)";
// Up to this many results a transaction sends arrays; beyond, COPY into a staging table.
constexpr size_t kMaxArrayRows = 100;
}  // namespace

Result<bool> IngestWriter::CopyStraight(pqxx::dbtransaction& tx, std::vector<Job>& jobs,
                                        size_t begin, size_t end, std::vector<StoredRow>* stored) {
  // Each table's rows stream to its COPY as they are made (nothing of the backlog is held whole):
  // the result rows first, without sealing, then the patient rows, sealed.
  std::vector<std::string> patient_times;
  try {
    // Under a savepoint: a conflict undoes only this, and the staged insert sorts it out.
    pqxx::subtransaction straight(tx, "ingest_straight");
    {
      CopyWriter copy(straight, "check_results", kResultColumns);
      KAKUNIN_RETURN_IF_ERROR(
          Emit(jobs, begin, end, /*seal=*/false, [&](const std::vector<std::string>& f) {
            copy.Row(f, kResultPick);
            stored->push_back({f[0], std::stoull(f[1]), f[2], f[3]});
            if (!f[kKeyIdColumn].empty()) patient_times.push_back(f[kCheckedAtColumn]);
          }));
      copy.Complete();
    }
    if (!patient_times.empty()) {
      // The month partitions the patient rows go to exist before they are copied.
      straight.exec_params(PatientPartitionsSql("$1"), PgTextArray(patient_times));
      CopyWriter copy(straight, "check_patient_data", kPatientColumns);
      KAKUNIN_RETURN_IF_ERROR(
          Emit(jobs, begin, end, /*seal=*/true, [&](const std::vector<std::string>& f) {
            if (!f[kKeyIdColumn].empty()) copy.Row(f, kPatientPick);
          }));
      copy.Complete();
    }
    straight.commit();
    return true;
  } catch (const pqxx::unique_violation&) {
    // A result already stored that the terminal's acknowledged sequence did not show (another
    // replica acknowledged it, or its check id is another terminal's).
    ++metrics_.straight_fallbacks;
    stored->clear();
    spdlog::info("ingest: a backlog met a stored result; storing it through the staging table");
    return false;
  }
}

void IngestWriter::Prepare(std::vector<Job>& jobs, size_t begin, size_t end, Batch& b) {
  const int64_t now = TimeUtil::GetCurrentTime().seconds();
  for (size_t j = begin; j < end; ++j) {
    Job& job = jobs[j];
    b.devices[job.device.device_id] = &job.device;
    b.outcome[job.device.device_id].acked_sequence = job.device.acked_sequence;
    for (auto& r : job.results.results()) {
      // Validated at the edge: nothing out of range, over length, with NUL or broken UTF-8
      // reaches the COPY below.
      if (auto why = ValidateCheckResult(r, now)) {
        b.outcome[job.device.device_id].rejected[r.sequence()] = *why;
        if (!HasSlot(r)) {
          b.unslotted.push_back(
              {&job.device, r.sequence(),
               r.check_id().size() <= 36 && IsValidUtf8(r.check_id()) ? Lower(r.check_id()) : "",
               *why});
          continue;
        }
        r = Refusal(job.device.device_id, r.sequence(), *why);
      } else {
        r.set_check_id(Lower(r.check_id()));
      }
      if (auto [it, added] = b.by_id.try_emplace(r.check_id(), &r); !added) {
        it->second = &r;
        b.all_new = false;
      }
      auto high = b.highest.try_emplace(job.device.device_id, job.device.acked_sequence).first;
      if (r.sequence() <= high->second) b.all_new = false;
      high->second = std::max(high->second, r.sequence());
      ++b.staged;
      b.any_patient |= HasPatientFields(r);
    }
  }
}

Status IngestWriter::Emit(std::vector<Job>& jobs, size_t begin, size_t end, bool seal,
                          const std::function<void(const std::vector<std::string>&)>& row) {
  // One row's fields, reused from result to result: each string keeps its capacity, so a batch
  // of thousands does not allocate and free nineteen strings per result (issue 18).
  std::vector<std::string> f(kStageColumns.size());
  std::string patient_wire;
  for (size_t j = begin; j < end; ++j) {
    Job& job = jobs[j];
    for (auto& r : job.results.results()) {
      if (!HasSlot(r)) continue;  // unslotted: Prepare kept it for ingest_refusals
      f[kKeyIdColumn].clear();
      f[kSealedColumn].assign("\\x");
      if (HasPatientFields(r)) {
        f[kKeyIdColumn].assign(sealer_->current_key_id());
        if (seal) {
          SerializePatientFields(r, &patient_wire);
          // The check id is bound into the ciphertext: a blob cannot move to another row.
          KAKUNIN_ASSIGN_OR_RETURN(auto blob,
                                   sealer_->Seal(AsBytes(patient_wire), AsBytes(r.check_id())));
          PgByteaHex(blob, &f[kSealedColumn]);
        }
      }
      f[0].assign(job.device.device_id);
      f[1] = std::to_string(r.sequence());
      f[2].assign(r.check_id());
      f[3].assign(job.device.site_id);
      PgTimestamp(TimeUtil::TimestampToMicroseconds(r.checked_at()), &f[kCheckedAtColumn]);
      f[5] = std::to_string(static_cast<int>(r.mode()));
      f[6] = std::to_string(static_cast<int>(r.route()));
      f[7] = std::to_string(static_cast<int>(r.source()));
      f[8] = std::to_string(static_cast<int>(r.outcome()));
      f[9].assign(r.reader().name());
      f[10].assign(r.reader().extended_apdu() ? "t" : "f");
      f[11].assign(r.error_reason());
      f[12] = std::to_string(r.apdu_count());
      f[13] = std::to_string(r.duration_ms());
      f[16].assign(r.eligibility().name_has_unrepresentable() ? "t" : "f");
      f[17].assign(r.answer_late() ? "t" : "f");
      f[18].assign(r.answers_check_id());
      LowerInPlace(f[18]);
      row(f);
    }
  }
  return OkStatus();
}

std::vector<audit::Record> IngestWriter::AuditRecords(
    const Batch& b, const std::vector<StoredRow>& stored,
    const std::unordered_map<std::string, domain::AllowanceUse>& allowance_use) const {
  // The audit record holds a reference and a digest, never the patient fields.
  std::vector<audit::Record> records;
  records.reserve(stored.size() + b.unslotted.size());
  // Reused for the whole batch: one serialization buffer, one digest's hex.
  std::string wire, digest;
  for (const StoredRow& row : stored) {
    auto found = b.by_id.find(row.check_id);
    const v1::CheckResult* r = found == b.by_id.end() ? nullptr : found->second;
    digest.clear();
    if (r) {
      r->SerializeToString(&wire);
      uint8_t hash[crypto::kSha256Size];
      crypto::Sha256Into(AsBytes(wire), hash);
      AppendHex(hash, &digest);
    }
    char details[256];
    const int len = std::snprintf(
        details, sizeof details,
        "{\"sequence\":%llu,\"mode\":%d,\"route\":%d,\"source\":%d,\"outcome\":%d,"
        "\"digest\":\"%s\"}",
        static_cast<unsigned long long>(row.sequence), r ? static_cast<int>(r->mode()) : 0,
        r ? static_cast<int>(r->route()) : 0, r ? static_cast<int>(r->source()) : 0,
        r ? static_cast<int>(r->outcome()) : 0, digest.c_str());
    records.push_back(AuditEvent(
        r && r->error_reason() == "ingest.rejected" ? "check.rejected" : "check.result",
        "device:" + row.device_id, row.site_id, row.device_id, row.check_id,
        std::string(details, static_cast<size_t>(std::clamp(len, 0, int{sizeof details} - 1)))));
    if (auto use = allowance_use.find(row.check_id); use != allowance_use.end()) {
      const std::string& id = r->visual_allowance_id();
      records.back().details = WithAllowanceUse(records.back().details, id, use->second);
      if (use->second != domain::AllowanceUse::kAccepted) {
        records.push_back(AuditEvent("visual_allowance.refused", "device:" + row.device_id,
                                     row.site_id, row.device_id, row.check_id,
                                     records.back().details));
      }
    }
  }
  for (const auto& u : b.unslotted) {
    nlohmann::json details = {
        {"sequence", std::to_string(u.sequence)}, {"check_id", u.check_id}, {"reason", u.reason}};
    records.push_back(AuditEvent("check.refused", "device:" + u.device->device_id,
                                 u.device->site_id, u.device->device_id, u.check_id,
                                 details.dump()));
  }
  return records;
}

Result<std::map<std::string, IngestOutcome>> IngestWriter::WriteWithoutStore(std::vector<Job>& jobs,
                                                                             size_t begin,
                                                                             size_t end) {
  // The benchmark's stubbed store: every step of Write but the database. A sequence at or
  // below what was acknowledged is a resend; the rest is "stored" and acknowledged as far as it
  // is contiguous, from what this writer has seen.
  Batch b;
  Prepare(jobs, begin, end, b);
  KAKUNIN_RETURN_IF_ERROR(
      Emit(jobs, begin, end, /*seal=*/true, [](const std::vector<std::string>&) {}));
  std::vector<StoredRow> stored;
  {
    std::lock_guard lock(stub_mu_);
    for (size_t j = begin; j < end; ++j) {
      const Job& job = jobs[j];
      StubDevice& d = stub_devices_[job.device.device_id];
      d.acked = std::max(d.acked, job.device.acked_sequence);
      for (const auto& r : job.results.results()) {
        if (!HasSlot(r) || r.sequence() <= d.acked) continue;
        if (r.sequence() == d.acked + 1 && d.pending.empty()) {
          ++d.acked;  // in order, as a terminal sends: no set to keep
        } else if (!d.pending.insert(r.sequence()).second) {
          continue;
        }
        stored.push_back({job.device.device_id, r.sequence(), r.check_id(), job.device.site_id});
      }
      while (!d.pending.empty() && *d.pending.begin() <= d.acked + 1) {
        d.acked = std::max(d.acked, *d.pending.begin());
        d.pending.erase(d.pending.begin());
      }
      b.outcome[job.device.device_id].acked_sequence = d.acked;
    }
    metrics_.results_ingested += stored.size();
    metrics_.duplicates += b.staged - std::min(b.staged, stored.size());
  }
  if (options_.audit) {
    // As the store does: records formed and their results hashed before the chain's lock; only
    // the chain's own hashing is under it.
    std::vector<audit::Record> records = AuditRecords(b, stored, {});
    std::lock_guard lock(stub_mu_);
    for (auto& record : records) record = stub_chain_.Append(std::move(record));
  }
  for (const auto& [id, out] : b.outcome) metrics_.rejected += out.rejected.size();
  return std::move(b.outcome);
}

IngestWriter::StagedCounts IngestWriter::InsertStaged(pqxx::dbtransaction& tx, bool use_table,
                                                      const std::vector<std::string>& arrays,
                                                      Batch& b, std::vector<StoredRow>* stored) {
  StagedCounts counts;
  // What did not land as sent: a check_id that another result already holds (its slot gets a
  // refusal row, so the sequence keeps moving), or a resend of a stored sequence with another
  // check_id (refused; the stored result stays). Rows of this same transaction are visible.
  std::vector<std::pair<std::string, uint64_t>> taken_ids;
  // One statement stores the new rows and their patient data; resends insert nothing.
  const std::string insert =
      "WITH s AS (SELECT DISTINCT ON (check_id) * FROM " +
      std::string(use_table ? "ingest_stage" : kArraySource) +
      " ORDER BY check_id), "
      "ins AS (INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, "
      "mode, route, source, outcome, reader_name, extended_apdu, error_reason, apdu_count, "
      "duration_ms, name_unrepresentable, answer_late, answers_check_id) SELECT device_id, "
      "sequence, check_id, site_id, checked_at, mode, route, source, outcome, reader_name, "
      "extended_apdu, error_reason, apdu_count, duration_ms, name_unrepresentable, "
      "answer_late, answers_check_id FROM s ORDER BY device_id, sequence ON CONFLICT DO "
      "NOTHING "
      "RETURNING device_id, sequence, check_id, site_id), "
      "pat AS (INSERT INTO check_patient_data(check_id, checked_at, key_id, sealed) "
      "SELECT s.check_id, s.checked_at, s.key_id, s.sealed FROM s JOIN ins USING (check_id) "
      "WHERE s.key_id <> '' ON CONFLICT DO NOTHING) "
      "SELECT device_id, sequence, check_id::text, site_id FROM ins ORDER BY device_id, "
      "sequence";
  // A statement over the batch's rows: the staging table, or the arrays as $1..$19.
  auto over_rows = [&](const std::string& sql) {
    return use_table ? tx.exec(sql)
                     : tx.exec_params(sql, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
                                      arrays[5], arrays[6], arrays[7], arrays[8], arrays[9],
                                      arrays[10], arrays[11], arrays[12], arrays[13], arrays[14],
                                      arrays[15], arrays[16], arrays[17], arrays[18]);
  };
  const pqxx::result inserted = over_rows(insert);
  counts.inserted = inserted.size();
  stored->reserve(stored->size() + inserted.size());
  for (const auto& row : inserted) {
    stored->push_back({row[0].c_str(), row[1].as<uint64_t>(), row[2].c_str(), row[3].c_str()});
  }

  // Only a row that did not insert can be a conflict: when every staged row went in (the
  // steady state, no resends), this costs nothing.
  if (inserted.size() < b.staged) {
    const std::string odd_sql =
        "SELECT s.device_id, s.sequence, s.check_id::text, c.check_id IS NULL FROM (SELECT "
        "DISTINCT device_id, sequence, check_id FROM " +
        std::string(use_table ? "ingest_stage" : kArraySource) +
        ") s LEFT JOIN check_results c USING (device_id, sequence) "
        "WHERE c.check_id IS NULL OR c.check_id <> s.check_id ORDER BY 1, 2";
    const pqxx::result odd = over_rows(odd_sql);
    for (const auto& row : odd) {
      std::string device_id = row[0].c_str();
      auto seq = row[1].as<uint64_t>();
      const DeviceRecord* device = b.devices[device_id];
      if (row[3].as<bool>()) {
        taken_ids.emplace_back(device_id, seq);
        b.outcome[device_id].rejected[seq] = "check_id already used by another result";
      } else {
        b.outcome[device_id].rejected[seq] = "sequence already holds another result";
        b.unslotted.push_back(
            {device, seq, row[2].c_str(), "sequence already holds another result"});
      }
    }
  }
  if (!taken_ids.empty()) {
    std::vector<std::string> ids, seqs, cids, sites;
    for (const auto& [device_id, seq] : taken_ids) {
      ids.push_back(device_id);
      seqs.push_back(std::to_string(seq));
      cids.push_back(RefusalId(device_id, seq));
      sites.push_back(b.devices[device_id]->site_id);
      b.refusals.push_back(Refusal(device_id, seq, "check_id already used by another result"));
      b.by_id[b.refusals.back().check_id()] = &b.refusals.back();
    }
    auto refused_rows = tx.exec_params(
        "INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, mode, "
        "route, source, outcome, error_reason) SELECT d, s, c, site, now(), 0, 0, 0, 0, "
        "'ingest.rejected' FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[]) "
        "AS v(d, s, c, site) ON CONFLICT DO NOTHING "
        "RETURNING device_id, sequence, check_id::text, site_id",
        PgTextArray(ids), PgTextArray(seqs), PgTextArray(cids), PgTextArray(sites));
    counts.refused_stored = refused_rows.size();
    for (const auto& row : refused_rows) {
      stored->push_back({row[0].c_str(), row[1].as<uint64_t>(), row[2].c_str(), row[3].c_str()});
    }
  }
  counts.taken = taken_ids.size();
  return counts;
}

Result<std::map<std::string, IngestOutcome>> IngestWriter::Write(std::vector<Job>& jobs,
                                                                 size_t begin, size_t end) {
  if (!options_.store) return WriteWithoutStore(jobs, begin, end);
  Batch b;
  double steps[IngestMetrics::kStepCount] = {};
  auto mark = std::chrono::steady_clock::now();
  auto step_done = [&](IngestMetrics::Step step) {
    auto now = std::chrono::steady_clock::now();
    steps[step] += std::chrono::duration<double>(now - mark).count();
    mark = now;
  };
  KAKUNIN_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
  try {
    pqxx::work tx(*conn);
    size_t incoming = 0;
    for (size_t j = begin; j < end; ++j) incoming += jobs[j].results.size();
    // A few results (a quiet branch, the latency regime) travel as one array per column: no
    // staging table, so no COPY round trips, no catalog lookup and no truncation at commit
    // (bench/README, "Small transactions without the staging table"). A backlog goes
    // through COPY into a temporary table, which PostgreSQL takes faster than arrays that size.
    const bool use_table = incoming > kMaxArrayRows;
    std::vector<std::string> arrays;
    std::vector<StoredRow> stored;
    bool straight = false;  // the backlog went straight into the tables
    if (use_table) {
      tx.exec("SET LOCAL synchronous_commit = on; SET LOCAL client_min_messages = warning");
      step_done(IngestMetrics::kBegin);
      Prepare(jobs, begin, end, b);
      if (b.all_new && options_.direct_copy) {
        step_done(IngestMetrics::kStage);
        KAKUNIN_ASSIGN_OR_RETURN(straight, CopyStraight(tx, jobs, begin, end, &stored));
        step_done(IngestMetrics::kInsert);
      }
      if (!straight) {
        tx.exec(
            "CREATE TEMP TABLE IF NOT EXISTS ingest_stage (device_id text, sequence bigint, "
            "check_id uuid, site_id text, checked_at timestamptz, mode smallint, route smallint, "
            "source smallint, outcome smallint, reader_name text, extended_apdu boolean, "
            "error_reason text, apdu_count integer, duration_ms integer, key_id text, "
            "sealed bytea, name_unrepresentable boolean, answer_late boolean, answers_check_id "
            "text) ON COMMIT DELETE ROWS");
        {
          CopyWriter stage(tx, "ingest_stage", kStageColumns);
          KAKUNIN_RETURN_IF_ERROR(Emit(jobs, begin, end, /*seal=*/true,
                                       [&](const std::vector<std::string>& f) { stage.Row(f); }));
          stage.Complete();
        }
        if (b.any_patient) {
          tx.exec(
              "SELECT kakunin_patient_partition(min(checked_at)) FROM ingest_stage WHERE key_id "
              "<> '' GROUP BY date_trunc('month', checked_at AT TIME ZONE 'Asia/Tokyo')");
        }
      }
    } else {
      step_done(IngestMetrics::kBegin);
      std::vector<std::vector<std::string>> cols(kStageColumns.size());
      Prepare(jobs, begin, end, b);
      KAKUNIN_RETURN_IF_ERROR(
          Emit(jobs, begin, end, /*seal=*/true, [&](const std::vector<std::string>& f) {
            for (size_t i = 0; i < f.size(); ++i) cols[i].push_back(f[i]);
          }));
      std::string setup = "SET LOCAL synchronous_commit = on";
      if (b.any_patient) {
        // The month partitions the patient rows go to exist before the insert is planned.
        std::vector<std::string> patient_times;
        for (size_t i = 0; i < cols[kKeyIdColumn].size(); ++i) {
          if (!cols[kKeyIdColumn][i].empty()) patient_times.push_back(cols[kCheckedAtColumn][i]);
        }
        setup += "; " + PatientPartitionsSql(tx.quote(PgTextArray(patient_times)));
      }
      tx.exec(setup);
      arrays.reserve(cols.size());
      for (const auto& c : cols) arrays.push_back(PgTextArray(c));
    }
    step_done(IngestMetrics::kStage);
    StagedCounts counts;
    if (straight) {
      counts.inserted = stored.size();
      ++metrics_.straight_copies;
      // In the order the staged insert returns its rows (the audit records follow it).
      std::sort(stored.begin(), stored.end(), [](const StoredRow& x, const StoredRow& y) {
        return std::tie(x.device_id, x.sequence) < std::tie(y.device_id, y.sequence);
      });
    } else {
      counts = InsertStaged(tx, use_table, arrays, b, &stored);
    }
    if (!b.unslotted.empty()) {
      std::vector<std::string> ids, sites, seqs, cids, reasons;
      for (const auto& u : b.unslotted) {
        ids.push_back(u.device->device_id);
        sites.push_back(u.device->site_id);
        seqs.push_back(std::to_string(u.sequence));
        cids.push_back(u.check_id);
        reasons.push_back(u.reason);
      }
      tx.exec_params(
          "INSERT INTO ingest_refusals(device_id, site_id, sequence, check_id, reason) "
          "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])",
          PgTextArray(ids), PgTextArray(sites), PgTextArray(seqs), PgTextArray(cids),
          PgTextArray(reasons));
    }

    metrics_.results_ingested += counts.inserted + counts.refused_stored;
    metrics_.duplicates += b.staged - std::min(b.staged, counts.inserted + counts.taken);
    for (const auto& [id, out] : b.outcome) metrics_.rejected += out.rejected.size();

    step_done(IngestMetrics::kInsert);
    // Acknowledge, per device, every contiguous sequence now stored.
    std::vector<std::string> ids;
    for (const auto& [id, d] : b.devices) ids.push_back(id);
    auto acks = tx.exec_params(
        "WITH d AS (SELECT device_id, acked_sequence AS a FROM devices "
        "  WHERE device_id = ANY($1::text[]) FOR UPDATE), "
        "s AS (SELECT c.device_id, c.sequence, "
        "  c.sequence - row_number() OVER (PARTITION BY c.device_id ORDER BY c.sequence) AS grp "
        "  FROM check_results c JOIN d USING (device_id) WHERE c.sequence > d.a), "
        "n AS (SELECT d.device_id, coalesce((SELECT max(s.sequence) FROM s "
        "  WHERE s.device_id = d.device_id AND s.grp = d.a), d.a) AS acked FROM d) "
        "UPDATE devices v SET acked_sequence = greatest(v.acked_sequence, n.acked), "
        "last_seen = now() FROM n WHERE v.device_id = n.device_id "
        "RETURNING v.device_id, v.acked_sequence",
        PgTextArray(ids));
    for (const auto& row : acks) {
      b.outcome[row[0].c_str()].acked_sequence = row[1].as<uint64_t>();
    }
    step_done(IngestMetrics::kAck);

    if (!stored.empty()) {
      // Live watchers on every replica learn the new ids at commit (payloads stay < 8000 B).
      std::string payload;
      for (const StoredRow& row : stored) {
        if (payload.size() > 7000) {
          tx.exec_params("SELECT pg_notify('kakunin_results', $1)", payload);
          payload.clear();
        }
        if (!payload.empty()) payload += ',';
        payload += row.check_id;
      }
      tx.exec_params("SELECT pg_notify('kakunin_results', $1)", payload);
    }

    // Issue 19: a check made with a branch manager's one-time 目視確認 allowance uses it up in
    // its own transaction; a second use (or an expired or replaced one) is refused and audited.
    // Resends insert nothing and so consume nothing.
    std::unordered_map<std::string, domain::AllowanceUse> allowance_use;  // by check id
    for (const StoredRow& row : stored) {
      auto found = b.by_id.find(row.check_id);
      if (found == b.by_id.end() || found->second->visual_allowance_id().empty()) continue;
      allowance_use[row.check_id] = ConsumeVisualAllowanceInTx(tx, row.device_id, *found->second);
    }

    step_done(IngestMetrics::kNotify);
    if (options_.audit && (!stored.empty() || !b.unslotted.empty())) {
      AppendAuditInTx(tx, AuditRecords(b, stored, allowance_use));
    }
    step_done(IngestMetrics::kAudit);
    tx.commit();
    step_done(IngestMetrics::kCommit);
    metrics_.ObserveSteps(steps);
    // Fault injection for tests: die by SIGKILL after a durable commit, before any ack.
    if (kill_after_commits_ > 0 && ++commits_ == kill_after_commits_) ::raise(SIGKILL);
    return std::move(b.outcome);
  } catch (const std::exception& e) {
    if (IsTransientDbFailure(e)) {
      // Lost, cut, in doubt or read-only (a leader change): a new connection may succeed.
      conn.Discard();
      spdlog::error("ingest: database connection lost: {}", e.what());
      return MakeError(ErrorCode::kUnavailable, "db.unavailable",
                       "the database is unreachable; results are kept by the terminal and resent");
    }
    // The raw SQL text goes to HQ's log, never to a terminal.
    spdlog::error("ingest: storing a batch failed: {}", e.what());
    return MakeError(ErrorCode::kUnavailable, "ingest.store_failed",
                     "the server could not store these results; they are kept by the terminal "
                     "and resent");
  }
}

}  // namespace kakunin::server
