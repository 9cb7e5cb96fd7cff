// The console's live feed (Watch) against a real kakunin-server and PostgreSQL, as the sessions
// behind it change:
// - a logout ends the watch of that session at once (a result stored after the logout is never
//   delivered to it), and not the watch of the user's other session;
// - a branch manager moved to another store stops seeing the old one at once; the watch they
//   open again shows the new store only;
// - a session ended where this replica cannot see it (another replica, an expiry) ends the
//   watch within seconds, as UNAUTHENTICATED;
// - one user holds at most four watches: a fifth ends their oldest, and the others go on.
// Before, a watch checked its session once, when it opened, and then showed the results of its
// old stores for as long as it stayed open.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {

constexpr char kSiteA[] = "honcho";
constexpr char kSiteB[] = "ekimae";
constexpr char kPassword[] = "Watch-2026-pass";

// One open watch. It reads on demand; a watch left open is cancelled when it goes.
class Watcher {
 public:
  Watcher(v1::ConsoleService::Stub& stub, const std::string& token) {
    hq::Authorize(&ctx_, token);  // with the fixture's call deadline: a test cannot hang
    reader_ = stub.Watch(&ctx_, v1::WatchRequest());
    reader_->WaitForInitialMetadata();  // subscribed
  }
  ~Watcher() {
    if (ended_) return;
    ctx_.TryCancel();
    (void)reader_->Finish();
  }
  // Reads until the result `check_id` arrives (true) or the watch ends (false); every result
  // read on the way is kept in seen().
  bool Receives(const std::string& check_id) {
    v1::WatchEvent e;
    while (!ended_ && reader_->Read(&e)) {
      if (!e.has_result()) continue;
      seen_.push_back(e.result().check_id());
      if (e.result().check_id() == check_id) return true;
    }
    End();
    return false;
  }
  // Reads to the end of the watch; its status.
  grpc::Status Ended() {
    v1::WatchEvent e;
    while (!ended_ && reader_->Read(&e)) {
      if (e.has_result()) seen_.push_back(e.result().check_id());
    }
    End();
    return status_;
  }
  bool Saw(const std::string& check_id) const {
    return std::find(seen_.begin(), seen_.end(), check_id) != seen_.end();
  }

 private:
  void End() {
    if (ended_) return;
    ended_ = true;
    status_ = reader_->Finish();
  }
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<v1::WatchEvent>> reader_;
  std::vector<std::string> seen_;
  bool ended_ = false;
  grpc::Status status_;
};

class WatchSessionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-watch");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSiteA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ASSERT_TRUE(
        rig_->Cli({"site", "add"}, {"--id", kSiteB, "--name", "駅前薬局", "--auto-approve"}).ok());
    stub_ = v1::ConsoleService::NewStub(hq::HqChannel(*rig_)).release();
    for (const char* site : {kSiteA, kSiteB}) {
      auto t = hq::EnrollTerminal(*rig_, site);
      ASSERT_TRUE(t.ok()) << t.error().ToString();
      auto s = hq::TerminalStream::Open(*rig_, *t);
      ASSERT_TRUE(s.ok()) << s.error().ToString();
      streams_.push_back(s->release());
    }
  }
  static void TearDownTestSuite() {
    for (auto* s : streams_) delete s;
    streams_.clear();
    delete stub_;
    delete rig_;
    RemoveTree(dir_);
  }

  // A result stored and acknowledged at `site`'s terminal; its check id.
  static std::string StoreResult(const char* site) {
    const size_t i = std::string(site) == kSiteA ? 0 : 1;
    auto batch = hq::MakeResults(++sequences_[i], 1);
    auto acked = streams_[i]->Send(batch);
    EXPECT_TRUE(acked.ok() && *acked == sequences_[i]);
    return batch.results(0).check_id();
  }
  static std::string Login(const std::string& login, const std::string& password) {
    auto token = hq::ConsoleLogin(*stub_, login, password);
    EXPECT_TRUE(token.ok()) << token.error().ToString();
    return token.ok() ? *token : "";
  }
  static std::string Sql(const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    return r.ok() ? *r : "error: " + r.error().ToString();
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* stub_ = nullptr;
  static inline std::vector<hq::TerminalStream*> streams_;
  static inline uint64_t sequences_[2] = {0, 0};
};

