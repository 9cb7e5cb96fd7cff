// The branch manager's one-time 目視確認 (issue 19) against a real kakunin-server and PostgreSQL.
// Two stores, 本町 (honcho, A) and 駅前 (ekimae, B); a terminal of A with its stream open. The
// test proves that:
// - A's branch manager grants one for A's terminal: recorded in the audit trail with who and
//   why, lapsing 15 minutes later, and delivered live on the terminal's stream;
// - staff, auditors and B's branch manager are refused (and leave nothing behind); bad reasons
//   are refused with a Japanese sentence;
// - the check that uses it is linked to it (allowance ↔ check id, and the check.result audit
//   record names it); a second use is refused and audited, and the result is still kept;
// - an expired or replaced allowance is refused, and no longer sent to the terminal.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <map>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

using grpc::StatusCode;
constexpr char kA[] = "honcho";
constexpr char kB[] = "ekimae";
constexpr char kPassword[] = "Kakunin2026";
constexpr char kReason[] = "暗証番号ロック。顔写真で本人確認済み（店長 佐藤）";

class VisualAllowanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-allowance");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ASSERT_TRUE(
        rig_->Cli({"site", "add"}, {"--id", kB, "--name", "駅前薬局", "--auto-approve"}).ok());
    struct NewUser {
      const char* login;
      const char* role;
      const char* site;
      const char* name;
    };
    for (const NewUser& u : {NewUser{"manager-a", "branch_manager", kA, "佐藤 店長"},
                             NewUser{"manager-b", "branch_manager", kB, "鈴木 店長"},
                             NewUser{"staff-a", "staff", kA, "受付 田中"},
                             NewUser{"auditor", "auditor", "", "監査 山本"}}) {
      auto r = AddUser(*rig_, u.login, u.role, u.site, kPassword, u.name);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
    }
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    for (const char* login : {"admin", "manager-a", "manager-b", "staff-a", "auditor"}) {
      auto t = ConsoleLogin(*console_, login, kPassword);
      ASSERT_TRUE(t.ok()) << login << ": " << t.error().ToString();
      tokens_[login] = *t;
    }
    auto t = EnrollTerminal(*rig_, kA);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    a1_ = *t;
    auto stream = TerminalStream::Open(*rig_, a1_);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    stream_ = stream->release();
  }

  static void TearDownTestSuite() {
    delete stream_;
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static grpc::Status Grant(const std::string& who, const std::string& device_id,
                            const std::string& reason, v1::VisualAllowanceRecord* out = nullptr) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::GrantVisualAllowanceRequest req;
    req.set_device_id(device_id);
    req.set_reason(reason);
    v1::VisualAllowanceRecord ignored;
    return console_->GrantVisualAllowance(&ctx, req, out ? out : &ignored);
  }

  static std::vector<v1::VisualAllowanceRecord> List(const std::string& who) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::ListVisualAllowancesRequest req;
    v1::ListVisualAllowancesResponse resp;
    auto s = console_->ListVisualAllowances(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << who << ": " << s.error_message();
    return {resp.allowances().begin(), resp.allowances().end()};
  }

  static std::string StateOf(const std::string& allowance_id) {
    for (const auto& a : List("admin")) {
      if (a.allowance_id() == allowance_id) return a.state();
    }
    return "missing";
  }

  // Allowance `id` as the terminal's stream delivers it (acks, heads and earlier allowances in
  // between are skipped: a grant is pushed by the granting replica and again by the listener).
  static v1::VisualAllowance Delivered(const std::string& id) {
    auto m = stream_->ReadUntil([&](const v1::ServerMessage& m) {
      return m.has_visual_allowance() && m.visual_allowance().allowance_id() == id;
    });
    EXPECT_TRUE(m.ok()) << m.error().ToString();
    return m.ok() ? m->visual_allowance() : v1::VisualAllowance();
  }

  // One 目視確認 result naming `allowance_id`, stored and acknowledged; its check id.
  static std::string CheckWith(const std::string& allowance_id) {
    auto batch = MakeResults(next_seq_, 1);
    auto* r = batch.mutable_results(0);
    r->set_mode(v1::IDENTITY_MODE_VISUAL);
    r->set_source(v1::CHECK_SOURCE_CARD);
    r->set_visual_allowance_id(allowance_id);
    auto ack = stream_->Send(batch);
    EXPECT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(ack.ok() ? *ack : 0, next_seq_);
    ++next_seq_;
    return r->check_id();
  }

  static std::string Psql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "";
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
  static inline Terminal a1_;
  static inline TerminalStream* stream_ = nullptr;
  static inline uint64_t next_seq_ = 1;
};

