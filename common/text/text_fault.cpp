#include "common/text/text_fault.h"

#include <cstdint>
#include <cstring>

namespace kakunin::text {

namespace {
// Whether the well-formed sequence at `p` (lead byte C2, D8 or E2) is one of the characters
// that steer how text around them is shown rather than being shown: C1 controls (U+0080–009F,
// among them a terminal's escape U+009B), the line and paragraph separators (U+2028, 2029), and
// the bidirectional marks, embeddings, overrides and isolates (U+061C, 200E, 200F, 202A–202E,
// 2066–2069). A terminal name with U+202E reads backwards on the console and in exports.
bool IsFormatControl(const unsigned char* p) {
  if (p[0] == 0xc2) return p[1] <= 0x9f;
  if (p[0] == 0xd8) return p[1] == 0x9c;
  if (p[1] == 0x80) return p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae);
  return p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9;
}
}  // namespace

TextFault FindTextFault(std::string_view s, bool multi_line) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  bool control = false;
  size_t i = 0;
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  while (i < n) {
    // Eight printable ASCII bytes at a time (ids, dates, codes, names in Latin letters): no high
    // bit, no byte below 0x20, none equal to 0x7f (the classic "has a byte less than" and "has
    // a zero byte" tests, exact for whether any byte is such).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, sizeof w);
      const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
      const uint64_t x = w ^ (kOnes * 0x7f);
      const uint64_t del = (x - kOnes) & ~x & kHigh;
      if (((w & kHigh) | below_space | del) != 0) break;
      i += sizeof w;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0x7f || (c < 0x20 && !(multi_line && (c == '\n' || c == '\r')))) control = true;
      ++i;
      continue;
    }
    // One sequence of two to four bytes, by the table of well-formed UTF-8 (Unicode 3.9, table
    // 3-7): the second byte's range excludes overlongs (E0, F0), surrogates (ED) and what lies
    // beyond U+10FFFF (F4).
    size_t more;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      more = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return TextFault::kNotUtf8;
    }
    if (n - i <= more) return TextFault::kNotUtf8;  // truncated at the end
    if (p[i + 1] < lo || p[i + 1] > hi) return TextFault::kNotUtf8;
    for (size_t k = 2; k <= more; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return TextFault::kNotUtf8;
    }
    if (c == 0xc2 || c == 0xd8 || c == 0xe2) control = control || IsFormatControl(p + i);
    i += more + 1;
  }
  return control ? TextFault::kControl : TextFault::kNone;
}

}  // namespace kakunin::text
