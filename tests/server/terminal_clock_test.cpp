// A terminal whose clock is wrong, against a real kakunin-server and PostgreSQL. Its results
// carried a time far ahead of HQ's (or before 2000, a reset clock): HQ refused each
// and acknowledged the refusal, so the check was lost at HQ for good (an outside review). Now:
// - such a result is stored, at the time HQ received it, with its patient fields; acknowledged;
// - its audit record keeps the time the terminal stated;
// - HQ's log names the terminal (once a minute) and /metrics counts it;
// - a result with a plausible time is stored at its own time, as before; so is one from a clock
//   a few minutes fast. Since: "ahead" is more than ten minutes, so a PC set to UTC with Japan's
//   time typed in (9 h ahead) is restamped too.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <pqxx/pqxx>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kSite[] = "honcho";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class TerminalClockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-terminal-clock");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局",
                                {"--metrics-listen", "127.0.0.1:" + std::to_string(FreeTcpPort())});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    auto t = EnrollTerminal(*rig_, kSite);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    terminal_ = *t;
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  std::string Sql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "<error>";
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
  Terminal terminal_;
};

TEST_F(TerminalClockTest, AResultFromAClockDaysAheadIsStoredAtHqsTimeNotLost) {
  const int64_t now = NowSeconds();
  v1::ResultBatch batch = MakeResults(1, 4);
  const int64_t ahead = now + 9 * 3600, reset = 315532800;  // UTC typed as JST; 1980-01-01
  batch.mutable_results(0)->mutable_checked_at()->set_seconds(ahead);
  batch.mutable_results(1)->mutable_checked_at()->set_seconds(reset);
  batch.mutable_results(2)->mutable_checked_at()->set_seconds(now - 60);
  batch.mutable_results(3)->mutable_checked_at()->set_seconds(now + 180);  // a few minutes fast
  auto stream = TerminalStream::Open(*rig_, terminal_);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  auto acked = (*stream)->Send(batch);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 4u);
  // Stored as results, not refusals, with their patient fields; the first two at HQ's time.
  const int64_t after = NowSeconds();
  for (int i = 0; i < 4; ++i) {
    const std::string id = batch.results(i).check_id();
    EXPECT_EQ(Sql("SELECT error_reason IS DISTINCT FROM 'ingest.rejected' FROM check_results "
                  "WHERE check_id = '" +
                  id + "'"),
              "t")
        << i;
    EXPECT_EQ(Sql("SELECT count(*) FROM check_patient_data WHERE check_id = '" + id + "'"), "1")
        << i;
    const int64_t at = std::stoll(
        Sql("SELECT extract(epoch FROM checked_at)::bigint FROM check_results WHERE check_id = '" +
            id + "'"));
    if (i < 2) {
      EXPECT_GE(at, now) << i;
      EXPECT_LE(at, after) << i;
    } else {
      EXPECT_EQ(at, i == 2 ? now - 60 : now + 180) << i;
    }
  }
  // The audit keeps what the terminal said; the plausible one says nothing of it.
  EXPECT_EQ(Sql("SELECT string_agg((details::jsonb->>'stated_checked_at'), ',' ORDER BY "
                "(details::jsonb->>'sequence')::int) FROM audit_log WHERE event = 'check.result'"),
            std::to_string(ahead) + "," + std::to_string(reset));
  // One line a minute at most (here the first result's), naming the terminal to set.
  const std::string log = rig_->ServerLog();
  const size_t said = log.find("1 result(s) stored at HQ's time because their terminal's clock");
  ASSERT_NE(said, std::string::npos) << log;
  const std::string line = log.substr(said, log.find('\n', said) - said);
  EXPECT_NE(line.find("device " + terminal_.device_id), std::string::npos) << line;
  auto metrics = HttpGet(rig_->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.error().ToString();
  EXPECT_NE(metrics->body.find("kakunin_ingest_clock_restamped_total 2"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::testing::hq
