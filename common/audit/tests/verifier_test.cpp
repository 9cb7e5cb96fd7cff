// Proves that each kind of tampering is reported with the right kind at the right record, that
// one edit gives one finding (no cascade), that heads catch truncation and consistent rewrites
// whatever the order they are added in, and that range verification works.
#include "common/audit/verifier.h"

#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include "common/audit/tests/test_util.h"

namespace kakunin::audit {
namespace {

using testing::BuildChain;
using testing::Fields;
using testing::HeadOver;
using testing::kMinute;
using testing::kT0;
using testing::NewKey;

using Got = std::vector<std::pair<FindingKind, uint64_t>>;

Got KindsAndSeqs(const std::vector<Finding>& findings) {
  Got out;
  for (const auto& f : findings) out.emplace_back(f.kind, f.seq);
  return out;
}

// Recomputes prev_hash and hash from chain[from] on, as an attacker who rewrites history would.
void Rehash(std::vector<Record>& chain, size_t from) {
  ChainAppender appender(chain[from].seq, from == 0 ? Bytes(kHashSize, 0) : chain[from - 1].hash);
  for (size_t i = from; i < chain.size(); ++i) chain[i] = appender.Append(chain[i]);
}

struct SourcedHead {
  SignedHead head;
  std::string source;
};

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = NewKey();
    ASSERT_NE(key_, nullptr);
    auto pub = crypto::PublicKeyOnly(key_.get());
    ASSERT_TRUE(pub.ok());
    pub_ = std::move(pub).value();
  }

  VerifyOptions Options() const {
    VerifyOptions o;
    o.now_us = kT0 + 10'000 * kMinute;
    o.trusted_keys[KeyIdFor(pub_.get())] = pub_.get();
    return o;
  }

  SourcedHead Head(const std::vector<Record>& chain, uint64_t size, std::string source = "server") {
    return {HeadOver(chain, size, key_.get()), std::move(source)};
  }

  static VerifyReport Run(const std::vector<Record>& records, const std::vector<SourcedHead>& heads,
                          VerifyOptions options, bool heads_first = false) {
    Verifier v(std::move(options));
    if (heads_first) {
      for (const auto& h : heads) v.AddHead(h.head, h.source);
    }
    for (const auto& r : records) v.AddRecord(r);
    if (!heads_first) {
      for (const auto& h : heads) v.AddHead(h.head, h.source);
    }
    return v.Finish();
  }
  VerifyReport Run(const std::vector<Record>& records,
                   const std::vector<SourcedHead>& heads = {}) const {
    return Run(records, heads, Options());
  }

  crypto::EvpPkeyPtr key_, pub_;
};

TEST_F(VerifierTest, IntactChainWithHeadsIsOk) {
  const auto chain = BuildChain(200);
  auto report = Run(chain, {Head(chain, 0), Head(chain, 1), Head(chain, 100, "agent dev-12ab"),
                            Head(chain, 200)});
  EXPECT_TRUE(report.ok) << report.summary;
  EXPECT_TRUE(report.findings.empty());
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(report.records_checked, 200u);
  EXPECT_EQ(report.first_record_seq, 1u);
  EXPECT_EQ(report.last_record_seq, 200u);
  EXPECT_EQ(report.heads_checked, 4u);
  EXPECT_EQ(report.heads_skipped, 0u);
  EXPECT_FALSE(report.first_bad_seq.has_value());
  EXPECT_NE(report.summary.find("intact"), std::string::npos) << report.summary;
  EXPECT_NE(report.summary.find("4 of 4 signed head(s) were compared"), std::string::npos)
      << report.summary;
}

TEST_F(VerifierTest, WithoutHeadsTheSummarySaysWhatCannotBeSeen) {
  auto report = Run(BuildChain(5));
  EXPECT_TRUE(report.ok);
  EXPECT_NE(report.summary.find("no signed heads"), std::string::npos) << report.summary;
}

