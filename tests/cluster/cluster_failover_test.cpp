// The scale-out shape under failure, on the real engines (deploy/cluster/run.sh: 3 etcd, 3
// PostgreSQL 15 under Patroni with synchronous replication, kakunin-server replicas behind
// HAProxy), with 50 simulated terminals streaming results the whole time:
// - the leader's postmaster killed with SIGKILL: a new leader within Patroni's TTL, ingest
//   resumes by itself, every acknowledged result is stored exactly once, the audit chain verifies;
// - a server replica killed: its terminals are back on another replica within 10 s;
// - a console watching replica A sees results ingested through replica B; and the console's
//   live view, given both replicas' addresses, survives the loss of its replica: it reconnects
//   to the other and shows every result exactly once, including those ingested meanwhile;
// - the leader partitioned (its etcd member and Patroni gone, its postmaster frozen): no split
//   brain — nothing acknowledged is lost, and the old leader takes nothing after the fence.
// Failover figures are printed ("cluster figure: …") for bench/README.md.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QApplication>
#include <QSignalSpy>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>

#include "console/client/console_client.h"
#include "console/ui/results_page.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/cluster/cluster_load.h"
#include "tests/harness/process.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kTerminals = 50;
constexpr int kTtlSeconds = 10;  // deploy/cluster/run.sh: bootstrap.dcs.ttl

using hq::ReadFile;
using hq::Trim;
double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

class Cluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* bin : {"/usr/bin/etcd", "/usr/bin/patroni", "/usr/sbin/haproxy",
                            "/usr/lib/postgresql/15/bin/postgres", "/usr/bin/curl"}) {
      if (!fs::exists(bin)) {
        skip_ = std::string(bin) + " is missing: run deploy/install-deps.sh";
        return;
      }
    }
    if (!fs::exists("/usr/lib/python3/dist-packages/etcd")) {
      skip_ = "python3-etcd is missing: run deploy/install-deps.sh";
      return;
    }
    dir_ = new std::string(MakeTempDir("kakunin-cluster"));
    ::chmod(dir_->c_str(), 0755);
    const char* port = std::getenv("KAKUNIN_CLUSTER_TEST_PORT");
    base_ = port ? std::atoi(port) : 26400;
    auto up = Script("up");
    if (!up.ok()) {
      failed_ = up.error().ToString();
      return;
    }
    std::cout << *up;
    ca_ = ReadFile(*dir_ + "/kakunin1/pki/ca.pem");
    auto site = ServerCli({"site", "add", "--id", "honcho", "--name", "本町薬局", "--code",
                           "1341234566", "--auto-approve"});
    if (!site.ok()) failed_ = site.error().ToString();
  }

  static void TearDownTestSuite() {
    if (!dir_) return;
    auto down = Script("down");
    if (!down.ok()) std::cerr << down.error().ToString() << "\n";
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_TRUE(failed_.empty()) << failed_;
    // Whatever the previous test broke is started again, and a leader with a synchronous
    // standby is there before the next one begins.
    auto up = Script("up");
    ASSERT_TRUE(up.ok()) << up.error().ToString();
  }

  void TearDown() override {
    for (auto& t : terminals_) t->Stop();
    terminals_.clear();
  }

  static Result<std::string> Script(const std::string& command) {
    std::string bin = fs::path(KAKUNIN_SERVER_BIN).parent_path().string();
    KAKUNIN_ASSIGN_OR_RETURN(auto out,
                             RunCommand({"bash", KAKUNIN_CLUSTER_SCRIPT, command, "--dir", *dir_,
                                         "--base-port", std::to_string(base_), "--bin", bin},
                                        {}, "", true, seconds(240)));
    if (out.exit_code != 0) {
      return MakeError(ErrorCode::kInternal, "cluster.script",
                       "run.sh " + command + " failed:\n" + out.output + Logs());
    }
    return out.output;
  }

  static std::string Logs() {
    std::string out;
    for (const auto& e : fs::directory_iterator(*dir_ + "/log")) {
      std::string text = ReadFile(e.path().string());
      if (text.size() > 3000) text = text.substr(text.size() - 3000);
      out += "\n---- " + e.path().filename().string() + "\n" + text;
    }
    return out;
  }

  // kakunin-server CLI with replica 1's settings, as the cluster's user.
  static Result<std::string> ServerCli(std::vector<std::string> words) {
    std::vector<std::string> argv;
    if (::getuid() == 0) {
      argv = {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"};
    }
    argv.push_back(KAKUNIN_SERVER_BIN);
    argv.insert(argv.end(), words.begin(), words.end());
    argv.insert(argv.end(), {"--config", *dir_ + "/kakunin1/server.toml"});
    KAKUNIN_ASSIGN_OR_RETURN(auto out, RunCommand(argv, {}, "", true, seconds(120)));
    if (out.exit_code != 0) {
      return MakeError(ErrorCode::kInternal, "cluster.cli", words[0] + " failed: " + out.output);
    }
    return out.output;
  }

  static int Port(int offset) { return base_ + offset; }
  static std::string Address(int offset) { return "127.0.0.1:" + std::to_string(Port(offset)); }
  static std::string Haproxy() { return Address(50); }

  static int HttpStatus(const std::string& url) {
    auto out =
        RunCommand({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "1", url},
                   {}, "", false, seconds(5));
    return out.ok() ? std::atoi(out->output.c_str()) : 0;
  }
  // The Patroni member (1..3) that is primary, or 0.
  static int Leader() {
    for (int i = 1; i <= 3; ++i) {
      if (HttpStatus("http://127.0.0.1:" + std::to_string(Port(30 + i)) + "/primary") == 200) {
        return i;
      }
    }
    return 0;
  }
  static pid_t PidFile(const std::string& path) {
    std::ifstream in(path);
    pid_t pid = 0;
    in >> pid;
    return pid;
  }
  static pid_t Postmaster(int member) {
    return PidFile(*dir_ + "/pg" + std::to_string(member) + "/data/postmaster.pid");
  }
  static pid_t Recorded(const std::string& name) { return PidFile(*dir_ + "/pid/" + name); }
  // A postmaster and its children (backends, walsenders, checkpointer…): freezing only the
  // postmaster would leave the sessions it already has working.
  static std::vector<pid_t> PostgresProcesses(pid_t postmaster) {
    std::vector<pid_t> out = {postmaster};
    for (const auto& e : fs::directory_iterator("/proc")) {
      const std::string name = e.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::string stat = ReadFile(e.path().string() + "/stat");
      auto close = stat.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(stat.substr(close + 2));
      char state = 0;
      pid_t ppid = 0;
      rest >> state >> ppid;
      if (ppid == postmaster) out.push_back(std::atoi(name.c_str()));
    }
    return out;
  }

  // SQL as PostgreSQL's superuser: through HAProxy's leader port, or on one member directly.
  static std::string Dsn(int port) {
    return "host=127.0.0.1 port=" + std::to_string(port) +
           " dbname=kakunin user=postgres connect_timeout=5 password=" +
           Trim(ReadFile(*dir_ + "/secrets/postgres"));
  }
  static pqxx::result Query(const std::string& sql, int port = 0) {
    pqxx::connection conn(Dsn(port ? port : Port(40)));
    pqxx::work tx(conn);
    auto r = tx.exec(sql);
    tx.commit();
    return r;
  }

  std::vector<TestTerminal> Enroll(int n) {
    std::vector<TestTerminal> out;
    for (int i = 0; i < n; ++i) {
      auto token = ServerCli({"token", "issue", "--site", "honcho"});
      EXPECT_TRUE(token.ok()) << token.error().ToString();
      if (!token.ok()) break;
      // The token is the first line; the bundle for server.toml's `advertise` follows.
      auto t = TestTerminal::Enroll(Haproxy(), ca_, Trim(token->substr(0, token->find('\n'))));
      EXPECT_TRUE(t.ok()) << t.error().ToString();
      if (!t.ok()) break;
      out.push_back(*t);
    }
    return out;
  }

  // 50 terminals through HAProxy, 2 results every 200 ms each (≈ 500 results/s in all).
  void StartLoad(const std::string& address = "") {
    auto ids = Enroll(kTerminals);
    ASSERT_EQ(ids.size(), static_cast<size_t>(kTerminals));
    for (size_t i = 0; i < ids.size(); ++i) {
      terminals_.push_back(std::make_unique<LoadTerminal>(
          ids[i], address.empty() ? Haproxy() : address, 2, milliseconds(200), 1000 + i));
      terminals_.back()->Start();
    }
  }
  uint64_t TotalAcked() {
    uint64_t n = 0;
    for (auto& t : terminals_) n += t->acked();
    return n;
  }
  // Waits until `more` results beyond now are acknowledged, in all.
  bool AckedMore(uint64_t more, seconds timeout = seconds(90)) {
    const uint64_t target = TotalAcked() + more;
    return WaitFor([&] { return TotalAcked() >= target; }, timeout);
  }
  void DrainAll() {
    for (auto& t : terminals_) t->StopProducing();
    for (auto& t : terminals_) {
      EXPECT_TRUE(t->Drain(seconds(120)))
          << t->device_id() << ": " << t->acked() << " of " << t->produced() << " acknowledged";
    }
  }

  // Every result a terminal was told is stored, is stored once, under its own check id; and
  // nothing is stored that the terminal did not send.
  void ExpectExactlyOnce() {
    std::map<std::string, LoadTerminal*> by_device;
    std::string ids;
    for (auto& t : terminals_) {
      by_device[t->device_id()] = t.get();
      ids += (ids.empty() ? "'" : ",'") + t->device_id() + "'";
    }
    auto rows = Query(
        "SELECT device_id, sequence, check_id::text FROM check_results "
        "WHERE device_id IN (" +
        ids + ") ORDER BY device_id, sequence");
    std::map<std::string, std::vector<std::pair<uint64_t, std::string>>> stored;
    for (const auto& r : rows) {
      stored[r[0].c_str()].emplace_back(r[1].as<uint64_t>(), r[2].c_str());
    }
    uint64_t acked_total = 0;
    for (auto& [device, t] : by_device) {
      auto check_ids = t->CheckIds();
      const uint64_t acked = t->acked();
      acked_total += acked;
      const auto& got = stored[device];
      ASSERT_GE(got.size(), acked) << device << ": acknowledged results are missing";
      ASSERT_LE(got.size(), check_ids.size()) << device << ": rows the terminal never sent";
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].first, i + 1) << device << ": a gap or a duplicate sequence";
        ASSERT_EQ(got[i].second, check_ids[i]) << device << " #" << i + 1;
      }
    }
    auto dup = Query("SELECT count(*) - count(DISTINCT check_id) FROM check_results");
    EXPECT_EQ(dup[0][0].as<int64_t>(), 0);
    std::cout << "cluster figure: " << acked_total << " acknowledged results, all stored once\n";
  }

  void ExpectAuditVerifies() {
    auto verify = ServerCli({"audit", "verify"});
    EXPECT_TRUE(verify.ok()) << verify.error().ToString();
  }

  // Figures around an event at `at`: the first commit of a batch sent after it, the results
  // delayed over a second, and the p99 ack latency of batches sent from 1 s before the event
  // until 5 s after ingest resumed.
  void PrintFigures(const std::string& what, Clock::time_point at) {
    Clock::time_point first_after = Clock::time_point::max();
    for (auto& t : terminals_) {
      for (const auto& a : t->Acks()) {
        if (a.sent_at > at) first_after = std::min(first_after, a.acked_at);
      }
    }
    ASSERT_NE(first_after, Clock::time_point::max()) << "no commit after " << what;
    std::vector<double> latencies;
    uint64_t delayed = 0;
    int breaks = 0;
    double longest = 0;
    for (auto& t : terminals_) {
      for (const auto& b : t->Breaks()) breaks += b.broken_at >= at ? 1 : 0;
      for (const auto& a : t->Acks()) longest = std::max(longest, Ms(a.acked_at - a.sent_at));
    }
    for (auto& t : terminals_) {
      for (const auto& a : t->Acks()) {
        if (a.sent_at >= at - seconds(1) && a.sent_at <= first_after + seconds(5)) {
          latencies.push_back(Ms(a.acked_at - a.sent_at));
        }
        if (a.acked_at - a.sent_at > seconds(1)) delayed += static_cast<uint64_t>(a.results);
      }
    }
    std::printf(
        "cluster figure: %s: failover %.0f ms (event → first commit of a batch sent after it); "
        "%llu results delayed over 1 s; ack latency around it p50 %.0f ms, p99 %.0f ms "
        "(%zu batches), longest %.0f ms; %d streams broken\n",
        what.c_str(), Ms(first_after - at), static_cast<unsigned long long>(delayed),
        Percentile(latencies, 50), Percentile(latencies, 99), latencies.size(), longest, breaks);
  }

  static inline std::string* dir_ = nullptr;
  static inline int base_ = 0;
  static inline std::string skip_, failed_, ca_;
  std::vector<std::unique_ptr<LoadTerminal>> terminals_;
};