TEST_F(VisualAllowanceTest, ManagerGrantsOnceAuditedAndDeliveredLive) {
  v1::VisualAllowanceRecord rec;
  auto s = Grant("manager-a", a1_.device_id, kReason, &rec);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(rec.device_id(), a1_.device_id);
  EXPECT_EQ(rec.site_id(), kA);
  EXPECT_EQ(rec.reason(), kReason);
  EXPECT_EQ(rec.granted_by(), "user:manager-a");
  EXPECT_EQ(rec.granted_by_name(), "佐藤 店長");
  EXPECT_EQ(rec.state(), "open");
  EXPECT_EQ(rec.expires_at().seconds() - rec.granted_at().seconds(), 15 * 60);

  // The terminal hears it on its open stream, with the words the counter shows.
  const v1::VisualAllowance live = Delivered(rec.allowance_id());
  EXPECT_EQ(live.allowance_id(), rec.allowance_id());
  EXPECT_EQ(live.reason(), kReason);
  EXPECT_EQ(live.granted_by(), "佐藤 店長");
  EXPECT_GT(live.seconds_left(), 14u * 60);
  EXPECT_LE(live.seconds_left(), 15u * 60);

  // Who and why, in the audit trail.
  EXPECT_EQ(Psql("SELECT actor || '|' || site_id || '|' || device_id || '|' || "
                 "(details::json->>'reason') FROM audit_log WHERE event = "
                 "'visual_allowance.granted' AND subject = '" +
                 rec.allowance_id() + "'"),
            "user:manager-a|honcho|" + a1_.device_id + "|" + kReason);
  // The manager sees it in their list; staff may not list.
  bool listed = false;
  for (const auto& a : List("manager-a")) listed |= a.allowance_id() == rec.allowance_id();
  EXPECT_TRUE(listed);
  EXPECT_TRUE(List("manager-b").empty());
}

TEST_F(VisualAllowanceTest, StaffAuditorsAndOtherStoresManagerAreRefused) {
  const std::string before = Psql("SELECT count(*) FROM visual_allowances");
  for (const char* who : {"staff-a", "auditor", "manager-b"}) {
    auto s = Grant(who, a1_.device_id, kReason);
    EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED) << who << ": " << s.error_message();
  }
  // Bad reasons: refused with the reason id and a Japanese sentence (broken UTF-8 never gets
  // past gRPC's parsing; 外字 in the private-use area does).
  struct Bad {
    std::string reason;
    const char* id;
    const char* words;
  };
  for (const Bad& b : {Bad{"", "allowance.reason_empty", "理由を入力"},
                       Bad{"ロック\n確認済み", "allowance.reason_control", "改行"},
                       Bad{"急", "allowance.reason_too_short", "2 文字以上"},
                       Bad{"ロック\xEE\x80\x80", "allowance.reason_encoding", "読めない文字"},
                       Bad{std::string(201, 'x'), "allowance.reason_too_long", "200 文字以内"}}) {
    auto s = Grant("manager-a", a1_.device_id, b.reason);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << b.id;
    EXPECT_NE(s.error_message().find(b.id), std::string::npos) << s.error_message();
    EXPECT_NE(s.error_message().find(b.words), std::string::npos) << s.error_message();
  }
  auto unknown = Grant("admin", "no-such-terminal", kReason);
  EXPECT_EQ(unknown.error_code(), StatusCode::NOT_FOUND) << unknown.error_message();
  // A branch manager cannot tell another store's terminal from none: the same answer.
  auto none = Grant("manager-b", "no-such-terminal", kReason);
  auto theirs = Grant("manager-b", a1_.device_id, kReason);
  EXPECT_EQ(none.error_code(), StatusCode::PERMISSION_DENIED) << none.error_message();
  EXPECT_EQ(theirs.error_code(), none.error_code());
  EXPECT_EQ(theirs.error_message(), none.error_message());
  // Nothing recorded by any refusal.
  EXPECT_EQ(Psql("SELECT count(*) FROM visual_allowances"), before);
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'visual_allowance.granted' AND "
                 "actor IN ('user:staff-a', 'user:auditor', 'user:manager-b')"),
            "0");
}

