// Several server replicas on one database, and the failures an acknowledged result must
// survive, on a real kakunin-server and PostgreSQL:
// - a console watching replica B sees results a terminal streamed to replica A (LISTEN/NOTIFY),
//   and a revocation made on A cuts that terminal's stream on B;
// - the server killed with SIGKILL after its commit but before the ack: nothing lost, and the
//   agent's resend stores nothing twice;
// - PostgreSQL restarted under a live stream: the agent's retry delivers everything once;
// - a listener that lost the database catches up when back (watchers resync, terminals re-read).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

using hq::HttpGet;
using hq::MetricValue;
using hq::Trim;

std::string ReadAll(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

class Replicas : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-replicas");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ca_ = ReadAll(rig_->ca_path());
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  TestTerminal NewTerminal() {
    auto t = TestTerminal::Enroll(rig_->address(), ca_, *rig_->IssueToken("honcho"));
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    return *t;
  }

  std::string Login(const std::string& address) {
    auto console = v1::ConsoleService::NewStub(TlsChannel(address, ca_));
    v1::LoginRequest req;
    req.set_login("admin");
    req.set_password(kAdminPassword);
    v1::LoginResponse resp;
    grpc::ClientContext ctx;
    EXPECT_TRUE(console->Login(&ctx, req, &resp).ok());
    return resp.session_token();
  }

  std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }

  static std::vector<v1::CheckResult> Results(uint64_t from, uint64_t to,
                                              std::vector<std::string>* ids = nullptr) {
    std::vector<v1::CheckResult> out;
    for (uint64_t s = from; s <= to; ++s) {
      out.push_back(TestTerminal::MakeResult(s, TestTerminal::NewCheckId()));
      if (ids) ids->push_back(out.back().check_id());
    }
    return out;
  }

  // What a real agent does: (re)connect, send what is not acknowledged, until all is.
  Result<uint64_t> DeliverWithRetry(const TestTerminal& t, const std::vector<v1::CheckResult>& all,
                                    int* attempts) {
    uint64_t acked = 0;
    Error last(ErrorCode::kUnavailable, "test.never_tried", "");
    bool ok = WaitFor(
        [&] {
          ++*attempts;
          auto stream = t.Connect(rig_->address());
          if (!stream->Open()) return false;
          acked = stream->welcome_acked();
          std::vector<v1::CheckResult> pending;
          for (const auto& r : all) {
            if (r.sequence() > acked) pending.push_back(r);
          }
          if (pending.empty()) return true;
          if (!stream->Send(pending)) return false;
          auto a = stream->WaitAck(all.back().sequence());
          if (!a.ok()) {
            last = a.error();
            return false;
          }
          acked = *a;
          stream->Close();
          return true;
        },
        std::chrono::seconds(60));
    if (!ok) return last;
    return acked;
  }

  std::string dir_, ca_;
  std::unique_ptr<ServerRig> rig_;
};