TEST_F(Cluster, LeaderPostmasterKilledUnderLoadLosesNothing) {
  StartLoad();
  ASSERT_TRUE(AckedMore(1500)) << "no steady ingest to begin with" << Logs();
  const int old_leader = Leader();
  ASSERT_NE(old_leader, 0);
  const pid_t postmaster = Postmaster(old_leader);
  ASSERT_GT(postmaster, 0);

  const auto killed_at = Clock::now();
  ASSERT_EQ(::kill(postmaster, SIGKILL), 0);
  int new_leader = 0;
  ASSERT_TRUE(WaitFor(
      [&] {
        new_leader = Leader();
        return new_leader != 0 && new_leader != old_leader;
      },
      seconds(45)))
      << "no new leader" << Logs();
  const auto promoted_at = Clock::now();
  std::printf("cluster figure: leader pg%d killed; pg%d leads after %.0f ms (TTL %d s)\n",
              old_leader, new_leader, Ms(promoted_at - killed_at), kTtlSeconds);
  EXPECT_LE(promoted_at - killed_at, seconds(kTtlSeconds)) << "slower than Patroni's TTL";

  // Ingest resumes by itself: nobody restarts a server or a terminal.
  ASSERT_TRUE(AckedMore(1500)) << "ingest did not resume" << Logs();
  PrintFigures("leader postmaster SIGKILL", killed_at);
  DrainAll();
  ExpectExactlyOnce();
  ExpectAuditVerifies();
}