TEST_F(VisualAllowanceTest, OneCheckUsesItLinkedAndASecondUseIsRefused) {
  v1::VisualAllowanceRecord rec;
  ASSERT_TRUE(Grant("admin", a1_.device_id, "暗証番号ロック、本部が許可", &rec).ok());
  ASSERT_EQ(Delivered(rec.allowance_id()).allowance_id(), rec.allowance_id());

  const std::string first = CheckWith(rec.allowance_id());
  EXPECT_EQ(StateOf(rec.allowance_id()), "used");
  EXPECT_EQ(Psql("SELECT used_check_id FROM visual_allowances WHERE allowance_id = '" +
                 rec.allowance_id() + "'"),
            first);
  EXPECT_EQ(Psql("SELECT (details::json->>'visual_allowance') || '|' || "
                 "(details::json->>'visual_allowance_use') FROM audit_log WHERE event = "
                 "'check.result' AND subject = '" +
                 first + "'"),
            rec.allowance_id() + "|accepted");

  // A second check naming it: stored (it happened), but the use is refused and audited.
  const std::string second = CheckWith(rec.allowance_id());
  EXPECT_EQ(Psql("SELECT count(*) FROM check_results WHERE check_id = '" + second + "'"), "1");
  EXPECT_EQ(Psql("SELECT details::json->>'visual_allowance_use' FROM audit_log WHERE event = "
                 "'visual_allowance.refused' AND subject = '" +
                 second + "'"),
            "already_used");
  EXPECT_EQ(Psql("SELECT used_check_id FROM visual_allowances WHERE allowance_id = '" +
                 rec.allowance_id() + "'"),
            first);
}

// One message naming one allowance twice and hundreds that do not exist (a broken or hostile
// terminal): the first use is accepted, the second finds it used, the made-up ones are unknown;
// all are decided in two statements (a SELECT … FOR UPDATE of every id named, one UPDATE of the
// accepted), where each once took a round trip of its own inside the commit other branches
// share.
TEST_F(VisualAllowanceTest, OneMessageNamingItTwiceAndMadeUpIdsIsDecidedInOrder) {
  v1::VisualAllowanceRecord rec;
  ASSERT_TRUE(Grant("admin", a1_.device_id, "暗証番号ロック、本部が許可", &rec).ok());
  ASSERT_EQ(Delivered(rec.allowance_id()).allowance_id(), rec.allowance_id());
  constexpr int kMadeUp = 300;
  auto batch = MakeResults(next_seq_, 2 + kMadeUp);
  for (int i = 0; i < batch.results_size(); ++i) {
    auto* r = batch.mutable_results(i);
    r->set_mode(v1::IDENTITY_MODE_VISUAL);
    r->set_source(v1::CHECK_SOURCE_CARD);
    char made_up[40];
    std::snprintf(made_up, sizeof made_up, "0000a110-0000-4000-8000-%012d", i);
    r->set_visual_allowance_id(i < 2 ? rec.allowance_id() : std::string(made_up));
  }
  auto ack = stream_->Send(batch);
  ASSERT_TRUE(ack.ok()) << ack.error().ToString();
  next_seq_ += 2 + kMadeUp;
  EXPECT_EQ(*ack, next_seq_ - 1);
  const std::string first = batch.results(0).check_id(), second = batch.results(1).check_id();
  EXPECT_EQ(Psql("SELECT used_check_id FROM visual_allowances WHERE allowance_id = '" +
                 rec.allowance_id() + "'"),
            first);
  EXPECT_EQ(Psql("SELECT details::json->>'visual_allowance_use' FROM audit_log WHERE event = "
                 "'check.result' AND subject = '" +
                 first + "'"),
            "accepted");
  EXPECT_EQ(Psql("SELECT details::json->>'visual_allowance_use' FROM audit_log WHERE event = "
                 "'visual_allowance.refused' AND subject = '" +
                 second + "'"),
            "already_used");
  std::string ids;
  for (int i = 2; i < batch.results_size(); ++i) {
    ids += (ids.empty() ? "'" : ",'") + batch.results(i).check_id() + "'";
  }
  EXPECT_EQ(Psql("SELECT count(*) || '|' || string_agg(DISTINCT details::json->>"
                 "'visual_allowance_use', ',') FROM audit_log WHERE event = "
                 "'visual_allowance.refused' AND subject IN (" +
                 ids + ")"),
            std::to_string(kMadeUp) + "|unknown");
  EXPECT_EQ(StateOf(rec.allowance_id()), "used");
}

