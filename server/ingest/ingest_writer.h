#pragma once
// Group commit for results from every terminal stream. Streams hand over batches; a few writer
// threads (each owning a fixed share of devices, so one device's batches stay in order) take
// whatever is queued, up to a limit, and store it in ONE transaction: the rows (a backlog whose
// results all look new: COPY straight into the tables under a savepoint; otherwise COPY into a
// staging table, or arrays for a few, then INSERT … ON CONFLICT DO NOTHING, so resends are
// absorbed), patient fields sealed into their monthly partition, the audit records of the new
// rows, the acknowledged sequence of each device, a NOTIFY for live watchers — then one durable
// commit (synchronous_commit=on). Only after that commit is each stream told its new acked
// sequence.

#include <google/protobuf/arena.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/core/result.h"
#include "common/domain/visual_allowance.h"
#include "kakunin/v1/agent.pb.h"
#include "kakunin/v1/common.pb.h"
#include "server/ingest/ingest_metrics.h"
#include "server/ingest/result_limits.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/sealer.h"

namespace pqxx {
class dbtransaction;
}  // namespace pqxx

namespace kakunin::server {

struct IngestOutcome {
  uint64_t acked_sequence = 0;
  // Results refused for good (malformed): sequence → reason. Their sequence is still filled
  // (with a refusal row) so the device's acknowledgement can move past them.
  std::map<uint64_t, std::string> rejected;
};

// Write's failure when it trusted its memory of the patient partitions: tried again at once.
inline constexpr char kPartitionsUnchecked[] = "ingest.partitions_unchecked";

struct IngestOptions {
  size_t writers = 2;
  size_t max_batch_results = 4000;
  bool audit = true;  // off only for the benchmark's "without audit" reference
  // Off only for the benchmark's stubbed-store mode: everything but the database (validation,
  // sealing, audit records hashed into a chain in memory, acknowledgements). Never in a server.
  bool store = true;
  // A batch whose connection was lost (a leader change, a restart) is tried again on a new
  // connection for this long before its terminals are told; it is idempotent by (device,
  // sequence) and nothing of it was acknowledged. Zero: fail at once.
  std::chrono::milliseconds connection_retry{20000};
  // A backlog whose results all look new (each terminal's sequences above its acknowledged one
  // and rising, no check id twice) is copied straight into check_results and
  // check_patient_data; off, every backlog goes through the staging table and its insert.
  bool direct_copy = true;
};

// A terminal's results as they arrived, with what owns their memory: the arena its stream parsed
// the message on, freed whole once the batch is answered (a result's few dozen strings are then
// not allocated and freed one by one), or the heap.
class IncomingResults {
 public:
  explicit IncomingResults(std::vector<v1::CheckResult> results);  // moved, not copied
  // `batch` lives on `arena` (inside a message parsed there).
  IncomingResults(std::unique_ptr<google::protobuf::Arena> arena, v1::ResultBatch* batch);

  google::protobuf::RepeatedPtrField<v1::CheckResult>& results() {
    return *batch_->mutable_results();
  }
  const google::protobuf::RepeatedPtrField<v1::CheckResult>& results() const {
    return batch_->results();
  }
  size_t size() const { return static_cast<size_t>(batch_->results_size()); }

 private:
  std::unique_ptr<google::protobuf::Arena> arena_;  // or null: on the heap
  std::unique_ptr<v1::ResultBatch> heap_;
  v1::ResultBatch* batch_;
};

class IngestWriter {
 public:
  using Done = std::function<void(Result<IngestOutcome>)>;

  IngestWriter(ConnectionPool* pool, const Sealer* sealer, IngestOptions options = {});
  ~IngestWriter();  // finishes what is queued, then stops

  // `done` runs on a writer thread after the commit (or the failure).
  void Submit(const DeviceRecord& device, IncomingResults results, Done done);
  void Submit(const DeviceRecord& device, std::vector<v1::CheckResult> results, Done done) {
    Submit(device, IncomingResults(std::move(results)), std::move(done));
  }
  // Heartbeats are coalesced and written about once a second, in one statement (the last one
  // of each terminal).
  void NoteHeartbeat(const std::string& device_id, HeartbeatFacts heartbeat);

  IngestMetrics& metrics() { return metrics_; }

 private:
  struct Job {
    DeviceRecord device;
    IncomingResults results;
    Done done;
  };
  struct Shard {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Job> queue;
    std::thread thread;
    // The writer's own connection, held between transactions: its prepared statements are
    // made once (on a busy machine a first preparation took 50–130 ms, a stall for every
    // terminal waiting on this writer), and console queries never take it from under it.
    std::optional<ConnectionPool::Lease> conn;
    std::chrono::steady_clock::time_point conn_used{};  // its last transaction's start
  };

  struct Batch;
  struct StoredRow {  // a result row the transaction inserted
    std::string device_id;
    uint64_t sequence;
    std::string check_id;
    std::string site_id;
  };