TEST_F(Cluster, ServerReplicaKilledItsTerminalsMoveWithinTenSeconds) {
  StartLoad();
  ASSERT_TRUE(AckedMore(1000)) << Logs();
  const pid_t replica = Recorded("kakunin1");
  ASSERT_GT(replica, 0);
  const auto killed_at = Clock::now();
  ASSERT_EQ(::kill(replica, SIGKILL), 0);
  ASSERT_TRUE(AckedMore(1500)) << "ingest did not go on on the other replica" << Logs();

  // The terminals whose stream the kill broke, and how long until another replica welcomed each.
  int moved = 0;
  double slowest = 0;
  for (auto& t : terminals_) {
    for (const auto& b : t->Breaks()) {
      if (b.broken_at < killed_at) continue;
      ASSERT_NE(b.welcomed_at, Clock::time_point{}) << t->device_id() << " never came back";
      slowest = std::max(slowest, Ms(b.welcomed_at - killed_at));
      ++moved;
    }
  }
  EXPECT_GT(moved, 0) << "no terminal was on the killed replica (HAProxy's leastconn)";
  std::printf("cluster figure: replica killed: %d terminals moved, the last after %.0f ms\n", moved,
              slowest);
  EXPECT_LT(slowest, 10000.0);
  PrintFigures("server replica SIGKILL", killed_at);
  DrainAll();
  ExpectExactlyOnce();
}

