#pragma once
// A console's QueryResults request, checked and decoded before it reaches a query: the keyset
// page token ("<checked_at micros>/<check_id>", handed out by the previous page and coming back
// from the client like any other input), the filter's ids, its period and its enum values.
// Pure: no database, so it is unit-tested and fuzzed on its own.

#include <cstdint>
#include <optional>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/console.pb.h"
#include "server/ingest/result_limits.h"  // IsUuidText

namespace kakunin::server {

struct ResultsQuery {
  uint32_t limit = 100;              // rows per page: 1..1000 (0 asks for the default)
  std::optional<int64_t> cursor_us;  // keyset cursor: after (cursor_us, cursor_id)
  std::string cursor_id = "00000000-0000-0000-0000-000000000000";
  std::optional<int64_t> from_us, to_us;  // the period, inclusive, Unix microseconds
};

// INVALID_ARGUMENT with "results.bad_page_token", "results.bad_filter" or "results.bad_period".
Result<ResultsQuery> ParseResultsQuery(const v1::QueryResultsRequest& req);

}  // namespace kakunin::server
