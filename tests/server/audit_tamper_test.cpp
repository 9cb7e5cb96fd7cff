// The audit trail on a real kakunin-server and PostgreSQL, attacked the ways a person with
// database rights could: edit a field, delete, insert, reorder, truncate the tail, renumber,
// forge heads — each found by `kakunin-server audit verify` at the exact record. Then the hard
// one: the whole history rewritten consistently from one record on (every hash recomputed, the
// server's later signed heads deleted). The chain then checks out on its own, and only the head
// a terminal kept as a witness (agent/uplink KeepWitnessHead) exposes the rewrite.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/uplink/terminal_state.h"
#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/core/bytes.h"
#include "common/crypto/keys.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadAll(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class AuditTamper : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-audit");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局", {"--head-interval", "1"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    auto terminal = TestTerminal::Enroll(rig_->address(), ReadAll(rig_->ca_path()),
                                         *rig_->IssueToken("honcho"));
    ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
    terminal_ = new TestTerminal(*terminal);

    Deliver(1, 20);
    // Wait until the server signed a head covering everything so far, then connect again:
    // the terminal receives that head and keeps it as its witness.
    WaitForSignedHead();
    auto stream = terminal_->Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    ASSERT_TRUE(stream->Close().ok());
    ASSERT_FALSE(stream->heads().empty());
    witness_dir_ = dir_ + "/terminal";
    fs::create_directories(witness_dir_);
    for (const auto& h : stream->heads()) {
      ASSERT_TRUE(agent::KeepWitnessHead(witness_dir_, h).ok());
    }
    witness_size_ = stream->heads().back().size();
    // The chain grows past the witnessed head; the server signs newer heads.
    Deliver(21, 40);
    WaitForSignedHead();
    rig_->StopServer();  // nothing appends while we tamper
    chain_size_ = std::stoull(Sql("SELECT max(seq) FROM audit_log"));
    ASSERT_GT(chain_size_, witness_size_);
    Sql("CREATE TABLE audit_backup AS SELECT * FROM audit_log; "
        "CREATE TABLE heads_backup AS SELECT * FROM audit_heads");
  }
  static void TearDownTestSuite() {
    delete terminal_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }
  void SetUp() override {
    Sql("TRUNCATE audit_log; INSERT INTO audit_log SELECT * FROM audit_backup; "
        "TRUNCATE audit_heads; INSERT INTO audit_heads SELECT * FROM heads_backup");
  }

  static void Deliver(uint64_t from, uint64_t to) {
    auto stream = terminal_->Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    std::vector<v1::CheckResult> batch;
    for (uint64_t s = from; s <= to; ++s) {
      batch.push_back(TestTerminal::MakeResult(s, TestTerminal::NewCheckId()));
    }
    ASSERT_TRUE(stream->Send(batch));
    auto acked = stream->WaitAck(to);
    ASSERT_TRUE(acked.ok()) << acked.error().ToString();
    EXPECT_TRUE(stream->Close().ok());
  }

  static void WaitForSignedHead() {
    ASSERT_TRUE(WaitFor(
        [] {
          return Sql("SELECT coalesce((SELECT max(size) FROM audit_heads), 0) >= "
                     "(SELECT max(seq) FROM audit_log)") == "t";
        },
        std::chrono::seconds(20)));
  }

  static std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }

  struct Verdict {
    int exit_code = -1;
    json report;
  };
  // `witness`: the terminal's file; "" for none; a folder to pass every *.jsonl beneath it.
  static Verdict Verify(bool with_witness = true, const std::string& witness = "") {
    std::vector<std::string> argv = {KAKUNIN_SERVER_BIN, "audit",         "verify",
                                     "--json",           "--db",          rig_->dsn(),
                                     "--data-dir",       rig_->data_dir()};
    if (with_witness) {
      argv.push_back("--witness");
      argv.push_back(witness.empty() ? witness_dir_ + "/" + agent::kWitnessFile : witness);
    }
    auto out = RunCommand(argv);
    Verdict v;
    if (!out.ok()) return v;
    v.exit_code = out->exit_code;
    auto brace = out->output.find('{');
    if (brace != std::string::npos)
      v.report = json::parse(out->output.substr(brace), nullptr, false);
    return v;
  }

  // The findings of `kind` (e.g. "audit.hash_mismatch"), by seq.
  static std::vector<uint64_t> SeqsOf(const Verdict& v, const std::string& kind) {
    std::vector<uint64_t> out;
    if (!v.report.is_object()) return out;
    for (const auto& f : v.report["findings"]) {
      if (f["kind"] == kind) out.push_back(f["seq"].get<uint64_t>());
    }
    return out;
  }

  static inline std::string dir_, witness_dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline TestTerminal* terminal_ = nullptr;
  static inline uint64_t chain_size_ = 0, witness_size_ = 0;
  static constexpr uint64_t k = 7;  // the record under attack (a check result)
};

