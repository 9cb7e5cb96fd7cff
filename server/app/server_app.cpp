#include "server/app/server_app.h"

#include <dlfcn.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>
#include <vector>

#include "common/cli/command_help.h"
#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/core/version.h"
#include "common/crypto/keys.h"
#include "common/crypto/x509.h"
#include "common/log/log.h"
#include "server/app/app_common.h"
#include "server/app/command_groups.h"
#include "server/app/connection_memory.h"
#include "server/app/maintenance.h"
#include "server/app/metrics_http.h"
#include "server/app/operator_text.h"
#include "server/app/restore_record.h"
#include "server/audit/audit_store.h"
#include "server/auth/users.h"
#include "server/ingest/ingest_writer.h"
#include "server/pki/device_ca.h"
#include "server/pki/revocation.h"
#include "server/rpc/agent_service.h"
#include "server/rpc/console_service.h"
#include "server/rpc/event_hub.h"
#include "server/storage/embedded_postgres.h"
#include "server/storage/fleet_store.h"
#include "server/storage/migrations.h"
#include "server/subsidy/claim_store.h"
#include "server/subsidy/daily_summary.h"
#include "server/subsidy/programme_store.h"

namespace kakunin::server {
namespace fs = std::filesystem;

namespace {

bool tls_buffers_cached = false;  // CacheTlsBuffers() took, at the start of ServerMain

// /readyz: the database answered within the last few seconds and takes writes (in a cluster,
// the leader: a replica whose database is a standby or fenced must not get terminals), its
// schema is the one this binary was built for, and the device CA is loaded and valid.
MetricsHttp::Readiness Readiness(bool db, bool writable, int schema, int64_t checked_at,
                                 const DeviceCa* ca) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const bool fresh = now - checked_at <= 5;
  const int wanted = AllMigrations().empty() ? 0 : AllMigrations().back().version;
  bool ca_ok = false;
  if (ca != nullptr) {
    auto cert = crypto::CertificateFromPem(ca->ca_pem());
    ca_ok = cert.ok() && crypto::NotAfter(cert->get()) > now;
  }
  nlohmann::json checks = {
      {"database",
       {{"ok", db && fresh},
        {"detail", !fresh ? "not checked recently"
                   : db   ? "reachable"
                          : "unreachable"}}},
      {"writable",
       {{"ok", writable}, {"detail", writable ? "takes writes" : "read-only or unknown"}}},
      {"migrations",
       {{"ok", schema == wanted},
        {"detail", "schema " + std::to_string(schema) + ", binary " + std::to_string(wanted)}}},
      {"device_ca", {{"ok", ca_ok}, {"detail", ca_ok ? "loaded" : "missing or expired"}}}};
  const bool ready = db && writable && fresh && schema == wanted && ca_ok;
  return {ready, nlohmann::json{{"ready", ready}, {"checks", checks}}.dump()};
}

// The addresses an enrollment bundle names: --advertise, else the listening address with the
// bound port (this host's name when listening on every interface).
std::vector<std::string> AdvertisedAddresses(const cli::Flags& f, int bound_port) {
  if (f.Has("advertise")) return SplitComma(f.Get("advertise"));
  std::string host = f.Get("listen").substr(0, f.Get("listen").rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]" || host == "::") {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    host = name;
  }
  return {host + ":" + std::to_string(bound_port)};
}

