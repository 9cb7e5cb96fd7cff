#include "agent/card/deny_list.h"

#include <algorithm>
#include <cstring>

namespace kakunin::card {
namespace {

constexpr uint8_t kInsSelect = 0xA4;
constexpr uint8_t kP1SelectByName = 0x04;
constexpr uint8_t kClaChainingBit = 0x10;

// The data field of a command, as far as it is present (clipped to the buffer on a lying Lc).
// Empty for cases 1 and 2 and for commands too malformed to carry one.
ByteView CommandData(ByteView c) {
  if (c.size() <= 5) return {};
  if (c[4] != 0x00) {
    const size_t lc = c[4];
    return c.subspan(5, std::min(lc, c.size() - 5));
  }
  if (c.size() <= 7) return {};  // 2E (00 Le Le) or malformed
  const size_t lc = (static_cast<size_t>(c[5]) << 8) | c[6];
  return c.subspan(7, std::min(lc, c.size() - 7));
}

}  // namespace

bool IsForbiddenSelect(ByteView command) {
  if (command.size() < 4 || command[1] != kInsSelect) return false;
  // A chained SELECT could carry the name in pieces the guard never sees whole.
  if ((command[0] & kClaChainingBit) != 0) return true;
  if (command[2] != kP1SelectByName) return false;
  const ByteView name = CommandData(command);
  if (name.empty()) return true;
  const size_t n = std::min(name.size(), sizeof(kForbiddenAidPrefix));
  return std::memcmp(name.data(), kForbiddenAidPrefix, n) == 0;
}

Status CheckCommandAllowed(ByteView command) {
  if (!IsForbiddenSelect(command)) return OkStatus();
  return MakeError(ErrorCode::kInternal, "card.forbidden_aid",
                   "refused to send a SELECT that could reach an application holding the "
                   "individual number or card-face data (privacy rule)");
}

}  // namespace kakunin::card
