// A broken or hostile terminal against a real kakunin-server and PostgreSQL, with clients written
// here (tests/harness/test_terminal.h speaks the real protocol with a real device certificate):
// - every bounded field of a result at 0, at its limit, over it and at the type's maximum; NUL
//   bytes and 10 MiB strings. Each bad result is answered with a Reject naming the field, its
//   slot is filled with a refusal row (so the sequence keeps moving), and an audit record kept;
// - while that happens, other terminals' results are stored and acknowledged, and nobody's
//   stream is cut (before the edge validation, one such value failed the whole group commit
//   and ended every stream sharing the writer with a raw SQL error);
// - a check_id that another result holds, a resend of a stored sequence with another check_id,
//   and sequences that cannot be stored (0, 2^63) are each answered explicitly;
// - a check_id in upper case is the same check as in lower case (stored, sealed and audited once);
// - each stored result's audit record holds the digest of the result as stored, on every path;
// - fields the server does not know are dropped before anything is stored, sealed or audited;
// - a message protobuf cannot read (text that is not UTF-8) is answered as such;
// - a terminal holds at most four streams at once; each one beyond closes its oldest;
// - a terminal reconnecting in a tight loop is told to wait after 60 streams in a burst.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/adversarial/terminal_fixture.h"

namespace kakunin::testing {
namespace {

struct BadField {
  const char* what;
  void (*edit)(v1::CheckResult&);
  const char* reason_part;
};

const BadField kBadFields[] = {
    {"enum beyond smallint",
     [](v1::CheckResult& r) { r.set_outcome(static_cast<v1::Outcome>(40000)); },
     "outcome has an unknown value"},
    {"negative enum", [](v1::CheckResult& r) { r.set_mode(static_cast<v1::IdentityMode>(-5)); },
     "mode has an unknown value"},
    {"apdu_count 2^31", [](v1::CheckResult& r) { r.set_apdu_count(uint32_t{1} << 31); },
     "apdu_count out of range"},
    {"apdu_count max", [](v1::CheckResult& r) { r.set_apdu_count(UINT32_MAX); },
     "apdu_count out of range"},
    {"duration max", [](v1::CheckResult& r) { r.set_duration_ms(UINT32_MAX); },
     "duration_ms out of range"},
    {"NUL in reader name",
     [](v1::CheckResult& r) { r.mutable_reader()->set_name(std::string("PCD\0 00", 7)); },
     "ReaderInfo.name contains a control character"},
    {"right-to-left override in reader name",
     [](v1::CheckResult& r) {
       r.mutable_reader()->set_name(
           "PCD \xe2\x80\xae"
           "00 00");
     },
     "ReaderInfo.name contains a control character"},
    {"C1 escape in patient name",
     [](v1::CheckResult& r) {
       r.mutable_eligibility()->set_name(
           "山田\xc2\x9b"
           "2J");
     },
     "contains a control character"},
    {"NUL in patient name",
     [](v1::CheckResult& r) { r.mutable_eligibility()->set_name(std::string("山\0田", 7)); },
     "Eligibility.name contains a control character"},
    {"reader name over its limit",
     [](v1::CheckResult& r) { r.mutable_reader()->set_name(std::string(129, 'R')); },
     "ReaderInfo.name longer than 128 bytes"},
    {"10 MiB reader name",
     [](v1::CheckResult& r) { r.mutable_reader()->set_name(std::string(10 << 20, 'R')); },
     "ReaderInfo.name longer than 128 bytes"},
    {"error text over its limit",
     [](v1::CheckResult& r) { r.set_error_message(std::string(1025, 'e')); },
     "error_message longer than 1024 bytes"},
    {"copayment 101",
     [](v1::CheckResult& r) { r.mutable_eligibility()->set_copayment_percent(101); },
     "copayment_percent out of range"},
    // (A year ahead is a wrong clock: stored at HQ's time, server_terminal_clock_test.)
    {"checked at a time that is no time",
     [](v1::CheckResult& r) { r.mutable_checked_at()->set_nanos(-1); }, "checked_at"},
    {"check_id not a UUID", [](v1::CheckResult& r) { r.set_check_id("'); DROP TABLE x; --"); },
     "check_id is not a UUID"},
};

TEST_F(TerminalInput, BadFieldsAreRefusedOneByOneAndNobodyElseNotices) {
  auto broken = NewTerminal();
  std::vector<TestTerminal> others;
  for (int i = 0; i < 3; ++i) others.push_back(NewTerminal());

  // The other terminals stream valid results the whole time, each on its own stream.
  std::atomic<bool> stop{false};
  std::atomic<int> other_failures{0};
  std::atomic<uint64_t> other_acked{0};
  std::mutex latency_mu;
  std::vector<double> latency_ms;
  std::vector<std::thread> senders;
  for (auto& t : others) {
    senders.emplace_back([&, t] {
      auto s = t.Connect(rig_->address());
      if (!s->Open()) {
        ++other_failures;
        return;
      }
      uint64_t seq = 0;
      while (!stop) {
        std::vector<v1::CheckResult> batch;
        for (int k = 0; k < 5; ++k)
          batch.push_back(TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId()));
        auto start = std::chrono::steady_clock::now();
        if (!s->Send(batch)) {
          ++other_failures;
          return;
        }
        auto ack = s->WaitAck(seq);
        if (!ack.ok() || *ack != seq) {
          ++other_failures;
          return;
        }
        {
          std::lock_guard lock(latency_mu);
          latency_ms.push_back(
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
        }
        other_acked += 5;
      }
      if (!s->Close().ok()) ++other_failures;
    });
  }

  auto stream = broken.Connect(rig_->address());
  ASSERT_TRUE(stream->Open());
  uint64_t seq = 0;
  for (const auto& bad : kBadFields) {
    // A bad result between two good ones, in one message.
    std::vector<v1::CheckResult> batch;
    batch.push_back(TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId()));
    auto r = TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId());
    bad.edit(r);
    const uint64_t bad_seq = seq;
    batch.push_back(r);
    batch.push_back(TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId()));
    ASSERT_TRUE(stream->Send(batch)) << bad.what;
    auto ack = stream->WaitAck(seq);
    ASSERT_TRUE(ack.ok()) << bad.what << ": the stream was cut: " << ack.error().ToString();
    EXPECT_EQ(*ack, seq) << bad.what;
    EXPECT_NE(RejectReason(*stream, bad_seq).find(bad.reason_part), std::string::npos)
        << bad.what << ": got '" << RejectReason(*stream, bad_seq) << "'";
  }
  // Each bad result's slot holds a refusal row with an audit record; the good ones are stored.
  const std::string device = "'" + broken.device_id() + "'";
  const size_t n = std::size(kBadFields);
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = " + device +
                " AND error_reason = 'ingest.rejected' AND reader_name = ''"),
            std::to_string(n));
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = " + device),
            std::to_string(3 * n));
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.rejected' AND device_id = " +
                device),
            std::to_string(n));
  // Nothing stored is anywhere near the 10 MiB that was sent.
  EXPECT_EQ(Sql("SELECT max(octet_length(reader_name)) <= 128 FROM check_results"), "t");

  stop = true;
  for (auto& t : senders) t.join();
  EXPECT_EQ(other_failures.load(), 0) << "another terminal's stream was cut";
  EXPECT_GT(other_acked.load(), 0u);
  // Their acknowledgements stayed prompt while the broken terminal was refused (p99 bound on
  // this 2-core machine, as the issue asks; the figure is printed for the record).
  std::sort(latency_ms.begin(), latency_ms.end());
  ASSERT_FALSE(latency_ms.empty());
  double p99 = latency_ms[std::min(latency_ms.size() - 1, latency_ms.size() * 99 / 100)];
  std::printf("other terminals: %zu acks, p99 %.1f ms\n", latency_ms.size(), p99);
  EXPECT_LT(p99, 500.0);
  EXPECT_TRUE(stream->Close().ok());
}

