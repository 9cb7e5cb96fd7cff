// /metrics of a real kakunin-server, read over plain HTTP as Prometheus reads it: stored results
// and absorbed resends are counted exactly (and agree with the database), the connected-terminals
// gauge follows a terminal's stream, and every ingest commit lands in the latency histogram.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

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
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局",
                                {"--metrics-listen", "127.0.0.1:" + std::to_string(port_)});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
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