  void Run(Shard* shard, bool flushes_heartbeats);
  // Stores jobs[begin, end) in one transaction, on the shard's connection.
  Result<std::map<std::string, IngestOutcome>> Write(Shard* shard, std::vector<Job>& jobs,
                                                     size_t begin, size_t end);
  // Validates every result of jobs[begin, end) into `batch`: a malformed one becomes a refusal
  // row (or, without a sequence it could hold, a refusal for ingest_refusals).
  void Prepare(std::vector<Job>& jobs, size_t begin, size_t end, Batch& batch);
  // Whether a result's time is one no working clock gives (more than ten minutes ahead of HQ's, or
  // before 2000); Prepare stores such a result at HQ's time and says so once a minute.
  static bool ClockImplausible(const v1::CheckResult& r, int64_t now);
  void NoteRestamped(const std::string& device_id, const v1::CheckResult& r, int64_t stated,
                     int64_t now);
  // Hands each stored result's row (kStageColumns, in order) to `row`. With `sealing`, the
  // patient fields are sealed and each result's digest kept in it for the audit records;
  // without, the key column still says whether there are any. The sealed column holds bytea's
  // hex text, or with `raw_sealed` the bytes themselves (for a binary COPY).
  Status Emit(std::vector<Job>& jobs, size_t begin, size_t end, Batch* sealing,
              const std::function<void(const std::vector<std::string>&)>& row,
              bool raw_sealed = false);
  // Copies a prepared backlog straight into check_results and check_patient_data under a
  // savepoint, filling `stored` (and `b`'s digests); false, with nothing of it left, when a row
  // was already stored.
  Result<bool> CopyStraight(PgConnection& conn, pqxx::dbtransaction& tx, std::vector<Job>& jobs,
                            size_t begin, size_t end, Batch& b, std::vector<StoredRow>* stored);
  // The staged insert (the staging table, or the arrays as $1..$19): new rows stored with ON
  // CONFLICT DO NOTHING, then what did not land as sent made a refusal; appends to `stored`.
  struct StagedCounts {
    size_t inserted = 0;        // rows of the batch stored
    size_t taken = 0;           // check ids another result held (their slots became refusals)
    size_t refused_stored = 0;  // those refusal rows stored
    // The arrays' statement also acknowledged the batch's devices and notified watchers of
    // the rows it inserted (not of refusal rows stored after it).
    bool acked_and_notified = false;
  };
  StagedCounts InsertStaged(pqxx::dbtransaction& tx, bool use_table,
                            const std::vector<std::string>& arrays, Batch& b,
                            std::vector<StoredRow>* stored);
  // The audit records of what was stored and refused.
  std::vector<audit::Record> AuditRecords(
      const Batch& batch, const std::vector<StoredRow>& stored,
      const std::unordered_map<std::string, domain::AllowanceUse>& allowance_use) const;
  Result<std::map<std::string, IngestOutcome>> WriteWithoutStore(std::vector<Job>& jobs,
                                                                 size_t begin, size_t end);
  // Write, and when the transaction fails, bisect so that only the job that fails alone is
  // answered with the error. out[i] is job i's outcome.
  void WriteIsolating(Shard* shard, std::vector<Job>& jobs, size_t begin, size_t end,
                      std::vector<std::optional<Result<IngestOutcome>>>& out);
  void FlushHeartbeats();
  // The months (Japan's, as year * 12 + month - 1) whose patient partition a committed
  // transaction of this writer made sure of: their check is skipped. Forgotten whenever a
  // transaction fails, in case retention dropped one meanwhile.
  bool PartitionsKnown(const std::vector<int>& months);
  void RememberPartitions(const std::vector<int>& months);
  void ForgetPartitions();

  ConnectionPool* pool_;
  const Sealer* sealer_;
  IngestOptions options_;
  IngestMetrics metrics_;
  // Results whose unknown fields were dropped since the last log line (one a minute at most: a
  // terminal padding every result must not flood the log either), and the last of them.
  // Shared by the shards' threads.
  std::atomic<uint64_t> unknown_unlogged_{0};
  std::atomic<int64_t> unknown_logged_at_{0};
  std::atomic<uint64_t> restamped_unlogged_{0};
  std::atomic<int64_t> restamped_logged_at_{0};
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Shard>> shards_;
  // Tests only (env KAKUNIN_FAULT_KILL_AFTER_COMMITS=N): the process kills itself right after
  // the N-th ingest commit, before acknowledging — "SIGKILL between write and ack".
  uint64_t kill_after_commits_ = 0;
  std::atomic<uint64_t> commits_{0};
  // The stubbed store's state (options_.store off).
  struct StubDevice {
    uint64_t acked = 0;
    std::set<uint64_t> pending;  // "stored" above acked, not yet contiguous
  };
  std::mutex stub_mu_;
  std::unordered_map<std::string, StubDevice> stub_devices_;
  audit::ChainAppender stub_chain_;
  std::mutex partitions_mu_;
  std::set<int> partitions_;
  std::mutex heartbeat_mu_;
  std::map<std::string, HeartbeatFacts> heartbeats_;
};

}  // namespace kakunin::server
