// A sequence a terminal will never send again, against a real kakunin-server and PostgreSQL.
// HQ acknowledges a terminal's results only as far as their sequences run without a gap, so one
// missing sequence (HQ restored from an older backup, rows a terminal lost) held back every
// later acknowledgement for ever: the terminal kept and resent everything after it, and each
// commit's acknowledgement query scanned all of it. The terminal's hello now says the lowest
// sequence it still holds; HQ closes the gap below it. The test proves that:
// - the gap holds acknowledgements back, and a hello without the field (an agent from before)
//   closes nothing;
// - a hello with it closes exactly the gap, audited once with the range and how many HQ lacks,
//   and the results after it are acknowledged again; the resends are stored once;
// - a lowest sequence at or below the acknowledgement changes nothing, and one beyond 2^53 is
//   ignored (the next result is acknowledged at its own number, not beyond).
// - while a gap stands, acknowledging the terminal reads one index entry, not everything stored
//   above it (each commit that took one of its batches paid for that, other branches' too); once
//   filled, a long run is acknowledged at most kAckWindow at a time.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/ingest/ack_sql.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kSite[] = "honcho";

class SequenceGapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-sequence-gap");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    auto t = EnrollTerminal(*rig_, kSite);
    ASSERT_TRUE(t.ok()) << t.error().ToString();
    terminal_ = *t;
  }
  void TearDown() override {
    rig_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  std::string Sql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "<error>";
  }

  // A new stream that says hello (`lowest_held` unset when nullopt) and sends `batch`; the
  // acknowledgement that answers it.
  Result<uint64_t> HelloThenSend(std::optional<uint64_t> lowest_held, uint64_t last_sequence,
                                 const v1::ResultBatch& batch) {
    KAKUNIN_ASSIGN_OR_RETURN(auto stream, TerminalStream::Open(*rig_, terminal_));
    v1::Hello hello;
    hello.set_last_sequence(last_sequence);
    if (lowest_held) hello.set_lowest_held_sequence(*lowest_held);
    KAKUNIN_RETURN_IF_ERROR(stream->SendHello(hello));
    return stream->Send(batch);
  }

  std::string Gaps() {
    return Sql(
        "SELECT count(*) || '|' || coalesce(string_agg(details, ';'), '') FROM audit_log "
        "WHERE event = 'device.sequence_gap'");
  }

  std::string dir_;
  std::unique_ptr<ServerRig> rig_;
  Terminal terminal_;
};

TEST_F(SequenceGapTest, TheLowestSequenceATerminalHoldsClosesTheGapBelowIt) {
  const v1::ResultBatch first = MakeResults(1, 5), after_gap = MakeResults(8, 3),
                        next = MakeResults(11, 1);
  {
    auto stream = TerminalStream::Open(*rig_, terminal_);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    ASSERT_EQ(*(*stream)->Send(first), 5u);
    // 6 and 7 never come: 8-10 are stored, not acknowledged.
    auto held = (*stream)->Send(after_gap);
    ASSERT_TRUE(held.ok()) << held.error().ToString();
    EXPECT_EQ(*held, 5u);
  }
  // An agent from before says nothing of what it holds: nothing is closed.
  auto old_agent = HelloThenSend(std::nullopt, 11, next);
  ASSERT_TRUE(old_agent.ok()) << old_agent.error().ToString();
  EXPECT_EQ(*old_agent, 5u);
  EXPECT_EQ(Gaps(), "0|");

  // It holds 8-11 and nothing below: 6-7 are closed, and what it resends is acknowledged.
  auto closed = HelloThenSend(8, 11, after_gap);
  ASSERT_TRUE(closed.ok()) << closed.error().ToString();
  EXPECT_EQ(*closed, 11u);
  EXPECT_EQ(Gaps(), R"(1|{"from":"6","to":"7","missing":2})");
  EXPECT_EQ(Sql("SELECT count(*) || '|' || count(DISTINCT sequence) || '|' || max(sequence) FROM "
                "check_results"),
            "9|9|11");

  // At or below the acknowledgement: nothing to close.
  auto nothing = HelloThenSend(5, 11, next);
  ASSERT_TRUE(nothing.ok()) << nothing.error().ToString();
  EXPECT_EQ(*nothing, 11u);
  // Beyond any sequence an agent makes: ignored, not an acknowledgement far ahead.
  auto absurd = HelloThenSend(uint64_t{1} << 60, 11, MakeResults(12, 1));
  ASSERT_TRUE(absurd.ok()) << absurd.error().ToString();
  EXPECT_EQ(*absurd, 12u);
  EXPECT_EQ(
      Sql("SELECT acked_sequence FROM devices WHERE device_id = '" + terminal_.device_id + "'"),
      "12");
  EXPECT_EQ(Gaps(), R"(1|{"from":"6","to":"7","missing":2})");
}

