#pragma once
// Two tiny string tests the domain rules use to classify reason ids ("card.read_failed", …).

#include <initializer_list>
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

}  // namespace kakunin
