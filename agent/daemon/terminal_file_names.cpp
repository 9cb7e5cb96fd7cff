#include "agent/daemon/terminal_file_names.h"

#include <chrono>

#include "agent/eligibility/xml_codec.h"
#include "agent/eligibility/xml_exchange.h"

namespace kakunin::agent {
namespace xml = eligibility::xml;

// By hand: strptime and timegm do not exist on Windows.
std::optional<std::time_t> ParseCompactTime(std::string_view compact) {
  if (compact.size() != 14) return std::nullopt;
  int v[6];
  const int widths[6] = {4, 2, 2, 2, 2, 2};
  for (size_t i = 0, pos = 0; i < 6; pos += widths[i], ++i) {
    v[i] = 0;
    for (int k = 0; k < widths[i]; ++k) {
      const char c = compact[pos + k];
      if (c < '0' || c > '9') return std::nullopt;
      v[i] = v[i] * 10 + (c - '0');
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 61) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_days day = sys_days(year(v[0]) / month(v[1]) / 1) + days(v[2] - 1);
  return static_cast<std::time_t>(day.time_since_epoch() / seconds(1)) + v[3] * 3600 + v[4] * 60 +
         v[5];
}

std::optional<std::time_t> ExecutionTimeUtc(std::string_view compact, std::time_t now) {
  auto local = ParseCompactTime(compact);
  if (!local) return std::nullopt;
  const std::time_t utc = *local - 9 * 3600;
  if (utc > now - 86400 * 2 && utc < now + 600) return utc;
  return std::nullopt;
}

std::optional<std::string> OwnFileId(std::string_view name, bool* error_file) {
  for (std::string_view prefix : {xml::kAnswerPrefix, xml::kRequestPrefix}) {
    const std::string full = std::string(prefix) + std::string(eligibility::kOwnIdPrefix);
    if (name.substr(0, full.size()) != full) continue;
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot <= prefix.size()) return std::nullopt;
    const std::string_view ext = name.substr(dot);
    *error_file = ext == ".err";
    if (ext != ".xml" && ext != ".err") return std::nullopt;
    return std::string(name.substr(prefix.size(), dot - prefix.size()));
  }
  return std::nullopt;
}

}  // namespace kakunin::agent