TEST_F(VerifierTest, AnEditedFieldGivesExactlyOneFinding) {
  const std::vector<std::pair<const char*, std::function<void(Record&)>>> edits = {
      {"at_us", [](Record& r) { r.at_us += 1; }},
      {"event", [](Record& r) { r.event = "user.logout"; }},
      {"actor", [](Record& r) { r.actor = "user:mallory"; }},
      {"site_id", [](Record& r) { r.site_id = "site-999"; }},
      {"device_id", [](Record& r) { r.device_id = "dev-other"; }},
      {"subject", [](Record& r) { r.subject = "chk-forged"; }},
      {"details", [](Record& r) { r.details = "{\"n\":0}"; }},
  };
  const auto original = BuildChain(200);
  for (const auto& [name, edit] : edits) {
    auto chain = original;
    edit(chain[49]);  // record 50
    // Heads before, at and after the edit still match: the stored hashes were not touched.
    auto report = Run(chain, {Head(original, 49), Head(original, 50), Head(original, 200)});
    EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kHashMismatch, 50}})) << name;
    EXPECT_EQ(report.first_bad_seq, 50u) << name;
    EXPECT_FALSE(report.ok);
  }
}

TEST_F(VerifierTest, AnEditWithItsHashRecomputedBreaksTheNextLink) {
  const auto original = BuildChain(200);
  auto chain = original;
  chain[49].details = "{\"n\":0}";
  chain[49].hash = RecordHash(chain[49]);
  auto report = Run(chain, {Head(original, 49), Head(original, 50), Head(original, 200)});
  EXPECT_EQ(KindsAndSeqs(report.findings),
            (Got{{FindingKind::kHeadMismatch, 50}, {FindingKind::kBrokenLink, 51}}));
}

TEST_F(VerifierTest, ADeletedRecordIsAGapAndABrokenLink) {
  for (size_t k : {1u, 50u, 199u}) {
    auto chain = BuildChain(200);
    chain.erase(chain.begin() + static_cast<ptrdiff_t>(k - 1));
    auto report = Run(chain);
    EXPECT_EQ(KindsAndSeqs(report.findings),
              (Got{{FindingKind::kSequenceGap, k}, {FindingKind::kBrokenLink, k + 1}}))
        << k;
    EXPECT_EQ(report.first_bad_seq, k);
  }
}

TEST_F(VerifierTest, ASeqGapWithIntactLinksIsOnlyAGap) {
  auto chain = BuildChain(49);
  ChainAppender rest(55, chain.back().hash);  // numbering jumps, links are recomputed
  for (uint64_t i = 55; i <= 60; ++i) chain.push_back(rest.Append(Fields(i)));
  auto report = Run(chain);
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kSequenceGap, 50}}));
  EXPECT_NE(report.findings[0].message.find("records 50 to 54 are missing"), std::string::npos)
      << report.findings[0].message;
}

TEST_F(VerifierTest, AForgedRecordAfterTheGenuineOneIsADuplicate) {
  const auto original = BuildChain(100);
  Record forged = original[49];
  forged.details = "{\"n\":\"forged\"}";
  forged.hash = RecordHash(forged);  // well formed, linked to record 49
  auto chain = original;
  chain.insert(chain.begin() + 50, forged);  // after record 50
  auto report = Run(chain, {Head(original, 50)});
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kSequenceDuplicate, 50}}));
}

TEST_F(VerifierTest, AForgedRecordBeforeTheGenuineOneIsCaughtAtItsPosition) {
  const auto original = BuildChain(100);
  Record forged = original[49];
  forged.details = "{\"n\":\"forged\"}";
  forged.hash = RecordHash(forged);
  auto chain = original;
  chain.insert(chain.begin() + 49, forged);  // read in place of record 50
  auto report = Run(chain, {Head(original, 50)});
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kSequenceDuplicate, 50},
                                                {FindingKind::kHeadMismatch, 50},
                                                {FindingKind::kBrokenLink, 51}}));
}

