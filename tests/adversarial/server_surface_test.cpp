// What a stranger or a damaged database meets at the server's surface, on a real kakunin-server
// and PostgreSQL:
// - gRPC reflection is off unless asked for (it maps the whole API for strangers);
// - the standard health service says NOT_SERVING while the database is unreachable, and SERVING
//   again when it is back (load balancers stop sending terminals to a replica that cannot store);
// - refused enrollments are audited with their reason and source;
// - a sealed patient blob moved to another row is refused as such ("results.sealed_unreadable"),
//   never shown as a check with empty fields;
// - one terminal reporting an absurd outbox depth cannot break HQ's dashboard for everyone.

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <future>

#include "common/rpc/status.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

// A unary call by method name with raw bytes (the health and reflection protos are not among
// ours): the status, and the response bytes.
std::pair<grpc::Status, std::string> RawCall(const std::shared_ptr<grpc::Channel>& channel,
                                             const std::string& method, const std::string& body) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) { done.set_value(std::move(s)); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  std::string out;
  if (status.ok() && response.Dump(&slices).ok()) {
    for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return {status, out};
}

// grpc.health.v1.HealthCheckResponse{status}: 1 SERVING, 2 NOT_SERVING (field 1, varint).
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  auto [status, body] = RawCall(channel, "/grpc.health.v1.Health/Check", "");
  if (!status.ok()) return -1;
  return body.size() == 2 && body[0] == 0x08 ? body[1] : 0;
}

class ServerSurface : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-surface");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
  }
  static void TearDownTestSuite() {
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  static std::string Sql(const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : "";
  }
  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
};

TEST_F(ServerSurface, ReflectionIsOffAndHealthFollowsTheDatabase) {
  auto channel = hq::HqChannel(*rig_);
  auto reflection =
      RawCall(channel, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "");
  EXPECT_EQ(reflection.first.error_code(), grpc::StatusCode::UNIMPLEMENTED);

  ASSERT_TRUE(WaitFor([&] { return HealthStatus(channel) == 1; }, std::chrono::seconds(30)));
  ASSERT_TRUE(rig_->pg().Stop().ok());
  EXPECT_TRUE(WaitFor([&] { return HealthStatus(channel) == 2; }, std::chrono::seconds(30)))
      << "health still SERVING without a database";
  ASSERT_TRUE(rig_->pg().Relaunch().ok());
  EXPECT_TRUE(WaitFor([&] { return HealthStatus(channel) == 1; }, std::chrono::seconds(30)))
      << "health did not come back";
  // The embedded PostgreSQL runs without LLVM's JIT, which the unit's MemoryDenyWriteExecute
  // would break, also after a relaunch.
  auto jit = rig_->pg().Psql("kakunin", "SHOW jit");
  ASSERT_TRUE(jit.ok()) << jit.error().ToString();
  EXPECT_EQ(hq::Trim(*jit), "off");

  // Asked for, reflection is there (the same call is no longer UNIMPLEMENTED).
  rig_->SetServerArgs({"--reflection"});
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
  auto on = RawCall(hq::HqChannel(*rig_),
                    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "");
  EXPECT_NE(on.first.error_code(), grpc::StatusCode::UNIMPLEMENTED) << on.first.error_message();
  rig_->SetServerArgs({});
  rig_->StopServer();
  ASSERT_TRUE(rig_->StartServer().ok()) << rig_->ServerLog();
}

TEST_F(ServerSurface, RefusedEnrollmentsAreAudited) {
  auto refused =
      TestTerminal::Enroll(rig_->address(), hq::ReadFile(rig_->ca_path()), "no-such-token");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'device.enroll_refused' AND details "
                "LIKE '%enroll.bad_token%' AND details LIKE '%127.0.0.1%'"),
            "1");
}

