#include "server/storage/results_query.h"

#include <algorithm>
#include <climits>

namespace kakunin::server {

Result<ResultsQuery> ParseResultsQuery(const v1::QueryResultsRequest& req) {
  const auto& f = req.filter();
  ResultsQuery q;
  uint32_t limit = req.page_size() == 0 ? 100 : std::min<uint32_t>(req.page_size(), 1000);
  auto bad = [](const std::string& reason, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, reason, message);
  };
  // Keyset cursor: "<checked_at micros>/<check_id>" of the last row of the previous page. It
  // comes back from the client, so it is checked like any other input.
  std::optional<int64_t> cursor_us;
  std::string cursor_id = "00000000-0000-0000-0000-000000000000";
  if (!req.page_token().empty()) {
    const std::string& t = req.page_token();
    auto slash = t.find('/');
    if (t.size() > 64 || slash == std::string::npos || slash == 0 || slash > 20) {
      return bad("results.bad_page_token", "bad page token");
    }
    int64_t us = 0;
    for (size_t i = 0; i < slash; ++i) {
      if (t[i] < '0' || t[i] > '9' || us > (INT64_MAX - 9) / 10) {
        return bad("results.bad_page_token", "bad page token");
      }
      us = us * 10 + (t[i] - '0');
    }
    // Within the filter's range (year 9999): past it, PostgreSQL's timestamp arithmetic
    // overflows and the caller got a database error instead of this refusal.
    if (us > 253402300799LL * 1'000'000 + 999'999) {
      return bad("results.bad_page_token", "bad page token");
    }
    cursor_us = us;
    cursor_id = t.substr(slash + 1);
    if (!IsUuidText(cursor_id)) return bad("results.bad_page_token", "bad page token");
  }
  // The filter: ids are short printable text; times within PostgreSQL's range, from ≤ to.
  for (const std::string* id : {&f.site_id(), &f.device_id()}) {
    if (id->size() > 64 || id->find('\0') != std::string::npos) {
      return bad("results.bad_filter", "site or terminal id too long or malformed");
    }
  }
  auto micros = [](const google::protobuf::Timestamp& t) -> std::optional<int64_t> {
    if (t.seconds() < 0 || t.seconds() > 253402300799 || t.nanos() < 0 || t.nanos() > 999999999) {
      return std::nullopt;
    }
    return t.seconds() * 1'000'000 + t.nanos() / 1000;
  };
  std::optional<int64_t> from_us, to_us;
  if (f.has_from()) {
    from_us = micros(f.from());
    if (!from_us) return bad("results.bad_period", "the period's start is out of range");
  }
  if (f.has_to()) {
    to_us = micros(f.to());
    if (!to_us) return bad("results.bad_period", "the period's end is out of range");
  }
  if (from_us && to_us && *from_us > *to_us) {
    return bad("results.bad_period", "the period ends before it starts");
  }
  for (int v :
       {static_cast<int>(f.mode()), static_cast<int>(f.route()), static_cast<int>(f.outcome())}) {
    if (v < 0 || v > 32767) return bad("results.bad_filter", "unknown mode, route or outcome");
  }
  q.limit = limit;
  q.cursor_us = cursor_us;
  q.cursor_id = cursor_id;
  q.from_us = from_us;
  q.to_us = to_us;
  return q;
}

}  // namespace kakunin::server
