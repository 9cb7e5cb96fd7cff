// Any bytes as a console's QueryResults request: the checks must never crash, and a request they
// accept must carry a page token and period that the SQL can take as they are.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "kakunin/v1/console.pb.h"
#include "server/storage/results_query.h"

// Invalid UTF-8 is an expected parse failure here; protobuf's log line for each is noise.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kakunin;
  v1::QueryResultsRequest req;
  if (!req.ParseFromArray(data, static_cast<int>(size))) {
    // Also the page token alone, the field most worth mutating.
    req.Clear();
    req.set_page_token(std::string(reinterpret_cast<const char*>(data), size));
  }
  auto q = server::ParseResultsQuery(req);
  if (q.ok()) {
    if (q->limit == 0 || q->limit > 1000) std::abort();
    if (!server::IsUuidText(q->cursor_id)) std::abort();
    if (q->cursor_us && *q->cursor_us < 0) std::abort();
    if (q->from_us && q->to_us && *q->from_us > *q->to_us) std::abort();
  }
  return 0;
}