int Serve(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server [serve] [options]",
      cli::Localized(
          "Runs the central server: terminal enrollment and result streams (mutual TLS), the\n"
          "console API (TLS + login), on one port. Stops cleanly on SIGTERM or SIGINT.\n"
          "Exit codes: 0 stopped on SIGTERM or SIGINT, 1 failed (could not start, or the\n"
          "embedded PostgreSQL could not be restarted), 2 bad input (an option or the\n"
          "configuration file).",
          "本部のサーバーを動かします。端末の登録と結果の受信（相互 TLS）、\n"
          "管理コンソールの API（TLS とログイン）を 1 つのポートで提供します。\n"
          "SIGTERM か SIGINT を受けると、処理を片付けてから終了します。\n"
          "終了コード: 0 SIGTERM か SIGINT で停止した、1 失敗（起動できなかった、または\n"
          "組み込みの PostgreSQL を再起動できなかった）、\n"
          "2 入力の誤り（オプションか設定ファイル）"));
  AddServeFlags(f);
  f.SetHelpFooter(cli::Localized(
      "Settings come from, in this order of precedence: the command line; the environment as\n"
      "KAKUNIN_<NAME> (e.g. KAKUNIN_DB, KAKUNIN_METRICS_LISTEN); the configuration file, TOML\n"
      "with each setting in its [section] (--config FILE or KAKUNIN_CONFIG, else\n" +
          std::string(kDefaultConfig) +
          " when it exists; `kakunin-server config-template` prints\n"
          "a documented one); the defaults. --print-config shows the values in effect and where\n"
          "each came from.",
      "設定は次の順に優先されます: コマンドライン、環境変数 KAKUNIN_<NAME>\n"
      "（例: KAKUNIN_DB、KAKUNIN_METRICS_LISTEN）、設定ファイル、既定値。\n"
      "設定ファイルは TOML で、各設定はそれぞれの [セクション] に書きます。読むのは\n"
      "--config FILE か KAKUNIN_CONFIG で指定したファイル、指定がなければ\n" +
          std::string(kDefaultConfig) +
          " があればそれです（説明付きのものを\n"
          "`kakunin-server config-template` が表示します）。--print-config で、有効な値と\n"
          "それぞれの設定元を確認できます。"));
  if (auto s = f.Parse(argc, argv, 1); !s.ok()) return Fail(s.error());
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  // A word left over is a command mistyped, not something to serve with.
  if (!f.positional().empty()) {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.unknown_command",
                  cli::Localized("serve takes options only, not '" + f.positional().front() +
                                     "' (see kakunin-server --help)",
                                 "serve にはオプションだけを指定します（'" +
                                     f.positional().front() + "' は使えません）")));
  }
  f.ApplyEnvironment("KAKUNIN_");
  if (auto s = f.ApplyConfigFile("config"); !s.ok()) return Fail(s.error());
  if (f.GetBool("print-config")) {
    std::cout << f.PrintConfig();
    return 0;
  }
  InitLogging("kakunin-server", f.GetBool("log-json") ? LogFormat::kJson : LogFormat::kText,
              f.Get("log-level"));
  auto warning_days = ParseWarningDays(f.Get("warning-days"));
  if (!warning_days.ok()) return Fail(warning_days.error());
  // "off": no scheduled summary on this replica (another makes it, or a test wants none).
  auto summary_minute =
      f.Get("summary-time") == "off" ? Result<int>(24 * 60) : ParseTimeOfDay(f.Get("summary-time"));
  if (!summary_minute.ok()) return Fail(summary_minute.error());

  // Every number is checked before a database is started or a key is made.
  auto numbers = ReadServeNumbers(f);
  if (!numbers.ok()) return Fail(numbers.error());
  const ServeNumbers& n = *numbers;

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  std::error_code ec;
  fs::create_directories(f.Get("data-dir"), ec);
  auto automatic = AutoMigrate(f);
  if (!automatic.ok()) return Fail(automatic.error());
  auto db = OpenDatabase(f, /*attach=*/false);
  if (!db.ok()) return Fail(db.error());
  if (*automatic) {
    if (auto s = Migrate(db->dsn); !s.ok()) return Fail(s.error());
  } else if (!WaitForMigration(db->dsn, sigs)) {
    return 0;  // stopped while waiting
  }

  auto ca = DeviceCa::LoadOrCreate(f.Get("data-dir") + "/pki", SplitComma(f.Get("server-names")));
  if (!ca.ok()) return Fail(ca.error());
  if (!(*ca)->server_names_kept().empty()) {
    std::string kept;
    for (const auto& n : (*ca)->server_names_kept()) kept += (kept.empty() ? "" : ",") + n;
    spdlog::warn(
        "server_names ({}) leaves out {}, which the server's TLS certificate names and "
        "terminals and consoles may dial: kept. Put every name in server_names (after a restore: "
        "restore /etc/kakunin/server.toml too); to drop a name, move pki/server.pem away and "
        "start again",
        f.Get("server-names"), kept);
  }
  {
    const time_t until = (*ca)->server_cert_not_after();
    const long days_left = static_cast<long>((until - std::time(nullptr)) / 86400);
    if (!(*ca)->server_cert_issued_because().empty()) {
      spdlog::info("server TLS certificate issued ({}); {} days left",
                   (*ca)->server_cert_issued_because(), days_left);
    } else if (days_left < 60) {
      // Not ours (HQ brought it): only HQ can renew it, before every terminal is cut off.
      spdlog::warn(
          "server TLS certificate pki/server.pem ends in {} days and was not issued by "
          "this server's CA: replace it",
          days_left);
    }
  }
  Sealer sealer;
  std::string key_file =
      f.Has("key-file") ? f.Get("key-file") : f.Get("data-dir") + "/patient.keys";
  if (!f.Has("key-file")) (void)Sealer::CreateKeyFileIfMissing(key_file);
  if (auto s = sealer.LoadKeyFile(key_file); !s.ok()) return Fail(s.error());
  const std::string audit_key_path =
      f.Has("audit-key") ? f.Get("audit-key") : f.Get("data-dir") + "/audit/head.key";
  auto audit_key = LoadOrCreateAuditKey(audit_key_path);
  if (!audit_key.ok()) return Fail(audit_key.error());
  auto audit_public = crypto::PublicKeyOnly(audit_key->get());
  if (!audit_public.ok()) return Fail(audit_public.error());
  std::string audit_key_id = audit::KeyIdFor(audit_public->get());
  // The public key beside the data, for verifiers (it is not secret).
  if (auto pem = crypto::PublicKeyToPem(audit_public->get()); pem.ok()) {
    std::ofstream(f.Get("data-dir") + "/audit/head.pub") << *pem;
  }

  // A wait for another session's lock (a long DDL, an administrator's LOCK) and a read that
  // runs too long are cut off: the console hears "db.timeout" within its own deadline instead of
  // waiting without end, terminals resend later, and the connection goes back to the pool
  // instead of staying busy after the caller gave up. Reads only get statement_timeout
  // (read_tx.h): a cancel during a commit's wait for the synchronous standby would report a
  // commit the standby may not have.
  const ConnectionPool::Settings bounded = {
      {"lock_timeout", std::to_string(n.lock_timeout * 1000)}};
  const auto read_bound = std::chrono::seconds(n.query_timeout);
  // Terminals' own work (each ingest writer's connection, stream opens, hellos, heartbeats,
  // renewals, the live feed's device events) has connections no console call can take: a
  // console that fills its pool (a long audit walk, a burst of reports) used to leave every
  // branch's terminals waiting 20 s for a connection. The console and the rest share the others.
  const int terminal_connections = n.writers + kTerminalSpareConnections;
  ConnectionPool terminal_pool(db->dsn, static_cast<size_t>(terminal_connections), bounded);
  terminal_pool.SetReadTimeout(read_bound);
  terminal_pool.SetMaxIdle(std::chrono::seconds(n.idle_seconds));
  FleetStore terminal_store(&terminal_pool, &sealer);
  // Two more below: health and revocations, and the maintenance's own work.
  const size_t console_connections =
      static_cast<size_t>(std::max(4, n.connections - terminal_connections - 2));
  ConnectionPool pool(db->dsn, console_connections, bounded);
  // One console user holds at most half of them at once; the rest of their calls wait for their
  // own to finish, so one branch's script of slow reads leaves HQ and the others the other half.
  pool.SetOwnerLimit(console_connections / 2);
  pool.SetReadTimeout(read_bound);
  pool.SetMaxIdle(std::chrono::seconds(n.idle_seconds));
  FleetStore store(&pool, &sealer);
  // Console logins and session checks get connections of their own: a login flood may queue
  // there, never in front of the ingest writers.
  ConnectionPool auth_pool(db->dsn, 3, bounded);
  auth_pool.SetReadTimeout(read_bound);
  auth_pool.SetMaxIdle(std::chrono::seconds(n.idle_seconds));
  LoginGateOptions gate_options;
  gate_options.failures_per_source = std::max(1, n.per_source);
  gate_options.failures_per_login = std::max(1, n.per_name);
  gate_options.max_hashing = std::max(1, n.hash_concurrency);
  LoginGate login_gate(gate_options);
  UserStore users(&auth_pool, AuthPolicy{}, &login_gate);
  AuditStore audit_store(&pool);
  // Before anything else appends: the restore's record must follow the backup's last. The note
  // is where `restore` wrote it, in the data directory (whatever --audit-key names).
  if (auto s = AppendPendingRestore(audit_store, audit_key->get(),
                                    f.Get("data-dir") + "/audit/head.key");
      !s.ok()) {
    return Fail(s.error());
  }
  // Subsidy programmes: the file seeds the database (applied once per content, see
  // server/subsidy/README.md); claims are judged by Japan's date.
  ProgrammeStore programmes(&pool);
  if (auto s = ApplyProgrammeFileAtStart(
          programmes, f.Has("programmes") ? f.Get("programmes") : DefaultProgrammeFilePath(),
          f.Has("programmes"));
      !s.ok()) {
    return Fail(s.error());
  }
  ClaimStore claims(&pool, TodayInJapan);
  claims.SetWarningDays(*warning_days);
  claims.SetReceiptLimits({n.claim_receipts, int64_t{n.claim_receipt_mib} * 1024 * 1024});
  SubsidySummaries summaries(&pool, &store, TodayInJapan, *warning_days);
  DailySummaryJob summary_job(&summaries, *summary_minute, NowInJapan);
  IngestOptions ingest_options;
  ingest_options.writers = static_cast<size_t>(std::max(1, n.writers));
  ingest_options.max_batch_results = static_cast<size_t>(std::max(1, n.batch_max));
  ingest_options.direct_copy = !f.GetBool("ingest-staged-only");
  ingest_options.connection_retry = std::chrono::seconds(std::clamp(n.db_retry, 0, 300));
  IngestWriter ingest(&terminal_pool, &sealer, ingest_options);
  AgentServiceImpl agent_service(&terminal_store, &ingest, ca->get(), n.cert_days);
  agent_service.SetStreamsPerTerminal(static_cast<size_t>(std::max(0, n.streams_per_terminal)));
  agent_service.SetStreamOpensPerMinute(static_cast<uint32_t>(std::max(0, n.stream_opens)));
  agent_service.SetFleetSettings({static_cast<uint32_t>(std::max(0, n.catchup_rate)),
                                  static_cast<uint32_t>(std::max(0, n.warn_depth))});
  auto publish_head = [&](const audit::SignedHead& h) {
    agent_service.SetNewestHead(ToProtoHead(h));
  };
  if (auto newest = audit_store.NewestHead(); newest.ok() && *newest) publish_head(**newest);
  auto revoked = std::make_shared<RevokedSerials>();
  if (auto serials = store.RevokedSerials(); serials.ok()) revoked->Replace(*serials);
  ConsoleServiceImpl console_service(&store, &users, &agent_service, revoked, &audit_store,
                                     audit_public->get());
  // Before the hub: its listener thread pushes allowances until the hub is destroyed.
  VisualAllowanceStore allowances(&pool);
  VisualAllowanceStore terminal_allowances(&terminal_pool);
  console_service.SetVisualAllowances(&allowances);
  agent_service.SetVisualAllowances(&terminal_allowances);
  EventHub hub(db->dsn, &terminal_store);
  // A device revoked through another replica: cut its stream here too.
  hub.OnDeviceEvent([&](const v1::Device& d) {
    if (d.status() == v1::DEVICE_STATUS_REVOKED) agent_service.Disconnect(d.device_id());
    // Its site or its own route may have changed: it gets its settings again (it applies only
    // a new version).
    if (d.status() == v1::DEVICE_STATUS_ACTIVE) agent_service.PushConfig(d.device_id());
    // A branch manager's one-time 目視確認 granted through any replica (issue 19).
    if (d.status() == v1::DEVICE_STATUS_ACTIVE) agent_service.PushVisualAllowances(d.device_id());
  });
  // After the listener lost the database: each terminal here is read again (a revocation or a
  // grant made through another replica meanwhile was never heard).
  hub.SetConnectedDevices([&] { return agent_service.ConnectedDeviceIds(); });
  hub.Start();
  console_service.SetEventHub(&hub);
  DashboardStore dashboard(&pool);
  console_service.SetDashboard(&dashboard);
  console_service.SetSubsidies(&programmes, &claims, TodayInJapan);
  console_service.SetSubsidySummaries(&summaries);
  SiteImporter site_importer(&pool, &store);
  console_service.SetSiteImporter(&site_importer);
  CertCalendarStore certificates(&pool, TodayInJapan);
  console_service.SetCertificates(&certificates);
  if (f.Has("trusted-proxies")) {
    const auto proxies = SplitComma(f.Get("trusted-proxies"));
    console_service.SetTrustedProxies(proxies);
    agent_service.SetTrustedProxies(proxies);
  }
  summaries.SetCertificates(&certificates);
  OnboardingStore onboarding(&pool, &store, TodayInJapan);
  console_service.SetOnboarding(&onboarding);

  // TLS that asks for a client certificate and verifies it against the device CA when one is
  // presented (agents); enrollment and consoles connect without one. Revoked devices are
  // refused during the handshake.
  namespace gx = grpc::experimental;
  auto certs = std::make_shared<gx::StaticDataCertificateProvider>(
      (*ca)->ca_pem(),
      // The CA goes with the server's certificate: an enrollment bundle pins it by fingerprint,
      // so a new terminal can take it from the handshake.
      std::vector<gx::IdentityKeyCertPair>{
          {(*ca)->server_key_pem(), (*ca)->server_cert_pem() + (*ca)->ca_pem()}});
  gx::TlsServerCredentialsOptions tls(certs);
  tls.watch_root_certs();
  tls.watch_identity_key_cert_pairs();
  tls.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.set_certificate_verifier(
      gx::ExternalCertificateVerifier::Create<RevocationVerifier>(revoked));

  // The maintenance thread (maintenance.h) runs once a second until `stopping`.
  std::atomic<bool> stopping{false};
  std::mutex stop_mu;
  std::condition_variable stop_cv;
  // Health for load balancers: NOT_SERVING while the database cannot be reached (the
  // maintenance below finds out every second), SERVING again when it can.
  std::atomic<grpc::HealthCheckServiceInterface*> health{nullptr};
  // /readyz: what the maintenance last found (database, schema), and the device CA's validity.
  // Its own: neither busy terminals nor a busy console may delay health and revocations.
  ConnectionPool probe_pool(db->dsn, 1);
  FleetStore probe_store(&probe_pool, nullptr);
  // The maintenance's own work (heads, gauges, retention) on a connection of its own too: on the
  // console's pool, a full pool held the thread that keeps health and revocations current.
  ConnectionPool maintenance_pool(db->dsn, 1, bounded);
  maintenance_pool.SetMaxIdle(std::chrono::seconds(n.idle_seconds));
  FleetStore maintenance_store(&maintenance_pool, nullptr);
  AuditStore maintenance_audit(&maintenance_pool);
  ReadinessProbe ready;
  MaintenanceParts parts;
  parts.ingest = &ingest;
  parts.embedded = db->embedded.get();
  parts.store = &maintenance_store;
  parts.revoked = revoked.get();
  parts.pool = &maintenance_pool;
  parts.probe_pool = &probe_pool;
  parts.probe_store = &probe_store;
  parts.ready = &ready;
  parts.health = &health;
  parts.summary_job = &summary_job;
  parts.users = &users;
  parts.audit_store = &maintenance_audit;
  parts.audit_key = audit_key->get();
  parts.audit_key_id = audit_key_id;
  parts.head_interval = std::chrono::seconds(n.head_interval);
  parts.publish_head = publish_head;
  parts.today = TodayInJapan;
  FleetGaugeCache fleet_gauges;
  parts.fleet_gauges = &fleet_gauges;
  Maintenance maintenance(std::move(parts));
  std::thread refresher([&] {
    std::unique_lock lock(stop_mu);
    while (!stop_cv.wait_for(lock, std::chrono::seconds(1), [&] { return stopping.load(); })) {
      maintenance.Tick();
    }
  });

  KeepLargeBuffersOffTheHeap();
  if (!tls_buffers_cached) spdlog::warn("TLS buffers are not cached (OpenSSL allocated first)");
  grpc::EnableDefaultHealthCheckService(true);
  if (f.GetBool("reflection")) {
    // Loading the library registers its builder plugin (a static initializer) before the
    // builder below is made; without the flag it is never loaded, so reflection is off.
    if (!::dlopen("libgrpc++_reflection.so.1.51", RTLD_NOW | RTLD_GLOBAL)) {
      spdlog::warn("--reflection: cannot load gRPC's reflection library: {}", ::dlerror());
    }
  }
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(f.Get("listen"), gx::TlsServerCredentials(tls), &bound_port);
  // Receipt uploads carry up to kMaxReceiptBytes (10 MiB) in one message; gRPC's default is 4.
  builder.SetMaxReceiveMessageSize(static_cast<int>(kMaxReceiptBytes + 1024 * 1024));
  // Terminal streams are idle nearly all the time: what each connection holds is kept small,
  // so that one replica carries a whole chain (connection_memory.h, bench/README.md).
  SetConnectionMemoryArgs(builder);
  LimitWhatStrangersCost(builder, n.connection_idle_seconds * 1000);
  builder.RegisterService(&agent_service);
  builder.RegisterService(&console_service);
  auto server = builder.BuildAndStart();
  if (server) health = server->GetHealthCheckService();
  auto stop_refresher = [&] {
    {
      std::lock_guard lock(stop_mu);
      stopping = true;
    }
    stop_cv.notify_all();
    refresher.join();
  };
  if (!server) {
    stop_refresher();
    return Fail(
        MakeError(ErrorCode::kUnavailable, "server.bind", "cannot listen on " + f.Get("listen")));
  }
  std::unique_ptr<MetricsHttp> metrics;
  if (!f.Get("metrics-listen").empty()) {
    auto m = MetricsHttp::Start(
        f.Get("metrics-listen"),
        [&] {
          std::string out = ingest.metrics().Render() + login_gate.RenderMetrics();
          out += MetricText("kakunin_agents_connected", "gauge",
                            "Terminal streams open on this replica.", agent_service.connected());
          out += MetricText("kakunin_agent_reads_paused_total", "counter",
                            "Times a terminal's stream stopped being read because it left the "
                            "server's answers unread.",
                            agent_service.paused_reads());
          out += MetricText("kakunin_agent_reads_held_for_bytes_total", "counter",
                            "Times a terminal's stream was not read further while its batches in "
                            "flight held 8 MiB or more.",
                            agent_service.byte_holds());
          out += MetricText("kakunin_agent_reads_held_for_rate_total", "counter",
                            "Times a terminal's stream was read more slowly because it sent "
                            "results faster than twice the catch-up rate.",
                            agent_service.rate_holds());
          out += MetricText("kakunin_live_listener_up", "gauge",
                            "1 while this replica hears other replicas' commits (LISTEN); 0 "
                            "while its listener has lost the database.",
                            uint64_t{hub.listening() ? 1u : 0u});
          out += MetricText("kakunin_live_listener_resyncs_total", "counter",
                            "Times the listener came back after losing the database: live feeds "
                            "told to catch up, connected terminals read again.",
                            hub.resyncs());
          out += MetricText("kakunin_server_certificate_not_after_seconds", "gauge",
                            "When the TLS certificate terminals and consoles see ends (Unix time).",
                            static_cast<uint64_t>((*ca)->server_cert_not_after()));
          out += MetricText("kakunin_device_ca_not_after_seconds", "gauge",
                            "When the CA of every terminal certificate ends (Unix time).",
                            static_cast<uint64_t>((*ca)->ca_not_after()));
          if (auto g = fleet_gauges.Get(FleetGaugeCache::Clock::now(), kFleetGaugesMaxAge)) {
            out += MetricText("kakunin_agent_outbox_depth", "gauge",
                              "Results waiting in terminal outboxes (last heartbeats).",
                              g->outbox_heard);
            out += MetricText("kakunin_agent_outbox_depth_unheard", "gauge",
                              "Results the active terminals not heard from in 90 s last reported "
                              "waiting.",
                              g->outbox_unheard);
            out += MetricText("kakunin_terminals_active", "gauge",
                              "Terminals enrolled and approved.", g->active);
            out += MetricText("kakunin_terminals_unheard", "gauge",
                              "Active terminals not heard from in 5 minutes (off, or cut off "
                              "from HQ).",
                              g->unheard_5min);
            out += MetricText("kakunin_terminals_without_reader", "gauge",
                              "Connected terminals whose last heartbeat said no card reader is "
                              "connected.",
                              g->without_reader);
            out += MetricText("kakunin_terminals_store_failing", "gauge",
                              "Connected terminals whose last heartbeat said their results cannot "
                              "be saved or cannot be read.",
                              g->store_failing);
            out += MetricText("kakunin_last_backup_timestamp_seconds", "gauge",
                              "When the newest backup recorded in the database finished (Unix "
                              "time); 0 when none ever was.",
                              static_cast<uint64_t>(std::max<int64_t>(0, g->last_backup_at)));
          }
          return out;
        },
        [&] {
          return Readiness(ready.db, ready.writable, ready.schema, ready.checked_at, ca->get());
        });
    if (!m.ok()) {
      server->Shutdown();
      stop_refresher();
      return Fail(m.error());
    }
    metrics = std::move(*m);
  }
  console_service.SetEnrollmentBundle(AdvertisedAddresses(f, bound_port), (*ca)->ca_pem());
  spdlog::info("kakunin-server serving on port {} (data dir {})", bound_port, f.Get("data-dir"));
  if (f.Has("ready-file")) {
    std::string tmp = f.Get("ready-file") + ".tmp";
    std::ofstream(tmp) << bound_port << "\n";
    fs::rename(tmp, f.Get("ready-file"), ec);
  }

  int sig = 0;
  sigwait(&sigs, &sig);
  spdlog::info("signal {} received, stopping", sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  stop_refresher();
  if (maintenance.gave_up()) {
    spdlog::critical("stopped because the embedded PostgreSQL cannot be restarted");
    return 1;  // a failure for the supervisor, which starts the server afresh
  }
  return 0;
}

}  // namespace