TEST_F(Cluster, ConsoleOnOneReplicaSeesResultsIngestedThroughAnother) {
  auto ids = Enroll(1);
  ASSERT_EQ(ids.size(), 1u);
  auto password = Trim(ReadFile(*dir_ + "/secrets/admin-password"));
  auto console_a = v1::ConsoleService::NewStub(TlsChannel(Address(51), ca_));
  v1::LoginRequest login;
  login.set_login("admin");
  login.set_password(password);
  v1::LoginResponse session;
  grpc::ClientContext login_ctx;
  ASSERT_TRUE(console_a->Login(&login_ctx, login, &session).ok());

  grpc::ClientContext watch_ctx;
  watch_ctx.AddMetadata("authorization", "Bearer " + session.session_token());
  v1::WatchRequest watch;
  auto reader = console_a->Watch(&watch_ctx, watch);
  reader->WaitForInitialMetadata();  // the subscription is in place
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::string> seen;
  std::thread pump([&] {
    v1::WatchEvent e;
    while (reader->Read(&e)) {
      std::lock_guard lock(mu);
      if (e.has_result()) seen.insert(e.result().check_id());
      cv.notify_all();
    }
  });

  // The terminal streams to replica B directly.
  LoadTerminal terminal(ids[0], Address(52), 5, milliseconds(100), 7);
  terminal.Start();
  ASSERT_TRUE(WaitFor([&] { return terminal.acked() >= 20; }, seconds(30)));
  terminal.StopProducing();
  ASSERT_TRUE(terminal.Drain(seconds(30)));
  auto check_ids = terminal.CheckIds();
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, seconds(20),
                            [&] {
                              for (const auto& id : check_ids) {
                                if (!seen.count(id)) return false;
                              }
                              return true;
                            }))
        << "replica A's watcher saw " << seen.size() << " of " << check_ids.size();
  }
  watch_ctx.TryCancel();
  pump.join();
  terminal.Stop();
}