TEST_F(Replicas, WatchOnOneReplicaSeesResultsAndRevocationsFromTheOther) {
  auto b = rig_->StartReplica();
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  TestTerminal streaming = NewTerminal();
  TestTerminal victim = NewTerminal();

  // A console on replica B watches results and device events.
  auto console_b = v1::ConsoleService::NewStub(TlsChannel(*b, ca_));
  grpc::ClientContext watch_ctx;
  watch_ctx.AddMetadata("authorization", "Bearer " + Login(*b));
  v1::WatchRequest watch;
  watch.set_devices(true);
  auto reader = console_b->Watch(&watch_ctx, watch);
  reader->WaitForInitialMetadata();  // sent once the subscription is in place
  std::mutex mu;
  std::condition_variable cv;
  std::vector<v1::WatchEvent> events;
  std::thread pump([&] {
    v1::WatchEvent e;
    while (reader->Read(&e)) {
      std::lock_guard lock(mu);
      events.push_back(e);
      cv.notify_all();
    }
  });
  auto wait_events = [&](const std::function<bool()>& done) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), done);
  };

  // The victim holds a stream on B.
  auto held = victim.Connect(*b);
  ASSERT_TRUE(held->Open());

  // Results go to replica A.
  std::vector<std::string> ids;
  auto stream = streaming.Connect(rig_->address());
  ASSERT_TRUE(stream->Open());
  ASSERT_TRUE(stream->Send(Results(1, 3, &ids)));
  ASSERT_TRUE(stream->WaitAck(3).ok());
  EXPECT_TRUE(stream->Close().ok());

  std::set<std::string> want(ids.begin(), ids.end());
  ASSERT_TRUE(wait_events([&] {
    std::set<std::string> seen;
    for (const auto& e : events) {
      if (e.has_result()) seen.insert(e.result().check_id());
    }
    return seen == want;
  })) << "replica B's watcher did not see the results stored through A";
  {
    std::lock_guard lock(mu);
    for (const auto& e : events) {
      if (!e.has_result()) continue;
      EXPECT_EQ(e.result().device_id(), streaming.device_id());
      EXPECT_FALSE(e.result().result().has_eligibility());  // no patient fields in the feed
    }
  }

  // Revoke the victim through replica A: B cuts its stream and tells the watcher.
  auto console_a = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_));
  grpc::ClientContext rc;
  rc.AddMetadata("authorization", "Bearer " + Login(rig_->address()));
  v1::RevokeDeviceRequest revoke;
  revoke.set_device_id(victim.device_id());
  revoke.set_reason("stolen");
  v1::Device revoked;
  ASSERT_TRUE(console_a->RevokeDevice(&rc, revoke, &revoked).ok());
  auto cut = held->WaitAck(1);  // nothing to ack: returns when the stream ends
  EXPECT_FALSE(cut.ok());
  ASSERT_TRUE(wait_events([&] {
    for (const auto& e : events) {
      if (e.has_device() && e.device().device_id() == victim.device_id() &&
          e.device().status() == v1::DEVICE_STATUS_REVOKED)
        return true;
    }
    return false;
  }));
  watch_ctx.TryCancel();
  pump.join();
}

// A replica's listener loses the database (a failover, HAProxy cutting sessions): PostgreSQL
// keeps no notifications for it meanwhile, so what was committed then (here: a revocation made
// without one, as if its NOTIFY had been lost) was never heard. Once back, it tells every live
// feed to catch up (the console reconnects and reloads) and reads each connected terminal
// again: the revoked terminal's open stream is cut, and /metrics counts the resync.
TEST_F(Replicas, AListenerThatLostTheDatabaseCatchesUpWhenBack) {
  rig_->StopServer();
  rig_->SetServerArgs({"--metrics-listen", "127.0.0.1:" + std::to_string(FreeTcpPort())});
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  TestTerminal victim = NewTerminal();
  auto console = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_));
  grpc::ClientContext watch_ctx;
  watch_ctx.AddMetadata("authorization", "Bearer " + Login(rig_->address()));
  v1::WatchRequest watch;
  watch.set_devices(true);
  auto reader = console->Watch(&watch_ctx, watch);
  reader->WaitForInitialMetadata();
  std::promise<grpc::Status> ended;
  std::thread pump([&] {
    v1::WatchEvent e;
    while (reader->Read(&e)) {
    }
    ended.set_value(reader->Finish());
  });
  auto held = victim.Connect(rig_->address());
  ASSERT_TRUE(held->Open());

  Sql("UPDATE devices SET status = 'revoked' WHERE device_id = '" + victim.device_id() + "'");
  ASSERT_EQ(Sql("SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = 'kakunin-live-listener'"),
            "1");
  ASSERT_EQ(Sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'kakunin-live-listener'"),
            "t");

  auto status = ended.get_future();
  ASSERT_EQ(status.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  const grpc::Status st = status.get();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  EXPECT_NE(st.error_message().find("watch.resync"), std::string::npos) << st.error_message();
  auto cut = held->WaitAck(1);  // nothing to ack: returns when the stream ends
  EXPECT_FALSE(cut.ok());
  std::string body;
  EXPECT_TRUE(WaitFor(
      [&] {
        auto r = HttpGet(rig_->metrics_port(), "/metrics");
        body = r.ok() ? r->body : "";
        return MetricValue(body, "kakunin_live_listener_resyncs_total") == 1.0 &&
               MetricValue(body, "kakunin_live_listener_up") == 1.0;
      },
      std::chrono::seconds(20)))
      << body;
  EXPECT_NE(rig_->ServerLog().find("1 live feed(s) told to catch up, 1 connected terminal(s)"),
            std::string::npos)
      << rig_->ServerLog();
  pump.join();
}

