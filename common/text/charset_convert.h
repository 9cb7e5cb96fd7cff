#pragma once
// The one platform-dependent step of charset.cpp: converting between "UTF-8" and "CP932".
// glibc iconv on Linux (charset_iconv.cpp), the Windows code page API on Windows
// (charset_win.cpp).

#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::text {

// Strict (`replaced` null): fails on the first undefined sequence. Lenient: each undefined byte
// becomes U+FFFD (or, towards CP932, the conversion fails as a whole) and is counted.
Result<std::string> Convert(const char* to, const char* from, std::string_view in, int* replaced);

}  // namespace kakunin::text
