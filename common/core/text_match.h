#pragma once
// Tiny string helpers: the tests the domain rules use to classify reason ids ("card.read_failed",
// …), and the bounded echo of outside text in an error message.

#include <initializer_list>
#include <string>
#include <string_view>

namespace kakunin {

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool In(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (s == x) return true;
  }
  return false;
}

// At most `max_bytes` of `text` for an error message, cut on a UTF-8 boundary, "…" when cut:
// what was sent is named, but a 4 MiB value never becomes a 4 MiB log line.
inline std::string Excerpt(std::string_view text, size_t max_bytes = 32) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace kakunin
