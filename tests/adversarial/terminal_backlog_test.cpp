// Terminals back after being away, against a real kakunin-server and PostgreSQL:
// - a backlog (over 100 results) meets the same conflicts with the same answers as a few;
// - a few results from last month still find their month's patient partition;
// - results whose patient fields are past their re-view window (a terminal offline for months)
//   are stored and audited without them, and give their month no partition;
// - a backlog larger than a console watcher's queue: the watcher that stopped reading is told it
//   fell behind, the one that kept reading gets every result.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/domain/review_window.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/adversarial/terminal_fixture.h"

namespace kakunin::testing {
namespace {

// The writer sends a few results as arrays and a backlog (over 100 in one transaction) through
// a staging table: a large batch meets the same conflicts with the same answers.
TEST_F(TerminalInput, ConflictsInABacklogBatchAreAnsweredTheSameWay) {
  auto a = NewTerminal();
  auto c = NewTerminal();
  auto sa = Opened(a);
  auto sc = Opened(c);
  ASSERT_TRUE(sa && sc);
  const std::string x = TestTerminal::NewCheckId();
  ASSERT_TRUE(Acked(*sa, {TestTerminal::MakeResult(1, x)}, 1));

  // 150 results, the first with A's check_id.
  std::vector<v1::CheckResult> backlog;
  std::vector<std::string> ids = {x};
  for (uint64_t seq = 2; seq <= 150; ++seq) ids.push_back(TestTerminal::NewCheckId());
  for (uint64_t seq = 1; seq <= 150; ++seq) {
    backlog.push_back(TestTerminal::MakeResult(seq, ids[seq - 1]));
  }
  ASSERT_TRUE(Acked(*sc, backlog, 150));
  EXPECT_EQ(RejectReason(*sc, 1), "check_id already used by another result");

  // The backlog again (2..150), sequence 5 with another check_id, and 150 new ones: only 5 is
  // refused, the resends are absorbed, the new ones stored.
  backlog.clear();
  for (uint64_t seq = 2; seq <= 300; ++seq) {
    const std::string id = seq == 5     ? TestTerminal::NewCheckId()
                           : seq <= 150 ? ids[seq - 1]
                                        : TestTerminal::NewCheckId();
    if (seq > 150) ids.push_back(id);
    backlog.push_back(TestTerminal::MakeResult(seq, id));
  }
  const size_t rejects_before = sc->rejects().size();
  ASSERT_TRUE(Acked(*sc, backlog, 300));
  EXPECT_EQ(sc->rejects().size(), rejects_before + 1);
  EXPECT_EQ(RejectReason(*sc, 5), "sequence already holds another result");
  EXPECT_EQ(Sql("SELECT check_id FROM check_results WHERE device_id = '" + c.device_id() +
                "' AND sequence = 5"),
            ids[4]);
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = '" + c.device_id() +
                "' AND error_reason IS DISTINCT FROM 'ingest.rejected'"),
            "299");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_patient_data p JOIN check_results r USING "
                "(check_id) WHERE r.device_id = '" +
                c.device_id() + "'"),
            "299");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND device_id = '" +
                c.device_id() + "'"),
            "299");
  EXPECT_TRUE(sa->Close().ok());
  EXPECT_TRUE(sc->Close().ok());
}

// A few results go as arrays, without the staging table; their patient rows still land in the
// month partition of their own check, created when it does not exist yet (a terminal that was
// offline across a month end).
TEST_F(TerminalInput, AFewResultsFromLastMonthFindTheirPatientPartition) {
  auto t = NewTerminal();
  auto st = t.Connect(rig_->address());
  ASSERT_TRUE(st->Open());
  auto last_month = TestTerminal::MakeResult(1, TestTerminal::NewCheckId());
  // The first hour of last month (Japan time): still within its re-view window, so kept.
  last_month.mutable_checked_at()->set_seconds(
      domain::ReviewWindowStart(domain::JapanDateOf(last_month.checked_at().seconds())) + 3600);
  auto now = TestTerminal::MakeResult(2, TestTerminal::NewCheckId());
  ASSERT_TRUE(Acked(*st, {last_month, now}, 2));
  EXPECT_TRUE(st->rejects().empty());
  // Each sealed row sits in the partition of its own month (Japan time).
  EXPECT_EQ(Sql("SELECT count(DISTINCT p.tableoid) FROM check_patient_data p JOIN check_results "
                "r USING (check_id) WHERE r.device_id = '" +
                t.device_id() + "'"),
            "2");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_patient_data p JOIN check_results r USING "
                "(check_id) WHERE r.device_id = '" +
                t.device_id() + "'"),
            "2");
  EXPECT_TRUE(st->Close().ok());
}

// The writer remembers which months' patient partitions exist and stops checking them (a round
// trip per transaction). A partition that goes while the server runs (retention run with a
// shorter window, an operator) must not make the next results fail: the batch is tried again
// at once with the partitions checked, and its month is made again.
TEST_F(TerminalInput, AMonthPartitionDroppedWhileTheServerRunsIsMadeAgain) {
  auto t = NewTerminal();
  auto s = Opened(t);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(Acked(*s, {TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}, 1));
  auto second = TestTerminal::MakeResult(2, TestTerminal::NewCheckId());
  const std::string month = Sql("SELECT kakunin_patient_partition(to_timestamp(" +
                                std::to_string(second.checked_at().seconds()) + "))");
  ASSERT_FALSE(month.empty());
  Sql("DROP TABLE " + month + "; SELECT 1");
  ASSERT_TRUE(Acked(*s, {second}, 2));
  EXPECT_TRUE(s->rejects().empty());
  EXPECT_EQ(
      Sql("SELECT count(*) FROM check_patient_data WHERE check_id = '" + second.check_id() + "'"),
      "1");
  EXPECT_EQ(Sql("SELECT to_regclass('" + month + "') IS NOT NULL"), "t");
  EXPECT_TRUE(s->Close().ok());
}