TEST_F(AuditTamper, IntactChainVerifiesAndHoldsNoPatientData) {
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 0) << v.report.dump();
  EXPECT_EQ(v.report["records_checked"], chain_size_);
  EXPECT_GE(v.report["heads_checked"].get<uint64_t>(), 2u);
  // Every event the test caused is there, and the check records hold a digest, not the name.
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result'"), "40");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event IN ('site.saved', 'user.created', "
                "'device.enrolled')"),
            "3");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE details LIKE '%山田%'"), "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND details ~ "
                "'\"digest\":\"[0-9a-f]{64}\"'"),
            "40");
}

TEST_F(AuditTamper, EditedFieldIsFoundAtItsRecordOnly) {
  Sql("UPDATE audit_log SET actor = 'user:mallory' WHERE seq = " + std::to_string(k));
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(v.report["first_bad_seq"], k);
  EXPECT_EQ(SeqsOf(v, "audit.hash_mismatch"), std::vector<uint64_t>{k});
  EXPECT_EQ(v.report["findings_total"], 1) << v.report.dump();
}

TEST_F(AuditTamper, DeletedRowIsAGapAndABrokenLink) {
  Sql("DELETE FROM audit_log WHERE seq = " + std::to_string(k));
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(v.report["first_bad_seq"], k);
  EXPECT_EQ(SeqsOf(v, "audit.sequence_gap"), std::vector<uint64_t>{k});
  EXPECT_EQ(SeqsOf(v, "audit.broken_link"), std::vector<uint64_t>{k + 1});
}

TEST_F(AuditTamper, InsertedRowIsFoundWhereItWasPut) {
  // Make room at k (renumber upwards in two steps: the primary key is checked per row), then
  // put a forged record there that copies the hashes of the genuine one.
  Sql("UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= " + std::to_string(k) +
      "; UPDATE audit_log SET seq = seq - 1000000 + 1 WHERE seq >= 1000000; "
      "INSERT INTO audit_log SELECT seq, at, at_us, 'user.login', 'user:mallory', site_id, "
      "device_id, subject, details, prev_hash, hash FROM audit_backup WHERE seq = " +
      std::to_string(k));
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(v.report["first_bad_seq"], k);
  EXPECT_EQ(SeqsOf(v, "audit.hash_mismatch").front(), k);
  EXPECT_EQ(SeqsOf(v, "audit.broken_link").front(), k + 1);
}

TEST_F(AuditTamper, ReorderedRowsAreFoundAtTheFirstMovedPosition) {
  std::string a = std::to_string(k), b = std::to_string(k + 1);
  Sql("UPDATE audit_log SET seq = -1 WHERE seq = " + a + "; UPDATE audit_log SET seq = " + a +
      " WHERE seq = " + b + "; UPDATE audit_log SET seq = " + b + " WHERE seq = -1");
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(v.report["first_bad_seq"], k);
  EXPECT_EQ(SeqsOf(v, "audit.hash_mismatch").front(), k);
}

TEST_F(AuditTamper, TruncatedTailIsBelowTheSignedHead) {
  Sql("DELETE FROM audit_log WHERE seq > " + std::to_string(chain_size_ - 3));
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  auto beyond = SeqsOf(v, "audit.head_beyond_chain");
  ASSERT_FALSE(beyond.empty()) << v.report.dump();
  EXPECT_EQ(beyond.front(), chain_size_ - 2);  // the first missing record
}

TEST_F(AuditTamper, RenumberedGapIsReportedAsAGap) {
  Sql("UPDATE audit_log SET seq = seq + 1000000 WHERE seq > " + std::to_string(k) +
      "; UPDATE audit_log SET seq = seq - 1000000 + 5 WHERE seq > 1000000");
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(SeqsOf(v, "audit.sequence_gap").front(), k + 1);
  EXPECT_EQ(v.report["first_bad_seq"], k + 1);
}