TEST_F(WatchSessionsTest, ALogoutEndsThatSessionsWatchAtOnceAndNotTheOther) {
  const std::string first = Login("admin", kAdminPassword);
  const std::string second = Login("admin", kAdminPassword);
  Watcher logged_out(*stub_, first);
  Watcher still_in(*stub_, second);

  grpc::ClientContext ctx;
  hq::Authorize(&ctx, first);
  v1::LogoutResponse bye;
  ASSERT_TRUE(stub_->Logout(&ctx, v1::LogoutRequest(), &bye).ok());
  const std::string after = StoreResult(kSiteA);

  EXPECT_TRUE(still_in.Receives(after));
  const grpc::Status ended = logged_out.Ended();
  EXPECT_NE(ended.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << "it stayed open";
  EXPECT_FALSE(logged_out.Saw(after)) << "a result stored after the logout reached its watch";
}

TEST_F(WatchSessionsTest, AManagerMovedToAnotherStoreStopsSeeingTheOldOneAtOnce) {
  ASSERT_TRUE(hq::AddUser(*rig_, "tencho", "branch_manager", kSiteA, kPassword).ok());
  const std::string manager = Login("tencho", kPassword);
  const std::string admin = Login("admin", kAdminPassword);
  Watcher before(*stub_, manager);
  const std::string seen = StoreResult(kSiteA);
  ASSERT_TRUE(before.Receives(seen));

  v1::UpdateUserRequest move;
  move.set_user_id(Sql("SELECT user_id FROM users WHERE login = 'tencho'"));
  move.add_site_ids(kSiteB);
  move.mutable_update_mask()->add_paths("site_ids");
  grpc::ClientContext ctx;
  hq::Authorize(&ctx, admin);
  v1::User moved;
  ASSERT_TRUE(stub_->UpdateUser(&ctx, move, &moved).ok());
  const std::string old_store = StoreResult(kSiteA);
  EXPECT_NE(before.Ended().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_FALSE(before.Saw(old_store)) << "the old store's result reached the moved manager";

  // The console opens its watch again with the same session: the new store only.
  Watcher after(*stub_, manager);
  const std::string old_again = StoreResult(kSiteA);
  const std::string new_store = StoreResult(kSiteB);
  EXPECT_TRUE(after.Receives(new_store));
  EXPECT_FALSE(after.Saw(old_again));
}

TEST_F(WatchSessionsTest, ASessionEndedElsewhereEndsTheWatchWithinSeconds) {
  ASSERT_TRUE(hq::AddUser(*rig_, "uketsuke", "staff", kSiteA, kPassword).ok());
  const std::string staff = Login("uketsuke", kPassword);
  Watcher watcher(*stub_, staff);
  const std::string first = StoreResult(kSiteA);
  ASSERT_TRUE(watcher.Receives(first));
  // As another replica's logout does: the session row goes, this replica is not told.
  ASSERT_EQ(Sql("WITH gone AS (DELETE FROM sessions WHERE user_id = (SELECT user_id FROM users "
                "WHERE login = 'uketsuke') RETURNING 1) SELECT count(*) FROM gone"),
            "1");
  EXPECT_EQ(watcher.Ended().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(WatchSessionsTest, AFifthWatchOfOneUserEndsTheOldestAndTheOthersGoOn) {
  ASSERT_TRUE(hq::AddUser(*rig_, "honbu", "hq_admin", "", kPassword).ok());
  const std::string token = Login("honbu", kPassword);
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < 5; ++i) watchers.push_back(std::make_unique<Watcher>(*stub_, token));
  EXPECT_EQ(watchers[0]->Ended().error_code(), grpc::StatusCode::CANCELLED);
  const std::string next = StoreResult(kSiteB);
  for (int i = 1; i < 5; ++i) EXPECT_TRUE(watchers[i]->Receives(next)) << "watch " << i;
  // Another user's watch is not theirs to end.
  const std::string admin = Login("admin", kAdminPassword);
  Watcher other(*stub_, admin);
  watchers.push_back(std::make_unique<Watcher>(*stub_, token));
  const std::string later = StoreResult(kSiteB);
  EXPECT_TRUE(other.Receives(later));
}

}  // namespace
}  // namespace kakunin::testing
