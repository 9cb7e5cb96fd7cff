#pragma once
// Byte buffers and hex, used wherever APDUs, digests and keys are handled.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"

namespace kakunin {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Lower-case hex without separators ("00a4040c").
std::string ToHex(ByteView bytes);
// The same, appended to `out` (a buffer reused across many values keeps its capacity).
void AppendHex(ByteView bytes, std::string* out);
// Upper-case hex with spaces between bytes ("00 A4 04 0C"), for APDU logs.
std::string ToSpacedHex(ByteView bytes);
// Accepts upper or lower case, ignores spaces; fails on odd length or non-hex characters.
Result<Bytes> FromHex(std::string_view hex);

inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
// The same bytes without a copy, valid while `s` is.
inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string ToString(ByteView b) { return std::string(b.begin(), b.end()); }

}  // namespace kakunin