TEST_F(Replicas, SigkillBetweenCommitAndAckLosesNothingAndDuplicatesNothing) {
  TestTerminal t = NewTerminal();
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer({{"KAKUNIN_FAULT_KILL_AFTER_COMMITS", "1"}}).ok());
  auto batch = Results(1, 50);
  {
    auto stream = t.Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    ASSERT_TRUE(stream->Send(batch));
    auto acked = stream->WaitAck(50);
    EXPECT_FALSE(acked.ok()) << "the server acknowledged although it was to die first";
  }
  ASSERT_TRUE(WaitFor([&] { return !rig_->server_running(); }, std::chrono::seconds(20)));
  rig_->StopServer();
  // Committed before the kill: all 50 are there, though the agent never heard so.
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = '" + t.device_id() + "'"),
            "50");
  ASSERT_TRUE(rig_->StartServer().ok());
  // The agent resends everything it holds (it never got an ack), plus new results.
  {
    auto stream = t.Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    EXPECT_EQ(stream->welcome_acked(), 50u);
    ASSERT_TRUE(stream->Send(batch));
    auto more = Results(51, 60);
    ASSERT_TRUE(stream->Send(more));
    auto acked = stream->WaitAck(60);
    ASSERT_TRUE(acked.ok()) << acked.error().ToString();
    EXPECT_EQ(*acked, 60u);
    EXPECT_TRUE(stream->Close().ok());
  }
  std::string dev = "'" + t.device_id() + "'";
  EXPECT_EQ(Sql("SELECT count(*) || '|' || count(DISTINCT sequence) || '|' || max(sequence) "
                "FROM check_results WHERE device_id = " +
                dev),
            "60|60|60");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_patient_data p JOIN check_results c USING (check_id) "
                "WHERE c.device_id = " +
                dev),
            "60");
  EXPECT_EQ(
      Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND device_id = " + dev),
      "60");
}

TEST_F(Replicas, DatabaseRestartUnderALiveStreamLosesNothing) {
  TestTerminal t = NewTerminal();
  auto all = Results(1, 40);
  {
    auto stream = t.Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    ASSERT_TRUE(stream->Send({all.begin(), all.begin() + 20}));
    ASSERT_TRUE(stream->WaitAck(20).ok());
    ASSERT_TRUE(rig_->pg().Restart().ok());
    // The same stream carries on; the server either stores this batch on a fresh connection
    // or fails it without an ack, and the agent retries below.
    stream->Send({all.begin() + 20, all.end()});
    (void)stream->WaitAck(40);
  }
  int attempts = 0;
  auto acked = DeliverWithRetry(t, all, &attempts);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString() << "\n" << rig_->ServerLog();
  EXPECT_EQ(*acked, 40u);
  EXPECT_TRUE(rig_->server_running());
  EXPECT_EQ(Sql("SELECT count(*) || '|' || count(DISTINCT check_id) FROM check_results WHERE "
                "device_id = '" +
                t.device_id() + "'"),
            "40|40");
}

}  // namespace
}  // namespace kakunin::testing