int ServerMain(int argc, char** argv) {
  // Before OpenSSL allocates anything (the audit key, gRPC's contexts); reported once the
  // server logs (serve).
  tls_buffers_cached = CacheTlsBuffers();
  // libpq waits for ever on a database address that takes the connection and never answers (a
  // hung host behind HAProxy, a half-dead VM): a server waiting for `migrate`, a console login,
  // a nightly backup hung with it. Every connection of this process, and of the pg_dump and
  // pg_restore it starts, now gives up after 10 s, unless the operator set PGCONNECT_TIMEOUT
  // (or connect_timeout in the DSN).
  ::setenv("PGCONNECT_TIMEOUT", "10", /*overwrite=*/0);
  std::string a1 = argc > 1 ? argv[1] : "";
  std::string a2 = argc > 2 ? argv[2] : "";
  // A group with --help lists its commands; its name alone, or with a word it does not have
  // (`site list`, `token`), is refused with that list.
  if (auto answered = AnswerGroupWithoutCommand(a1, a2)) return *answered;
  // Each command by name, which a failure's text names in the way to its help.
  auto run = [&](const std::string& command, int (*main)(int, char**)) {
    cli::SetCommandForHelp(command);
    return main(argc, argv);
  };
  if (a1 == "admin" && a2 == "create") return run("admin create", AdminCreate);
  if (a1 == "site" && a2 == "add") return run("site add", SiteAdd);
  if (a1 == "site" && a2 == "route") return run("site route", SiteRoute);
  if (a1 == "site" && a2 == "import") return run("site import", SiteImport);
  if (a1 == "terminal" && a2 == "route") return run("terminal route", TerminalRoute);
  if (a1 == "token" && a2 == "issue") return run("token issue", TokenIssue);
  if (a1 == "retention" && a2 == "run") return run("retention run", RetentionRun);
  if (a1 == "audit") return run("audit " + a2, AuditCommand);
  if (a1 == "backup") return run("backup", BackupCommand);
  if (a1 == "migrate") return run("migrate", MigrateCommand);
  if (a1 == "restore") return run("restore", RestoreCommand);
  if (a1 == "subsidy") return run("subsidy " + a2, SubsidyCommand);
  if (a1 == "config-template") return run("config-template", ConfigTemplateCommand);
  if (a1 == "serve") {
    cli::SetCommandForHelp("serve");
    return Serve(argc - 1, argv + 1);
  }
  if (a1 == "--version" || a1 == "version") {
    std::cout << "kakunin-server " << kVersion << "\n";
    return 0;
  }
  if (a1 == "--help" || a1 == "-h" || a1 == "help") {
    std::cout << cli::Localized(
        "Usage: kakunin-server [serve|admin create|site add|site route|site import|terminal "
        "route|token issue|retention run|audit verify|audit export|audit heads|subsidy "
        "summary|backup|restore|migrate|config-template] "
        "[options]\n"
        "Run any command with --help for its options. Without a command: serve.\n"
        "config-template prints the documented configuration file (server.toml).\n"
        "--version prints this program's release.\n"
        "Exit codes: 0 done, 1 failed, 2 bad input (an unknown command or option), 3 a finding\n"
        "(audit verify: a problem in the chain; retention run: a month was held; subsidy\n"
        "summary: no figures yet for the day): each command's --help says.\n",
        "使い方: kakunin-server [serve|admin create|site add|site route|site import|terminal "
        "route|token issue|retention run|audit verify|audit export|audit heads|subsidy "
        "summary|backup|restore|migrate|config-template] "
        "[options]\n"
        "各コマンドのオプションは、コマンドに --help を付けると表示されます。\n"
        "コマンドを省略すると serve を実行します。\n"
        "config-template は説明付きの設定ファイル（server.toml）を表示します。\n"
        "--version はこのプログラムのバージョンを表示します。\n"
        "終了コード: 0 完了、1 失敗、2 入力の誤り（不明なコマンドやオプション）、3 結果に問題あり\n"
        "（audit verify: 監査ログの問題、retention run: 使用中の月があった、subsidy summary: "
        "その日の集計がまだない）。詳しくは各コマンドの --help。\n");
    return 0;
  }
  // Only options may follow when the command is left out: a mistyped command (`site list`,
  // `tokne issue`) must not start a second server in the foreground.
  if (!a1.empty() && a1[0] != '-') {
    const std::string typed = a1 + (a2.empty() || a2[0] == '-' ? "" : " " + a2);
    return Fail(MakeError(
        ErrorCode::kInvalidArgument, "cli.unknown_command",
        cli::Localized("unknown command '" + typed + "' (kakunin-server --help lists the commands)",
                       "'" + typed +
                           "' というコマンドはありません（一覧は "
                           "kakunin-server --help）")));
  }
  cli::SetCommandForHelp("serve");
  return Serve(argc, argv);
}

}  // namespace kakunin::server