TEST_F(VisualAllowanceTest, ExpiredAndReplacedAllowancesAreRefused) {
  v1::VisualAllowanceRecord old_rec, new_rec, late_rec;
  ASSERT_TRUE(Grant("manager-a", a1_.device_id, "一回目の許可", &old_rec).ok());
  ASSERT_EQ(Delivered(old_rec.allowance_id()).allowance_id(), old_rec.allowance_id());
  // A newer grant replaces the unused one; the terminal gets the new one.
  ASSERT_TRUE(Grant("manager-a", a1_.device_id, "二回目の許可", &new_rec).ok());
  ASSERT_EQ(Delivered(new_rec.allowance_id()).allowance_id(), new_rec.allowance_id());
  EXPECT_EQ(StateOf(old_rec.allowance_id()), "replaced");
  EXPECT_EQ(Psql("SELECT details::json->'replaces'->>0 FROM audit_log WHERE event = "
                 "'visual_allowance.granted' AND subject = '" +
                 new_rec.allowance_id() + "'"),
            old_rec.allowance_id());
  const std::string with_old = CheckWith(old_rec.allowance_id());
  EXPECT_EQ(Psql("SELECT details::json->>'visual_allowance_use' FROM audit_log WHERE event = "
                 "'visual_allowance.refused' AND subject = '" +
                 with_old + "'"),
            "replaced");

  // Twenty minutes pass unused (moved in the database: the rule itself is table-tested in
  // common/domain): it lapses, and a check made now with it is refused.
  ASSERT_EQ(Psql("UPDATE visual_allowances SET granted_at = granted_at - interval '20 minutes', "
                 "expires_at = expires_at - interval '20 minutes' WHERE allowance_id = '" +
                 new_rec.allowance_id() + "' RETURNING 1"),
            "1");
  EXPECT_EQ(StateOf(new_rec.allowance_id()), "expired");
  const std::string late = CheckWith(new_rec.allowance_id());
  EXPECT_EQ(Psql("SELECT details::json->>'visual_allowance_use' FROM audit_log WHERE event = "
                 "'visual_allowance.refused' AND subject = '" +
                 late + "'"),
            "expired");
  EXPECT_EQ(Psql("SELECT count(*) FROM visual_allowances WHERE used_check_id IS NOT NULL AND "
                 "allowance_id IN ('" +
                 old_rec.allowance_id() + "', '" + new_rec.allowance_id() + "')"),
            "0");

  // A reconnecting terminal gets only a usable allowance: the next one granted, not the
  // expired or replaced ones (the first allowance it reads after its welcome).
  ASSERT_TRUE(Grant("manager-a", a1_.device_id, "三回目の許可", &late_rec).ok());
  auto fresh = TerminalStream::Open(*rig_, a1_);
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  auto m = (*fresh)->ReadUntil([](const v1::ServerMessage& m) { return m.has_visual_allowance(); });
  ASSERT_TRUE(m.ok()) << m.error().ToString();
  EXPECT_EQ(m->visual_allowance().allowance_id(), late_rec.allowance_id());
}

// (Last of the suite: it spends manager-a's minute.) A branch manager's script granting again and
// again is held at 60 changes a minute (each wakes every replica's live feed and takes the audit
// lock ingest shares); other users are not held.
TEST_F(VisualAllowanceTest, AManagerLoopingGrantsIsHeldAtSixtyAMinute) {
  int granted = 0;
  grpc::Status refused;
  for (int i = 0; i < 70 && refused.ok(); ++i) {
    refused = Grant("manager-a", a1_.device_id, "繰り返し");
    granted += refused.ok();
  }
  EXPECT_LE(granted, 60);
  EXPECT_GE(granted, 50);  // the suite's earlier grants of this minute count too
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message().rfind("console.too_many_changes:", 0), 0u)
      << refused.error_message();
  EXPECT_TRUE(Grant("admin", a1_.device_id, "本部から").ok());
}
}  // namespace
}  // namespace kakunin::testing::hq