// A terminal offline for months sends checks whose patient fields are already past their re-view
// window (翌月末). The results are stored, acknowledged and audited, but their patient fields are
// not kept: before, each old month made a partition (DDL under a lock every writer needs) that
// retention dropped and audited again within the hour, as often as the terminal sent them.
TEST_F(TerminalInput, PatientFieldsPastTheirWindowAreNotKeptNorGiveTheirMonthAPartition) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t window_start = domain::ReviewWindowStart(domain::JapanDateOf(now));
  const std::string partitions =
      "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
      "WHERE p.relname = 'check_patient_data'";
  const std::string before = Sql(partitions);
  auto t = NewTerminal();
  auto s = Opened(t);
  ASSERT_NE(s, nullptr);
  std::vector<v1::CheckResult> results;
  // Four months back, and the last second before the window: not kept.
  for (int64_t at : {now - 120 * 86400, window_start - 1, window_start}) {
    results.push_back(TestTerminal::MakeResult(results.size() + 1, TestTerminal::NewCheckId()));
    results.back().mutable_checked_at()->set_seconds(at);
  }
  ASSERT_TRUE(Acked(*s, results, 3));
  auto kept = [&](const v1::CheckResult& r) {
    return Sql("SELECT count(*) FROM check_patient_data WHERE check_id = '" + r.check_id() + "'");
  };
  for (const auto& r : results) {
    EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE check_id = '" + r.check_id() + "'"),
              "1");
    EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND subject = '" +
                  r.check_id() + "'"),
              "1");
  }
  EXPECT_EQ(kept(results[0]), "0");
  EXPECT_EQ(kept(results[1]), "0");
  EXPECT_EQ(kept(results[2]), "1");  // the window's first second: kept
  // At most the window's first month was made (no other test writes checks that old).
  EXPECT_LE(std::stoi(Sql(partitions)), std::stoi(before) + 1);
  EXPECT_TRUE(s->Close().ok());
}

// One terminal's flood must not leave a console showing a live feed with holes as if it were
// whole: a console that stopped reading while more results came than a watcher's queue holds
// (10,000) gets what was queued, then is told it fell behind (its live list reloads on that).
// A console that keeps reading meanwhile gets every result.
TEST_F(TerminalInput, AWatcherThatFellBehindIsToldSoInsteadOfShownAFeedWithHoles) {
  ASSERT_TRUE(
      hq::AddUser(*rig_, "tencho-watch", "branch_manager", "honcho", "Tencho2026pass").ok());
  auto login = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
  auto token = hq::ConsoleLogin(*login, "tencho-watch", "Tencho2026pass");
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  auto watch = [&](v1::ConsoleService::Stub& stub, grpc::ClientContext* ctx) {
    ctx->AddMetadata("authorization", "Bearer " + *token);
    auto reader = stub.Watch(ctx, v1::WatchRequest());
    reader->WaitForInitialMetadata();  // the subscription is in place
    return reader;
  };
  // The stalled console's channel buffers little ahead of what it reads (no window growth), so
  // the server's writes to it stop soon after it stops reading.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_;
  auto stalled_stub = v1::ConsoleService::NewStub(
      grpc::CreateCustomChannel(rig_->address(), grpc::SslCredentials(tls), args));
  grpc::ClientContext stalled_ctx, reading_ctx;
  // Without a word from the server the stalled watch would wait forever once drained.
  stalled_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
  auto stalled = watch(*stalled_stub, &stalled_ctx);
  auto reading = watch(*login, &reading_ctx);

  auto t = NewTerminal();
  constexpr uint64_t kResults = 12000;
  std::mutex mu;
  std::condition_variable cv;
  uint64_t seen = 0;  // the reading console's results of this terminal
  std::thread pump([&] {
    v1::WatchEvent e;
    while (reading->Read(&e)) {
      if (!e.has_result() || e.result().device_id() != t.device_id()) continue;
      std::lock_guard lock(mu);
      ++seen;
      cv.notify_all();
    }
  });
  auto s = Opened(t);
  ASSERT_NE(s, nullptr);
  for (uint64_t from = 1; from <= kResults; from += 500) {
    std::vector<v1::CheckResult> batch;
    for (uint64_t q = from; q < from + 500; ++q) {
      batch.push_back(TestTerminal::MakeResult(q, TestTerminal::NewCheckId()));
    }
    ASSERT_TRUE(Acked(*s, batch, from + 499));
  }
  {
    // Once the reading console has every result, each watcher has been handed all of them.
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return seen == kResults; }))
        << seen;
  }
  uint64_t stalled_seen = 0;
  for (v1::WatchEvent e; stalled->Read(&e);) {
    if (e.has_result() && e.result().device_id() == t.device_id()) ++stalled_seen;
  }
  const grpc::Status ended = stalled->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << ended.error_message();
  EXPECT_NE(ended.error_message().find("watch.behind"), std::string::npos) << ended.error_message();
  EXPECT_LT(stalled_seen, kResults);
  EXPECT_GT(stalled_seen, 0u);

  reading_ctx.TryCancel();
  pump.join();
  EXPECT_TRUE(s->Close().ok());
}

}  // namespace
}  // namespace kakunin::testing
