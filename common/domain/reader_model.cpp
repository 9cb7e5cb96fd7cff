#include "common/domain/reader_model.h"

#include <cctype>

namespace kakunin::domain {

namespace {

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// " 00 00" (pcsc-lite: reader and slot numbers) or " 0" (WinSCard index).
std::string_view DropSlotSuffix(std::string_view s) {
  const size_t n = s.size();
  if (n > 6 && s[n - 6] == ' ' && IsHex(s[n - 5]) && IsHex(s[n - 4]) && s[n - 3] == ' ' &&
      IsHex(s[n - 2]) && IsHex(s[n - 1])) {
    return s.substr(0, n - 6);
  }
  if (n > 2 && s[n - 2] == ' ' && IsDigit(s[n - 1])) return s.substr(0, n - 2);
  return s;
}

}  // namespace

std::string ReaderModel(std::string_view name) {
  std::string_view s = DropSlotSuffix(TrimRight(name));
  // Drop "[interface]" and "(serial)" groups; keep everything else as written.
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '[' || c == '(') {
      ++depth;
    } else if ((c == ']' || c == ')') && depth > 0) {
      --depth;
    } else if (depth == 0) {
      if (c == ' ' && (out.empty() || out.back() == ' ')) continue;  // collapse the gaps
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace kakunin::domain
