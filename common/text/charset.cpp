#include "common/text/charset.h"

#include "common/text/charset_convert.h"

namespace kakunin::text {
namespace {

// Lenient UTF-8 → UTF-8 (each bad byte becomes U+FFFD), by hand: iconv's UTF-8 decoder accepts
// some sequences IsValidUtf8 refuses.
std::string RepairUtf8(std::string_view s, int* replaced) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 1;
    while (len <= 4 && i + len <= s.size() && !IsValidUtf8(s.substr(i, len))) ++len;
    if (len <= 4 && i + len <= s.size()) {
      out.append(s.substr(i, len));
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

Result<std::string> Cp932ToUtf8(std::string_view cp932) {
  return Convert("UTF-8", "CP932", cp932, nullptr);
}
Result<std::string> Utf8ToCp932(std::string_view utf8) {
  return Convert("CP932", "UTF-8", utf8, nullptr);
}

std::string_view Utf8Prefix(std::string_view utf8, size_t max_bytes) {
  if (utf8.size() <= max_bytes) return utf8;
  size_t end = max_bytes;
  // Back over continuation bytes (10xxxxxx) to the start of the character that does not fit.
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return utf8.substr(0, end);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size() && extra > 0) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (extra >= 2) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c == 0xE0 && c1 < 0xA0) return false;   // overlong
      if (c == 0xED && c1 >= 0xA0) return false;  // surrogate
      if (c == 0xF0 && c1 < 0x90) return false;   // overlong
      if (c == 0xF4 && c1 >= 0x90) return false;  // above U+10FFFF
    }
    i += extra + 1;
  }
  return true;
}

std::string_view SourceEncodingId(SourceEncoding e) {
  switch (e) {
    case SourceEncoding::kUtf8:
      return "utf-8";
    case SourceEncoding::kUtf8Bom:
      return "utf-8-bom";
    case SourceEncoding::kCp932:
      return "cp932";
  }
  return "utf-8";
}

DecodedText DecodeUtf8OrCp932(std::string_view bytes) {
  DecodedText d;
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    d.encoding = SourceEncoding::kUtf8Bom;
    d.utf8 = RepairUtf8(bytes.substr(kUtf8Bom.size()), &d.invalid_sequences);
    return d;
  }
  if (IsValidUtf8(bytes)) {
    d.utf8 = std::string(bytes);
    return d;
  }
  int sjis_bad = 0;
  auto sjis = Convert("UTF-8", "CP932", bytes, &sjis_bad);
  int utf8_bad = 0;
  std::string utf8 = RepairUtf8(bytes, &utf8_bad);
  if (sjis.ok() && sjis_bad <= utf8_bad) {
    d.encoding = SourceEncoding::kCp932;
    d.utf8 = std::move(*sjis);
    d.invalid_sequences = sjis_bad;
  } else {
    d.utf8 = std::move(utf8);
    d.invalid_sequences = utf8_bad;
  }
  return d;
}

bool HasUnreadableCharacter(std::string_view utf8) {
  if (utf8.find(kReplacement) != std::string_view::npos) return true;
  // U+E000..U+F8FF (EE 80 80 .. EF A3 BF): CP932's user-defined area decodes here.
  for (size_t i = 0; i + 2 < utf8.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    const auto b1 = static_cast<unsigned char>(utf8[i + 1]);
    if (b0 == 0xEE || (b0 == 0xEF && b1 >= 0x80 && b1 <= 0xA3)) return true;
  }
  return false;
}

}  // namespace kakunin::text
