#pragma once
// The fixture of the console's role tests (role_matrix_test.cpp, role_scope_test.cpp): a real
// kakunin-server and PostgreSQL with two sites, honcho (A) and ekimae (B); a branch manager and
// a staff member scoped to A, an auditor, HQ's admin, each logged in; one terminal per site
// that has streamed a result carrying a patient name, and a spare terminal per site.

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {

using grpc::StatusCode;

constexpr char kSiteA[] = "honcho";
constexpr char kSiteB[] = "ekimae";
constexpr char kPassword[] = "Kakunin2026";

// Columns of the matrix; calls run right to left so HQ's (state-changing) call comes last and a
// denied call always meets the state it would have changed.
enum Who { kHq, kManager, kAuditor, kStaff, kNobody, kWhoCount };
constexpr std::array<const char*, kWhoCount> kWhoNames = {"hq_admin", "branch_manager", "auditor",
                                                          "staff", "none"};

constexpr StatusCode OK = StatusCode::OK;
constexpr StatusCode DENY = StatusCode::PERMISSION_DENIED;
constexpr StatusCode UNAUTH = StatusCode::UNAUTHENTICATED;
constexpr StatusCode UNIMPL = StatusCode::UNIMPLEMENTED;
constexpr StatusCode BAD = StatusCode::INVALID_ARGUMENT;
constexpr StatusCode NOTFOUND = StatusCode::NOT_FOUND;

inline std::string CodeName(StatusCode c) {
  switch (c) {
    case StatusCode::OK:
      return "OK";
    case StatusCode::PERMISSION_DENIED:
      return "DENY";
    case StatusCode::UNAUTHENTICATED:
      return "UNAUTH";
    case StatusCode::UNIMPLEMENTED:
      return "UNIMPL";
    case StatusCode::INVALID_ARGUMENT:
      return "BAD";
    case StatusCode::NOT_FOUND:
      return "NOTFOUND";
    default:
      return "code" + std::to_string(static_cast<int>(c));
  }
}

struct Row {
  std::string rpc;
  std::string target;  // "A", "B" or "-"
  std::function<grpc::Status(const std::string& token)> call;
  std::array<StatusCode, kWhoCount> want;
  bool implemented = true;
};

template <typename Req, typename Resp>
using Unary = grpc::Status (v1::ConsoleService::Stub::*)(grpc::ClientContext*, const Req&, Resp*);

class RoleFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-roles");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSiteA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    auto b = rig_->Cli({"site", "add"}, {"--id", kSiteB, "--name", "駅前薬局", "--auto-approve"});
    ASSERT_TRUE(b.ok()) << b.error().ToString();
    struct NewUser {
      Who who;
      const char* login;
      const char* role;
    };
    for (const NewUser& u :
         {NewUser{kManager, "manager-a", "branch_manager"}, NewUser{kAuditor, "auditor", "auditor"},
          NewUser{kStaff, "staff-a", "staff"}}) {
      std::vector<std::string> opts = {"--login", u.login, "--role", u.role, "--password-stdin"};
      // Only branch roles are scoped; an auditor's scope is the whole chain.
      if (u.who != kAuditor) opts.insert(opts.end(), {"--sites", kSiteA});
      auto r = rig_->Cli({"admin", "create"}, opts, std::string(kPassword) + "\n");
      ASSERT_TRUE(r.ok()) << r.error().ToString();
      logins_[u.who] = u.login;
    }
    logins_[kHq] = "admin";  // created by the rig

    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    for (int w = 0; w < kNobody; ++w) {
      auto t = ConsoleLogin(*console_, logins_[w], kPassword);
      ASSERT_TRUE(t.ok()) << logins_[w] << ": " << t.error().ToString();
      tokens_[w] = *t;
    }

    // Data to scope: a terminal per site with one result each, plus one spare per site that
    // the matrix revokes.
    for (auto [site, t] : {std::pair{kSiteA, &a1_}, std::pair{kSiteB, &b1_},
                           std::pair{kSiteA, &a2_}, std::pair{kSiteB, &b2_}}) {
      auto e = EnrollTerminal(*rig_, site);
      ASSERT_TRUE(e.ok()) << e.error().ToString();
      *t = *e;
    }
    for (auto [t, s] : {std::pair{&a1_, &a1_stream_}, std::pair{&b1_, &b1_stream_}}) {
      auto opened = TerminalStream::Open(*rig_, *t);
      ASSERT_TRUE(opened.ok()) << opened.error().ToString();
      *s = opened->release();
    }
    ASSERT_NE(SendOne(a1_stream_, &next_seq_a_), "");
    ASSERT_NE(SendOne(b1_stream_, &next_seq_b_), "");
  }

  static void TearDownTestSuite() {
    delete a1_stream_;
    delete b1_stream_;
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  // One fresh result from an open stream, stored and acknowledged; its check id ("" on failure).
  static std::string SendOne(TerminalStream* s, uint64_t* next_seq) {
    uint64_t seq = (*next_seq)++;
    auto batch = MakeResults(seq, 1);
    auto ack = s->Send(batch);
    EXPECT_TRUE(ack.ok()) << ack.error().ToString();
    EXPECT_EQ(ack.ok() ? *ack : 0, seq);
    return ack.ok() && *ack == seq ? batch.results(0).check_id() : "";
  }

  template <typename Req, typename Resp>
  static grpc::Status Call(Unary<Req, Resp> method, const std::string& token, const Req& req,
                           Resp* resp = nullptr) {
    Resp ignored;
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    return (console_->*method)(&ctx, req, resp ? resp : &ignored);
  }

  template <typename Req, typename Resp>
  static std::function<grpc::Status(const std::string&)> Bind(Unary<Req, Resp> method, Req req) {
    return [method, req](const std::string& token) { return Call<Req, Resp>(method, token, req); };
  }

  // Watch is allowed when the stream delivers an event: a result from A (which every role that
  // may watch can see) is streamed once the watch is in place.
  static grpc::Status WatchProbe(const std::string& token) {
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    auto reader = console_->Watch(&ctx, v1::WatchRequest());
    reader->WaitForInitialMetadata();
    SendOne(a1_stream_, &next_seq_a_);
    v1::WatchEvent e;
    if (!reader->Read(&e)) return reader->Finish();
    EXPECT_TRUE(e.has_result() && e.result().site_id() == kSiteA) << e.DebugString();
    ctx.TryCancel();
    (void)reader->Finish();
    return grpc::Status::OK;
  }

  static v1::Site SiteAsSaved(const std::string& site_id) {
    v1::ListSitesResponse sites;
    EXPECT_TRUE(Call(&v1::ConsoleService::Stub::ListSites, tokens_[kHq], {}, &sites).ok());
    for (const auto& s : sites.sites()) {
      if (s.site_id() == site_id) return s;
    }
    ADD_FAILURE() << "no site " << site_id;
    return {};
  }

  static std::string Psql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "";
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::array<std::string, kWhoCount> logins_, tokens_;  // tokens_[kNobody] = ""
  static inline Terminal a1_, b1_, a2_, b2_;
  static inline TerminalStream* a1_stream_ = nullptr;
  static inline TerminalStream* b1_stream_ = nullptr;
  static inline uint64_t next_seq_a_ = 1, next_seq_b_ = 1;
};

}  // namespace kakunin::testing::hq
