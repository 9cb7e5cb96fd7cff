#pragma once
// What a serving replica does once a second beside its RPCs: hands the heap back after a burst,
// keeps the embedded PostgreSQL alive, reloads revocations, probes readiness and sets gRPC's
// health, runs the subsidy summaries' job, signs the audit head, purges expired patient data and
// reads the fleet's gauges for /metrics.

#include <grpcpp/health_check_service_interface.h>
#include <openssl/evp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/audit/chain.h"
#include "common/domain/date.h"
#include "server/app/connection_memory.h"
#include "server/audit/audit_store.h"
#include "server/ingest/ingest_writer.h"
#include "server/pki/revocation.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/retention.h"
#include "server/subsidy/daily_summary.h"

namespace kakunin::server {

class UserStore;

// What /readyz reports, as the maintenance last found it.
struct ReadinessProbe {
  std::atomic<bool> db{false};
  std::atomic<bool> writable{false};
  std::atomic<int> schema{0};
  std::atomic<int64_t> checked_at{0};  // Unix seconds
};

// The fleet's gauges for /metrics, read by the maintenance every few seconds: a scrape (any
// number of them, from anyone who reaches the port) never queries the database itself, and a
// slow database never holds a scrape.
class FleetGaugeCache {
 public:
  using Clock = std::chrono::steady_clock;
  void Set(const FleetStore::FleetGauges& g, Clock::time_point at) {
    std::lock_guard lock(mu_);
    value_ = g;
    at_ = at;
  }
  // None when never read or older than `max_age` (a gauge is left out rather than shown stale).
  std::optional<FleetStore::FleetGauges> Get(Clock::time_point now, Clock::duration max_age) const {
    std::lock_guard lock(mu_);
    if (!value_ || now - at_ > max_age) return std::nullopt;
    return value_;
  }

 private:
  mutable std::mutex mu_;
  std::optional<FleetStore::FleetGauges> value_;
  Clock::time_point at_{};
};

// How often the fleet's gauges are read (as often as heartbeats are flushed), and how old they
// may be shown.
constexpr std::chrono::seconds kFleetGaugesEvery{1};
constexpr std::chrono::seconds kFleetGaugesMaxAge{60};

struct MaintenanceParts {
  IngestWriter* ingest = nullptr;
  EmbeddedPostgres* embedded = nullptr;  // null: an external database, not ours to restart
  FleetStore* store = nullptr;
  RevokedSerials* revoked = nullptr;
  ConnectionPool* pool = nullptr;        // retention
  ConnectionPool* probe_pool = nullptr;  // readiness: its own, so a busy ingest cannot delay it
  FleetStore* probe_store = nullptr;     // revocations, on probe_pool
  ReadinessProbe* ready = nullptr;
  // gRPC's health service once the server runs (null before).
  const std::atomic<grpc::HealthCheckServiceInterface*>* health = nullptr;
  DailySummaryJob* summary_job = nullptr;
  UserStore* users = nullptr;  // expired sessions pruned with the hourly retention
  AuditStore* audit_store = nullptr;
  const EVP_PKEY* audit_key = nullptr;
  std::string audit_key_id;
  std::chrono::seconds head_interval{60};
  std::function<void(const audit::SignedHead&)> publish_head;
  std::function<domain::Date()> today;  // Japan's civil date
  FleetGaugeCache* fleet_gauges = nullptr;
};

class Maintenance {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Maintenance(MaintenanceParts parts);
  // One round; the server calls it once a second until it stops.
  void Tick();
  // The embedded PostgreSQL could not be brought back, so the server stops itself: its exit
  // status must say so, or systemd (Restart=on-failure) takes the stop as a clean one.
  bool gave_up() const { return gave_up_.load(); }

 private:
  void KeepEmbeddedPostgresAlive(Clock::time_point now);
  void ProbeDatabase();
  void SignAuditHead(Clock::time_point now);
  void PurgeExpiredPatientFields(Clock::time_point now);
  void ReadFleetGauges(Clock::time_point now);

  MaintenanceParts p_;
  QuietHeapTrim heap_trim_;
  std::optional<bool> db_usable_;  // what health was last set to
  int pg_restarts_ = 0;            // restarts in a row that failed
  std::atomic<bool> gave_up_{false};
  Clock::time_point next_pg_try_, next_head_, next_retention_, next_gauges_;
  HeadThinning heads_walk_;  // how far the thinning of old audit heads has got
};

}  // namespace kakunin::server
