#pragma once
// Text from other programs: UTF-8 (with or without a BOM) and Shift_JIS as Japanese Windows
// programs write it (CP932, which adds NEC and IBM extensions to JIS X 0208). glibc iconv does
// the tables; these functions only add the policy.

#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::text {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Strict conversions: any byte sequence the source encoding does not define fails with
// kInvalidArgument "charset.invalid_bytes".
Result<std::string> Cp932ToUtf8(std::string_view cp932);
Result<std::string> Utf8ToCp932(std::string_view utf8);

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

enum class SourceEncoding { kUtf8, kUtf8Bom, kCp932 };
std::string_view SourceEncodingId(SourceEncoding e);  // "utf-8", "utf-8-bom", "cp932"

struct DecodedText {
  SourceEncoding encoding = SourceEncoding::kUtf8;
  std::string utf8;
  // Byte sequences that did not decode; each became one U+FFFD in `utf8`, so the caller can
  // say where (a cell, a line) rather than refuse the whole file.
  int invalid_sequences = 0;
};

// A BOM means UTF-8. Without one, valid UTF-8 is UTF-8 and valid CP932 is CP932; when neither
// is clean, the one with fewer undecodable sequences wins. Never fails.
DecodedText DecodeUtf8OrCp932(std::string_view bytes);

// The longest prefix of `utf8` within `max_bytes` that ends on a character boundary: a name
// from the system (a Windows reader's friendly name, 3 bytes a kanji) cut to a field's limit
// stays valid UTF-8.
std::string_view Utf8Prefix(std::string_view utf8, size_t max_bytes);

// A character no one can read back: U+FFFD, or a private-use code point (CP932's 外字 area
// decodes there).
bool HasUnreadableCharacter(std::string_view utf8);

}  // namespace kakunin::text
