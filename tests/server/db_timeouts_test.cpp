// The server's bounds on database waits, against a real kakunin-server and PostgreSQL, with
// another session holding check_results (a long DDL, an administrator's LOCK):
// - a console search waits no longer than --db-lock-timeout and is told "db.timeout" (the
//   console's Japanese for it is tested in console/tests/dialogs_test.cpp), not the console's
//   own deadline; with no lock bound, --db-query-timeout cancels the read instead;
// - a terminal's batch is answered "db.timeout" without the transaction being split and tried
//   again per half, and once the lock is gone the terminal's resend is stored: nothing lost,
//   nothing twice;
// - out-of-range bounds are refused at start with the option named;
// - a database address that takes the connection and never answers is given up on (10 s);
// - a console that fills its pool keeps no terminal waiting; one audit verification at a time.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "tests/harness/process.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kSite[] = "honcho";
using Clock = std::chrono::steady_clock;

class DbTimeoutsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-db-timeouts");
    ::chmod(dir_.c_str(), 0755);
    // One writer: batches that arrive while the first transaction waits share the next one.
    auto rig = ServerRig::Start(
        dir_, kSite, "本町薬局",
        {"--db-lock-timeout", "2", "--db-query-timeout", "30", "--ingest-writers", "1"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    for (int i = 0; i < 3; ++i) {
      auto t = EnrollTerminal(*rig_, kSite);
      ASSERT_TRUE(t.ok()) << t.error().ToString();
      terminals_.push_back(*t);
    }
    Connect();
  }
  void TearDown() override {
    console_.reset();
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  void Connect() {
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_));
    auto token = ConsoleLogin(*console_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    token_ = *token;
  }

  grpc::Status Search(v1::QueryResultsResponse* found) {
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    v1::QueryResultsRequest search;
    search.mutable_filter()->set_site_id(kSite);
    search.set_page_size(100);
    return console_->QueryResults(&ctx, search, found);
  }

  // A stream of `t` that sent sequences first … first+count-1, all acknowledged; null when not.
  std::unique_ptr<TerminalStream> SendAcknowledged(const Terminal& t, uint64_t first,
                                                   uint64_t count) {
    auto stream = TerminalStream::Open(*rig_, t);
    EXPECT_TRUE(stream.ok()) << stream.error().ToString();
    if (!stream.ok()) return nullptr;
    auto acked = (*stream)->Send(MakeResults(first, count));
    EXPECT_TRUE(acked.ok()) << acked.error().ToString();
    if (!acked.ok() || *acked != first + count - 1) return nullptr;
    return std::move(*stream);
  }

  // A search behind the held lock: "db.timeout" whose message names `cause`, well before the
  // console's own 30 s deadline.
  void ExpectSearchTimesOut(const std::string& cause) {
    const auto start = Clock::now();
    v1::QueryResultsResponse found;
    const grpc::Status waited = Search(&found);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));
    EXPECT_EQ(waited.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << waited.error_message();
    EXPECT_EQ(waited.error_message().rfind("db.timeout:", 0), 0u) << waited.error_message();
    EXPECT_NE(waited.error_message().find(cause), std::string::npos) << waited.error_message();
  }

  std::string Sql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "<error>";
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
  std::vector<Terminal> terminals_;
  std::unique_ptr<v1::ConsoleService::Stub> console_;
  std::string token_;
};

TEST_F(DbTimeoutsTest, ALockHeldElsewhereIsAnAnswerWithinTheBoundAndLosesNoResult) {
  std::vector<std::unique_ptr<TerminalStream>> streams;
  for (const Terminal& t : terminals_) {
    streams.push_back(SendAcknowledged(t, 1, 5));
    ASSERT_TRUE(streams.back());
  }

  pqxx::connection holder(rig_->dsn());
  auto lock = std::make_unique<pqxx::work>(holder);
  lock->exec("LOCK TABLE check_results IN ACCESS EXCLUSIVE MODE");

  // The console: an answer that names the cause.
  ExpectSearchTimesOut("another session holds");

  // Three terminals at once: no batch is acknowledged, and no transaction of several batches
  // is split to wait again per half.
  std::vector<std::future<Result<uint64_t>>> sends;
  for (auto& s : streams) {
    sends.push_back(std::async(std::launch::async, [&s] { return s->Send(MakeResults(6, 5)); }));
  }
  for (auto& send : sends) {
    auto refused = send.get();
    ASSERT_FALSE(refused.ok()) << "acknowledged " << *refused << " behind a held lock";
    EXPECT_NE(refused.error().ToString().find("db.timeout"), std::string::npos)
        << refused.error().ToString();
  }
  const std::string log = rig_->ServerLog();
  EXPECT_NE(log.find("waited past the database's bound"), std::string::npos);
  EXPECT_EQ(log.find("retrying them apart"), std::string::npos) << log;

  lock->abort();
  lock.reset();
  // Each terminal resends what was not acknowledged: stored once, with what came before.
  for (const Terminal& t : terminals_) EXPECT_TRUE(SendAcknowledged(t, 6, 5));
  v1::QueryResultsResponse found;
  ASSERT_TRUE(Search(&found).ok());
  EXPECT_EQ(found.rows_size(), 30);
  EXPECT_EQ(Sql("SELECT count(*), count(DISTINCT (device_id, sequence)), max(sequence) FROM "
                "check_results"),
            "30|30|10");
}