TEST_F(VerifierTest, AnInsertionThatRenumbersTheRestIsCaughtAtItsPosition) {
  const auto original = BuildChain(100);
  auto chain = original;
  Record forged = Fields(1000);
  forged.seq = 50;
  forged.prev_hash = original[48].hash;
  forged.hash = RecordHash(forged);
  chain.insert(chain.begin() + 49, forged);
  for (size_t i = 50; i < chain.size(); ++i) chain[i].seq += 1;  // hashes not recomputed
  auto report = Run(chain, {Head(original, 49), Head(original, 50)});
  Got first4 = KindsAndSeqs(report.findings);
  first4.resize(4);
  EXPECT_EQ(first4, (Got{{FindingKind::kHeadMismatch, 50},
                         {FindingKind::kHashMismatch, 51},
                         {FindingKind::kBrokenLink, 51},
                         {FindingKind::kHashMismatch, 52}}));
  EXPECT_EQ(report.first_bad_seq, 50u);
}

TEST_F(VerifierTest, RecordsReadOutOfOrderAreReportedAtTheFirstMovedPosition) {
  auto chain = BuildChain(100);
  std::swap(chain[49], chain[50]);  // read 49, 51, 50, 52
  auto report = Run(chain);
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kSequenceGap, 50},
                                                {FindingKind::kSequenceDuplicate, 50},
                                                {FindingKind::kBrokenLink, 51}}));
}

TEST_F(VerifierTest, SwappedSeqNumbersAreReportedAtTheFirstMovedPosition) {
  auto chain = BuildChain(100);
  std::swap(chain[49].seq, chain[50].seq);
  std::swap(chain[49], chain[50]);  // a database reads them back in seq order
  auto report = Run(chain);
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kHashMismatch, 50},
                                                {FindingKind::kBrokenLink, 50},
                                                {FindingKind::kHashMismatch, 51},
                                                {FindingKind::kBrokenLink, 51},
                                                {FindingKind::kBrokenLink, 52}}));
}

TEST_F(VerifierTest, ATruncatedTailIsCaughtByAHeadBeyondTheChain) {
  const auto original = BuildChain(200);
  std::vector<Record> chain(original.begin(), original.begin() + 150);
  auto report = Run(chain, {Head(original, 100), Head(original, 200, "agent dev-12ab")});
  ASSERT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kHeadBeyondChain, 151}}));
  EXPECT_EQ(report.findings[0].head_size, 200u);
  EXPECT_EQ(report.findings[0].head_source, "agent dev-12ab");
  EXPECT_NE(report.findings[0].message.find("records 151 to 200 were removed"), std::string::npos)
      << report.findings[0].message;
  // Without a head past the cut, truncation cannot be seen (FORMAT.md, section 1).
  EXPECT_TRUE(Run(chain, {Head(original, 100)}).ok);
}

class RewriteTest : public VerifierTest {
 protected:
  void SetUp() override {
    VerifierTest::SetUp();
    original_ = BuildChain(200);
    rewritten_ = original_;
    rewritten_[119].details = "{\"n\":\"rewritten\"}";  // record 120
    Rehash(rewritten_, 119);
    heads_ = {Head(original_, 100, "agent dev-aa"), Head(original_, 119, "agent dev-bb"),
              Head(original_, 120, "agent dev-cc"), Head(original_, 150, "witness.jsonl"),
              Head(original_, 200, "server")};
  }
  std::vector<Record> original_, rewritten_;
  std::vector<SourcedHead> heads_;
};

TEST_F(RewriteTest, TheChainAloneLooksIntact) { EXPECT_TRUE(Run(rewritten_).ok); }

