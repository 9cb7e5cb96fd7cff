#include "server/audit/audit_page_token.h"

#include <limits>

namespace kakunin::server {

std::optional<int64_t> ParseAuditPageToken(std::string_view token) {
  if (token.empty() || token.size() > 19) return std::nullopt;
  uint64_t n = 0;  // 19 digits fit in 64 bits unsigned: no overflow before the check below
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n == 0 || n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<int64_t>(n);
}

}  // namespace kakunin::server