// HAProxy closes a database connection idle for an hour without a word. The pool replaced its
// own, but each ingest writer holds one between transactions: after a quiet night the
// morning's first batch failed on it and was tried again (an error in the log every morning).
// A writer's connection idle past --db-idle-seconds is now replaced before use.
TEST_F(DbTimeoutsTest, AWritersConnectionIdlePastTheLimitIsReplacedNotFailedOn) {
  const int port = FreeTcpPort();
  rig_->StopServer();
  rig_->SetServerArgs({"--db-idle-seconds", "1", "--ingest-writers", "1", "--metrics-listen",
                       "127.0.0.1:" + std::to_string(port)});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto stream = SendAcknowledged(terminals_[0], 1, 5);
  ASSERT_NE(stream, nullptr);
  // Cut every server connection from the database's side, as the proxy's idle timeout does.
  EXPECT_NE(Sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                "'kakunin' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"),
            "0");
  // The night itself: the connections must be idle past the limit. Not a wait for an event.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto acked = stream->Send(MakeResults(6, 5));
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 10u);
  auto metrics = HttpGet(rig_->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.error().ToString();
  EXPECT_NE(metrics->body.find("\nkakunin_ingest_retried_transactions_total 0\n"),
            std::string::npos)
      << metrics->body.substr(0, 4000);
  EXPECT_EQ(rig_->ServerLog().find("database connection lost"), std::string::npos)
      << rig_->ServerLog();
}

