// kakunin-audit-bench: what the audit chain costs inside ingest. The server's own IngestWriter
// (group commit, COPY staging, sealing, durable commit) stores the same results twice in the same
// run on the same private PostgreSQL — once with the hash-chain records appended in each
// transaction, once without — and prints results/s for both, their ratio, and audit records/s.
// In-process (no gRPC) so that the difference is the audit work alone.

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <latch>
#include <pqxx/pqxx>

#include "common/cli/flags.h"
#include "common/os/process.h"
#include "server/ingest/ingest_writer.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/migrations.h"

namespace kakunin {
namespace {

struct Run {
  double seconds = 0;
  uint64_t stored = 0, audit_records = 0;
};

std::string Uuid(uint64_t run, uint64_t n) {
  char id[40];
  std::snprintf(id, sizeof id, "%08llx-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(run), static_cast<unsigned long long>(n));
  return id;
}

Result<Run> Measure(server::ConnectionPool& pool, const server::Sealer& sealer, bool audit,
                    int run_id, int devices, int total, int batch, pqxx::connection& admin) {
  server::IngestOptions o;
  o.audit = audit;
  Run r;
  uint64_t audit_before;
  {
    pqxx::nontransaction tx(admin);
    audit_before = tx.exec1("SELECT count(*) FROM audit_log")[0].as<uint64_t>();
  }
  {
    server::IngestWriter writer(&pool, &sealer, o);
    int per_device = total / devices;
    int messages = devices * ((per_device + batch - 1) / batch);
    std::latch done(messages);
    std::atomic<bool> failed{false};
    auto start = std::chrono::steady_clock::now();
    uint64_t n = 0;
    // Round-robin over devices, as many terminals streaming at once would arrive.
    for (int first = 1; first <= per_device; first += batch) {
      for (int d = 0; d < devices; ++d) {
        server::DeviceRecord dev;
        dev.device_id = "bench-" + std::to_string(run_id) + "-" + std::to_string(d);
        dev.site_id = "bench";
        std::vector<v1::CheckResult> results;
        for (int s = first; s < first + batch && s <= per_device; ++s) {
          v1::CheckResult c;
          c.set_sequence(static_cast<uint64_t>(s));
          c.set_check_id(Uuid(static_cast<uint64_t>(run_id) * 1000 + d, ++n));
          c.mutable_checked_at()->set_seconds(1795000000 + s);
          c.set_mode(v1::IDENTITY_MODE_VISUAL);
          c.set_outcome(v1::OUTCOME_ELIGIBLE);
          c.mutable_eligibility()->set_name("山田太郎");
          c.mutable_eligibility()->set_insurer_number("06139992");
          results.push_back(std::move(c));
        }
        writer.Submit(dev, std::move(results), [&](Result<server::IngestOutcome> out) {
          if (!out.ok()) failed = true;
          done.count_down();
        });
      }
    }
    done.wait();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failed) return MakeError(ErrorCode::kInternal, "bench.ingest_failed", "a batch failed");
  }
  pqxx::nontransaction tx(admin);
  r.stored = tx.exec1("SELECT count(*) FROM check_results WHERE device_id LIKE 'bench-" +
                      std::to_string(run_id) + "-%'")[0]
                 .as<uint64_t>();
  r.audit_records = tx.exec1("SELECT count(*) FROM audit_log")[0].as<uint64_t>() - audit_before;
  return r;
}

int Main(int argc, char** argv) {
  cli::Flags f("kakunin-audit-bench [--results N] [--devices N] [--batch N]",
               "Results/s through the server's ingest writer with and without the audit hash\n"
               "chain, same run, same PostgreSQL (durable commits). Prints the ratio.");
  f.Option("results", "N", "results per run", "100000")
      .Option("devices", "N", "simulated terminals", "50")
      .Option("batch", "N", "results per terminal message", "200");
  if (auto s = f.Parse(argc, argv); !s.ok()) {
    std::cerr << s.error().ToString() << "\n";
    return 2;
  }
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  int total = *f.GetInt("results"), devices = *f.GetInt("devices"), batch = *f.GetInt("batch");
  std::string dir = os::MakeTempDir("kakunin-audit-bench");
  ::chmod(dir.c_str(), 0755);
  server::EmbeddedPostgresOptions po;
  po.data_dir = dir + "/pg";
  auto pg = server::EmbeddedPostgres::Start(po);
  if (!pg.ok()) {
    std::cerr << pg.error().ToString() << "\n";
    return 1;
  }
  (void)(*pg)->CreateDatabase("kakunin");
  std::string dsn = (*pg)->ConnectionString("kakunin");
  int rc = 0;
  try {
    pqxx::connection admin(dsn);
    if (auto m = server::ApplyMigrations(admin, server::AllMigrations()); !m.ok()) {
      std::cerr << m.error().ToString() << "\n";
      return 1;
    }
    {
      pqxx::work tx(admin);
      tx.exec("INSERT INTO sites(site_id, name) VALUES ('bench', 'bench')");
      for (int run = 1; run <= 3; ++run) {
        for (int d = 0; d < devices; ++d) {
          tx.exec_params(
              "INSERT INTO devices(device_id, site_id, status, public_key_sha256, "
              "verification_code, cert_serial, cert_not_after) VALUES ($1, 'bench', 'active', "
              "'\\x00', '000 000', $1, now() + interval '1 year')",
              "bench-" + std::to_string(run) + "-" + std::to_string(d));
        }
      }
      tx.commit();
    }
    server::Sealer sealer;
    (void)sealer.AddKey("bench", std::string(64, 'a'));
    server::ConnectionPool pool(dsn, 8);
    // Warm-up (caches, first partition, connections), not measured.
    std::cerr << "warm-up…\n";
    if (auto w =
            Measure(pool, sealer, true, 3, devices, std::max(devices, total / 10), batch, admin);
        !w.ok()) {
      std::cerr << w.error().ToString() << "\n";
      return 1;
    }
    std::cerr << "ingest with audit…\n";
    auto with = Measure(pool, sealer, true, 1, devices, total, batch, admin);
    std::cerr << "ingest without audit…\n";
    auto without = Measure(pool, sealer, false, 2, devices, total, batch, admin);
    if (!with.ok() || !without.ok()) {
      std::cerr << (with.ok() ? without.error() : with.error()).ToString() << "\n";
      rc = 1;
    } else {
      int expected = devices * (total / devices);
      bool counts_ok = with->stored == static_cast<uint64_t>(expected) &&
                       without->stored == static_cast<uint64_t>(expected) &&
                       with->audit_records == with->stored && without->audit_records == 0;
      double rate_with = with->stored / with->seconds;
      double rate_without = without->stored / without->seconds;
      std::printf("results per run            %d (%d terminals, %d per message)\n", expected,
                  devices, batch);
      std::printf("ingest with audit          %10.0f results/s  (%.2f s; %llu audit records)\n",
                  rate_with, with->seconds, static_cast<unsigned long long>(with->audit_records));
      std::printf("ingest without audit       %10.0f results/s  (%.2f s)\n", rate_without,
                  without->seconds);
      std::printf("ratio with/without         %10.2f\n", rate_with / rate_without);
      std::printf("audit appends inside ingest %9.0f records/s\n",
                  with->audit_records / with->seconds);
      std::printf("counts verified            %s\n", counts_ok ? "yes" : "NO");
      if (!counts_ok) rc = 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    rc = 1;
  }
  pg->reset();
  os::RemoveTree(dir);
  return rc;
}

}  // namespace
}  // namespace kakunin

int main(int argc, char** argv) { return kakunin::Main(argc, argv); }
