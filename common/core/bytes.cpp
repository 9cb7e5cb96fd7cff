#include "common/core/bytes.h"

namespace kakunin {
namespace {
constexpr char kLower[] = "0123456789abcdef";
constexpr char kUpper[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

void AppendHex(ByteView bytes, std::string* out) {
  const size_t at = out->size();
  out->resize(at + bytes.size() * 2);
  char* p = out->data() + at;
  for (uint8_t b : bytes) {
    *p++ = kLower[b >> 4];
    *p++ = kLower[b & 0xF];
  }
}

std::string ToHex(ByteView bytes) {
  std::string out;
  AppendHex(bytes, &out);
  return out;
}

std::string ToSpacedHex(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i) out.push_back(' ');
    out.push_back(kUpper[bytes[i] >> 4]);
    out.push_back(kUpper[bytes[i] & 0xF]);
  }
  return out;
}

Result<Bytes> FromHex(std::string_view hex) {
  Bytes out;
  int high = -1;
  for (char c : hex) {
    if (c == ' ' || c == ':') continue;
    int v = HexValue(c);
    if (v < 0) {
      return MakeError(ErrorCode::kInvalidArgument, "hex.bad_char",
                       std::string("not a hex digit: '") + c + "'");
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0)
    return MakeError(ErrorCode::kInvalidArgument, "hex.odd_length", "odd number of hex digits");
  return out;
}

}  // namespace kakunin