// Bad client input is INVALID_ARGUMENT with a reason id, never UNAVAILABLE "db.error" with SQL;
// QueryResults honours the period the console sends.
TEST_F(ServerSurface, BadConsoleInputIsRefusedByNameAndThePeriodIsHonoured) {
  auto console = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
  auto token = hq::ConsoleLogin(*console, "admin", kAdminPassword);
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  auto query = [&](const v1::QueryResultsRequest& req, v1::QueryResultsResponse* resp) {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    return console->QueryResults(&ctx, req, resp);
  };
  v1::QueryResultsResponse resp;
  v1::QueryResultsRequest bad_token;
  bad_token.set_page_token("12/not-a-uuid");
  auto s = query(bad_token, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("results.bad_page_token", 0), 0u) << s.error_message();
  // The audit list's too, read as the console reads it: its reason id, not "rpc.failed".
  {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    v1::QueryAuditRequest audit;
    audit.set_page_token("not-a-number");
    v1::QueryAuditResponse audit_resp;
    auto refused = console->QueryAudit(&ctx, audit, &audit_resp);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(rpc::FromGrpcStatus(refused, "rpc.failed", "").reason(), "audit.bad_page_token")
        << refused.error_message();
  }
  // Its period is bounded before any arithmetic (an absurd year overflowed), as the dashboard's.
  {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    v1::QueryAuditRequest audit;
    audit.mutable_from()->set_seconds(INT64_MAX / 10);
    v1::QueryAuditResponse audit_resp;
    auto refused = console->QueryAudit(&ctx, audit, &audit_resp);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(rpc::FromGrpcStatus(refused, "rpc.failed", "").reason(), "audit.bad_range")
        << refused.error_message();
  }
  // A live feed's filter id is bounded like a search's (by the edge check every console request
  // passes first; ids have at most 64 bytes).
  {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    v1::WatchRequest watch;
    watch.mutable_filter()->set_site_id(std::string(100000, 'x'));
    auto reader = console->Watch(&ctx, watch);
    v1::WatchEvent event;
    EXPECT_FALSE(reader->Read(&event));
    auto refused = reader->Finish();
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(rpc::FromGrpcStatus(refused, "rpc.failed", "").reason(), "console.bad_field")
        << refused.error_message();
  }

  // Text HQ types that others read (a user's name at the counter, a revocation's reason in the
  // console's tooltip) is held to the text rule: a bidirectional override is refused by name.
  {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    v1::CreateUserRequest user;
    user.set_login("tencho-b");
    user.set_display_name("店長\u202Eﾅｼ");
    user.set_password("Kakunin-2026-pass");
    user.set_role(v1::ROLE_HQ_ADMIN);
    v1::User created;
    auto refused = console->CreateUser(&ctx, user, &created);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(rpc::FromGrpcStatus(refused, "rpc.failed", "").reason(), "auth.bad_display_name")
        << refused.error_message();
  }
  {
    auto spare = hq::EnrollTerminal(*rig_, "honcho");
    ASSERT_TRUE(spare.ok()) << spare.error().ToString();
    for (const std::string& reason : {std::string("lost\nsecond line"), std::string(1001, 'x')}) {
      grpc::ClientContext ctx;
      hq::Authorize(&ctx, *token);
      v1::RevokeDeviceRequest revoke;
      revoke.set_device_id(spare->device_id);
      revoke.set_reason(reason);
      v1::Device device;
      auto refused = console->RevokeDevice(&ctx, revoke, &device);
      EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(rpc::FromGrpcStatus(refused, "rpc.failed", "").reason(), "device.bad_reason")
          << refused.error_message();
    }
  }

  v1::GetDashboardRequest dash;
  dash.mutable_to()->set_seconds(INT64_MAX / 1000);
  grpc::ClientContext dctx;
  hq::Authorize(&dctx, *token);
  v1::Dashboard board;
  auto d = console->GetDashboard(&dctx, dash, &board);
  EXPECT_EQ(d.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(d.error_message().rfind("dashboard.bad_range", 0), 0u) << d.error_message();
  // Buckets per site are bounded by range × stores before any query: 400 days by hour for 25
  // stores is 240,000 buckets, refused by name; by day it is answered.
  ASSERT_TRUE(rig_->pg()
                  .Psql("kakunin",
                        "INSERT INTO sites (site_id, name) SELECT 'many-' || g, 'store ' || g "
                        "FROM generate_series(1, 24) g")
                  .ok());
  for (bool hourly : {true, false}) {
    v1::GetDashboardRequest wide;
    const int64_t now_s = std::time(nullptr);
    wide.mutable_from()->set_seconds(now_s - 399 * 86400);
    wide.mutable_to()->set_seconds(now_s);
    wide.set_hourly(hourly);
    wide.set_site_detail(v1::DASHBOARD_SITE_DETAIL_BUCKETS);
    grpc::ClientContext wctx;
    hq::Authorize(&wctx, *token);
    v1::Dashboard wide_board;
    auto w = console->GetDashboard(&wctx, wide, &wide_board);
    if (hourly) {
      EXPECT_EQ(w.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_EQ(w.error_message().rfind("dashboard.too_detailed", 0), 0u) << w.error_message();
    } else {
      EXPECT_TRUE(w.ok()) << w.error_message();
    }
  }

  // Three results now; a period that ended an hour ago shows none of them, one that covers now
  // shows all three.
  auto t = hq::EnrollTerminal(*rig_, "honcho");
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  auto stream = hq::TerminalStream::Open(*rig_, *t);
  ASSERT_TRUE(stream.ok());
  ASSERT_EQ(*(*stream)->Send(hq::MakeResults(1, 3)), 3u);
  (*stream)->Close();
  const int64_t now = std::time(nullptr);
  v1::QueryResultsRequest period;
  period.mutable_filter()->set_device_id(t->device_id);
  period.mutable_filter()->mutable_from()->set_seconds(now - 7200);
  period.mutable_filter()->mutable_to()->set_seconds(now - 3600);
  ASSERT_TRUE(query(period, &resp).ok());
  EXPECT_EQ(resp.rows_size(), 0);
  period.mutable_filter()->mutable_to()->set_seconds(now + 3600);
  ASSERT_TRUE(query(period, &resp).ok());
  EXPECT_EQ(resp.rows_size(), 3);
}

TEST_F(ServerSurface, AMovedSealedBlobIsAnErrorNotAnEmptyPatient) {
  auto a = hq::EnrollTerminal(*rig_, "honcho");
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  auto stream = hq::TerminalStream::Open(*rig_, *a);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  auto batch = hq::MakeResults(1, 2);
  ASSERT_EQ(*(*stream)->Send(batch), 2u);
  (*stream)->Close();
  const std::string first = batch.results(0).check_id(), second = batch.results(1).check_id();
  // Someone with database access moves the second check's sealed fields onto the first.
  ASSERT_TRUE(rig_->pg()
                  .Psql("kakunin",
                        "UPDATE check_patient_data SET sealed = (SELECT sealed FROM "
                        "check_patient_data WHERE check_id = '" +
                            second + "') WHERE check_id = '" + first + "'")
                  .ok());
  // A branch manager (who may see patient fields) asks for the first check.
  ASSERT_TRUE(rig_->Cli({"admin", "create"},
                        {"--login", "tencho", "--role", "branch_manager", "--sites", "honcho",
                         "--password-stdin"},
                        "Tencho2026pass\n")
                  .ok());
  auto console = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
  auto token = hq::ConsoleLogin(*console, "tencho", "Tencho2026pass");
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  grpc::ClientContext ctx;
  hq::Authorize(&ctx, *token);
  v1::GetResultRequest req;
  req.set_check_id(first);
  v1::ResultRow row;
  auto s = console->GetResult(&ctx, req, &row);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS) << s.error_message();
  EXPECT_EQ(s.error_message().rfind("results.sealed_unreadable", 0), 0u) << s.error_message();
  // The untouched one still opens.
  grpc::ClientContext ctx2;
  hq::Authorize(&ctx2, *token);
  req.set_check_id(second);
  auto ok = console->GetResult(&ctx2, req, &row);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(row.result().eligibility().name(), hq::kPatientName);
}

// A terminal's outbox depth goes into a sum over every terminal on HQ's dashboard. One terminal
// saying 2^64-1 made that sum overflow PostgreSQL's bigint: the dashboard failed for every HQ
// user and every branch manager of its site. The depth is taken at most at 10^9.
TEST_F(ServerSurface, OneTerminalsAbsurdOutboxDepthCannotBreakTheDashboard) {
  std::vector<std::unique_ptr<hq::TerminalStream>> streams;
  for (uint64_t depth : {UINT64_MAX, uint64_t{1}}) {
    auto t = hq::EnrollTerminal(*rig_, "honcho");
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    auto stream = hq::TerminalStream::Open(*rig_, *t);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    v1::Hello hello;
    hello.set_outbox_depth(depth);
    ASSERT_TRUE((*stream)->SendHello(hello).ok());
    // Handled in order: the acknowledgement says the hello was taken.
    ASSERT_EQ(*(*stream)->Send(hq::MakeResults(1, 1)), 1u);
    streams.push_back(std::move(*stream));
  }
  EXPECT_EQ(Sql("SELECT max(outbox_depth) FROM devices"), "1000000000");
  auto console = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
  auto token = hq::ConsoleLogin(*console, "admin", kAdminPassword);
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  grpc::ClientContext ctx;
  hq::Authorize(&ctx, *token);
  v1::Dashboard board;
  auto s = console->GetDashboard(&ctx, v1::GetDashboardRequest(), &board);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(board.outbox_backlog(), 1'000'000'001u);
  for (auto& stream : streams) stream->Close();
}

}  // namespace
}  // namespace kakunin::testing
