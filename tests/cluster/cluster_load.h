#pragma once
// Steady ingest from simulated terminals for the cluster tests. Each terminal does what an
// agent's uplink does on its one stream: connect (its own TLS connection), read the Welcome,
// resend everything after the Welcome's acked sequence, then send a batch every interval and
// wait for its Ack. On a broken stream it reconnects with backoff and jitter. It records what it
// was told: every Ack (with the batch's send time), and every break and the Welcome after it —
// the evidence the tests hold the database against.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness/test_terminal.h"

namespace kakunin::testing {

using Clock = std::chrono::steady_clock;

struct AckedBatch {
  Clock::time_point sent_at;   // first send of the batch's first result
  Clock::time_point acked_at;  // the Ack covering its last result
  uint64_t last_sequence = 0;
  int results = 0;
};

struct StreamBreak {
  Clock::time_point broken_at;
  Clock::time_point welcomed_at;  // the next Welcome (time_point{} if none yet)
};

class LoadTerminal {
 public:
  LoadTerminal(TestTerminal identity, std::string address, int batch,
               std::chrono::milliseconds interval, uint64_t seed);
  ~LoadTerminal();
  void Start();
  // No new results; keeps resending until everything produced is acknowledged.
  void StopProducing();
  // Waits until every produced result is acknowledged; false on timeout.
  bool Drain(std::chrono::seconds timeout);
  // Ends the stream at once and joins.
  void Stop();

  const std::string& device_id() const { return identity_.device_id(); }
  uint64_t produced();
  uint64_t acked();
  // check id of sequence s (1-based), as sent (resends reuse it).
  std::vector<std::string> CheckIds();
  std::vector<AckedBatch> Acks();
  std::vector<StreamBreak> Breaks();

 private:
  void Run();
  // One stream's life; returns when it breaks or the terminal is stopped: true when the server
  // had welcomed it.
  bool Session();

  TestTerminal identity_;
  std::string address_;
  int batch_;
  std::chrono::milliseconds interval_;
  uint64_t seed_;
  std::thread thread_;
  std::atomic<bool> producing_{true};
  std::atomic<bool> stopping_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  grpc::ClientContext* current_ = nullptr;
  std::vector<std::string> check_ids_;         // index = sequence - 1
  std::vector<Clock::time_point> first_sent_;  // index = sequence - 1
  uint64_t acked_ = 0;
  std::vector<AckedBatch> acks_;
  std::vector<StreamBreak> breaks_;
};

// Percentile (0..100) of `values` in place; 0 for none.
double Percentile(std::vector<double> values, double p);

}  // namespace kakunin::testing
