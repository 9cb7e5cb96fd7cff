// The dashboard's counts (migration 0011: check_counts_hourly and check_counts_daily; 0012:
// check_counts_monthly per site, check_counts_chain_hourly and _daily with sites folded; all kept
// by statement triggers on check_results) always equal the aggregation of check_results itself,
// and GetDashboard answers exactly what aggregating check_results would (the query it ran before
// issue 18, and the same with sites folded or summed over the whole range), over ranges that cut
// hours, days and months anywhere. Against a real kakunin-server and PostgreSQL, results sent
// over terminals' streams:
// - resends are absorbed and not counted twice; a check id already taken by another terminal
//   becomes a refusal row (a result row like any other, counted as such); a sequence without a
//   slot goes to ingest_refusals and counts nowhere;
// - rows deleted or changed directly keep the counts right (retention drops patient partitions
//   only, never results; an operator's repair or a restore may touch them);
// - GetDashboard by hour and by day, bucket by bucket, against the raw SQL aggregation: buckets
//   per site, sites folded, and totals per site.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kA[] = "honcho";
constexpr char kB[] = "ekimae";
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// 00:00 Japan time (UTC+9, no DST) of the day holding `t`.
int64_t JapanMidnight(int64_t t) { return (t + 9 * kHour) / kDay * kDay - 9 * kHour; }

// Counts grouped as the dashboard groups them, from check_results and from the count tables
// (summed over slots, all-zero rows left out: they are what deletes leave behind). `unit` is
// hour, day or month; `table` the count table, or empty for check_results; without `by_site`,
// sites are folded.
std::string CountQuery(const std::string& unit, const std::string& table, bool by_site) {
  const std::string site = by_site ? "site_id" : "''";
  if (table.empty()) {
    return "SELECT date_trunc('" + unit +
           "', checked_at AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo' AS s, " + site +
           " AS site, mode, count(*) AS n, count(*) FILTER (WHERE outcome = 9) AS f, "
           "count(*) FILTER (WHERE source IN (2, 3)) AS fb, count(*) FILTER (WHERE "
           "name_unrepresentable) AS u FROM check_results GROUP BY 1, 2, 3";
  }
  return "SELECT " + unit + "_start AS s, " + site +
         " AS site, mode, sum(checks)::bigint AS n, sum(failures)::bigint AS f, "
         "sum(fallbacks)::bigint AS fb, sum(unrepresentable)::bigint AS u FROM " +
         table +
         " GROUP BY 1, 2, 3 HAVING sum(checks) <> 0 OR sum(failures) <> 0 OR sum(fallbacks) "
         "<> 0 OR sum(unrepresentable) <> 0";
}

class CheckCountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-check-counts");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kA, "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ASSERT_TRUE(
        rig_->Cli({"site", "add"}, {"--id", kB, "--name", "駅前薬局", "--auto-approve"}).ok());
    for (auto [site, t] : {std::pair{kA, &a1_}, std::pair{kA, &a2_}, std::pair{kB, &b1_}}) {
      auto e = EnrollTerminal(*rig_, site);
      ASSERT_TRUE(e.ok()) << e.error().ToString();
      *t = *e;
    }
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    auto token = ConsoleLogin(*console_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    token_ = *token;
    base_ = NowSeconds() - kHour;
  }
  static void TearDownTestSuite() {
    delete console_;
    delete rig_;
    RemoveTree(dir_);
  }

  static std::string Sql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "<error>";
  }

  // Groups where the count tables and check_results disagree, both ways; "" when none.
  static std::string Mismatches() {
    struct Table {
      const char *unit, *name;
      bool by_site;
    };
    std::string out;
    for (const Table& t :
         {Table{"hour", "check_counts_hourly", true}, Table{"day", "check_counts_daily", true},
          Table{"month", "check_counts_monthly", true},
          Table{"hour", "check_counts_chain_hourly", false},
          Table{"day", "check_counts_chain_daily", false}}) {
      const std::string raw = CountQuery(t.unit, "", t.by_site),
                        counts = CountQuery(t.unit, t.name, t.by_site);
      out +=
          Sql("(" + raw + " EXCEPT " + counts + ") UNION ALL (" + counts + " EXCEPT " + raw + ")");
    }
    return out;
  }

  // Results spread over the two days before base_ (hours and days of both kinds cut), with
  // every kind of counted field.
  static v1::ResultBatch Spread(uint64_t first, uint64_t count, int64_t step_seconds,
                                int64_t newest = base_) {
    v1::ResultBatch batch = MakeResults(first, count);
    for (int i = 0; i < batch.results_size(); ++i) {
      auto* r = batch.mutable_results(i);
      r->mutable_checked_at()->set_seconds(newest - i * step_seconds);
      r->mutable_checked_at()->set_nanos((i % 3) * 250'000'000);
      r->set_mode(static_cast<v1::IdentityMode>(1 + i % 3));
      r->set_outcome(i % 4 == 0 ? v1::OUTCOME_ERROR : v1::OUTCOME_ELIGIBLE);
      r->set_source(i % 5 == 0   ? v1::CHECK_SOURCE_RECHECK
                    : i % 7 == 0 ? v1::CHECK_SOURCE_DOCUMENT
                                 : v1::CHECK_SOURCE_CARD);
      r->mutable_eligibility()->set_name_has_unrepresentable(i % 6 == 0);
    }
    return batch;
  }

  // GetDashboard's buckets (or site totals) as "start_us|site|mode|checks|failures|fallbacks|外字"
  // lines.
  static std::string DashboardLines(int64_t from_us, int64_t to_us, bool hourly,
                                    v1::DashboardSiteDetail detail, bool totals = false) {
    v1::GetDashboardRequest req;
    req.mutable_from()->set_seconds(from_us / 1'000'000);
    req.mutable_from()->set_nanos(static_cast<int32_t>(from_us % 1'000'000 * 1000));
    req.mutable_to()->set_seconds(to_us / 1'000'000);
    req.mutable_to()->set_nanos(static_cast<int32_t>(to_us % 1'000'000 * 1000));
    req.set_hourly(hourly);
    req.set_site_detail(detail);
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    v1::Dashboard d;
    auto s = console_->GetDashboard(&ctx, req, &d);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::ostringstream out;
    for (const auto& b : totals ? d.site_totals() : d.buckets()) {
      out << (b.start().seconds() * 1'000'000 + b.start().nanos() / 1000) << '|' << b.site_id()
          << '|' << b.mode() << '|' << b.checks() << '|' << b.failures() << '|' << b.fallbacks()
          << '|' << b.names_unrepresentable() << '\n';
    }
    return Trim(out.str());
  }

  // The query GetDashboard ran before issue 18, over check_results alone; sites folded without
  // `by_site`; one row per site and mode, starting at `from_us`, with `totals`.
  static std::string RawLines(int64_t from_us, int64_t to_us, bool hourly, bool by_site,
                              bool totals = false) {
    auto at = [](int64_t us) {
      return "'epoch'::timestamptz + " + std::to_string(us) + "::bigint * interval '1 microsecond'";
    };
    const std::string start =
        totals ? std::to_string(from_us)
               : "(extract(epoch FROM date_trunc('" + std::string(hourly ? "hour" : "day") +
                     "', c.checked_at AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo') * "
                     "1e6)::bigint";
    return Sql("SELECT " + start + ", " + (by_site ? "c.site_id" : "''") +
               ", c.mode, count(*), count(*) FILTER (WHERE c.outcome = 9), count(*) FILTER "
               "(WHERE c.source IN (2, 3)), count(*) FILTER (WHERE c.name_unrepresentable) FROM "
               "check_results c WHERE c.checked_at >= " +
               at(from_us) + " AND c.checked_at < " + at(to_us) +
               " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::string token_;
  static inline Terminal a1_, a2_, b1_;
  static inline int64_t base_ = 0;
};

TEST_F(CheckCountsTest, CountsFollowIngestWithResendsAndRefusals) {
  auto a1 = TerminalStream::Open(*rig_, a1_);
  auto a2 = TerminalStream::Open(*rig_, a2_);
  auto b1 = TerminalStream::Open(*rig_, b1_);
  ASSERT_TRUE(a1.ok() && a2.ok() && b1.ok());
  const v1::ResultBatch first = Spread(1, 60, 2357);
  ASSERT_EQ(*(*a1)->Send(first), 60u);
  // The same batch again (a terminal that missed its ack): absorbed, not counted twice.
  ASSERT_EQ(*(*a1)->Send(first), 60u);
  // a2's first result reuses a check id a1 already stored: a refusal row takes its slot.
  v1::ResultBatch taken = Spread(1, 2, 4001);
  taken.mutable_results(0)->set_check_id(first.results(0).check_id());
  ASSERT_EQ(*(*a2)->Send(taken), 2u);
  // Sequence 0 has no slot in check_results: kept in ingest_refusals only.
  v1::ResultBatch unslotted = Spread(1, 1, 1);
  *unslotted.add_results() = Spread(0, 1, 1).results(0);
  unslotted.mutable_results(1)->set_sequence(0);
  ASSERT_EQ(*(*b1)->Send(unslotted), 1u);

  EXPECT_EQ(Sql("SELECT count(*) FROM check_results"), "63");
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE error_reason = 'ingest.rejected'"), "1");
  EXPECT_EQ(Sql("SELECT count(*) FROM ingest_refusals"), "1");
  EXPECT_EQ(Sql("SELECT sum(checks) FROM check_counts_hourly"), "63");
  EXPECT_EQ(Sql("SELECT sum(checks) FROM check_counts_daily"), "63");
  EXPECT_EQ(Mismatches(), "");
}

TEST_F(CheckCountsTest, CountsFollowRowsDeletedOrChanged) {
  ASSERT_EQ(Sql("SELECT count(*) > 0 FROM check_results"), "t");
  Sql("UPDATE check_results SET mode = 3, outcome = 9, checked_at = checked_at - interval "
      "'5 hours' WHERE sequence % 3 = 0");
  Sql("DELETE FROM check_results WHERE sequence % 4 = 0");
  EXPECT_EQ(Mismatches(), "");
  EXPECT_EQ(Sql("SELECT sum(checks) FROM check_counts_daily"),
            Sql("SELECT count(*) FROM check_results"));
}

TEST_F(CheckCountsTest, DashboardOverAnyRangeEqualsTheRawAggregation) {
  // Checks every 36 hours over the 80 days before, so that ranges hold whole months with checks.
  auto b1 = TerminalStream::Open(*rig_, b1_);
  ASSERT_TRUE(b1.ok());
  ASSERT_EQ(*(*b1)->Send(Spread(2, 54, 36 * kHour + 1234, base_ - 3 * kDay)), 55u);  // acked up to
  EXPECT_EQ(Mismatches(), "");

  const int64_t us = 1'000'000;
  const int64_t midnight = JapanMidnight(base_);
  struct Range {
    int64_t from_us, to_us;
  };
  const std::vector<Range> ranges = {
      {(base_ - 50 * kHour + 17 * 60 + 23) * us + 500'000, (base_ - 3 * kHour + 42 * 60) * us},
      {(base_ - 3 * kDay) * us, (base_ + kHour) * us},                      // whole days inside
      {(midnight - 2 * kDay) * us, midnight * us},                          // exactly two days
      {(midnight - 5 * kHour + 1) * us, (midnight + 2 * kHour + 7) * us},   // across midnight
      {(base_ - 20 * kHour + 100) * us, (base_ - 20 * kHour + 2000) * us},  // inside an hour
      {(base_ - 20 * kHour) * us - 1, (base_ - 19 * kHour) * us + 1},       // one hour and 2 µs
      {(base_ - 85 * kDay + 5 * kHour + 77) * us, (base_ + kHour) * us},    // whole months
      {(midnight - 62 * kDay) * us, (midnight - 9 * kDay + 3) * us},        // months, partly
  };
  using D = v1::DashboardSiteDetail;
  int with_checks = 0;
  for (const Range& r : ranges) {
    for (bool hourly : {true, false}) {
      SCOPED_TRACE(std::to_string(r.from_us) + " .. " + std::to_string(r.to_us) +
                   (hourly ? " by hour" : " by day"));
      const std::string raw = RawLines(r.from_us, r.to_us, hourly, true);
      with_checks += !raw.empty();
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_BUCKETS), raw);
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_NONE),
                RawLines(r.from_us, r.to_us, hourly, false));
      const std::string raw_totals = RawLines(r.from_us, r.to_us, hourly, true, true);
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_TOTALS, true),
                raw_totals);
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_BUCKETS, true),
                raw_totals);
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_NONE, true),
                "");
    }
  }
  EXPECT_GE(with_checks, 12);  // the ranges are not all empty
}