TEST_F(TerminalInput, ConflictsAndUnstorableSequencesAreAnsweredAndTheSequenceMovesOn) {
  auto a = NewTerminal();
  auto b = NewTerminal();
  auto sa = Opened(a);
  auto sb = Opened(b);
  ASSERT_TRUE(sa && sb);

  // A stores check X under its sequence 1.
  const std::string x = TestTerminal::NewCheckId();
  ASSERT_TRUE(Acked(*sa, {TestTerminal::MakeResult(1, x)}, 1));

  // B claims the same check_id: refused, but B's sequence 1 is filled, so 2 is acknowledged
  // (before the fix B's acknowledgements stopped at 0 for good).
  ASSERT_TRUE(Acked(
      *sb,
      {TestTerminal::MakeResult(1, x), TestTerminal::MakeResult(2, TestTerminal::NewCheckId())},
      2));
  EXPECT_EQ(RejectReason(*sb, 1), "check_id already used by another result");

  // A resends sequence 1 with another check_id: refused, the stored result stays, and the
  // refused content is kept as evidence. Sequences 0 and 2^63 cannot be stored: refused too.
  ASSERT_TRUE(Acked(*sa,
                    {TestTerminal::MakeResult(1, TestTerminal::NewCheckId()),
                     TestTerminal::MakeResult(0, TestTerminal::NewCheckId()),
                     TestTerminal::MakeResult(uint64_t{1} << 63, TestTerminal::NewCheckId()),
                     TestTerminal::MakeResult(2, TestTerminal::NewCheckId())},
                    2));
  EXPECT_EQ(RejectReason(*sa, 1), "sequence already holds another result");
  EXPECT_EQ(RejectReason(*sa, 0), "sequence 0");
  EXPECT_EQ(RejectReason(*sa, uint64_t{1} << 63), "sequence out of range");
  EXPECT_EQ(Sql("SELECT check_id FROM check_results WHERE device_id = '" + a.device_id() +
                "' AND sequence = 1"),
            x);
  EXPECT_EQ(Sql("SELECT string_agg(sequence || ':' || reason, ',' ORDER BY refusal_id) FROM "
                "ingest_refusals WHERE device_id = '" +
                a.device_id() + "'"),
            "0:sequence 0,9223372036854775808:sequence out of range,1:sequence already holds "
            "another result");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.refused' AND device_id = '" +
                a.device_id() + "'"),
            "3");

  // A plain resend (same sequence, same check_id) is still absorbed without a word.
  const size_t rejects_before = sa->rejects().size();
  ASSERT_TRUE(Acked(
      *sa,
      {TestTerminal::MakeResult(1, x), TestTerminal::MakeResult(3, TestTerminal::NewCheckId())},
      3));
  EXPECT_EQ(sa->rejects().size(), rejects_before);
  EXPECT_TRUE(sa->Close().ok());
  EXPECT_TRUE(sb->Close().ok());
}

