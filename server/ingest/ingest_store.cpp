// The ingest writer's database transaction: a batch's rows into check_results and
// check_patient_data (straight by COPY, or staged), refusals, acknowledgements, notifications,
// visual allowances and the audit records, then the durable commit.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <pqxx/pqxx>
#include <tuple>

#include "common/domain/date.h"
#include "common/rpc/reject_reasons.h"
#include "server/audit/audit_store.h"
#include "server/ingest/ack_sql.h"
#include "server/ingest/ingest_rows.h"
#include "server/ingest/ingest_writer.h"
#include "server/storage/pg_text.h"
#include "server/storage/visual_allowance_store.h"

namespace kakunin::server {
namespace {
using ingest_rows::kCheckedAtColumn;
using ingest_rows::kKeyIdColumn;
using ingest_rows::kPatientColumns;
using ingest_rows::kPatientPick;
using ingest_rows::kPatientTypes;
using ingest_rows::kResultColumns;
using ingest_rows::kResultPick;
using ingest_rows::kResultTypes;
using ingest_rows::kStageColumns;
using ingest_rows::LegacyRefusalId;
using ingest_rows::Refusal;
using ingest_rows::RefusalId;

// Makes the month partitions (Japan's months) that patient rows at `times` (an SQL
// timestamptz[]: a parameter or a quoted literal) go to, before they are written.
std::string PatientPartitionsSql(const std::string& times) {
  return "SELECT kakunin_patient_partition(min(t)) FROM unnest(" + times +
         "::timestamptz[]) AS t GROUP BY date_trunc('month', t AT TIME ZONE 'Asia/Tokyo')";
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

// The rows of `source` (kArraySource or the staging table) stored: `s` the rows, a check id
// once; `ins` the results inserted (RETURNING device_id, sequence, check_id, site_id); `pat`
// their patient data. Resends insert nothing.
std::string StoreCtes(const std::string& source) {
  return "s AS (SELECT DISTINCT ON (check_id) * FROM " + source +
         " ORDER BY check_id), "
         "ins AS (INSERT INTO check_results(device_id, sequence, check_id, site_id, checked_at, "
         "mode, route, source, outcome, reader_name, extended_apdu, error_reason, apdu_count, "
         "duration_ms, name_unrepresentable, answer_late, answers_check_id) SELECT device_id, "
         "sequence, check_id, site_id, checked_at, mode, route, source, outcome, reader_name, "
         "extended_apdu, error_reason, apdu_count, duration_ms, name_unrepresentable, "
         "answer_late, answers_check_id FROM s ORDER BY device_id, sequence ON CONFLICT DO "
         "NOTHING RETURNING device_id, sequence, check_id, site_id), "
         "pat AS (INSERT INTO check_patient_data(check_id, checked_at, key_id, sealed) "
         "SELECT s.check_id, s.checked_at, s.key_id, s.sealed FROM s JOIN ins USING (check_id) "
         "WHERE s.key_id <> '' ON CONFLICT DO NOTHING)";
}

// The arrays' whole store in one prepared statement (one round trip, parsed and planned once
// per connection): the rows and their patient data, each device's acknowledged sequence, the
// watchers' notification, and synchronous_commit=on for this transaction. The acknowledgement
// counts the rows this statement inserts (its RETURNING) beside those stored before. Rows:
// kind 0 an inserted result, 1 a device's new acked sequence, 2 and 3 the setting and the
// notification (present only so that they run).
constexpr char kSmallStatement[] = "kakunin_ingest_small";
const std::string& SmallStoreSql() {
  static const std::string sql =
      "WITH cfg AS (SELECT set_config('synchronous_commit', 'on', true) AS v), " +
      StoreCtes(kArraySource) + ", " + AckCtes("$20", "ins") +
      ", "
      "note AS (SELECT pg_notify('kakunin_results', string_agg(check_id::text, ',')) AS v "
      "  FROM ins HAVING count(*) > 0) "
      "SELECT 0 AS kind, device_id, sequence, check_id::text AS check_id, site_id FROM ins "
      "UNION ALL SELECT 1, device_id, acked_sequence, NULL, NULL FROM ack "
      "UNION ALL SELECT 2, NULL, NULL, NULL, v FROM cfg "
      "UNION ALL SELECT 3, NULL, NULL, NULL, NULL FROM note "
      "ORDER BY 1, 2, 3";
  return sql;
}

// Japan's month (year * 12 + month - 1) of a timestamp as PgTimestamp writes it.
int JapanMonthOf(const std::string& pg_timestamp) {
  std::tm tm{};
  if (std::sscanf(pg_timestamp.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return -1;  // never known: its partition is always checked
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const domain::Date d = domain::JapanDateOf(static_cast<int64_t>(timegm(&tm)));
  return d.year * 12 + d.month - 1;
}
}  // namespace

Result<bool> IngestWriter::CopyStraight(PgConnection& conn, pqxx::dbtransaction& tx,
                                        std::vector<Job>& jobs, size_t begin, size_t end, Batch& b,
                                        std::vector<StoredRow>* stored) {
  // Each table's rows stream to its COPY as they are made (nothing of the backlog is held whole):
  // the result rows first, without sealing, then the patient rows, sealed.
  std::vector<std::string> patient_times;
  try {
    // Under a savepoint: a conflict undoes only this, and the staged insert sorts it out.
    pqxx::subtransaction straight(tx, "ingest_straight");
    {
      BinaryCopyWriter copy(conn, straight, "check_results", kResultColumns, kResultTypes);
      KAKUNIN_RETURN_IF_ERROR(
          Emit(jobs, begin, end, /*sealing=*/nullptr, [&](const std::vector<std::string>& f) {
            copy.Row(f, kResultPick);
            stored->push_back({f[0], std::stoull(f[1]), f[2], f[3]});
            if (!f[kKeyIdColumn].empty()) patient_times.push_back(f[kCheckedAtColumn]);
          }));
      copy.Complete();
    }
    if (!patient_times.empty()) {
      // The month partitions the patient rows go to exist before they are copied.
      straight.exec_params(PatientPartitionsSql("$1"), PgTextArray(patient_times));
      BinaryCopyWriter copy(conn, straight, "check_patient_data", kPatientColumns, kPatientTypes);
      KAKUNIN_RETURN_IF_ERROR(Emit(
          jobs, begin, end, /*sealing=*/&b,
          [&](const std::vector<std::string>& f) {
            if (!f[kKeyIdColumn].empty()) copy.Row(f, kPatientPick);
          },
          /*raw_sealed=*/true));
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

IngestWriter::StagedCounts IngestWriter::InsertStaged(pqxx::dbtransaction& tx, bool use_table,
                                                      const std::vector<std::string>& arrays,
                                                      Batch& b, std::vector<StoredRow>* stored) {
  StagedCounts counts;
  // What did not land as sent: a check_id that another result already holds (its slot gets a
  // refusal row, so the sequence keeps moving), or a resend of a stored sequence with another
  // check_id (refused; the stored result stays). Rows of this same transaction are visible.
  std::vector<std::pair<std::string, uint64_t>> taken_ids;
  // A statement over the batch's rows: the staging table, or the arrays as $1..$19.
  auto over_rows = [&](const std::string& sql) {
    return use_table ? tx.exec(sql)
                     : tx.exec_params(sql, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
                                      arrays[5], arrays[6], arrays[7], arrays[8], arrays[9],
                                      arrays[10], arrays[11], arrays[12], arrays[13], arrays[14],
                                      arrays[15], arrays[16], arrays[17], arrays[18]);
  };
  if (use_table) {
    // One statement stores the new rows and their patient data; resends insert nothing.
    const pqxx::result inserted = tx.exec("WITH " + StoreCtes("ingest_stage") +
                                          " SELECT device_id, sequence, check_id::text, site_id "
                                          "FROM ins ORDER BY device_id, sequence");
    counts.inserted = inserted.size();
    stored->reserve(stored->size() + inserted.size());
    for (const auto& row : inserted) {
      stored->push_back({row[0].c_str(), row[1].as<uint64_t>(), row[2].c_str(), row[3].c_str()});
    }
  } else {
    std::vector<std::string> ids;
    ids.reserve(b.devices.size());
    for (const auto& [id, d] : b.devices) ids.push_back(id);
    tx.conn().prepare(kSmallStatement, SmallStoreSql());
    const pqxx::result rows = tx.exec_prepared(
        kSmallStatement, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5],
        arrays[6], arrays[7], arrays[8], arrays[9], arrays[10], arrays[11], arrays[12], arrays[13],
        arrays[14], arrays[15], arrays[16], arrays[17], arrays[18], PgTextArray(ids));
    stored->reserve(stored->size() + rows.size());
    for (const auto& row : rows) {
      const int kind = row[0].as<int>();
      if (kind == 0) {
        stored->push_back({row[1].c_str(), row[2].as<uint64_t>(), row[3].c_str(), row[4].c_str()});
        ++counts.inserted;
      } else if (kind == 1) {
        b.outcome[row[1].c_str()].acked_sequence = row[2].as<uint64_t>();
      }
    }
    counts.acked_and_notified = true;
  }

  // Only a row that did not insert can be a conflict: when every staged row went in (the
  // steady state, no resends), this costs nothing.
  if (counts.inserted < b.staged) {
    const std::string odd_sql =
        "SELECT s.device_id, s.sequence, s.check_id::text, c.check_id IS NULL, "
        "c.check_id::text FROM (SELECT "
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
      } else if (row[2].c_str() == RefusalId(device_id, seq) &&
                 row[4].c_str() == LegacyRefusalId(device_id, seq)) {
        continue;  // a refusal stored by an earlier server, resent: the same refusal
      } else {
        b.outcome[device_id].rejected[seq] = std::string(rpc::kSequenceTaken);
        b.unslotted.push_back({device, seq, row[2].c_str(), std::string(rpc::kSequenceTaken)});
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

Result<std::map<std::string, IngestOutcome>> IngestWriter::Write(Shard* shard,
                                                                 std::vector<Job>& jobs,
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
  // Held between transactions, it may have sat idle all night behind HAProxy, which closes an
  // idle connection without a word: past the pool's idle limit it is replaced before use, as
  // the pool replaces its own, rather than failing the morning's first batch.
  const auto now = std::chrono::steady_clock::now();
  if (shard->conn && now - shard->conn_used > pool_->max_idle()) {
    shard->conn->Discard();
    shard->conn.reset();
  }
  shard->conn_used = now;
  const bool new_connection = !shard->conn;
  if (new_connection) {
    KAKUNIN_ASSIGN_OR_RETURN(auto fresh, pool_->Acquire());
    shard->conn.emplace(std::move(fresh));
  }
  ConnectionPool::Lease& conn = *shard->conn;
  bool partitions_unchecked = false;  // trusted PartitionsKnown
  try {
    if (new_connection) {
      // The writer's statements (its own, and the count trigger's inside PostgreSQL) take
      // arrays: their planner guesses 100 rows for an array it cannot see, rates the generic
      // plan above a custom one for three rows, and so planned every execution again (≈ 1.2 ms
      // of a 2 ms statement). The plans are the same for any batch size; keep them. Only this
      // connection, which the writer keeps until it stops.
      conn->set_variable("plan_cache_mode", "force_generic_plan");
    }
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
    std::vector<int> months;  // of the arrays' patient rows
    bool straight = false;    // the backlog went straight into the tables
    if (use_table) {
      tx.exec("SET LOCAL synchronous_commit = on; SET LOCAL client_min_messages = warning");
      step_done(IngestMetrics::kBegin);
      Prepare(jobs, begin, end, b);
      if (b.all_new && options_.direct_copy) {
        step_done(IngestMetrics::kStage);
        KAKUNIN_ASSIGN_OR_RETURN(straight, CopyStraight(*conn, tx, jobs, begin, end, b, &stored));
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
          KAKUNIN_RETURN_IF_ERROR(Emit(jobs, begin, end, /*sealing=*/&b,
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
          Emit(jobs, begin, end, /*sealing=*/&b, [&](const std::vector<std::string>& f) {
            for (size_t i = 0; i < f.size(); ++i) cols[i].push_back(f[i]);
          }));
      // synchronous_commit=on is set by the arrays' statement itself (SmallStoreSql).
      if (b.any_patient) {
        // The month partitions the patient rows go to exist before the insert: checked only
        // for a month this writer has not committed to yet (a round trip saved per commit).
        std::vector<std::string> patient_times;
        for (size_t i = 0; i < cols[kKeyIdColumn].size(); ++i) {
          if (cols[kKeyIdColumn][i].empty()) continue;
          patient_times.push_back(cols[kCheckedAtColumn][i]);
          const int month = JapanMonthOf(patient_times.back());
          if (std::find(months.begin(), months.end(), month) == months.end()) {
            months.push_back(month);
          }
        }
        if (PartitionsKnown(months)) {
          partitions_unchecked = true;
        } else {
          tx.exec(PatientPartitionsSql(tx.quote(PgTextArray(patient_times))));
        }
      }
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
    // Acknowledge, per device, every contiguous sequence now stored (again after the arrays'
    // statement when refusal rows were stored after it: they fill slots too).
    if (!counts.acked_and_notified || counts.refused_stored > 0) {
      std::vector<std::string> ids;
      for (const auto& [id, d] : b.devices) ids.push_back(id);
      for (const auto& row : tx.exec_params(AckSql(), PgTextArray(ids))) {
        b.outcome[row[0].c_str()].acked_sequence = row[1].as<uint64_t>();
      }
    }
    step_done(IngestMetrics::kAck);

    // Live watchers on every replica learn the new ids at commit (payloads stay < 8000 B); the
    // arrays' statement has told them of the rows it inserted.
    const size_t notified = counts.acked_and_notified ? counts.inserted : 0;
    if (stored.size() > notified) {
      std::string payload;
      for (size_t i = notified; i < stored.size(); ++i) {
        if (payload.size() > 7000) {
          tx.exec_params("SELECT pg_notify('kakunin_results', $1)", payload);
          payload.clear();
        }
        if (!payload.empty()) payload += ',';
        payload += stored[i].check_id;
      }
      tx.exec_params("SELECT pg_notify('kakunin_results', $1)", payload);
    }

    // Issue 19: a check made with a branch manager's one-time 目視確認 allowance uses it up in
    // its own transaction; a second use (or an expired or replaced one) is refused and audited.
    // Resends insert nothing and so consume nothing.
    std::unordered_map<std::string, domain::AllowanceUse> allowance_use;  // by check id
    std::vector<AllowanceClaim> claims;
    for (const StoredRow& row : stored) {
      auto found = b.by_id.find(row.check_id);
      if (found == b.by_id.end() || found->second->visual_allowance_id().empty()) continue;
      claims.push_back({&row.device_id, found->second});
    }
    if (!claims.empty()) {
      const auto uses = ConsumeVisualAllowancesInTx(tx, claims);
      for (size_t i = 0; i < claims.size(); ++i) {
        allowance_use[claims[i].result->check_id()] = uses[i];
      }
    }

    step_done(IngestMetrics::kNotify);
    if (options_.audit && (!stored.empty() || !b.unslotted.empty())) {
      AppendAuditInTx(*conn, tx, AuditRecords(b, stored, allowance_use));
    }
    step_done(IngestMetrics::kAudit);
    tx.commit();
    step_done(IngestMetrics::kCommit);
    if (!months.empty()) RememberPartitions(months);
    metrics_.ObserveSteps(steps);
    // Fault injection for tests: die by SIGKILL after a durable commit, before any ack.
    if (kill_after_commits_ > 0 && ++commits_ == kill_after_commits_) ::raise(SIGKILL);
    return std::move(b.outcome);
  } catch (const std::exception& e) {
    ForgetPartitions();
    if (IsTransientDbFailure(e)) {
      // Lost, cut, in doubt or read-only (a leader change): a new connection may succeed.
      conn.Discard();
      shard->conn.reset();
      spdlog::error("ingest: database connection lost: {}", e.what());
      return MakeError(ErrorCode::kUnavailable, "db.unavailable",
                       "the database is unreachable; results are kept by the terminal and resent");
    }
    if (IsDatabaseTimeout(e)) {
      // Past lock_timeout behind another session's lock (a long DDL, an administrator's LOCK),
      // or cancelled by an administrator: the whole transaction is answered so, unsplit.
      spdlog::warn("ingest: a batch waited past the database's bound: {}", e.what());
      return MakeError(ErrorCode::kUnavailable, "db.timeout",
                       "the database made these results wait too long; they are kept by the "
                       "terminal and resent");
    }
    if (partitions_unchecked) {
      // Perhaps a month's partition went (retention run with a shorter window, an operator):
      // the caller tries once more, now checking them.
      spdlog::warn("ingest: a batch failed without its partitions checked: {}", e.what());
      return MakeError(ErrorCode::kUnavailable, kPartitionsUnchecked,
                       "the server could not store these results; they are kept by the "
                       "terminal and resent");
    }
    // The raw SQL text goes to HQ's log, never to a terminal.
    spdlog::error("ingest: storing a batch failed: {}", e.what());
    return MakeError(ErrorCode::kUnavailable, "ingest.store_failed",
                     "the server could not store these results; they are kept by the terminal "
                     "and resent");
  }
}

bool IngestWriter::PartitionsKnown(const std::vector<int>& months) {
  std::lock_guard lock(partitions_mu_);
  return std::all_of(months.begin(), months.end(),
                     [&](int m) { return m >= 0 && partitions_.count(m) > 0; });
}

void IngestWriter::RememberPartitions(const std::vector<int>& months) {
  std::lock_guard lock(partitions_mu_);
  partitions_.insert(months.begin(), months.end());
}

void IngestWriter::ForgetPartitions() {
  std::lock_guard lock(partitions_mu_);
  partitions_.clear();
}

}  // namespace kakunin::server
