#include "server/app/maintenance.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <ctime>
#include <utility>

#include "server/auth/users.h"
#include "server/storage/migrations.h"
#include "server/storage/retention.h"

namespace kakunin::server {

Maintenance::Maintenance(MaintenanceParts parts)
    : p_(std::move(parts)), heap_trim_(std::chrono::seconds(10), int64_t{32} << 20) {
  const auto now = Clock::now();
  next_pg_try_ = next_head_ = next_retention_ = now;
}

void Maintenance::Tick() {
  if (heap_trim_.Due(p_.ingest->metrics().transactions, ResidentBytes(), Clock::now())) {
    const HeapTrimReport t = ReturnFreeHeap();
    heap_trim_.Trimmed(t.rss_after_bytes);
    spdlog::info("ingest quiet: free heap returned to the system, resident {} → {} MiB ({:.0f} ms)",
                 t.rss_before_bytes >> 20, t.rss_after_bytes >> 20, t.seconds * 1000);
  }
  KeepEmbeddedPostgresAlive(Clock::now());
  ProbeDatabase();
  p_.summary_job->Tick();
  SignAuditHead(Clock::now());
  PurgeExpiredPatientFields(Clock::now());
  ReadFleetGauges(Clock::now());
}

void Maintenance::ReadFleetGauges(Clock::time_point now) {
  if (p_.fleet_gauges == nullptr || now < next_gauges_) return;
  next_gauges_ = now + kFleetGaugesEvery;
  if (auto g = p_.store->Gauges(); g.ok()) p_.fleet_gauges->Set(*g, now);
}

// The embedded PostgreSQL is ours to keep alive: restart it when its postmaster dies, with
// backoff, a bounded number of times in a row (then the process exits, and its supervisor —
// systemd — starts it afresh).
void Maintenance::KeepEmbeddedPostgresAlive(Clock::time_point now) {
  if (p_.embedded == nullptr || p_.embedded->Alive() || now < next_pg_try_) return;
  spdlog::error("embedded PostgreSQL stopped; restarting it (try {})", pg_restarts_ + 1);
  if (auto s = p_.embedded->Relaunch(); s.ok()) {
    spdlog::info("embedded PostgreSQL running again (pid {})", p_.embedded->pid());
    pg_restarts_ = 0;
  } else if (++pg_restarts_ >= 8) {
    spdlog::critical("embedded PostgreSQL cannot be restarted: {}", s.error().ToString());
    gave_up_ = true;
    ::kill(::getpid(), SIGTERM);  // the signal thread stops the server, which then exits 1
  } else {
    next_pg_try_ = now + std::chrono::seconds(1 << pg_restarts_);
  }
}

// Revocations made by other replicas arrive within a second; readiness and health follow what
// the database answers.
void Maintenance::ProbeDatabase() {
  ReadinessProbe& ready = *p_.ready;
  auto serials = p_.probe_store->RevokedSerials();
  if (serials.ok()) p_.revoked->Replace(*serials);
  ready.db = serials.ok();
  if (auto conn = p_.probe_pool->Acquire(); conn.ok()) {
    auto version = AppliedSchemaVersion(**conn);
    ready.schema = version.ok() ? *version : 0;
    auto writable = version.ok() ? DatabaseWritable(**conn) : Result<bool>(version.error());
    ready.writable = writable.ok() && *writable;
    if (!writable.ok()) conn->Discard();
  } else {
    ready.writable = false;
  }
  ready.checked_at = static_cast<int64_t>(std::time(nullptr));
  // A reachable database that takes no writes (a standby, a fenced old leader) is as good as
  // none for terminals.
  const bool usable = serials.ok() && ready.writable;
  auto* health = p_.health->load();
  if (health == nullptr || db_usable_ == usable) return;
  db_usable_ = usable;
  health->SetServingStatus(usable);
  if (usable) {
    spdlog::info("database reachable: health SERVING");
  } else {
    spdlog::error("database unreachable or read-only: health NOT_SERVING ({})",
                  serials.ok() ? "takes no writes" : serials.error().ToString());
  }
}

void Maintenance::SignAuditHead(Clock::time_point now) {
  if (now < next_head_) return;
  next_head_ = now + p_.head_interval;
  auto head = p_.audit_store->SignHeadIfGrown(p_.audit_key, p_.audit_key_id);
  if (!head.ok()) {
    spdlog::error("signing the audit head failed: {}", head.error().ToString());
  } else if (*head) {
    spdlog::debug("audit head signed at size {}", (*head)->size);
    p_.publish_head(**head);
  }
}

// Hourly; every replica may, one at a time (the purge's advisory lock; a replica that finds it
// held skips this hour).
void Maintenance::PurgeExpiredPatientFields(Clock::time_point now) {
  if (now < next_retention_) return;
  next_retention_ += std::chrono::hours(1);
  auto lease = p_.pool->Acquire();
  if (!lease.ok()) return;
  if (p_.users) {
    if (auto gone = p_.users->PruneSessions(); !gone.ok()) {
      spdlog::warn("expired sessions not pruned: {}", gone.error().ToString());
    }
  }
  if (auto thinned = ThinAuditHeads(**lease, std::chrono::system_clock::now(), &heads_walk_);
      !thinned.ok()) {
    spdlog::warn("old audit heads not thinned: {}", thinned.error().ToString());
  }
  auto r = PurgeExpiredPatientData(**lease, p_.today(), 1);
  if (!r.ok()) {
    spdlog::error("retention failed: {}", r.error().ToString());
  } else if (!r->waiting.empty() || r->another_purging) {
    // Held by another session (a backup runs for minutes, not hours) or another replica's run:
    // sooner than in an hour.
    next_retention_ = now + std::chrono::minutes(5);
  }
}

}  // namespace kakunin::server
