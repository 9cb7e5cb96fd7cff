#pragma once
// Whether text is well-formed UTF-8 and free of characters that steer how text is shown rather
// than being shown (controls, line separators, bidirectional overrides). HQ refuses a result
// with such text (server/ingest/result_limits.cpp); the agent checks what staff type with the
// same rule before recording it, since a result HQ refuses never reaches it.

#include <string_view>

namespace kakunin::text {

enum class TextFault { kNone, kNotUtf8, kControl };
// `multi_line` allows CR and LF (PEM); no other control character is allowed anywhere.
TextFault FindTextFault(std::string_view s, bool multi_line);

}  // namespace kakunin::text