TEST_F(AuditTamper, ForgedHeadsAreReportedDistinctly) {
  auto key = crypto::PrivateKeyFromPem(ReadAll(rig_->data_dir() + "/audit/head.key"));
  ASSERT_TRUE(key.ok());
  auto root = Sql("SELECT encode(hash, 'hex') FROM audit_log WHERE seq = " + std::to_string(k));
  auto root_bytes = FromHex(root);
  ASSERT_TRUE(root_bytes.ok());
  auto insert = [&](const audit::SignedHead& h) {
    Sql("INSERT INTO audit_heads VALUES (" + std::to_string(h.size) + ", decode('" +
        ToHex(h.root_hash) + "', 'hex'), now(), " + std::to_string(h.signed_at_us) + ", '" +
        h.key_id + "', decode('" + ToHex(h.signature) +
        "', 'hex')) ON CONFLICT (size) DO UPDATE "
        "SET root_hash = EXCLUDED.root_hash, signed_at_us = EXCLUDED.signed_at_us, key_id = "
        "EXCLUDED.key_id, signature = EXCLUDED.signature");
  };
  // Signed by a key nobody trusts.
  auto stranger = crypto::GenerateEd25519Key();
  auto forged = audit::SignHead(k, *root_bytes, NowMicros(), audit::KeyIdFor(stranger->get()),
                                stranger->get());
  ASSERT_TRUE(forged.ok());
  insert(*forged);
  // The server's key id, but a signature that does not verify.
  auto good =
      audit::SignHead(k + 1, *root_bytes, NowMicros(), audit::KeyIdFor(key->get()), key->get());
  ASSERT_TRUE(good.ok());
  good->signature[0] ^= 1;
  insert(*good);
  // The right key, a date a day ahead.
  auto future = audit::SignHead(k + 2, *root_bytes, NowMicros() + 86400LL * 1000000,
                                audit::KeyIdFor(key->get()), key->get());
  insert(*future);
  auto v = Verify(/*with_witness=*/false);
  EXPECT_EQ(v.exit_code, 3);
  EXPECT_EQ(SeqsOf(v, "audit.unknown_head_key"), std::vector<uint64_t>{k});
  EXPECT_EQ(SeqsOf(v, "audit.bad_head_signature"), std::vector<uint64_t>{k + 1});
  EXPECT_EQ(SeqsOf(v, "audit.head_from_future"), std::vector<uint64_t>{k + 2});
}

TEST_F(AuditTamper, ConsistentRewriteIsCaughtOnlyByTheTerminalsWitness) {
  // The attacker rewrites record k (already covered by the terminal's head) and recomputes
  // every later hash, then deletes the server's heads that no longer match (no signing key).
  std::vector<audit::Record> chain;
  auto out = RunCommand({KAKUNIN_SERVER_BIN, "audit", "export", "--format", "json", "--db",
                         rig_->dsn(), "--data-dir", rig_->data_dir(), "--by", "test"});
  ASSERT_TRUE(out.ok() && out->exit_code == 0);
  std::stringstream ss(out->output);
  std::string line;
  while (std::getline(ss, line)) {
    auto r = audit::FromJsonLine(line);
    ASSERT_TRUE(r.ok()) << r.error().ToString() << ": " << line;
    chain.push_back(*r);
  }
  ASSERT_EQ(chain.size(), chain_size_);
  // The export recorded itself after writing; the attacker removes that trace too.
  Sql("DELETE FROM audit_log WHERE seq > " + std::to_string(chain_size_));
  audit::ChainAppender appender(k, chain[k - 2].hash);
  std::string sql = "DELETE FROM audit_log WHERE seq >= " + std::to_string(k) + ";";
  for (uint64_t i = k; i <= chain_size_; ++i) {
    audit::Record r = chain[i - 1];
    if (i == k) r.actor = "user:mallory";
    r = appender.Append(r);
    sql += "INSERT INTO audit_log VALUES (" + std::to_string(r.seq) + ", 'epoch'::timestamptz + " +
           std::to_string(r.at_us) + " * interval '1 microsecond', " + std::to_string(r.at_us) +
           ", '" + r.event + "', '" + r.actor + "', '" + r.site_id + "', '" + r.device_id + "', '" +
           r.subject + "', convert_from(decode('" + ToHex(ToBytes(r.details)) +
           "', 'hex'), 'UTF8'), decode('" + ToHex(r.prev_hash) + "', 'hex'), decode('" +
           ToHex(r.hash) + "', 'hex'));";
  }
  sql += "DELETE FROM audit_heads WHERE size >= " + std::to_string(k) + ";";
  Sql(sql);

  // Without the witness, the rewrite passes: the chain is self-consistent.
  auto alone = Verify(/*with_witness=*/false);
  EXPECT_EQ(alone.exit_code, 0) << alone.report.dump();
  // With the head the terminal kept, it does not.
  auto v = Verify();
  EXPECT_EQ(v.exit_code, 3);
  auto mismatch = SeqsOf(v, "audit.head_mismatch");
  ASSERT_FALSE(mismatch.empty()) << v.report.dump();
  EXPECT_EQ(mismatch.front(), witness_size_);
  EXPECT_NE(v.report["findings"][0]["head_source"].get<std::string>().find(agent::kWitnessFile),
            std::string::npos);
  // The fleet's files collected in one folder (one per terminal) are checked at once; the
  // contradicting head is found whichever terminal kept it.
  std::string fleet = witness_dir_ + "-fleet";
  fs::create_directories(fleet + "/dev-a");
  fs::create_directories(fleet + "/dev-b");
  std::ofstream(fleet + "/dev-a/audit_heads.jsonl") << "";
  fs::copy_file(witness_dir_ + "/" + agent::kWitnessFile, fleet + "/dev-b/audit_heads.jsonl");
  auto all = Verify(true, fleet);
  EXPECT_EQ(all.exit_code, 3) << all.report.dump();
  EXPECT_FALSE(SeqsOf(all, "audit.head_mismatch").empty()) << all.report.dump();
  RemoveTree(fleet);
}