// A sequence that cannot be stored keeps its refusal in ingest_refusals with the check id the
// terminal sent: only when that is a UUID. A NUL in it used to fail the whole group commit (every
// terminal sharing the writer waited through its retries); control characters reached the
// refusal's audit record.
TEST_F(TerminalInput, AnUnstorableSequenceWithACheckIdThatIsNoUuidHurtsNobody) {
  auto a = NewTerminal();
  auto b = NewTerminal();
  auto sa = Opened(a);
  auto sb = Opened(b);
  ASSERT_TRUE(sa && sb);
  ASSERT_TRUE(sa->Send({TestTerminal::MakeResult(0, std::string("a\0", 2)),
                        TestTerminal::MakeResult(0, "\x1b[2J\r\nforged line"),
                        TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}));
  ASSERT_TRUE(Acked(*sb, {TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}, 1));
  auto acked = sa->WaitAck(1);
  ASSERT_TRUE(acked.ok()) << acked.error().ToString() << rig_->ServerLog();
  EXPECT_EQ(RejectReason(*sa, 0), "sequence 0");
  EXPECT_EQ(Sql("SELECT count(*) || ':' || count(*) FILTER (WHERE check_id = '') FROM "
                "ingest_refusals WHERE device_id = '" +
                a.device_id() + "'"),
            "2:2");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.refused' AND device_id = '" +
                a.device_id() + "' AND subject ~ '[[:cntrl:]]'"),
            "0");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id IN ('" + a.device_id() +
                "', '" + b.device_id() + "')"),
            "2");
  EXPECT_TRUE(sa->Close().ok());
  EXPECT_TRUE(sb->Close().ok());
}

