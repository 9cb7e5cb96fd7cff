// /metrics of a real kakunin-server, read over plain HTTP as Prometheus reads it: stored results
// and absorbed resends are counted exactly (and agree with the database), the connected-terminals
// gauge follows a terminal's stream, and every ingest commit lands in the latency histogram.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kSite[] = "honcho";

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-metrics");
    ::chmod(dir_.c_str(), 0755);
    port_ = FreeTcpPort();
    // One terminal sends 8,000 results at once below: HQ's limit per terminal would hold it
    // before its unread answers pause it, which is what that test is about.
    auto rig = ServerRig::Start(
        dir_, kSite, "本町薬局",
        {"--metrics-listen", "127.0.0.1:" + std::to_string(port_), "--catchup-rate", "0"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    port_ = rig_->metrics_port();
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  std::string Scrape() {
    auto r = HttpGet(port_, "/metrics");
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    if (!r.ok()) return "";
    EXPECT_EQ(r->status, 200);
    return r->body;
  }

  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(MetricsTest, CountsResultsResendsStreamsAndCommits) {
  auto first = HttpGet(port_, "/metrics");
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->status, 200);
  // Prometheus' text exposition format.
  EXPECT_EQ(first->content_type.rfind("text/plain", 0), 0u) << first->content_type;
  EXPECT_EQ(MetricValue(first->body, "kakunin_results_ingested_total"), 0.0) << first->body;
  EXPECT_EQ(MetricValue(first->body, "kakunin_agents_connected"), 0.0) << first->body;

  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  auto stream = TerminalStream::Open(*rig_, *terminal);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  // The stream is registered just after the welcome goes out, so poll for it.
  EXPECT_TRUE(WaitFor([&] { return MetricValue(Scrape(), "kakunin_agents_connected") == 1.0; },
                      std::chrono::seconds(30)))
      << Scrape();

  auto fresh1 = MakeResults(1, 8);
  auto fresh2 = MakeResults(9, 4);
  // A terminal that lost two acknowledgements sends some results again: 6–10 on their own, then
  // 12 together with two new ones.
  v1::ResultBatch resend;
  for (int i = 5; i < 8; ++i) *resend.add_results() = fresh1.results(i);
  for (int i = 0; i < 2; ++i) *resend.add_results() = fresh2.results(i);
  v1::ResultBatch mixed;
  *mixed.add_results() = fresh2.results(3);
  auto fresh3 = MakeResults(13, 2);
  for (const auto& r : fresh3.results()) *mixed.add_results() = r;

  const std::vector<std::pair<const v1::ResultBatch*, uint64_t>> batches = {
      {&fresh1, 8}, {&fresh2, 12}, {&resend, 12}, {&mixed, 14}};
  for (const auto& [batch, want_ack] : batches) {
    auto ack = (*stream)->Send(*batch);
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(*ack, want_ack);
  }
  const double stored = 8 + 4 + 2;  // fresh1, fresh2, and the two new ones in `mixed`
  const double resent = resend.results_size() + 1;  // and result 12 again

  // Each batch was acknowledged before the next went out, and counters move before the ack.
  std::string body = Scrape();
  EXPECT_EQ(MetricValue(body, "kakunin_results_ingested_total"), stored) << body;
  EXPECT_EQ(MetricValue(body, "kakunin_results_duplicate_total"), resent) << body;
  EXPECT_EQ(MetricValue(body, "kakunin_results_rejected_total"), 0.0) << body;
  EXPECT_EQ(MetricValue(body, "kakunin_agents_connected"), 1.0) << body;
  auto commits = MetricValue(body, "kakunin_ingest_transactions_total");
  auto observed = MetricValue(body, "kakunin_ingest_commit_seconds_count");
  ASSERT_TRUE(commits && observed) << body;
  EXPECT_EQ(*commits, static_cast<double>(batches.size())) << body;
  EXPECT_EQ(*observed, *commits) << "every commit timed";
  EXPECT_EQ(MetricValue(body, "kakunin_ingest_commit_seconds_bucket{le=\"+Inf\"}"), *observed);
  EXPECT_GT(MetricValue(body, "kakunin_ingest_commit_seconds_sum").value_or(0), 0.0) << body;
  // Where the transactions' time went: every step is there, and together they are the time
  // the commits were timed for, less the wait for a connection.
  double steps = 0;
  for (const char* step : {"begin", "stage", "insert", "ack", "notify", "audit", "commit"}) {
    auto v =
        MetricValue(body, std::string("kakunin_ingest_step_seconds_total{step=\"") + step + "\"}");
    ASSERT_TRUE(v) << step << "\n" << body;
    steps += *v;
  }
  EXPECT_GT(steps, 0.0);
  EXPECT_LE(steps, MetricValue(body, "kakunin_ingest_commit_seconds_sum").value_or(0) + 1e-3);

  // The counter matches what the database holds.
  auto rows =
      rig_->pg().PsqlRow("kakunin", "SELECT count(*) FROM check_results WHERE device_id = '" +
                                        terminal->device_id + "'");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(Trim(*rows), std::to_string(static_cast<int>(stored)));

  EXPECT_TRUE((*stream)->Close().ok());
  EXPECT_TRUE(WaitFor([&] { return MetricValue(Scrape(), "kakunin_agents_connected") == 0.0; },
                      std::chrono::seconds(30)))
      << Scrape();
}

// A backlog (over 100 results in one transaction) whose results all look new is copied straight
// into the tables; one with resends goes through the staging table's insert; one that meets a
// stored result the server could not foresee (another terminal's check id) is tried straight,
// undone to its savepoint and staged. Each way stores every result once, with its patient row
// and its audit record, and answers the terminal the same.
TEST_F(MetricsTest, BacklogsGoStraightIntoTheTablesUnlessOneMeetsAStoredResult) {
  auto a = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  auto b = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  auto sa = TerminalStream::Open(*rig_, *a);
  ASSERT_TRUE(sa.ok()) << sa.error().ToString();
  auto sb = TerminalStream::Open(*rig_, *b);
  ASSERT_TRUE(sb.ok()) << sb.error().ToString();
  auto count = [&](const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  };
  auto stored_for = [&](const Terminal& t) {
    const std::string of = "device_id = '" + t.device_id + "'";
    return count("SELECT count(*) FROM check_results WHERE " + of) + " " +
           count(
               "SELECT count(*) FROM check_patient_data p JOIN check_results r USING "
               "(check_id) WHERE r." +
               of) +
           " " + count("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND " + of);
  };
  auto metric = [&](const char* name) { return MetricValue(Scrape(), name).value_or(-1); };

  // Ten from a terminal that was offline across a month end: last month's patient partition
  // does not exist yet and is made on the way. Last month (Japan time) is still in its re-view
  // window, so retention leaves them.
  auto first = MakeResults(1, 150);
  const int64_t now = first.results(0).checked_at().seconds();
  const time_t japan = static_cast<time_t>(now + 9 * 3600);
  struct tm day {};
  gmtime_r(&japan, &day);
  for (int i = 0; i < 10; ++i) {
    first.mutable_results(i)->mutable_checked_at()->set_seconds(now - day.tm_mday * 86400);
  }
  for (int i : {9, 77, 149}) {  // fields of every type the straight copy writes
    v1::CheckResult& r = *first.mutable_results(i);
    r.mutable_checked_at()->set_nanos(123456789 + i * 1000);
    r.mutable_reader()->set_name("ソニー RC-S300/P \\ " + std::to_string(i));
    r.mutable_reader()->set_extended_apdu(true);
    r.set_apdu_count(1000 + i);
    r.set_duration_ms(70000 + i);
    r.set_mode(v1::IDENTITY_MODE_PIN);
    r.mutable_eligibility()->set_insurer_number("06139" + std::to_string(100 + i));
  }
  auto ack = (*sa)->Send(first);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_EQ(*ack, 150u);
  EXPECT_EQ(stored_for(*a), "150 150 150");
  EXPECT_EQ(metric("kakunin_ingest_straight_copies_total"), 1.0);
  EXPECT_EQ(metric("kakunin_ingest_straight_fallbacks_total"), 0.0);
  EXPECT_EQ(count("SELECT count(DISTINCT p.tableoid) FROM check_patient_data p JOIN "
                  "check_results r USING (check_id) WHERE r.device_id = '" +
                  a->device_id + "'"),
            "2");
  // What went straight (in COPY's binary format) reads back as sent: the site's staff open the
  // patient fields (sealed bound to their check id), the time and the result's own fields.
  ASSERT_TRUE(AddUser(*rig_, "staff", "staff", kSite, "Kakunin2026").ok());
  auto console = v1::ConsoleService::NewStub(HqChannel(*rig_));
  auto token = ConsoleLogin(*console, "staff", "Kakunin2026");
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  for (int i : {0, 9, 10, 77, 149}) {
    const v1::CheckResult& sent = first.results(i);
    grpc::ClientContext ctx;
    Authorize(&ctx, *token);
    v1::GetResultRequest req;
    req.set_check_id(sent.check_id());
    v1::ResultRow row;
    ASSERT_TRUE(console->GetResult(&ctx, req, &row).ok()) << i;
    EXPECT_TRUE(row.patient_data_available()) << i;
    EXPECT_EQ(row.result().eligibility().name(), sent.eligibility().name()) << i;
    EXPECT_EQ(row.result().eligibility().SerializeAsString(),
              sent.eligibility().SerializeAsString())
        << i;
    EXPECT_EQ(row.result().checked_at().seconds(), sent.checked_at().seconds()) << i;
    EXPECT_EQ(row.result().checked_at().nanos() / 1000, sent.checked_at().nanos() / 1000) << i;
    EXPECT_EQ(row.result().sequence(), sent.sequence()) << i;
    EXPECT_EQ(row.result().mode(), sent.mode()) << i;
    EXPECT_EQ(row.result().reader().name(), sent.reader().name()) << i;
    EXPECT_EQ(row.result().reader().extended_apdu(), sent.reader().extended_apdu()) << i;
    EXPECT_EQ(row.result().apdu_count(), sent.apdu_count()) << i;
    EXPECT_EQ(row.result().duration_ms(), sent.duration_ms()) << i;
  }

  // 101–150 again with 110 new ones: resends, so staged (no attempt, no fallback).
  v1::ResultBatch resend;
  for (int i = 100; i < 150; ++i) *resend.add_results() = first.results(i);
  const auto fresh = MakeResults(151, 110);
  for (const auto& r : fresh.results()) *resend.add_results() = r;
  ack = (*sa)->Send(resend);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_EQ(*ack, 260u);
  EXPECT_EQ(stored_for(*a), "260 260 260");
  EXPECT_EQ(metric("kakunin_ingest_straight_copies_total"), 1.0);
  EXPECT_EQ(metric("kakunin_ingest_straight_fallbacks_total"), 0.0);
  EXPECT_EQ(metric("kakunin_results_duplicate_total"), 50.0);
  // Both ways write the same columns: 1–150 went straight, 151–260 through the staging table
  // (all alike but the three given fields of their own above).
  const std::string of_a =
      " FROM check_results r JOIN check_patient_data p USING (check_id) "
      "WHERE r.device_id = '" +
      a->device_id + "'";
  EXPECT_EQ(count("SELECT count(DISTINCT (r.site_id, r.mode, r.route, r.source, r.outcome, "
                  "r.reader_name, r.extended_apdu, r.error_reason, r.apdu_count, r.duration_ms, "
                  "r.name_unrepresentable, r.answer_late, r.answers_check_id, p.key_id, "
                  "length(p.sealed)))" +
                  of_a + " AND r.sequence NOT IN (10, 78, 150)"),
            "1");
  EXPECT_EQ(count("SELECT count(*)" + of_a +
                  " AND p.checked_at = r.checked_at AND "
                  "r.check_id = p.check_id"),
            "260");
  EXPECT_EQ(count("SELECT check_id FROM check_results WHERE device_id = '" + a->device_id +
                  "' AND sequence = 1"),
            first.results(0).check_id());

  // B's backlog of 150 whose 7th result carries one of A's check ids: tried straight, undone,
  // staged; the 7th becomes a refusal row, the rest are stored.
  auto other = MakeResults(1, 150);
  other.mutable_results(6)->set_check_id(first.results(0).check_id());
  ack = (*sb)->Send(other);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_EQ(*ack, 150u);
  EXPECT_EQ(stored_for(*b), "150 149 149");
  EXPECT_EQ(count("SELECT error_reason FROM check_results WHERE device_id = '" + b->device_id +
                  "' AND sequence = 7"),
            "ingest.rejected");
  EXPECT_EQ(
      count("SELECT count(*) FROM audit_log WHERE event = 'check.rejected' AND device_id = '" +
            b->device_id + "'"),
      "1");
  EXPECT_EQ(metric("kakunin_ingest_straight_copies_total"), 1.0);
  EXPECT_EQ(metric("kakunin_ingest_straight_fallbacks_total"), 1.0);
  EXPECT_EQ(stored_for(*a), "260 260 260");  // A's result kept its check id
  EXPECT_EQ(metric("kakunin_results_ingested_total"), 410.0);

  // Every backlog's audit records went by one binary COPY: the chain verifies end to end.
  ASSERT_TRUE(AddUser(*rig_, "auditor", "auditor", "", "Kakunin2026").ok());
  auto auditor = ConsoleLogin(*console, "auditor", "Kakunin2026");
  ASSERT_TRUE(auditor.ok()) << auditor.error().ToString();
  grpc::ClientContext ctx;
  Authorize(&ctx, *auditor);
  v1::VerifyAuditResponse verified;
  ASSERT_TRUE(console->VerifyAudit(&ctx, v1::VerifyAuditRequest(), &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.problem() << " " << verified.detail();
  EXPECT_GE(verified.records_checked(), 410u);

  EXPECT_TRUE((*sa)->Close().ok());
  EXPECT_TRUE((*sb)->Close().ok());
}

// A terminal that sends but never reads what it is sent (a Reject per refused result, an Ack
// per batch) is not read further once 256 answers wait for it: the server's queue for it stays
// bounded instead of growing with everything it sends. When it reads again, what it sent
// meanwhile is taken and acknowledged: nothing is lost.
TEST_F(MetricsTest, ATerminalThatLeavesItsAnswersUnreadIsNotReadEither) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  // The terminal's side buffers little of what it does not read (no window growth).
  grpc::ChannelArguments small;
  small.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  small.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  auto stream = TerminalStream::Open(*rig_, *terminal, small);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  auto sql = [&](const std::string& q) {
    auto r = rig_->pg().PsqlRow("kakunin", q);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : "";
  };
  const std::string device = "'" + terminal->device_id + "'";
  auto paused = [&] {
    return MetricValue(Scrape(), "kakunin_agent_reads_paused_total").value_or(0) >= 1;
  };
  ASSERT_FALSE(paused());

  // 8,000 results the server refuses one by one (a field over its limit): a Reject each, none
  // read. More than both sides' transports take in (the terminal's window, the server's write
  // buffer).
  constexpr uint64_t kRefused = 8000;
  for (uint64_t first = 1; first <= kRefused; first += 2000) {
    v1::AgentMessage refused;
    *refused.mutable_results() = MakeResults(first, 2000);
    for (auto& r : *refused.mutable_results()->mutable_results()) {
      r.set_error_message(std::string(1025, 'x'));
    }
    ASSERT_TRUE((*stream)->Write(refused).ok());
  }
  // Then one result at a time: each is read and stored until the server stops reading.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  uint64_t sent = kRefused;
  bool stopped = false;
  while (!stopped && sent < kRefused + 50 && std::chrono::steady_clock::now() < until) {
    v1::AgentMessage one;
    *one.mutable_results() = MakeResults(++sent, 1);
    ASSERT_TRUE((*stream)->Write(one).ok());
    // Polled: either this result is stored or the server has stopped reading.
    while (!(stopped = paused()) && std::chrono::steady_clock::now() < until &&
           sql("SELECT count(*) FROM check_results WHERE device_id = " + device +
               " AND sequence = " + std::to_string(sent)) == "0") {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ASSERT_TRUE(stopped) << "the server went on reading through sequence " << sent;

  // Sent while unread; taken once the terminal reads its answers.
  v1::AgentMessage last;
  *last.mutable_results() = MakeResults(sent + 1, 5);
  ASSERT_TRUE((*stream)->Write(last).ok());
  int rejects = 0;
  std::set<uint64_t> rejected;
  auto acked = (*stream)->ReadUntil([&](const v1::ServerMessage& m) {
    if (m.has_reject()) {
      ++rejects;
      rejected.insert(m.reject().sequence());
    }
    return m.has_ack() && m.ack().up_to_sequence() == sent + 5;
  });
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(rejects, static_cast<int>(kRefused));
  EXPECT_EQ(rejected.size(), kRefused);
  EXPECT_EQ(sql("SELECT count(*) FROM check_results WHERE device_id = " + device +
                " AND error_reason <> 'ingest.rejected'"),
            std::to_string(sent + 5 - kRefused));
}

// What a stream holds in flight is bounded by bytes as well as batches: a message padded
// towards the receive limit (11 MiB, there for receipts) is then the only one the server holds
// for that stream until it is answered, not one of four. An agent's batches never reach it.
TEST_F(MetricsTest, AStreamsBatchesInFlightAreBoundedByTheirBytes) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  auto stream = TerminalStream::Open(*rig_, *terminal);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  auto held = [&] {
    return MetricValue(Scrape(), "kakunin_agent_reads_held_for_bytes_total").value_or(-1);
  };
  // The most an agent sends in one message.
  auto ack = (*stream)->Send(MakeResults(1, 500));
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  ASSERT_EQ(*ack, 500u);
  EXPECT_EQ(held(), 0);
  // Four results carrying 2.5 MiB each of fields the server does not know: 10 MiB in one message.
  auto padded = MakeResults(501, 4);
  for (auto& r : *padded.mutable_results()) {
    r.GetReflection()->MutableUnknownFields(&r)->AddLengthDelimited(99, std::string(5 << 19, 'x'));
  }
  ack = (*stream)->Send(padded);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  EXPECT_EQ(*ack, 504u);
  EXPECT_GE(held(), 1);
}

// What an operator of 200 stores alerts on: a terminal gone quiet (its outbox last reported
// apart, since the live gauge drops it exactly when its queue may grow) and the certificates
// every terminal depends on.
TEST_F(MetricsTest, QuietTerminalsAndCertificateEndsAreShown) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  // The fleet's gauges are read by the server's maintenance every second, never by a scrape: a
  // change shows within that.
  std::string body;
  auto shows = [&](const std::map<std::string, double>& want) {
    return WaitFor(
        [&] {
          body = Scrape();
          for (const auto& [name, value] : want) {
            if (MetricValue(body, name) != value) return false;
          }
          return true;
        },
        std::chrono::seconds(30));
  };
  EXPECT_TRUE(shows(
      {{"kakunin_terminals_active", 1.0}, {"kakunin_terminals_unheard", 1.0}}))  // never heard from
      << body;
  // Heard from with 7 waiting, then silent for ten minutes.
  auto sql = rig_->pg().Psql(
      "kakunin", "UPDATE devices SET last_seen = now(), outbox_depth = 7 WHERE device_id = '" +
                     terminal->device_id + "'");
  ASSERT_TRUE(sql.ok()) << sql.error().ToString();
  EXPECT_TRUE(shows({{"kakunin_terminals_unheard", 0.0},
                     {"kakunin_agent_outbox_depth", 7.0},
                     {"kakunin_agent_outbox_depth_unheard", 0.0}}))
      << body;
  sql = rig_->pg().Psql("kakunin",
                        "UPDATE devices SET last_seen = now() - interval '10 minutes' WHERE "
                        "device_id = '" +
                            terminal->device_id + "'");
  ASSERT_TRUE(sql.ok());
  EXPECT_TRUE(shows({{"kakunin_terminals_unheard", 1.0},
                     {"kakunin_agent_outbox_depth", 0.0},
                     {"kakunin_agent_outbox_depth_unheard", 7.0}}))
      << body;

  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_GT(MetricValue(body, "kakunin_server_certificate_not_after_seconds").value_or(0),
            now + 700 * 86400.0)
      << body;
  EXPECT_GT(MetricValue(body, "kakunin_device_ca_not_after_seconds").value_or(0),
            now + 19 * 365 * 86400.0)
      << body;
}

// Connections that say nothing, or half a request, held civetweb's two threads for 30 s each:
// three of them stalled /readyz past HAProxy's checks (a replica taken out by anyone who can
// reach the port). With them open, /readyz still answers at once.
TEST_F(MetricsTest, IdleConnectionsDoNotHoldTheChecksBack) {
  std::vector<int> idle;
  for (int i = 0; i < 6; ++i) {
    const int fd = ConnectLoopback(port_);
    ASSERT_GE(fd, 0);
    if (i % 2 == 1) {
      const std::string half = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      ASSERT_EQ(::send(fd, half.data(), half.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(half.size()));
    }
    idle.push_back(fd);
  }
  // Well under civetweb's old 30 s: each read of this request gives up after 5 s.
  auto ready = HttpGet(port_, "/readyz", 5);
  for (int fd : idle) ::close(fd);
  ASSERT_TRUE(ready.ok()) << ready.error().ToString();
  EXPECT_TRUE(ready->status == 200 || ready->status == 503) << ready->status;
}

TEST_F(MetricsTest, OnlyItsOwnPathsAreServed) {
  auto r = HttpGet(port_, "/other");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 404);
}

// /healthz says the process serves; /readyz says it can do its work, and what is missing when
// it cannot: the database stopped makes it 503 with the database named, while /healthz stays
// 200 (a supervisor must not restart a server that only waits for its database).
TEST_F(MetricsTest, HealthAndReadiness) {
  auto health = HttpGet(port_, "/healthz");
  ASSERT_TRUE(health.ok()) << health.error().ToString();
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto ready = [&] { return HttpGet(port_, "/readyz"); };
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = ready();
        return r.ok() && r->status == 200;
      },
      std::chrono::seconds(30)));
  auto r = ready();
  ASSERT_TRUE(r.ok());
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r->body;
  EXPECT_TRUE(j["ready"].get<bool>());
  EXPECT_TRUE(j["checks"]["database"]["ok"].get<bool>());
  EXPECT_TRUE(j["checks"]["migrations"]["ok"].get<bool>());
  EXPECT_TRUE(j["checks"]["device_ca"]["ok"].get<bool>());
  EXPECT_TRUE(j["checks"]["writable"]["ok"].get<bool>());
  EXPECT_EQ(r->content_type, "application/json");

  // A database that answers but takes no writes (in a cluster: a standby, or a demoted old
  // leader) is not ready either: load balancers must send terminals elsewhere.
  auto sql = [&](const std::string& q) { return rig_->pg().Psql("postgres", q); };
  ASSERT_TRUE(sql("ALTER SYSTEM SET default_transaction_read_only = on").ok());
  ASSERT_TRUE(sql("SELECT pg_reload_conf()").ok());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto x = ready();
        return x.ok() && x->status == 503;
      },
      std::chrono::seconds(30)));
  auto read_only = nlohmann::json::parse(ready()->body, nullptr, false);
  EXPECT_FALSE(read_only["checks"]["writable"]["ok"].get<bool>()) << read_only.dump();
  EXPECT_TRUE(read_only["checks"]["database"]["ok"].get<bool>()) << read_only.dump();
  ASSERT_TRUE(sql("ALTER SYSTEM RESET default_transaction_read_only").ok());
  ASSERT_TRUE(sql("SELECT pg_reload_conf()").ok());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto x = ready();
        return x.ok() && x->status == 200;
      },
      std::chrono::seconds(30)));

  ASSERT_TRUE(rig_->pg().Stop().ok());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto x = ready();
        return x.ok() && x->status == 503;
      },
      std::chrono::seconds(30)));
  auto down = ready();
  ASSERT_TRUE(down.ok());
  auto dj = nlohmann::json::parse(down->body, nullptr, false);
  ASSERT_FALSE(dj.is_discarded()) << down->body;
  EXPECT_FALSE(dj["ready"].get<bool>());
  EXPECT_FALSE(dj["checks"]["database"]["ok"].get<bool>()) << down->body;
  EXPECT_EQ(HttpGet(port_, "/healthz")->status, 200);

  ASSERT_TRUE(rig_->pg().Restart().ok());
  EXPECT_TRUE(WaitFor(
      [&] {
        auto x = ready();
        return x.ok() && x->status == 200;
      },
      std::chrono::seconds(30)));
}

}  // namespace
}  // namespace kakunin::testing::hq