TEST_F(DbTimeoutsTest, WithoutALockBoundTheReadIsCancelledAtTheQueryBound) {
  rig_->StopServer();
  rig_->SetServerArgs({"--db-lock-timeout", "0", "--db-query-timeout", "2"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  Connect();
  pqxx::connection holder(rig_->dsn());
  pqxx::work lock(holder);
  lock.exec("LOCK TABLE check_results, devices, audit_log IN ACCESS EXCLUSIVE MODE");
  ExpectSearchTimesOut("cancelled");
  // The dashboard and the audit chain's verification read in snapshots of their own: bounded
  // the same way (before, they waited for the console's deadline, holding their connections).
  auto expect_cancelled = [&](const char* what, auto call) {
    const auto start = Clock::now();
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status waited = call(&ctx);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(20)) << what;
    EXPECT_EQ(waited.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
        << what << ": " << waited.error_message();
    EXPECT_EQ(waited.error_message().rfind("db.timeout:", 0), 0u)
        << what << ": " << waited.error_message();
  };
  expect_cancelled("dashboard", [&](grpc::ClientContext* ctx) {
    v1::GetDashboardRequest req;
    v1::Dashboard out;
    return console_->GetDashboard(ctx, req, &out);
  });
  expect_cancelled("audit verification", [&](grpc::ClientContext* ctx) {
    v1::VerifyAuditRequest req;
    v1::VerifyAuditResponse out;
    return console_->VerifyAudit(ctx, req, &out);
  });
  lock.abort();
  v1::QueryResultsResponse found;
  ASSERT_TRUE(Search(&found).ok());
}

// Any bearer text made the server look the session up: a stranger's flood of "Bearer x" held
// the connections every console's calls are authenticated on. A token that is not the shape of
// one Login hands out (64 lower-case hex digits) is now refused without a query: answered at
// once while the sessions table is held, where a well-formed unknown token waits for the lock
// bound. Sessions expired more than a day ago are pruned by the hourly maintenance.
TEST_F(DbTimeoutsTest, ABearerTokenOfNoSessionsShapeCostsNoQueryAndOldSessionsArePruned) {
  auto call = [&](const std::string& token) {
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    v1::GetDashboardRequest req;
    v1::Dashboard out;
    return console_->GetDashboard(&ctx, req, &out);
  };
  pqxx::connection holder(rig_->dsn());
  auto lock = std::make_unique<pqxx::work>(holder);
  lock->exec("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
  for (const std::string& junk : {std::string("x"), std::string(64, 'G'), std::string(1000, 'a')}) {
    const auto start = Clock::now();
    const grpc::Status refused = call(junk);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED) << refused.error_message();
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(1)) << junk.substr(0, 8);
  }
  const grpc::Status waited = call(std::string(64, 'a'));
  EXPECT_EQ(waited.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << waited.error_message();
  lock->abort();
  lock.reset();
  EXPECT_EQ(call(std::string(64, 'a')).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(call(token_).ok());

  // Two sessions of the administrator that expired: two days ago (pruned) and an hour ago (kept,
  // so its console is told it expired).
  Sql("INSERT INTO sessions(token_hash, user_id, expires_at) SELECT sha256(v::bytea), "
      "(SELECT user_id FROM users WHERE login = 'admin'), now() - i FROM (VALUES ('old', "
      "interval '2 days'), ('recent', interval '1 hour')) AS t(v, i)");
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  // The hourly maintenance runs once at start: wait for its work, not for a time.
  (void)WaitFor(
      [&] {
        return Sql("SELECT count(*) FROM sessions WHERE token_hash = sha256('old'::bytea)") == "0";
      },
      std::chrono::seconds(30));
  EXPECT_EQ(Sql("SELECT count(*) FROM sessions WHERE token_hash IN (sha256('old'::bytea), "
                "sha256('recent'::bytea))"),
            "1");
}

// Stream opens read the database (the device, its settings, its allowances). Many of them
// waiting on a slow database must not hold the threads that carry every other terminal's
// stream: a terminal already connected still gets its acknowledgement while they wait.
TEST_F(DbTimeoutsTest, OpensWaitingOnTheDatabaseDoNotStallOtherTerminalsAcks) {
  rig_->StopServer();
  rig_->SetServerArgs(
      {"--db-lock-timeout", "60", "--streams-per-terminal", "0", "--stream-opens-per-minute", "0"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto sender = SendAcknowledged(terminals_[0], 1, 5);
  ASSERT_TRUE(sender);

  // Only stream opens read visual_allowances; storing results does not.
  pqxx::connection holder(rig_->dsn());
  auto lock = std::make_unique<pqxx::work>(holder);
  lock->exec("LOCK TABLE visual_allowances IN ACCESS EXCLUSIVE MODE");
  constexpr int kOpens = 48;
  std::vector<std::future<bool>> opens;
  for (int i = 0; i < kOpens; ++i) {
    opens.push_back(std::async(std::launch::async, [this, i] {
      auto s = TerminalStream::Open(*rig_, terminals_[1 + i % 2]);
      return s.ok();
    }));
  }
  // The opens are waiting on the lock (PostgreSQL shows them) before the terminal sends.
  ASSERT_TRUE(WaitFor(
      [&] {
        return Sql("SELECT count(*) > 0 FROM pg_locks WHERE NOT granted AND relation = "
                   "'visual_allowances'::regclass") == "t";
      },
      std::chrono::seconds(30)));
  auto ack = std::async(std::launch::async, [&] { return sender->Send(MakeResults(6, 5)); });
  const bool answered = ack.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  lock->abort();
  lock.reset();
  auto acked = ack.get();
  EXPECT_TRUE(answered) << "the acknowledgement waited for the opens' lock";
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 10u);
  int opened = 0;
  for (auto& o : opens) opened += o.get();
  EXPECT_EQ(opened, kOpens);
}

// The console's pool filled (here: claims searches waiting behind a lock, each holding a
// connection): terminals keep connecting and being acknowledged, on connections of their own.
// Before, stream opens and hellos shared the console's pool and waited 20 s for a connection.
// One user holds at most half of that pool: a script's eight searches at once took all four
// connections, and every other console waited 20 s and was told the database was unreachable.
// Now two of them hold connections and six wait for those two (none refused), while another
// user is answered and takes the other half.
TEST_F(DbTimeoutsTest, AConsoleThatFillsItsPoolKeepsNoTerminalWaiting) {
  rig_->StopServer();
  // One writer: the terminals' pool is 1 + 4, the console's the other 4.
  rig_->SetServerArgs(
      {"--db-lock-timeout", "60", "--db-connections", "9", "--ingest-writers", "1"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  Connect();
  ASSERT_TRUE(AddUser(*rig_, "hq-second", "hq_admin", "", "Kakunin2026second").ok());
  auto second = ConsoleLogin(*console_, "hq-second", "Kakunin2026second");
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  pqxx::connection holder(rig_->dsn());
  auto lock = std::make_unique<pqxx::work>(holder);
  lock->exec("LOCK TABLE subsidy_claims IN ACCESS EXCLUSIVE MODE");
  auto search = [this](const std::string& token) {
    return std::async(std::launch::async, [this, token] {
      grpc::ClientContext ctx;
      Authorize(&ctx, token);
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(90));
      v1::ListClaimsRequest req;
      v1::ListClaimsResponse resp;
      return console_->ListClaims(&ctx, req, &resp);
    });
  };
  auto waiting = [&] {
    return std::stoi(
        Sql("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
            "'subsidy_claims'::regclass"));
  };
  std::vector<std::future<grpc::Status>> searches;
  for (int i = 0; i < 8; ++i) searches.push_back(search(token_));
  ASSERT_TRUE(WaitFor([&] { return waiting() >= 2; }, std::chrono::seconds(30)));
  // Another user is answered at once, from the half the script cannot take.
  grpc::ClientContext ctx;
  Authorize(&ctx, *second);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ListSitesResponse sites;
  const grpc::Status listed = console_->ListSites(&ctx, v1::ListSitesRequest(), &sites);
  EXPECT_TRUE(listed.ok()) << listed.error_message();
  EXPECT_EQ(sites.sites_size(), 1);
  // The script's other six wait in the server for its own two, not on the lock.
  EXPECT_EQ(waiting(), 2);
  for (int i = 0; i < 2; ++i) searches.push_back(search(*second));
  ASSERT_TRUE(WaitFor([&] { return waiting() >= 4; }, std::chrono::seconds(30)));
  auto sent = std::async(std::launch::async,
                         [&] { return SendAcknowledged(terminals_[0], 1, 5) != nullptr; });
  const bool answered = sent.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  lock->abort();
  lock.reset();
  EXPECT_TRUE(answered) << "the terminal waited for the console's pool";
  EXPECT_TRUE(sent.get());
  // Nothing was refused: the waiting six are served as the first searches finish.
  for (auto& f : searches) {
    const grpc::Status s = f.get();
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
}

// One verification of the audit log walks the chain at a time; another meanwhile is told so
// (the console says it in Japanese) instead of taking a second connection for as long.
TEST_F(DbTimeoutsTest, OneAuditVerificationAtATime) {
  rig_->StopServer();
  rig_->SetServerArgs({"--db-lock-timeout", "60", "--db-query-timeout", "60"});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  Connect();
  auto verify = [this] {
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    v1::VerifyAuditRequest req;
    v1::VerifyAuditResponse resp;
    return console_->VerifyAudit(&ctx, req, &resp);
  };
  pqxx::connection holder(rig_->dsn());
  auto lock = std::make_unique<pqxx::work>(holder);
  lock->exec("LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE");
  auto first = std::async(std::launch::async, verify);
  ASSERT_TRUE(WaitFor(
      [&] {
        return Sql("SELECT count(*) > 0 FROM pg_locks WHERE NOT granted AND relation = "
                   "'audit_log'::regclass") == "t";
      },
      std::chrono::seconds(30)));
  const grpc::Status second = verify();
  lock->abort();
  lock.reset();
  EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << second.error_message();
  EXPECT_EQ(second.error_message().rfind("audit.verify_busy:", 0), 0u) << second.error_message();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(verify().ok());
}

TEST_F(DbTimeoutsTest, ABoundOutOfRangeIsRefusedAtStart) {
  // Also two settings an outside review found unbounded: 0 certificate days issued expired
  // certificates to every terminal enrolling or renewing.
  for (auto [option, value] :
       {std::pair{"--db-query-timeout", "3601"}, std::pair{"--db-lock-timeout", "3601"},
        std::pair{"--cert-days", "0"}, std::pair{"--head-interval", "0"}}) {
    auto r = RunCommand({KAKUNIN_SERVER_BIN, "serve", "--config", "", "--db", rig_->dsn(),
                         "--data-dir", rig_->data_dir(), "--listen", "127.0.0.1:0", option, value});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_NE(r->exit_code, 0) << option;
    EXPECT_NE((r->output + r->error_output).find(option), std::string::npos)
        << r->output << r->error_output;
  }
}

// A database address that takes the connection and never answers (a hung host behind HAProxy):
// libpq waited for ever, and so did `serve` waiting for `migrate`, a login, a nightly backup.
// Every connection now gives up after 10 s (PGCONNECT_TIMEOUT, unless the operator set one).
TEST(DbConnectTimeout, AnAddressThatNeverAnswersIsGivenUpOn) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 8), 0);  // the kernel completes handshakes; nobody ever answers
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string dsn =
      "host=127.0.0.1 port=" + std::to_string(ntohs(addr.sin_port)) + " dbname=kakunin";
  auto out = RunCommand({KAKUNIN_SERVER_BIN, "migrate", "--config", "", "--db", dsn}, {}, "",
                        /*merge_stderr=*/true, std::chrono::seconds(60));
  ::close(listener);
  ASSERT_TRUE(out.ok()) << "still waiting after 60 s: " << out.error().ToString();
  EXPECT_EQ(out->exit_code, 1) << out->output;
  EXPECT_NE(out->output.find("db.unavailable"), std::string::npos) << out->output;
}

}  // namespace
}  // namespace kakunin::testing::hq
