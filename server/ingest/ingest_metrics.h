#pragma once
// What the ingest path counts and times, for /metrics and the log.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <mutex>
#include <string>

namespace kakunin::server {

// Prometheus-style counters and histograms of the ingest path.
class IngestMetrics {
 public:
  static constexpr double kLatencyBucketsMs[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000};
  static constexpr double kBatchBuckets[] = {1, 10, 50, 100, 500, 1000, 2000, 5000};

  void ObserveCommit(double ms, size_t batch_results);
  // Where a transaction's time went, summed per step (see kSteps).
  enum Step { kBegin, kStage, kInsert, kAck, kNotify, kAudit, kCommit, kStepCount };
  static constexpr const char* kSteps[kStepCount] = {"begin",  "stage", "insert", "ack",
                                                     "notify", "audit", "commit"};
  void ObserveSteps(const double (&seconds)[kStepCount]);
  std::string StepSummary() const;  // one line for the log
  // The text exposition format, for /metrics.
  std::string Render() const;

  std::atomic<uint64_t> results_ingested{0};  // new rows
  std::atomic<uint64_t> duplicates{0};        // resends absorbed
  std::atomic<uint64_t> rejected{0};          // malformed results stored as refusals
  std::atomic<uint64_t> transactions{0};
  std::atomic<uint64_t> failed_transactions{0};
  std::atomic<uint64_t> retried_transactions{0};    // tried again after a lost connection
  std::atomic<uint64_t> straight_copies{0};         // backlogs copied straight into the tables
  std::atomic<uint64_t> straight_fallbacks{0};      // … that met a stored result: staged instead
  std::atomic<uint64_t> unknown_fields_dropped{0};  // results stored without fields HQ lacks
  std::atomic<uint64_t> clock_restamped{0};  // results stored at HQ's time (terminal clock wrong)
  std::atomic<int64_t> queued_results{0};

 private:
  mutable std::mutex mu_;
  uint64_t latency_counts_[std::size(kLatencyBucketsMs) + 1] = {};
  double latency_sum_ms_ = 0;
  uint64_t batch_counts_[std::size(kBatchBuckets) + 1] = {};
  double batch_sum_ = 0;
  uint64_t observations_ = 0;
  double step_seconds_[kStepCount] = {};
};

}  // namespace kakunin::server