// A refusal row's id is derived from (device, sequence), so anyone can compute it. It is of a
// UUID version no terminal may send: before, a terminal that sent another device's future
// refusal id as its own check id left that device's refused slot empty, and its
// acknowledgements stopped there. A refusal an earlier server stored under the old (version 4)
// id is still the same refusal when the broken result comes again.
TEST_F(TerminalInput, NoTerminalCanTakeTheIdOfAnotherDevicesRefusal) {
  auto a = NewTerminal();
  auto b = NewTerminal();
  auto sa = Opened(a);
  auto sb = Opened(b);
  ASSERT_TRUE(sa && sb);
  ASSERT_TRUE(Acked(*sb, {TestTerminal::MakeResult(1, "not-a-uuid")}, 1));
  EXPECT_EQ(RejectReason(*sb, 1), "check_id is not a UUID");
  const std::string slot = "device_id = '" + b.device_id() + "' AND sequence = 1";
  const std::string refusal = Sql("SELECT check_id FROM check_results WHERE " + slot);
  ASSERT_EQ(refusal.size(), 36u);
  EXPECT_EQ(refusal[14], '8');

  // Neither that id nor any other of its kind is taken from a terminal.
  std::string other_kind = TestTerminal::NewCheckId();
  other_kind[14] = '8';
  ASSERT_TRUE(Acked(
      *sa, {TestTerminal::MakeResult(1, refusal), TestTerminal::MakeResult(2, other_kind)}, 2));
  EXPECT_EQ(RejectReason(*sa, 1), "check_id is of the server's own kind (UUID version 8)");
  EXPECT_EQ(RejectReason(*sa, 2), "check_id is of the server's own kind (UUID version 8)");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE check_id IN ('" + refusal + "', '" +
                other_kind + "')"),
            "1");

  // The slot as an earlier server filled it; the broken result again, and a new one.
  std::string legacy = refusal;
  legacy[14] = '4';
  ASSERT_EQ(Sql("UPDATE check_results SET check_id = '" + legacy + "' WHERE " + slot +
                " RETURNING check_id"),
            legacy);
  const size_t rejects_before = sb->rejects().size();
  ASSERT_TRUE(Acked(*sb,
                    {TestTerminal::MakeResult(1, "not-a-uuid"),
                     TestTerminal::MakeResult(2, TestTerminal::NewCheckId())},
                    2));
  ASSERT_EQ(sb->rejects().size(), rejects_before + 1);
  EXPECT_EQ(sb->rejects().back().reason(), "check_id is not a UUID");
  EXPECT_EQ(Sql("SELECT check_id FROM check_results WHERE " + slot), legacy);
  EXPECT_EQ(Sql("SELECT count(*) FROM ingest_refusals WHERE device_id = '" + b.device_id() + "'"),
            "0");
  EXPECT_TRUE(sa->Close().ok());
  EXPECT_TRUE(sb->Close().ok());
}

