// The branch manager's one-time 目視確認 (issue 19) through the real programs: HQ's policy says
// PIN with no local switch; the visual check is refused at the counter until a manager grants
// one from the console; the grant reaches the running daemon on its stream, a check the
// eligibility service could not answer leaves it, one visual check of the real card uses it, a
// second use is refused, and HQ's audit log holds the grant (who, why)
// and the check that used it.

#include <fstream>
#include <iterator>

#include "kakunin/v1/console.grpc.pb.h"
#include "tests/agent/daemon_card_fixture.h"
#include "tests/harness/test_terminal.h"

namespace kakunin::testing {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST_F(DaemonCard, ManagersOneTimeVisualAllowanceIsUsedOnceAndAudited) {
  // HQ: PIN for 本町薬局, no switching at the counter.
  ASSERT_TRUE(rig_->Cli({"site", "add"}, {"--id", "honcho", "--name", "本町薬局", "--code",
                                          "1341234566", "--auto-approve", "--default-mode", "pin"})
                  .ok());
  // The running daemon gets the new policy (on its stream, or when it reconnects).
  auto status = agent_->WaitStatus(
      [](const auto& s) {
        return s.connected() && s.config().default_mode() == v1::IDENTITY_MODE_PIN;
      },
      kLong);
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  const std::string device_id = status->device_id();
  ASSERT_FALSE(device_id.empty());

  InsertCard();
  v1::CheckResult result;
  auto refused = agent_->RunCheck(Visual(), &result);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(refused.error_message().find("mode.override_not_allowed"), std::string::npos)
      << refused.error_message();

  // HQ's administrator makes the store's manager; the manager grants one visual check from the
  // console.
  std::string ca;
  {
    std::ifstream in(rig_->ca_path());
    ca.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto console = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca));
  auto login_as = [&](const std::string& name, const std::string& password) {
    v1::LoginRequest login;
    login.set_login(name);
    login.set_password(password);
    v1::LoginResponse session;
    grpc::ClientContext ctx;
    EXPECT_TRUE(console->Login(&ctx, login, &session).ok()) << name;
    return session.session_token();
  };
  {
    v1::CreateUserRequest req;
    req.set_login("tencho");
    req.set_display_name("本町 店長");
    req.set_password("Tencho2026x");
    req.set_role(v1::ROLE_BRANCH_MANAGER);
    req.add_site_ids("honcho");
    v1::User user;
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + login_as("admin", kAdminPassword));
    auto s = console->CreateUser(&ctx, req, &user);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::LoginResponse session;
  session.set_session_token(login_as("tencho", "Tencho2026x"));
  v1::GrantVisualAllowanceRequest grant;
  grant.set_device_id(device_id);
  grant.set_reason("暗証番号ロックのため店長が本人確認書類で確認");
  v1::VisualAllowanceRecord granted;
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + session.session_token());
    auto s = console->GrantVisualAllowance(&ctx, grant, &granted);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_FALSE(granted.allowance_id().empty());

  // It reaches the daemon live; one visual check uses it.
  auto offered = agent_->WaitStatus(
      [&](const auto& s) { return s.visual_allowance().allowance_id() == granted.allowance_id(); },
      kLong);
  ASSERT_TRUE(offered.ok()) << offered.error().ToString();
  v1::RunCheckRequest allowed = Visual();
  allowed.set_visual_allowance_id(granted.allowance_id());

  // A check the service could not answer (it is down) does not spend it: the staff do the
  // check again without asking the manager a second time.
  RestartOqs({"--unavailable"});
  v1::CheckResult unanswered;
  auto down = agent_->RunCheck(allowed, &unanswered);
  if (down.ok()) {
    EXPECT_EQ(unanswered.outcome(), v1::OUTCOME_ERROR);
    EXPECT_EQ(unanswered.visual_allowance_id(), "");
  }
  auto still = agent_->GetStatus();
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->visual_allowance().allowance_id(), granted.allowance_id());
  RestartOqs({});

  auto used = agent_->RunCheck(allowed, &result);
  ASSERT_TRUE(used.ok()) << used.error_message();
  EXPECT_EQ(result.outcome(), v1::OUTCOME_ELIGIBLE);
  EXPECT_EQ(result.mode(), v1::IDENTITY_MODE_VISUAL);
  EXPECT_EQ(result.visual_allowance_id(), granted.allowance_id());

  // Once only.
  v1::CheckResult again;
  auto second = agent_->RunCheck(allowed, &again);
  EXPECT_EQ(second.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << second.error_message();

  // HQ: the result is stored, and the audit log holds the grant (by tencho, with the reason)
  // and the check that used the allowance.
  ASSERT_TRUE(
      agent_
          ->WaitStatus([](const auto& s) { return s.connected() && s.outbox_depth() == 0; }, kLong)
          .ok());
  auto stored = rig_->pg().Psql(
      "kakunin", "SELECT mode FROM check_results WHERE check_id = '" + result.check_id() + "'");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(Trim(*stored), std::to_string(v1::IDENTITY_MODE_VISUAL));
  auto audit =
      rig_->pg().Psql("kakunin",
                      "SELECT event || '|' || actor || '|' || (details LIKE '%暗証番号ロック%') "
                      "FROM audit_log WHERE subject = '" +
                          granted.allowance_id() + "' OR details LIKE '%" + granted.allowance_id() +
                          "%' ORDER BY seq");
  ASSERT_TRUE(audit.ok());
  EXPECT_NE(audit->find("visual_allowance.granted|user:tencho|t"), std::string::npos) << *audit;
  EXPECT_NE(audit->find("check.result|device:" + device_id), std::string::npos) << *audit;
}

}  // namespace
}  // namespace kakunin::testing