TEST_F(AuditTamper, ExportIsFilteredAndAudited) {
  auto out =
      RunCommand({KAKUNIN_SERVER_BIN, "audit", "export", "--format", "csv", "--event", "device",
                  "--db", rig_->dsn(), "--data-dir", rig_->data_dir(), "--by", "user:auditor"});
  ASSERT_TRUE(out.ok() && out->exit_code == 0);
  EXPECT_EQ(out->output.rfind(audit::kCsvHeader, 0), 0u);
  EXPECT_NE(out->output.find("device.enrolled"), std::string::npos);
  EXPECT_EQ(out->output.find("check.result"), std::string::npos);
  EXPECT_EQ(Sql("SELECT actor || '|' || event FROM audit_log ORDER BY seq DESC LIMIT 1"),
            "user:auditor|audit.exported");
}

// Migration 0014 indexes a terminal's records by device only; an actor filter must still find
// every record of that actor, a terminal's and a person's alike.
TEST_F(AuditTamper, ExportByActorFindsEveryRecordOfThatActor) {
  const std::string device_actor = "device:" + terminal_->device_id();
  const std::string person =
      Sql("SELECT actor FROM audit_log WHERE actor NOT LIKE 'device:%' GROUP BY actor "
          "ORDER BY count(*) DESC, actor LIMIT 1");
  ASSERT_FALSE(person.empty());
  for (const std::string& actor : {device_actor, person}) {
    const std::string want = Sql("SELECT count(*) FROM audit_log WHERE actor = '" + actor + "'");
    ASSERT_NE(want, "0") << actor;
    auto out =
        RunCommand({KAKUNIN_SERVER_BIN, "audit", "export", "--format", "json", "--actor", actor,
                    "--db", rig_->dsn(), "--data-dir", rig_->data_dir(), "--by", "user:auditor"});
    ASSERT_TRUE(out.ok() && out->exit_code == 0) << (out.ok() ? out->output : "");
    std::stringstream ss(out->output);
    int lines = 0;
    for (std::string line; std::getline(ss, line);) {
      auto r = audit::FromJsonLine(line);
      ASSERT_TRUE(r.ok()) << line;
      EXPECT_EQ(r->actor, actor);
      ++lines;
    }
    EXPECT_EQ(std::to_string(lines), want) << actor;
  }
  // The equivalence the device index relies on is enforced.
  auto forged = rig_->pg().Psql(
      "kakunin",
      "INSERT INTO audit_log SELECT seq + 1000000, at, at_us, event, 'device:someone-else', "
      "site_id, device_id, subject, details, prev_hash, hash FROM audit_log WHERE actor = '" +
          device_actor + "' LIMIT 1");
  EXPECT_FALSE(forged.ok());
}

}  // namespace
}  // namespace kakunin::testing
