// A console's QueryResults request is checked before any query: page tokens that the server did
// not hand out, ids with NUL or of any length, periods out of range or backwards, and enum values
// out of range are INVALID_ARGUMENT with a reason id (before, several of them reached PostgreSQL
// and came back as UNAVAILABLE "db.error" with the SQL text), and the period is honoured.

#include "server/storage/results_query.h"

#include <gtest/gtest.h>

namespace kakunin::server {
namespace {

std::string ReasonOf(const v1::QueryResultsRequest& req) {
  auto q = ParseResultsQuery(req);
  return q.ok() ? "" : q.error().reason();
}

TEST(ResultsQuery, PageTokens) {
  v1::QueryResultsRequest req;
  req.set_page_token("1795000000000000/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90");
  auto q = ParseResultsQuery(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q->cursor_us, 1795000000000000);
  EXPECT_EQ(q->cursor_id, "0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90");
  req.set_page_token("253402300799999999/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90");  // the last one
  EXPECT_TRUE(ParseResultsQuery(req).ok());
  for (const char* bad :
       {"garbage", "/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90", "12/not-a-uuid",
        "99999999999999999999/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90",
        // past year 9999 (PostgreSQL's arithmetic on it overflowed into a database error)
        "253402300800000000/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90",
        "9223372036854775800/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90",
        "-5/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90", "1x/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90",
        "12/0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90'; DROP TABLE users; --"}) {
    req.set_page_token(bad);
    EXPECT_EQ(ReasonOf(req), "results.bad_page_token") << bad;
  }
}

TEST(ResultsQuery, FilterAndPeriod) {
  v1::QueryResultsRequest req;
  req.mutable_filter()->mutable_from()->set_seconds(1793458800);  // 2026-11-01 00:00 JST
  req.mutable_filter()->mutable_to()->set_seconds(1796050799);    // 2026-11-30 23:59:59 JST
  auto q = ParseResultsQuery(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q->from_us, 1793458800000000);
  EXPECT_EQ(*q->to_us, 1796050799000000);

  auto swapped = req;
  swapped.mutable_filter()->mutable_from()->set_seconds(1796050800);
  EXPECT_EQ(ReasonOf(swapped), "results.bad_period");
  auto overflow = req;
  overflow.mutable_filter()->mutable_to()->set_seconds(INT64_MAX);
  EXPECT_EQ(ReasonOf(overflow), "results.bad_period");
  auto negative_nanos = req;
  negative_nanos.mutable_filter()->mutable_from()->set_nanos(-1);
  EXPECT_EQ(ReasonOf(negative_nanos), "results.bad_period");

  auto nul = req;
  nul.mutable_filter()->set_site_id(std::string("hon\0cho", 7));
  EXPECT_EQ(ReasonOf(nul), "results.bad_filter");
  auto long_id = req;
  long_id.mutable_filter()->set_device_id(std::string(65, 'd'));
  EXPECT_EQ(ReasonOf(long_id), "results.bad_filter");
  auto bad_enum = req;
  bad_enum.mutable_filter()->set_outcome(static_cast<v1::Outcome>(40000));
  EXPECT_EQ(ReasonOf(bad_enum), "results.bad_filter");
}

TEST(ResultsQuery, PageSizeIsBounded) {
  v1::QueryResultsRequest req;
  EXPECT_EQ(ParseResultsQuery(req)->limit, 100u);
  req.set_page_size(5);
  EXPECT_EQ(ParseResultsQuery(req)->limit, 5u);
  req.set_page_size(4000000000u);
  EXPECT_EQ(ParseResultsQuery(req)->limit, 1000u);
}

}  // namespace
}  // namespace kakunin::server