TEST_F(RewriteTest, WitnessedHeadsFromTheRewriteOnMismatch) {
  auto report = Run(rewritten_, heads_);
  ASSERT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kHeadMismatch, 120},
                                                {FindingKind::kHeadMismatch, 150},
                                                {FindingKind::kHeadMismatch, 200}}));
  EXPECT_EQ(report.findings[0].head_source, "agent dev-cc");
  EXPECT_EQ(report.findings[0].head_size, 120u);
  EXPECT_EQ(report.findings[1].head_source, "witness.jsonl");
  EXPECT_NE(report.findings[1].message.find("head of size 150 from witness.jsonl"),
            std::string::npos)
      << report.findings[1].message;
  EXPECT_EQ(report.first_bad_seq, 120u);
  EXPECT_NE(report.summary.find("NOT intact"), std::string::npos);
  EXPECT_NE(report.summary.find("the first at record 120"), std::string::npos) << report.summary;
  EXPECT_NE(report.summary.find("3 head(s) that do not match the chain: history rewritten"),
            std::string::npos)
      << report.summary;
}

TEST_F(RewriteTest, HeadOrderDoesNotMatter) {
  const auto after = Run(rewritten_, heads_, Options());
  const auto before = Run(rewritten_, heads_, Options(), /*heads_first=*/true);
  EXPECT_EQ(before.findings, after.findings);
  auto interleaved_heads = heads_;
  std::swap(interleaved_heads[0], interleaved_heads[4]);
  Verifier v(Options());
  for (size_t i = 0; i < rewritten_.size(); ++i) {
    v.AddRecord(rewritten_[i]);
    if (i % 50 == 0 && i / 50 < interleaved_heads.size()) {
      v.AddHead(interleaved_heads[i / 50].head, interleaved_heads[i / 50].source);
    }
  }
  v.AddHead(interleaved_heads[4].head, interleaved_heads[4].source);
  EXPECT_EQ(v.Finish().findings, after.findings);
}

TEST_F(RewriteTest, WithoutRetainedHashesHeadsMustComeFirst) {
  VerifyOptions lean = Options();
  lean.retain_record_hashes = false;
  auto first = Run(rewritten_, heads_, lean, /*heads_first=*/true);
  EXPECT_EQ(first.findings, Run(rewritten_, heads_).findings);
  EXPECT_EQ(first.heads_unchecked, 0u);
  // Added late, only the newest record's hash is still at hand.
  auto late = Run(rewritten_, heads_, lean);
  EXPECT_EQ(KindsAndSeqs(late.findings), (Got{{FindingKind::kHeadMismatch, 200}}));
  EXPECT_EQ(late.heads_unchecked, 4u);
  EXPECT_FALSE(late.ok);
  EXPECT_NE(late.summary.find("could not be compared"), std::string::npos);
}

TEST_F(VerifierTest, HeadKeyProblemsAreDistinguishable) {
  const auto chain = BuildChain(10);
  auto other = NewKey();

  auto untrusted = Run(chain, {{HeadOver(chain, 5, other.get()), "agent dev-12ab"}});
  EXPECT_EQ(KindsAndSeqs(untrusted.findings), (Got{{FindingKind::kUnknownHeadKey, 5}}));
  EXPECT_EQ(untrusted.findings[0].head_source, "agent dev-12ab");

  SignedHead impostor = HeadOver(chain, 6, other.get());
  impostor.key_id = KeyIdFor(pub_.get());  // claims the trusted key
  auto bad = Run(chain, {{impostor, "x"}});
  EXPECT_EQ(KindsAndSeqs(bad.findings), (Got{{FindingKind::kBadHeadSignature, 6}}));

  SignedHead altered = HeadOver(chain, 7, key_.get());
  altered.size = 10;  // signed for 7
  EXPECT_EQ(KindsAndSeqs(Run(chain, {{altered, "x"}}).findings),
            (Got{{FindingKind::kBadHeadSignature, 10}}));

  VerifyOptions o = Options();
  auto future =
      SignHead(8, chain[7].hash, o.now_us + 10 * kMinute, KeyIdFor(key_.get()), key_.get());
  auto near = SignHead(9, chain[8].hash, o.now_us + 4 * kMinute, KeyIdFor(key_.get()), key_.get());
  ASSERT_TRUE(future.ok() && near.ok());
  EXPECT_EQ(KindsAndSeqs(Run(chain, {{*future, "x"}, {*near, "y"}}, o).findings),
            (Got{{FindingKind::kHeadFromFuture, 8}}));
}

