// The server's settings: the options every command shares, serve's options, and the documented
// configuration file generated from them (`kakunin-server config-template`).

#include <iostream>

#include "common/cli/flags.h"
#include "server/app/app_common.h"

namespace kakunin::server {

void AddCommonFlags(cli::Flags& f) {
  f.Section("")
      .Option("config", "FILE",
              "configuration file (TOML); the default is read only when it exists, \"\" reads none",
              kDefaultConfig)
      .NotInFile()
      .Option("data-dir", "DIR", "server state: device CA, keys, embedded PostgreSQL",
              "kakunin-data")
      .Section("database", "PostgreSQL: a server named by db, else the embedded one in data_dir")
      .Option("db", "DSN", "PostgreSQL connection string (env KAKUNIN_DB); none = embedded")
      .Secret()
      .Option("pg-user", "USER", "unprivileged user for the embedded PostgreSQL when root",
              "nobody")
      .Option("migrate", "WHEN",
              "auto: bring the schema up to date at start; manual: never (replicas sharing a "
              "database wait for `kakunin-server migrate`, run once all are upgraded)",
              "auto")
      .Section("")
      .Option("log-level", "LEVEL", "trace, debug, info, warn, error", "info")
      .Bool("log-json", "log one JSON object per line");
}

Status ApplyServerConfig(cli::Flags& f) {
  if (!f.Declared("config")) return OkStatus();
  f.ApplyEnvironment("KAKUNIN_");  // as serve: KAKUNIN_DB, KAKUNIN_CONFIG, …
  return f.ApplyConfigFile("config", /*shared=*/true);
}

// `serve`'s options, shared with config-template: the documented file comes from the very
// declarations the server parses.
void AddServeFlags(cli::Flags& f) {
  AddCommonFlags(f);
  f.Section("")
      .Option("listen", "HOST:PORT", "address to serve on", "127.0.0.1:7443")
      .Option("advertise", "HOST:PORT[,…]",
              "HQ's addresses as terminals reach them, for enrollment bundles (default: the "
              "listening address, or this host's name when listening on all interfaces)")
      .List()
      .Option("trusted-proxies", "ADDRESS[,…]",
              "addresses of TCP proxies in front of this server (HAProxy): a login or "
              "enrollment through one is limited per connection, not per address, since every "
              "client's address is the proxy's there")
      .List()
      .Option("key-file", "FILE", "patient-data key file (<id>:<hex> lines); default in data dir")
      .Option("ready-file", "FILE", "write the bound port here once serving (for scripts)")
      .Bool("reflection",
            "serve gRPC server reflection (off by default: it maps the API for "
            "strangers)")
      .Bool("print-config", "print the settings in effect and where each came from, then exit")
      .CommandLineOnly()
      .Section("database")
      .Option("db-connections", "N",
              "PostgreSQL connections in all: terminals keep ingest-writers + 4 of them, health "
              "and maintenance 2, the console and the rest share the others (at least 4)",
              "16")
      .Int()
      .Option("db-retry-seconds", "N",
              "how long a batch of results is tried again on new connections after the database "
              "connection is lost (a cluster's leader change) before its terminals are told",
              "20")
      .Int()
      .Option("db-query-timeout", "SECONDS",
              "longest one statement of a read (a console search, dashboard or list) may run; "
              "beyond, it is cancelled and the console told (0 = no limit)",
              "15")
      .Int()
      .Option("db-idle-seconds", "SECONDS",
              "a database connection unused this long is replaced before its next use: "
              "something between (HAProxy's idle timeout, a firewall) may have cut it "
              "(1-3600)",
              "600")
      .Int()
      .Option("db-lock-timeout", "SECONDS",
              "longest any statement waits for rows or tables another session holds; beyond, "
              "the console is told, terminals resend later (0 = no limit)",
              "15")
      .Int()
      .Section("certificates", "The device CA and the server's TLS certificate (in data_dir/pki)")
      .Option("server-names", "LIST", "names in the TLS certificate (comma list)",
              "localhost,127.0.0.1")
      .List()
      .Option("cert-days", "N", "lifetime of device certificates in days", "365")
      .Int()
      .Section("ingest", "Results from terminals")
      .Option("ingest-writers", "N", "ingest writer threads (each owns a share of terminals)", "2")
      .Int()
      .Option("batch-max", "N", "most results stored in one ingest transaction", "4000")
      .Int()
      .Bool("ingest-staged-only",
            "store every backlog through the staging table's insert, never straight into the "
            "tables (the path before 2026-12; for comparison)")
      .Option("catchup-rate", "N",
              "results per second a terminal may resend after an outage (0 = unlimited)", "200")
      .Int()
      .Option("outbox-warn-depth", "N", "a terminal's queue depth that raises its warning", "10000")
      .Int()
      .Option("streams-per-terminal", "N",
              "most streams one terminal holds; a new one beyond closes its oldest (0 = no limit)",
              "4")
      .Int()
      .Option("stream-opens-per-minute", "N",
              "new streams one terminal may open per minute, in bursts of as many; beyond, it "
              "is told to wait (0 = no limit)",
              "60")
      .Int()
      .Section("audit", "The signed audit chain")
      .Option("audit-key", "FILE", "Ed25519 key that signs audit heads; default in data dir")
      .Option("head-interval", "SECONDS",
              "how often (seconds) a grown audit chain gets a signed head", "10")
      .Int()
      .Section("subsidy", "Subsidy programmes (公費) and their deadlines")
      .Option("programmes", "FILE",
              "subsidy programme file (default: <prefix>/share/kakunin/programmes.json beside "
              "bin/)")
      .Option("warning-days", "LIST", "days before a deadline at which HQ is warned", "60,30,7,1")
      .Int()
      .List()
      .Option("claim-receipts", "N", "most receipt files one claim may hold (1-1000)", "20")
      .Int()
      .Option("claim-receipt-mib", "MIB", "most MiB of receipt files one claim may hold (10-10000)",
              "100")
      .Int()
      .Option("summary-time", "HH:MM",
              "Japan time of the daily subsidy summary (off: none from this replica)", "07:00")
      .Section("console_login", "Console logins: limits against password guessing")
      .Option("login-failures-per-source", "N",
              "failed console logins one address may make per minute before it must wait", "20")
      .Int()
      .Option("login-failures-per-name", "N",
              "failed logins per login name per minute before it must wait", "10")
      .Int()
      .Option("login-hash-concurrency", "N",
              "password checks run at once (each takes 64 MiB and ~0.1 s of a core)", "1")
      .Int()
      .Section("metrics", "Prometheus /metrics and the /healthz and /readyz probes")
      .Option("metrics-listen", "HOST:PORT",
              "serve Prometheus /metrics, /healthz and /readyz here (plain HTTP; off if empty)")
      .Section("");
}

int ConfigTemplateCommand(int argc, char** argv) {
  cli::Flags usage("kakunin-server config-template [--set NAME=VALUE,…]",
                   "Prints the documented configuration file of `kakunin-server serve`\n"
                   "(server.toml): every setting with its meaning and default, all commented out.");
  usage.Option("set", "NAME=VALUE,…",
               "settings written set rather than commented out (a package's data_dir)");
  if (auto s = usage.Parse(argc, argv, 2); !s.ok()) return Fail(s.error());
  if (usage.help_requested()) {
    std::cout << usage.Help();
    return 0;
  }
  cli::Flags f("", "");
  AddServeFlags(f);
  auto preset = cli::ParsePresets(f, usage.Get("set"));
  if (!preset.ok()) return Fail(preset.error());
  std::cout << f.ConfigTemplate(
      "kakunin-server configuration (" + std::string(kDefaultConfig) +
          "), read by `kakunin-server serve`.\n"
          "Generated by `kakunin-server config-template` from the options the server parses: "
          "`kakunin-server serve --help` lists the same options, `kakunin-server serve "
          "--print-config` shows the values in effect and where each came from. The other "
          "commands (admin, site, token, audit, backup, …) read [database] and data_dir from here "
          "too.",
      *preset);
  return 0;
}

Result<ServeNumbers> ReadServeNumbers(const cli::Flags& f) {
  ServeNumbers n;
  const std::pair<const char*, int*> fields[] = {
      {"cert-days", &n.cert_days},
      {"ingest-writers", &n.writers},
      {"batch-max", &n.batch_max},
      {"head-interval", &n.head_interval},
      {"db-connections", &n.connections},
      {"catchup-rate", &n.catchup_rate},
      {"outbox-warn-depth", &n.warn_depth},
      {"streams-per-terminal", &n.streams_per_terminal},
      {"stream-opens-per-minute", &n.stream_opens},
      {"db-query-timeout", &n.query_timeout},
      {"db-lock-timeout", &n.lock_timeout},
      {"claim-receipts", &n.claim_receipts},
      {"claim-receipt-mib", &n.claim_receipt_mib},
      {"login-failures-per-source", &n.per_source},
      {"login-failures-per-name", &n.per_name},
      {"login-hash-concurrency", &n.hash_concurrency},
      {"db-retry-seconds", &n.db_retry},
      {"db-idle-seconds", &n.idle_seconds},
  };
  for (const auto& [name, field] : fields) {
    KAKUNIN_ASSIGN_OR_RETURN(*field, f.GetInt(name));
  }
  auto bad = [](const std::string& what) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value", what);
  };
  if (n.claim_receipts < 1 || n.claim_receipts > 1000) {
    return bad("--claim-receipts: files from 1 to 1000");
  }
  // At least one whole receipt (10 MiB) must fit.
  if (n.claim_receipt_mib < 10 || n.claim_receipt_mib > 10000) {
    return bad("--claim-receipt-mib: MiB from 10 to 10000");
  }
  // Each writer holds a connection, and the terminals' pool is sized from them: a negative
  // count once asked for an unbounded pool.
  if (n.writers < 1 || n.writers > 16) return bad("--ingest-writers: threads from 1 to 16");
  if (n.connections < 4 || n.connections > 1000) {
    return bad("--db-connections: connections from 4 to 1000");
  }
  if (n.idle_seconds < 1 || n.idle_seconds > 3600) {
    return bad("--db-idle-seconds: seconds from 1 to 3600");
  }
  for (const auto& [name, v] : {std::pair{"db-query-timeout", n.query_timeout},
                                std::pair{"db-lock-timeout", n.lock_timeout}}) {
    if (v < 0 || v > 3600) {
      return bad(std::string("--") + name + ": seconds from 0 (no limit) to 3600");
    }
  }
  return n;
}

}  // namespace kakunin::server
