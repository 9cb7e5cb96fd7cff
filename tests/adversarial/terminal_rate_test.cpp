// A terminal that ignores HQ's catch-up rate (a broken or altered agent) against a real
// kakunin-server and PostgreSQL: HQ reads its stream more slowly, stores and acknowledges
// everything it sent, and answers another terminal at once meanwhile.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/os/process.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

using Clock = std::chrono::steady_clock;

// HQ asks for 20 results a second; it allows twice that, in bursts of ten seconds' worth (400).
constexpr int kCatchupRate = 20;

class TerminalRate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-rate");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局",
                                {"--catchup-rate", std::to_string(kCatchupRate), "--metrics-listen",
                                 "127.0.0.1:" + std::to_string(FreeTcpPort())});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ca_ = hq::ReadFile(rig_->ca_path());
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  TestTerminal NewTerminal() {
    auto token = rig_->IssueToken("honcho");
    EXPECT_TRUE(token.ok());
    auto t = TestTerminal::Enroll(rig_->address(), ca_, *token);
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    return *t;
  }

  static std::vector<v1::CheckResult> Results(uint64_t from, uint64_t to) {
    std::vector<v1::CheckResult> out;
    for (uint64_t seq = from; seq <= to; ++seq) {
      out.push_back(TestTerminal::MakeResult(seq, TestTerminal::NewCheckId()));
    }
    return out;
  }

  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : "";
  }

  std::string dir_, ca_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(TerminalRate, ATerminalSendingTooFastIsReadMoreSlowlyLosesNothingAndNobodyElseWaits) {
  auto flooding = NewTerminal();
  auto other = NewTerminal();
  auto a = flooding.Connect(rig_->address());
  auto b = other.Connect(rig_->address());
  ASSERT_TRUE(a->Open());
  ASSERT_TRUE(b->Open());
  // 600 results at once: the burst is 400, so HQ reads this stream again only once the 200
  // beyond it are paid for, at 40 a second (5 s).
  for (uint64_t from : {1, 201, 401}) ASSERT_TRUE(a->Send(Results(from, from + 199))) << from;
  auto acked = a->WaitAck(600);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  ASSERT_EQ(*acked, 600u);
  const auto held_from = Clock::now();

  // The next 200, and their acknowledgement, on a thread of their own.
  Clock::time_point a_acked{};
  Result<uint64_t> a_last = uint64_t{0};
  std::thread sender([&] {
    if (!a->Send(Results(601, 800))) return;
    a_last = a->WaitAck(800);
    a_acked = Clock::now();
  });
  // Meanwhile another terminal of the same branch is answered as usual, before the first one's.
  ASSERT_TRUE(b->Send(Results(1, 1)));
  auto b_acked = b->WaitAck(1);
  const auto b_at = Clock::now();
  sender.join();
  ASSERT_TRUE(b_acked.ok()) << b_acked.error().ToString();
  EXPECT_EQ(*b_acked, 1u);
  ASSERT_TRUE(a_last.ok()) << a_last.error().ToString();
  EXPECT_EQ(*a_last, 800u);
  EXPECT_LT(b_at, a_acked);
  // 5 s less the time the third message took to commit; without the limit it is milliseconds.
  EXPECT_GE(a_acked - held_from, std::chrono::seconds(3));

  // Nothing refused, nothing lost.
  EXPECT_TRUE(a->rejects().empty());
  EXPECT_EQ(
      Sql("SELECT count(*) FROM check_results WHERE device_id = '" + flooding.device_id() + "'"),
      "800");
  EXPECT_TRUE(a->Close().ok());
  EXPECT_TRUE(b->Close().ok());

  // HQ's administrator sees it: a counter, and one line naming that terminal only.
  auto metrics = hq::HttpGet(rig_->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.error().ToString();
  auto holds = hq::MetricValue(metrics->body, "kakunin_agent_reads_held_for_rate_total");
  ASSERT_TRUE(holds.has_value());
  EXPECT_GE(*holds, 1);
  const std::string log = rig_->ServerLog();
  const std::string line = "sends results faster than HQ allows (40 a second)";
  EXPECT_NE(log.find("device " + flooding.device_id() + ": " + line), std::string::npos) << log;
  EXPECT_EQ(log.find("device " + other.device_id() + ": " + line), std::string::npos);
}

// A terminal that hangs up while held and connects again is not read before its debt is paid
// (else reconnecting every second would get round the limit); the stream it left, cancelled
// during its hold, goes cleanly, and the server answers everyone after.
TEST_F(TerminalRate, ReconnectingWhileHeldDoesNotGetRoundTheLimit) {
  auto flooding = NewTerminal();
  auto first = flooding.Connect(rig_->address());
  ASSERT_TRUE(first->Open());
  for (uint64_t from : {1, 201, 401}) ASSERT_TRUE(first->Send(Results(from, from + 199))) << from;
  auto acked = first->WaitAck(600);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  const auto held_from = Clock::now();
  first->context().TryCancel();
  EXPECT_EQ(first->Close().error_code(), grpc::StatusCode::CANCELLED);

  auto again = flooding.Connect(rig_->address());
  ASSERT_TRUE(again->Open());
  ASSERT_TRUE(again->Send(Results(601, 800)));
  auto later = again->WaitAck(800);
  ASSERT_TRUE(later.ok()) << later.error().ToString();
  EXPECT_EQ(*later, 800u);
  EXPECT_GE(Clock::now() - held_from, std::chrono::seconds(3));
  EXPECT_TRUE(again->Close().ok());

  auto other = NewTerminal();
  auto fine = other.Connect(rig_->address());
  ASSERT_TRUE(fine->Open());
  ASSERT_TRUE(fine->Send(Results(1, 1)));
  auto answered = fine->WaitAck(1);
  ASSERT_TRUE(answered.ok()) << answered.error().ToString();
  EXPECT_TRUE(fine->Close().ok());
  EXPECT_EQ(
      Sql("SELECT count(*) FROM check_results WHERE device_id = '" + flooding.device_id() + "'"),
      "800");
}

}  // namespace
}  // namespace kakunin::testing
