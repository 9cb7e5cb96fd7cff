// libFuzzer target: what the terminal-files route reads from names and fields others wrote
// (agent/daemon/terminal_file_names.h). The first input byte picks the target; the rest is the
// input. 0: ProcessExecutionTime (and its plausibility window); 1: a file name in res/.
// Invariants (a violation traps): a time taken is 14 digits and reads back from its own UTC
// form; an execution time taken lies within its window; an id taken from a name is ours
// ("KKN…") and the name is exactly prefix + id + ".xml" or ".err".

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

#include "agent/daemon/terminal_file_names.h"

namespace {

namespace agent = kakunin::agent;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void FuzzTime(std::string_view in) {
  auto t = agent::ParseCompactTime(in);
  if (t) {
    Check(in.size() == 14 && in.find_first_not_of("0123456789") == std::string_view::npos);
    std::tm tm{};
    Check(gmtime_r(&*t, &tm) != nullptr);
    // A day or second past the end rolls on (as timegm): the rolled form names the same time.
    if (tm.tm_year + 1900 <= 9999) {
      char again[32];
      std::snprintf(again, sizeof again, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
      Check(agent::ParseCompactTime(again) == t);
    }
  }
  const std::time_t now = 1767225600;  // 2026-01-01T00:00:00Z
  if (auto utc = agent::ExecutionTimeUtc(in, now)) {
    Check(t && *utc == *t - 9 * 3600 && *utc > now - 2 * 86400 && *utc < now + 600);
  }
}

void FuzzName(std::string_view name) {
  bool error_file = false;
  auto id = agent::OwnFileId(name, &error_file);
  if (!id) return;
  Check(id->rfind("KKN", 0) == 0);
  const std::string ext = error_file ? ".err" : ".xml";
  Check(name == "OQSsiquc01res_" + *id + ext || name == "OQSsiquc01req_" + *id + ext);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    FuzzTime(in);
  } else {
    FuzzName(in);
  }
  return 0;
}
