#include "server/ingest/ingest_writer.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <unordered_map>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "common/domain/review_window.h"
#include "server/audit/audit_store.h"
#include "server/ingest/ingest_rows.h"
#include "server/ingest/patient_fields.h"
#include "server/ingest/result_limits.h"
#include "server/storage/pg_text.h"
#include "server/storage/visual_allowance_store.h"

namespace kakunin::server {
using google::protobuf::util::TimeUtil;
using ingest_rows::HasPatientFields;
using ingest_rows::HasSlot;
using ingest_rows::kCheckedAtColumn;
using ingest_rows::kKeyIdColumn;
using ingest_rows::kSealedColumn;
using ingest_rows::kStageColumns;
using ingest_rows::PatientFieldsFromWire;
using ingest_rows::Refusal;
using ingest_rows::SerializePatientFields;

namespace {

void LowerInPlace(std::string& s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string Lower(std::string s) {
  LowerInPlace(s);
  return s;
}

bool IsConnectionLoss(const Error& e) { return e.reason() == "db.unavailable"; }
// A lock another session held past lock_timeout (a long DDL, an administrator's LOCK): no
// terminal's batch caused it, so splitting the transaction would only wait again per half.
bool IsDatabaseWait(const Error& e) { return e.reason() == "db.timeout"; }

}  // namespace

namespace ingest_rows {

// A refused result is never silently dropped: its slot is filled with a refusal row under a
// server-made id. The id is derived from (device, sequence), so a resend of the same broken
// result is absorbed like any resend instead of looking like a conflicting one. It is a UUID of
// version 8, which no terminal may send (IsServerMadeId): derived ids are predictable, and a
// terminal that took another device's refusal id first would leave that device's slot empty.
static std::string DerivedRefusalId(const std::string& device_id, uint64_t sequence, int version) {
  Bytes v =
      crypto::Sha256(ToBytes("kakunin-refusal:" + device_id + ":" + std::to_string(sequence)));
  v.resize(16);
  v[6] = static_cast<uint8_t>((v[6] & 0x0f) | (version << 4));
  v[8] = (v[8] & 0x3f) | 0x80;
  std::string h = ToHex(v);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string RefusalId(const std::string& device_id, uint64_t sequence) {
  return DerivedRefusalId(device_id, sequence, 8);
}

std::string LegacyRefusalId(const std::string& device_id, uint64_t sequence) {
  return DerivedRefusalId(device_id, sequence, 4);
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

}  // namespace ingest_rows

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

void IngestWriter::NoteHeartbeat(const std::string& device_id, HeartbeatFacts heartbeat) {
  std::lock_guard lock(heartbeat_mu_);
  auto& kept = heartbeats_[device_id];
  // One silent on the reader does not drop what an earlier one, not yet written, said of it.
  if (heartbeat.reader_status.empty()) heartbeat.reader_status = std::move(kept.reader_status);
  kept = std::move(heartbeat);
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
      WriteIsolating(shard, jobs, 0, jobs.size(), outcomes);
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
  // Closed, not returned: its session settings are the writer's own.
  if (shard->conn) shard->conn->Discard();
  shard->conn.reset();
}

void IngestWriter::FlushHeartbeats() {
  std::map<std::string, HeartbeatFacts> beats;
  {
    std::lock_guard lock(heartbeat_mu_);
    beats.swap(heartbeats_);
  }
  if (beats.empty()) return;
  std::vector<std::string> ids, depths, readers, stores, unsaved;
  for (const auto& [id, beat] : beats) {
    ids.push_back(id);
    depths.push_back(std::to_string(beat.outbox_depth));
    readers.push_back(beat.reader_status);
    stores.push_back(beat.store_status);
    unsaved.push_back(std::to_string(beat.unsaved_results));
  }
  auto conn = pool_->Acquire();
  if (!conn.ok()) return;
  try {
    pqxx::work tx(**conn);
    // A state's time moves only when the state changes (the right-hand sides read the row as it
    // was): the console shows since when a reader has been missing. A heartbeat that says
    // nothing of the reader (a daemon that has not looked yet, just started) keeps what HQ knew:
    // every PC started in the morning would otherwise flash as "no reader".
    tx.exec_params(
        "UPDATE devices d SET last_seen = now(), outbox_depth = v.depth, "
        "unsaved_results = v.unsaved, store_status = v.store, "
        "reader_status = CASE WHEN v.reader = '' THEN d.reader_status ELSE v.reader END, "
        "reader_status_since = CASE WHEN v.reader = '' OR d.reader_status = v.reader "
        "THEN d.reader_status_since ELSE now() END, "
        "store_status_since = CASE WHEN d.store_status = v.store THEN d.store_status_since "
        "ELSE now() END "
        "FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[]) "
        "AS v(id, depth, reader, store, unsaved) WHERE d.device_id = v.id",
        PgTextArray(ids), PgTextArray(depths), PgTextArray(readers), PgTextArray(stores),
        PgTextArray(unsaved));
    tx.commit();
  } catch (const std::exception& e) {
    conn->Discard();
    spdlog::warn("heartbeat flush failed: {}", e.what());
  }
}

void IngestWriter::WriteIsolating(Shard* shard, std::vector<Job>& jobs, size_t begin, size_t end,
                                  std::vector<std::optional<Result<IngestOutcome>>>& out) {
  auto r = Write(shard, jobs, begin, end);
  if (!r.ok() && r.error().reason() == kPartitionsUnchecked) r = Write(shard, jobs, begin, end);
  // A lost connection is, in a cluster, most often a leader change that Patroni finishes within
  // its TTL: keep the batch and try again on a new connection, backing off, before failing it.
  const auto give_up = std::chrono::steady_clock::now() + options_.connection_retry;
  auto wait = std::chrono::milliseconds(100);
  while (!r.ok() && IsConnectionLoss(r.error()) && !stopping_ &&
         std::chrono::steady_clock::now() + wait < give_up) {
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(1000));
    ++metrics_.retried_transactions;
    r = Write(shard, jobs, begin, end);
    if (r.ok()) spdlog::info("ingest: stored after a new connection ({} job(s))", end - begin);
  }
  if (r.ok()) {
    ++metrics_.transactions;
    for (size_t i = begin; i < end; ++i) {
      // The outcome is per device, and a device may have several batches in one transaction:
      // each batch is answered for its own refused results only (not every Reject once per
      // batch of its device).
      const IngestOutcome& device = (*r)[jobs[i].device.device_id];
      IngestOutcome own{.acked_sequence = device.acked_sequence};
      if (!device.rejected.empty()) {
        for (const v1::CheckResult& result : jobs[i].results.results()) {
          if (auto it = device.rejected.find(result.sequence()); it != device.rejected.end()) {
            own.rejected.insert(*it);
          }
        }
      }
      out[i] = std::move(own);
    }
    return;
  }
  ++metrics_.failed_transactions;
  // One terminal's batch must never cut the others: split the failed transaction and retry the
  // halves, down to the one job that fails alone. A lost database, or one that made the
  // transaction wait past its bound, fails them all (retrying would only wait longer); their
  // terminals resend after reconnecting.
  if (end - begin == 1 || IsConnectionLoss(r.error()) || IsDatabaseWait(r.error())) {
    spdlog::error("ingest of {} job(s) failed: {}", end - begin, r.error().ToString());
    for (size_t i = begin; i < end; ++i) out[i] = r.error();
    return;
  }
  spdlog::warn("ingest of {} jobs failed ({}); retrying them apart", end - begin,
               r.error().ToString());
  size_t mid = begin + (end - begin) / 2;
  WriteIsolating(shard, jobs, begin, mid, out);
  WriteIsolating(shard, jobs, mid, end, out);
}

bool IngestWriter::ClockImplausible(const v1::CheckResult& r, int64_t now) {
  // Only the seconds: a missing time or broken nanoseconds stay refusals (ValidateCheckResult).
  return r.has_checked_at() && r.checked_at().nanos() >= 0 &&
         r.checked_at().nanos() <= 999'999'999 &&
         (r.checked_at().seconds() > now + kMaxClockAhead ||
          r.checked_at().seconds() < kEarliestCheck);
}

void IngestWriter::NoteRestamped(const std::string& device_id, const v1::CheckResult& r,
                                 int64_t stated, int64_t now) {
  ++metrics_.clock_restamped;
  // Once a minute at most, with the terminal to look at: many results of one wrong clock, or a
  // terminal sending such times on purpose, must not flood HQ's log.
  ++restamped_unlogged_;
  int64_t last = restamped_logged_at_.load();
  if (now - last >= 60 && restamped_logged_at_.compare_exchange_strong(last, now)) {
    spdlog::warn(
        "ingest: {} result(s) stored at HQ's time because their terminal's clock is wrong, the "
        "last from device {} (sequence {}: {} s from HQ's clock); set that terminal's clock",
        restamped_unlogged_.exchange(0), device_id, r.sequence(), stated - now);
  }
}

void IngestWriter::Prepare(std::vector<Job>& jobs, size_t begin, size_t end, Batch& b) {
  const int64_t now = TimeUtil::GetCurrentTime().seconds();
  for (size_t j = begin; j < end; ++j) {
    Job& job = jobs[j];
    b.devices[job.device.device_id] = &job.device;
    b.outcome[job.device.device_id].acked_sequence = job.device.acked_sequence;
    for (auto& r : job.results.results()) {
      // A terminal clock more than ten minutes ahead, or before 2000 (a reset clock): the check is
      // real, its time is not. It was refused and acknowledged, so HQ lost it; it is stored at
      // HQ's time instead, the terminal's in its audit record.
      std::optional<int64_t> stated;
      if (ClockImplausible(r, now)) {
        stated = r.checked_at().seconds();
        r.mutable_checked_at()->set_seconds(now);
      }
      // Validated at the edge: nothing out of range, over length, with NUL or broken UTF-8
      // reaches the COPY below.
      bool unknown = false;
      if (auto why = ValidateCheckResult(r, now, &unknown)) {
        b.outcome[job.device.device_id].rejected[r.sequence()] = *why;
        if (!HasSlot(r)) {
          b.unslotted.push_back(
              {&job.device, r.sequence(),
               // Only a UUID is kept: any other text (a NUL, control characters) would reach
               // the refusal's row and its audit record, and one NUL failed the whole commit.
               IsUuidText(r.check_id()) ? Lower(r.check_id()) : "", *why});
          continue;
        }
        r = Refusal(job.device.device_id, r.sequence(), *why);
      } else {
        if (stated) {  // stored, not refused for another field: counted, said, audited
          b.restamped[&r] = *stated;
          NoteRestamped(job.device.device_id, r, *stated, now);
        }
        LowerInPlace(*r.mutable_check_id());  // in its own string: no copy per result
        if (unknown) {
          // Fields HQ does not know (a newer agent's, or megabytes of padding inside the
          // patient fields) are not stored, sealed or shown: the known ones are.
          r.DiscardUnknownFields();
          ++metrics_.unknown_fields_dropped;
          // Said where an operator looks, with a result to find: a newer agent's data that this
          // HQ cannot keep is lost once acknowledged (upgrade HQ first, deploy/README.md).
          ++unknown_unlogged_;
          int64_t last = unknown_logged_at_.load();
          if (now - last >= 60 && unknown_logged_at_.compare_exchange_strong(last, now)) {
            spdlog::warn(
                "ingest: fields this HQ does not know were dropped from {} result(s), the last "
                "from device {} (check {}, sequence {}); a terminal newer than HQ? upgrade HQ "
                "first",
                unknown_unlogged_.exchange(0), job.device.device_id, r.check_id(), r.sequence());
          }
        }
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

Status IngestWriter::Emit(std::vector<Job>& jobs, size_t begin, size_t end, Batch* sealing,
                          const std::function<void(const std::vector<std::string>&)>& row,
                          bool raw_sealed) {
  // One row's fields, reused from result to result: each string keeps its capacity, so a batch
  // of thousands does not allocate and free nineteen strings per result (issue 18).
  std::vector<std::string> f(kStageColumns.size());
  std::string wire, patient_wire;
  if (sealing) sealing->digests.reserve(sealing->digests.size() + sealing->staged);
  // Patient fields of a check already past its re-view window (a terminal offline for months)
  // are not kept: retention would drop them within the hour, after making a partition for their
  // month and auditing its removal. The result and its audit record are stored as always.
  const int64_t keep_patient_from =
      domain::ReviewWindowStart(domain::JapanDateOf(TimeUtil::GetCurrentTime().seconds()));
  for (size_t j = begin; j < end; ++j) {
    Job& job = jobs[j];
    for (auto& r : job.results.results()) {
      if (!HasSlot(r)) continue;  // unslotted: Prepare kept it for ingest_refusals
      // One serialisation gives the audit record its digest and the sealed patient fields
      // their bytes (a slice of it): each result is serialised once, not twice.
      if (sealing) {
        r.SerializeToString(&wire);
        crypto::Sha256Into(AsBytes(wire), sealing->digests[&r]);
      }
      f[kKeyIdColumn].clear();
      if (raw_sealed) {
        f[kSealedColumn].clear();
      } else {
        f[kSealedColumn].assign("\\x");
      }
      if (HasPatientFields(r) && r.checked_at().seconds() >= keep_patient_from) {
        f[kKeyIdColumn].assign(sealer_->current_key_id());
        if (sealing) {
          if (!PatientFieldsFromWire(r, wire, &patient_wire)) {
            SerializePatientFields(r, &patient_wire);
          }
          // The check id is bound into the ciphertext: a blob cannot move to another row.
          KAKUNIN_ASSIGN_OR_RETURN(auto blob,
                                   sealer_->Seal(AsBytes(patient_wire), AsBytes(r.check_id())));
          if (raw_sealed) {
            f[kSealedColumn].assign(reinterpret_cast<const char*>(blob.data()), blob.size());
          } else {
            PgByteaHex(blob, &f[kSealedColumn]);
          }
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
      std::array<uint8_t, crypto::kSha256Size> hash;
      if (auto d = b.digests.find(r); d != b.digests.end()) {
        hash = d->second;
      } else {  // a refusal row made during the store
        r->SerializeToString(&wire);
        crypto::Sha256Into(AsBytes(wire), hash);
      }
      AppendHex(hash, &digest);
    }
    // The clock the terminal stated, where HQ stored its own (Prepare).
    char stated[48] = "";
    if (auto t = r ? b.restamped.find(r) : b.restamped.end(); t != b.restamped.end()) {
      std::snprintf(stated, sizeof stated, ",\"stated_checked_at\":%lld",
                    static_cast<long long>(t->second));
    }
    char details[256];
    const int len = std::snprintf(
        details, sizeof details,
        "{\"sequence\":%llu,\"mode\":%d,\"route\":%d,\"source\":%d,\"outcome\":%d,"
        "\"digest\":\"%s\"%s}",
        static_cast<unsigned long long>(row.sequence), r ? static_cast<int>(r->mode()) : 0,
        r ? static_cast<int>(r->route()) : 0, r ? static_cast<int>(r->source()) : 0,
        r ? static_cast<int>(r->outcome()) : 0, digest.c_str(), stated);
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
      Emit(jobs, begin, end, /*sealing=*/&b, [](const std::vector<std::string>&) {}));
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
    for (auto& record : records) (void)stub_chain_.Append(std::move(record));
  }
  for (const auto& [id, out] : b.outcome) metrics_.rejected += out.rejected.size();
  return std::move(b.outcome);
}

}  // namespace kakunin::server