// A check id is a UUID, and a terminal may write it in upper case. It names the same check as
// its lower-case form: stored once, sealed and audited under the lower-case text, so its patient
// fields open and its audit record names its row. A resend in the other case is absorbed, and
// another terminal cannot claim it in either case. Both of the writer's ways: a few results
// (arrays) and a backlog (over 100, straight into the tables).
TEST_F(TerminalInput, ACheckIdInUpperCaseNamesTheSameCheck) {
  auto upper = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
  };
  // NewCheckId's first group is the process id in hex, which may have no letter: these have.
  auto lettered = [] { return "abcdefab" + TestTerminal::NewCheckId().substr(8); };
  auto a = NewTerminal();
  auto b = NewTerminal();
  auto sa = Opened(a);
  auto sb = Opened(b);
  ASSERT_TRUE(sa && sb);

  const std::string x = lettered();
  ASSERT_NE(upper(x), x);
  ASSERT_TRUE(Acked(*sa, {TestTerminal::MakeResult(1, upper(x))}, 1));
  // The same result again, its id in lower case: a plain resend, absorbed without a word.
  ASSERT_TRUE(Acked(
      *sa,
      {TestTerminal::MakeResult(1, x), TestTerminal::MakeResult(2, TestTerminal::NewCheckId())},
      2));
  EXPECT_TRUE(sa->rejects().empty());
  // Another terminal claims it in lower case: refused, as any other taken id.
  ASSERT_TRUE(Acked(*sb, {TestTerminal::MakeResult(1, x)}, 1));
  EXPECT_EQ(RejectReason(*sb, 1), "check_id already used by another result");

  // A backlog whose ids are all in upper case.
  std::vector<v1::CheckResult> backlog;
  std::vector<std::string> ids;
  for (uint64_t seq = 3; seq <= 122; ++seq) {
    ids.push_back(lettered());
    backlog.push_back(TestTerminal::MakeResult(seq, upper(ids.back())));
  }
  ASSERT_TRUE(Acked(*sa, backlog, 122));
  EXPECT_TRUE(sa->rejects().empty());

  // One row per check, and each result's audit record names its row in the row's own text.
  const std::string device = "'" + a.device_id() + "'";
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = " + device), "122");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results r JOIN audit_log l ON l.subject = "
                "r.check_id::text AND l.event = 'check.result' WHERE r.device_id = " +
                device),
            "122");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'check.result' AND device_id = " +
                device + " AND subject <> lower(subject)"),
            "0");

  // The sealed patient fields open, for a check of each way, asked for in either case.
  ASSERT_TRUE(hq::AddUser(*rig_, "tencho-case", "branch_manager", "honcho", "Tencho2026pass").ok());
  auto console = v1::ConsoleService::NewStub(hq::HqChannel(*rig_));
  auto token = hq::ConsoleLogin(*console, "tencho-case", "Tencho2026pass");
  ASSERT_TRUE(token.ok()) << token.error().ToString();
  for (const std::string& id : {x, upper(ids[0])}) {
    grpc::ClientContext ctx;
    hq::Authorize(&ctx, *token);
    v1::GetResultRequest req;
    req.set_check_id(id);
    v1::ResultRow row;
    auto status = console->GetResult(&ctx, req, &row);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
    EXPECT_EQ(row.result().eligibility().name(), "山田太郎") << id;
  }
  EXPECT_TRUE(sa->Close().ok());
  EXPECT_TRUE(sb->Close().ok());
}

// Every stored result's audit record holds the SHA-256 of the result as stored (its check id in
// lower case), whichever way the writer took: a few results (arrays), a backlog straight into the
// tables, and a backlog with a resend (the staging table). Computed here from what was sent.
TEST_F(TerminalInput, EachAuditRecordHoldsTheDigestOfItsResult) {
  auto t = NewTerminal();
  auto st = Opened(t);
  ASSERT_TRUE(st);
  std::vector<v1::CheckResult> sent;
  auto make = [&](uint64_t from, uint64_t to) {
    std::vector<v1::CheckResult> batch;
    for (uint64_t seq = from; seq <= to; ++seq) {
      auto r = TestTerminal::MakeResult(seq, "ABCDEF01" + TestTerminal::NewCheckId().substr(8));
      if (seq % 3 == 0) r.clear_eligibility();  // some without patient fields
      if (seq % 5 == 0) r.mutable_document()->set_note("保険証を確認");
      batch.push_back(r);
      sent.push_back(r);
    }
    return batch;
  };
  ASSERT_TRUE(Acked(*st, make(1, 3), 3));      // arrays
  ASSERT_TRUE(Acked(*st, make(4, 123), 123));  // straight into the tables
  auto with_resend = make(124, 243);
  with_resend.insert(with_resend.begin(), sent[0]);  // sequence 1 again: staged
  ASSERT_TRUE(Acked(*st, with_resend, 243));
  EXPECT_TRUE(st->rejects().empty());

  std::map<std::string, std::string> want;
  for (auto r : sent) {
    std::string id = r.check_id();
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    r.set_check_id(id);
    want[id] = ToHex(crypto::Sha256(AsBytes(r.SerializeAsString())));
  }
  std::map<std::string, std::string> got;
  std::istringstream rows(
      Sql("SELECT string_agg(subject || ' ' || (details::json->>'digest'), ' ') FROM audit_log "
          "WHERE event = 'check.result' AND device_id = '" +
          t.device_id() + "'"));
  for (std::string id, digest; rows >> id >> digest;) got[id] = digest;
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_EQ(got, want);
  EXPECT_TRUE(st->Close().ok());
}