TEST_F(Cluster, ConsoleLiveViewSurvivesTheLossOfItsReplica) {
  static int argc = 1;
  static char name[] = "cluster_failover_test";
  static char* argv[] = {name};
  ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
  static QApplication* app = new QApplication(argc, argv);
  (void)app;
  auto wait_until = [](const std::function<bool()>& done, seconds timeout) {
    const auto until = Clock::now() + timeout;
    while (!done()) {
      if (Clock::now() > until) return false;
      QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
  };

  // The console knows both replicas; it starts on the first.
  auto client = std::make_shared<console::ConsoleClient>(Address(51) + "," + Address(52), ca_);
  ASSERT_TRUE(client->Login("admin", Trim(ReadFile(*dir_ + "/secrets/admin-password"))).ok());
  console::ResultsPage page;
  // The feed waits 2 s before reconnecting: results keep coming through the other replica
  // meanwhile, and only the catch-up can bring them into the view.
  page.SetWatchBackoff({milliseconds(2000), milliseconds(4000)});
  QSignalSpy opened(&page, &console::ResultsPage::liveOpened);
  QSignalSpy caught_up(&page, &console::ResultsPage::caughtUp);
  page.SetSession(client);
  ASSERT_TRUE(wait_until([&] { return opened.count() >= 1; }, seconds(20)));
  ASSERT_EQ(client->server_in_use(), Address(51));

  // Terminals stream through HAProxy; the console's replica dies in the middle.
  auto ids = Enroll(5);
  ASSERT_EQ(ids.size(), 5u);
  for (size_t i = 0; i < ids.size(); ++i) {
    terminals_.push_back(
        std::make_unique<LoadTerminal>(ids[i], Haproxy(), 2, milliseconds(200), 500 + i));
    terminals_.back()->Start();
  }
  ASSERT_TRUE(AckedMore(100));
  ASSERT_EQ(::kill(Recorded("kakunin1"), SIGKILL), 0);
  ASSERT_TRUE(AckedMore(300)) << "ingest stopped with replica 1" << Logs();
  ASSERT_TRUE(
      wait_until([&] { return opened.count() >= 2 && caught_up.count() >= 1; }, seconds(30)))
      << "the live view did not come back on replica 2";
  EXPECT_EQ(client->server_in_use(), Address(52));
  DrainAll();

  // Every result of these terminals is in the view, once; nothing is in it twice.
  std::set<std::string> expected;
  for (auto& t : terminals_) {
    for (const auto& id : t->CheckIds()) expected.insert(id);
  }
  auto shown = [&] {
    std::map<std::string, int> count;
    for (int r = 0; r < page.model()->rowCount(); ++r) {
      if (auto row = page.model()->RowAt(r)) ++count[row->check_id()];
    }
    return count;
  };
  EXPECT_TRUE(wait_until(
      [&] {
        auto count = shown();
        for (const auto& id : expected) {
          if (!count.count(id)) return false;
        }
        return true;
      },
      seconds(30)))
      << "results missing from the live view";
  size_t ours = 0;
  for (const auto& [id, n] : shown()) {
    EXPECT_EQ(n, 1) << id << " shown " << n << " times";
    ours += expected.count(id);
  }
  EXPECT_EQ(ours, expected.size());
  std::printf(
      "cluster figure: console live view: %zu results across the loss of its replica, "
      "each shown once\n",
      expected.size());
  page.EndSession();
}

// Last: it leaves the old leader's member to be rebuilt by the next `run.sh up`.
TEST_F(Cluster, PartitionedLeaderIsFencedAndLosesNothing) {
  StartLoad();
  ASSERT_TRUE(AckedMore(1000)) << Logs();
  const int old_leader = Leader();
  ASSERT_NE(old_leader, 0);
  const pid_t postmaster = Postmaster(old_leader);
  const std::string n = std::to_string(old_leader);

  // Cut the leader off: its etcd member stops, its Patroni dies without a word (so it cannot
  // demote its PostgreSQL), and its PostgreSQL freezes, every process of it — the worst a
  // partition can do.
  const auto fenced_at = Clock::now();
  ASSERT_EQ(::kill(Recorded("etcd" + n), SIGTERM), 0);
  ASSERT_EQ(::kill(Recorded("patroni" + n), SIGKILL), 0);
  const auto frozen = PostgresProcesses(postmaster);
  ASSERT_GT(frozen.size(), 3u);
  for (pid_t p : frozen) ::kill(p, SIGSTOP);
  // A standby's clock (one host, one clock) once every process of the old leader is frozen: a
  // row dated later began after the freeze. (Read from the leader before the freeze, it let a
  // transaction begun in the milliseconds between look like a write taken while fenced.)
  const std::string cut_at =
      Query("SELECT clock_timestamp()::text", Port(20 + old_leader % 3 + 1))[0][0].c_str();
  int new_leader = 0;
  ASSERT_TRUE(WaitFor(
      [&] {
        new_leader = Leader();
        return new_leader != 0 && new_leader != old_leader;
      },
      seconds(60)))
      << Logs();
  std::printf("cluster figure: partition: pg%d leads %.0f ms after pg%d was cut off\n", new_leader,
              Ms(Clock::now() - fenced_at), old_leader);
  ASSERT_TRUE(AckedMore(1000)) << "ingest did not resume on the new leader" << Logs();
  PrintFigures("leader partitioned", fenced_at);

  // The old leader wakes up still believing it is the primary. Nothing reaches it any more:
  // HAProxy routes only to the member whose Patroni says "primary".
  for (pid_t p : frozen) ::kill(p, SIGCONT);
  const int old_port = Port(20 + old_leader);
  auto count_old = [&] {
    return Query("SELECT count(*) FROM check_results", old_port)[0][0].as<int64_t>();
  };
  int64_t before = -1;
  ASSERT_TRUE(WaitFor(
      [&] {
        try {
          before = count_old();
          return true;
        } catch (const std::exception&) {
          return false;  // still coming back from SIGSTOP
        }
      },
      seconds(20)));
  ASSERT_TRUE(AckedMore(1000));
  // A commit waiting for the standby at the freeze shows once its wait is cancelled; it began
  // before the cut. A write taken after the cut would be dated after it.
  const std::string after_cut =
      "SELECT count(*) FROM check_results WHERE received_at > '" + cut_at + "'";
  EXPECT_EQ(Query(after_cut, old_port)[0][0].as<int64_t>(), 0)
      << "the fenced old leader took writes (" << count_old() - before << " rows since it woke)";

  // Whatever it had committed locally but never replicated was not acknowledged; the terminals
  // sent it again and the new leader holds it under the same check id.
  auto old_rows = Query(
      "SELECT device_id || ':' || sequence || ':' || check_id::text "
      "FROM check_results",
      old_port);
  DrainAll();
  auto new_rows = Query(
      "SELECT device_id || ':' || sequence || ':' || check_id::text "
      "FROM check_results");
  std::set<std::string> on_new;
  for (const auto& r : new_rows) on_new.insert(r[0].c_str());
  int64_t missing = 0;
  for (const auto& r : old_rows) missing += on_new.count(r[0].c_str()) ? 0 : 1;
  EXPECT_EQ(missing, 0) << "rows of the old leader that the new one lacks";
  ExpectExactlyOnce();
  ExpectAuditVerifies();
  // The old postmaster stops here; the next `run.sh up` rebuilds the member as a replica.
  ::kill(postmaster, SIGQUIT);
}

}  // namespace
}  // namespace kakunin::testing
