// HQ restored from a backup: the terminals' heads over the history after the backup can never
// match the restored chain. A restore record signed with the head key explains exactly those
// heads (signed after the backup's last record, before the restore, covering more than the
// backup held); every other head is judged as before, and a restore record that is not
// genuine, or not where the backup ended, explains nothing.
#include "common/audit/restore.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/audit/tests/test_util.h"
#include "common/audit/verifier.h"

namespace kakunin::audit {
namespace {

using testing::BuildChain;
using testing::Fields;
using testing::HeadOver;
using testing::kMinute;
using testing::kT0;
using testing::NewKey;

constexpr uint64_t kBackup = 120;                     // records the backup held
constexpr int64_t kRestoredAt = kT0 + 300 * kMinute;  // after the lost records 121..200

class RestoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = NewKey();
    ASSERT_NE(key_, nullptr);
    auto pub = crypto::PublicKeyOnly(key_.get());
    ASSERT_TRUE(pub.ok());
    pub_ = std::move(pub).value();
    lost_ = BuildChain(200);
  }

  RestoreStatement Statement(uint64_t backup_size, const EVP_PKEY* key) const {
    auto s = SignRestore(backup_size, lost_.at(backup_size - 1).hash, kT0 + 125 * kMinute,
                         kRestoredAt, KeyIdFor(key), key);
    return s.ok() ? std::move(s).value() : RestoreStatement{};
  }

  // The backup's records, the restore record (details as given), then `more` new records.
  std::vector<Record> Restored(const std::string& details, uint64_t more = 59) const {
    std::vector<Record> chain(lost_.begin(), lost_.begin() + kBackup);
    ChainAppender appender(kBackup + 1, chain.back().hash);
    Record r;
    r.at_us = kRestoredAt;
    r.event = std::string(kRestoredEvent);
    r.actor = "system";
    r.details = details;
    chain.push_back(appender.Append(r));
    for (uint64_t i = 1; i <= more; ++i) {
      Record next = Fields(1000 + i);
      next.at_us = kRestoredAt + static_cast<int64_t>(i) * kMinute;
      chain.push_back(appender.Append(next));
    }
    return chain;
  }

  SignedHead HeadAt(const std::vector<Record>& chain, uint64_t size, int64_t at_us) const {
    auto h = SignHead(size, chain.at(size - 1).hash, at_us, KeyIdFor(key_.get()), key_.get());
    return h.ok() ? std::move(h).value() : SignedHead{};
  }

  VerifyReport Run(const std::vector<Record>& chain, const std::vector<SignedHead>& heads,
                   bool heads_first) const {
    VerifyOptions o;
    o.now_us = kT0 + 10'000 * kMinute;
    o.trusted_keys[KeyIdFor(pub_.get())] = pub_.get();
    o.retain_record_hashes = !heads_first;
    Verifier v(o);
    if (heads_first) {
      for (const auto& h : heads) v.AddHead(h, "agent dev-12ab");
    }
    for (const auto& r : chain) v.AddRecord(r);
    if (!heads_first) {
      for (const auto& h : heads) v.AddHead(h, "agent dev-12ab");
    }
    return v.Finish();
  }

  // What a terminal witnessed before the restore (sizes 100, 150, 200 of the lost history) and
  // after it (size 180 of the restored chain).
  std::vector<SignedHead> Witnessed(const std::vector<Record>& restored) const {
    return {HeadOver(lost_, 100, key_.get()), HeadOver(lost_, 150, key_.get()),
            HeadOver(lost_, 200, key_.get()), HeadAt(restored, 180, kRestoredAt + 70 * kMinute)};
  }

  crypto::EvpPkeyPtr key_, pub_;
  std::vector<Record> lost_;
};

TEST_F(RestoreTest, TheLostHistorysHeadsAreSetAsideAndTheRestIsChecked) {
  const auto restored = Restored(RestoreToJson(Statement(kBackup, key_.get())));
  for (bool heads_first : {true, false}) {
    auto report = Run(restored, Witnessed(restored), heads_first);
    EXPECT_TRUE(report.ok) << report.summary;
    EXPECT_TRUE(report.findings.empty());
    EXPECT_EQ(report.heads_set_aside, 2u);
    ASSERT_EQ(report.restores.size(), 1u);
    EXPECT_TRUE(report.restores[0].verified) << report.restores[0].problem;
    EXPECT_EQ(report.restores[0].seq, kBackup + 1);
    EXPECT_EQ(report.restores[0].heads_set_aside, 2u);
    EXPECT_NE(report.summary.find("restored from a backup at record 121"), std::string::npos)
        << report.summary;
    EXPECT_NE(report.summary.find("ending at record 120"), std::string::npos) << report.summary;
    EXPECT_NE(report.summary.find("2 witnessed head(s) of that lost history were set aside"),
              std::string::npos)
        << report.summary;
    EXPECT_NE(report.summary.find("2 of 4 signed head(s) were compared"), std::string::npos)
        << report.summary;
  }
}

