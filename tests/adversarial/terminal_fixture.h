#pragma once
// The fixture of the adversarial terminal tests: one real kakunin-server and PostgreSQL for the
// suite, terminals enrolled with real device certificates (tests/harness/test_terminal.h).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {

class TerminalInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-adversarial");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ca_ = hq::ReadFile(rig_->ca_path());
  }
  static void TearDownTestSuite() {
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static TestTerminal NewTerminal() {
    auto token = rig_->IssueToken("honcho");
    EXPECT_TRUE(token.ok());
    auto t = TestTerminal::Enroll(rig_->address(), ca_, *token);
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    return *t;
  }

  static std::string Sql(const std::string& sql) {
    auto r = rig_->pg().PsqlRow("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : "";
  }

  // A stream of `t`'s to the server, open (null when it would not open: the caller asserts).
  static std::unique_ptr<TerminalStream> Opened(const TestTerminal& t) {
    auto s = t.Connect(rig_->address());
    return s->Open() ? std::move(s) : nullptr;
  }

  // Sends `results` and reads until `through` is acknowledged; a failure says what the stream
  // answered instead.
  static ::testing::AssertionResult Acked(TerminalStream& s,
                                          const std::vector<v1::CheckResult>& results,
                                          uint64_t through) {
    if (!s.Send(results)) return ::testing::AssertionFailure() << "the stream took no message";
    auto ack = s.WaitAck(through);
    if (!ack.ok()) return ::testing::AssertionFailure() << ack.error().ToString();
    if (*ack != through) {
      return ::testing::AssertionFailure() << "acknowledged " << *ack << ", not " << through;
    }
    return ::testing::AssertionSuccess();
  }

  static std::string RejectReason(const TerminalStream& s, uint64_t seq) {
    for (const auto& r : s.rejects()) {
      if (r.sequence() == seq) return r.reason();
    }
    return "";
  }

  static inline std::string dir_, ca_;
  static inline ServerRig* rig_ = nullptr;
};

}  // namespace kakunin::testing