// A partial hour at either end of a range is read, when that is fewer rows, as its hour's counts
// less the rows of the hour outside the range; the hour in progress always is (nothing lies after
// now but checks dated ahead). Rows just past a range's end, just before its start, and a check
// dated ahead of now must each be taken away exactly.
TEST_F(CheckCountsTest, DashboardTakesAwayWhatLiesOutsideItsRangeWithinAnHour) {
  auto terminal = EnrollTerminal(*rig_, kB);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  auto stream = TerminalStream::Open(*rig_, *terminal);
  ASSERT_TRUE(stream.ok());
  const int64_t now = NowSeconds();
  const int64_t hour = now - now % kHour;  // Japan's hours begin where UTC's do
  const int64_t past = hour - 30 * kHour;  // a whole past hour
  const int64_t early = past - 2 * kHour;  // another
  const std::vector<int64_t> at = {
      past + 50 * 60,
      past + 50 * 60 + 1,
      past + 55 * 60,  // late in their hour
      early + 5 * 60,
      early + 5 * 60 + 1,              // early in theirs
      hour + (now - hour) / 2,         // this hour, before now
      now + (hour + kHour - now) / 2,  // this hour, dated ahead
  };
  v1::ResultBatch batch = Spread(1, at.size(), 1);
  for (size_t i = 0; i < at.size(); ++i) {
    batch.mutable_results(static_cast<int>(i))->mutable_checked_at()->set_seconds(at[i]);
  }
  ASSERT_EQ(*(*stream)->Send(batch), at.size());
  EXPECT_EQ(Mismatches(), "");

  const int64_t us = 1'000'000;
  struct Range {
    int64_t from_us, to_us;
  };
  const std::vector<Range> ranges = {
      {(now - kDay) * us, now * us},                                 // live, by hour
      {(now - 30 * kDay) * us, now * us},                            // live, by day
      {(early + 5 * 60) * us + 1, (past + 50 * 60) * us},            // both ends cut just inside
      {(early + 5 * 60 + 1) * us, (past + 55 * 60) * us + 1},        // a little further in
      {(early + 50 * 60) * us, (past + 10 * 60) * us},               // short ends: rows read
      {(past + 50 * 60) * us + 300'000, (past + 55 * 60) * us + 1},  // inside one hour
  };
  using D = v1::DashboardSiteDetail;
  for (const Range& r : ranges) {
    for (bool hourly : {true, false}) {
      SCOPED_TRACE(std::to_string(r.from_us) + " .. " + std::to_string(r.to_us) +
                   (hourly ? " by hour" : " by day"));
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_BUCKETS),
                RawLines(r.from_us, r.to_us, hourly, true));
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_NONE),
                RawLines(r.from_us, r.to_us, hourly, false));
      EXPECT_EQ(DashboardLines(r.from_us, r.to_us, hourly, D::DASHBOARD_SITE_DETAIL_TOTALS, true),
                RawLines(r.from_us, r.to_us, hourly, true, true));
    }
  }
  // The ranges hold some of those checks and not others: what was taken away mattered.
  EXPECT_EQ(Sql("SELECT count(*) FROM check_results WHERE checked_at >= to_timestamp(" +
                std::to_string(early + 5 * 60 + 1) + ") AND checked_at < to_timestamp(" +
                std::to_string(past + 55 * 60) + ") AND device_id = '" + terminal->device_id + "'"),
            "3");
}

}  // namespace
}  // namespace kakunin::testing::hq