// Rows of check_results that the server's acknowledgement statement reads for `device_id`, run
// as the server runs it (EXPLAIN ANALYZE executes it: rolled back).
uint64_t RowsTheAcknowledgementReads(const std::string& dsn, const std::string& device_id) {
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  tx.exec0("PREPARE ack(text[]) AS " + server::AckSql());
  const auto plan = nlohmann::json::parse(tx.exec1("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ack(" +
                                                   tx.quote("{" + device_id + "}") + ")")[0]
                                              .as<std::string>());
  uint64_t rows = 0;
  auto walk = [&](auto&& self, const nlohmann::json& node) -> void {
    if (node.value("Relation Name", "") == "check_results") {
      rows += node["Actual Rows"].get<uint64_t>() * node["Actual Loops"].get<uint64_t>();
    }
    for (const auto& child : node.value("Plans", nlohmann::json::array())) self(self, child);
  };
  walk(walk, plan[0]["Plan"]);
  return rows;
}

TEST_F(SequenceGapTest, AGapCostsOneIndexEntryAndALongRunIsAcknowledgedInSteps) {
  auto stream = TerminalStream::Open(*rig_, terminal_);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  ASSERT_EQ(*(*stream)->Send(MakeResults(1, 5)), 5u);
  // 6 is missing; 7 .. 20,006 are stored (as 2,000 a message, the most one may carry) and
  // wait for it.
  constexpr uint64_t kAbove = 20'000;
  static_assert(kAbove > 2 * server::kAckWindow - 5);
  for (uint64_t first = 7; first < 7 + kAbove; first += 2'000) {
    auto held = (*stream)->Send(MakeResults(first, 2'000));
    ASSERT_TRUE(held.ok()) << held.error().ToString();
    ASSERT_EQ(*held, 5u);
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results"), std::to_string(5 + kAbove));
  // What a commit of this terminal's results pays while the gap stands: the probe for 6.
  EXPECT_LE(RowsTheAcknowledgementReads(rig_->dsn(), terminal_.device_id), 1u);

  // 6 arrives: the run 1 .. 20,006 is acknowledged a window at a time, one step per commit.
  auto filled = (*stream)->Send(MakeResults(6, 1));
  ASSERT_TRUE(filled.ok()) << filled.error().ToString();
  EXPECT_EQ(*filled, 5 + server::kAckWindow);
  auto next = (*stream)->Send(MakeResults(7 + kAbove, 1));
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(*next, 5 + 2 * server::kAckWindow);
  auto last = (*stream)->Send(MakeResults(8 + kAbove, 1));
  ASSERT_TRUE(last.ok()) << last.error().ToString();
  EXPECT_EQ(*last, 7 + kAbove + 1);
  // And with nothing waiting above, it reads no more than what it acknowledged.
  EXPECT_LE(RowsTheAcknowledgementReads(rig_->dsn(), terminal_.device_id), 1u);
}

}  // namespace
}  // namespace kakunin::testing::hq