// Fields this server does not know (a newer agent's, or padding no limit bounds) are dropped
// before anything is stored: before, a megabyte inside the patient fields went whole into the
// sealed row, and every page of HQ's results list read it.
TEST_F(TerminalInput, FieldsTheServerDoesNotKnowAreNotStoredSealedOrAudited) {
  auto t = NewTerminal();
  auto st = Opened(t);
  ASSERT_TRUE(st);
  auto pad = [](google::protobuf::Message* m, size_t bytes) {
    m->GetReflection()->MutableUnknownFields(m)->AddLengthDelimited(99, std::string(bytes, 'x'));
  };
  std::vector<v1::CheckResult> sent, plain;
  auto make = [&](uint64_t from, uint64_t to, size_t bytes) {
    std::vector<v1::CheckResult> batch;
    for (uint64_t seq = from; seq <= to; ++seq) {
      auto r = TestTerminal::MakeResult(seq, TestTerminal::NewCheckId());
      plain.push_back(r);
      pad(r.mutable_eligibility(), bytes);
      if (seq % 2 == 0) pad(&r, 100);
      if (seq % 3 == 0) pad(r.mutable_reader(), 100);
      batch.push_back(r);
      sent.push_back(r);
    }
    return batch;
  };
  ASSERT_TRUE(Acked(*st, make(1, 3, 1 << 20), 3));       // arrays
  ASSERT_TRUE(Acked(*st, make(4, 123, 16 << 10), 123));  // straight into the tables
  auto with_resend = make(124, 243, 16 << 10);
  with_resend.insert(with_resend.begin(), sent[0]);  // sequence 1 again: staged
  ASSERT_TRUE(Acked(*st, with_resend, 243));
  EXPECT_TRUE(st->rejects().empty());

  const std::string mine = "device_id = '" + t.device_id() + "'";
  // The patient fields as known (≈ 0.3 KB sealed), not the padding.
  EXPECT_EQ(Sql("SELECT count(*) || ' ' || (max(octet_length(p.sealed)) < 2048) FROM "
                "check_patient_data p JOIN check_results c USING (check_id) WHERE c." +
                mine),
            "243 true");
  // Each audit record's digest is of the result without the unknown fields.
  std::map<std::string, std::string> want, got;
  for (const auto& r : plain) {
    want[r.check_id()] = ToHex(crypto::Sha256(AsBytes(r.SerializeAsString())));
  }
  std::istringstream rows(
      Sql("SELECT string_agg(subject || ' ' || (details::json->>'digest'), ' ') FROM audit_log "
          "WHERE event = 'check.result' AND " +
          mine));
  for (std::string id, digest; rows >> id >> digest;) got[id] = digest;
  EXPECT_EQ(got, want);
  // Said in HQ's log with a result to find (a newer agent's data is lost once acknowledged), once
  // a minute at most however many results carried such fields.
  const std::string log = rig_->ServerLog();
  const std::string line = "fields this HQ does not know were dropped from";
  size_t lines = 0;
  for (size_t at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++lines;
  EXPECT_EQ(lines, 1u) << log;
  EXPECT_NE(log.find("the last from device " + t.device_id()), std::string::npos) << log;
  EXPECT_TRUE(st->Close().ok());
}

// Text that is not UTF-8 makes protobuf refuse the whole message, so its results cannot be
// answered one by one; before, the stream then closed with OK as if the terminal had hung up.
// Now the terminal is told why, nothing of the message is stored, and its next stream works.
TEST_F(TerminalInput, AMessageWithBrokenUtf8IsAnsweredNotTakenForAHangUp) {
  auto t = NewTerminal();
  auto stream = t.Connect(rig_->address());
  ASSERT_TRUE(stream->Open());
  auto r = TestTerminal::MakeResult(1, TestTerminal::NewCheckId());
  r.mutable_eligibility()->set_name("\xff\xfe\x80");  // not UTF-8
  ASSERT_TRUE(stream->Send({r}));
  auto ack = stream->WaitAck(1);
  ASSERT_FALSE(ack.ok());
  EXPECT_NE(ack.error().ToString().find("agent.unreadable_message"), std::string::npos)
      << ack.error().ToString();
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = '" + t.device_id() + "'"),
            "0");
  auto again = t.Connect(rig_->address());
  ASSERT_TRUE(again->Open());
  ASSERT_TRUE(again->Send({TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}));
  auto fine = again->WaitAck(1);
  ASSERT_TRUE(fine.ok()) << fine.error().ToString();
  EXPECT_TRUE(again->Close().ok());
}