TEST_F(VerifierTest, AForgedHeadFromTheFutureIsStillCompared) {
  const auto chain = BuildChain(10);
  VerifyOptions o = Options();
  auto h =
      SignHead(8, Bytes(kHashSize, 7), o.now_us + 60 * kMinute, KeyIdFor(key_.get()), key_.get());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(KindsAndSeqs(Run(chain, {{*h, "x"}}, o).findings),
            (Got{{FindingKind::kHeadFromFuture, 8}, {FindingKind::kHeadMismatch, 8}}));
}

TEST_F(VerifierTest, RangeVerificationTrustsOrChecksTheAnchor) {
  const auto chain = BuildChain(200);
  const std::vector<Record> range(chain.begin() + 100, chain.end());  // 101..200
  VerifyOptions o = Options();
  o.first_seq = 101;

  auto trusted = Run(range, {Head(chain, 50), Head(chain, 100), Head(chain, 150)}, o);
  EXPECT_TRUE(trusted.ok) << trusted.summary;
  EXPECT_EQ(trusted.records_checked, 100u);
  EXPECT_EQ(trusted.first_record_seq, 101u);
  EXPECT_EQ(trusted.heads_skipped, 2u);  // 50 and 100: no anchor to compare 100 with

  o.first_prev_hash = chain[99].hash;
  auto anchored = Run(range, {Head(chain, 50), Head(chain, 100), Head(chain, 150)}, o);
  EXPECT_TRUE(anchored.ok) << anchored.summary;
  EXPECT_EQ(anchored.heads_skipped, 1u);

  o.first_prev_hash = chain[98].hash;
  auto wrong_anchor = Run(range, {Head(chain, 100)}, o);
  EXPECT_EQ(KindsAndSeqs(wrong_anchor.findings),
            (Got{{FindingKind::kHeadMismatch, 100}, {FindingKind::kBrokenLink, 101}}));

  VerifyOptions no_anchor = Options();
  no_anchor.first_seq = 101;
  const std::vector<Record> missing_start(chain.begin() + 102, chain.end());  // 103..200
  EXPECT_EQ(KindsAndSeqs(Run(missing_start, {}, no_anchor).findings),
            (Got{{FindingKind::kSequenceGap, 101}}));

  auto edited = range;
  edited[49].subject = "chk-edited";  // record 150
  EXPECT_EQ(KindsAndSeqs(Run(edited, {Head(chain, 150)}, no_anchor).findings),
            (Got{{FindingKind::kHashMismatch, 150}}));
}

TEST_F(VerifierTest, TimeGoingBackwardsIsOnlyAWarning) {
  ChainAppender appender;
  std::vector<Record> chain;
  for (uint64_t i = 1; i <= 60; ++i) {
    Record f = Fields(i);
    if (i == 30) f.at_us = Fields(29).at_us - 3 * kMinute;  // within tolerance
    if (i == 50) f.at_us = Fields(49).at_us - 10 * kMinute;
    chain.push_back(appender.Append(f));
  }
  auto report = Run(chain);
  EXPECT_TRUE(report.ok) << report.summary;
  EXPECT_TRUE(report.findings.empty());
  EXPECT_EQ(KindsAndSeqs(report.warnings), (Got{{FindingKind::kTimeWentBackwards, 50}}));
  EXPECT_EQ(report.warnings_total, 1u);
  EXPECT_NE(report.summary.find("Warning: 1 record time(s) going backwards"), std::string::npos)
      << report.summary;

  VerifyOptions quiet = Options();
  quiet.backwards_tolerance_us = -1;
  EXPECT_TRUE(Run(chain, {}, quiet).warnings.empty());
}

