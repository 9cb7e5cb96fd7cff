// GetFailureReport (issue 19) against a real kakunin-server and PostgreSQL. Two sites, 本町
// (honcho, A) and 駅前 (ekimae, B), each with a terminal that sends its checks over the agent's
// Connect stream, with several PC/SC reader names (two slots of one SCM model, a PaSoRi with a
// serial) and several reasons. The test proves that:
// - only card checks count, and only card/reader reasons are failures: a service timeout, an
//   eligibility answer (資格無効) and a document check are not;
// - reader names merge into models, and rates are failures / card checks per store and model;
// - the 7-day window starts at 00:00 Japan time and leaves out a check of 10 days ago, which the
//   30-day window includes;
// - branch managers see only their sites (and the models as used there), staff nothing, and bad
//   windows and limits are refused;
// - a terminal that sends a reader name of its own with every check gets a partial report (the
//   10,000 most frequent groups), not one that HQ reads whole into memory.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

using grpc::StatusCode;
constexpr char kA[] = "honcho";
constexpr char kB[] = "ekimae";
constexpr char kPassword[] = "Kakunin2026";
constexpr char kScmSlot0[] = "SCM SCR 3310 [CCID Interface] 00 00";
constexpr char kScmSlot1[] = "SCM SCR 3310 [CCID Interface] 01 00";
constexpr char kScm[] = "SCM SCR 3310";
constexpr char kPasori[] = "Sony FeliCa Port/PaSoRi 4.0 (0123456789) 00 00";
constexpr char kPasoriModel[] = "Sony FeliCa Port/PaSoRi 4.0";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Check {
  int64_t at;
  v1::CheckSource source;
  v1::Outcome outcome;
  const char* reader;
  const char* reason;
};

v1::ResultBatch Batch(const std::vector<Check>& checks) {
  auto batch = MakeResults(1, checks.size());
  for (size_t i = 0; i < checks.size(); ++i) {
    auto* r = batch.mutable_results(static_cast<int>(i));
    r->mutable_checked_at()->set_seconds(checks[i].at);
    r->set_mode(v1::IDENTITY_MODE_PIN);
    r->set_source(checks[i].source);
    r->set_outcome(checks[i].outcome);
    r->mutable_reader()->set_name(checks[i].reader);
    r->set_error_reason(checks[i].reason);
  }
  return batch;
}

// kind → count, for comparing a row's reasons regardless of ties in their order.
std::map<v1::CardFailureKind, uint64_t> Reasons(const v1::FailureReportRow& row) {
  std::map<v1::CardFailureKind, uint64_t> out;
  for (const auto& r : row.reasons()) out[r.kind()] = r.count();
  return out;
}

class FailureReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-failures");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ASSERT_TRUE(
        rig_->Cli({"site", "add"}, {"--id", kB, "--name", "駅前薬局", "--auto-approve"}).ok());
    for (auto [login, role] :
         {std::pair{"manager-a", "branch_manager"}, std::pair{"staff-a", "staff"}}) {
      auto r = AddUser(*rig_, login, role, kA, kPassword);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
    }
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    for (const char* login : {"admin", "manager-a", "staff-a"}) {
      auto t = ConsoleLogin(*console_, login, kPassword);
      ASSERT_TRUE(t.ok()) << login << ": " << t.error().ToString();
      tokens_[login] = *t;
    }
    ASSERT_NO_FATAL_FAILURE(SendChecks());
  }

  // A, an hour ago: five card checks on the SCM (both slots): one eligible, one 資格無効 (an
  // answer), one unreadable, one PIN locked, one service timeout (not the reader's fault); and
  // a document check. Ten days ago one more unreadable card. B, an hour ago: the PaSoRi fails
  // twice (unreadable, not compliant) and reads once; the SCM reads once.
  static void SendChecks() {
    const int64_t hour_ago = NowSeconds() - 3600, ten_days_ago = NowSeconds() - 10 * 86400;
    const auto kCard = v1::CHECK_SOURCE_CARD;
    const auto kOk = v1::OUTCOME_ELIGIBLE, kErr = v1::OUTCOME_ERROR;
    const auto a = Batch({
        {hour_ago, kCard, kOk, kScmSlot0, ""},
        {hour_ago, kCard, v1::OUTCOME_INELIGIBLE, kScmSlot0, ""},
        {hour_ago, kCard, kErr, kScmSlot1, "card.unreadable"},
        {hour_ago, kCard, kErr, kScmSlot0, "card.pin_locked"},
        {hour_ago, kCard, kErr, kScmSlot0, "eligibility.timeout"},
        {hour_ago, v1::CHECK_SOURCE_DOCUMENT, v1::OUTCOME_DOCUMENT_ACCEPTED, "", ""},
        {ten_days_ago, kCard, kErr, kScmSlot0, "card.unreadable"},
    });
    const auto b = Batch({
        {hour_ago, kCard, kErr, kPasori, "card.unreadable"},
        {hour_ago, kCard, kErr, kPasori, "card.reader_not_compliant"},
        {hour_ago, kCard, kOk, kPasori, ""},
        {hour_ago, kCard, kOk, kScmSlot0, ""},
    });
    for (auto [site, batch] : {std::pair{kA, &a}, std::pair{kB, &b}}) {
      auto t = EnrollTerminal(*rig_, site);
      ASSERT_TRUE(t.ok()) << t.error().ToString();
      auto stream = TerminalStream::Open(*rig_, *t);
      ASSERT_TRUE(stream.ok()) << stream.error().ToString();
      // The ack covers the whole batch: every result is stored before the report is asked.
      auto ack = (*stream)->Send(*batch);
      ASSERT_TRUE(ack.ok()) << ack.error().ToString();
      ASSERT_EQ(*ack, static_cast<uint64_t>(batch->results_size()));
      EXPECT_TRUE((*stream)->Close().ok());
    }
  }

  static void TearDownTestSuite() {
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static grpc::Status Report(const std::string& who, uint32_t days, v1::FailureReport* out,
                             uint32_t limit = 0) {
    grpc::ClientContext ctx;
    Authorize(&ctx, tokens_[who]);
    v1::GetFailureReportRequest req;
    req.set_days(days);
    req.set_limit(limit);
    return console_->GetFailureReport(&ctx, req, out);
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

TEST_F(FailureReportTest, SevenDaysByStoreAndReaderModel) {
  v1::FailureReport r;
  auto s = Report("admin", 7, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.days(), 7u);
  EXPECT_EQ(r.card_checks(), 9u);
  EXPECT_EQ(r.failures(), 4u);
  EXPECT_FALSE(r.partial());
  EXPECT_EQ(r.all_card_checks(), 9u);
  // The window opens at 00:00 Japan time (15:00 UTC), six days before today.
  EXPECT_EQ((r.from().seconds() + 9 * 3600) % 86400, 0);
  EXPECT_GT(r.to().seconds() - r.from().seconds(), 6 * 86400);
  EXPECT_LE(r.to().seconds() - r.from().seconds(), 7 * 86400);

  // Both stores failed twice; B's rate is higher, so B comes first.
  ASSERT_EQ(r.sites_size(), 2);
  EXPECT_EQ(r.sites_total(), 2u);
  const auto& b = r.sites(0);
  EXPECT_EQ(b.key(), kB);
  EXPECT_EQ(b.name(), "駅前薬局");
  EXPECT_EQ(b.card_checks(), 4u);
  EXPECT_EQ(b.failures(), 2u);
  EXPECT_DOUBLE_EQ(b.failure_rate(), 0.5);
  EXPECT_EQ(Reasons(b),
            (std::map<v1::CardFailureKind, uint64_t>{{v1::CARD_FAILURE_UNREADABLE, 1},
                                                     {v1::CARD_FAILURE_READER_NOT_COMPLIANT, 1}}));
  const auto& a = r.sites(1);
  EXPECT_EQ(a.key(), kA);
  EXPECT_EQ(a.name(), "本町薬局");
  EXPECT_EQ(a.card_checks(), 5u);  // the document check is not a card check
  EXPECT_EQ(a.failures(), 2u);     // the service timeout and 資格無効 are not failures
  EXPECT_DOUBLE_EQ(a.failure_rate(), 0.4);
  EXPECT_EQ(Reasons(a), (std::map<v1::CardFailureKind, uint64_t>{
                            {v1::CARD_FAILURE_UNREADABLE, 1}, {v1::CARD_FAILURE_PIN_LOCKED, 1}}));

  // Models: the PaSoRi failed 2 of 3; the SCM's two slots are one model, 2 of 6.
  ASSERT_EQ(r.reader_models_size(), 2);
  EXPECT_EQ(r.reader_models_total(), 2u);
  const auto& pasori = r.reader_models(0);
  EXPECT_EQ(pasori.key(), kPasoriModel);
  EXPECT_EQ(pasori.card_checks(), 3u);
  EXPECT_EQ(pasori.failures(), 2u);
  EXPECT_DOUBLE_EQ(pasori.failure_rate(), 2.0 / 3);
  EXPECT_EQ(pasori.reader_names(), 1u);
  const auto& scm = r.reader_models(1);
  EXPECT_EQ(scm.key(), kScm);
  EXPECT_EQ(scm.card_checks(), 6u);
  EXPECT_EQ(scm.failures(), 2u);
  EXPECT_EQ(scm.reader_names(), 2u);
  EXPECT_EQ(Reasons(scm), (std::map<v1::CardFailureKind, uint64_t>{
                              {v1::CARD_FAILURE_UNREADABLE, 1}, {v1::CARD_FAILURE_PIN_LOCKED, 1}}));
}

TEST_F(FailureReportTest, ThirtyDaysIncludeTheOlderFailure) {
  v1::FailureReport r;
  auto s = Report("admin", 30, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.days(), 30u);
  EXPECT_EQ((r.from().seconds() + 9 * 3600) % 86400, 0);
  EXPECT_GT(r.to().seconds() - r.from().seconds(), 29 * 86400);
  EXPECT_EQ(r.card_checks(), 10u);
  EXPECT_EQ(r.failures(), 5u);
  // A now has the most failures: 3 of 6, two of them unreadable cards (most frequent first).
  ASSERT_EQ(r.sites_size(), 2);
  EXPECT_EQ(r.sites(0).key(), kA);
  EXPECT_EQ(r.sites(0).failures(), 3u);
  EXPECT_DOUBLE_EQ(r.sites(0).failure_rate(), 0.5);
  ASSERT_GE(r.sites(0).reasons_size(), 1);
  EXPECT_EQ(r.sites(0).reasons(0).kind(), v1::CARD_FAILURE_UNREADABLE);
  EXPECT_EQ(r.sites(0).reasons(0).count(), 2u);
  ASSERT_EQ(r.reader_models_size(), 2);
  EXPECT_EQ(r.reader_models(0).key(), kScm);
  EXPECT_EQ(r.reader_models(0).card_checks(), 7u);
  EXPECT_EQ(r.reader_models(0).failures(), 3u);
}

TEST_F(FailureReportTest, BranchManagersSeeTheirSitesOnly) {
  v1::FailureReport r;
  auto s = Report("manager-a", 7, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(r.sites_size(), 1);
  EXPECT_EQ(r.sites(0).key(), kA);
  EXPECT_EQ(r.sites_total(), 1u);
  // Only the readers used at A: the PaSoRi is B's.
  ASSERT_EQ(r.reader_models_size(), 1);
  EXPECT_EQ(r.reader_models(0).key(), kScm);
  EXPECT_EQ(r.reader_models(0).card_checks(), 5u);
  EXPECT_EQ(r.card_checks(), 5u);
  EXPECT_EQ(r.failures(), 2u);
}

TEST_F(FailureReportTest, StaffAndBadRequestsAreRefused) {
  v1::FailureReport r;
  EXPECT_EQ(Report("staff-a", 7, &r).error_code(), StatusCode::PERMISSION_DENIED);
  for (uint32_t days : {0u, 1u, 14u, 31u}) {
    auto s = Report("admin", days, &r);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << days;
    EXPECT_EQ(s.error_message().rfind("failures.bad_days:", 0), 0u) << s.error_message();
  }
  EXPECT_EQ(Report("admin", 7, &r, 101).error_code(), StatusCode::INVALID_ARGUMENT);
  // The top-N cut keeps the worst row and says how many there were.
  v1::FailureReport top;
  ASSERT_TRUE(Report("admin", 30, &top, 1).ok());
  ASSERT_EQ(top.sites_size(), 1);
  EXPECT_EQ(top.sites(0).key(), kA);
  EXPECT_EQ(top.sites_total(), 2u);
  EXPECT_EQ(top.reader_models_size(), 1);
}

// One branch's terminal that names its reader anew with every check made as many groups as
// checks, each read from PostgreSQL and tallied in HQ's memory (about a gigabyte per call at a
// million): the report reads the 10,000 most frequent, says it is partial, and counts every card
// check in all_card_checks. The store's honest reader, the most frequent, stays in it whole.
TEST(FailureReportFlood, ATerminalWithEndlessReaderNamesGetsAPartialReport) {
  const std::string dir = MakeTempDir("kakunin-failure-flood");
  ::chmod(dir.c_str(), 0755);
  // 10,000 results from one terminal at once: HQ's limit per terminal is not what this measures.
  auto rig = ServerRig::Start(dir, kA, "本町薬局", {"--catchup-rate", "0"});
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  auto t = EnrollTerminal(**rig, kA);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  auto stream = TerminalStream::Open(**rig, *t);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  constexpr uint64_t kHonest = 6, kFlood = 10050, kPerBatch = 2000;
  uint64_t next = 1;
  while (next <= kHonest + kFlood) {
    const uint64_t n = std::min(kPerBatch, kHonest + kFlood + 1 - next);
    auto batch = MakeResults(next, n);
    for (auto& r : *batch.mutable_results()) {
      r.set_mode(v1::IDENTITY_MODE_PIN);
      r.set_source(v1::CHECK_SOURCE_CARD);
      if (r.sequence() <= kHonest) {  // four read, two unreadable, on the store's reader
        r.mutable_reader()->set_name(kScmSlot0);
        if (r.sequence() > 4) {
          r.set_outcome(v1::OUTCOME_ERROR);
          r.set_error_reason("card.unreadable");
        }
      } else {
        r.mutable_reader()->set_name("Reader-" + std::to_string(r.sequence()));
        r.set_outcome(v1::OUTCOME_ERROR);
        r.set_error_reason("card.unreadable");
      }
    }
    auto ack = (*stream)->Send(batch);
    ASSERT_TRUE(ack.ok()) << ack.error().ToString();
    ASSERT_EQ(*ack, next + n - 1);
    next += n;
  }
  EXPECT_TRUE((*stream)->Close().ok());

  auto console = v1::ConsoleService::NewStub(HqChannel(**rig));
  auto token = ConsoleLogin(*console, "admin", kPassword);
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  grpc::ClientContext ctx;
  Authorize(&ctx, *token);
  v1::GetFailureReportRequest req;
  req.set_days(7);
  v1::FailureReport r;
  auto s = console->GetFailureReport(&ctx, req, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(r.partial());
  EXPECT_EQ(r.all_card_checks(), kHonest + kFlood);
  // The 10,000 groups read: the honest reader's two, and 9,998 of the flood's.
  EXPECT_EQ(r.card_checks(), kHonest + 9998);
  EXPECT_EQ(r.failures(), 2 + 9998u);
  EXPECT_EQ(r.reader_models_total(), 1 + 9998u);
  ASSERT_GE(r.reader_models_size(), 1);
  EXPECT_EQ(r.reader_models(0).key(), kScm);  // the most failures of any model
  EXPECT_EQ(r.reader_models(0).card_checks(), kHonest);
  EXPECT_EQ(r.reader_models(0).failures(), 2u);
  ASSERT_EQ(r.sites_size(), 1);
  EXPECT_EQ(r.sites(0).key(), kA);
  rig->reset();
  if (!::testing::Test::HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir);
}

}  // namespace
}  // namespace kakunin::testing::hq
