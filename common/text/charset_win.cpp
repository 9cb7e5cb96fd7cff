// The conversion behind charset.cpp on Windows: the system's code page 932 tables (the ones
// CP932 is defined by) through MultiByteToWideChar / WideCharToMultiByte.
#include <windows.h>

#include <cstring>

#include "common/text/charset.h"
#include "common/text/charset_convert.h"

namespace kakunin::text {
namespace {

constexpr UINT kCp932 = 932;

Error Invalid(const char* from) {
  return MakeError(ErrorCode::kInvalidArgument, "charset.invalid_bytes",
                   std::string("bytes are not valid ") + from);
}

// Bytes of code page `cp` to UTF-16; false when any sequence is undefined.
bool ToWide(UINT cp, std::string_view in, std::wstring* out) {
  out->clear();
  if (in.empty()) return true;
  const int n = ::MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in.data(),
                                      static_cast<int>(in.size()), nullptr, 0);
  if (n <= 0) return false;
  out->resize(static_cast<size_t>(n));
  ::MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in.data(), static_cast<int>(in.size()),
                        out->data(), n);
  return true;
}

// UTF-16 to code page `cp`; false when a character has no exact mapping (no best fit: "〜"
// must not quietly become "~").
bool FromWide(UINT cp, std::wstring_view in, std::string* out) {
  out->clear();
  if (in.empty()) return true;
  const DWORD flags = cp == CP_UTF8 ? WC_ERR_INVALID_CHARS : WC_NO_BEST_FIT_CHARS;
  BOOL used_default = FALSE;
  BOOL* used = cp == CP_UTF8 ? nullptr : &used_default;
  const int n = ::WideCharToMultiByte(cp, flags, in.data(), static_cast<int>(in.size()), nullptr, 0,
                                      nullptr, used);
  if (n <= 0 || used_default) return false;
  out->resize(static_cast<size_t>(n));
  ::WideCharToMultiByte(cp, flags, in.data(), static_cast<int>(in.size()), out->data(), n, nullptr,
                        used);
  return !used_default;
}

// The characters glibc's CP932 also accepts from Unicode (JIS X 0208's own code points for what
// CP932 maps elsewhere: 〜 U+301C is 0x8160, as U+FF5E is), so both platforms encode the same
// text. Windows only reaches these through best fit, which stays off for everything else.
wchar_t Cp932Compatible(wchar_t c) {
  switch (c) {
    case 0x00A5:
      return 0x005C;  // YEN SIGN
    case 0x203E:
      return 0x007E;  // OVERLINE
    case 0x2014:
      return 0x2015;  // EM DASH -> HORIZONTAL BAR (0x815C)
    case 0x2016:
      return 0x2225;  // DOUBLE VERTICAL LINE (0x8161)
    case 0x2212:
      return 0xFF0D;  // MINUS SIGN (0x817C)
    case 0x301C:
      return 0xFF5E;  // WAVE DASH (0x8160)
    case 0x00A2:
      return 0xFFE0;  // CENT SIGN (0x8191)
    case 0x00A3:
      return 0xFFE1;  // POUND SIGN (0x8192)
    case 0x00AC:
      return 0xFFE2;  // NOT SIGN (0x81CA)
    default:
      return c;
  }
}

// Lenient CP932 → UTF-8: one character (one or two bytes) at a time; an undefined byte becomes
// U+FFFD and the next byte is tried, as the iconv version does.
std::string Cp932Lenient(std::string_view in, int* replaced) {
  std::string out;
  std::wstring wide;
  std::string utf8;
  size_t i = 0;
  while (i < in.size()) {
    const auto b = static_cast<unsigned char>(in[i]);
    size_t len = 1;
    if (b >= 0x80 && ::IsDBCSLeadByteEx(kCp932, b) && i + 1 < in.size()) len = 2;
    if (ToWide(kCp932, in.substr(i, len), &wide) && FromWide(CP_UTF8, wide, &utf8)) {
      out += utf8;
      i += len;
    } else {
      out.append(kReplacement);
      ++*replaced;
      ++i;
    }
  }
  return out;
}

}  // namespace

Result<std::string> Convert(const char* to, const char* from, std::string_view in, int* replaced) {
  const bool from_cp932 = std::strcmp(from, "CP932") == 0;
  const bool to_cp932 = std::strcmp(to, "CP932") == 0;
  if (from_cp932 == to_cp932) {
    return MakeError(ErrorCode::kInternal, "charset.unsupported",
                     std::string("no conversion from ") + from + " to " + to);
  }
  if (from_cp932 && replaced != nullptr) return Cp932Lenient(in, replaced);
  std::wstring wide;
  std::string out;
  if (!ToWide(from_cp932 ? kCp932 : CP_UTF8, in, &wide)) return Invalid(from);
  if (to_cp932) {
    for (wchar_t& c : wide) c = Cp932Compatible(c);
  }
  if (!FromWide(to_cp932 ? kCp932 : CP_UTF8, wide, &out)) return Invalid(from);
  return out;
}

}  // namespace kakunin::text