TEST_F(VerifierTest, FindingsAreCappedButCountedAndKeepTheFirstBySeq) {
  auto chain = BuildChain(1500);
  for (auto& r : chain) r.details += " ";  // every record edited, stored hashes kept
  SignedHead wrong_root = *SignHead(1, Bytes(kHashSize, 9), kT0, KeyIdFor(key_.get()), key_.get());
  auto report = Run(chain, {{wrong_root, "late"}});  // a low seq finding arrives last
  EXPECT_EQ(report.findings_total, 1501u);
  ASSERT_EQ(report.findings.size(), 1000u);
  EXPECT_EQ(report.findings[0].kind, FindingKind::kHashMismatch);
  EXPECT_EQ(report.findings[0].seq, 1u);
  EXPECT_EQ(report.findings[1].kind, FindingKind::kHeadMismatch);
  EXPECT_EQ(report.findings[1].seq, 1u);
  EXPECT_EQ(report.findings.back().seq, 999u);
  for (size_t i = 1; i < report.findings.size(); ++i) {
    ASSERT_LE(report.findings[i - 1].seq, report.findings[i].seq);
  }
  EXPECT_NE(report.summary.find("1500 record(s) edited"), std::string::npos) << report.summary;
}

TEST_F(VerifierTest, TheEmptyChain) {
  const std::vector<Record> none;
  const auto chain = BuildChain(3);
  EXPECT_TRUE(Run(none, {Head(chain, 0)}).ok);
  SignedHead nonzero = *SignHead(0, chain[0].hash, kT0, KeyIdFor(key_.get()), key_.get());
  EXPECT_EQ(KindsAndSeqs(Run(none, {{nonzero, "x"}}).findings),
            (Got{{FindingKind::kHeadMismatch, 0}}));
  EXPECT_EQ(KindsAndSeqs(Run(none, {Head(chain, 3)}).findings),
            (Got{{FindingKind::kHeadBeyondChain, 1}}));
  EXPECT_NE(Run(none).summary.find("no records"), std::string::npos);
}

TEST_F(VerifierTest, AnEditedExportLineIsFound) {
  const auto chain = BuildChain(20);
  std::vector<Record> read;
  for (const auto& r : chain) {
    std::string line = ToJsonLine(r);
    if (r.seq == 7) line.replace(line.find("chk-7"), 5, "chk-8");
    auto back = FromJsonLine(line);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    read.push_back(*back);
  }
  EXPECT_EQ(KindsAndSeqs(Run(read).findings), (Got{{FindingKind::kHashMismatch, 7}}));
}

TEST_F(VerifierTest, AMalformedStoredHashIsOneHashMismatchAndOneBrokenLink) {
  auto chain = BuildChain(10);
  chain[4].hash.pop_back();  // record 5
  auto report = Run(chain, {Head(BuildChain(10), 5)});
  EXPECT_EQ(KindsAndSeqs(report.findings), (Got{{FindingKind::kHashMismatch, 5},
                                                {FindingKind::kHeadMismatch, 5},
                                                {FindingKind::kBrokenLink, 6}}));
}

TEST(FindingKindName, IdsAreStable) {
  const std::vector<std::pair<FindingKind, std::string_view>> names = {
      {FindingKind::kHashMismatch, "audit.hash_mismatch"},
      {FindingKind::kBrokenLink, "audit.broken_link"},
      {FindingKind::kSequenceGap, "audit.sequence_gap"},
      {FindingKind::kSequenceDuplicate, "audit.sequence_duplicate"},
      {FindingKind::kBadHeadSignature, "audit.bad_head_signature"},
      {FindingKind::kUnknownHeadKey, "audit.unknown_head_key"},
      {FindingKind::kHeadFromFuture, "audit.head_from_future"},
      {FindingKind::kHeadBeyondChain, "audit.head_beyond_chain"},
      {FindingKind::kHeadMismatch, "audit.head_mismatch"},
      {FindingKind::kTimeWentBackwards, "audit.time_went_backwards"},
  };
  for (const auto& [kind, name] : names) {
    EXPECT_EQ(FindingKindName(kind), name);
    EXPECT_EQ(IsHeadFinding(kind), name.find("head") != std::string_view::npos) << name;
  }
}

}  // namespace
}  // namespace kakunin::audit