TEST_F(RestoreTest, WithoutTheRecordTheLostHeadsAreFindings) {
  auto restored = Restored(RestoreToJson(Statement(kBackup, key_.get())));
  // The same chain with an ordinary record where the restore record was.
  restored[kBackup].event = "user.login";
  ChainAppender appender(kBackup + 1, restored[kBackup - 1].hash);
  for (size_t i = kBackup; i < restored.size(); ++i) restored[i] = appender.Append(restored[i]);
  auto report = Run(restored, Witnessed(restored), true);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.findings_total, 2u) << report.summary;
  EXPECT_EQ(report.heads_set_aside, 0u);
  EXPECT_TRUE(report.restores.empty());
}

TEST_F(RestoreTest, ARecordThatIsNotGenuineExplainsNothing) {
  auto other = NewKey();
  ASSERT_NE(other, nullptr);
  RestoreStatement forged_signature = Statement(kBackup, key_.get());
  forged_signature.signature[0] ^= 1;
  RestoreStatement wrong_size = Statement(kBackup - 1, key_.get());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {RestoreToJson(Statement(kBackup, other.get())), "which is not trusted"},
      {RestoreToJson(forged_signature), "its signature does not verify"},
      {RestoreToJson(wrong_size), "names record 119 as the backup's last, but follows record 120"},
      {"{\"backup_size\":120}", "cannot be read"},
  };
  for (const auto& [details, problem] : cases) {
    auto report = Run(Restored(details), Witnessed(Restored(details)), false);
    EXPECT_FALSE(report.ok) << details;
    EXPECT_EQ(report.heads_set_aside, 0u) << details;
    ASSERT_EQ(report.restores.size(), 1u);
    EXPECT_FALSE(report.restores[0].verified);
    EXPECT_NE(report.restores[0].problem.find(problem), std::string::npos)
        << report.restores[0].problem;
    EXPECT_NE(report.summary.find("says the chain was restored, but"), std::string::npos)
        << report.summary;
  }
}

TEST_F(RestoreTest, OnlyHeadsSignedBetweenTheBackupAndTheRestoreAreExplained) {
  const auto restored = Restored(RestoreToJson(Statement(kBackup, key_.get())));
  // Over the lost history but dated well before the backup's last record (kT0 + 120 min): no
  // honest history has such a head.
  SignedHead too_early = HeadAt(lost_, 150, kT0 + 100 * kMinute);
  // Dated after the restore but not matching the restored chain: a rewrite after the restore.
  SignedHead after = HeadAt(lost_, 150, kRestoredAt + 10 * kMinute);
  // Within the backup: still compared, and it matches.
  SignedHead kept = HeadAt(lost_, kBackup, kT0 + 250 * kMinute);
  auto report = Run(restored, {too_early, after, kept}, true);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.heads_set_aside, 0u);
  ASSERT_EQ(report.findings.size(), 2u) << report.summary;
  EXPECT_EQ(report.findings[0].kind, FindingKind::kHeadMismatch);
  EXPECT_EQ(report.findings[1].kind, FindingKind::kHeadMismatch);
}

// `audit verify --from N` past the restore record: the server hands it over first, and the
// lost history's heads are set aside as in a whole-chain verification.
TEST_F(RestoreTest, ARangeThatStartsAfterTheRestoreStillKnowsIt) {
  const auto restored = Restored(RestoreToJson(Statement(kBackup, key_.get())));
  auto run = [&](bool told) {
    VerifyOptions o;
    o.now_us = kT0 + 10'000 * kMinute;
    o.trusted_keys[KeyIdFor(pub_.get())] = pub_.get();
    o.first_seq = 150;
    Verifier v(o);
    if (told) {
      for (const auto& r : restored) v.AddRestoreBeforeRange(r);  // only the restore record counts
    }
    for (const auto& h : Witnessed(restored)) v.AddHead(h, "agent dev-12ab");
    for (size_t i = 149; i < restored.size(); ++i) v.AddRecord(restored[i]);
    return v.Finish();
  };
  auto told = run(true);
  EXPECT_TRUE(told.ok) << told.summary;
  EXPECT_EQ(told.heads_set_aside, 2u);
  ASSERT_EQ(told.restores.size(), 1u);
  EXPECT_TRUE(told.restores[0].verified) << told.restores[0].problem;
  auto untold = run(false);
  EXPECT_FALSE(untold.ok);
  EXPECT_EQ(untold.findings_total, 2u) << untold.summary;
}

TEST_F(RestoreTest, TheStatementRoundTripsAndIsNeverAHead) {
  RestoreStatement s = Statement(kBackup, key_.get());
  ASSERT_FALSE(s.signature.empty());
  EXPECT_TRUE(VerifyRestore(s, pub_.get()).ok());
  auto back = RestoreFromJson(RestoreToJson(s));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, s);
  // The same numbers as a head do not verify as one: the tags differ.
  SignedHead as_head{s.backup_size, s.backup_root, s.restored_at_us, s.key_id, s.signature};
  EXPECT_FALSE(VerifyHead(as_head, pub_.get()).ok());
  // Strict: an extra member, or a time whose spelling does not match, is refused.
  std::string json = RestoreToJson(s);
  EXPECT_FALSE(RestoreFromJson(json.substr(0, json.size() - 1) + ",\"x\":1}").ok());
  std::string wrong_time = json;
  wrong_time.replace(wrong_time.find("2025"), 4, "2024");
  EXPECT_EQ(RestoreFromJson(wrong_time).error().reason(), "audit.json_time_mismatch");
}

}  // namespace
}  // namespace kakunin::audit