// A terminal that opens stream after stream (a broken agent leaking them, or its key copied)
// holds at most four at once: each one beyond closes its oldest, so one terminal cannot take the
// memory every branch's streams share. What it sent is kept; its newest streams and every other
// terminal's go on.
TEST_F(TerminalInput, ATerminalHoldsAtMostFourStreamsAndItsOldestGiveWay) {
  auto t = NewTerminal();
  auto other = NewTerminal();
  auto elsewhere = Opened(other);
  ASSERT_NE(elsewhere, nullptr);
  std::vector<std::unique_ptr<TerminalStream>> streams;
  uint64_t seq = 0;
  for (int i = 0; i < 6; ++i) {
    streams.push_back(Opened(t));
    ASSERT_NE(streams.back(), nullptr) << i;
    // Acknowledged means registered: the order of the streams is the server's order too.
    ASSERT_TRUE(
        Acked(*streams.back(), {TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId())}, seq))
        << i;
  }
  for (int i : {0, 1}) {
    EXPECT_EQ(streams[i]->Close().error_code(), grpc::StatusCode::CANCELLED) << i;
  }
  for (int i : {2, 3, 4, 5}) {
    EXPECT_TRUE(
        Acked(*streams[i], {TestTerminal::MakeResult(++seq, TestTerminal::NewCheckId())}, seq))
        << i;
  }
  EXPECT_TRUE(Acked(*elsewhere, {TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}, 1));
  for (int i : {2, 3, 4, 5}) EXPECT_TRUE(streams[i]->Close().ok()) << i;
  EXPECT_TRUE(elsewhere->Close().ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE device_id = '" + t.device_id() + "'"),
            "10");
}

// Opening a stream costs the shared database several queries before anything else. A terminal
// reconnecting in a tight loop gets 60 in a burst (an agent's backoff never comes near), then is
// told to wait, before any of that work; other terminals connect as before.
TEST_F(TerminalInput, ATerminalReconnectingInALoopIsToldToWaitAndNobodyElseIs) {
  const size_t log_before = rig_->ServerLog().size();  // the suite shares one server
  auto t = NewTerminal();
  int opened = 0;
  grpc::Status refused;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100 && refused.ok(); ++i) {
    auto s = t.Connect(rig_->address());
    if (s->Open()) {
      ++opened;
      EXPECT_TRUE(s->Close().ok()) << i;
    } else {
      refused = s->Close();
    }
  }
  // The bucket refills one a second while the loop runs.
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_GE(opened, 60);
  EXPECT_LE(opened, 61 + seconds);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message().rfind("agent.reconnecting_too_fast", 0), 0u)
      << refused.error_message();
  // Each refused try was two lines of HQ's log, without bound: journald then drops every line
  // of the server, other branches' too. Now at most 20 a minute, and nothing for the end of a
  // stream that never was the terminal's.
  int refused_more = 0;
  for (int i = 0; i < 200; ++i) {
    auto s = t.Connect(rig_->address());
    if (s->Open()) {
      ++opened;  // the bucket's one a second
    } else {
      ++refused_more;
    }
    (void)s->Close();
  }
  EXPECT_GE(refused_more, 150);
  auto Count = [&](const std::string& log, const std::string& what) {
    size_t n = 0;
    for (size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
  };
  const std::string log = rig_->ServerLog().substr(log_before);
  EXPECT_GE(Count(log, "opens streams faster than allowed"), 1u);
  EXPECT_LE(Count(log, "opens streams faster than allowed"), 20u);
  EXPECT_LE(Count(log, " disconnected"), static_cast<size_t>(opened) + 2) << log.size();
  auto other = NewTerminal();
  auto fine = Opened(other);
  ASSERT_NE(fine, nullptr);
  EXPECT_TRUE(Acked(*fine, {TestTerminal::MakeResult(1, TestTerminal::NewCheckId())}, 1));
  EXPECT_TRUE(fine->Close().ok());
}

}  // namespace
}  // namespace kakunin::testing
