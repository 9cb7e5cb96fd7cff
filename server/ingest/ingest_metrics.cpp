#include "server/ingest/ingest_metrics.h"

#include <cstdio>

namespace kakunin::server {
namespace {

void Observe(uint64_t* counts, const double* bounds, size_t n, double v) {
  size_t i = 0;
  while (i < n && v > bounds[i]) ++i;
  ++counts[i];
}

}  // namespace

void IngestMetrics::ObserveCommit(double ms, size_t batch_results) {
  std::lock_guard lock(mu_);
  Observe(latency_counts_, kLatencyBucketsMs, std::size(kLatencyBucketsMs), ms);
  Observe(batch_counts_, kBatchBuckets, std::size(kBatchBuckets),
          static_cast<double>(batch_results));
  latency_sum_ms_ += ms;
  batch_sum_ += static_cast<double>(batch_results);
  ++observations_;
}

void IngestMetrics::ObserveSteps(const double (&seconds)[kStepCount]) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < kStepCount; ++i) step_seconds_[i] += seconds[i];
}

std::string IngestMetrics::StepSummary() const {
  std::lock_guard lock(mu_);
  std::string out = std::to_string(observations_) + " transactions, seconds per step:";
  for (int i = 0; i < kStepCount; ++i) {
    char v[48];
    std::snprintf(v, sizeof v, " %s %.3f", kSteps[i], step_seconds_[i]);
    out += v;
  }
  return out;
}

std::string IngestMetrics::Render() const {
  std::string out;
  auto counter = [&](const char* name, const char* help, uint64_t v) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
           " " + std::to_string(v) + "\n";
  };
  counter("kakunin_results_ingested_total", "Results stored (new rows).", results_ingested);
  counter("kakunin_results_duplicate_total", "Resent results absorbed without a second row.",
          duplicates);
  counter("kakunin_results_rejected_total", "Malformed results stored as refusals.", rejected);
  counter("kakunin_ingest_transactions_total", "Ingest transactions committed.", transactions);
  counter("kakunin_ingest_failed_transactions_total", "Ingest transactions that failed.",
          failed_transactions);
  counter("kakunin_ingest_retried_transactions_total",
          "Ingest transactions tried again on a new connection after losing one.",
          retried_transactions);
  counter("kakunin_ingest_straight_copies_total",
          "Backlogs copied straight into the result tables.", straight_copies);
  counter("kakunin_ingest_straight_fallbacks_total",
          "Backlogs that met a stored result on the way straight in and were staged instead.",
          straight_fallbacks);
  counter("kakunin_ingest_unknown_fields_dropped_total",
          "Results stored without fields this server does not know (a newer agent's, or padding).",
          unknown_fields_dropped);
  counter("kakunin_ingest_clock_restamped_total",
          "Results stored at HQ's time because their terminal's clock was more than ten minutes "
          "ahead or before 2000.",
          clock_restamped);
  out +=
      "# HELP kakunin_ingest_queued_results Results waiting for a writer.\n"
      "# TYPE kakunin_ingest_queued_results gauge\nkakunin_ingest_queued_results " +
      std::to_string(queued_results.load()) + "\n";
  std::lock_guard lock(mu_);
  auto histogram = [&](const char* name, const char* help, const double* bounds, size_t n,
                       const uint64_t* counts, double sum, double scale) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " histogram\n";
    uint64_t cumulative = 0;
    char le[32];
    for (size_t i = 0; i < n; ++i) {
      cumulative += counts[i];
      std::snprintf(le, sizeof le, "%g", bounds[i] * scale);
      out += std::string(name) + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    cumulative += counts[n];
    out += std::string(name) + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    std::snprintf(le, sizeof le, "%g", sum * scale);
    out += std::string(name) + "_sum " + le + "\n" + name + "_count " +
           std::to_string(observations_) + "\n";
  };
  histogram("kakunin_ingest_commit_seconds", "Time to store and durably commit one batch.",
            kLatencyBucketsMs, std::size(kLatencyBucketsMs), latency_counts_, latency_sum_ms_,
            0.001);
  histogram("kakunin_ingest_batch_results", "Results per ingest transaction.", kBatchBuckets,
            std::size(kBatchBuckets), batch_counts_, batch_sum_, 1);
  out +=
      "# HELP kakunin_ingest_step_seconds_total Time spent in each step of the ingest "
      "transactions that committed.\n# TYPE kakunin_ingest_step_seconds_total counter\n";
  for (int i = 0; i < kStepCount; ++i) {
    char v[32];
    std::snprintf(v, sizeof v, "%g", step_seconds_[i]);
    out += std::string("kakunin_ingest_step_seconds_total{step=\"") + kSteps[i] + "\"} " + v + "\n";
  }
  return out;
}

}  // namespace kakunin::server
